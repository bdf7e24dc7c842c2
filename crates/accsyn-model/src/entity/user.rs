//! Users and clients.

use serde_json::{Number, Value};

use super::{Attributes, nullable, parse_opt, wire_struct};
use crate::{ClientStatus, EntityId, Error, HrRef, Role, Timestamp, UserStatus};

wire_struct! {
    /// A user, as `user/find` returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Role, User};
    ///
    /// let user: User = serde_json::from_str(r#"{"id": "6676f3e9c7ef4e27da254e57", "code": "lisa@example.com", "role": "standard", "logged_in": null}"#)?;
    /// assert_eq!(user.role, Some(Role::Standard));
    /// assert_eq!(user.logged_in, Some(None));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct User {
        /// The internal accsyn user id.
        pub id: EntityId,
        /// The user's unique email.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub code: Option<String>,
        /// The name given at registration.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// The user's role.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role: Option<Role>,
        /// The user's status.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<UserStatus>,
        /// Date of creation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created: Option<Timestamp>,
        /// Who invited the user.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub creator: Option<String>,
        /// Date of last modification.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub modified: Option<Timestamp>,
        /// Who last modified the user.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub modifier: Option<String>,
        /// Last login (`Some(None)`: sent as `null`, never logged in).
        #[serde(
            default,
            deserialize_with = "nullable",
            skip_serializing_if = "Option::is_none"
        )]
        pub logged_in: Option<Option<Timestamp>>,
        /// User metadata.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub metadata: Option<Attributes>,
        /// The queue for jobs involving the user (`Some(None)`: sent as `null`).
        #[serde(
            default,
            deserialize_with = "nullable",
            skip_serializing_if = "Option::is_none"
        )]
        pub queue: Option<Option<String>>,
        /// True when the user is deactivated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub inactive: Option<bool>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

wire_struct! {
    /// A client: a desktop app, server, user server, browser or compute lane.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Client, ClientStatus};
    ///
    /// let client: Client = serde_json::from_str(r#"{"id": "664b6d76e43eb396e5e5541a", "code": "WIN_SERVER", "type": 1, "status": "online", "parent": null}"#)?;
    /// assert_eq!(client.status, Some(ClientStatus::Online));
    /// assert_eq!(client.client_type, Some(1));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct Client {
        /// The internal accsyn client id.
        pub id: EntityId,
        /// The client's hostname (not unique).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub code: Option<String>,
        /// 0 app, 1 server, 2 user server, 3 browser, 5 compute lane (`type` on the wire).
        #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
        pub client_type: Option<i64>,
        /// The client type, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub type_hr: Option<String>,
        /// The owning user's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user: Option<EntityId>,
        /// The owning user, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user_hr: Option<String>,
        /// The site the client is at.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub site: Option<String>,
        /// The site, human-readable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub site_hr: Option<String>,
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// Comma separated MAC addresses.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub host_id: Option<String>,
        /// Last check-in (`Some(None)`: sent as `null`).
        #[serde(
            default,
            deserialize_with = "nullable",
            skip_serializing_if = "Option::is_none"
        )]
        pub last_checkin: Option<Option<Timestamp>>,
        /// The client's status.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<ClientStatus>,
        /// The operating system.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub os: Option<String>,
        /// The OS user running the client.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub username: Option<String>,
        /// The client's accsyn version.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
        /// The WAN IP as seen by accsyn.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub wan_ip: Option<String>,
        /// For a compute lane, its client (`Some(None)`: sent as `null`).
        #[serde(
            default,
            deserialize_with = "nullable",
            skip_serializing_if = "Option::is_none"
        )]
        pub parent: Option<Option<EntityId>>,
        /// Compute benchmark (`Some(None)`: sent as `null`).
        #[serde(
            default,
            deserialize_with = "nullable",
            skip_serializing_if = "Option::is_none"
        )]
        pub benchmark: Option<Option<Number>>,
        /// Realtime compute metrics, as sent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub metrics: Option<Value>,
        /// Client metadata.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub metadata: Option<Attributes>,
        /// Date of creation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created: Option<Timestamp>,
        /// Date of last modification.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub modified: Option<Timestamp>,
        /// Who last modified the client.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub modifier: Option<String>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl Client {
    /// `user_hr` parsed; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut client: accsyn_model::Client = serde_json::from_str(r#"{"id": "664b6d76e43eb396e5e5541a"}"#)?;
    /// client.user_hr = Some("user:demo.admin@accsyn.com(admin)".into());
    /// assert_eq!(client.user_hr_ref().unwrap()?.kind.as_deref(), Some("user"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn user_hr_ref(&self) -> Option<Result<HrRef, Error>> {
        parse_opt(self.user_hr.as_ref(), HrRef::parse)
    }
}
