//! A local accsyn backend over real HTTP, for offline tests, examples and
//! the official Python client's development mode.
//!
//! [`Emulator`] serves the wire protocol of the official client 3.4.0: the
//! master lookup, `PUT /api/v3/api/login` and the event envelope on
//! `/api/v3/event` (GET/DELETE with the envelope as query string, PUT/POST
//! with it as body, `gz_data` compression). It starts from a [`Seed`] (a
//! workspace, users with API keys, volumes, files), keeps its state in an
//! SQLite database inside its data dir, and runs a clock whose speed tests
//! control ([`EmulatorBuilder::time_scale`], [`Emulator::advance_clock`]).
//!
//! Behind the protocol: finds evaluated with `accsyn-query`, attributes and
//! statuses from `accsyn-model`'s schema, role checks (admin, employee,
//! standard), deliveries and upload requests (temporary ones expiring after
//! 8 emulated hours, recipients, submit), transfers that progress on the
//! emulated clock while real bytes are copied inside the data dir, file
//! sharing (volumes, folders, homes, collections, ACLs), file operations,
//! publish and settings. The crate's README lists what is not served yet.
//!
//! One design choice worth knowing: every event runs in one database
//! transaction, committed only when the reply is a success. A refused or
//! failed request therefore leaves nothing half-written, and restarting on
//! the same data dir keeps every acknowledged write.
//!
//! The binary `accsyn-emulator` wraps the same library: it listens on
//! `127.0.0.1:8181`, where the official client connects when `AS_DEV=1`. Its
//! flags are [`ServeOptions`] (feature `cli`, on by default), which other
//! command lines (`accsyn emulator`) flatten into theirs.
//!
//! ```
//! use accsyn_emulator::{Emulator, Role, Seed, SeedUser};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), accsyn_emulator::Error> {
//! let seed = Seed::new()
//!     .workspace("acme")
//!     .user(SeedUser::new("admin@acme.test", Role::Admin).api_key("secret-key-1"))
//!     .storage_file("projects/delivery/a.mov", 1 << 20);
//! let emulator = Emulator::builder().seed(seed).start().await?;
//! let admin = emulator.credentials().user("admin@acme.test").unwrap();
//! assert_eq!(admin.api_key(), "secret-key-1");
//! assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
//! emulator.shutdown().await?;
//! # Ok(())
//! # }
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used)]
// With the crate's true rust-version (1.89, for rusqlite) clippy asks for let chains where
// nested `if`s stand; the store, HTTP and API code being rewritten will adopt them, and
// collapsing them here first would only collide with that work.
#![allow(clippy::collapsible_if)]

mod api;
mod clock;
mod emulator;
mod error;
mod http;
mod id;
mod reply;
mod seed;
#[cfg(feature = "cli")]
mod serve_options;
mod setup;
mod store;

pub use emulator::{
    Credentials, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, Emulator, EmulatorBuilder, UserCredentials,
};
pub use error::Error;
pub use seed::{
    Role, Seed, SeedClientFile, SeedPublish, SeedServer, SeedStorageFile, SeedUser, SeedVolume,
};
#[cfg(feature = "cli")]
pub use serve_options::{ServeOptions, write_banner};
