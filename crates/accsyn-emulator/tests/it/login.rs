//! Login and per-event authentication.

use serde_json::json;

use super::*;

#[tokio::test]
async fn login_returns_role_id_and_session() {
    let emu = start().await;
    let (status, body) = login_raw(&emu.base_url(), ADMIN, ADMIN_KEY, "acme").await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["role"], "admin");
    assert_eq!(
        body["result"]["id"],
        emu.credentials().user(ADMIN).unwrap().id()
    );
    assert!(body["result"]["session_id"].as_str().unwrap().len() >= 16);
}

#[tokio::test]
async fn wrong_key_and_unknown_user_get_the_same_message() {
    let emu = start().await;
    let (s1, wrong_key) = login_raw(&emu.base_url(), ADMIN, "nope", "acme").await;
    let (s2, unknown) = login_raw(&emu.base_url(), "ghost@acme.test", ADMIN_KEY, "acme").await;
    assert_eq!((s1, s2), (401, 401));
    assert!(wrong_key["message"].is_string(), "{wrong_key}");
    assert_eq!(wrong_key, unknown);
    // The key never comes back in a reply.
    assert!(!wrong_key.to_string().contains("nope"));
    let (_, wrong_ws) = login_raw(&emu.base_url(), ADMIN, ADMIN_KEY, "other").await;
    assert!(wrong_ws["message"].as_str().unwrap().contains("workspace"));
}

#[tokio::test]
async fn malformed_authorization_headers_are_refused() {
    let emu = start().await;
    let http = super::http_client();
    for header in ["", "basic", "Bearer abc", "basic !!!:???", "basic YWRtaW4="] {
        let resp = http
            .put(format!("{}/api/v3/api/login", emu.base_url()))
            .header("Authorization", header)
            .header("X-Accsyn-Workspace", "acme")
            .body("{}")
            .send()
            .await
            .unwrap();
        let (status, body) = read(resp).await;
        assert_eq!(status, 401, "{header}: {body}");
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn every_event_checks_headers_and_session() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    // Another user's session.
    let mut stolen = Client::login(&emu, EMPLOYEE).await;
    stolen.session = admin.session.clone();
    let msg = stolen
        .fails("GET", "transfer/find", json!({}), None, None)
        .await;
    assert!(msg.contains("session"), "{msg}");
    // A made-up session.
    let mut made_up = Client::login(&emu, EMPLOYEE).await;
    made_up.session = "x".repeat(32);
    made_up
        .fails("GET", "transfer/find", json!({}), None, None)
        .await;
    // A wrong key on an event, with a valid session.
    let mut wrong_key = Client::login(&emu, EMPLOYEE).await;
    wrong_key.key = "wrong".into();
    wrong_key
        .fails("GET", "transfer/find", json!({}), None, None)
        .await;
    // An ident that is not the authenticated user.
    let mut env = employee.envelope("transfer/find", json!({}), None, None);
    env["ident"] = json!(ADMIN);
    let (status, _) = employee.send("GET", &env).await;
    assert_eq!(status, 401);
    // Still fine for the real owner.
    employee
        .ok("GET", "transfer/find", json!({}), None, None)
        .await;
}

#[tokio::test]
async fn deactivated_users_can_no_longer_log_in_or_call() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    admin
        .ok(
            "DELETE",
            "user/deactivate",
            json!({}),
            None,
            Some(&standard.id),
        )
        .await;
    standard
        .fails("GET", "transfer/find", json!({}), None, None)
        .await;
    let (status, _) = login_raw(&emu.base_url(), STANDARD, "secret-key-3", "acme").await;
    assert_eq!(status, 401);
    admin
        .ok("POST", "user/activate", json!({}), None, Some(&standard.id))
        .await;
    let (status, _) = login_raw(&emu.base_url(), STANDARD, "secret-key-3", "acme").await;
    assert_eq!(status, 200);
}
