//! Entity references: `user:<id>` ([`EntityRef`]) and their human-readable form
//! `user:lisa@example.com[standard](<id>)` ([`HrRef`]), as found in `source`, `destination`,
//! `user_hr`, `parent_hr` and ACL `entity`/`target` attributes.

use std::fmt;
use std::str::FromStr;

use crate::{EntityId, EntityType, Error};

/// A reference to an entity by kind and id: `user:6676f3e9c7ef4e27da254e57`,
/// `workspace:6645fbca9f8c4d3e7a3b678d`, `share:<id>`.
///
/// # Examples
///
/// ```
/// use accsyn_model::{EntityRef, EntityType};
///
/// let r: EntityRef = "user:6676f3e9c7ef4e27da254e57".parse()?;
/// assert_eq!(r.kind, EntityType::User);
/// assert_eq!(r.id.as_str(), "6676f3e9c7ef4e27da254e57");
/// assert_eq!(r.to_string(), "user:6676f3e9c7ef4e27da254e57");
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EntityRef {
    /// The kind of entity (`user`, `workspace`, `share`, ...).
    pub kind: EntityType,
    /// Its id.
    pub id: EntityId,
}

impl EntityRef {
    /// A reference from its parts.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, EntityRef, EntityType};
    /// let target = EntityRef::new(EntityType::Share, EntityId::parse("673cb38dea344d0d17969018")?);
    /// assert_eq!(target.to_string(), "share:673cb38dea344d0d17969018");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(kind: EntityType, id: EntityId) -> EntityRef {
        EntityRef { kind, id }
    }

    /// Parses `<kind>:<id>`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReference`] when there is no kind or the id is not 24 hex characters.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(accsyn_model::EntityRef::parse("user:lisa@example.com").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<EntityRef, Error> {
        let fail = |reason| Error::InvalidReference {
            input: text.to_owned(),
            reason,
        };
        let (kind, id) = text
            .split_once(':')
            .ok_or(fail("expected <kind>:<24 hex id>"))?;
        if !is_kind(kind) {
            return Err(fail(
                "the kind before `:` must be lowercase letters, such as user or share",
            ));
        }
        let id = EntityId::parse(id)
            .map_err(|_| fail("the id after `:` must be 24 lowercase hex characters"))?;
        Ok(EntityRef {
            kind: EntityType::from(kind),
            id,
        })
    }
}

/// Entity kinds in references are lowercase words (`user`, `workspace`, `share`).
fn is_kind(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

impl FromStr for EntityRef {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EntityRef::parse(text)
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

/// A human-readable entity reference, as in the `_hr` attributes:
/// `[<kind>:]<label>[\[<role>\]][(<id>)]`.
///
/// Examples from the backend: `user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)`,
/// `workspace:seagull(6645fbca9f8c4d3e7a3b678d)`, `share:Projects[volume](<id>)`, and a job's
/// `README.txt[7](<id>)` without a kind. Parsing reads the id and role from the end, so a
/// label may itself contain brackets or colons; printing gives back the parsed text exactly.
///
/// # Examples
///
/// ```
/// use accsyn_model::HrRef;
///
/// let user: HrRef = "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)".parse()?;
/// assert_eq!(user.kind.as_deref(), Some("user"));
/// assert_eq!(user.label, "lisa@example.com");
/// assert_eq!(user.role.as_deref(), Some("standard"));
/// assert_eq!(user.id.map(|id| id.to_string()).as_deref(), Some("6676f3e9c7ef4e27da254e57"));
///
/// let workspace: HrRef = "workspace:seagull(6645fbca9f8c4d3e7a3b678d)".parse()?;
/// assert_eq!(workspace.label, "seagull");
/// assert_eq!(workspace.role, None);
/// assert_eq!(workspace.to_string(), "workspace:seagull(6645fbca9f8c4d3e7a3b678d)");
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct HrRef {
    /// The entity kind before the first `:` (`user`, `workspace`, `share`), when present.
    pub kind: Option<String>,
    /// The readable name: an email, a code, a file name.
    pub label: String,
    /// The bracketed part: a user's role, a share's type, a job's number.
    pub role: Option<String>,
    /// The entity id in parentheses, when present.
    pub id: Option<EntityId>,
}

impl HrRef {
    /// A reference with only a label; add the other parts with the `with_` methods.
    ///
    /// Unchecked: a label ending in `[...]` or `(<id>)`, or a kind that is not a lowercase
    /// word, prints as text that parses into different parts. Parsed references always print
    /// back exactly.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, HrRef};
    /// let r = HrRef::new("seagull").with_kind("workspace").with_id(EntityId::parse("6645fbca9f8c4d3e7a3b678d")?);
    /// assert_eq!(r.to_string(), "workspace:seagull(6645fbca9f8c4d3e7a3b678d)");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(label: impl Into<String>) -> HrRef {
        HrRef {
            kind: None,
            label: label.into(),
            role: None,
            id: None,
        }
    }

    /// Sets the kind.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = accsyn_model::HrRef::new("hq").with_kind("site");
    /// assert_eq!(r.to_string(), "site:hq");
    /// ```
    pub fn with_kind(mut self, kind: impl Into<String>) -> HrRef {
        self.kind = Some(kind.into());
        self
    }

    /// Sets the role.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = accsyn_model::HrRef::new("lisa@example.com").with_role("standard");
    /// assert_eq!(r.to_string(), "lisa@example.com[standard]");
    /// ```
    pub fn with_role(mut self, role: impl Into<String>) -> HrRef {
        self.role = Some(role.into());
        self
    }

    /// Sets the id.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, HrRef};
    /// let r = HrRef::new("seagull").with_id(EntityId::parse("6645fbca9f8c4d3e7a3b678d")?);
    /// assert_eq!(r.to_string(), "seagull(6645fbca9f8c4d3e7a3b678d)");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_id(mut self, id: EntityId) -> HrRef {
        self.id = Some(id);
        self
    }

    /// The kind as an entity type, when present.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityType, HrRef};
    /// let r = HrRef::parse("share:Projects[volume](664b6d76e43eb396e5e55419)")?;
    /// assert_eq!(r.entity_type(), Some(EntityType::Share));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn entity_type(&self) -> Option<EntityType> {
        self.kind.as_deref().map(EntityType::from)
    }

    /// Parses the human-readable form.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReference`] when the label is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::HrRef;
    /// assert!(HrRef::parse("user:[standard](6676f3e9c7ef4e27da254e57)").is_err());
    /// assert_eq!(HrRef::parse("hq")?.label, "hq");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<HrRef, Error> {
        let mut rest = text;
        let mut kind = None;
        if let Some((head, tail)) = rest.split_once(':') {
            if is_kind(head) {
                kind = Some(head.to_owned());
                rest = tail;
            }
        }
        let mut id = None;
        if let Some(body) = rest.strip_suffix(')') {
            if let Some(open) = body.rfind('(') {
                if let Ok(parsed) = EntityId::parse(&body[open + 1..]) {
                    if EntityId::is_valid(&body[open + 1..]) {
                        id = Some(parsed);
                        rest = &body[..open];
                    }
                }
            }
        }
        let mut role = None;
        if let Some(body) = rest.strip_suffix(']') {
            if let Some(open) = body.rfind('[') {
                role = Some(body[open + 1..].to_owned());
                rest = &body[..open];
            }
        }
        if rest.is_empty() {
            return Err(Error::InvalidReference {
                input: text.to_owned(),
                reason: "the label is empty; expected [<kind>:]<label>[[<role>]][(<id>)]",
            });
        }
        Ok(HrRef {
            kind,
            label: rest.to_owned(),
            role,
            id,
        })
    }
}

impl FromStr for HrRef {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        HrRef::parse(text)
    }
}

impl fmt::Display for HrRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(kind) = &self.kind {
            write!(f, "{kind}:")?;
        }
        f.write_str(&self.label)?;
        if let Some(role) = &self.role {
            write!(f, "[{role}]")?;
        }
        if let Some(id) = &self.id {
            write!(f, "({id})")?;
        }
        Ok(())
    }
}

/// Implements string serde through `Display` and `FromStr`.
macro_rules! serde_via_str {
    ($($name:ident),*) => {$(
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
pub(crate) use serde_via_str;

serde_via_str!(EntityRef, HrRef);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_examples_parse_and_print_back() {
        for text in [
            "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
            "workspace:seagull(6645fbca9f8c4d3e7a3b678d)",
            "share:Projects[volume](664b6d76e43eb396e5e55419)",
            "README.txt[7](6971e16fceadd67b955b1995)",
            "user:demo.admin@accsyn.com(admin)",
            "hq",
        ] {
            assert_eq!(HrRef::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn a_parenthesised_non_id_stays_in_the_label() {
        let r = HrRef::parse("user:demo.admin@accsyn.com(admin)").unwrap();
        assert_eq!(r.label, "demo.admin@accsyn.com(admin)");
        assert_eq!(r.id, None);
    }

    #[test]
    fn an_object_id_prefix_inside_parentheses_is_not_an_id() {
        // Stripping it would print differently; keeping it in the label stays lossless.
        let text = "x(ObjectId:6645fbca9f8c4d3e7a3b678d)";
        assert_eq!(HrRef::parse(text).unwrap().to_string(), text);
    }
}
