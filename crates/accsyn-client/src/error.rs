//! The crate's single error type.

/// Everything a [`Session`](crate::Session) call can fail with.
///
/// Transport and query errors are wrapped as they are (their messages already say what to
/// do); the other variants say what went wrong on this side of the wire.
///
/// ```
/// use accsyn_client::{Error, Session};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let session = Session::builder().workspace("acme").username("u").api_key("k")
/// #     .base_url("http://127.0.0.1:9").build().unwrap();
/// // A malformed query fails before any round trip, with a caret under the mistake.
/// let err = session.find("Transfer WHERE status=").await.unwrap_err();
/// assert!(matches!(err, Error::Query(_)));
/// assert!(err.to_string().contains("^"));
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The call failed on the way to or from the server, or the server refused it.
    #[error(transparent)]
    Transport(#[from] accsyn_transport::Error),
    /// The query did not parse; nothing was sent. The message points at the mistake.
    #[error(transparent)]
    Query(#[from] accsyn_query::ParseError),
    /// A value given to a typed call is not valid (an id, a location, a payload rule).
    #[error(transparent)]
    Model(#[from] accsyn_model::Error),
    /// The reply did not fit the expected type. The path names where in the JSON it broke;
    /// the source says how.
    #[error(
        "accsyn's reply to `{uri}` does not fit {expected} at `{path}`; the server may be newer \
         than this crate: read it untyped with `Session::find` and report the difference"
    )]
    Decode {
        /// The operation, such as `transfer/find`.
        uri: String,
        /// The Rust type the reply was read into.
        expected: &'static str,
        /// The JSON path where decoding failed, such as `[0].status`.
        path: String,
        /// What serde found wrong there.
        #[source]
        source: serde_json::Error,
    },
    /// The reply decoded but had no `result` of the expected shape.
    #[error(
        "accsyn's reply to `{uri}` has no `result` of the expected shape ({expected}); the server \
         may be newer than this crate: use `Session::call` to read the raw reply"
    )]
    UnexpectedReply {
        /// The operation.
        uri: String,
        /// What shape was expected (a list, an object, a boolean).
        expected: &'static str,
    },
    /// An entity type that cannot name an operation (`transfer`, `Delivery`): it must be one
    /// word of letters, digits or underscores.
    #[error(
        "`{entity_type}` is not an entity type: use one word of letters, digits or underscores, \
         such as `transfer` or `delivery`"
    )]
    InvalidEntityType {
        /// The rejected text.
        entity_type: String,
    },
    /// A call was given an argument it cannot use (a grant target type it does not know,
    /// an empty payload, a query of the wrong entity type).
    #[error("{0}")]
    InvalidArgument(String),
    /// A setting the session needs was neither given, nor in the credentials file, nor in the
    /// environment.
    #[error(
        "no accsyn {setting} was given: call `SessionBuilder::{method}`, or set {env} in the \
         environment or in the credentials file (`ACCSYN_CREDENTIALS_PATH`, or `./.env`)"
    )]
    MissingSetting {
        /// What is missing (workspace, username, API key).
        setting: &'static str,
        /// The builder method that sets it.
        method: &'static str,
        /// The environment variable that sets it.
        env: &'static str,
    },
    /// The credentials file (`ACCSYN_CREDENTIALS_PATH`, `./.env` or the builder's) could not be
    /// read or parsed. The source says where; it never quotes the file's values.
    #[error(
        "could not read the accsyn credentials file `{}`{}; fix the file, or remove it and give \
         the settings another way",
        path.display(),
        via.map(|env| format!(" (named by {env})")).unwrap_or_default()
    )]
    CredentialsFile {
        /// The file.
        path: std::path::PathBuf,
        /// The environment variable that named it, if one did.
        via: Option<&'static str>,
        /// What went wrong (the file is missing, a line does not parse).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A setting read from the credentials file or the environment cannot be used.
    #[error(
        "the accsyn setting {env} cannot be used; fix or unset it, or call \
         `SessionBuilder::{method}`"
    )]
    InvalidSetting {
        /// The variable.
        env: &'static str,
        /// The builder method that sets it instead.
        method: &'static str,
        /// Why it cannot be used.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A wait for a job's status ended because the job ended otherwise: it failed, was
    /// aborted, or finished while another status was awaited.
    #[error(
        "{entity_type} {id} ended as `{status}` before reaching `{target}`; look at its log (or \
         its tasks) for why, and retry it if it should go on"
    )]
    JobEnded {
        /// The entity type, such as `transfer`.
        entity_type: String,
        /// The job's id.
        id: String,
        /// The status it ended in.
        status: String,
        /// The status that was awaited.
        target: String,
    },
    /// A wait for a job's status gave up at its timeout.
    #[error(
        "{entity_type} {id} is still `{status}` after {waited:?} of waiting for `{target}`; wait \
         longer (`WaitFor::timeout`), or check that its clients are online"
    )]
    WaitTimedOut {
        /// The entity type, such as `transfer`.
        entity_type: String,
        /// The job's id.
        id: String,
        /// The status it was last seen in (`unknown` when that last look failed).
        status: String,
        /// The status that was awaited.
        target: String,
        /// How long it was waited for.
        waited: std::time::Duration,
    },
    /// A status that an update cannot set (the server sets it as the job or share runs):
    /// nothing was sent.
    #[error(
        "a {entity_type}'s status cannot be set to `{status}` (the server sets it itself); an \
         update may set {settable}"
    )]
    StatusNotSettable {
        /// The entity type, such as `transfer`.
        entity_type: &'static str,
        /// The refused status.
        status: String,
        /// The statuses an update may set, as a readable list.
        settable: String,
    },
    /// A call of the blocking facade was made inside an async runtime, where it would block
    /// one of the runtime's threads: nothing was sent.
    #[error(
        "accsyn_client::blocking::Session was called inside an async runtime; there, use \
         accsyn_client::Session and `.await` its calls"
    )]
    BlockingInAsync,
    /// Something a call needs to look up first does not exist (a user by email, a share by
    /// code).
    #[error(
        "no {entity_type} `{ident}` exists in this workspace; check the spelling, or create it first"
    )]
    NotFound {
        /// The entity type looked up.
        entity_type: String,
        /// The code or id that was looked up.
        ident: String,
    },
}

impl Error {
    /// The server's own message, when the server refused the call.
    ///
    /// ```
    /// let err = accsyn_client::Error::InvalidArgument("x".into());
    /// assert_eq!(err.api_message(), None);
    /// ```
    pub fn api_message(&self) -> Option<&str> {
        match self {
            Error::Transport(accsyn_transport::Error::Api { message, .. }) => Some(message),
            _ => None,
        }
    }

    /// True when a create, update or delete may or may not have taken effect (the connection
    /// failed after sending): check before sending it again.
    ///
    /// ```
    /// let err = accsyn_client::Error::InvalidArgument("x".into());
    /// assert!(!err.is_outcome_unknown());
    /// ```
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_outcome_unknown())
    }
}

/// `Result` with this crate's [`Error`].
///
/// ```
/// fn parse_id(text: &str) -> accsyn_client::Result<accsyn_client::model::EntityId> {
///     Ok(text.parse()?)
/// }
/// assert!(parse_id("nope").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;
