//! The command line's one error type, and the exit code each error ends the process with.

use std::process::ExitCode;

use accsyn_client::transport;

/// How the process ends; the numbers are documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: success.
    Ok = 0,
    /// 1: accsyn refused the call (or `query eval` did not match).
    Api = 1,
    /// 2: usage or query error; nothing was sent.
    Usage = 2,
    /// 3: connection failure or timeout.
    Connection = 3,
    /// 4: not found.
    NotFound = 4,
    /// 5: `watch`: the job failed.
    JobFailed = 5,
    /// 6: `watch`: the job was aborted.
    JobAborted = 6,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Everything a command can fail with. Each message says what failed and what to do, on one
/// line (a query error adds its caret lines).
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// A call of the SDK failed; `doing` says which.
    #[error("{doing} failed: {source}")]
    Client {
        /// What was being done, such as `find Transfer WHERE status=failed`.
        doing: String,
        /// Why (boxed: the SDK's error is large, and most results here are `Ok`).
        source: Box<accsyn_client::Error>,
    },
    /// A query did not parse (the message ends with the query and a caret under the mistake).
    #[error("the query does not parse: {0}")]
    Query(#[from] accsyn_query::ParseError),
    /// The command line or its input cannot be used.
    #[error("{0}")]
    Usage(String),
    /// What was asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A local file could not be read.
    #[error("cannot read {path}: {source}; check the path and its permissions")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A wait gave up.
    #[error("{0}")]
    TimedOut(String),
    /// The emulator could not start or stop.
    #[error("the emulator failed: {0}")]
    Emulator(#[from] accsyn_emulator::Error),
    /// Writing the output failed (a closed pipe is not an error: see `main`).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// Wraps an SDK error with what was being done.
    pub(crate) fn client(doing: impl Into<String>) -> impl FnOnce(accsyn_client::Error) -> Self {
        let doing = doing.into();
        move |source| CliError::Client {
            doing,
            source: Box::new(source),
        }
    }

    /// The exit code this error ends the process with.
    pub(crate) fn exit(&self) -> Exit {
        match self {
            CliError::Client { source, .. } => client_exit(source),
            CliError::Query(_) | CliError::Usage(_) | CliError::Read { .. } => Exit::Usage,
            CliError::NotFound(_) => Exit::NotFound,
            CliError::TimedOut(_) => Exit::Connection,
            CliError::Emulator(_) | CliError::Output(_) => Exit::Api,
        }
    }
}

/// The exit code of an SDK error: the kind of failure, not its wording.
fn client_exit(error: &accsyn_client::Error) -> Exit {
    use accsyn_client::Error as E;
    match error {
        E::Query(_)
        | E::Model(_)
        | E::InvalidEntityType { .. }
        | E::InvalidArgument(_)
        | E::MissingSetting { .. }
        | E::CredentialsFile { .. }
        | E::InvalidSetting { .. }
        | E::StatusNotSettable { .. } => Exit::Usage,
        E::NotFound { .. } => Exit::NotFound,
        E::WaitTimedOut { .. } => Exit::Connection,
        E::Transport(error) => transport_exit(error),
        _ => Exit::Api,
    }
}

fn transport_exit(error: &transport::Error) -> Exit {
    use transport::Error as T;
    match error {
        T::Connect { .. }
        | T::Timeout { .. }
        | T::OutcomeUnknown { .. }
        | T::Unavailable { .. }
        | T::Http { .. } => Exit::Connection,
        // accsyn answers "no such entity" (and a read the user may not make) with 404.
        T::Api { status: 404, .. } => Exit::NotFound,
        T::Config(_) => Exit::Usage,
        _ => Exit::Api,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> CliError {
        CliError::Client {
            doing: "get".into(),
            source: Box::new(accsyn_client::Error::Transport(transport::Error::Api {
                uri: "transfer/find".into(),
                status,
                message: "no transfer with id 0123".into(),
                detail: None,
            })),
        }
    }

    #[test]
    fn exit_codes_follow_the_kind_of_failure() {
        assert_eq!(api(404).exit(), Exit::NotFound);
        assert_eq!(api(400).exit(), Exit::Api);
        let missing = CliError::Client {
            doing: "connect".into(),
            source: Box::new(accsyn_client::Error::MissingSetting {
                setting: "workspace",
                method: "workspace",
                env: "ACCSYN_WORKSPACE",
            }),
        };
        assert_eq!(missing.exit(), Exit::Usage);
        let timeout = CliError::Client {
            doing: "find".into(),
            source: Box::new(accsyn_client::Error::Transport(transport::Error::Timeout {
                uri: "user/find".into(),
                source: None,
            })),
        };
        assert_eq!(timeout.exit(), Exit::Connection);
        assert_eq!(ExitCode::from(Exit::JobAborted), ExitCode::from(6));
    }
}
