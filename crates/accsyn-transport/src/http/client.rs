//! Building the `reqwest::Client`: timeouts, proxies, TLS backend and roots.
//!
//! No crypto provider is ever installed process-wide: with `rustls` reqwest picks its own
//! default (aws-lc-rs) or the one the application installed, with `ring` the provider is part
//! of this client's config alone.

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

/// The PEM bundles as certificates; an unreadable or empty bundle is an error.
#[cfg(any(feature = "rustls", feature = "native-tls", feature = "ring"))]
fn root_certificates(s: &ClientSettings<'_>) -> Result<Vec<reqwest::Certificate>, Error> {
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
    Ok(certs)
}

/// Root certificates and the verification opt-out, through reqwest's own TLS options: the
/// platform library with `native-tls`, otherwise rustls with reqwest's default provider
/// (aws-lc-rs, or one the application installed itself).
#[cfg(any(feature = "native-tls", all(feature = "rustls", not(feature = "ring"))))]
fn apply_tls(
    mut builder: reqwest::ClientBuilder,
    s: &ClientSettings<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(feature = "native-tls")]
    {
        builder = builder.tls_backend_native();
    }
    let certs = root_certificates(s)?;
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

/// With `ring` (and not `native-tls`): a rustls config built with the ring provider, handed to
/// reqwest whole, so the provider is chosen for this client alone and nothing process-wide
/// is read or installed.
#[cfg(all(feature = "ring", not(feature = "native-tls")))]
fn apply_tls(
    builder: reqwest::ClientBuilder,
    s: &ClientSettings<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_preconfigured(ring::config(s)?))
}

/// Without a TLS feature only plain HTTP works, so TLS options cannot be honoured.
#[cfg(not(any(feature = "rustls", feature = "native-tls", feature = "ring")))]
fn apply_tls(
    builder: reqwest::ClientBuilder,
    s: &ClientSettings<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    if !s.root_pems.is_empty() || s.only_custom_roots || s.accept_invalid_certs {
        return Err(Error::Config(
            "TLS options need the `rustls`, `ring` or `native-tls` feature of accsyn-transport"
                .into(),
        ));
    }
    Ok(builder)
}

/// The rustls config of the `ring` feature: what reqwest builds for its own rustls backend
/// (platform roots plus the given ones, or the given ones only, or no verification when asked
/// by name), with the provider given explicitly.
#[cfg(all(feature = "ring", not(feature = "native-tls")))]
mod ring {
    use std::sync::Arc;

    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
    use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

    use super::{ClientSettings, root_certificates};
    use crate::Error;

    fn config_error(what: &str, e: impl std::fmt::Display) -> Error {
        Error::Config(format!("TLS with the ring provider: {what}: {e}"))
    }

    pub(super) fn config(s: &ClientSettings<'_>) -> Result<ClientConfig, Error> {
        // Checked the same way as on the other backends, so a bad bundle fails alike.
        root_certificates(s)?;
        let mut extra = Vec::new();
        for pem in s.root_pems {
            for cert in CertificateDer::pem_slice_iter(pem) {
                extra.push(cert.map_err(|e| config_error("a root certificate", e))?);
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| config_error("protocol versions", e))?;
        let builder = if s.accept_invalid_certs {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
        } else if s.only_custom_roots {
            let mut roots = RootCertStore::empty();
            for cert in extra {
                roots
                    .add(cert)
                    .map_err(|e| config_error("a root certificate", e))?;
            }
            builder.with_root_certificates(roots)
        } else {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(platform_verifier(extra, provider)?))
        };
        let mut config = builder.with_no_client_auth();
        // The transport speaks HTTP/1.1 only (reqwest is built without http2).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }

    /// The platform's roots, plus `extra` where the platform verifier takes extra roots.
    fn platform_verifier(
        extra: Vec<CertificateDer<'static>>,
        provider: Arc<CryptoProvider>,
    ) -> Result<rustls_platform_verifier::Verifier, Error> {
        if extra.is_empty() {
            return rustls_platform_verifier::Verifier::new(provider)
                .map_err(|e| config_error("the platform's roots", e));
        }
        #[cfg(any(all(unix, not(target_os = "android")), target_os = "windows"))]
        {
            rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
                .map_err(|e| config_error("the platform's roots", e))
        }
        #[cfg(not(any(all(unix, not(target_os = "android")), target_os = "windows")))]
        {
            Err(Error::Config(
                "TLS with the ring provider: extra roots on top of the platform's are not \
                 supported here; use only_custom_roots(true)"
                    .into(),
            ))
        }
    }

    /// `danger_accept_invalid_certs(true)`: any certificate is accepted, handshake
    /// signatures are still checked with the provider.
    #[derive(Debug)]
    struct AcceptAnyCertificate(Arc<CryptoProvider>);

    impl ServerCertVerifier for AcceptAnyCertificate {
        fn verify_server_cert(
            &self,
            _end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _server_name: &ServerName<'_>,
            _ocsp_response: &[u8],
            _now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            verify_tls12_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            verify_tls13_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
}
