//! Storage entities: volumes, shared folders, homes, collections and collection files.

use std::collections::BTreeMap;

use super::{Attributes, nullable, parse_opt, wire_struct};
use crate::{EntityId, Error, FileId, HrRef, ShareStatus, Timestamp, VolumeStatus};

/// Defines a share struct: the attributes every share has, with the given status type.
macro_rules! share_struct {
    ($(#[$doc:meta])* $name:ident, $status:ty, { $($(#[$extra_doc:meta])* $extra:ident: $extra_ty:ty,)* }) => {
        wire_struct! {
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub struct $name {
                /// The internal accsyn share id.
                pub id: EntityId,
                /// The unique API code, used in path notation (`share=<code>/path`).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub code: Option<String>,
                /// The share's name.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub name: Option<String>,
                /// The share type: volume, folder, home or collection (`type` on the wire).
                #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
                pub share_type: Option<String>,
                /// Description.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub description: Option<String>,
                /// Additional email addresses to notify.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub email: Option<String>,
                /// The share's status.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub status: Option<$status>,
                /// Date of creation.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub created: Option<Timestamp>,
                /// The user that created the share.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub creator: Option<String>,
                /// Date of last modification.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub modified: Option<Timestamp>,
                /// The user that last modified the share.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub modifier: Option<String>,
                /// Share metadata.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub metadata: Option<Attributes>,
                /// The queue for jobs involving the share (`Some(None)`: sent as `null`).
                #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
                pub queue: Option<Option<String>>,
                /// True when the share is deactivated.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub inactive: Option<bool>,
                $($(#[$extra_doc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $extra: Option<$extra_ty>,)*
                /// Attributes this version of the crate does not know, kept as sent.
                #[serde(flatten)]
                pub other: Attributes,
            }
        }
    };
}

share_struct!(
    /// A volume: the base directory accsyn may share and deliver from.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Volume, VolumeStatus};
    ///
    /// let volume: Volume = serde_json::from_str(r#"{
    ///     "id": "664b6d76e43eb396e5e55419", "code": "projects", "default": true, "status": "enabled", "queue": null,
    ///     "paths": {"linux": "/projects", "windows": "P:"}
    /// }"#)?;
    /// assert_eq!(volume.status, Some(VolumeStatus::Enabled));
    /// assert_eq!(volume.paths.as_ref().and_then(|p| p.get("windows")).map(String::as_str), Some("P:"));
    /// assert_eq!(volume.queue, Some(None));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    Volume, VolumeStatus, {
        /// True for the default (main) volume.
        default: bool,
        /// (Internal) whether the volume is licensed.
        licensed: bool,
        /// The resolved absolute path on the serving server.
        path: String,
        /// Path per operating system: `windows`, `linux`, `mac` and `*_vpn` variants.
        paths: BTreeMap<String, String>,
    }
);

share_struct!(
    /// A shared folder beneath a volume.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Folder;
    ///
    /// let folder: Folder = serde_json::from_str(r#"{
    ///     "id": "6645fbca9f8c4d3e7a3b678d",
    ///     "code": "theproject",
    ///     "parent_hr": "share:Projects[volume](664b6d76e43eb396e5e55419)"
    /// }"#)?;
    /// assert_eq!(folder.parent_hr_ref().unwrap()?.label, "Projects");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Folder, ShareStatus, {
        /// The parent volume's id.
        parent: EntityId,
        /// The parent volume, human-readable.
        parent_hr: String,
        /// The path relative to the parent volume.
        path: String,
    }
);

share_struct!(
    /// A user's home share: a folder beneath a volume bound to one user.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Home;
    ///
    /// let home: Home = serde_json::from_str(r#"{"id": "6676f3e9c7ef4e27da254e58", "code": "lisa", "path": "accsyn/lisa@example.com"}"#)?;
    /// assert_eq!(home.path.as_deref(), Some("accsyn/lisa@example.com"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    Home, ShareStatus, {
        /// The parent volume's id.
        parent: EntityId,
        /// The parent volume, human-readable.
        parent_hr: String,
        /// The path relative to the parent volume.
        path: String,
        /// The user the home belongs to.
        user: String,
    }
);

share_struct!(
    /// A collection: a virtual folder of files from volumes, folders and homes.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Collection;
    ///
    /// let collection: Collection = serde_json::from_str(r#"{"id": "698452ee3bce6dbca4b68619", "name": "Project startup"}"#)?;
    /// assert_eq!(collection.name.as_deref(), Some("Project startup"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    Collection, ShareStatus, {}
);

impl Folder {
    /// `parent_hr` parsed; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut folder: accsyn_model::Folder = serde_json::from_str(r#"{"id": "6645fbca9f8c4d3e7a3b678d"}"#)?;
    /// folder.parent_hr = Some("share:Projects[volume](664b6d76e43eb396e5e55419)".into());
    /// assert_eq!(folder.parent_hr_ref().unwrap()?.role.as_deref(), Some("volume"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parent_hr_ref(&self) -> Option<Result<HrRef, Error>> {
        parse_opt(self.parent_hr.as_ref(), HrRef::parse)
    }
}

impl Home {
    /// `parent_hr` parsed; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let home: accsyn_model::Home = serde_json::from_str(r#"{"id": "6676f3e9c7ef4e27da254e58"}"#)?;
    /// assert!(home.parent_hr_ref().is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn parent_hr_ref(&self) -> Option<Result<HrRef, Error>> {
        parse_opt(self.parent_hr.as_ref(), HrRef::parse)
    }
}

wire_struct! {
    /// A file or folder in a collection, as `File` finds with the collection as parent return it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::CollectionFile;
    ///
    /// let file: CollectionFile = serde_json::from_str(r#"{
    ///     "id": "12d89033-2a8c-4029-992b-3a02b4ecc2cd",
    ///     "path": "share=theproject/ref/mp_ref.tif"
    /// }"#)?;
    /// assert_eq!(file.id.to_string(), "12d89033-2a8c-4029-992b-3a02b4ecc2cd");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct CollectionFile {
        /// The file's id in the collection; give it to remove the file.
                pub id: FileId,
        /// The file in accsyn path notation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}
