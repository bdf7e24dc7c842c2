//! Id newtypes: [`EntityId`] (24 hex characters) and the UUID-based [`TaskId`] and [`FileId`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// The prefix the backend sometimes puts in front of an id (a serialized database ObjectId).
const OBJECT_ID_PREFIX: &str = "ObjectId:";

/// The id of an accsyn entity: 24 lowercase hexadecimal characters.
///
/// Parsing and deserializing validate the text, and strip an `ObjectId:` prefix the backend
/// may send; serializing always gives the plain 24 characters.
///
/// # Examples
///
/// ```
/// use accsyn_model::EntityId;
///
/// let id: EntityId = "6971e16fceadd67b955b1995".parse()?;
/// assert_eq!(id.as_str(), "6971e16fceadd67b955b1995");
///
/// let prefixed: EntityId = "ObjectId:6971e16fceadd67b955b1995".parse()?;
/// assert_eq!(prefixed, id);
///
/// assert!("6971E16FCEADD67B955B1995".parse::<EntityId>().is_err());
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId([u8; 24]);

impl EntityId {
    /// Parses an id, stripping an `ObjectId:` prefix.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEntityId`] unless the text is 24 lowercase hexadecimal characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityId;
    /// assert!(EntityId::parse("664b6d76e43eb396e5e55419").is_ok());
    /// assert!(EntityId::parse("664b6d76").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<EntityId, Error> {
        let bare = text.strip_prefix(OBJECT_ID_PREFIX).unwrap_or(text);
        let bytes: [u8; 24] = bare
            .as_bytes()
            .try_into()
            .map_err(|_| Error::InvalidEntityId {
                input: text.to_owned(),
            })?;
        if bytes
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        {
            Ok(EntityId(bytes))
        } else {
            Err(Error::InvalidEntityId {
                input: text.to_owned(),
            })
        }
    }

    /// Whether `text` is a valid id (without prefix); handy to tell an id from a code.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityId;
    /// assert!(EntityId::is_valid("673cb38dea344d0d17969018"));
    /// assert!(!EntityId::is_valid("theproject"));
    /// ```
    pub fn is_valid(text: &str) -> bool {
        !text.starts_with(OBJECT_ID_PREFIX) && EntityId::parse(text).is_ok()
    }

    /// The 24 characters.
    ///
    /// # Examples
    ///
    /// ```
    /// let id = accsyn_model::EntityId::parse("664b6d76e43eb396e5e55419")?;
    /// assert_eq!(id.as_str().len(), 24);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored, so this conversion cannot fail.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl FromStr for EntityId {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EntityId::parse(text)
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntityId({})", self.as_str())
    }
}

impl Serialize for EntityId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EntityId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EntityId::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Strips the `ObjectId:` prefix from every string in an untyped JSON value, in place, so
/// raw answers (for calls the typed model does not cover) carry ids in their plain form.
///
/// Only strings that are a prefixed valid id change; other text that happens to start with
/// `ObjectId:` is left alone.
///
/// # Examples
///
/// ```
/// use serde_json::json;
///
/// let mut answer = json!({"id": "ObjectId:6971e16fceadd67b955b1995", "list": ["ObjectId:nope"]});
/// accsyn_model::strip_object_id_prefixes(&mut answer);
/// assert_eq!(answer, json!({"id": "6971e16fceadd67b955b1995", "list": ["ObjectId:nope"]}));
/// ```
pub fn strip_object_id_prefixes(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => {
            if let Some(bare) = text.strip_prefix(OBJECT_ID_PREFIX) {
                if EntityId::is_valid(bare) {
                    *text = bare.to_owned();
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_object_id_prefixes),
        serde_json::Value::Object(map) => map.values_mut().for_each(strip_object_id_prefixes),
        _ => {}
    }
}

/// Defines a UUID-backed id type; the text form is the hyphenated lowercase UUID.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// Parses a hyphenated UUID (36 characters; any case, printed lowercase).
            ///
            /// # Errors
            ///
            /// [`Error::InvalidUuid`] for anything else.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use accsyn_model::", stringify!($name), ";")]
            #[doc = concat!("let id = ", stringify!($name), "::parse(\"CC5F2AFA-9AE4-46E0-9273-82AC802B20FF\")?;")]
            /// assert_eq!(id.to_string(), "cc5f2afa-9ae4-46e0-9273-82ac802b20ff");
            #[doc = concat!("assert!(", stringify!($name), "::parse(\"cc5f2afa\").is_err());")]
            /// # Ok::<(), accsyn_model::Error>(())
            /// ```
            pub fn parse(text: &str) -> Result<$name, Error> {
                // Only the hyphenated form: the simple, braced and urn forms would not print
                // back as they came.
                if text.len() != 36 {
                    return Err(Error::InvalidUuid { what: $what, input: text.to_owned() });
                }
                uuid::Uuid::try_parse(text)
                    .map($name)
                    .map_err(|_| Error::InvalidUuid { what: $what, input: text.to_owned() })
            }

            /// A fresh random (version 4) id.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use accsyn_model::", stringify!($name), ";")]
            #[doc = concat!("assert_ne!(", stringify!($name), "::new_v4(), ", stringify!($name), "::new_v4());")]
            /// ```
            pub fn new_v4() -> $name {
                $name(uuid::Uuid::new_v4())
            }

            /// The UUID's version number (4 for random ids).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use accsyn_model::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::new_v4().version(), 4);")]
            /// ```
            pub fn version(&self) -> usize {
                self.0.get_version_num()
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::parse(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

uuid_id!(
    /// The id of a task within a job: a UUID, unlike entity ids.
    ///
    /// Publish entries use the same kind of id (a random v4 UUID), which accsyn uses to relate
    /// each publish entry to its task when the job is submitted.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::TaskId;
    ///
    /// let id: TaskId = "26468234-c9ee-48d6-8d28-e900b5957129".parse()?;
    /// assert_eq!(id.to_string(), "26468234-c9ee-48d6-8d28-e900b5957129");
    /// assert_eq!(TaskId::new_v4().version(), 4);
    /// assert!("26468234c9ee48d68d28e900b5957129".parse::<TaskId>().is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    TaskId,
    "task id"
);

uuid_id!(
    /// The id of a file in a collection (a UUID); give it to remove the file again.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::FileId;
    ///
    /// let id: FileId = "12d89033-2a8c-4029-992b-3a02b4ecc2cd".parse()?;
    /// assert_eq!(id.to_string(), "12d89033-2a8c-4029-992b-3a02b4ecc2cd");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    FileId,
    "file id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_id_rejects_wrong_length_case_and_characters() {
        for bad in [
            "",
            "abc",
            "6971e16fceadd67b955b199",
            "6971e16fceadd67b955b19950",
            "6971e16fceadd67b955b199g",
            "6971E16fceadd67b955b1995",
            "ObjectId:",
            "ObjectId:ObjectId:6971e16fceadd67b955b1995",
            "é971e16fceadd67b955b199",
        ] {
            assert!(EntityId::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn entity_id_deserialize_validates_and_strips_the_prefix() {
        let id: EntityId = serde_json::from_str("\"ObjectId:6971e16fceadd67b955b1995\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"6971e16fceadd67b955b1995\""
        );
        assert!(serde_json::from_str::<EntityId>("\"6971e16f\"").is_err());
        assert!(serde_json::from_str::<EntityId>("12").is_err());
    }

    #[test]
    fn task_id_prints_lowercase_hyphenated() {
        let id = TaskId::parse("CC5F2AFA-9AE4-46E0-9273-82AC802B20FF").unwrap();
        assert_eq!(id.to_string(), "cc5f2afa-9ae4-46e0-9273-82ac802b20ff");
        assert!(TaskId::parse("{cc5f2afa-9ae4-46e0-9273-82ac802b20ff}").is_err());
    }
}
