//! File operations on accsyn storage (`workspace/file`) named as in the official client,
//! answering JSON, and the publish pre-processing step. They are [`Session::files`]'s calls,
//! which answer the model's types.

use accsyn_transport::ApiRequest;
use serde_json::{Value, json};

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
    /// computes it) and returns the server's answer.
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

/// `workspace/publish/preprocess` with the files' total size.
fn prepublish_request(mut files: Value) -> Result<ApiRequest> {
    let Value::Array(entries) = &mut files else {
        return Err(Error::InvalidArgument(
            "prepublish needs a JSON list of file entries".into(),
        ));
    };
    let size = fill_sizes(entries);
    Ok(ApiRequest::put("workspace/publish/preprocess")
        .with_data(json!({ "files": files, "size": size })))
}

/// Gives every entry without `size` the sum of its `files` (0 for a file or an empty
/// directory), recursively; returns the total. Saturates rather than overflowing.
fn fill_sizes(entries: &mut [Value]) -> u64 {
    let mut total: u64 = 0;
    for entry in entries {
        let Some(map) = entry.as_object_mut() else {
            continue;
        };
        let size = match map.get("size").and_then(Value::as_u64) {
            Some(size) => size,
            None => {
                let is_dir = map.get("is_dir").and_then(Value::as_bool) == Some(true);
                let size = match map.get_mut("files") {
                    Some(Value::Array(children)) if is_dir => fill_sizes(children),
                    _ => 0,
                };
                map.insert("size".into(), size.into());
                size
            }
        };
        total = total.saturating_add(size);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepublish_sums_sizes_recursively_like_the_official_client() {
        let files = json!([
            {"filename": "a", "is_dir": false, "size": 10},
            {"filename": "dir", "is_dir": true, "files": [
                {"filename": "b", "is_dir": false, "size": 5},
                {"filename": "sub", "is_dir": true, "files": [{"filename": "c", "size": 7}]}
            ]},
            {"filename": "empty", "is_dir": true}
        ]);
        let req = prepublish_request(files).unwrap();
        let data = req.data.unwrap();
        assert_eq!(data["size"], 22);
        assert_eq!(data["files"][1]["size"], 12);
        assert_eq!(data["files"][1]["files"][1]["size"], 7);
        assert_eq!(data["files"][2]["size"], 0);
        assert!(prepublish_request(json!({"files": []})).is_err());
    }
}
