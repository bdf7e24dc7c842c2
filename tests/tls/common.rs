//! What both test binaries share: the application's own TLS work, a session, and a small
//! HTTPS server on 127.0.0.1 that answers the login.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CA: &[u8] = include_bytes!("../../crates/accsyn-transport/tests/fixtures/tls/test-ca.pem");
const CERT: &[u8] = include_bytes!("../../crates/accsyn-transport/tests/fixtures/tls/server.pem");
const KEY: &[u8] =
    include_bytes!("../../crates/accsyn-transport/tests/fixtures/tls/server-key.pem");

/// The process-wide provider, as an address to compare (`None`: none installed).
pub fn installed_provider() -> Option<*const CryptoProvider> {
    CryptoProvider::get_default().map(Arc::as_ptr)
}

/// What the application does with TLS on its own, as sqlx, tonic or lettre would: a rustls
/// client config from the default builder, and a reqwest client. Either panics when rustls
/// or reqwest cannot choose a provider.
pub fn application_tls() {
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    assert!(!config.crypto_provider().cipher_suites.is_empty());
    let client = reqwest::Client::new();
    drop(client);
}

/// A session built without connecting (the reqwest client, TLS included, is built here).
pub fn session(base_url: &str) -> accsyn_client::Session {
    accsyn_client::Session::builder()
        .workspace("acme")
        .username("admin@acme.test")
        .api_key("not-a-real-key")
        .base_url(base_url)
        .configure(|http| {
            http.add_root_certificates_pem(CA)
                .only_custom_roots(true)
                // Only 127.0.0.1: no proxy from the environment or the accsyn settings.
                .env_http_proxies(false)
                .no_accsyn_proxy()
        })
        .build()
        .expect("a session builds without a network")
}

/// An HTTPS server on 127.0.0.1 that answers every request with a successful login, for
/// `connections` connections. Its rustls config names its provider, so the server installs
/// nothing process-wide either.
pub async fn https_login_server(connections: usize) -> String {
    let certs = CertificateDer::pem_slice_iter(CERT)
        .collect::<Result<Vec<_>, _>>()
        .expect("server certificate");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("server key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let Ok(mut tls) = acceptor.accept(tcp).await else {
                continue;
            };
            // One request per connection: read the head and the small body, answer, close.
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let body = r#"{"result": {"role": "admin", "id": "0123456789abcdef01234567", "session_id": "s"}}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(reply.as_bytes()).await;
            let _ = tls.shutdown().await;
        }
    });
    format!("https://127.0.0.1:{port}")
}
