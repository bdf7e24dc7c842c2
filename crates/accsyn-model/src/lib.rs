//! Entity, status, id, path and party types for the accsyn API.
#![warn(clippy::unwrap_used, clippy::expect_used)]

mod attribute;
mod create;
mod entity;
mod error;
mod generated;
mod id;
mod location;
mod reference;
mod timestamp;
mod unknown;

pub use attribute::{Attribute, JsonType};
pub use create::{
    AclGrant, JobHook, NewCollection, NewCollectionFiles, NewDelivery, NewFolder, NewHome,
    NewRequest, NewTaskEntries, NewTasks, NewTransfer, NewUser, NewVolume, RecipientGrant,
    RemoveCollectionFiles, ServerAssignment, TaskEntry, TaskUpdate, TransferTask, TransferTasks,
};
pub use entity::{
    AclEntry, Attributes, Client, Collection, CollectionFile, Delivery, Folder, Home, Job,
    PrePublishAnswer, PublishEntry, PublishFile, Recipient, Request, Task, TaskParty, Transfer,
    User, Volume,
};
pub use error::Error;
pub use generated::*;
pub use id::{EntityId, FileId, TaskId};
pub use location::{Location, Party, PathSpec, ShareKind, ShareTarget};
pub use reference::{EntityRef, HrRef};
pub use timestamp::Timestamp;
pub use unknown::UnknownValue;
