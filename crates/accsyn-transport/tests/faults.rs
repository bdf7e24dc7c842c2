//! Fault handling: what is retried, what is not, and within which limits.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use accsyn_transport::{ApiRequest, Error, HttpTransport, RetryPolicy, Transport};
use serde_json::json;
use tokio::net::TcpListener;

use crate::support::*;

/// A port that refuses connections now: bound, then closed.
async fn refusing_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn connection_refused_then_accepted_get_is_retried_and_succeeds() {
    let port = refusing_port().await;
    let t = HttpTransport::builder(WORKSPACE, USER, KEY)
        .plain_http_host("127.0.0.1", port)
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .retry(
            RetryPolicy::default()
                .with_jitter(false)
                .with_min_delay(Duration::from_millis(150))
                .with_max_delay(Duration::from_millis(150))
                .with_max_retries(10),
        )
        .build()
        .unwrap();
    // The server comes up while the first attempts are being refused.
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        Stub::serve(
            listener,
            Arc::new(|r: &Recorded| {
                if r.path() == "/api/v3/api/login" {
                    login_ok()
                } else {
                    Action::json(200, json!({"result": [1]}))
                }
            }),
        )
    });
    let reply = t.call(ApiRequest::get("transfer/find")).await.unwrap();
    assert_eq!(reply.into_result(), Some(json!([1])));
    let stub = server.await.unwrap();
    assert_eq!(stub.events().len(), 1);
}

#[tokio::test]
async fn connection_refused_post_is_retried_because_it_was_never_sent() {
    let port = refusing_port().await;
    let stub_slot = Arc::new(std::sync::Mutex::new(None));
    let t = HttpTransport::builder(WORKSPACE, USER, KEY)
        .plain_http_host("127.0.0.1", port)
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .retry(
            fast_retries()
                .with_max_retries(10)
                .with_min_delay(Duration::from_millis(100)),
        )
        .build()
        .unwrap();
    let slot = stub_slot.clone();
    // Log in first against a live server, then take it down and bring it back.
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let handler: crate::support::server::Handler = Arc::new(|r: &Recorded| {
        if r.path() == "/api/v3/api/login" {
            login_ok()
        } else {
            Action::json(200, json!({"result": [{"id": "new"}]}))
        }
    });
    let first = Stub::serve(listener, handler.clone());
    t.login().await.unwrap();
    drop(first);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let h2 = handler.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        *slot.lock().unwrap() = Some(Stub::serve(listener, h2));
    });
    let reply = t.call(ApiRequest::post("delivery/create")).await.unwrap();
    assert_eq!(reply.into_result(), Some(json!([{"id": "new"}])));
    let stub = stub_slot.lock().unwrap().take().unwrap();
    assert_eq!(stub.events().len(), 1, "created exactly once");
}

#[tokio::test]
async fn post_dropped_after_being_read_is_not_retried_and_outcome_is_unknown() {
    let stub = accsyn_stub(|_| Action::Drop).await;
    let t = transport_for(&stub);
    let err = t
        .call(ApiRequest::post("delivery/create").with_data(json!({"name": "refs"})))
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("outcome") && text.contains("unknown"),
        "{text}"
    );
    assert!(
        text.contains("delivery/create") && text.contains("POST"),
        "{text}"
    );
    let events = stub.events();
    assert_eq!(
        events.len(),
        1,
        "a create that reached the server must not be repeated"
    );
    assert_eq!(envelope_of(&events[0])["data"], json!({"name": "refs"}));
}

#[tokio::test]
async fn put_and_delete_dropped_after_being_read_are_not_retried() {
    let stub = accsyn_stub(|_| Action::Drop).await;
    let t = transport_for(&stub);
    for req in [
        ApiRequest::put("delivery/edit"),
        ApiRequest::delete("delivery/delete"),
    ] {
        let err = t.call(req).await.unwrap_err();
        assert!(err.is_outcome_unknown(), "{err:?}");
    }
    assert_eq!(stub.events().len(), 2);
}

#[tokio::test]
async fn get_dropped_after_being_read_is_retried() {
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    let stub = accsyn_stub(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < 2 {
            Action::Drop
        } else {
            Action::json(200, json!({"result": ["ok"]}))
        }
    })
    .await;
    let reply = transport_for(&stub)
        .call(ApiRequest::get("transfer/find"))
        .await
        .unwrap();
    assert_eq!(reply.into_result(), Some(json!(["ok"])));
    assert_eq!(stub.events().len(), 3);
    let eids: std::collections::HashSet<_> = stub
        .events()
        .iter()
        .map(|r| envelope_of(r)["eid"].clone())
        .collect();
    assert_eq!(eids.len(), 1, "a retry repeats the same event, same eid");
}

#[tokio::test]
async fn retries_per_call_stop_at_max_retries() {
    let stub = accsyn_stub(|_| Action::raw(503, "busy")).await;
    let t = builder_for(&stub)
        .retry(fast_retries().with_max_retries(2))
        .build()
        .unwrap();
    let err = t.call(ApiRequest::get("transfer/find")).await.unwrap_err();
    assert!(
        matches!(err, Error::Unavailable { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(stub.events().len(), 3, "first attempt plus two retries");
}

#[tokio::test]
async fn shared_retry_budget_is_respected_across_calls() {
    let stub = accsyn_stub(|_| Action::raw(503, "busy")).await;
    let t = builder_for(&stub)
        .retry(fast_retries().with_max_retries(5).with_budget(3))
        .build()
        .unwrap();
    for _ in 0..3 {
        assert!(t.call(ApiRequest::get("transfer/find")).await.is_err());
    }
    // 3 calls, 5 retries each allowed, but only 3 retries in the budget.
    assert_eq!(stub.events().len(), 3 + 3);
}

#[tokio::test]
async fn retry_after_on_429_is_honoured_even_for_post() {
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    let stub = accsyn_stub(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            Action::raw(429, "slow down").with_header("retry-after", "1")
        } else {
            Action::json(200, json!({"result": [{"id": "x"}]}))
        }
    })
    .await;
    let t = transport_for(&stub);
    t.login().await.unwrap();
    let started = Instant::now();
    t.call(ApiRequest::post("delivery/create")).await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(stub.events().len(), 2);
}

#[tokio::test]
async fn retry_after_on_503_is_honoured_for_get_as_an_http_date() {
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    let stub = accsyn_stub(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
            Action::raw(503, "maintenance").with_header("retry-after", &at)
        } else {
            Action::json(200, json!({"result": []}))
        }
    })
    .await;
    let t = transport_for(&stub);
    t.login().await.unwrap();
    let started = Instant::now();
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
    // HTTP dates have one-second resolution: expect at least one second of the two.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_beyond_the_limit_is_reported_not_waited() {
    let stub = accsyn_stub(|_| Action::raw(429, "later").with_header("retry-after", "3600")).await;
    let t = transport_for(&stub);
    let started = Instant::now();
    let err = t.call(ApiRequest::get("transfer/find")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(err, Error::Unavailable { status: 429, retry_after: Some(d), .. } if d == Duration::from_secs(3600)),
        "{err:?}"
    );
    assert_eq!(stub.events().len(), 1);
}

#[tokio::test]
async fn post_503_is_not_retried() {
    let stub = accsyn_stub(|_| Action::raw(503, "<html>down</html>")).await;
    let err = transport_for(&stub)
        .call(ApiRequest::post("delivery/create"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 503, .. }), "{err:?}");
    assert_eq!(stub.events().len(), 1);
}

#[tokio::test]
async fn deadline_bounds_retries_of_a_get() {
    let stub = accsyn_stub(|_| Action::raw(503, "busy")).await;
    let t = builder_for(&stub)
        .retry(
            fast_retries()
                .with_max_retries(100)
                .with_budget(100)
                .with_min_delay(Duration::from_millis(100))
                .with_max_delay(Duration::from_millis(100)),
        )
        .deadline(Duration::from_millis(550))
        .build()
        .unwrap();
    t.login().await.unwrap();
    let started = Instant::now();
    assert!(t.call(ApiRequest::get("transfer/find")).await.is_err());
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    let n = stub.events().len();
    // About five fit; a loaded machine may fit fewer, never more than the deadline allows.
    assert!((2..=7).contains(&n), "{n} attempts within the deadline");
}

#[tokio::test]
async fn unreachable_host_is_a_connect_error_naming_it() {
    let port = refusing_port().await;
    let t = HttpTransport::builder(WORKSPACE, USER, KEY)
        .plain_http_host("127.0.0.1", port)
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = t.login().await.unwrap_err();
    assert!(
        matches!(&err, Error::Connect { target, .. } if *target == format!("127.0.0.1:{port}")),
        "{err:?}"
    );
    assert!(err.to_string().contains("not sent"));
}

#[tokio::test]
async fn deadline_counts_the_login_the_call_had_to_make() {
    // Login and the find take 500 ms each: each fits an 800 ms deadline (with room for a
    // loaded machine), both do not.
    let slow = |action: Action| Action::Delay(Duration::from_millis(500), Box::new(action));
    let stub = Stub::start(move |r| {
        if r.path() == "/api/v3/api/login" {
            slow(login_ok())
        } else {
            slow(Action::json(200, json!({"result": []})))
        }
    })
    .await;
    let t = builder_for(&stub)
        .retry(RetryPolicy::none())
        .deadline(Duration::from_millis(800))
        .build()
        .unwrap();
    let err = t.call(ApiRequest::get("transfer/find")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    // Logged in all the same: the next call has its whole deadline for itself.
    assert!(t.login_info().is_some());
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
}

#[tokio::test]
async fn a_write_whose_deadline_a_slow_login_spent_was_not_sent() {
    let stub = Stub::start(|r| {
        if r.path() == "/api/v3/api/login" {
            Action::Delay(Duration::from_millis(500), Box::new(login_ok()))
        } else {
            Action::json(200, json!({"result": [{"id": "new"}]}))
        }
    })
    .await;
    let t = builder_for(&stub)
        .retry(RetryPolicy::none())
        .deadline(Duration::from_millis(450))
        .build()
        .unwrap();
    let err = t
        .call(ApiRequest::post("delivery/create"))
        .await
        .unwrap_err();
    // The login itself timed out: a GET-like timeout, and the create never left.
    assert!(
        matches!(err, Error::Timeout { .. }) && !err.is_outcome_unknown(),
        "{err:?}"
    );
    assert!(stub.events().is_empty(), "the create was never sent");
}

#[tokio::test]
async fn huge_deadline_and_delays_neither_panic_nor_hang() {
    let stub = accsyn_stub(|_| Action::raw(503, "busy")).await;
    // `Duration::MAX` as "no deadline": calls work.
    let t = builder_for(&stub)
        .retry(RetryPolicy::none())
        .deadline(Duration::MAX)
        .build()
        .unwrap();
    assert!(matches!(
        t.call(ApiRequest::get("transfer/find")).await,
        Err(Error::Unavailable { .. })
    ));
    // A backoff far past the deadline ends the call instead of overflowing the clock.
    let t = builder_for(&stub)
        .retry(
            RetryPolicy::default()
                .with_min_delay(Duration::MAX)
                .with_max_delay(Duration::MAX),
        )
        .deadline(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    assert!(t.call(ApiRequest::get("transfer/find")).await.is_err());
    assert!(started.elapsed() < Duration::from_secs(4));
}
