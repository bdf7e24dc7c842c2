//! The API key never shows: not in tracing output (spans, events, `log` records of the HTTP
//! stack, verbose bodies), not in `Debug` output, not in errors; neither raw nor in base64.

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use accsyn_transport::{ApiKey, ApiRequest, Error, HttpTransport, Transport};
use base64::Engine;
use serde_json::json;

use crate::support::*;

const LEAKY_KEY: &str = "k3y-that-must-not-leak-7f2c";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn forbidden() -> Vec<String> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        LEAKY_KEY.to_owned(),
        b64(LEAKY_KEY),
        // Without padding, in case something re-encodes it.
        b64(LEAKY_KEY).trim_end_matches('=').to_owned(),
        "hunter2".to_owned(),
        // A key the server hands out (the `api_key` operation) is a secret too.
        "served-key".to_owned(),
        SESSION.to_owned(),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in forbidden() {
        assert!(!text.contains(&secret), "{what} leaks {secret:?}:\n{text}");
    }
}

#[test]
fn no_trace_of_the_key_in_tracing_or_debug_output() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // `log` records (reqwest, rustls) go to tracing too, so the HTTP stack is checked as well.
    let _ = tracing_log::LogTracer::init();
    let mut debug_output = String::new();

    tracing::subscriber::with_default(subscriber, || {
        // Other tests run concurrently without a subscriber; a callsite they hit first may
        // have cached "never enabled" before this scoped subscriber existed. Recompute.
        tracing::callsite::rebuild_interest_cache();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let stub = accsyn_stub(|r| {
                if r.path() == "/api/v3/event" && r.method == "PUT" {
                    Action::json(400, json!({"message": "refused", "message_hr": "Refused"}))
                } else {
                    Action::json(
                        200,
                        json!({"result": [{"id": "a", "api_key": "served-key"}]}),
                    )
                }
            })
            .await;
            let builder = HttpTransport::builder(WORKSPACE, USER, ApiKey::new(LEAKY_KEY))
                .base_url(stub.url())
                .no_accsyn_proxy()
                .env_http_proxies(false)
                .verbose(true);
            debug_output.push_str(&format!("{builder:?}\n"));
            let t = builder.build().unwrap();
            debug_output.push_str(&format!("{t:?}\n"));
            let info = t.login().await.unwrap();
            debug_output.push_str(&format!("{info:?}\n{t:?}\n"));
            let reply = t
                .call(ApiRequest::get("user/find").with_query("code='a@b.c'"))
                .await
                .unwrap();
            debug_output.push_str(&format!("{reply:?}\n"));
            let reply = t
                .call(
                    ApiRequest::post("user/create")
                        .with_data(json!({"password": "hunter2", "code": "x"})),
                )
                .await
                .unwrap();
            debug_output.push_str(&format!("{reply:?}\n"));
            let err = t.call(ApiRequest::put("user/edit")).await.unwrap_err();
            debug_output.push_str(&format!("{err:?}\n{err}\n"));
            drop(stub);
            let err: Error = t.call(ApiRequest::post("user/create")).await.unwrap_err();
            debug_output.push_str(&format!("{err:?}\n{err}\n"));
        });
    });

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    // The capture works: spans with their fields, and the verbose bodies, are in it.
    assert!(logs.contains("accsyn_call"), "{logs}");
    assert!(
        logs.contains("operation=user/find") && logs.contains("method=GET"),
        "{logs}"
    );
    assert!(logs.contains("accsyn_login"), "{logs}");
    assert!(
        logs.contains("status=200") && logs.contains("duration_ms"),
        "{logs}"
    );
    assert!(
        logs.contains("envelope=") && logs.contains(r#""code":"x""#),
        "verbose bodies: {logs}"
    );
    assert!(logs.contains(r#""password":"***""#), "masked field: {logs}");
    // reqwest's own `log` records reach the capture: without this the check below could
    // pass only because the HTTP stack's output never got here.
    assert!(
        logs.contains("starting new connection"),
        "reqwest's log records: {logs}"
    );
    assert!(!debug_output.is_empty());
    assert_clean("tracing output", &logs);
    assert_clean("Debug output", &debug_output);
}

#[test]
fn api_key_debug_and_display_are_redacted() {
    let key = ApiKey::new(LEAKY_KEY);
    assert_eq!(format!("{key:?}"), "[redacted]");
    assert_eq!(format!("{key}"), "[redacted]");
    assert_eq!(format!("{:?}", Some(key.clone())), "Some([redacted])");
}
