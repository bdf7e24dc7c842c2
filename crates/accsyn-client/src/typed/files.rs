//! File operations on accsyn storage (`workspace/file`): listings and sizes as the model's
//! types, and the changes (`mkdir`, `rename`, `mv`, `delete`).
//!
//! Paths are accsyn path notation (`share=projects/delivery`), or a JSON list of them where
//! the server takes several. The flat calls named after the official client's
//! ([`Session::ls`], [`Session::getsize`], ...) are these, answering JSON.

use std::future::IntoFuture;
use std::marker::PhantomData;

use accsyn_model::{DiskUsage, FileListing};
use accsyn_transport::ApiRequest;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::raw::{BoxFuture, boxed};
use crate::{Error, Result, Session};

/// File operations on storage: [`Session::files`].
///
/// Like every handler it owns a clone of the [`Session`], so it and its listings are
/// `'static`.
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let files = session.files();
/// files.mkdir("share=projects/delivery/cuts").await?;
/// for (path, entry) in files.ls("share=projects/delivery").recursive(true).await?.walk() {
///     println!("{path} {:?}", entry.size);
/// }
/// println!("{} bytes", files.getsize("share=projects/delivery").await?.size);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Files {
    session: Session,
}

impl Session {
    /// File operations on storage, answering the model's types.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// if session.files().exists("share=projects/delivery/a.mov").await? {
    ///     println!("there");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn files(&self) -> Files {
        Files {
            session: self.clone(),
        }
    }
}

/// The data of one file operation.
fn op(name: &str, path: Value) -> Map<String, Value> {
    let mut data = Map::new();
    data.insert("op".into(), name.into());
    data.insert("path".into(), path);
    data
}

impl Files {
    /// Lists files on storage; set options on the returned [`Ls`], then `.await` it.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let listing = session.files().ls("share=projects/delivery").getsize(true).await?;
    /// for entry in &listing.files {
    ///     println!("{} {:?}", entry.filename, entry.size);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn ls(&self, path: impl Into<Value>) -> Ls<FileListing> {
        Ls::new(self.session.clone(), path.into())
    }

    /// The size of a file or directory, and the files and directories beneath it.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`] when the answer is not a size.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let usage = session.files().getsize("share=projects/delivery").await?;
    /// println!("{} bytes in {:?} files", usage.size, usage.files);
    /// # Ok(()) }
    /// ```
    pub async fn getsize(&self, path: impl Into<Value>) -> Result<DiskUsage> {
        self.getsize_as(path.into()).await
    }

    pub(crate) async fn getsize_as<T: DeserializeOwned>(&self, path: Value) -> Result<T> {
        let request = ApiRequest::get("workspace/file").with_data(op("getsize", path).into());
        self.session.typed_result(request).await
    }

    /// Whether a file or directory exists.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`] when the answer is not a boolean.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let there = session.files().exists("share=projects/delivery/a.mov").await?;
    /// # let _ = there; Ok(()) }
    /// ```
    pub async fn exists(&self, path: impl Into<Value>) -> Result<bool> {
        let request = ApiRequest::get("workspace/file").with_data(op("exists", path.into()).into());
        self.session.typed_result(request).await
    }

    /// Creates a directory.
    ///
    /// # Errors
    /// The call's errors (the server refuses a path outside the shares you may write to), or
    /// [`Error::UnexpectedReply`] when it answers `false`.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.files().mkdir("share=projects/newdir").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mkdir(&self, path: impl Into<Value>) -> Result<()> {
        let request = self.mkdir_request(path.into());
        done(self.session.result(request).await?)
    }

    pub(crate) fn mkdir_request(&self, path: Value) -> ApiRequest {
        ApiRequest::post("workspace/file").with_data(op("mkdir", path).into())
    }

    /// Renames a file or directory in place (`to` is in the same directory).
    ///
    /// # Errors
    /// As [`mkdir`](Self::mkdir).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.files().rename("share=projects/newdir", "share=projects/newdir2").await?;
    /// # Ok(()) }
    /// ```
    pub async fn rename(&self, path: impl Into<Value>, to: impl Into<Value>) -> Result<()> {
        let request = self.move_request("rename", path.into(), to.into());
        done(self.session.result(request).await?)
    }

    /// Moves a file or directory.
    ///
    /// # Errors
    /// As [`mkdir`](Self::mkdir).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.files().mv("share=projects/newdir2", "share=projects/archive/newdir2").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mv(&self, from: impl Into<Value>, to: impl Into<Value>) -> Result<()> {
        let request = self.move_request("move", from.into(), to.into());
        done(self.session.result(request).await?)
    }

    /// `rename` and `move` as the official client sends them.
    pub(crate) fn move_request(&self, name: &str, path: Value, to: Value) -> ApiRequest {
        let mut data = op(name, path);
        data.insert("path_to".into(), to);
        ApiRequest::put("workspace/file").with_data(data.into())
    }

    /// Deletes a file or directory; `force` deletes a non-empty directory too.
    ///
    /// # Errors
    /// As [`mkdir`](Self::mkdir); the server refuses a non-empty directory without `force`.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.files().delete("share=projects/archive/newdir2", true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, path: impl Into<Value>, force: bool) -> Result<()> {
        let request = self.delete_request(path.into(), force);
        done(self.session.result(request).await?)
    }

    pub(crate) fn delete_request(&self, path: Value, force: bool) -> ApiRequest {
        let mut data = op("delete", path);
        data.insert("force".into(), force.into());
        ApiRequest::post("workspace/file").with_data(data.into())
    }
}

/// A change's answer: anything but `false` is done (the server says why it refused in a
/// `message`, which the transport has already made an error).
fn done((uri, result): (String, Value)) -> Result<()> {
    match result {
        Value::Bool(false) => Err(Error::UnexpectedReply {
            uri,
            expected: "`true` (the server answered `false` without saying why)",
        }),
        _ => Ok(()),
    }
}

/// A listing in the making; made by [`Files::ls`] (answering a [`FileListing`]) or
/// [`Session::ls`] (answering JSON).
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let ls = session.files().ls("share=projects/delivery").files_only();
/// let listing = ls.await?;
/// # let _ = listing; Ok(()) }
/// ```
#[must_use = "a listing does nothing until it is awaited"]
#[derive(Debug)]
pub struct Ls<T = Value> {
    session: Session,
    data: Map<String, Value>,
    _answer: PhantomData<fn() -> T>,
}

impl<T> Ls<T> {
    pub(crate) fn new(session: Session, path: Value) -> Self {
        let mut data = op("ls", path);
        // The official client always asks for a download-style listing.
        data.insert("download".into(), true.into());
        data.insert("recursive".into(), false.into());
        data.insert("getsize".into(), false.into());
        Ls {
            session,
            data,
            _answer: PhantomData,
        }
    }

    fn set(mut self, key: &str, value: Value) -> Self {
        self.data.insert(key.into(), value);
        self
    }

    /// Lists subdirectories too.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let all = session.files().ls("share=projects").recursive(true).await?;
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
    /// let two = session.files().ls("share=projects").recursive(true).maxdepth(2).await?;
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
    /// let sized = session.files().ls("share=projects").getsize(true).await?;
    /// # let _ = sized; Ok(()) }
    /// ```
    pub fn getsize(self, getsize: bool) -> Self {
        self.set("getsize", getsize.into())
    }

    /// Lists files only (a flat list: each name is its path beneath the listed one).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let files = session.files().ls("share=projects").files_only().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub fn files_only(self) -> Self {
        self.set("files_only", true.into())
    }

    /// Lists directories only.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let dirs = session.files().ls("share=projects").directories_only().await?;
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
    /// let movies = session.files().ls("share=projects").include("*.mov").await?;
    /// # let _ = movies; Ok(()) }
    /// ```
    pub fn include(self, filter: impl Into<Value>) -> Self {
        self.set("include", filter.into())
    }

    /// Leaves out names matching this filter or list of filters.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let no_temp = session.files().ls("share=projects").exclude(vec!["*.tmp", ".*"]).await?;
    /// # let _ = no_temp; Ok(()) }
    /// ```
    pub fn exclude(self, filter: impl Into<Value>) -> Self {
        self.set("exclude", filter.into())
    }

    /// The request this listing sends.
    fn request(&self) -> ApiRequest {
        ApiRequest::get("workspace/file").with_data(Value::Object(self.data.clone()))
    }
}

impl<T: DeserializeOwned> Ls<T> {
    /// Sends the listing (what `.await` does), reading the answer straight from the reply's
    /// bytes.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`] naming the JSON path that does not fit.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let listing = session.files().ls("share=projects").send().await?;
    /// # let _ = listing; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<T> {
        self.session.typed_result(self.request()).await
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Ls<T> {
    type Output = Result<T>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        boxed(self.send())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn session() -> Session {
        Session::from_transport(std::sync::Arc::new(accsyn_transport::MockTransport::new()))
    }

    #[test]
    fn ls_sends_the_official_clients_data_and_no_zero_maxdepth() {
        let ls = session().files().ls("share=projects/delivery");
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
    fn changes_send_the_official_clients_methods_and_data() {
        let files = session().files();
        let mkdir = files.mkdir_request("share=p/d".into());
        assert_eq!(mkdir.method, accsyn_transport::Method::Post);
        assert_eq!(
            mkdir.data,
            Some(json!({"op": "mkdir", "path": "share=p/d"}))
        );
        let mv = files.move_request("move", "share=p/a".into(), "share=p/b".into());
        assert_eq!(mv.method, accsyn_transport::Method::Put);
        assert_eq!(
            mv.data,
            Some(json!({"op": "move", "path": "share=p/a", "path_to": "share=p/b"}))
        );
        let delete = files.delete_request("share=p/a".into(), true);
        assert_eq!(delete.method, accsyn_transport::Method::Post);
        assert_eq!(
            delete.data,
            Some(json!({"op": "delete", "path": "share=p/a", "force": true}))
        );
    }

    #[test]
    fn a_false_answer_is_not_done() {
        assert!(done(("workspace/file".into(), json!(true))).is_ok());
        assert!(done(("workspace/file".into(), json!({"ok": 1}))).is_ok());
        assert!(matches!(
            done(("workspace/file".into(), json!(false))),
            Err(Error::UnexpectedReply { .. })
        ));
    }
}
