//! `SessionBuilder`: credentials (given or from the environment), where to connect, or a
//! ready transport.

use std::fmt;
use std::sync::Arc;

use accsyn_transport::{ApiKey, HttpTransport, HttpTransportBuilder, Transport};

use super::Session;
use crate::{Error, Result};

/// The environment variable read for the workspace code, as the official client does.
///
/// ```
/// assert_eq!(accsyn_client::WORKSPACE_ENV, "ACCSYN_WORKSPACE");
/// ```
pub const WORKSPACE_ENV: &str = "ACCSYN_WORKSPACE";
/// The environment variable read for the user name (an email address).
///
/// ```
/// assert_eq!(accsyn_client::USER_ENV, "ACCSYN_API_USER");
/// ```
pub const USER_ENV: &str = "ACCSYN_API_USER";
/// The environment variable read for the API key.
///
/// ```
/// assert_eq!(accsyn_client::API_KEY_ENV, "ACCSYN_API_KEY");
/// ```
pub const API_KEY_ENV: &str = "ACCSYN_API_KEY";

/// Where to connect, when not through the master lookup.
#[derive(Debug, Clone)]
enum Endpoint {
    Master,
    BaseUrl(String),
    Host(String, u16),
}

type Configure = Box<dyn FnOnce(HttpTransportBuilder) -> HttpTransportBuilder + Send>;

/// Configures a [`Session`]. Start from [`Session::builder`].
///
/// Credentials not given explicitly are read from `ACCSYN_WORKSPACE`, `ACCSYN_API_USER` and
/// `ACCSYN_API_KEY` when the session is built, as the official client does. Without a base
/// URL or host, the workspace's host comes from the accsyn master lookup over HTTPS.
///
/// ```
/// use std::time::Duration;
/// use accsyn_client::Session;
///
/// let session = Session::builder()
///     .workspace("acme")
///     .username("admin@acme.test")
///     .api_key("my-api-key")
///     .base_url("http://127.0.0.1:8181")
///     .configure(|http| http.read_timeout(Duration::from_secs(30)))
///     .build()?;
/// // The key never shows in Debug output.
/// assert!(!format!("{session:?}").contains("my-api-key"));
/// # Ok::<(), accsyn_client::Error>(())
/// ```
#[must_use = "call .build() or .connect().await to get a session"]
pub struct SessionBuilder {
    workspace: Option<String>,
    username: Option<String>,
    api_key: Option<ApiKey>,
    endpoint: Endpoint,
    use_env: bool,
    configure: Vec<Configure>,
    transport: Option<Arc<dyn Transport>>,
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("workspace", &self.workspace)
            .field("username", &self.username)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("endpoint", &self.endpoint)
            .field("use_env", &self.use_env)
            .field("custom_transport", &self.transport.is_some())
            .finish_non_exhaustive()
    }
}

impl SessionBuilder {
    pub(super) fn new() -> Self {
        SessionBuilder {
            workspace: None,
            username: None,
            api_key: None,
            endpoint: Endpoint::Master,
            use_env: true,
            configure: Vec::new(),
            transport: None,
        }
    }

    /// The workspace code (overrides `ACCSYN_WORKSPACE`).
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().workspace("acme");
    /// # let _ = b;
    /// ```
    pub fn workspace(mut self, workspace: impl Into<String>) -> Self {
        self.workspace = Some(workspace.into());
        self
    }

    /// The user name, an email address (overrides `ACCSYN_API_USER`).
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().username("admin@acme.test");
    /// # let _ = b;
    /// ```
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The API key (overrides `ACCSYN_API_KEY`). It is kept out of every log and `Debug`.
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().api_key("my-api-key");
    /// assert!(!format!("{b:?}").contains("my-api-key"));
    /// ```
    pub fn api_key(mut self, api_key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Talks to this base URL and skips the master lookup; `http://` is the explicit request
    /// for plain HTTP (the emulator, a local test server).
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().base_url("http://127.0.0.1:8181");
    /// # let _ = b;
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Endpoint::BaseUrl(url.into());
        self
    }

    /// Talks to `https://host:port` (an on-premise server) and skips the master lookup.
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().host("accsyn.acme.internal", 443);
    /// # let _ = b;
    /// ```
    pub fn host(mut self, host: impl Into<String>, port: u16) -> Self {
        self.endpoint = Endpoint::Host(host.into(), port);
        self
    }

    /// Does not read `ACCSYN_*` environment variables: every credential must be given.
    ///
    /// ```
    /// let err = accsyn_client::Session::builder().ignore_env().build().unwrap_err();
    /// assert!(err.to_string().contains("ACCSYN_WORKSPACE"));
    /// ```
    pub fn ignore_env(mut self) -> Self {
        self.use_env = false;
        self
    }

    /// Adjusts the HTTP transport: timeouts, retries, proxy, TLS roots, verbose logging. Later
    /// calls apply after earlier ones.
    ///
    /// ```
    /// use accsyn_client::transport::RetryPolicy;
    /// let b = accsyn_client::Session::builder()
    ///     .configure(|http| http.retry(RetryPolicy::none()));
    /// # let _ = b;
    /// ```
    pub fn configure(
        mut self,
        f: impl FnOnce(HttpTransportBuilder) -> HttpTransportBuilder + Send + 'static,
    ) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    /// Uses this transport instead of HTTP (a fake or mock in tests, a custom stack);
    /// credentials and endpoint settings are then ignored.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use accsyn_client::{Session, transport::{MockTransport, Transport}};
    ///
    /// let mock: Arc<dyn Transport> = Arc::new(MockTransport::new());
    /// let session = Session::builder().transport(mock).build()?;
    /// # let _ = session; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Builds the session without contacting the server: it logs in on its first call.
    ///
    /// # Errors
    /// [`Error::MissingSetting`] when a credential is neither given nor in the environment;
    /// [`Error::Transport`] for a setting the transport cannot use (a malformed URL).
    ///
    /// ```
    /// let session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("admin@acme.test").api_key("k")
    ///     .build()?;
    /// assert!(session.login_info().is_none());
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn build(self) -> Result<Session> {
        let use_env = self.use_env;
        self.build_with_env(|name| {
            if use_env {
                std::env::var(name).ok().filter(|v| !v.trim().is_empty())
            } else {
                None
            }
        })
    }

    /// Builds the session and logs in, so bad credentials fail here rather than on the first
    /// call.
    ///
    /// # Errors
    /// As [`build`](Self::build), plus the login's errors (unknown workspace, refused login,
    /// connection failures).
    ///
    /// ```no_run
    /// # async fn run() -> accsyn_client::Result<()> {
    /// let session = accsyn_client::Session::builder().connect().await?; // from ACCSYN_* variables
    /// println!("logged in as {:?}", session.login_info());
    /// # Ok(()) }
    /// ```
    pub async fn connect(self) -> Result<Session> {
        let session = self.build()?;
        session.login().await?;
        Ok(session)
    }

    /// `build` with the environment looked up through `env`, so tests need not touch the
    /// process environment.
    fn build_with_env(self, env: impl Fn(&str) -> Option<String>) -> Result<Session> {
        if let Some(transport) = self.transport {
            return Ok(Session::from_parts(transport, None));
        }
        let workspace =
            self.workspace
                .or_else(|| env(WORKSPACE_ENV))
                .ok_or(Error::MissingSetting {
                    setting: "workspace",
                    method: "workspace",
                    env: WORKSPACE_ENV,
                })?;
        let username = self
            .username
            .or_else(|| env(USER_ENV))
            .ok_or(Error::MissingSetting {
                setting: "username",
                method: "username",
                env: USER_ENV,
            })?;
        let api_key = self
            .api_key
            .or_else(|| env(API_KEY_ENV).map(ApiKey::from))
            .ok_or(Error::MissingSetting {
                setting: "API key",
                method: "api_key",
                env: API_KEY_ENV,
            })?;
        let mut http = HttpTransport::builder(workspace, username, api_key);
        http = match self.endpoint {
            Endpoint::Master => http,
            Endpoint::BaseUrl(url) => http.base_url(url),
            Endpoint::Host(host, port) => http.host(host, port),
        };
        for f in self.configure {
            http = f(http);
        }
        let http = http.build()?;
        Ok(Session::from_parts(Arc::new(http.clone()), Some(http)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn credentials_come_from_the_environment_when_not_given() {
        let env = env_of(&[
            (WORKSPACE_ENV, "acme"),
            (USER_ENV, "admin@acme.test"),
            (API_KEY_ENV, "env-key"),
        ]);
        let session = SessionBuilder::new()
            .base_url("http://127.0.0.1:9")
            .build_with_env(env)
            .unwrap();
        assert_eq!(session.workspace(), Some("acme"));
        assert_eq!(session.username(), Some("admin@acme.test"));
        assert!(!format!("{session:?}").contains("env-key"));
    }

    #[test]
    fn explicit_settings_win_over_the_environment() {
        let env = env_of(&[
            (WORKSPACE_ENV, "from-env"),
            (USER_ENV, "env@x"),
            (API_KEY_ENV, "k"),
        ]);
        let session = SessionBuilder::new()
            .workspace("given")
            .build_with_env(env)
            .unwrap();
        assert_eq!(session.workspace(), Some("given"));
        assert_eq!(session.username(), Some("env@x"));
    }

    #[test]
    fn each_missing_setting_names_its_variable() {
        let err = SessionBuilder::new()
            .build_with_env(env_of(&[]))
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::MissingSetting {
                    env: WORKSPACE_ENV,
                    ..
                }
            ),
            "{err}"
        );
        let err = SessionBuilder::new()
            .workspace("acme")
            .build_with_env(env_of(&[]))
            .unwrap_err();
        assert!(err.to_string().contains(USER_ENV), "{err}");
        let err = SessionBuilder::new()
            .workspace("acme")
            .username("u")
            .build_with_env(env_of(&[]))
            .unwrap_err();
        assert!(err.to_string().contains(API_KEY_ENV), "{err}");
        assert!(err.to_string().contains("api_key"), "{err}");
    }

    #[test]
    fn a_malformed_base_url_is_a_transport_config_error() {
        let err = SessionBuilder::new()
            .workspace("a")
            .username("u")
            .api_key("k")
            .base_url("not a url")
            .build_with_env(env_of(&[]))
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
    }
}
