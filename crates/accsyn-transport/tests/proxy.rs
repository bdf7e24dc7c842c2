//! Proxies as the official client reads them.

use accsyn_transport::{ApiRequest, HttpTransport, ProxySetting, Transport};

use crate::support::*;

#[tokio::test]
async fn accsyn_proxy_receives_every_call_in_plain_http_without_master_lookup() {
    let relay = empty_result_stub().await;
    let setting: ProxySetting = format!("127.0.0.1:{}", relay.addr.port()).parse().unwrap();
    // No host given: without the proxy this would ask the official master.
    let t = HttpTransport::builder(WORKSPACE, USER, KEY)
        .proxy(setting)
        .env_http_proxies(false)
        .build()
        .unwrap();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
    let paths: Vec<_> = relay
        .recorded()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(paths, ["/api/v3/api/login", "/api/v3/event"]);
    assert_eq!(
        relay.recorded()[1].header("x-accsyn-workspace"),
        Some(WORKSPACE)
    );
}

#[tokio::test]
async fn accsyn_proxy_from_the_environment_variable_form() {
    let relay = empty_result_stub().await;
    // The `accsyn:host:port` form, as ACCSYN_PROXY would hold it (set through the builder
    // here: changing the process environment would race with other tests).
    let setting = ProxySetting::parse(&format!("accsyn:127.0.0.1:{}", relay.addr.port())).unwrap();
    let t = HttpTransport::builder(WORKSPACE, USER, KEY)
        .host("accsyn.invalid", 443)
        .proxy(setting)
        .env_http_proxies(false)
        .build()
        .unwrap();
    t.call(ApiRequest::get("entitytypes")).await.unwrap();
    assert_eq!(
        relay.events().len(),
        1,
        "the proxy replaces the configured host"
    );
}

#[tokio::test]
async fn socks_proxy_setting_builds_a_client() {
    for s in ["socks:127.0.0.1:1080", "socks5:127.0.0.1:1080"] {
        let t = HttpTransport::builder(WORKSPACE, USER, KEY)
            .host("accsyn.invalid", 443)
            .proxy(s.parse().unwrap())
            .build();
        assert!(t.is_ok(), "{s}: {t:?}");
    }
}
