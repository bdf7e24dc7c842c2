//! ACL grant options.

use serde::{Deserialize, Serialize};

use crate::{Attributes, Error};

/// The options of granting a user access to a volume, folder, home or collection: which
/// path, read and/or write, and the notification.
///
/// At least one of read and write must be granted; the constructors and deserialization
/// enforce it.
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawAclGrant")]
#[non_exhaustive]
pub struct AclGrant {
    /// The path relative to the share; the whole share (`/`) when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Read (download) access.
    pub read: bool,
    /// Write (upload) access.
    pub write: bool,
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

/// The wire form before the read-or-write rule is checked.
#[derive(Deserialize)]
struct RawAclGrant {
    path: Option<String>,
    #[serde(default)]
    read: bool,
    #[serde(default)]
    write: bool,
    notify: Option<bool>,
    message: Option<String>,
    #[serde(flatten)]
    other: Attributes,
}

impl TryFrom<RawAclGrant> for AclGrant {
    type Error = Error;

    fn try_from(raw: RawAclGrant) -> Result<Self, Self::Error> {
        let mut grant = AclGrant::new(raw.read, raw.write)?;
        grant.path = raw.path;
        grant.notify = raw.notify;
        grant.message = raw.message;
        grant.other = raw.other;
        Ok(grant)
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
    /// assert!(grant.read && !grant.write);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(read: bool, write: bool) -> Result<AclGrant, Error> {
        if !read && !write {
            return Err(Error::InvalidPayload {
                payload: "ACL grant",
                reason: "neither read nor write is granted; grant at least one (to remove access, revoke instead)".to_owned(),
            });
        }
        Ok(AclGrant {
            path: None,
            read,
            write,
            notify: None,
            message: None,
            other: Attributes::new(),
        })
    }

    /// Download access only.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::read_only();
    /// assert!(grant.read && !grant.write);
    /// ```
    pub fn read_only() -> AclGrant {
        AclGrant {
            path: None,
            read: true,
            write: false,
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
    /// assert!(!grant.read && grant.write);
    /// ```
    pub fn write_only() -> AclGrant {
        AclGrant {
            read: false,
            write: true,
            ..AclGrant::read_only()
        }
    }

    /// Download and upload access.
    ///
    /// # Examples
    ///
    /// ```
    /// let grant = accsyn_model::AclGrant::read_write();
    /// assert!(grant.read && grant.write);
    /// ```
    pub fn read_write() -> AclGrant {
        AclGrant {
            write: true,
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
