//! Shared helpers: an accsyn-speaking stub and a transport pointed at it.

pub(crate) mod server;

use std::time::Duration;

use accsyn_transport::{HttpTransport, HttpTransportBuilder, RetryPolicy};
use serde_json::{Value, json};

pub(crate) use server::{Action, Recorded, Stub};

pub(crate) const WORKSPACE: &str = "acme";
pub(crate) const USER: &str = "admin@acme.test";
/// The dummy key of the wire recording.
pub(crate) const KEY: &str = "secret-key-1";
pub(crate) const SESSION: &str = "sess-1";
pub(crate) const USER_ID: &str = "0123456789abcdef01234567";

pub(crate) fn login_ok() -> Action {
    Action::json(
        200,
        json!({"result": {"role": "admin", "id": USER_ID, "session_id": SESSION}}),
    )
}

/// A stub that logs in and answers events with `events`.
pub(crate) async fn accsyn_stub(
    events: impl Fn(&Recorded) -> Action + Send + Sync + 'static,
) -> Stub {
    Stub::start(move |r| {
        if r.path() == "/api/v3/api/login" {
            login_ok()
        } else {
            events(r)
        }
    })
    .await
}

/// A stub answering every event with `{"result": []}`.
pub(crate) async fn empty_result_stub() -> Stub {
    accsyn_stub(|_| Action::json(200, json!({"result": []}))).await
}

/// Fast retries without jitter, so fault tests take milliseconds and are deterministic.
pub(crate) fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_jitter(false)
        .with_min_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_millis(100))
}

/// A builder aimed at `stub` in plain HTTP, immune to the machine's proxy variables.
pub(crate) fn builder_for(stub: &Stub) -> HttpTransportBuilder {
    HttpTransport::builder(WORKSPACE, USER, KEY)
        .base_url(stub.url())
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .retry(fast_retries())
}

pub(crate) fn transport_for(stub: &Stub) -> HttpTransport {
    builder_for(stub).build().unwrap()
}

/// The envelope a request carried: the decoded query string, or the body.
pub(crate) fn envelope_of(r: &Recorded) -> Value {
    match r.query() {
        Some(q) => {
            let text = percent_encoding::percent_decode_str(q)
                .decode_utf8()
                .unwrap();
            serde_json::from_str(&text).unwrap()
        }
        None => serde_json::from_slice(&r.body).unwrap(),
    }
}
