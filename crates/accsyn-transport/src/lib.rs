//! The accsyn wire protocol over HTTP: a small async [`Transport`] trait and its
//! implementation [`HttpTransport`] on a pooled `reqwest` client.
//!
//! - [`Transport`]: one call from an [`ApiRequest`] (method, operation uri, optional data,
//!   query and entity id) to a decoded [`Reply`] or a typed [`Error`]. Object-safe,
//!   `Send + Sync`, shared as `Arc<dyn Transport>`; with the `mock` feature, `MockTransport`.
//! - [`HttpTransport`], built by [`HttpTransportBuilder`]: master lookup or an explicit host,
//!   login, the event envelope, `gz_data` for large payloads, retries ([`RetryPolicy`]),
//!   proxies ([`ProxySetting`]), TLS options, `tracing` spans, a masked verbose mode.
//! - The request shapes as pure data ([`Envelope`], [`WireRequest`], [`decode_reply`]), so
//!   what goes on the wire is testable without a server.
//!
//! # Design: what is retried
//!
//! The official client never retries, so a timed-out create may or may not have happened.
//! Here a request is retried automatically only when repeating it cannot do harm: a GET, a
//! request whose connection failed before anything was sent, or one the server refused with
//! 429. A create, update or delete that fails after it may have reached the server ends with
//! [`Error::OutcomeUnknown`], so the caller can check before sending it again. Retries back
//! off exponentially with jitter, honour `Retry-After`, and draw on a per-transport budget so
//! a failing server is not hammered.
//!
//! # Security
//!
//! TLS certificates are verified (the official client does not); the opt-out is named
//! [`HttpTransportBuilder::danger_accept_invalid_certs`]. The key is an [`ApiKey`], whose
//! `Debug` prints `[redacted]`; it is encoded once into a sensitive header and appears in no
//! span, event, error or `Debug` output.
//!
//! # Features
//!
//! - `rustls` (default): rustls with the aws-lc-rs provider, as reqwest's own default, so an
//!   application's reqwest and rustls unify with this crate's instead of conflicting.
//! - `ring`: rustls with the `ring` provider instead, set in this transport's own rustls config
//!   (use it with `default-features = false`).
//! - `native-tls`: the platform's TLS library instead; it wins when enabled with the others.
//! - `mock`: `MockTransport`, a mockall mock of [`Transport`].
//!
//! No feature installs a process-wide rustls crypto provider: with `rustls`, reqwest uses the
//! one the application installed, else aws-lc-rs, for each client it builds.
//!
//! # Example
//!
//! ```no_run
//! use accsyn_transport::{ApiRequest, HttpTransport, Transport};
//! use serde_json::json;
//!
//! # async fn run() -> Result<(), accsyn_transport::Error> {
//! let transport = HttpTransport::builder("acme", "admin@acme.test", "my-api-key").build()?;
//! let reply = transport
//!     .call(
//!         ApiRequest::get("transfer/find")
//!             .with_query("status=done")
//!             .with_data(json!({"limit": 5})),
//!     )
//!     .await?;
//! for transfer in reply.result().and_then(|r| r.as_array()).into_iter().flatten() {
//!     println!("{}", transfer["id"]);
//! }
//! # Ok(()) }
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used)]

mod error;
mod http;
mod proxy;
mod request;
mod secret;
mod transport;
mod wire;

pub use async_trait::async_trait;
pub use error::Error;
pub use http::{DEFAULT_MASTER_URL, HttpTransport, HttpTransportBuilder, LoginInfo, RetryPolicy};
pub use proxy::{PROXY_ENV, ProxySetting};
pub use request::{ApiRequest, Method, RawReply, Reply};
pub use secret::ApiKey;
#[cfg(feature = "mock")]
pub use transport::MockTransport;
pub use transport::Transport;
pub use wire::{
    API_PREFIX, Envelope, EventContext, GZIP_THRESHOLD, MASTER_LOOKUP_PATH, Payload, WireRequest,
    decode_reply, estimate_size, percent_encode_json, utc_timestamp,
};

/// `Result` with this crate's [`Error`].
///
/// ```
/// fn workspace_code(raw: &str) -> accsyn_transport::Result<String> {
///     if raw.is_empty() {
///         return Err(accsyn_transport::Error::Config("empty workspace".into()));
///     }
///     Ok(raw.to_lowercase())
/// }
/// assert!(workspace_code("").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

// The README's examples are compiled as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
