//! File operations on accsyn storage (`workspace/file`) named as in the official client,
//! answering JSON, and the publish pre-processing step. They are [`Session::files`]'s calls,
//! which answer the model's types.

use accsyn_transport::ApiRequest;
use serde_json::Value;

use accsyn_model::PublishEntry;

use crate::{Error, Ls, Result, Session};

impl Session {
    /// Lists files on storage; set options on the returned [`Ls`], then `.await` it for the
    /// listing as the server answers it. [`Files::ls`](crate::Files::ls) reads it as a
    /// [`FileListing`](crate::model::FileListing).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let listing = session.ls("share=projects/delivery").recursive(true).maxdepth(2).getsize(true).await?;
    /// println!("{listing}");
    /// # Ok(()) }
    /// ```
    pub fn ls(&self, path: impl Into<Value>) -> Ls {
        Ls::new(self.clone(), path.into())
    }

    /// The size of a file or directory as the server answers it;
    /// [`Files::getsize`](crate::Files::getsize) reads it as a
    /// [`DiskUsage`](crate::model::DiskUsage).
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let size = session.getsize("share=projects/delivery").await?;
    /// # let _ = size; Ok(()) }
    /// ```
    pub async fn getsize(&self, path: impl Into<Value>) -> Result<Value> {
        self.files().getsize_as(path.into()).await
    }

    /// Whether a file or directory exists: [`Files::exists`](crate::Files::exists).
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`] when the answer is not a boolean.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// if session.exists("share=projects/delivery/a.mov").await? {
    ///     println!("there");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exists(&self, path: impl Into<Value>) -> Result<bool> {
        self.files().exists(path).await
    }

    /// Creates a directory, answering as the server does.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.mkdir("share=projects/newdir").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mkdir(&self, path: impl Into<Value>) -> Result<Value> {
        let request = self.files().mkdir_request(path.into());
        Ok(self.result(request).await?.1)
    }

    /// Renames a file or directory in place, answering as the server does.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.rename("share=projects/newdir", "share=projects/newdir2").await?;
    /// # Ok(()) }
    /// ```
    pub async fn rename(&self, path: impl Into<Value>, to: impl Into<Value>) -> Result<Value> {
        let request = self.files().move_request("rename", path.into(), to.into());
        Ok(self.result(request).await?.1)
    }

    /// Moves a file or directory, answering as the server does.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.mv("share=projects/newdir2", "share=projects/archive/newdir2").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mv(&self, from: impl Into<Value>, to: impl Into<Value>) -> Result<Value> {
        let request = self.files().move_request("move", from.into(), to.into());
        Ok(self.result(request).await?.1)
    }

    /// Deletes a file or directory (`force`: a non-empty directory too), answering as the
    /// server does. The official client calls this `delete`.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.delete_file("share=projects/archive/newdir2", true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_file(&self, path: impl Into<Value>, force: bool) -> Result<Value> {
        let request = self.files().delete_request(path.into(), force);
        Ok(self.result(request).await?.1)
    }

    /// Pre-processes a publish: sends the file entries with their total size (entries
    /// without `size` get the sum of their `files`, recursively, as the official client
    /// computes it) and returns the server's answer. The entries are read as the model's
    /// [`PublishEntry`]s first, as [`pre_publish`](Session::pre_publish) sends them.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `files` is a list, or the call's errors.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let answer = session
    ///     .prepublish(json!([{"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "is_dir": false, "size": 10240}]))
    ///     .await?;
    /// # let _ = answer; Ok(()) }
    /// ```
    pub async fn prepublish(&self, files: Value) -> Result<Value> {
        Ok(self.result(prepublish_request(files)?).await?.1)
    }
}

/// The typed pre-publish's request, from JSON entries.
fn prepublish_request(files: Value) -> Result<ApiRequest> {
    let entries: Vec<PublishEntry> = serde_json::from_value(files).map_err(|e| {
        Error::InvalidArgument(format!(
            "prepublish needs a JSON list of file entries, each with a UUID `id` and a `filename`: {e}"
        ))
    })?;
    crate::typed::pre_publish_request(entries)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn prepublish_sums_sizes_recursively_like_the_official_client() {
        let files = json!([
            {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "a", "is_dir": false, "size": 10},
            {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "filename": "dir", "is_dir": true, "files": [
                {"filename": "b", "is_dir": false, "size": 5},
                {"filename": "sub", "is_dir": true, "files": [{"filename": "c", "size": 7}]}
            ]},
            {"id": "0b6c5d3e-8f7a-4b1c-9d2e-3f4a5b6c7d8e", "filename": "empty", "is_dir": true},
            {"id": "1c7d6e4f-9a8b-4c2d-8e3f-4a5b6c7d8e9f", "filename": "given", "size": 4,
             "files": [{"filename": "x", "size": 100}]}
        ]);
        let req = prepublish_request(files).unwrap();
        let data = req.data.unwrap();
        // A size given stands for its whole entry, as the official client counts it.
        assert_eq!(data["size"], 26);
        assert_eq!(data["files"][3]["size"], 4);
        assert_eq!(data["files"][1]["size"], 12);
        assert_eq!(data["files"][1]["files"][1]["size"], 7);
        assert_eq!(data["files"][2]["size"], 0);
        assert!(prepublish_request(json!({"files": []})).is_err());
        // Entries are matched by their UUID id: one without is refused before sending.
        assert!(prepublish_request(json!([{"filename": "a"}])).is_err());
    }
}
