//! TLS: certificates are verified by default; a CA bundle or the explicitly named opt-out
//! makes a self-signed on-premise server reachable.

use std::sync::Arc;

use accsyn_transport::{
    ApiRequest, Error, HttpTransport, HttpTransportBuilder, RetryPolicy, Transport,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use tokio::net::TcpListener;

use crate::support::*;

const CA: &[u8] = include_bytes!("fixtures/tls/test-ca.pem");

async fn https_stub() -> Stub {
    let certs = CertificateDer::pem_slice_iter(include_bytes!("fixtures/tls/server.pem"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("fixtures/tls/server-key.pem")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    Stub::serve_tls(
        listener,
        Arc::new(|r: &Recorded| {
            if r.path() == "/api/v3/api/login" {
                login_ok()
            } else {
                Action::json(200, serde_json::json!({"result": []}))
            }
        }),
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    )
}

fn https_builder(stub: &Stub) -> HttpTransportBuilder {
    HttpTransport::builder(WORKSPACE, USER, KEY)
        .host("127.0.0.1", stub.addr.port())
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .retry(RetryPolicy::none())
}

#[tokio::test]
async fn unknown_certificate_is_refused_by_default_and_the_key_is_never_sent() {
    let stub = https_stub().await;
    let err = https_builder(&stub)
        .build()
        .unwrap()
        .login()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(
        stub.recorded().is_empty(),
        "no request may be sent over an unverified connection"
    );
}

#[tokio::test]
async fn ca_bundle_added_to_the_system_roots_is_trusted() {
    let stub = https_stub().await;
    let t = https_builder(&stub)
        .add_root_certificates_pem(CA)
        .build()
        .unwrap();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
    assert_eq!(stub.events().len(), 1);
}

#[tokio::test]
async fn ca_bundle_alone_is_trusted() {
    let stub = https_stub().await;
    let t = https_builder(&stub)
        .add_root_certificates_pem(CA)
        .only_custom_roots(true)
        .build()
        .unwrap();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
}

#[tokio::test]
async fn danger_accept_invalid_certs_reaches_a_self_signed_server() {
    let stub = https_stub().await;
    let t = https_builder(&stub)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
}

// An own `reqwest::Client::new()` needs reqwest's default provider, which the `ring` feature
// alone does not compile in (reqwest then expects the application to choose).
#[cfg(feature = "rustls")]
#[tokio::test]
async fn own_reqwest_client_with_its_own_roots() {
    let stub = https_stub().await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only(reqwest::Certificate::from_pem_bundle(CA).unwrap())
        .build()
        .unwrap();
    let t = https_builder(&stub).client(client).build().unwrap();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
}

#[cfg(feature = "rustls")]
#[tokio::test]
async fn tls_options_on_an_own_client_are_rejected_not_ignored() {
    let err = HttpTransport::builder(WORKSPACE, USER, KEY)
        .client(reqwest::Client::new())
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[test]
fn invalid_pem_is_a_config_error() {
    for pem in [&b"not a certificate"[..], b""] {
        let err = HttpTransport::builder(WORKSPACE, USER, KEY)
            .add_root_certificates_pem(pem)
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Config(m) if m.contains("certificate")),
            "{err:?}"
        );
    }
}

/// Regression: building a transport installed `ring` as the process's default rustls provider,
/// changing the TLS of every client the application built afterwards.
#[tokio::test]
async fn no_crypto_provider_is_installed_for_the_process() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let stub = https_stub().await;
    for builder in [
        https_builder(&stub).add_root_certificates_pem(CA),
        https_builder(&stub)
            .add_root_certificates_pem(CA)
            .only_custom_roots(true),
        https_builder(&stub).danger_accept_invalid_certs(true),
    ] {
        let t = builder.build().unwrap();
        t.call(ApiRequest::get("transfer/find")).await.unwrap();
    }
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "a transport installed a process-wide crypto provider"
    );
}
