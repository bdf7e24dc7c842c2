//! The crate's one error type.

/// Everything that can go wrong in this crate: text that is not a valid id, timestamp,
/// reference or location, a create payload that breaks a documented rule, or a payload that
/// does not match the schema.
///
/// Messages quote the offending input (never secrets: nothing in this crate holds one) and
/// say what a valid value looks like.
///
/// # Examples
///
/// ```
/// use accsyn_model::EntityId;
///
/// let error = "not-an-id".parse::<EntityId>().unwrap_err();
/// assert!(error.to_string().contains("24 lowercase hexadecimal"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not an entity id.
    #[error(
        "invalid entity id {input:?}: expected 24 lowercase hexadecimal characters, optionally prefixed `ObjectId:`"
    )]
    InvalidEntityId {
        /// The rejected text.
        input: String,
    },
    /// The text is not a hyphenated UUID.
    #[error(
        "invalid {what} {input:?}: expected a hyphenated UUID such as 26468234-c9ee-48d6-8d28-e900b5957129"
    )]
    InvalidUuid {
        /// Which id was being parsed (task id, file id).
        what: &'static str,
        /// The rejected text.
        input: String,
    },
    /// The text is not a backend timestamp.
    #[error(
        "invalid timestamp {input:?}: {reason}; expected YYYY-MM-DDTHH:MM:SS with optional .mmm (UTC)"
    )]
    InvalidTimestamp {
        /// The rejected text.
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The text is not an entity reference (`user:<id>`) or a human-readable one
    /// (`user:lisa@example.com[standard](<id>)`).
    #[error("invalid reference {input:?}: {reason}")]
    InvalidReference {
        /// The rejected text.
        input: String,
        /// What is wrong with it and what was expected.
        reason: &'static str,
    },
    /// The text is not a party/path location of the job specification.
    #[error("invalid location {input:?}: {reason}")]
    InvalidLocation {
        /// The rejected text.
        input: String,
        /// What is wrong with it and what was expected.
        reason: &'static str,
    },
    /// A payload breaks a rule the backend documents (for example an ACL grant with neither
    /// read nor write).
    #[error("invalid {payload}: {reason}")]
    InvalidPayload {
        /// Which payload (ACL grant, publish entry, ...).
        payload: &'static str,
        /// The rule that was broken and how to fix it.
        reason: String,
    },
    /// An attribute cannot be sent in this call, or has the wrong JSON type.
    #[error("attribute {attribute:?} of {entity_type}: {reason}")]
    Attribute {
        /// The entity type's wire name.
        entity_type: String,
        /// The attribute's name.
        attribute: String,
        /// Why it was rejected and what to do.
        reason: String,
    },
}
