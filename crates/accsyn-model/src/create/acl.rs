//! ACL grant options.

use crate::wire::wire_struct;
use crate::{Attributes, Error};

wire_struct! {
    check = AclGrant::check;
    /// The options of granting a user access to a volume, folder, home or collection: which
    /// path, read and/or write, and the notification.
    ///
    /// At least one of read and write must be granted; the constructors and deserialization
    /// enforce it. `read` and `write` are `Option`s so that a grant read from JSON is written
    /// back with the keys it had: `None` is not sent, and means no such access. The
    /// constructors set both, as the official client sends both.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::AclGrant;
    ///
    /// let grant = AclGrant::read_write()
    ///     .with_path("FROM_VENDORS/acmevfx")
    ///     .with_notify(true)
    ///     .with_message("Please upload your files here.");
    /// assert_eq!(
    ///     serde_json::to_value(&grant)?,
    ///     serde_json::json!({
    ///         "path": "FROM_VENDORS/acmevfx", "read": true, "write": true,
    ///         "notify": true, "message": "Please upload your files here."
    ///     })
    /// );
    ///
    /// assert!(AclGrant::new(false, false).is_err());
    /// assert!(serde_json::from_str::<AclGrant>(r#"{"read": false, "write": false}"#).is_err());
    ///
    /// // Read as sent, written as read: no `"write": false` is added.
    /// let read: AclGrant = serde_json::from_str(r#"{"read": true}"#)?;
    /// assert!(read.grants_read() && !read.grants_write());
    /// assert_eq!(serde_json::to_string(&read)?, r#"{"read":true}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct AclGrant {
        /// The path relative to the share; the whole share (`/`) when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// Read (download) access; `None`: not sent, no read access.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub read: Option<bool>,
        /// Write (upload) access; `None`: not sent, no write access.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub write: Option<bool>,
        /// Email the user about the grant (the backend defaults to true).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub notify: Option<bool>,
        /// A message sent to the user with the notification.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message: Option<String>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl AclGrant {
    /// A grant of the whole share with the given access.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPayload`] when both `read` and `write` are false.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::AclGrant;
    /// let grant = AclGrant::new(true, false)?;
    /// assert_eq!((grant.read, grant.write), (Some(true), Some(false)));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(read: bool, write: bool) -> Result<AclGrant, Error> {
        let grant = AclGrant {
            read: Some(read),
            write: Some(write),
            ..AclGrant::read_only()
        };
        grant.check()?;
        Ok(grant)
    }

    /// The rule of the backend: a grant gives read or write access, or both.
    fn check(&self) -> Result<(), Error> {
        if self.grants_read() || self.grants_write() {
            return Ok(());
        }
        Err(Error::InvalidPayload {
            payload: "ACL grant",
            reason: "neither read nor write is granted; grant at least one (to remove access, revoke instead)".to_owned(),
        })
    }

    /// Whether the grant gives read (download) access: `read` is `Some(true)`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(accsyn_model::AclGrant::read_only().grants_read());
    /// assert!(!accsyn_model::AclGrant::write_only().grants_read());
    /// ```
    pub fn grants_read(&self) -> bool {
        self.read == Some(true)
    }

    /// Whether the grant gives write (upload) access: `write` is `Some(true)`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(accsyn_model::AclGrant::read_write().grants_write());
    /// assert!(!accsyn_model::AclGrant::read_only().grants_write());
    /// ```
    pub fn grants_write(&self) -> bool {
        self.write == Some(true)
    }

    /// Download access only.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::read_only();
    /// assert_eq!((grant.read, grant.write), (Some(true), Some(false)));
    /// ```
    pub fn read_only() -> AclGrant {
        AclGrant {
            path: None,
            read: Some(true),
            write: Some(false),
            notify: None,
            message: None,
            other: Attributes::new(),
        }
    }

    /// Upload access only.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::write_only();
    /// assert!(!grant.grants_read() && grant.grants_write());
    /// ```
    pub fn write_only() -> AclGrant {
        AclGrant {
            read: Some(false),
            write: Some(true),
            ..AclGrant::read_only()
        }
    }

    /// Download and upload access.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::read_write();
    /// assert!(grant.grants_read() && grant.grants_write());
    /// ```
    pub fn read_write() -> AclGrant {
        AclGrant {
            write: Some(true),
            ..AclGrant::read_only()
        }
    }

    /// Restricts the grant to a path beneath the share.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::read_only().with_path("TO_ACME");
    /// assert_eq!(grant.path.as_deref(), Some("TO_ACME"));
    /// ```
    pub fn with_path(mut self, path: impl Into<String>) -> AclGrant {
        self.path = Some(path.into());
        self
    }

    /// Whether to email the user.
    ///
    /// # Examples
    ///
    /// ```
    /// let quiet = accsyn_model::AclGrant::read_only().with_notify(false);
    /// assert_eq!(quiet.notify, Some(false));
    /// ```
    pub fn with_notify(mut self, notify: bool) -> AclGrant {
        self.notify = Some(notify);
        self
    }

    /// A message for the notification.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::write_only().with_message("Upload here.");
    /// assert_eq!(grant.message.as_deref(), Some("Upload here."));
    /// ```
    pub fn with_message(mut self, message: impl Into<String>) -> AclGrant {
        self.message = Some(message.into());
        self
    }
}

/// The keys [`NewAcl`] sets itself; the same keys in a grant's `other` are not sent twice.
const NEW_ACL_KEYS: [&str; 8] = [
    "entity", "target", "invite", "read", "write", "notify", "message", "path",
];

/// The `acl/create` payload: one user's [`AclGrant`] on one share, every option spelled out
/// with the official client's defaults for what the grant leaves out (no notification, no
/// message, the whole share `/`).
///
/// # Examples
///
/// ```
/// use accsyn_model::{AclGrant, NewAcl};
///
/// let grant = AclGrant::read_only().with_path("TO_ACME");
/// let acl = NewAcl::new("6676f3e9c7ef4e27da254e57", "6734b3ca8c3592a922bdb0de", &grant, true);
/// assert_eq!(
///     serde_json::to_value(&acl)?,
///     serde_json::json!({
///         "entity": "user:6676f3e9c7ef4e27da254e57", "target": "share:6734b3ca8c3592a922bdb0de",
///         "invite": true, "read": true, "write": false, "notify": false, "message": "",
///         "path": "TO_ACME"
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct NewAcl {
    /// Who is granted: `user:<id or email>`.
    pub entity: String,
    /// Where: `share:<id>`.
    pub target: String,
    /// Invite the user when the email is no user yet.
    pub invite: bool,
    /// Read (download) access.
    pub read: bool,
    /// Write (upload) access.
    pub write: bool,
    /// Email the user about the grant.
    pub notify: bool,
    /// The message sent with the notification.
    pub message: String,
    /// The path beneath the share (`/`: all of it).
    pub path: String,
    /// Options this version of the crate does not know, sent as given.
    #[serde(flatten)]
    pub other: Attributes,
}

impl NewAcl {
    /// The payload granting `user` (an id, or an email to invite) `grant` on the share with
    /// id `share`.
    ///
    /// # Examples
    ///
    /// ```
    /// let acl = accsyn_model::NewAcl::new("lisa@example.com", "6734b3ca8c3592a922bdb0de",
    ///     &accsyn_model::AclGrant::read_write(), false);
    /// assert_eq!(acl.entity, "user:lisa@example.com");
    /// assert_eq!((acl.read, acl.write, acl.path.as_str()), (true, true, "/"));
    /// ```
    pub fn new(user: &str, share: &str, grant: &AclGrant, invite: bool) -> NewAcl {
        let mut other = grant.other.clone();
        other.retain(|key, _| !NEW_ACL_KEYS.contains(&key.as_str()));
        NewAcl {
            entity: format!("user:{user}"),
            target: format!("share:{share}"),
            invite,
            read: grant.grants_read(),
            write: grant.grants_write(),
            notify: grant.notify.unwrap_or(false),
            message: grant.message.clone().unwrap_or_default(),
            path: grant.path.clone().unwrap_or_else(|| "/".to_owned()),
            other,
        }
    }
}

#[cfg(test)]
mod new_acl_tests {
    use super::*;

    #[test]
    fn unknown_options_travel_once_and_never_override_the_grant() {
        let mut grant = AclGrant::read_only();
        grant
            .other
            .insert("expires".into(), serde_json::json!("2027-01-01"));
        grant.other.insert("write".into(), serde_json::json!(true));
        let text = serde_json::to_string(&NewAcl::new("u", "s", &grant, false)).unwrap();
        assert_eq!(text.matches("\"write\"").count(), 1, "{text}");
        assert!(
            text.contains("\"write\":false") && text.contains("\"expires\""),
            "{text}"
        );
    }
}
