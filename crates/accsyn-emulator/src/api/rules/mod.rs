//! The rules every handler shares, beneath them: who may see and change
//! what, where paths lead, how tasks are stored, how time moves jobs, and
//! the shapes replies take. Rules never call handlers, and each file here
//! uses only those listed above it:
//!
//! - `types`, `keys`: the entity types served and the bookkeeping keys;
//! - `shares`: accsyn path notation and the shares it names;
//! - `paths`: storage and desktop paths in the data dir, what a job touches;
//! - `party`, `complete`, `query`, `jobs`: parties, reply shapes, compiled
//!   queries, related jobs;
//! - `context`, `validate`: the caller, and checks of what a write sets;
//! - `roles`, `visible`: the permission table, and what a caller sees;
//! - `tasks`, `parented`, `simulation`: tasks, transfers beneath
//!   deliveries, and jobs moving on the emulated clock.

pub(crate) mod complete;
pub(crate) mod context;
pub(crate) mod jobs;
pub(crate) mod keys;
pub(crate) mod parented;
pub(crate) mod party;
pub(crate) mod paths;
pub(crate) mod people;
pub(crate) mod query;
pub(crate) mod roles;
pub(crate) mod shares;
pub(crate) mod simulation;
pub(crate) mod tasks;
pub(crate) mod types;
pub(crate) mod validate;
pub(crate) mod visible;

use serde_json::Value;

/// The string attribute `key` of a document.
pub(crate) fn str_field<'v>(doc: &'v Value, key: &str) -> Option<&'v str> {
    doc.get(key).and_then(Value::as_str)
}
