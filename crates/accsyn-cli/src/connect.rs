//! The session a command runs on: configured like the SDK's `Session` (flags, then the
//! credentials file, then the environment), or on a throwaway emulator with `--emulator`.

use accsyn_client::Session;
use accsyn_client::transport::HttpTransportBuilder;
use accsyn_emulator::{Emulator, Role, Seed};

use crate::cli::GlobalArgs;
use crate::error::CliError;

/// A logged-in session, and the emulator behind it when `--emulator` started one.
pub(crate) struct Connection {
    pub(crate) session: Session,
    emulator: Option<Emulator>,
}

/// With `-v`, the transport logs each envelope it sends and each reply (masked: the API key
/// is never part of them) at debug level, which `main` shows on stderr.
fn verbosity(verbose: u8) -> impl FnOnce(HttpTransportBuilder) -> HttpTransportBuilder + Send {
    move |http| http.verbose(verbose > 0)
}

impl Connection {
    /// Logs in as the flags, the credentials file and the environment say, or on a new
    /// emulator (as `--user`, else its admin) with `--emulator`.
    pub(crate) async fn open(global: &GlobalArgs) -> Result<Connection, CliError> {
        if global.emulator {
            return Connection::throwaway(global).await;
        }
        let mut builder = Session::builder().configure(verbosity(global.verbose));
        if let Some(workspace) = &global.workspace {
            builder = builder.workspace(workspace);
        }
        if let Some(user) = &global.user {
            builder = builder.username(user);
        }
        if let Some(path) = &global.api_key_file {
            let key = std::fs::read_to_string(path).map_err(|source| CliError::Read {
                path: path.display().to_string(),
                source,
            })?;
            let key = key.trim();
            if key.is_empty() {
                return Err(CliError::Usage(format!(
                    "the API key file {} is empty; put the key from accsyn's user settings in it",
                    path.display()
                )));
            }
            builder = builder.api_key(key);
        }
        if let Some(url) = &global.base_url {
            builder = builder.base_url(url);
        }
        if let Some(proxy) = &global.proxy {
            let proxy = proxy.parse().map_err(|e| {
                CliError::Usage(format!("--proxy {proxy} is not a proxy setting: {e}"))
            })?;
            builder = builder.proxy(proxy);
        }
        let session = builder
            .connect()
            .await
            .map_err(CliError::client("logging in to accsyn"))?;
        Ok(Connection {
            session,
            emulator: None,
        })
    }

    async fn throwaway(global: &GlobalArgs) -> Result<Connection, CliError> {
        let remote = [
            (global.workspace.is_some(), "--workspace"),
            (global.api_key_file.is_some(), "--api-key-file"),
            (global.base_url.is_some(), "--base-url"),
            (global.proxy.is_some(), "--proxy"),
        ];
        if let Some((_, flag)) = remote.iter().find(|(given, _)| *given) {
            return Err(CliError::Usage(format!(
                "--emulator cannot be combined with {flag}: the emulator has its own workspace \
                 and keys; drop one of them"
            )));
        }
        let emulator = Emulator::builder().seed(Seed::builtin()).start().await?;
        let credentials = emulator.credentials();
        let user = match &global.user {
            Some(code) => credentials.user(code).ok_or_else(|| {
                let known: Vec<&str> = credentials.users().iter().map(|u| u.code()).collect();
                CliError::Usage(format!(
                    "the emulator's built-in seed has no user {code}; use one of {}",
                    known.join(", ")
                ))
            })?,
            None => credentials.first_with_role(Role::Admin).ok_or_else(|| {
                CliError::Usage("the emulator's built-in seed has no admin".to_owned())
            })?,
        };
        eprintln!(
            "accsyn: using a throwaway emulator at {} (workspace {}, user {}); it stops when \
             this command ends",
            emulator.base_url(),
            emulator.workspace(),
            user.code()
        );
        let session = Session::builder()
            .configure(verbosity(global.verbose))
            .ignore_env()
            .workspace(emulator.workspace())
            .username(user.code())
            .api_key(user.api_key())
            .base_url(emulator.base_url())
            .connect()
            .await
            .map_err(CliError::client("logging in to the emulator"))?;
        Ok(Connection {
            session,
            emulator: Some(emulator),
        })
    }

    /// Stops the emulator, if this connection started one.
    pub(crate) async fn close(self) -> Result<(), CliError> {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await?;
        }
        Ok(())
    }
}
