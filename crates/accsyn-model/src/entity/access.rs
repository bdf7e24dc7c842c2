//! Access: ACL entries of shares and recipients of deliveries.

use super::{Attributes, parse_opt, wire_struct};
use crate::{EntityId, EntityRef, Error, HrRef, Timestamp};

wire_struct! {
    /// An ACL entry, as `acl/find` (the access list of a share) returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::AclEntry;
    ///
    /// let acl: AclEntry = serde_json::from_str(r#"{
    ///     "id": "76543210fedcba9876543210",
    ///     "entity": "user:0123456789abcdef01234567",
    ///     "target": "share:673cb38dea344d0d17969018",
    ///     "path": "FROM_VENDORS/acmevfx", "read": true, "write": false
    /// }"#)?;
    /// assert_eq!(acl.target_ref().unwrap()?.id.as_str(), "673cb38dea344d0d17969018");
    /// assert_eq!(acl.write, Some(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct AclEntry {
        /// The ACL's id (`acl/delete` takes it).
        pub id: EntityId,
        /// Who is granted: `user:<id>`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub entity: Option<String>,
        /// The grantee, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub entity_hr: Option<String>,
        /// What is granted: `share:<id>`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub target: Option<String>,
        /// The target, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub target_hr: Option<String>,
        /// The path beneath the share; the whole share when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// Read (download) access.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub read: Option<bool>,
        /// Write (upload) access.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub write: Option<bool>,
        /// Whether the user was notified.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub notify: Option<bool>,
        /// The message sent with the grant.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub message: Option<String>,
        /// Date of creation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created: Option<Timestamp>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl AclEntry {
    /// `entity` as a reference; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut acl: accsyn_model::AclEntry = serde_json::from_str(r#"{"id": "698452ee3bce6dbca4b6861a"}"#)?;
    /// acl.entity = Some("user:0123456789abcdef01234567".into());
    /// assert_eq!(acl.entity_ref().unwrap()?.kind, accsyn_model::EntityType::User);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entity_ref(&self) -> Option<Result<EntityRef, Error>> {
        parse_opt(self.entity.as_ref(), EntityRef::parse)
    }

    /// `target` as a reference; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let acl: accsyn_model::AclEntry = serde_json::from_str(r#"{"id": "698452ee3bce6dbca4b6861a"}"#)?;
    /// assert!(acl.target_ref().is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn target_ref(&self) -> Option<Result<EntityRef, Error>> {
        parse_opt(self.target.as_ref(), EntityRef::parse)
    }
}

wire_struct! {
    /// A recipient of a delivery or request, as `job/recipients` returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Recipient;
    ///
    /// let recipient: Recipient = serde_json::from_str(r#"{
    ///     "actioned": true,
    ///     "user": "6676f3e9c7ef4e27da254e57",
    ///     "user_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)"
    /// }"#)?;
    /// assert_eq!(recipient.actioned, Some(true));
    /// assert_eq!(recipient.user_hr_ref().unwrap()?.role.as_deref(), Some("standard"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct Recipient {
        /// Whether the recipient has actioned the delivery.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub actioned: Option<bool>,
        /// The recipient's user id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user: Option<EntityId>,
        /// The recipient, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user_hr: Option<String>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl Recipient {
    /// `user_hr` parsed; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut r = accsyn_model::Recipient::default();
    /// r.user_hr = Some("user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)".into());
    /// assert_eq!(r.user_hr_ref().unwrap()?.label, "lisa@example.com");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn user_hr_ref(&self) -> Option<Result<HrRef, Error>> {
        parse_opt(self.user_hr.as_ref(), HrRef::parse)
    }
}

wire_struct! {
    /// One server serving a volume, as `volume/servers` (the official client's
    /// `assignments("Volume", id)`) lists them.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::VolumeServer;
    ///
    /// let served: Vec<VolumeServer> = serde_json::from_str(r#"[{
    ///     "client": "66867188e8b00e18156bcf51", "client_hr": "client:storage(66867188e8b00e18156bcf51)",
    ///     "volume": "61779c54b80099ea066b0604", "site": "hq", "status": "online"
    /// }]"#)?;
    /// assert_eq!(served[0].client.as_str(), "66867188e8b00e18156bcf51");
    /// assert_eq!(served[0].site.as_deref(), Some("hq"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct VolumeServer {
        /// The server (a client with the server role).
        pub client: EntityId,
        /// The server, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub client_hr: Option<String>,
        /// The volume it serves.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub volume: Option<EntityId>,
        /// The site it serves the volume at (`hq`: the main site).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub site: Option<String>,
        /// The server's status (`online`, `offline`, ...).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}
