//! Robustness: malformed requests each get a message and the server serves on.

use serde_json::{Value, json};

use super::*;

/// One malformed request of kind `i % 12`, varied by `i`.
fn malformed(c: &Client, i: usize) -> (&'static str, Vec<u8>, Option<String>) {
    let env = |uri: &str, data: Value| c.envelope(uri, data, None, None);
    match i % 12 {
        0 => (
            "POST",
            format!("{{\"uri\": \"transfer/create\", {i}").into_bytes(),
            None,
        ),
        1 => ("GET", Vec::new(), Some(format!("%7Bnot-json-{i}"))),
        2 => {
            let mut e = env("transfer/find", json!({}));
            e["uri"] = json!(i);
            ("GET", Vec::new(), Some(e.to_string()))
        }
        3 => (
            "POST",
            env("transfer/create", json!(format!("text {i}")))
                .to_string()
                .into_bytes(),
            None,
        ),
        4 => (
            "GET",
            Vec::new(),
            Some(env("transfer/find", json!({"limit": format!("{i}")})).to_string()),
        ),
        5 => (
            "GET",
            Vec::new(),
            Some(env(&format!("nosuchtype{i}/find"), json!({})).to_string()),
        ),
        6 => ("POST", vec![b'x'; 70_000 + i], None),
        7 => {
            let mut e = env("transfer/find", json!({}));
            e.as_object_mut().unwrap().remove("data");
            e["gz_data"] = json!(format!("not base64 {i}!"));
            ("GET", Vec::new(), Some(e.to_string()))
        }
        8 => {
            let mut e = env("transfer/find", json!({}));
            e["session"] = json!(format!("forged-{i}"));
            ("GET", Vec::new(), Some(e.to_string()))
        }
        9 => ("PUT", vec![0xff, 0xfe, 0xfd, (i % 256) as u8], None),
        10 => {
            // Invalid queries: unbalanced, dangling operators, whole queries on the wrong type.
            let q = [
                "((status=done",
                "name contains",
                "user WHERE code=x",
                "=",
                "a = 'unterminated",
            ][i % 5];
            let mut e = env("transfer/find", json!({}));
            e["query"] = json!(q);
            ("GET", Vec::new(), Some(e.to_string()))
        }
        _ => (
            "POST",
            env("transfer/create", json!({"name": "x", "unknown_attr": i}))
                .to_string()
                .into_bytes(),
            None,
        ),
    }
}

#[tokio::test]
async fn two_hundred_malformed_requests_each_get_a_message() {
    let emu = Emulator::builder()
        .seed(seed())
        .body_limit(64 * 1024)
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let url = format!("{}/api/v3/event", c.base);
    for i in 0..200 {
        let (method, body, query) = malformed(&c, i);
        let mut target = url.clone();
        if let Some(q) = query {
            // Encode only what a URL cannot carry, so broken escapes stay broken.
            let q = if q.starts_with('%') {
                q
            } else {
                percent_encoding::utf8_percent_encode(&q, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            target = format!("{target}?{q}");
        }
        let resp = c
            .http
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                target,
            )
            .header("Authorization", auth_header(&c.user, &c.key))
            .header("X-Accsyn-Workspace", "acme")
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, reply) = read(resp).await;
        assert!(status >= 400, "request {i} succeeded: {reply}");
        assert!(
            reply["message"].as_str().is_some_and(|m| !m.is_empty()),
            "request {i} got no message: {reply}"
        );
    }
    // Still serving, and nothing malformed was stored.
    let jobs = c.find("transfer", json!({}), None).await;
    assert!(jobs.is_empty(), "{jobs:?}");
    c.create("transfer", json!({"name": "after"})).await;
}

#[tokio::test]
async fn a_refused_request_writes_nothing() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c.create("transfer", json!({"name": "t"})).await;
    let id = job["id"].as_str().unwrap();
    // The second task is malformed: the first must not be kept either.
    let msg = c
        .fails(
            "POST",
            "task/create",
            json!({"tasks": [{"source": "a", "destination": "b"}, {"bogus": 1}]}),
            None,
            Some(id),
        )
        .await;
    assert!(msg.contains("bogus"), "{msg}");
    assert!(c.find("task", json!({"parent": id}), None).await.is_empty());
}

/// Sends raw bytes on a fresh connection and reads the reply to the end
/// (hyper closes the connection after its own errors).
async fn raw_exchange(base: &str, request: Vec<u8>) -> (String, Value) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://").to_owned();
    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        stream.write_all(&request).unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        reply
    })
    .await
    .unwrap();
    let text = String::from_utf8(reply).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let body = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (head.to_owned(), body)
}

#[tokio::test]
async fn a_request_line_or_headers_too_large_for_hyper_get_a_json_message() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    // A GET envelope whose percent-encoded query is over hyper's 65,534-byte
    // request-line limit: hyper answers 414 before any handler runs.
    let env = c.envelope(
        "transfer/find",
        json!({"attributes": vec!["name"; 10_000]}),
        None,
        None,
    );
    let q =
        percent_encoding::utf8_percent_encode(&env.to_string(), percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    assert!(q.len() > 65_534);
    let request = format!("GET /api/v3/event?{q} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let (head, body) = raw_exchange(&emu.base_url(), request.into_bytes()).await;
    assert!(head.starts_with("HTTP/1.1 414"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("65,534"),
        "{body}"
    );
    // More than hyper's 100 headers: 431, also with a message.
    let mut request = String::from("GET /api/v3/event HTTP/1.1\r\nHost: x\r\n");
    for i in 0..150 {
        request.push_str(&format!("X-Filler-{i}: {i}\r\n"));
    }
    request.push_str("\r\n");
    let (head, body) = raw_exchange(&emu.base_url(), request.into_bytes()).await;
    assert!(head.starts_with("HTTP/1.1 431"), "{head}");
    assert!(
        body["message"].as_str().unwrap().contains("headers"),
        "{body}"
    );
    // A broken request line: 400 with a message.
    let (head, body) = raw_exchange(&emu.base_url(), b"NOT A REQUEST\r\n\r\n".to_vec()).await;
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(body["message"].is_string(), "{body}");
    // The server serves on, and its own replies are untouched.
    assert_eq!(c.find("user", json!({}), None).await.len(), 3);
    let (status, body) = c.event("GET", "nosuch/find", json!({}), None, None).await;
    assert_eq!(status, 404);
    assert!(body["message"].is_string());
}
