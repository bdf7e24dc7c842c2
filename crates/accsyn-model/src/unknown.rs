//! The payload of the `Unknown` variant of every forward-compatible enum.

use std::fmt;

/// Text of an enum value this version of the crate does not know, kept exactly as the
/// backend sent it so it serializes back unchanged.
///
/// It has no public constructor on purpose: `JobStatus::Unknown` can then never hold a value
/// that has a named variant, so comparing with `JobStatus::Done` stays reliable. Build enum
/// values from text with `From<&str>` or `parse`.
///
/// # Examples
///
/// ```
/// use accsyn_model::JobStatus;
///
/// let status = JobStatus::from("hibernating");
/// match &status {
///     JobStatus::Unknown(value) => assert_eq!(value.as_str(), "hibernating"),
///     _ => unreachable!("hibernating is not a known job status"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(text: &str) -> UnknownValue {
        UnknownValue(text.to_owned())
    }

    /// The text as sent by the backend.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityType, UnknownValue};
    ///
    /// if let EntityType::Unknown(value) = EntityType::from("Hologram") {
    ///     assert_eq!(value.as_str(), "Hologram");
    /// }
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
