//! Storage administration: servers assigned to volumes, files removed from collections.
//! The request shapes are pure functions beside the calls, tested at the bottom.

use accsyn_transport::ApiRequest;
use serde_json::Value;

use crate::query_arg::wire_type;
use crate::{Error, Result, Session};

impl Session {
    /// Assigns a server (a client of server type) to serve a volume.
    ///
    /// # Errors
    /// [`Error::Model`] when an id is not an entity id (nothing sent), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.assign_server("5b0faf03304bfd4810dbd5fc", "5da08873b0eb10fade60b3f7").await?;
    /// # Ok(()) }
    /// ```
    pub async fn assign_server(&self, volume: &str, server: &str) -> Result<Value> {
        self.volumes().assign(volume, server).await
    }

    /// The servers assigned to a volume.
    ///
    /// # Errors
    /// [`Error::Model`] for a malformed id, or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// for server in session.server_assignments("5b0faf03304bfd4810dbd5fc").await? {
    ///     println!("{server}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn server_assignments(&self, volume: &str) -> Result<Vec<Value>> {
        self.volumes().assignments(volume).await
    }

    /// Removes a server's assignment to a volume.
    ///
    /// # Errors
    /// [`Error::Model`] for a malformed id, or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.deassign_server("5b0faf03304bfd4810dbd5fc", "5da08873b0eb10fade60b3f7").await?;
    /// # Ok(()) }
    /// ```
    pub async fn deassign_server(&self, volume: &str, server: &str) -> Result<Value> {
        self.volumes().deassign(volume, server).await
    }

    /// Deletes several sub-entities at once: files from a collection
    /// (`data = {"files": [file ids]}`), the only kind the backend offers.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for another entity type or empty data, [`Error::Model`]
    /// for a malformed parent id, or the call's errors.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session
    ///     .delete_many("Collection", "5b0faf03304bfd4810dbd5fc",
    ///         json!({"files": ["12d89033-2a8c-4029-992b-3a02b4ecc2cd"]}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_many(&self, entity_type: &str, parent: &str, data: Value) -> Result<Value> {
        Ok(self
            .result(delete_many(entity_type, parent, data)?)
            .await?
            .1)
    }
}

/// An id checked before it travels, as the official client asserts, without the
/// `ObjectId:` prefix that parsing accepts.
fn id(text: &str) -> Result<String> {
    crate::request::bare_id(text)
}

/// `collection/file/remove`.
fn delete_many(entity_type: &str, parent: &str, data: Value) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    if ty != "collection" {
        return Err(Error::InvalidArgument(format!(
            "only files of a collection can be deleted many at once, not `{ty}`: use `Session::delete_one`"
        )));
    }
    if data.as_object().is_none_or(|m| m.is_empty()) {
        return Err(Error::InvalidArgument(
            "delete_many needs data such as {\"files\": [file ids]}".into(),
        ));
    }
    Ok(ApiRequest::delete("collection/file/remove")
        .with_data(data)
        .with_id(id(parent)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use accsyn_transport::Method;
    use serde_json::json;

    const VOLUME: &str = "0123456789abcdef01234567";

    #[test]
    fn delete_many_is_for_collection_files_only() {
        let files = json!({"files": ["12d89033-2a8c-4029-992b-3a02b4ecc2cd"]});
        let req = delete_many("Collection", VOLUME, files.clone()).unwrap();
        assert_eq!(
            (req.method, req.uri.as_str()),
            (Method::Delete, "collection/file/remove")
        );
        assert_eq!(
            (req.data, req.id.as_deref()),
            (Some(files.clone()), Some(VOLUME))
        );
        assert!(matches!(
            delete_many("transfer", VOLUME, files),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            delete_many("collection", VOLUME, json!({})),
            Err(Error::InvalidArgument(_))
        ));
    }
}
