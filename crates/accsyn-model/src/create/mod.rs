//! Typed payloads for the create calls the product documents describe.
//!
//! Each payload serializes to exactly the JSON the official client sends, keeps extra
//! attributes in `other` (for options this crate does not know yet), and has constructors
//! for the documented forms, so an invalid combination is hard to build.
//!
//! A payload read from JSON (a proxy, the emulator, a stored request) is checked like its
//! constructor checks, and writes back the keys it read: a list or flag the backend may go
//! without is an `Option`, so an absent one stays absent and an empty one stays empty, and
//! an explicit `null` is kept in `other` as in the entity structs.

mod acl;
mod changes;
mod delivery;
mod share;
mod transfer;

pub use acl::{AclGrant, NewAcl};
pub use changes::ShareChanges;
pub use delivery::{NewDelivery, NewRequest, RecipientGrant};
pub use share::{
    NewCollection, NewCollectionFiles, NewFolder, NewHome, NewUser, NewVolume,
    RemoveCollectionFiles, ServerAssignment,
};
pub use transfer::{
    JobHook, NewTaskEntries, NewTasks, NewTransfer, TaskEntry, TaskUpdate, TransferTask,
    TransferTasks,
};
