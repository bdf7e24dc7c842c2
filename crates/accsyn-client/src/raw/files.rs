//! File operations on accsyn storage (`workspace/file`) and the publish pre-processing step.
//! Paths are anything JSON: a path such as `share=projects/delivery`, or a list of them.

use std::future::IntoFuture;

use accsyn_transport::ApiRequest;
use serde_json::{Map, Value, json};

use super::BoxFuture;
use crate::{Error, Result, Session};

impl Session {
    /// Lists files on storage; set options on the returned [`Ls`], then `.await` it for the
    /// listing as the server answers it.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let listing = session.ls("share=projects/delivery").recursive(true).maxdepth(2).getsize(true).await?;
    /// println!("{listing}");
    /// # Ok(()) }
    /// ```
    pub fn ls(&self, path: impl Into<Value>) -> Ls {
        let mut data = Map::new();
        data.insert("op".into(), "ls".into());
        data.insert("path".into(), path.into());
        // The official client always asks for a download-style listing.
        data.insert("download".into(), true.into());
        data.insert("recursive".into(), false.into());
        data.insert("getsize".into(), false.into());
        Ls {
            session: self.clone(),
            data,
        }
    }

    /// The size of a file or directory (`include`/`exclude`: filters, as for [`ls`](Self::ls)).
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
        self.file_op(
            ApiRequest::get("workspace/file"),
            json!({"op": "getsize", "path": path.into()}),
        )
        .await
    }

    /// Whether a file or directory exists.
    ///
    /// # Errors
    /// The call's errors, or [`Error::UnexpectedReply`] when the answer is not a boolean.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// if session.exists("share=projects/delivery/a.mov").await? {
    ///     println!("there");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exists(&self, path: impl Into<Value>) -> Result<bool> {
        let request = ApiRequest::get("workspace/file")
            .with_data(json!({"op": "exists", "path": path.into()}));
        match self.result(request).await? {
            (_, Value::Bool(b)) => Ok(b),
            (uri, _) => Err(Error::UnexpectedReply {
                uri,
                expected: "a boolean",
            }),
        }
    }

    /// Creates a directory.
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
        self.file_op(
            ApiRequest::post("workspace/file"),
            json!({"op": "mkdir", "path": path.into()}),
        )
        .await
    }

    /// Renames a file or directory in place.
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
        let data = json!({"op": "rename", "path": path.into(), "path_to": to.into()});
        self.file_op(ApiRequest::put("workspace/file"), data).await
    }

    /// Moves a file or directory.
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
        let data = json!({"op": "move", "path": from.into(), "path_to": to.into()});
        self.file_op(ApiRequest::put("workspace/file"), data).await
    }

    /// Deletes a file or directory (`force`: a non-empty directory too). The official
    /// client calls this `delete`.
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
        let data = json!({"op": "delete", "path": path.into(), "force": force});
        self.file_op(ApiRequest::post("workspace/file"), data).await
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

    async fn file_op(&self, request: ApiRequest, data: Value) -> Result<Value> {
        Ok(self.result(request.with_data(data)).await?.1)
    }
}

/// A listing in the making; made by [`Session::ls`].
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let ls = session.ls("share=projects/delivery").files_only();
/// let listing = ls.await?;
/// # let _ = listing; Ok(()) }
/// ```
#[must_use = "a listing does nothing until it is awaited"]
#[derive(Debug)]
pub struct Ls {
    session: Session,
    data: Map<String, Value>,
}

impl Ls {
    fn set(mut self, key: &str, value: Value) -> Self {
        self.data.insert(key.into(), value);
        self
    }

    /// Lists subdirectories too.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let all = session.ls("share=projects").recursive(true).await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn recursive(self, recursive: bool) -> Self {
        self.set("recursive", recursive.into())
    }

    /// Descends at most this many levels; `0` means no limit, and is not sent (the official
    /// client leaves a zero `maxdepth` out; sent, it would ask for a listing zero levels deep).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let two = session.ls("share=projects").recursive(true).maxdepth(2).await?;
    /// # let _ = two; Ok(()) }
    /// ```
    pub fn maxdepth(mut self, depth: u32) -> Self {
        if depth == 0 {
            self.data.remove("maxdepth");
            self
        } else {
            self.set("maxdepth", depth.into())
        }
    }

    /// Includes directory sizes.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let sized = session.ls("share=projects").getsize(true).await?;
    /// # let _ = sized; Ok(()) }
    /// ```
    pub fn getsize(self, getsize: bool) -> Self {
        self.set("getsize", getsize.into())
    }

    /// Lists files only.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let files = session.ls("share=projects").files_only().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub fn files_only(self) -> Self {
        self.set("files_only", true.into())
    }

    /// Lists directories only.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let dirs = session.ls("share=projects").directories_only().await?;
    /// # let _ = dirs; Ok(()) }
    /// ```
    pub fn directories_only(self) -> Self {
        self.set("directories_only", true.into())
    }

    /// Keeps only names matching this filter (case-insensitive; `re('...', 'I')` for a
    /// case-sensitive regular expression) or list of filters.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let movies = session.ls("share=projects").include("*.mov").await?;
    /// # let _ = movies; Ok(()) }
    /// ```
    pub fn include(self, filter: impl Into<Value>) -> Self {
        self.set("include", filter.into())
    }

    /// Leaves out names matching this filter or list of filters.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let no_temp = session.ls("share=projects").exclude(vec!["*.tmp", ".*"]).await?;
    /// # let _ = no_temp; Ok(()) }
    /// ```
    pub fn exclude(self, filter: impl Into<Value>) -> Self {
        self.set("exclude", filter.into())
    }

    /// Sends the listing (what `.await` does).
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let listing = session.ls("share=projects").send().await?;
    /// # let _ = listing; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Value> {
        let request = ApiRequest::get("workspace/file").with_data(Value::Object(self.data));
        Ok(self.session.result(request).await?.1)
    }
}

impl IntoFuture for Ls {
    type Output = Result<Value>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
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
    fn ls_sends_the_official_clients_data_and_no_zero_maxdepth() {
        let session =
            Session::from_transport(std::sync::Arc::new(accsyn_transport::MockTransport::new()));
        let ls = session.ls("share=projects/delivery");
        assert_eq!(
            Value::Object(ls.data.clone()),
            json!({"op": "ls", "path": "share=projects/delivery", "download": true,
                   "recursive": false, "getsize": false})
        );
        // As recorded from the official client.
        let deep = ls.recursive(true).getsize(true).maxdepth(2);
        assert_eq!(
            Value::Object(deep.data.clone()),
            json!({"op": "ls", "path": "share=projects/delivery", "download": true,
                   "recursive": true, "getsize": true, "maxdepth": 2})
        );
        let unlimited = deep.maxdepth(0);
        assert!(
            !unlimited.data.contains_key("maxdepth"),
            "{:?}",
            unlimited.data
        );
    }

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
