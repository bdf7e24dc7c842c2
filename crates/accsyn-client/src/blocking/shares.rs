//! Shares, users and collections, blocking: the async handlers' calls run to completion.

use accsyn_model::{
    Collection, CollectionFile, EntityId, Folder, Home, NewCollection, NewCollectionFiles,
    NewFolder, NewHome, NewUser, NewVolume, PrePublishAnswer, PublishEntry, Recipient,
    RemoveCollectionFiles, Request, ShareStatus, Task, Transfer, User, Volume, VolumeServer,
    VolumeStatus,
};

use super::{Handler, Session};
use crate::{IntoFilter, Result};

/// Declares blocking `create` for users and every kind of share.
macro_rules! create {
    ($($entity:ty, $payload:ty;)*) => {$(
        impl Handler<$entity> {
            #[doc = concat!("As [`crate::Handler::<", stringify!($entity), ">::create`], blocking.")]
            ///
            /// # Errors
            /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
            pub fn create(&self, payload: &$payload) -> Result<$entity> {
                self.session.run(self.inner.create(payload))
            }
        }
    )*};
}

create! {
    User, NewUser;
    Volume, NewVolume;
    Folder, NewFolder;
    Home, NewHome;
    Collection, NewCollection;
}

/// Declares blocking `deactivate` and `activate` (not for homes, which cannot be
/// deactivated).
macro_rules! activation {
    ($($entity:ty),*) => {$(
        impl Handler<$entity> {
            #[doc = concat!("As [`crate::Handler::<", stringify!($entity), ">::deactivate`], blocking.")]
            ///
            /// # Errors
            /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
            pub fn deactivate(&self, id: &EntityId) -> Result<()> {
                self.session.run(self.inner.deactivate(id))
            }

            #[doc = concat!("As [`crate::Handler::<", stringify!($entity), ">::activate`], blocking.")]
            ///
            /// # Errors
            /// As [`deactivate`](Self::deactivate).
            pub fn activate(&self, id: &EntityId) -> Result<()> {
                self.session.run(self.inner.activate(id))
            }
        }
    )*};
}

activation!(User, Volume, Folder, Collection);

/// Declares blocking `set_status` for shares with a status table.
macro_rules! share_status {
    ($($entity:ty => $status:ty;)*) => {$(
        impl Handler<$entity> {
            #[doc = concat!("As [`crate::Handler::<", stringify!($entity), ">::set_status`], blocking.")]
            ///
            /// # Errors
            /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
            pub fn set_status(&self, id: &EntityId, status: $status) -> Result<$entity> {
                self.session.run(self.inner.set_status(id, status))
            }
        }
    )*};
}

share_status! {
    Volume => VolumeStatus;
    Folder => ShareStatus;
    Home => ShareStatus;
}

impl Handler<Volume> {
    /// As [`crate::Handler::<Volume>::servers`], blocking.
    ///
    /// # Errors
    /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let servers = session.volumes().servers(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # let _ = servers; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn servers(&self, id: &EntityId) -> Result<Vec<VolumeServer>> {
        self.session.run(self.inner.servers(id))
    }

    /// As [`crate::Handler::<Volume>::assign_server`], blocking.
    ///
    /// # Errors
    /// As [`servers`](Self::servers).
    pub fn assign_server(&self, id: &EntityId, server: &EntityId) -> Result<bool> {
        self.session.run(self.inner.assign_server(id, server))
    }

    /// As [`crate::Handler::<Volume>::deassign_server`], blocking.
    ///
    /// # Errors
    /// As [`servers`](Self::servers).
    pub fn deassign_server(&self, id: &EntityId, server: &EntityId) -> Result<bool> {
        self.session.run(self.inner.deassign_server(id, server))
    }
}

impl Handler<Collection> {
    /// As [`crate::Handler::<Collection>::files`], blocking.
    ///
    /// # Errors
    /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let files = session.collections().files(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # let _ = files; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn files(&self, id: &EntityId) -> Result<Vec<CollectionFile>> {
        self.session.run(self.inner.files(id).send())
    }

    /// As [`crate::Handler::<Collection>::add_files`], blocking.
    ///
    /// # Errors
    /// As [`files`](Self::files).
    pub fn add_files(
        &self,
        id: &EntityId,
        files: &NewCollectionFiles,
    ) -> Result<Vec<CollectionFile>> {
        self.session.run(self.inner.add_files(id, files))
    }

    /// As [`crate::Handler::<Collection>::remove_files`], blocking.
    ///
    /// # Errors
    /// As [`files`](Self::files).
    pub fn remove_files(&self, id: &EntityId, files: &RemoveCollectionFiles) -> Result<bool> {
        self.session.run(self.inner.remove_files(id, files))
    }
}

impl Handler<Request> {
    /// As [`crate::Handler::<Request>::recipients`], blocking.
    ///
    /// # Errors
    /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    pub fn recipients(&self, id: &EntityId) -> Result<Vec<Recipient>> {
        self.session.run(self.inner.recipients(id))
    }

    /// As [`crate::Handler::<Request>::remove_recipient`], blocking.
    ///
    /// # Errors
    /// As [`recipients`](Self::recipients).
    pub fn remove_recipient(&self, id: &EntityId, user: &str) -> Result<bool> {
        self.session.run(self.inner.remove_recipient(id, user))
    }
}

impl Handler<Transfer> {
    /// As [`crate::Handler::<Transfer>::find_tasks`], blocking.
    ///
    /// # Errors
    /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let held = session.transfers().find_tasks(&"6971e16fceadd67b955b1995".parse()?, "status=onhold")?;
    /// # let _ = held; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find_tasks(&self, id: &EntityId, filter: impl IntoFilter) -> Result<Vec<Task>> {
        self.session.run(self.inner.find_tasks(id, filter).send())
    }
}

impl Session {
    /// As [`crate::Session::pre_publish`], blocking.
    ///
    /// # Errors
    /// As the async call, and [`Error::BlockingInAsync`](crate::Error::BlockingInAsync).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let answer = session.pre_publish(vec![accsyn_client::model::PublishEntry::file("first_file", 10240)])?;
    /// # let _ = answer; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn pre_publish(&self, entries: Vec<PublishEntry>) -> Result<PrePublishAnswer> {
        self.run(self.inner.pre_publish(entries))
    }
}
