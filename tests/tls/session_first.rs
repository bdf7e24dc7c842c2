//! A `Session` before any TLS of the application's own: the session installs no process-wide
//! crypto provider, and the application's rustls and reqwest still work afterwards.

#[path = "common.rs"]
mod common;

#[tokio::test]
async fn a_session_first_installs_no_crypto_provider() {
    assert_eq!(common::installed_provider(), None);
    let base_url = common::https_login_server(1).await;
    let session = common::session(&base_url);
    session.login().await.expect("login over TLS");
    assert_eq!(
        common::installed_provider(),
        None,
        "building a session and logging in installed a process-wide crypto provider"
    );

    common::application_tls();
    let again = common::session(&base_url);
    common::application_tls();
    drop((session, again));
}
