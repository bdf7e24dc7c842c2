//! Typed storage workflows: share statuses, the servers of a volume, the files of a
//! collection, and the publish pre-processing step.

use accsyn_model::{
    Collection, CollectionFile, EntityId, Folder, Home, NewCollectionFiles, PrePublish,
    PrePublishAnswer, PublishEntry, RemoveCollectionFiles, ShareStatus, Volume, VolumeServer,
    VolumeStatus,
};
use accsyn_transport::ApiRequest;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::{Handler, TypedFind, one_or_many, settable, to_json};
use crate::session::decode;
use crate::{Result, Session, request};

/// `set_status` of a kind of share, checked against the model's writeable statuses.
macro_rules! share_status {
    ($status:ty, $($entity:ty => $name:literal),*) => {$(
        impl Handler<$entity> {
            #[doc = concat!("Sets the ", $name, "'s status (`enabled`, `disabled`); the others are the server's to set.")]
            ///
            /// # Errors
            /// [`Error::StatusNotSettable`](crate::Error::StatusNotSettable) for a status the server sets itself, such as
            /// `offline` (nothing is sent), else as [`update`](Self::update).
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            #[doc = concat!("use accsyn_client::model::", stringify!($status), ";")]
            #[doc = concat!("session.", $name, "s().set_status(&id, ", stringify!($status), "::Disabled).await?;")]
            /// # Ok(()) }
            /// ```
            pub async fn set_status(&self, id: &EntityId, status: $status) -> Result<$entity> {
                settable($name, &status, status.is_writeable(), <$status>::KNOWN, <$status>::is_writeable)?;
                self.update(id, &json!({ "status": status })).await
            }
        }
    )*};
}

share_status!(VolumeStatus, Volume => "volume");
share_status!(ShareStatus, Folder => "folder", Home => "home");

impl Handler<Volume> {
    /// The servers assigned to serve the volume: the main site's and any site servers.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// for served in session.volumes().servers(&id).await? {
    ///     println!("{} at {:?}: {:?}", served.client, served.site, served.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn servers(&self, id: &EntityId) -> Result<Vec<VolumeServer>> {
        self.assignments(id.as_str()).await
    }

    /// Assigns a server (a client with the server role, running with an admin's account) to
    /// serve the volume; new jobs use it, running ones are not affected. `true` when done.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode) for an answer that is
    /// not a boolean.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, volume: accsyn_client::model::EntityId, server: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// session.volumes().assign_server(&volume, &server).await?;
    /// # Ok(()) }
    /// ```
    pub async fn assign_server(&self, id: &EntityId, server: &EntityId) -> Result<bool> {
        self.assign(id.as_str(), server.as_str()).await
    }

    /// Stops a server from serving the volume; `false` when it did not serve it.
    ///
    /// # Errors
    /// As [`assign_server`](Self::assign_server).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, volume: accsyn_client::model::EntityId, server: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// session.volumes().deassign_server(&volume, &server).await?;
    /// # Ok(()) }
    /// ```
    pub async fn deassign_server(&self, id: &EntityId, server: &EntityId) -> Result<bool> {
        self.deassign(id.as_str(), server.as_str()).await
    }

    /// `volume/servers`, read as `T` (the typed call's entries, or the flat call's JSON).
    pub(crate) async fn assignments<T: DeserializeOwned>(&self, volume: &str) -> Result<Vec<T>> {
        let (_, list) = self
            .session
            .typed::<Vec<T>>(server_requests::assignments(volume)?)
            .await?;
        Ok(list.unwrap_or_default())
    }

    /// `share/server` (PUT), the answer read as `T`.
    pub(crate) async fn assign<T: DeserializeOwned>(
        &self,
        volume: &str,
        server: &str,
    ) -> Result<T> {
        let request = server_requests::assign(volume, server)?;
        self.session.typed_result(request).await
    }

    /// `volume/server` (DELETE), the answer read as `T`.
    pub(crate) async fn deassign<T: DeserializeOwned>(
        &self,
        volume: &str,
        server: &str,
    ) -> Result<T> {
        let request = server_requests::deassign(volume, server)?;
        self.session.typed_result(request).await
    }
}

/// The requests of server assignment, ids checked before they travel (as the official
/// client asserts), without the `ObjectId:` prefix that parsing accepts.
mod server_requests {
    use accsyn_transport::ApiRequest;
    use serde_json::json;

    use crate::Result;
    use crate::request::bare_id;

    /// `share/server` (PUT): assign.
    pub(super) fn assign(volume: &str, server: &str) -> Result<ApiRequest> {
        Ok(ApiRequest::put("share/server")
            .with_data(json!({ "client": bare_id(server)? }))
            .with_id(bare_id(volume)?))
    }

    /// `volume/servers`.
    pub(super) fn assignments(volume: &str) -> Result<ApiRequest> {
        Ok(ApiRequest::get("volume/servers")
            .with_data(json!({}))
            .with_id(bare_id(volume)?))
    }

    /// `volume/server` (DELETE): deassign.
    pub(super) fn deassign(volume: &str, server: &str) -> Result<ApiRequest> {
        Ok(ApiRequest::delete("volume/server")
            .with_data(json!({ "client": bare_id(server)? }))
            .with_id(bare_id(volume)?))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::Error;
        use accsyn_transport::Method;

        const VOLUME: &str = "0123456789abcdef01234567";
        const SERVER: &str = "5da08873b0eb10fade60b3f7";

        #[test]
        fn server_assignment_shapes() {
            let put = assign(VOLUME, SERVER).unwrap();
            assert_eq!(
                (put.method, put.uri.as_str()),
                (Method::Put, "share/server")
            );
            assert_eq!(
                (put.data, put.id.as_deref()),
                (Some(json!({"client": SERVER})), Some(VOLUME))
            );
            let get = assignments(VOLUME).unwrap();
            assert_eq!(
                (get.method, get.uri.as_str()),
                (Method::Get, "volume/servers")
            );
            assert_eq!(
                (get.data, get.id.as_deref()),
                (Some(json!({})), Some(VOLUME))
            );
            let del = deassign(VOLUME, SERVER).unwrap();
            assert_eq!(
                (del.method, del.uri.as_str()),
                (Method::Delete, "volume/server")
            );
            assert_eq!(del.data, Some(json!({"client": SERVER})));
            assert!(matches!(assign("projects", SERVER), Err(Error::Model(_))));
            // The `ObjectId:` prefix that replies carry is not sent.
            let prefixed = assign(&format!("ObjectId:{VOLUME}"), SERVER).unwrap();
            assert_eq!(prefixed.id.as_deref(), Some(VOLUME));
        }
    }
}

impl Handler<Collection> {
    /// The files in a collection; set options on the returned find, then `.await` it.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// for file in session.collections().files(&id).await? {
    ///     println!("{:?}", file.path);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn files(&self, id: &EntityId) -> TypedFind<CollectionFile> {
        TypedFind::new(self.session.clone(), Ok(accsyn_query::Query::new("file")))
            .parent(id.as_str())
    }

    /// Adds files (volume, folder or home paths in accsyn notation) to a collection; returns
    /// the added files.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// use accsyn_client::model::NewCollectionFiles;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> Result<(), Box<dyn std::error::Error>> {
    /// let files = NewCollectionFiles::new(vec!["share=theproject/ref/mp_ref.tif".parse()?])?;
    /// session.collections().add_files(&id, &files).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_files(
        &self,
        id: &EntityId,
        files: &NewCollectionFiles,
    ) -> Result<Vec<CollectionFile>> {
        let request = request::create(
            "file",
            to_json(files)?,
            Some(id.as_str()),
            request::Duplicates::default(),
        )?;
        let (uri, value) = self.session.result(request).await?;
        one_or_many(uri, value, "a file or a list of files")
    }

    /// Removes files (by their collection file ids) from a collection; `false` when none
    /// was in it. The files themselves stay where they are.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// use accsyn_client::model::RemoveCollectionFiles;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> Result<(), Box<dyn std::error::Error>> {
    /// let gone = RemoveCollectionFiles::new(vec!["12d89033-2a8c-4029-992b-3a02b4ecc2cd".parse()?]);
    /// session.collections().remove_files(&id, &gone).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_files(&self, id: &EntityId, files: &RemoveCollectionFiles) -> Result<bool> {
        let answer = self
            .session
            .delete_many("collection", id.as_str(), to_json(files)?)
            .await?;
        Ok(answer.as_bool().unwrap_or(true))
    }
}

impl Session {
    /// Asks the workspace's pre-publish hook to validate entries before they are uploaded
    /// (sizes summed as the official client sums them); the answer says, per entry, whether
    /// it can be uploaded or published, and what to ask the user.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// use accsyn_client::model::PublishEntry;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let answer = session.pre_publish(vec![PublishEntry::file("first_file", 10240)]).await?;
    /// for entry in &answer.files {
    ///     println!("{} can be published: {:?}", entry.filename, entry.can_publish);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn pre_publish(&self, entries: Vec<PublishEntry>) -> Result<PrePublishAnswer> {
        let (uri, answer) = self.result(pre_publish_request(entries)?).await?;
        decode(&uri, answer)
    }
}

/// `workspace/publish/preprocess` with the entries and their summed size.
pub(crate) fn pre_publish_request(entries: Vec<PublishEntry>) -> Result<ApiRequest> {
    let call = PrePublish::new(entries);
    Ok(ApiRequest::put("workspace/publish/preprocess").with_data(to_json(&call)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_the_server_sets_are_refused_naming_the_settable_ones() {
        let err = settable(
            "volume",
            &VolumeStatus::Offline,
            VolumeStatus::Offline.is_writeable(),
            VolumeStatus::KNOWN,
            VolumeStatus::is_writeable,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("`offline`") && text.contains("`enabled`, `disabled`"),
            "{text}"
        );
        assert!(
            settable(
                "volume",
                &VolumeStatus::Enabled,
                true,
                VolumeStatus::KNOWN,
                VolumeStatus::is_writeable
            )
            .is_ok()
        );
    }
}
