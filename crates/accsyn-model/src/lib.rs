//! Entity, status, id, path and party types for the accsyn file-delivery API.
//!
//! This crate is pure data: no I/O, no other accsyn crate. It gives the rest of accsyn-rs
//! (and anyone talking to the accsyn backend) typed values for what travels on the wire:
//!
//! - **Vocabulary**, generated from the checked-in `schema/` by `cargo xtask codegen`:
//!   [`EntityType`], the status sets ([`JobStatus`], [`DeliveryStatus`], [`TaskStatus`],
//!   [`VolumeStatus`], [`ShareStatus`], [`ClientStatus`], [`UserStatus`]) and [`Role`], each
//!   with `as_str()`, `FromStr`, `Display`, descriptions and (statuses) `is_writeable()`;
//!   every entity type's [`Attribute`] list, usable to validate payloads
//!   ([`EntityType::check_update`]) and to answer an `attributes` call.
//! - **Values**: [`EntityId`], [`TaskId`], [`FileId`], [`Timestamp`], entity references
//!   ([`EntityRef`], [`HrRef`]) and the job specification's party/path notation
//!   ([`Location`], [`Party`], [`PathSpec`]).
//! - **Entities** as the backend returns them: [`Transfer`], [`Job`], [`Delivery`],
//!   [`Request`], [`Task`], [`Volume`], [`Folder`], [`Home`], [`Collection`],
//!   [`CollectionFile`], [`User`], [`Client`], [`AclEntry`], [`Recipient`], publish entries,
//!   and what file operations answer ([`FileListing`], [`FileEntry`], [`DiskUsage`]).
//! - **Create payloads** for the documented calls: [`NewDelivery`], [`NewRequest`],
//!   [`NewTransfer`], [`NewTasks`], [`NewVolume`], [`NewFolder`], [`NewHome`],
//!   [`NewCollection`], [`AclGrant`], [`PublishEntry`] and friends.
//!
//! # Forward compatibility
//!
//! The backend changes faster than this crate. So nothing here breaks on what it does not
//! know: an unknown status or entity type lands in an `Unknown` variant that keeps the text
//! and serializes it back unchanged, and every entity struct keeps unknown attributes in its
//! `other` map. Reading an entity and writing it back gives the same attributes, which makes
//! read-modify-write safe against a newer backend. The price is that every entity field is
//! an `Option` (a find may ask for only some attributes).
//!
//! What is normalized rather than kept: ids lose an `ObjectId:` prefix, timestamps are
//! written in the backend's form (a two-digit year gets its century) and UUIDs print in
//! lowercase. An explicit `null` is kept: nullable attributes (`finished`, `parent`,
//! `queue`, ...) are `Option<Option<T>>`, where `Some(None)` is the `null`; in any other
//! attribute the field reads `None` and the `null` waits in `other` under the attribute's
//! name, so it is written back (unless the field is set by then):
//!
//! ```
//! use accsyn_model::User;
//!
//! let user: User = serde_json::from_str(r#"{"id": "6676f3e9c7ef4e27da254e57", "code": "lisa@example.com", "description": null}"#)?;
//! assert_eq!(user.description, None);
//! assert!(user.other["description"].is_null());
//! assert_eq!(serde_json::to_string(&user)?, r#"{"id":"6676f3e9c7ef4e27da254e57","code":"lisa@example.com","description":null}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Example
//!
//! ```
//! use accsyn_model::{EntityType, JobStatus, Location, NewTransfer, PathSpec, Transfer};
//!
//! // A transfer as `transfer/find` answers it, from a newer backend.
//! let transfer: Transfer = serde_json::from_str(r#"{
//!     "id": "6971e16fceadd67b955b1995",
//!     "status": "paused",
//!     "created": "2026-01-22T08:35:59",
//!     "user_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
//!     "eta_confidence": 0.9
//! }"#)?;
//! assert_eq!(transfer.status, Some(JobStatus::Paused));
//! assert_eq!(transfer.user_hr_ref().unwrap()?.label, "lisa@example.com");
//!
//! // Resume it: is `waiting` something an update may set?
//! assert!(JobStatus::Waiting.is_writeable());
//! let update = serde_json::json!({"status": "waiting"});
//! EntityType::Transfer.check_update(update.as_object().unwrap())?;
//!
//! // Nothing was lost on the way through.
//! let back = serde_json::to_value(&transfer)?;
//! assert_eq!(back["eta_confidence"], 0.9);
//!
//! // A download from a shared folder to a chosen client.
//! let download = NewTransfer::single(
//!     Some("share=myproject/delivery/TRAILER_v003.mov".parse()?),
//!     Some("client=664f53b16aa9149860da9d9c:/Volumes/EDIT/".parse::<Location>()?),
//! );
//! let body = serde_json::to_value(&download)?;
//! assert_eq!(body["destination"], "client=664f53b16aa9149860da9d9c:/Volumes/EDIT/");
//! let source: Location = body["source"].as_str().unwrap().parse()?;
//! assert!(matches!(source.path(), Some(PathSpec::Share { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used)]

mod attribute;
mod create;
mod entity;
mod error;
mod generated;
mod id;
mod location;
mod null_spy;
mod reference;
mod timestamp;
mod unknown;
mod wire;

pub use attribute::{Attribute, JsonType};
pub use create::{
    AclGrant, JobHook, NewAcl, NewCollection, NewCollectionFiles, NewDelivery, NewFolder, NewHome,
    NewRequest, NewTaskEntries, NewTasks, NewTransfer, NewUser, NewVolume, RecipientGrant,
    RemoveCollectionFiles, ServerAssignment, ShareChanges, TaskEntry, TaskUpdate, TransferTask,
    TransferTasks,
};
pub use entity::{
    AclEntry, Attributes, Client, Collection, CollectionFile, Delivery, DiskUsage, FileEntry,
    FileListing, Folder, Home, Job, PrePublish, PrePublishAnswer, PublishEntry, PublishFile,
    Recipient, Request, Task, TaskParty, Transfer, User, Volume, VolumeServer,
};
pub use error::Error;
pub use generated::*;
pub use id::{EntityId, FileId, TaskId, strip_object_id_prefixes};
pub use location::{Location, Party, PathSpec, ShareKind, ShareTarget};
pub use reference::{EntityRef, HrRef};
pub use timestamp::Timestamp;
pub use unknown::UnknownValue;

// Runs the README's example as a doctest so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
