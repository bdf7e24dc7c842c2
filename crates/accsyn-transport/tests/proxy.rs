//! Proxies as the official client reads them.

use std::sync::{Arc, Mutex};

use accsyn_transport::{ApiRequest, HttpTransport, ProxySetting, Transport};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

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

/// A minimal SOCKS5 proxy (no auth, CONNECT only) that records the targets it was asked
/// for and pipes bytes both ways.
async fn socks5_proxy() -> (u16, Arc<Mutex<Vec<String>>>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut head = [0u8; 2];
                client.read_exact(&mut head).await?;
                let mut methods = vec![0; usize::from(head[1])];
                client.read_exact(&mut methods).await?;
                client.write_all(&[5, 0]).await?;
                let mut req = [0u8; 4];
                client.read_exact(&mut req).await?;
                let host = match req[3] {
                    1 => {
                        let mut ip = [0u8; 4];
                        client.read_exact(&mut ip).await?;
                        std::net::Ipv4Addr::from(ip).to_string()
                    }
                    3 => {
                        let mut len = [0u8; 1];
                        client.read_exact(&mut len).await?;
                        let mut name = vec![0; usize::from(len[0])];
                        client.read_exact(&mut name).await?;
                        String::from_utf8_lossy(&name).into_owned()
                    }
                    _ => return Ok(()),
                };
                let mut port = [0u8; 2];
                client.read_exact(&mut port).await?;
                let port = u16::from_be_bytes(port);
                record.lock().unwrap().push(format!("{host}:{port}"));
                // Only loopback targets: the test never lets the proxy reach further.
                assert_eq!(host, "127.0.0.1");
                let mut upstream = TcpStream::connect((host.as_str(), port)).await?;
                client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]).await?;
                tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
                Ok::<_, std::io::Error>(())
            });
        }
    });
    (port, seen, task)
}

#[tokio::test]
async fn socks5_proxy_carries_every_call_to_the_api_host() {
    let api = empty_result_stub().await;
    let (proxy_port, seen, proxy) = socks5_proxy().await;
    let t = HttpTransport::builder(WORKSPACE, USER, KEY)
        .plain_http_host("127.0.0.1", api.addr.port())
        .proxy(format!("socks5:127.0.0.1:{proxy_port}").parse().unwrap())
        .env_http_proxies(false)
        .build()
        .unwrap();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
    assert_eq!(
        api.recorded().len(),
        2,
        "login and the call reached the API host"
    );
    let targets = seen.lock().unwrap().clone();
    assert!(!targets.is_empty());
    assert!(
        targets
            .iter()
            .all(|t| *t == format!("127.0.0.1:{}", api.addr.port())),
        "{targets:?}"
    );
    proxy.abort();
}
