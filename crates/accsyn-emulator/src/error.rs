//! The crate's one public error type.

use std::path::PathBuf;

/// Why the emulator could not start or carry out a library call.
///
/// Protocol failures are not errors of this type: the emulator answers them to
/// its HTTP client as `{"message": ...}` replies, as the real backend does.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The seed file could not be read.
    #[error("cannot read the seed file {path}: check that it exists and is readable")]
    SeedRead {
        /// The file that was asked for.
        path: PathBuf,
        /// The underlying I/O failure.
        #[source]
        source: std::io::Error,
    },
    /// The seed is not JSON of the documented shape.
    #[error("the seed is not valid JSON of the documented shape (see the accsyn-emulator README)")]
    SeedParse(#[source] serde_json::Error),
    /// The seed parsed but describes an impossible workspace.
    #[error("invalid seed: {0}")]
    SeedInvalid(String),
    /// An option given to the builder or the binary is out of range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// The listening socket could not be bound.
    #[error(
        "cannot listen on {addr}: is another emulator already running there? pick another address"
    )]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The underlying I/O failure.
        #[source]
        source: std::io::Error,
    },
    /// A file or folder under the data dir could not be created or read.
    #[error("cannot use {path} under the data dir: check free space and permissions")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O failure.
        #[source]
        source: std::io::Error,
    },
    /// The embedded database in the data dir failed.
    #[error(
        "the emulator's database failed: is the data dir writable and not used by an older, incompatible emulator?"
    )]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A background task of the emulator stopped unexpectedly.
    #[error("an emulator task stopped unexpectedly; restart the emulator")]
    Task(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(Box::new(e))
    }
}
