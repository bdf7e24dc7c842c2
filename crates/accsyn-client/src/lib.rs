//! The accsyn SDK for Rust.
//!
//! This crate is the facade most users import. It re-exports the layered crates it is built
//! from, each of which is usable on its own:
//!
//! - [`query`]: the query language (parse, print, build and evaluate queries);
//! - [`model`]: entity, status, id, path and party types;
//! - [`transport`]: the wire protocol over HTTP.
//!
//! The `Session` type that composes them is not written yet.
//!
//! ```
//! let query = accsyn_client::query::parse("Transfer WHERE status=done")?;
//! assert_eq!(query.to_string(), "Transfer WHERE status=done");
//! # Ok::<(), accsyn_client::query::ParseError>(())
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used)]

#[doc(inline)]
pub use accsyn_model as model;
#[doc(inline)]
pub use accsyn_query as query;
#[doc(inline)]
pub use accsyn_transport as transport;
