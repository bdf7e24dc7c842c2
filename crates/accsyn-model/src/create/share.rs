//! New volumes, shared folders, homes, collections, collection files and users.

use std::collections::BTreeMap;

use crate::wire::wire_struct;
use crate::{Attributes, EntityId, Error, FileId, Location, PathSpec, Role};

wire_struct! {
    /// The payload of `volume/create` (admin role required).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewVolume};
    ///
    /// let volume = NewVolume::new("Assets", EntityId::parse("664b5db8ed9dc749a06f9bd6")?)
    ///     .with_code("assets")
    ///     .with_path("linux", "/assets")
    ///     .with_path("windows", "A:");
    /// let json = serde_json::to_value(&volume).unwrap();
    /// assert_eq!(json["paths"]["windows"], "A:");
    /// assert_eq!(json["server"], "664b5db8ed9dc749a06f9bd6");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewVolume {
        /// The volume's name.
        pub name: String,
        /// The unique API code (unique among all shares of the workspace).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub code: Option<String>,
        /// Path per operating system (`windows`, `linux`, `mac`, `*_vpn`); the serving server's
        /// platform must be present. An `Option` so that a payload read from JSON is written
        /// back as read, an empty map included.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub paths: Option<BTreeMap<String, String>>,
        /// The server serving the volume at the main site.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub server: Option<EntityId>,
        /// Optional site servers serving the volume at remote sites.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub siteservers: Option<Vec<EntityId>>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewVolume {
    /// A volume served by `server`.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewVolume};
    /// let v = NewVolume::new("Assets", EntityId::parse("664b5db8ed9dc749a06f9bd6")?);
    /// assert_eq!(v.name, "Assets");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, server: EntityId) -> NewVolume {
        NewVolume {
            name: name.into(),
            code: None,
            paths: None,
            server: Some(server),
            siteservers: None,
            other: Attributes::new(),
        }
    }

    /// Sets the API code.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewVolume};
    /// let v = NewVolume::new("Assets", EntityId::parse("664b5db8ed9dc749a06f9bd6")?).with_code("assets");
    /// assert_eq!(v.code.as_deref(), Some("assets"));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_code(mut self, code: impl Into<String>) -> NewVolume {
        self.code = Some(code.into());
        self
    }

    /// Sets the path for one platform (`windows`, `linux`, `mac`, `windows_vpn`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewVolume};
    /// let v = NewVolume::new("Assets", EntityId::parse("664b5db8ed9dc749a06f9bd6")?).with_path("mac", "/Volumes/assets");
    /// assert_eq!(v.paths.unwrap()["mac"], "/Volumes/assets");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_path(mut self, platform: impl Into<String>, path: impl Into<String>) -> NewVolume {
        self.paths
            .get_or_insert_with(BTreeMap::new)
            .insert(platform.into(), path.into());
        self
    }

    /// Adds a site server.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewVolume};
    /// let v = NewVolume::new("Assets", EntityId::parse("664b5db8ed9dc749a06f9bd6")?)
    ///     .with_site_server(EntityId::parse("6751d72886f229f292b4f2d4")?);
    /// assert_eq!(v.siteservers.map(|s| s.len()), Some(1));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_site_server(mut self, server: EntityId) -> NewVolume {
        self.siteservers.get_or_insert_with(Vec::new).push(server);
        self
    }
}

wire_struct! {
    /// The payload of `folder/create`: share a folder beneath a volume.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewFolder};
    ///
    /// let folder = NewFolder::new(EntityId::parse("664b6d76e43eb396e5e55419")?, "projects/theproject", "Shared project assets");
    /// assert_eq!(
    ///     serde_json::to_value(&folder).unwrap(),
    ///     serde_json::json!({"parent": "664b6d76e43eb396e5e55419", "path": "projects/theproject", "name": "Shared project assets"})
    /// );
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewFolder {
        /// The parent volume.
        pub parent: EntityId,
        /// The folder's path relative to the volume.
        pub path: String,
        /// The share's name.
        pub name: String,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewFolder {
    /// A shared folder at `path` beneath volume `parent`.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewFolder};
    /// let f = NewFolder::new(EntityId::parse("664b6d76e43eb396e5e55419")?, "projects/x", "X");
    /// assert_eq!(f.name, "X");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(parent: EntityId, path: impl Into<String>, name: impl Into<String>) -> NewFolder {
        NewFolder {
            parent,
            path: path.into(),
            name: name.into(),
            other: Attributes::new(),
        }
    }
}

wire_struct! {
    /// The payload of `home/create`: by user (id or email), or like a shared folder.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewHome;
    /// let home = NewHome::for_user("693bf3168d4e0d0c2afe1d53");
    /// assert_eq!(serde_json::to_value(&home).unwrap(), serde_json::json!({"user": "693bf3168d4e0d0c2afe1d53"}));
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct NewHome {
        /// The user (id or email) the home is for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user: Option<String>,
        /// The parent volume, when created like a folder.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parent: Option<EntityId>,
        /// The path relative to the volume, when created like a folder.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// The share's name, when created like a folder.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewHome {
    /// A home for a user; accsyn picks the place. Access still needs an ACL grant.
    ///
    /// # Examples
    ///
    /// ```
    /// let home = accsyn_model::NewHome::for_user("lisa@example.com");
    /// assert_eq!(home.user.as_deref(), Some("lisa@example.com"));
    /// ```
    pub fn for_user(user: impl Into<String>) -> NewHome {
        NewHome {
            user: Some(user.into()),
            ..NewHome::default()
        }
    }

    /// A home created like a shared folder.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewHome};
    /// let home = NewHome::like_folder(EntityId::parse("664b6d76e43eb396e5e55419")?, "accsyn/lisa", "Lisa");
    /// assert_eq!(home.path.as_deref(), Some("accsyn/lisa"));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn like_folder(
        parent: EntityId,
        path: impl Into<String>,
        name: impl Into<String>,
    ) -> NewHome {
        NewHome {
            parent: Some(parent),
            path: Some(path.into()),
            name: Some(name.into()),
            ..NewHome::default()
        }
    }
}

/// Checks that every file is in accsyn path notation (`volume=`, `folder=`, `share=` ...),
/// as collections require.
fn check_share_paths(payload: &'static str, files: &[Location]) -> Result<(), Error> {
    for file in files {
        if file.party().is_some() || !matches!(file.path(), Some(PathSpec::Share { .. })) {
            return Err(Error::InvalidPayload {
                payload,
                reason: format!(
                    "{file} is not in accsyn path notation; give volume=<code>/..., folder=<code>/..., home=<email>/... or share=<code>/..."
                ),
            });
        }
    }
    Ok(())
}

wire_struct! {
    check = NewCollection::check;
    /// The payload of `collection/create`: a named set of files from volumes, folders and homes.
    ///
    /// The files must be in accsyn path notation; the constructor and deserialization check it.
    /// `files` is an `Option` so that a payload read without files is written back without.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewCollection;
    ///
    /// let collection = NewCollection::new("Project startup", vec![
    ///     "volume=assets/ASSETS/templates/vendor_structure".parse()?,
    ///     "folder=theproject/admin/theproject-specs-v1.2.doc".parse()?,
    /// ])?;
    /// assert_eq!(collection.files.map(|f| f.len()), Some(2));
    ///
    /// assert!(NewCollection::new("Bad", vec!["/Volumes/projects/x".parse()?]).is_err());
    /// let bad = r#"{"name": "Bad", "files": ["/Volumes/projects/x"]}"#;
    /// assert!(serde_json::from_str::<NewCollection>(bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewCollection {
        /// The collection's name.
        pub name: String,
        /// The files, in accsyn path notation.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub files: Option<Vec<Location>>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewCollection {
    /// A collection of `files`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPayload`] when a file is not in accsyn path notation (absolute and
    /// relative paths are refused by the backend).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewCollection;
    /// let c = NewCollection::new("Startup", vec!["share=theproject/ref/mp_ref.tif".parse()?])?;
    /// assert_eq!(c.files.map(|f| f.len()), Some(1));
    /// assert!(NewCollection::new("Bad", vec!["relative/path".parse()?]).is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, files: Vec<Location>) -> Result<NewCollection, Error> {
        let collection = NewCollection {
            name: name.into(),
            files: Some(files),
            other: Attributes::new(),
        };
        collection.check()?;
        Ok(collection)
    }

    fn check(&self) -> Result<(), Error> {
        check_share_paths("collection", self.files.as_deref().unwrap_or_default())
    }
}

wire_struct! {
    check = NewCollectionFiles::check;
    /// The payload of `file/add`: files to add to a collection (the collection id travels
    /// separately).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewCollectionFiles;
    /// let add = NewCollectionFiles::new(vec!["share=theproject/ref/mp_ref.tif".parse()?])?;
    /// assert_eq!(serde_json::to_value(&add).unwrap(), serde_json::json!({"files": ["share=theproject/ref/mp_ref.tif"]}));
    /// assert!(serde_json::from_str::<NewCollectionFiles>(r#"{"files": ["relative/x.tif"]}"#).is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewCollectionFiles {
        /// The files, in accsyn path notation.
        pub files: Vec<Location>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewCollectionFiles {
    /// Files to add.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPayload`] when a file is not in accsyn path notation.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::NewCollectionFiles;
    /// assert!(NewCollectionFiles::new(vec!["C:\\x.tif".parse()?]).is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(files: Vec<Location>) -> Result<NewCollectionFiles, Error> {
        let add = NewCollectionFiles {
            files,
            other: Attributes::new(),
        };
        add.check()?;
        Ok(add)
    }

    fn check(&self) -> Result<(), Error> {
        check_share_paths("collection files", &self.files)
    }
}

wire_struct! {
    /// The payload of `user/create`: invite a user by email.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewUser, Role};
    /// let user = NewUser::new("lisa@example.com").with_role(Role::Employee);
    /// assert_eq!(serde_json::to_value(&user).unwrap(), serde_json::json!({"code": "lisa@example.com", "role": "employee"}));
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewUser {
        /// The user's email.
        pub code: String,
        /// The role; `standard` when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role: Option<Role>,
        /// Options such as `create_home_share`, `message` or `mail`, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl NewUser {
    /// An invitation for `email`.
    ///
    /// # Examples
    ///
    /// ```
    /// let user = accsyn_model::NewUser::new("lisa@example.com");
    /// assert_eq!(user.code, "lisa@example.com");
    /// ```
    pub fn new(email: impl Into<String>) -> NewUser {
        NewUser {
            code: email.into(),
            role: None,
            other: Attributes::new(),
        }
    }

    /// Sets the role.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewUser, Role};
    /// assert_eq!(NewUser::new("a@b.com").with_role(Role::Admin).role, Some(Role::Admin));
    /// ```
    pub fn with_role(mut self, role: Role) -> NewUser {
        self.role = Some(role);
        self
    }
}

wire_struct! {
    /// The payload of removing files from a collection (`collection/file/remove`, the
    /// collection id travels separately).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{FileId, RemoveCollectionFiles};
    /// let remove = RemoveCollectionFiles::new(vec![FileId::parse("12d89033-2a8c-4029-992b-3a02b4ecc2cd")?]);
    /// assert_eq!(serde_json::to_value(&remove).unwrap(), serde_json::json!({"files": ["12d89033-2a8c-4029-992b-3a02b4ecc2cd"]}));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct RemoveCollectionFiles {
        /// The ids of the collection files to remove.
        pub files: Vec<FileId>,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl RemoveCollectionFiles {
    /// Removes these files.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{FileId, RemoveCollectionFiles};
    /// let remove = RemoveCollectionFiles::new(vec![FileId::new_v4()]);
    /// assert_eq!(remove.files.len(), 1);
    /// ```
    pub fn new(files: Vec<FileId>) -> RemoveCollectionFiles {
        RemoveCollectionFiles {
            files,
            other: Attributes::new(),
        }
    }
}

wire_struct! {
    /// Which server should serve a volume, as the product documents write the assign and
    /// deassign calls. (On the wire the official client sends `{client: <server>}` with the
    /// volume as the call's id; building that is the client's job.)
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, ServerAssignment};
    /// let assign = ServerAssignment::new(EntityId::parse("61779c54b80099ea066b0604")?, EntityId::parse("66867188e8b00e18156bcf51")?);
    /// assert_eq!(assign.server.as_str(), "66867188e8b00e18156bcf51");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct ServerAssignment {
        /// The volume.
        pub volume: EntityId,
        /// The server (a client with the server role).
        pub server: EntityId,
        /// Options this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl ServerAssignment {
    /// `server` serves `volume`.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, ServerAssignment};
    /// let a = ServerAssignment::new(EntityId::parse("61779c54b80099ea066b0604")?, EntityId::parse("66867188e8b00e18156bcf51")?);
    /// assert_eq!(a.volume.as_str(), "61779c54b80099ea066b0604");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(volume: EntityId, server: EntityId) -> ServerAssignment {
        ServerAssignment {
            volume,
            server,
            other: Attributes::new(),
        }
    }
}
