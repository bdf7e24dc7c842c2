//! File operations, settings and publish jobs, blocking.

use std::collections::BTreeMap;

use accsyn_model::{DiskUsage, EntityId, FileListing, Job, NewTransfer};
use serde_json::Value;

use super::{Handler, Session};
use crate::{Ls, Result};

/// As [`crate::Files`]: file operations on storage, blocking. Made by [`Session::files`].
///
/// ```no_run
/// # let session = accsyn_client::blocking::Session::connect()?;
/// let files = session.files();
/// files.mkdir("share=projects/delivery/cuts")?;
/// let listing = files.ls_with("share=projects/delivery", |ls| ls.recursive(true))?;
/// for (path, entry) in listing.walk() {
///     println!("{path} {:?}", entry.size);
/// }
/// # Ok::<(), accsyn_client::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Files {
    inner: crate::Files,
    session: Session,
}

impl Session {
    /// As [`crate::Session::files`], blocking.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let there = session.files().exists("share=projects/delivery/a.mov")?;
    /// # let _ = there; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn files(&self) -> Files {
        Files {
            inner: self.inner.files(),
            session: self.clone(),
        }
    }

    /// As [`crate::Session::workspace_settings`], blocking.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let all = session.workspace_settings().all()?;
    /// # let _ = all; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn workspace_settings(&self) -> Settings {
        Settings {
            inner: self.inner.workspace_settings(),
            session: self.clone(),
        }
    }
}

impl Files {
    /// As [`crate::Files::ls`] with no options: the entries directly beneath `path`.
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let listing = session.files().ls("share=projects")?;
    /// # let _ = listing; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn ls(&self, path: impl Into<Value>) -> Result<FileListing> {
        self.ls_with(path, |ls| ls)
    }

    /// As [`crate::Files::ls`], with its options set by `options`.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let movies = session.files().ls_with("share=projects", |ls| ls.recursive(true).include("*.mov"))?;
    /// # let _ = movies; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn ls_with(
        &self,
        path: impl Into<Value>,
        options: impl FnOnce(Ls<FileListing>) -> Ls<FileListing>,
    ) -> Result<FileListing> {
        self.session.run(options(self.inner.ls(path)).send())
    }

    /// As [`crate::Files::getsize`], blocking.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// println!("{} bytes", session.files().getsize("share=projects")?.size);
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn getsize(&self, path: impl Into<Value>) -> Result<DiskUsage> {
        self.session.run(self.inner.getsize(path))
    }

    /// As [`crate::Files::exists`], blocking.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let there = session.files().exists("share=projects/a.mov")?;
    /// # let _ = there; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn exists(&self, path: impl Into<Value>) -> Result<bool> {
        self.session.run(self.inner.exists(path))
    }

    /// As [`crate::Files::mkdir`], blocking.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.files().mkdir("share=projects/cuts")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn mkdir(&self, path: impl Into<Value>) -> Result<()> {
        self.session.run(self.inner.mkdir(path))
    }

    /// As [`crate::Files::rename`], blocking.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.files().rename("share=projects/cuts", "share=projects/edits")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn rename(&self, path: impl Into<Value>, to: impl Into<Value>) -> Result<()> {
        self.session.run(self.inner.rename(path, to))
    }

    /// As [`crate::Files::mv`], blocking.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.files().mv("share=projects/edits", "share=archive/edits")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn mv(&self, from: impl Into<Value>, to: impl Into<Value>) -> Result<()> {
        self.session.run(self.inner.mv(from, to))
    }

    /// As [`crate::Files::delete`], blocking.
    ///
    /// # Errors
    /// As [`ls`](Self::ls).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.files().delete("share=archive/edits", true)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn delete(&self, path: impl Into<Value>, force: bool) -> Result<()> {
        self.session.run(self.inner.delete(path, force))
    }
}

/// As [`crate::Settings`]: one owner's settings, blocking. Made by
/// [`Session::workspace_settings`] and [`Handler::settings`].
///
/// ```no_run
/// # let session = accsyn_client::blocking::Session::connect()?;
/// let settings = session.workspace_settings();
/// settings.set("transfer_speed_limit", "100")?;
/// assert_eq!(settings.get("transfer_speed_limit")?, Some("100".into()));
/// # Ok::<(), accsyn_client::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Settings {
    inner: crate::Settings,
    session: Session,
}

impl<T> Handler<T> {
    /// As [`crate::Handler::settings`], blocking.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let all = session.volumes().settings(&"6971e16fceadd67b955b1995".parse()?).all()?;
    /// # let _ = all; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn settings(&self, id: &EntityId) -> Settings {
        Settings {
            inner: self.inner.settings(id),
            session: self.session.clone(),
        }
    }
}

impl Settings {
    /// As [`crate::Settings::get`], blocking.
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let limit = session.workspace_settings().get("transfer_speed_limit")?;
    /// # let _ = limit; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Result<Option<Value>> {
        self.session.run(self.inner.get(name))
    }

    /// As [`crate::Settings::all`], blocking.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let all = session.workspace_settings().all()?;
    /// # let _ = all; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn all(&self) -> Result<BTreeMap<String, Value>> {
        self.session.run(self.inner.all())
    }

    /// As [`crate::Settings::all_with`], blocking.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let effective = session.workspace_settings().all_with(false, false)?;
    /// # let _ = effective; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn all_with(&self, upstream: bool, omit_defaults: bool) -> Result<BTreeMap<String, Value>> {
        self.session
            .run(self.inner.all_with(upstream, omit_defaults))
    }

    /// As [`crate::Settings::set`], blocking.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.workspace_settings().set("notify", "false")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn set(&self, name: &str, value: impl Into<String>) -> Result<bool> {
        self.session.run(self.inner.set(name, value))
    }

    /// As [`crate::Settings::delete`], blocking.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.workspace_settings().delete("notify")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn delete(&self, name: &str) -> Result<bool> {
        self.session.run(self.inner.delete(name))
    }
}

impl Handler<Job> {
    /// As [`crate::Handler::<Job>::create`]: a job (a publish job, say) from a transfer
    /// payload, blocking.
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let job = session.jobs().create(&accsyn_client::model::NewTransfer::list([]).with_code("publish"))?;
    /// # let _ = job; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn create(&self, payload: &NewTransfer) -> Result<Job> {
        self.session.run(self.inner.create(payload))
    }
}
