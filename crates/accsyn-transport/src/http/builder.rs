//! `HttpTransportBuilder`: where to connect, how long to wait, how to retry, which TLS roots.

use std::time::Duration;

use reqwest::Url;

use super::{
    HttpTransport, Target,
    client::{ClientSettings, build_client},
};
use crate::{ApiKey, Error, ProxySetting, RetryPolicy, proxy::PROXY_ENV};

/// The official master that resolves a workspace code to its API host.
///
/// ```
/// assert!(accsyn_transport::DEFAULT_MASTER_URL.starts_with("https://"));
/// ```
pub const DEFAULT_MASTER_URL: &str = "https://master.accsyn.com:443";

/// The official client's default wait for a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The official client's default wait for data (between bytes, here).
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone)]
enum Endpoint {
    Master(String),
    BaseUrl(String),
    Host {
        host: String,
        port: u16,
        plain_http: bool,
    },
}

#[derive(Debug, Clone)]
enum ProxyChoice {
    FromEnv,
    Set(ProxySetting),
    Off,
}

/// Configures an [`HttpTransport`]. Start from [`HttpTransport::builder`].
///
/// Defaults: the workspace's host from the master lookup over HTTPS, TLS verification on,
/// connect timeout 10 s, read timeout 120 s (between bytes), no overall deadline,
/// [`RetryPolicy::default`], proxy from `ACCSYN_PROXY` when set.
///
/// ```
/// use std::time::Duration;
/// use accsyn_transport::{HttpTransport, RetryPolicy};
///
/// let transport = HttpTransport::builder("acme", "admin@acme.test", "api-key")
///     .host("accsyn.acme.internal", 8443)
///     .connect_timeout(Duration::from_secs(5))
///     .deadline(Duration::from_secs(300))
///     .retry(RetryPolicy::default().with_max_retries(5))
///     .build()?;
/// assert!(format!("{transport:?}").contains("[redacted]"));
/// # Ok::<(), accsyn_transport::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "call .build() to get a transport"]
pub struct HttpTransportBuilder {
    workspace: String,
    username: String,
    api_key: ApiKey,
    endpoint: Endpoint,
    proxy: ProxyChoice,
    env_http_proxies: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    accept_invalid_certs: bool,
    root_pems: Vec<Vec<u8>>,
    only_custom_roots: bool,
    client: Option<reqwest::Client>,
    verbose: bool,
}

impl HttpTransportBuilder {
    pub(super) fn new(workspace: String, username: String, api_key: ApiKey) -> Self {
        Self {
            workspace,
            username,
            api_key,
            endpoint: Endpoint::Master(DEFAULT_MASTER_URL.to_owned()),
            proxy: ProxyChoice::FromEnv,
            env_http_proxies: true,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            deadline: None,
            retry: RetryPolicy::default(),
            accept_invalid_certs: false,
            root_pems: Vec::new(),
            only_custom_roots: false,
            client: None,
            verbose: false,
        }
    }

    /// Talks to this base URL (`https://host:port`) and skips the master lookup. An `http://`
    /// URL is the explicit request for plain HTTP (the emulator, a local test server).
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .base_url("http://127.0.0.1:8181")
    ///     .build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Endpoint::BaseUrl(url.into());
        self
    }

    /// Talks to `https://host:port` (an on-premise server) and skips the master lookup.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .host("accsyn.acme.internal", 443)
    ///     .build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn host(mut self, host: impl Into<String>, port: u16) -> Self {
        self.endpoint = Endpoint::Host {
            host: host.into(),
            port,
            plain_http: false,
        };
        self
    }

    /// Like [`host`](Self::host) but in plain HTTP: only for test servers and the emulator.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .plain_http_host("127.0.0.1", 8181)
    ///     .build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn plain_http_host(mut self, host: impl Into<String>, port: u16) -> Self {
        self.endpoint = Endpoint::Host {
            host: host.into(),
            port,
            plain_http: true,
        };
        self
    }

    /// The emulator's and the official client's development address: plain HTTP to
    /// `127.0.0.1:8181` (what `AS_DEV=1` selects in the official client).
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k").dev_mode().build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn dev_mode(self) -> Self {
        self.plain_http_host("127.0.0.1", 8181)
    }

    /// Resolves the workspace host through this master instead of the official one. The
    /// resolved host is spoken to with the master URL's scheme.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .master_url("https://master.staging.example")
    ///     .build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn master_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Endpoint::Master(url.into());
        self
    }

    /// Sets the proxy in the official client's syntax (see [`ProxySetting`]); overrides
    /// `ACCSYN_PROXY`. Parse errors surface from [`build`](Self::build).
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .proxy("socks5:gw.local:1080".parse()?)
    ///     .build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn proxy(mut self, proxy: ProxySetting) -> Self {
        self.proxy = ProxyChoice::Set(proxy);
        self
    }

    /// Ignores `ACCSYN_PROXY` (and sets no accsyn or SOCKS proxy).
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k").no_accsyn_proxy().build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn no_accsyn_proxy(mut self) -> Self {
        self.proxy = ProxyChoice::Off;
        self
    }

    /// Whether `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` apply, as they do for the official
    /// client (through `requests`). On by default.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k").env_http_proxies(false).build()?;
    /// # let _ = t; Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn env_http_proxies(mut self, enabled: bool) -> Self {
        self.env_http_proxies = enabled;
        self
    }

    /// The longest wait for a TCP (and TLS) connection. Default 10 s.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k")
    ///     .connect_timeout(std::time::Duration::from_secs(3));
    /// # let _ = b;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest wait between two reads of a reply. Default 120 s, as the official client.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k")
    ///     .read_timeout(std::time::Duration::from_secs(30));
    /// # let _ = b;
    /// ```
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// An overall limit per call, retries and their delays included, and so is the master
    /// lookup and login a first call makes. None by default.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k")
    ///     .deadline(std::time::Duration::from_secs(60));
    /// # let _ = b;
    /// ```
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How calls are retried; [`RetryPolicy::none`] turns retries off.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k")
    ///     .retry(accsyn_transport::RetryPolicy::none());
    /// # let _ = b;
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Accepts any server certificate, even expired or self-signed. Dangerous: anyone on
    /// the path can then read the API key. Prefer [`add_root_certificates_pem`](Self::add_root_certificates_pem)
    /// with the server's own CA.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k")
    ///     .danger_accept_invalid_certs(true);
    /// # let _ = b;
    /// ```
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// Trusts the certificates of a PEM bundle (one or more `BEGIN CERTIFICATE` blocks) in
    /// addition to the system's roots. Invalid PEM is reported by [`build`](Self::build).
    ///
    /// ```no_run
    /// let pem = std::fs::read("/etc/accsyn/ca.pem")?;
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .host("accsyn.acme.internal", 443)
    ///     .add_root_certificates_pem(pem)
    ///     .build()?;
    /// # let _ = t; Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_pems.push(pem.into());
        self
    }

    /// Trusts only the certificates given with
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem), not the system's.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k").only_custom_roots(true);
    /// # let _ = b;
    /// ```
    pub fn only_custom_roots(mut self, only: bool) -> Self {
        self.only_custom_roots = only;
        self
    }

    /// Uses this client (custom TLS roots, corporate proxy, your own pool) instead of
    /// building one. Its timeouts, proxies and TLS settings apply; this builder's connect
    /// and read timeouts, TLS options and SOCKS proxy do not (setting a SOCKS proxy or
    /// TLS option explicitly is then an error). Retries, deadline and an accsyn proxy
    /// still apply.
    ///
    /// Do not pass a client built with `connection_verbose(true)`: it logs the raw bytes of
    /// every request at `TRACE`, the `Authorization` header (the key in base64) included.
    ///
    /// ```
    /// let client = reqwest::Client::builder().build()?;
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .client(client)
    ///     .build()?;
    /// # let _ = t; Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Logs request and reply bodies at `DEBUG` on target `accsyn_transport::verbose`, with
    /// secret-looking fields (keys, passwords, tokens, the session id) masked.
    ///
    /// ```
    /// let b = accsyn_transport::HttpTransport::builder("a", "u", "k").verbose(true);
    /// # let _ = b;
    /// ```
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Checks the settings and builds the transport (no network I/O: the master lookup and
    /// login happen on the first call, or on [`HttpTransport::login`]).
    ///
    /// # Errors
    /// [`Error::Config`] for an empty workspace, user or key, a bad URL or proxy, invalid
    /// PEM, or options that cannot apply to a client passed in.
    ///
    /// ```
    /// let err = accsyn_transport::HttpTransport::builder("acme", "u", "")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("API key"));
    /// ```
    pub fn build(self) -> Result<HttpTransport, Error> {
        if self.workspace.trim().is_empty() {
            return Err(Error::Config("the workspace code is empty".into()));
        }
        if self.username.trim().is_empty() {
            return Err(Error::Config("the user name is empty".into()));
        }
        if self.api_key.is_empty() {
            return Err(Error::Config(
                "the API key is empty; pass it or set ACCSYN_API_KEY in the caller".into(),
            ));
        }
        if self.deadline.is_some_and(|d| d.is_zero()) {
            return Err(Error::Config(
                "the deadline must be longer than zero".into(),
            ));
        }
        let proxy = match &self.proxy {
            ProxyChoice::Set(p) => Some(p.clone()),
            ProxyChoice::Off => None,
            // An unset or blank variable means no proxy, as in the official client.
            ProxyChoice::FromEnv => match std::env::var(PROXY_ENV) {
                Ok(v) if !v.trim().is_empty() => Some(ProxySetting::parse(&v)?),
                _ => None,
            },
        };
        let target = match (&proxy, &self.endpoint) {
            // An accsyn proxy relays every call, the master lookup's included, in plain HTTP.
            (Some(ProxySetting::Accsyn { host, port }), _) => {
                Target::Fixed(format!("http://{}:{port}", bracket_ipv6(host)))
            }
            (_, Endpoint::Master(url)) => Target::Master(normalise_base(url, true)?),
            (_, Endpoint::BaseUrl(url)) => Target::Fixed(normalise_base(url, true)?),
            (
                _,
                Endpoint::Host {
                    host,
                    port,
                    plain_http,
                },
            ) => {
                let scheme = if *plain_http { "http" } else { "https" };
                let url = format!("{scheme}://{}:{port}", bracket_ipv6(host));
                Target::Fixed(normalise_base(&url, true)?)
            }
        };
        let client = match self.client {
            Some(client) => {
                let explicit_socks = matches!(
                    (&self.proxy, &proxy),
                    (ProxyChoice::Set(_), Some(ProxySetting::Socks5 { .. }))
                );
                if explicit_socks
                    || self.accept_invalid_certs
                    || !self.root_pems.is_empty()
                    || self.only_custom_roots
                {
                    return Err(Error::Config(
                        "SOCKS proxy and TLS options cannot be applied to a reqwest::Client \
                         passed in; configure them on that client"
                            .into(),
                    ));
                }
                client
            }
            None => build_client(&self_settings(&self), proxy.as_ref())?,
        };
        HttpTransport::from_parts(
            client,
            self.workspace,
            self.username,
            self.api_key,
            target,
            self.retry,
            self.deadline,
            self.verbose,
        )
    }
}

/// The settings the client is built from.
fn self_settings(b: &HttpTransportBuilder) -> ClientSettings<'_> {
    ClientSettings {
        env_http_proxies: b.env_http_proxies,
        connect_timeout: b.connect_timeout,
        read_timeout: b.read_timeout,
        accept_invalid_certs: b.accept_invalid_certs,
        root_pems: &b.root_pems,
        only_custom_roots: b.only_custom_roots,
    }
}

pub(super) fn bracket_ipv6(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// Validates a base URL and returns it as `scheme://host[:port][/path]` without a trailing
/// slash or `/api/v3` (added per request).
fn normalise_base(url: &str, allow_http: bool) -> Result<String, Error> {
    let parsed = Url::parse(url.trim())
        .map_err(|e| Error::Config(format!("{url:?} is not a valid URL: {e}")))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_http => {}
        other => {
            return Err(Error::Config(format!(
                "{url:?} uses scheme {other:?}; use https:// (or http:// for a local test server)"
            )));
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config(format!("{url:?} has no host")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() || !parsed.username().is_empty() {
        return Err(Error::Config(format!(
            "{url:?} must be only scheme, host, port and path"
        )));
    }
    let mut base = parsed.as_str().trim_end_matches('/').to_owned();
    if let Some(stripped) = base.strip_suffix("/api/v3") {
        base = stripped.to_owned();
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(
            normalise_base("http://127.0.0.1:8181/", true).unwrap(),
            "http://127.0.0.1:8181"
        );
        assert_eq!(
            normalise_base("https://h:8443/api/v3/", true).unwrap(),
            "https://h:8443"
        );
        // Default ports are dropped by URL normalisation, which changes nothing on the wire.
        assert_eq!(normalise_base("https://h:443", true).unwrap(), "https://h");
        assert!(normalise_base("ftp://h", true).is_err());
        assert!(normalise_base("http://h", false).is_err());
        assert!(normalise_base("not a url", true).is_err());
        assert!(normalise_base("https://h/?x=1", true).is_err());
    }

    #[test]
    fn ipv6_hosts_are_bracketed() {
        assert_eq!(bracket_ipv6("::1"), "[::1]");
        assert_eq!(bracket_ipv6("h"), "h");
    }
}
