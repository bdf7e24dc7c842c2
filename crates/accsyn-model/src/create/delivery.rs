//! New deliveries and upload requests.

use crate::wire::wire_struct;
use crate::{Attributes, DeliveryStatus, Location};

wire_struct! {
    /// The payload of `delivery/create`.
    ///
    /// Three documented forms: a temporary delivery (a name, files uploaded later), the same
    /// with recipients, and a delivery of existing files that is submitted at once.
    ///
    /// `recipients` and `tasks` are `Option`s so that a payload read from JSON is written back
    /// with the keys it had, an empty list included; the constructors leave out empty ones.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, NewDelivery};
    /// use serde_json::json;
    ///
    /// let temporary = NewDelivery::temporary("Project references").with_recipient("lisa@example.com");
    /// assert_eq!(
    ///     serde_json::to_value(&temporary)?,
    ///     json!({"name": "Project references", "recipients": ["lisa@example.com"]})
    /// );
    ///
    /// let existing = NewDelivery::from_files(
    ///     "Project reference",
    ///     vec!["folder=myproject/reference.png".parse::<Location>()?, "volume=assets/logo.jpeg".parse()?],
    ///     ["lisa@example.com"],
    /// );
    /// assert_eq!(existing.tasks.map(|t| t.len()), Some(2));
    ///
    /// let read: NewDelivery = serde_json::from_str(r#"{"name": "x", "recipients": []}"#)?;
    /// assert_eq!(serde_json::to_string(&read)?, r#"{"name":"x","recipients":[]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewDelivery {
        /// The delivery's name.
        pub name: String,
        /// Recipients by email or user id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recipients: Option<Vec<String>>,
        /// Existing files on accsyn storage (relative paths are on the default volume).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tasks: Option<Vec<Location>>,
        /// An initial status.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<DeliveryStatus>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewDelivery {
    /// A temporary delivery: files are uploaded to it afterwards, then it is submitted.
    ///
    /// # Examples
    ///
    /// ```
    /// let d = accsyn_model::NewDelivery::temporary("Project references");
    /// assert!(d.recipients.is_none() && d.tasks.is_none());
    /// ```
    pub fn temporary(name: impl Into<String>) -> NewDelivery {
        NewDelivery {
            name: name.into(),
            recipients: None,
            tasks: None,
            status: None,
            other: Attributes::new(),
        }
    }

    /// A delivery of files already on accsyn storage, submitted at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewDelivery;
    /// let d = NewDelivery::from_files("Reference", vec!["logo.jpeg".parse()?], ["lisa@example.com"]);
    /// assert_eq!(d.recipients, Some(vec!["lisa@example.com".to_owned()]));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn from_files<R: Into<String>>(
        name: impl Into<String>,
        files: impl IntoIterator<Item = Location>,
        recipients: impl IntoIterator<Item = R>,
    ) -> NewDelivery {
        NewDelivery {
            tasks: non_empty(files.into_iter().collect()),
            recipients: non_empty(recipients.into_iter().map(Into::into).collect()),
            ..NewDelivery::temporary(name)
        }
    }

    /// Adds a recipient (email or user id).
    ///
    /// # Examples
    ///
    /// ```
    /// let d = accsyn_model::NewDelivery::temporary("x").with_recipient("lisa@example.com");
    /// assert_eq!(d.recipients.map(|r| r.len()), Some(1));
    /// ```
    pub fn with_recipient(mut self, recipient: impl Into<String>) -> NewDelivery {
        self.recipients
            .get_or_insert_with(Vec::new)
            .push(recipient.into());
        self
    }

    /// Adds a file.
    ///
    /// # Examples
    ///
    /// ```
    /// let d = accsyn_model::NewDelivery::temporary("x").with_file("volume=assets/logo.jpeg".parse()?);
    /// assert_eq!(d.tasks.unwrap()[0].to_string(), "volume=assets/logo.jpeg");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_file(mut self, file: Location) -> NewDelivery {
        self.tasks.get_or_insert_with(Vec::new).push(file);
        self
    }
}

/// `Some(list)` unless `list` is empty: what the constructors send for an empty list.
fn non_empty<T>(list: Vec<T>) -> Option<Vec<T>> {
    if list.is_empty() { None } else { Some(list) }
}

wire_struct! {
    /// The payload of `request/create`: an upload request, temporary or to a storage folder.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewRequest;
    /// use serde_json::json;
    ///
    /// let to_folder = NewRequest::new("Provide project material")
    ///     .with_destination("share=(default)/source/from_client".parse()?)
    ///     .with_recipient("lisa@example.com");
    /// assert_eq!(
    ///     serde_json::to_value(&to_folder)?,
    ///     json!({
    ///         "name": "Provide project material",
    ///         "destination": "share=(default)/source/from_client",
    ///         "recipients": ["lisa@example.com"]
    ///     })
    /// );
    ///
    /// let later = NewRequest::new("Project material").submit_later();
    /// assert_eq!(serde_json::to_value(&later)?, json!({"name": "Project material", "status": "init"}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewRequest {
        /// The request's name.
        pub name: String,
        /// The storage folder uploads go to; a temporary folder when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub destination: Option<Location>,
        /// Recipients by email or user id (an `Option` for the same reason as
        /// [`NewDelivery::recipients`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recipients: Option<Vec<String>>,
        /// `init` keeps the request unsubmitted until recipients are added.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<DeliveryStatus>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewRequest {
    /// A temporary request, submitted at once when it has recipients.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = accsyn_model::NewRequest::new("Project material");
    /// assert_eq!(r.destination, None);
    /// ```
    pub fn new(name: impl Into<String>) -> NewRequest {
        NewRequest {
            name: name.into(),
            destination: None,
            recipients: None,
            status: None,
            other: Attributes::new(),
        }
    }

    /// Uploads go to this storage folder.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = accsyn_model::NewRequest::new("x").with_destination("folder=thefilm/from_vendor/".parse()?);
    /// assert!(r.destination.is_some());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_destination(mut self, destination: Location) -> NewRequest {
        self.destination = Some(destination);
        self
    }

    /// Adds a recipient (email or user id).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = accsyn_model::NewRequest::new("x").with_recipient("lisa@example.com");
    /// assert_eq!(r.recipients, Some(vec!["lisa@example.com".to_owned()]));
    /// ```
    pub fn with_recipient(mut self, recipient: impl Into<String>) -> NewRequest {
        self.recipients
            .get_or_insert_with(Vec::new)
            .push(recipient.into());
        self
    }

    /// Creates the request in `init`: submit it later by setting `pending`.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{DeliveryStatus, NewRequest};
    /// assert_eq!(NewRequest::new("x").submit_later().status, Some(DeliveryStatus::Init));
    /// ```
    pub fn submit_later(mut self) -> NewRequest {
        self.status = Some(DeliveryStatus::Init);
        self
    }
}

wire_struct! {
    /// The options of granting a user to a delivery, request or stream (`job/recipient/add`):
    /// who, and whether to invite a user who does not exist yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::RecipientGrant;
    /// let grant = RecipientGrant::new("lisa@example.com").without_invite();
    /// assert_eq!(
    ///     serde_json::to_value(&grant).unwrap(),
    ///     serde_json::json!({"recipient": "lisa@example.com", "invite": false})
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct RecipientGrant {
        /// The user, by id or email (the official client resolves emails to ids first).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recipient: Option<String>,
        /// `false` skips inviting a user new to the workspace.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub invite: Option<bool>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl RecipientGrant {
    /// Grants `recipient` (id or email).
    ///
    /// # Examples
    ///
    /// ```
    /// let g = accsyn_model::RecipientGrant::new("6676f3e9c7ef4e27da254e57");
    /// assert_eq!(g.invite, None);
    /// ```
    pub fn new(recipient: impl Into<String>) -> RecipientGrant {
        RecipientGrant {
            recipient: Some(recipient.into()),
            ..RecipientGrant::default()
        }
    }

    /// Does not invite the user when they are new to the workspace.
    ///
    /// # Examples
    ///
    /// ```
    /// let g = accsyn_model::RecipientGrant::new("lisa@example.com").without_invite();
    /// assert_eq!(g.invite, Some(false));
    /// ```
    pub fn without_invite(mut self) -> RecipientGrant {
        self.invite = Some(false);
        self
    }
}
