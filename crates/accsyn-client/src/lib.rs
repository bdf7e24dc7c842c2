//! The accsyn SDK for Rust: a [`Session`] on an accsyn workspace, for deliveries, transfers,
//! upload requests, shares and queries.
//!
//! This crate is the facade most users import. It composes three crates, each usable on its
//! own and re-exported here:
//!
//! - [`query`]: the query language (parse, print, build and evaluate queries);
//! - [`model`]: entity, status, id, path and party types, and create payloads;
//! - [`transport`]: the wire protocol over HTTP.
//!
//! A [`Session`] is built by [`Session::builder`] (settings given, or read as the official
//! client reads them: `ACCSYN_WORKSPACE` / `ACCSYN_DOMAIN` / `ACCSYN_ORG`, `ACCSYN_API_USER`,
//! `ACCSYN_API_KEY` and `ACCSYN_PROXY`, from the credentials file `ACCSYN_CREDENTIALS_PATH`
//! names or `./.env`, else from the environment). It offers two layers:
//!
//! - **typed handlers** where the model has types: [`Session::deliveries`],
//!   [`transfers`](Session::transfers), [`requests`](Session::requests),
//!   [`users`](Session::users), [`volumes`](Session::volumes), [`folders`](Session::folders),
//!   [`homes`](Session::homes), [`collections`](Session::collections),
//!   [`jobs`](Session::jobs), [`clients`](Session::clients), returning model structs, with
//!   [`Page`]s and a stream over all pages; file operations ([`Session::files`], answering
//!   the model's `FileListing` and `DiskUsage`) and settings ([`Settings`], from
//!   [`Session::workspace_settings`] or a handler's [`settings`](Handler::settings));
//! - **untyped access** to any entity type through the same handler over JSON,
//!   [`Session::entities`];
//! - **the official client's calls**, named as there for scripts ported from it, as thin
//!   wrappers (the finds are the untyped handler's) on untyped JSON:
//!   [`Session::find`], [`find_one`](Session::find_one), [`get_entity`](Session::get_entity),
//!   [`create`](Session::create), [`update`](Session::update),
//!   [`update_many`](Session::update_many), [`delete_one`](Session::delete_one),
//!   [`delete_many`](Session::delete_many), [`deactivate_one`](Session::deactivate_one),
//!   [`activate_one`](Session::activate_one), [`grant`](Session::grant),
//!   [`revoke`](Session::revoke), [`access`](Session::access), server assignment
//!   ([`assign_server`](Session::assign_server)), file operations ([`ls`](Session::ls),
//!   [`mkdir`](Session::mkdir), [`mv`](Session::mv), ...), [`prepublish`](Session::prepublish),
//!   settings ([`get_setting`](Session::get_setting), ...),
//!   [`entity_types`](Session::entity_types), [`attributes`](Session::attributes), and
//!   [`Session::call`] for any request at all.
//!
//! # Design: queries are checked before they travel
//!
//! Every call that takes a query parses it locally first, with [`accsyn_query`]: a
//! malformed query is an [`Error::Query`] pointing at the mistake, and costs no round trip.
//! The parsed query is then sent as the official client sends it (the entity type picks
//! `<type>/find`, the expression goes in the event's `query`), with attribute names and
//! keywords in lower case as the official client sends them (`Status=Done AND ...` travels as
//! `status=Done and ...`), while values keep their case and quotes (the official client lowercases them
//! too) and a value built with [`query::attr`] can never turn into extra conditions.
//!
//! # Example
//!
//! Against the in-process emulator, so it runs anywhere:
//!
//! ```
//! use accsyn_client::{Session, model::NewDelivery, query::attr};
//! use accsyn_emulator::{Emulator, Seed};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::builder().seed(Seed::builtin()).start().await?;
//! let admin = emulator.credentials().user("admin@acme.test").unwrap();
//!
//! let session = Session::builder()
//!     .workspace(emulator.workspace())
//!     .username(admin.code())
//!     .api_key(admin.api_key())
//!     .base_url(emulator.base_url())
//!     .connect()
//!     .await?;
//!
//! // Typed: a temporary delivery, found again by name.
//! let created = session.deliveries().create(&NewDelivery::temporary("Project references")).await?;
//! let found = session.deliveries().find(attr("name").eq("Project references")).await?;
//! assert_eq!(found[0].id, created.id);
//!
//! // Untyped: the same through the official client's call.
//! let raw = session.find_one("Delivery WHERE name='Project references'").await?;
//! assert_eq!(raw.unwrap()["name"], "Project references");
//!
//! // A malformed query never leaves the process.
//! let err = session.find("Delivery WHERE name=").await.unwrap_err();
//! assert!(matches!(err, accsyn_client::Error::Query(_)));
//! # emulator.shutdown().await?;
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! - `rustls` (default): TLS through rustls with the aws-lc-rs provider, reqwest's own
//!   default.
//! - `ring`: rustls with the `ring` provider, set in the session's own TLS config; use it
//!   with `default-features = false`.
//! - `native-tls`: the platform's TLS library instead.
//! - `blocking`: `blocking::Session`, the same calls for programs without an async runtime.
//!
//! A [`Session`] never installs a process-wide crypto provider. With the default feature your
//! own `reqwest` 0.13 (with or without its default features) and `rustls` 0.23 get the same
//! single provider as the SDK, so `reqwest::Client::new()` and
//! `rustls::ClientConfig::builder()` work before and after any session; a provider your
//! program installs itself is the one the session's client uses too.
#![warn(clippy::unwrap_used, clippy::expect_used)]

#[cfg(feature = "blocking")]
pub mod blocking;
mod error;
mod query_arg;
mod raw;
mod request;
mod session;
mod typed;

#[doc(inline)]
pub use accsyn_model as model;
#[doc(inline)]
pub use accsyn_query as query;
#[doc(inline)]
pub use accsyn_query::Query;
#[doc(inline)]
pub use accsyn_transport as transport;
#[doc(inline)]
pub use error::{Error, Result};
pub use query_arg::IntoQuery;
pub use raw::{Create, Find, FindOne, FindOptions};
#[doc(inline)]
pub use session::Session;
pub use session::{
    API_KEY_ENV, CREDENTIALS_PATH_ENV, DOMAIN_ENV, Environment, ORG_ENV, PROXY_ENV, SessionBuilder,
    USER_ENV, WORKSPACE_ENV,
};
pub use typed::{
    Clients, Collections, Deliveries, Entities, Entity, Files, Folders, Handler, Homes, IntoFilter,
    Jobs, Ls, Page, Progress, Progressing, Requests, Resource, Settings, Transfers, TypedFind,
    Users, Volumes, WaitFor,
};

// The README's example runs as a doctest so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
