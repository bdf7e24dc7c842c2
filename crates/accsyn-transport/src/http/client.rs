//! Building the `reqwest::Client`: timeouts, proxies, TLS roots and the crypto provider.

use std::time::Duration;

use super::builder::bracket_ipv6;
use crate::{Error, ProxySetting};

/// The settings `build_client` needs, split out so `build` can move the rest.
pub(super) struct ClientSettings<'a> {
    pub(super) env_http_proxies: bool,
    pub(super) connect_timeout: Duration,
    pub(super) read_timeout: Duration,
    pub(super) accept_invalid_certs: bool,
    pub(super) root_pems: &'a [Vec<u8>],
    pub(super) only_custom_roots: bool,
}

pub(super) fn build_client(
    s: &ClientSettings<'_>,
    proxy: Option<&ProxySetting>,
) -> Result<reqwest::Client, Error> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        // No User-Agent: X-Accsyn-Device already names this crate and version, and every
        // header costs both ends on each call.
        .connect_timeout(s.connect_timeout)
        .read_timeout(s.read_timeout)
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(90))
        // accsyn answers errors as JSON with any status; a redirect is never part of the
        // protocol, and following one could replay a POST elsewhere.
        .redirect(reqwest::redirect::Policy::none());
    #[cfg(feature = "native-tls")]
    {
        builder = builder.tls_backend_native();
    }
    if !s.env_http_proxies {
        builder = builder.no_proxy();
    }
    if let Some(ProxySetting::Socks5 { host, port }) = proxy {
        // socks5h: the proxy resolves names, as PySocks does by default in the official client.
        let url = format!("socks5h://{}:{port}", bracket_ipv6(host));
        let p = reqwest::Proxy::all(&url)
            .map_err(|e| Error::Config(format!("SOCKS proxy {url} is not usable: {e}")))?;
        builder = builder.proxy(p);
    }
    builder = apply_tls(builder, s)?;
    builder
        .build()
        .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))
}

/// Root certificates and the verification opt-out.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn apply_tls(
    mut builder: reqwest::ClientBuilder,
    s: &ClientSettings<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    let mut certs = Vec::new();
    for pem in s.root_pems {
        let bundle = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::Config(format!("a root certificate bundle is not valid PEM: {e}"))
        })?;
        if bundle.is_empty() {
            return Err(Error::Config(
                "a root certificate bundle holds no certificate".into(),
            ));
        }
        certs.extend(bundle);
    }
    if s.only_custom_roots {
        builder = builder.tls_certs_only(certs);
    } else if !certs.is_empty() {
        builder = builder.tls_certs_merge(certs);
    }
    if s.accept_invalid_certs {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    Ok(builder)
}

/// Without a TLS feature only plain HTTP works, so TLS options cannot be honoured.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn apply_tls(
    builder: reqwest::ClientBuilder,
    s: &ClientSettings<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    if !s.root_pems.is_empty() || s.only_custom_roots || s.accept_invalid_certs {
        return Err(Error::Config(
            "TLS options need the `rustls` or `native-tls` feature of accsyn-transport".into(),
        ));
    }
    Ok(builder)
}

/// Installs rustls's `ring` crypto provider as the process default, unless one is installed.
///
/// This crate builds reqwest with rustls but without reqwest's default provider (aws-lc,
/// which needs cmake and builds slowly), so reqwest needs a process-wide provider before a
/// `reqwest::Client` is built. [`HttpTransportBuilder::build`](crate::HttpTransportBuilder::build) calls this itself; call it
/// before building your own client for [`HttpTransportBuilder::client`](crate::HttpTransportBuilder::client). Without the
/// `rustls` feature it does nothing.
///
/// ```
/// accsyn_transport::install_crypto_provider();
/// let client = reqwest::Client::builder().build()?;
/// # let _ = client; Ok::<(), reqwest::Error>(())
/// ```
pub fn install_crypto_provider() {
    #[cfg(feature = "rustls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: any provider will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
