//! Entity, status, id, path and party types for the accsyn API.
//!
//! Work in progress: this crate is a documented skeleton until its types land.
#![warn(clippy::unwrap_used, clippy::expect_used)]
