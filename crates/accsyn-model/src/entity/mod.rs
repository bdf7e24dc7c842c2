//! Entity structs as the backend returns them.
//!
//! Every field is optional because a find may ask for a subset of attributes
//! (`attributes=["id", "name"]`), and every struct keeps the attributes it does not know in
//! `other`, so reading an entity and writing it back loses nothing.
//!
//! An explicit `null` is never lost. For attributes the backend documents as nullable
//! (`queue`, `parent`, `finished`, ...) the field is an `Option<Option<T>>`, where `Some(None)`
//! is the `null`. For any other attribute the field reads `None`, as if absent, and the `null`
//! is kept in `other` under the attribute's name, so it is written back; setting the field
//! later sends the new value instead. All of this is one mechanism shared by every struct
//! here and every create payload (the crate's `wire` module), not a rule per field.

mod access;
mod file;
mod job;
mod publish;
mod share;
mod task;
mod user;

pub use access::{AclEntry, Recipient, VolumeServer};
pub use file::{DiskUsage, FileEntry, FileListing};
pub use job::{Delivery, Job, Request, Transfer};
pub use publish::{PrePublish, PrePublishAnswer, PublishEntry, PublishFile};
pub use share::{Collection, CollectionFile, Folder, Home, Volume};
pub use task::{Task, TaskParty};
pub use user::{Client, User};

use serde::{Deserialize, Deserializer};

use crate::wire::wire_struct;

/// Attributes kept as sent: the ones this version of the crate has no field for.
///
/// # Examples
///
/// ```
/// use accsyn_model::{Attributes, Transfer};
///
/// let transfer: Transfer = serde_json::from_str(r#"{"id": "6971e16fceadd67b955b1995", "name": "x", "eta_confidence": 0.9}"#)?;
/// let other: &Attributes = &transfer.other;
/// assert_eq!(other.get("eta_confidence"), Some(&serde_json::json!(0.9)));
/// assert!(!other.contains_key("name"), "known attributes have their own field");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// Reads a nullable attribute: present `null` becomes `Some(None)`, so it is written back.
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Parses an optional `_hr` or reference attribute with `parse`.
pub(crate) fn parse_opt<T>(
    text: Option<&String>,
    parse: impl FnOnce(&str) -> Result<T, crate::Error>,
) -> Option<Result<T, crate::Error>> {
    text.map(|t| parse(t))
}
