//! The application builds its own TLS first (rustls `ClientConfig::builder()`, then
//! `reqwest::Client::new()`), then an accsyn `Session`, then both again: nothing panics, and the
//! session leaves the process's crypto provider as the application had it.

#[path = "common.rs"]
mod common;

#[tokio::test]
async fn application_tls_then_a_session_then_application_tls_again() {
    common::application_tls();
    // rustls's own builder installed its crate-feature default for the application.
    let before = common::installed_provider();
    assert!(before.is_some());

    let base_url = common::https_login_server(1).await;
    let session = common::session(&base_url);
    session.login().await.expect("login over TLS");
    assert_eq!(
        common::installed_provider(),
        before,
        "a session replaced the process's crypto provider"
    );

    common::application_tls();
    let again = common::session(&base_url);
    drop((session, again));
    assert_eq!(common::installed_provider(), before);
}
