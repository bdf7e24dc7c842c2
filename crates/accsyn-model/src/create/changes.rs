//! Changes to a share: what the `edit` calls of volumes, folders and homes may send.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Attributes, EntityId};

/// The attributes an update of a volume, shared folder or home changes: only those set are
/// sent (an update that also sent read-only attributes would be refused). The status is
/// text here so one type serves every kind of share; the SDK's `set_status` calls take the
/// typed statuses and check they are writeable.
///
/// # Examples
///
/// ```
/// use accsyn_model::ShareChanges;
///
/// let changes = ShareChanges::new()
///     .name("Assets 2")
///     .path("linux", "/assets2")
///     .queue("5ac60a8b1da7ee7eb4d146cf".parse()?);
/// assert_eq!(
///     serde_json::to_value(&changes)?,
///     serde_json::json!({"name": "Assets 2", "paths": {"linux": "/assets2"},
///         "queue": "5ac60a8b1da7ee7eb4d146cf"})
/// );
/// assert!(ShareChanges::new().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ShareChanges {
    /// A new display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new API code (unique among the workspace's shares; a volume's renames its folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// New paths per platform (volumes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<BTreeMap<String, String>>,
    /// A new status (`enabled` or `disabled`; the others are the server's to set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The queue the share's transfers go through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<EntityId>,
    /// A description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other attributes to change, sent as given.
    #[serde(flatten)]
    pub other: Attributes,
}

impl ShareChanges {
    /// No change yet.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(accsyn_model::ShareChanges::new().is_empty());
    /// ```
    pub fn new() -> ShareChanges {
        ShareChanges::default()
    }

    /// Whether nothing would be changed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!accsyn_model::ShareChanges::new().code("assets2").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self == &ShareChanges::default()
    }

    /// Renames the share.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = accsyn_model::ShareChanges::new().name("Assets 2");
    /// assert_eq!(c.name.as_deref(), Some("Assets 2"));
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> ShareChanges {
        self.name = Some(name.into());
        self
    }

    /// Gives the share a new API code.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = accsyn_model::ShareChanges::new().code("assets2");
    /// assert_eq!(c.code.as_deref(), Some("assets2"));
    /// ```
    pub fn code(mut self, code: impl Into<String>) -> ShareChanges {
        self.code = Some(code.into());
        self
    }

    /// Sets a volume's path for one platform (`windows`, `linux`, `mac`, `*_vpn`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = accsyn_model::ShareChanges::new().path("mac", "/Volumes/assets2");
    /// assert_eq!(c.paths.unwrap()["mac"], "/Volumes/assets2");
    /// ```
    pub fn path(mut self, platform: impl Into<String>, path: impl Into<String>) -> ShareChanges {
        self.paths
            .get_or_insert_with(BTreeMap::new)
            .insert(platform.into(), path.into());
        self
    }

    /// Sets the status, as its wire text (`VolumeStatus::Disabled.to_string()`, say).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{ShareChanges, VolumeStatus};
    /// let c = ShareChanges::new().status(VolumeStatus::Disabled);
    /// assert_eq!(c.status.as_deref(), Some("disabled"));
    /// ```
    pub fn status(mut self, status: impl std::fmt::Display) -> ShareChanges {
        self.status = Some(status.to_string());
        self
    }

    /// Routes the share's transfers through a queue.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = accsyn_model::ShareChanges::new().queue("5ac60a8b1da7ee7eb4d146cf".parse()?);
    /// assert!(c.queue.is_some());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn queue(mut self, queue: EntityId) -> ShareChanges {
        self.queue = Some(queue);
        self
    }

    /// Sets the description.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = accsyn_model::ShareChanges::new().description("Vendor deliveries");
    /// assert_eq!(c.description.as_deref(), Some("Vendor deliveries"));
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> ShareChanges {
        self.description = Some(description.into());
        self
    }
}
