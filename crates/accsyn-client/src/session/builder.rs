//! `SessionBuilder`: credentials (given, from the credentials file or from the environment),
//! where to connect, or a ready transport.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use accsyn_transport::{ApiKey, HttpTransport, HttpTransportBuilder, ProxySetting, Transport};

use super::Session;
use super::config::{API_KEY_ENV, Environment, PROXY_ENV, Settings, USER_ENV, WORKSPACE_ENV};
use crate::{Error, Result};

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
/// Settings not given explicitly are read when the session is built, as the official client
/// reads them:
///
/// | setting | variable |
/// |---|---|
/// | workspace | `ACCSYN_WORKSPACE`, else `ACCSYN_DOMAIN`, else `ACCSYN_ORG` |
/// | user name | `ACCSYN_API_USER` |
/// | API key | `ACCSYN_API_KEY` |
/// | proxy | `ACCSYN_PROXY` (see [`ProxySetting`]) |
///
/// each from the credentials file when it sets it, else from the environment. The credentials
/// file is the one [`credentials_file`](Self::credentials_file) or `ACCSYN_CREDENTIALS_PATH`
/// names, else `./.env` when there is one: `KEY=value` lines, read with dotenvy's parser and
/// never copied into the process environment. So a value given to the builder wins over the
/// file, and the file over the environment. Without a base URL or host, the workspace's host
/// comes from the accsyn master lookup over HTTPS.
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
    proxy: Option<ProxySetting>,
    endpoint: Endpoint,
    /// `None`: the process's own, read at build time.
    environment: Option<Environment>,
    credentials_file: Option<PathBuf>,
    configure: Vec<Configure>,
    transport: Option<Arc<dyn Transport>>,
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("workspace", &self.workspace)
            .field("username", &self.username)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("proxy", &self.proxy)
            .field("endpoint", &self.endpoint)
            .field("environment", &self.environment)
            .field("credentials_file", &self.credentials_file)
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
            proxy: None,
            endpoint: Endpoint::Master,
            environment: None,
            credentials_file: None,
            configure: Vec::new(),
            transport: None,
        }
    }

    /// The workspace code (overrides the file and `ACCSYN_WORKSPACE`).
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().workspace("acme");
    /// # let _ = b;
    /// ```
    pub fn workspace(mut self, workspace: impl Into<String>) -> Self {
        self.workspace = Some(workspace.into());
        self
    }

    /// The user name, an email address (overrides the file and `ACCSYN_API_USER`).
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().username("admin@acme.test");
    /// # let _ = b;
    /// ```
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The API key (overrides the file and `ACCSYN_API_KEY`). It is kept out of every log and
    /// `Debug`.
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

    /// The proxy, in the official client's syntax (overrides the file and `ACCSYN_PROXY`).
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().proxy("socks5:gw.local:1080".parse()?);
    /// # let _ = b; Ok::<(), accsyn_client::transport::Error>(())
    /// ```
    pub fn proxy(mut self, proxy: ProxySetting) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Reads settings not given from this file (`KEY=value` lines, as `.env`) instead of the
    /// one `ACCSYN_CREDENTIALS_PATH` names or `./.env`. It must exist.
    ///
    /// ```
    /// let b = accsyn_client::Session::builder().credentials_file("/etc/accsyn/credentials.env");
    /// # let _ = b;
    /// ```
    pub fn credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.credentials_file = Some(path.into());
        self
    }

    /// Reads variables (and `.env`) from `environment` instead of the process: the one seam
    /// through which settings come from outside, so tests never touch the process
    /// environment.
    ///
    /// ```
    /// use accsyn_client::{Environment, Session};
    /// let env = Environment::empty().var("ACCSYN_WORKSPACE", "acme");
    /// let err = Session::builder().environment(env).build().unwrap_err();
    /// assert!(err.to_string().contains("ACCSYN_API_USER"), "{err}");
    /// ```
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Reads no environment variable and no `.env` file: every setting must be given (a
    /// credentials file named with [`credentials_file`](Self::credentials_file) is still read).
    ///
    /// ```
    /// let err = accsyn_client::Session::builder().ignore_env().build().unwrap_err();
    /// assert!(err.to_string().contains("ACCSYN_WORKSPACE"));
    /// ```
    pub fn ignore_env(self) -> Self {
        self.environment(Environment::empty())
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
    /// [`Error::MissingSetting`] naming the variable to set when a setting is neither given,
    /// nor in the credentials file, nor in the environment; [`Error::CredentialsFile`] when
    /// the credentials file cannot be read; [`Error::InvalidSetting`] for an unusable
    /// `ACCSYN_PROXY`; [`Error::Transport`] for a setting the transport cannot use (a
    /// malformed URL).
    ///
    /// ```
    /// let session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("admin@acme.test").api_key("k")
    ///     .build()?;
    /// assert!(session.login_info().is_none());
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn build(self) -> Result<Session> {
        if let Some(transport) = self.transport {
            return Ok(Session::from_parts(transport, None));
        }
        let environment = match &self.environment {
            Some(environment) => environment.clone(),
            None => Environment::from_process(),
        };
        let settings = Settings::read(&environment, self.credentials_file.as_deref())?;
        let missing = |setting, method, env| Error::MissingSetting {
            setting,
            method,
            env,
        };
        let workspace = match self.workspace {
            Some(workspace) => workspace,
            None => settings.workspace().map(str::to_owned).ok_or(missing(
                "workspace",
                "workspace",
                WORKSPACE_ENV,
            ))?,
        };
        let username = match self.username {
            Some(username) => username,
            None => settings.get(USER_ENV).map(str::to_owned).ok_or(missing(
                "user name",
                "username",
                USER_ENV,
            ))?,
        };
        let api_key = match self.api_key {
            Some(api_key) => api_key,
            None => settings.get(API_KEY_ENV).map(ApiKey::from).ok_or(missing(
                "API key",
                "api_key",
                API_KEY_ENV,
            ))?,
        };
        let proxy = match self.proxy {
            Some(proxy) => Some(proxy),
            None => settings
                .get(PROXY_ENV)
                .map(ProxySetting::parse)
                .transpose()
                .map_err(|e| Error::InvalidSetting {
                    env: PROXY_ENV,
                    method: "proxy",
                    source: Box::new(e),
                })?,
        };
        let mut http = HttpTransport::builder(workspace, username, api_key);
        // The proxy is decided here, from the one environment the builder reads, so the
        // transport must not read the process's `ACCSYN_PROXY` behind its back.
        http = match proxy {
            Some(proxy) => http.proxy(proxy),
            None => http.no_accsyn_proxy(),
        };
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
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::session::config::{CREDENTIALS_PATH_ENV, DOMAIN_ENV, ORG_ENV};

    fn env(pairs: &[(&str, &str)]) -> Environment {
        pairs
            .iter()
            .fold(Environment::empty(), |env, (k, v)| env.var(*k, *v))
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn local() -> SessionBuilder {
        SessionBuilder::new().base_url("http://127.0.0.1:9")
    }

    #[test]
    fn credentials_come_from_the_environment_when_not_given() {
        let env = env(&[
            (WORKSPACE_ENV, "acme"),
            (USER_ENV, "admin@acme.test"),
            (API_KEY_ENV, "env-key"),
        ]);
        let session = local().environment(env).build().unwrap();
        assert_eq!(session.workspace(), Some("acme"));
        assert_eq!(session.username(), Some("admin@acme.test"));
        assert!(!format!("{session:?}").contains("env-key"));
    }

    #[test]
    fn the_workspace_may_come_from_the_older_variables() {
        let base = [(USER_ENV, "u"), (API_KEY_ENV, "k")];
        let with = |extra: &[(&str, &str)]| {
            let pairs: Vec<_> = base.iter().chain(extra).copied().collect();
            local().environment(env(&pairs)).build().unwrap()
        };
        assert_eq!(with(&[(ORG_ENV, "org")]).workspace(), Some("org"));
        let both = with(&[(ORG_ENV, "org"), (DOMAIN_ENV, "domain")]);
        assert_eq!(both.workspace(), Some("domain"));
    }

    #[test]
    fn builder_wins_over_the_file_and_the_file_over_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "credentials.env",
            "# the workspace's service account\nACCSYN_API_USER=\"file@acme.test\"\nexport ACCSYN_API_KEY='file-key'\n",
        );
        let env = env(&[
            (WORKSPACE_ENV, "env-ws"),
            (USER_ENV, "env@acme.test"),
            (API_KEY_ENV, "env-key"),
            (CREDENTIALS_PATH_ENV, file.to_str().unwrap()),
        ]);
        let from_file = local().environment(env.clone()).build().unwrap();
        assert_eq!(from_file.workspace(), Some("env-ws"), "not in the file");
        assert_eq!(from_file.username(), Some("file@acme.test"));
        let given = local()
            .environment(env)
            .username("given@acme.test")
            .build()
            .unwrap();
        assert_eq!(given.username(), Some("given@acme.test"));
    }

    /// The sources are merged variable by variable (the file's over the environment's), then
    /// the workspace is the first of `ACCSYN_WORKSPACE`, `ACCSYN_DOMAIN`, `ACCSYN_ORG` set:
    /// as when the official client loads the file into its environment, a newer variable
    /// from either source beats an older one from the other.
    #[test]
    fn a_workspace_from_mixed_sources_follows_the_variable_order() {
        let dir = tempfile::tempdir().unwrap();
        let org_file = write(dir.path(), "org.env", "ACCSYN_ORG=file-org\n");
        let with = |file: &Path, pairs: &[(&str, &str)]| {
            let mut all = vec![
                (USER_ENV, "u"),
                (API_KEY_ENV, "k"),
                (CREDENTIALS_PATH_ENV, file.to_str().unwrap()),
            ];
            all.extend_from_slice(pairs);
            local().environment(env(&all)).build().unwrap()
        };
        assert_eq!(
            with(&org_file, &[(WORKSPACE_ENV, "env-ws")]).workspace(),
            Some("env-ws")
        );
        assert_eq!(
            with(&org_file, &[(ORG_ENV, "env-org")]).workspace(),
            Some("file-org"),
            "the same variable: the file's"
        );
        assert_eq!(
            with(&org_file, &[(DOMAIN_ENV, "env-domain")]).workspace(),
            Some("env-domain")
        );
        let workspace_file = write(dir.path(), "ws.env", "ACCSYN_WORKSPACE=file-ws\n");
        assert_eq!(
            with(
                &workspace_file,
                &[(DOMAIN_ENV, "env-domain"), (ORG_ENV, "env-org")]
            )
            .workspace(),
            Some("file-ws")
        );
        // Blank counts as unset, in either source.
        let blank_file = write(dir.path(), "blank.env", "ACCSYN_WORKSPACE=\n");
        assert_eq!(
            with(&blank_file, &[(ORG_ENV, "env-org")]).workspace(),
            Some("env-org")
        );
    }

    #[test]
    fn dot_env_is_read_from_the_environments_directory_when_present() {
        let dir = tempfile::tempdir().unwrap();
        let settings = [
            (WORKSPACE_ENV, "env-ws"),
            (USER_ENV, "u"),
            (API_KEY_ENV, "k"),
        ];
        let without = local()
            .environment(env(&settings).dotenv_dir(dir.path()))
            .build()
            .unwrap();
        assert_eq!(without.workspace(), Some("env-ws"), "no .env yet");
        write(dir.path(), ".env", "ACCSYN_WORKSPACE=dotenv-ws\n");
        let with = local()
            .environment(env(&settings).dotenv_dir(dir.path()))
            .build()
            .unwrap();
        assert_eq!(with.workspace(), Some("dotenv-ws"));
        // A file named by ACCSYN_CREDENTIALS_PATH replaces .env.
        let named = write(dir.path(), "other.env", "ACCSYN_WORKSPACE=named-ws\n");
        let env = env(&settings)
            .dotenv_dir(dir.path())
            .var(CREDENTIALS_PATH_ENV, named.to_str().unwrap());
        let session = local().environment(env).build().unwrap();
        assert_eq!(session.workspace(), Some("named-ws"));
    }

    #[test]
    fn a_named_credentials_file_that_cannot_be_read_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.env");
        let env = env(&[(CREDENTIALS_PATH_ENV, missing.to_str().unwrap())]);
        let err = local().environment(env).build().unwrap_err();
        assert!(matches!(err, Error::CredentialsFile { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("nope.env") && text.contains(CREDENTIALS_PATH_ENV),
            "{text}"
        );
        let bad = write(dir.path(), "bad.env", "ACCSYN_API_KEY='unterminated\n");
        let err = local().credentials_file(&bad).build().unwrap_err();
        assert!(matches!(err, Error::CredentialsFile { .. }), "{err:?}");
        // The line may hold a key: it shows in no message or Debug output.
        let source = std::error::Error::source(&err).unwrap().to_string();
        assert!(
            !format!("{err:?}{source}").contains("unterminated"),
            "{err:?}"
        );
    }

    #[test]
    fn the_proxy_comes_from_the_file_or_the_environment_and_a_bad_one_names_the_variable() {
        let settings = [(WORKSPACE_ENV, "w"), (USER_ENV, "u"), (API_KEY_ENV, "k")];
        let proxied = env(&settings).var(PROXY_ENV, "relay:8080");
        assert!(local().environment(proxied).build().is_ok());
        let bad = env(&settings).var(PROXY_ENV, "ftp:relay:21");
        let err = local().environment(bad.clone()).build().unwrap_err();
        assert!(
            matches!(err, Error::InvalidSetting { env: PROXY_ENV, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains(PROXY_ENV), "{err}");
        // A proxy given to the builder wins over the bad variable.
        let given = local()
            .environment(bad)
            .proxy(ProxySetting::parse("relay").unwrap());
        assert!(given.build().is_ok());
    }

    #[test]
    fn each_missing_setting_names_its_variable() {
        let err = local().ignore_env().build().unwrap_err();
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
        let err = local().ignore_env().workspace("acme").build().unwrap_err();
        assert!(err.to_string().contains(USER_ENV), "{err}");
        let err = local()
            .ignore_env()
            .workspace("acme")
            .username("u")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains(API_KEY_ENV), "{err}");
        assert!(err.to_string().contains("api_key"), "{err}");
    }

    #[test]
    fn a_malformed_base_url_is_a_transport_config_error() {
        let err = SessionBuilder::new()
            .ignore_env()
            .workspace("a")
            .username("u")
            .api_key("k")
            .base_url("not a url")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
    }
}
