//! The one serde path every entity struct and create payload takes, so that an explicit
//! `null` survives a round trip.
//!
//! serde's derive reads `"description": null` into `description: None`, exactly like an absent
//! key, and then writes nothing back: the `null` is lost. So these structs are declared with
//! [`wire_struct!`], which derives the field-by-field serde code on a private mirror
//! (`#[serde(remote = ...)]`) and implements `Serialize`/`Deserialize` through this module:
//!
//! - [`deserialize`] runs the derived code on the deserializer itself, through a spy that notes
//!   which keys held `null` (see `null_spy`), then puts every such `null` that no typed field
//!   writes back into `other`. The typed field reads `None` and the key is written back as
//!   `null`. Nullable fields (`Option<Option<T>>`) keep theirs as `Some(None)`, because they
//!   write it back themselves.
//! - [`serialize`] writes `other`'s `null`s only for keys no typed field writes, so setting a
//!   field that was read as `null` sends the new value, never a duplicate key.
//!
//! Nothing is buffered on the way in: decoding costs the derived code plus a copy of each key's
//! text into one reused buffer. Which keys a type writes back when they are `null` is asked of
//! the derived code once per type and key (a walk over the keys it writes, no values copied)
//! and remembered. An entity is cloned on the way out only when a field was set
//! after it was read as `null`. `cargo bench -p accsyn-model` measures it.

use std::any::TypeId;
use std::cell::RefCell;

use serde::de;
use serde::ser;
use serde::{Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::Attributes;
use crate::null_spy::{NullSpy, Nulls};

/// What [`wire_struct!`] implements: the derived serde code of the struct's fields, and
/// its map of attributes this version of the crate does not know.
pub(crate) trait WireForm: Sized + Clone {
    /// The derived serialization: typed fields, then `other` flattened.
    fn serialize_fields<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// The derived deserialization.
    fn deserialize_fields<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// The attributes kept as sent.
    fn other(&self) -> &Attributes;
    /// The attributes kept as sent, to add `null`s to.
    fn other_mut(&mut self) -> &mut Attributes;
    /// What a constructor would check, checked after deserializing too.
    fn check(&self) -> Result<(), crate::Error>;
}

/// Reads an entity and keeps the `null`s its typed fields would drop in `other`.
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: WireForm + 'static,
    D: Deserializer<'de>,
{
    let mut nulls = Nulls::default();
    let mut entity = T::deserialize_fields(NullSpy {
        inner: deserializer,
        nulls: &mut nulls,
    })?;
    if !nulls.keys.is_empty() {
        keep_nulls(&mut entity, nulls.keys).map_err(de::Error::custom)?;
    }
    entity.check().map_err(de::Error::custom)?;
    Ok(entity)
}

/// Moves each `null` key the entity would not write back into its `other` map.
fn keep_nulls<T: WireForm + 'static>(
    entity: &mut T,
    nulls: Vec<std::borrow::Cow<'_, str>>,
) -> Result<(), serde_json::Error> {
    for key in nulls {
        if entity.other().contains_key(&*key) {
            continue;
        }
        if !writes_its_null(entity, &key)? {
            entity.other_mut().insert(key.into_owned(), Value::Null);
        }
    }
    Ok(())
}

/// Whether `entity`, just read with `key: null`, writes that `null` back itself (a nullable
/// field, holding `Some(None)`).
///
/// Only the derived code knows which fields are nullable; asking it keeps that knowledge in
/// one place, the field's type. The answer depends on the type and the key alone, so it is
/// asked once per pair and remembered: asking means serializing the entity's keys, which
/// would otherwise double the cost of decoding an entity with `null`s.
fn writes_its_null<T: WireForm + 'static>(
    entity: &T,
    key: &str,
) -> Result<bool, serde_json::Error> {
    thread_local! {
        /// A few dozen answers at most (types times their nullable or null-prone keys): a
        /// scan beats hashing, and a thread's own list needs no lock.
        static ANSWERS: RefCell<Vec<(TypeId, Box<str>, bool)>> = const { RefCell::new(Vec::new()) };
    }
    let ty = TypeId::of::<T>();
    let known = ANSWERS.with_borrow(|answers| {
        answers
            .iter()
            .find(|(t, k, _)| *t == ty && **k == *key)
            .map(|(_, _, writes)| *writes)
    });
    if let Some(known) = known {
        return Ok(known);
    }
    let writes = count_written(entity, &[key])?
        .first()
        .is_some_and(|n| *n > 0);
    ANSWERS.with_borrow_mut(|answers| answers.push((ty, key.into(), writes)));
    Ok(writes)
}

/// Writes an entity: its typed fields, then `other`, whose `null`s give way to a typed field
/// that holds a value.
pub(crate) fn serialize<T, S>(entity: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: WireForm,
    S: Serializer,
{
    if !entity.other().values().any(Value::is_null) {
        return entity.serialize_fields(serializer);
    }
    // Serializing as is would write a key twice when a field was set after it was read as
    // `null` (`{"description": "x", "description": null}`), and a JSON reader keeps the last.
    // Typed fields are written before `other`, so a key written twice is such a field.
    let nulls: Vec<&str> = entity
        .other()
        .iter()
        .filter(|(_, value)| value.is_null())
        .map(|(key, _)| key.as_str())
        .collect();
    let written = count_written(entity, &nulls).map_err(ser::Error::custom)?;
    let twice: Vec<String> = nulls
        .iter()
        .zip(written)
        .filter(|(_, count)| *count > 1)
        .map(|(key, _)| (*key).to_owned())
        .collect();
    if twice.is_empty() {
        return entity.serialize_fields(serializer);
    }
    let mut typed = entity.clone();
    for key in twice {
        typed.other_mut().remove(&key);
    }
    typed.serialize_fields(serializer)
}

/// How many times `entity` writes each of `keys`: 0 (not written), 1, or 2 (a typed field
/// and `other` both hold it; typed fields are written first). No value is serialized, and
/// no key is copied.
fn count_written<T: WireForm>(entity: &T, keys: &[&str]) -> Result<Vec<usize>, serde_json::Error> {
    let mut counter = KeyCounter {
        keys,
        counts: vec![0; keys.len()],
        text: String::new(),
    };
    entity.serialize_fields(&mut counter)?;
    Ok(counter.counts)
}

/// A serializer for a map that counts some of its keys and skips its values.
struct KeyCounter<'a> {
    keys: &'a [&'a str],
    counts: Vec<usize>,
    /// The current key's text, reused from key to key.
    text: String,
}

/// A serializer for a map key that copies its text into a reused buffer.
struct KeyText<'a>(&'a mut String);

/// The methods of a `serde::Serializer` that refuse their input with `$message`, for the
/// two serializers here that each accept one shape only.
macro_rules! refuse {
    ($message:literal; $($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, serde_json::Error> {
            Err(ser::Error::custom($message))
        })*
    };
    ($message:literal; compound) => {
        fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<Self::Ok, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_newtype_struct<V: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: &V,
        ) -> Result<Self::Ok, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_newtype_variant<V: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &V,
        ) -> Result<Self::Ok, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, serde_json::Error> {
            Err(ser::Error::custom($message))
        }

        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
            Err(ser::Error::custom($message))
        }
    };
}

/// The associated types of a serializer that only accepts `$map`, if anything compound.
macro_rules! only_map {
    ($map:ty) => {
        type Error = serde_json::Error;
        type SerializeSeq = ser::Impossible<(), serde_json::Error>;
        type SerializeTuple = ser::Impossible<(), serde_json::Error>;
        type SerializeTupleStruct = ser::Impossible<(), serde_json::Error>;
        type SerializeTupleVariant = ser::Impossible<(), serde_json::Error>;
        type SerializeMap = $map;
        type SerializeStruct = ser::Impossible<(), serde_json::Error>;
        type SerializeStructVariant = ser::Impossible<(), serde_json::Error>;
    };
}

impl<'b, 'a> ser::Serializer for &'b mut KeyCounter<'a> {
    type Ok = ();
    only_map!(Self);

    refuse! {
        "an entity must serialize to a JSON object";
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }
    refuse!("an entity must serialize to a JSON object"; compound);

    fn serialize_map(self, _: Option<usize>) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
}

impl ser::SerializeMap for &mut KeyCounter<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<(), serde_json::Error> {
        key.serialize(KeyText(&mut self.text))?;
        if let Some(i) = self.keys.iter().position(|k| *k == self.text) {
            self.counts[i] += 1;
        }
        Ok(())
    }

    fn serialize_value<V: ?Sized + Serialize>(&mut self, _: &V) -> Result<(), serde_json::Error> {
        Ok(())
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl ser::Serializer for KeyText<'_> {
    type Ok = ();
    only_map!(ser::Impossible<(), serde_json::Error>);

    fn serialize_str(self, text: &str) -> Result<(), serde_json::Error> {
        self.0.clear();
        self.0.push_str(text);
        Ok(())
    }

    refuse! {
        "an entity's keys must be strings";
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }
    refuse!("an entity's keys must be strings"; compound);

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        Err(ser::Error::custom("an entity's keys must be strings"))
    }
}

/// Declares a struct whose serde impls keep explicit `null`s (see this module): every entity
/// struct and create payload with an `other` map.
///
/// Write the struct as with `#[derive(Serialize, Deserialize)]`, without those derives: field
/// `#[serde(...)]` attributes go to the private mirror the serde code is derived on, every
/// other attribute (docs) to the public struct. The struct must have an `other: Attributes`
/// field with `#[serde(flatten)]`, and every field must be `pub`. A leading
/// `check = <fn(&Self) -> Result<(), Error>>;` runs after deserializing, for payloads whose
/// constructors refuse what the backend refuses.
macro_rules! wire_struct {
    // A field's `#[serde(...)]` is for the mirror only.
    (@fields $name:ident $check:tt $attrs:tt [$($pub_fields:tt)*] [$($wire_fields:tt)*]
        [$($pub_attrs:tt)*] [$($wire_attrs:tt)*] #[serde $args:tt] $($rest:tt)*) => {
        wire_struct!(@fields $name $check $attrs [$($pub_fields)*] [$($wire_fields)*]
            [$($pub_attrs)*] [$($wire_attrs)* #[serde $args]] $($rest)*);
    };
    // Any other field attribute (its docs) is for the public struct only.
    (@fields $name:ident $check:tt $attrs:tt [$($pub_fields:tt)*] [$($wire_fields:tt)*]
        [$($pub_attrs:tt)*] [$($wire_attrs:tt)*] #[$attr:meta] $($rest:tt)*) => {
        wire_struct!(@fields $name $check $attrs [$($pub_fields)*] [$($wire_fields)*]
            [$($pub_attrs)* #[$attr]] [$($wire_attrs)*] $($rest)*);
    };
    (@fields $name:ident $check:tt $attrs:tt [$($pub_fields:tt)*] [$($wire_fields:tt)*]
        [$($pub_attrs:tt)*] [$($wire_attrs:tt)*] pub $field:ident: $ty:ty, $($rest:tt)*) => {
        wire_struct!(@fields $name $check $attrs [$($pub_fields)* $($pub_attrs)* pub $field: $ty,]
            [$($wire_fields)* $($wire_attrs)* $field: $ty,] [] [] $($rest)*);
    };
    (@fields $name:ident [$check:expr] [$($attrs:tt)*] [$($pub_fields:tt)*] [$($wire_fields:tt)*] [] []) => {
        $($attrs)*
        pub struct $name { $($pub_fields)* }

        // In an anonymous const so that every entity's mirror can be called `Wire`.
        const _: () = {
            // serde's `remote` takes a path in a string; an alias gives it one.
            type Entity = $name;

            #[derive(serde::Serialize, serde::Deserialize)]
            #[serde(remote = "Entity")]
            struct Wire { $($wire_fields)* }

            impl $crate::wire::WireForm for $name {
                fn serialize_fields<S: serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    Wire::serialize(self, serializer)
                }

                fn deserialize_fields<'de, D: serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    Wire::deserialize(deserializer)
                }

                fn other(&self) -> &$crate::Attributes {
                    &self.other
                }

                fn other_mut(&mut self) -> &mut $crate::Attributes {
                    &mut self.other
                }

                fn check(&self) -> Result<(), $crate::Error> {
                    let check: fn(&Self) -> Result<(), $crate::Error> = $check;
                    check(self)
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    $crate::wire::serialize(self, serializer)
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    $crate::wire::deserialize(deserializer)
                }
            }
        };
    };
    (check = $check:expr; $(#[$attr:meta])* pub struct $name:ident { $($body:tt)* }) => {
        wire_struct!(@fields $name [$check] [$(#[$attr])*] [] [] [] [] $($body)*);
    };
    ($(#[$attr:meta])* pub struct $name:ident { $($body:tt)* }) => {
        wire_struct!(@fields $name [|_: &$name| Ok(())] [$(#[$attr])*] [] [] [] [] $($body)*);
    };
}

pub(crate) use wire_struct;

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::{Client, JobStatus, Task, Transfer, User};

    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Value {
        serde_json::to_value(serde_json::from_value::<T>(value.clone()).unwrap()).unwrap()
    }

    /// Regression: `{"description": null}` read as absent and lost the key on the way back.
    #[test]
    fn null_in_a_non_nullable_attribute_is_written_back() {
        let sent = json!({"id": "6971e16fceadd67b955b1995", "modifier": null, "etr": null, "metadata": null});
        let transfer: Transfer = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(transfer.modifier, None, "the typed field reads as absent");
        assert_eq!(transfer.other.get("modifier"), Some(&Value::Null));
        assert_eq!(serde_json::to_value(&transfer).unwrap(), sent);
        let user = json!({"id": "6676f3e9c7ef4e27da254e57", "code": "lisa@example.com", "description": null});
        assert_eq!(round_trip::<User>(&user), user);
    }

    #[test]
    fn nullable_attributes_keep_their_null_in_the_field_not_in_other() {
        let transfer: Transfer = serde_json::from_value(
            json!({"id": "6971e16fceadd67b955b1995", "queue": null, "finished": null}),
        )
        .unwrap();
        assert_eq!(
            (transfer.queue, transfer.finished),
            (Some(None), Some(None))
        );
        assert!(transfer.other.is_empty(), "{:?}", transfer.other);
    }

    #[test]
    fn a_field_set_after_it_was_read_as_null_is_sent_once_with_its_value() {
        let mut transfer: Transfer = serde_json::from_value(
            json!({"id": "6971e16fceadd67b955b1995", "status": null, "name": "x"}),
        )
        .unwrap();
        transfer.status = Some(JobStatus::Waiting);
        let text = serde_json::to_string(&transfer).unwrap();
        assert_eq!(text.matches("\"status\"").count(), 1, "{text}");
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!({"id": "6971e16fceadd67b955b1995", "status": "waiting", "name": "x"})
        );
    }

    #[test]
    fn nulls_inside_nested_entities_and_unknown_attributes_survive() {
        let task = json!({
            "id": "26468234-c9ee-48d6-8d28-e900b5957129",
            "source": {"client": null, "path": "/a.mov", "brand_new": null},
            "destination": null,
            "added_later": null
        });
        assert_eq!(round_trip::<Task>(&task), task);
    }

    #[test]
    fn errors_name_the_attribute_they_are_about() {
        let error = serde_json::from_str::<Client>(
            r#"{"id": "6645fbca9f8c4d3e7a3b678d", "code": "x", "parent": "not-an-id"}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("`parent`"), "{error}");
        let nested = serde_json::from_str::<Task>(
            r#"{"id": "26468234-c9ee-48d6-8d28-e900b5957129", "source": {"client": 5}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(nested.contains("`source`: `client`"), "{nested}");
        assert!(serde_json::from_str::<Task>("[1]").is_err());
        // An entity the server returned has its id: missing or `null`, it is an error that
        // names the attribute.
        for text in [r#"{"id": null}"#, r#"{"name": "x"}"#] {
            let error = serde_json::from_str::<Task>(text).unwrap_err().to_string();
            assert!(error.contains("id"), "{error}");
        }
        // A required field stays required: `null` is no way around it.
        let entry = r#"{"id": null, "filename": "a"}"#;
        assert!(serde_json::from_str::<crate::PublishEntry>(entry).is_err());
    }
}
