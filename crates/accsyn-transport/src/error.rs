//! The crate's single error type.

use std::time::Duration;

use crate::Method;

/// Everything that can go wrong between a call and its decoded reply.
///
/// Each message says what to do next. Variants that carry a `reqwest::Error` keep it as the
/// source, with the URL stripped: a GET's URL holds the whole event envelope.
///
/// ```
/// use accsyn_transport::Error;
///
/// let err = Error::Api {
///     uri: "transfer/find".into(),
///     status: 200,
///     message: "Query contains an unknown attribute".into(),
///     detail: None,
/// };
/// assert!(err.to_string().contains("unknown attribute"));
/// assert!(!err.is_outcome_unknown());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with `message` (or `message_hr`, preferred when present).
    #[error("accsyn refused `{uri}` (HTTP {status}): {message}")]
    Api {
        /// The operation, such as `transfer/find`.
        uri: String,
        /// The HTTP status of the reply (the server sends errors with any status).
        status: u16,
        /// The human-readable message: `message_hr` when present, else `message`.
        message: String,
        /// The technical `message` when `message_hr` was preferred over it.
        detail: Option<String>,
    },
    /// The server answered with `exception`: a fault on its side, not in the request.
    #[error(
        "accsyn hit a server-side fault running `{uri}` (HTTP {status}); \
         ask the workspace admin to check the server log: {exception}"
    )]
    ServerFault {
        /// The operation, such as `delivery/create`.
        uri: String,
        /// The HTTP status of the reply.
        status: u16,
        /// The server's exception text.
        exception: String,
    },
    /// The reply was not the JSON object the protocol promises (HTML error page, empty or
    /// truncated body, JSON of the wrong shape).
    #[error(
        "could not decode accsyn's reply to `{uri}` (HTTP {status}): {reason}; \
         a proxy or load balancer may have answered instead of accsyn. Body starts with: {body_start:?}"
    )]
    Decode {
        /// The operation, such as `transfer/find`.
        uri: String,
        /// The HTTP status of the reply.
        status: u16,
        /// What was wrong with the body.
        reason: String,
        /// The first characters of the body, to recognise what answered.
        body_start: String,
    },
    /// The workspace master lookup does not know this workspace.
    #[error(
        "the accsyn master does not know workspace `{workspace}`: {message}; check the workspace code"
    )]
    UnknownWorkspace {
        /// The workspace code that was looked up.
        workspace: String,
        /// The master's message.
        message: String,
    },
    /// Login was refused (bad user name or API key, disabled user, wrong workspace).
    #[error(
        "login to workspace `{workspace}` as `{username}` was refused: {message}; \
         check the user name and API key"
    )]
    Login {
        /// The workspace code.
        workspace: String,
        /// The user name (an email address).
        username: String,
        /// The server's message.
        message: String,
    },
    /// No connection could be made, so the request was never sent (safe to send again).
    #[error(
        "could not connect to {target} for `{uri}`; check the host name, port, proxy and firewall \
         (the request was not sent)"
    )]
    Connect {
        /// The operation that could not be sent.
        uri: String,
        /// The host and port (or proxy) that could not be reached.
        target: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// A request that is safe to repeat (a GET) timed out, after any retries.
    #[error(
        "`{uri}` timed out; raise the read timeout or deadline if the server is slow for this call"
    )]
    Timeout {
        /// The operation.
        uri: String,
        /// The underlying error, when the timeout came from the HTTP client.
        #[source]
        source: Option<reqwest::Error>,
    },
    /// A create, update or delete failed after it may have reached the server: it may or may
    /// not have taken effect, so it is never retried automatically.
    #[error(
        "the outcome of {method} `{uri}` is unknown: the connection failed after the request may \
         have reached the server. Check whether it took effect before sending it again"
    )]
    OutcomeUnknown {
        /// The HTTP method.
        method: Method,
        /// The operation.
        uri: String,
        /// The underlying error, when there is one (none when the overall deadline ran out).
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The server asked to come back later (429 or 503) and retries did not get through.
    #[error(
        "accsyn is busy and asked to retry `{uri}` later (HTTP {status}){}; try again later or \
         raise the retry policy's limits",
        retry_after.map(|d| format!(", after {} s", d.as_secs())).unwrap_or_default()
    )]
    Unavailable {
        /// The operation.
        uri: String,
        /// 429 or 503 (or 502/504 for a retried GET).
        status: u16,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    /// Some other failure of the HTTP exchange, such as a body that stopped mid-way on a GET.
    #[error("the HTTP exchange for `{uri}` failed; check the network and try again")]
    Http {
        /// The operation.
        uri: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The builder was given a setting that cannot work.
    #[error("invalid accsyn transport setting: {0}")]
    Config(String),
}

impl Error {
    /// True when a create, update or delete may or may not have taken effect.
    ///
    /// ```
    /// use accsyn_transport::{Error, Method};
    ///
    /// let err = Error::OutcomeUnknown { method: Method::Post, uri: "delivery/create".into(), source: None };
    /// assert!(err.is_outcome_unknown());
    /// ```
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// True when the server refused the call because it does not know the session (any more):
    /// HTTP 401 with a message, or a message that says the session is unknown, expired or
    /// invalid. The server did not act on the call; logging in again and sending it again is
    /// safe, and [`HttpTransport`](crate::HttpTransport) does that by itself, once.
    ///
    /// ```
    /// use accsyn_transport::Error;
    ///
    /// let refused = Error::Api {
    ///     uri: "transfer/find".into(),
    ///     status: 401,
    ///     message: "unknown or expired session: log in again".into(),
    ///     detail: None,
    /// };
    /// assert!(refused.is_session_refused());
    /// assert!(!Error::Config("x".into()).is_session_refused());
    /// ```
    pub fn is_session_refused(&self) -> bool {
        match self {
            Error::Api {
                status, message, ..
            } => {
                let message = message.to_ascii_lowercase();
                *status == 401
                    || (message.contains("session")
                        && ["expired", "unknown", "invalid", "not found"]
                            .iter()
                            .any(|word| message.contains(word)))
            }
            _ => false,
        }
    }

    /// True when the server itself refused the call with a message (`Api` or `Login`).
    ///
    /// ```
    /// use accsyn_transport::Error;
    ///
    /// assert!(!Error::Config("x".into()).is_api());
    /// ```
    pub fn is_api(&self) -> bool {
        matches!(self, Error::Api { .. } | Error::Login { .. })
    }
}
