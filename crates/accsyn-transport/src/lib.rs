//! The async `Transport` trait and its HTTP implementation for the accsyn wire protocol.
//!
//! Work in progress: this crate is a documented skeleton until the transport lands.
#![warn(clippy::unwrap_used, clippy::expect_used)]
