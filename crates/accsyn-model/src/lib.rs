//! Entity, status, id, path and party types for the accsyn API.
#![warn(clippy::unwrap_used, clippy::expect_used)]

mod attribute;
mod error;
mod generated;
mod id;
mod reference;
mod timestamp;
mod unknown;

pub use attribute::{Attribute, JsonType};
pub use error::Error;
pub use generated::*;
pub use id::{EntityId, FileId, TaskId};
pub use reference::{EntityRef, HrRef};
pub use timestamp::Timestamp;
pub use unknown::UnknownValue;
