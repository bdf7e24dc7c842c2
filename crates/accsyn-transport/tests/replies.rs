//! Every reply form turned into the right result or typed error.

use std::time::{Duration, Instant};

use accsyn_transport::{ApiRequest, Error, HttpTransport, RetryPolicy, Transport};
use serde_json::json;

use crate::support::*;

/// Answers every event with `action()` and returns what a GET `transfer/find` gives.
async fn find_with(action: fn() -> Action) -> Result<accsyn_transport::Reply, Error> {
    let stub = accsyn_stub(move |_| action()).await;
    let t = builder_for(&stub)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    t.call(ApiRequest::get("transfer/find")).await
}

#[tokio::test]
async fn result_is_returned() {
    let reply = find_with(|| Action::json(200, json!({"result": [{"id": "a"}]})))
        .await
        .unwrap();
    assert_eq!(reply.into_result(), Some(json!([{"id": "a"}])));
}

#[tokio::test]
async fn other_reply_keys_are_kept() {
    let reply = find_with(|| Action::json(200, json!({"report": "ok"})))
        .await
        .unwrap();
    assert_eq!(reply.get("report"), Some(&json!("ok")));
}

#[tokio::test]
async fn message_is_an_api_error_whatever_the_status() {
    for status in [200, 400, 500] {
        let stub =
            accsyn_stub(move |_| Action::json(status, json!({"message": "bad attribute"}))).await;
        let t = builder_for(&stub)
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let err = t.call(ApiRequest::get("transfer/find")).await.unwrap_err();
        match err {
            Error::Api {
                message,
                status: s,
                uri,
                detail,
            } => {
                assert_eq!(message, "bad attribute");
                assert_eq!(s, status);
                assert_eq!(uri, "transfer/find");
                assert_eq!(detail, None);
            }
            other => panic!("status {status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn message_hr_is_preferred() {
    let err = find_with(|| {
        Action::json(
            400,
            json!({"message": "ERR_QUERY", "message_hr": "The query is invalid"}),
        )
    })
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Api { message, detail: Some(d), .. } if message == "The query is invalid" && d == "ERR_QUERY"),
        "{err:?}"
    );
    assert!(err.to_string().contains("The query is invalid"));
}

#[tokio::test]
async fn exception_is_a_server_fault() {
    let err = find_with(|| Action::json(500, json!({"exception": "Traceback: KeyError 'x'"})))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ServerFault { exception, .. } if exception.contains("KeyError")),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("admin"),
        "the message says who can help: {err}"
    );
}

#[tokio::test]
async fn html_error_page_is_a_decode_error_quoting_it() {
    let err = find_with(|| {
        Action::raw(
            500,
            "<html><head><title>500 Internal Server Error</title></head></html>",
        )
    })
    .await
    .unwrap_err();
    match err {
        Error::Decode {
            body_start,
            status,
            reason,
            ..
        } => {
            assert!(body_start.starts_with("<html><head><title>500"));
            assert_eq!(status, 500);
            assert!(reason.contains("not JSON"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn empty_body_is_a_decode_error() {
    let err = find_with(|| Action::raw(200, "")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { reason, .. } if reason.contains("empty")),
        "{err:?}"
    );
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_quoting_the_start() {
    let err = find_with(|| Action::raw(200, r#"{"result": [{"id": "0123"#))
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            body_start, reason, ..
        } => {
            assert!(reason.contains("truncated"), "{reason}");
            assert_eq!(body_start, r#"{"result": [{"id": "0123"#);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn body_cut_off_mid_transfer_is_an_error_not_a_partial_reply() {
    let err = find_with(|| Action::Truncate {
        announced: 500,
        body: br#"{"result": ["#.to_vec(),
    })
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Http { .. }), "{err:?}");
}

#[tokio::test]
async fn slow_get_past_the_read_timeout_is_a_timeout() {
    let stub = accsyn_stub(|_| {
        Action::Delay(
            Duration::from_secs(3),
            Box::new(Action::json(200, json!({"result": []}))),
        )
    })
    .await;
    let t = builder_for(&stub)
        .read_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = t.call(ApiRequest::get("transfer/find")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn slow_post_past_the_deadline_has_an_unknown_outcome() {
    let stub = accsyn_stub(|_| {
        Action::Delay(
            Duration::from_secs(3),
            Box::new(Action::json(200, json!({"result": []}))),
        )
    })
    .await;
    let t = builder_for(&stub)
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    t.login().await.unwrap();
    let started = Instant::now();
    let err = t
        .call(ApiRequest::post("delivery/create"))
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(stub.events().len(), 1, "never retried");
}

#[tokio::test]
async fn refused_login_names_workspace_and_user() {
    let stub = Stub::start(|_| Action::json(401, json!({"message": "Invalid API key"}))).await;
    let err = transport_for(&stub).login().await.unwrap_err();
    match &err {
        Error::Login {
            workspace,
            username,
            message,
        } => {
            assert_eq!((workspace.as_str(), username.as_str()), (WORKSPACE, USER));
            assert_eq!(message, "Invalid API key");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("API key"));
}

#[tokio::test]
async fn failed_login_is_retried_by_the_next_call() {
    let stub = Stub::start({
        let n = std::sync::atomic::AtomicUsize::new(0);
        move |r| {
            if r.path() == "/api/v3/api/login"
                && n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0
            {
                Action::json(500, json!({"exception": "db down"}))
            } else if r.path() == "/api/v3/api/login" {
                login_ok()
            } else {
                Action::json(200, json!({"result": true}))
            }
        }
    })
    .await;
    let t = transport_for(&stub);
    assert!(t.call(ApiRequest::get("entitytypes")).await.is_err());
    assert!(t.login_info().is_none());
    assert!(t.call(ApiRequest::get("entitytypes")).await.is_ok());
    assert_eq!(t.login_info().unwrap().user_id, USER_ID);
}

#[tokio::test]
async fn unknown_workspace_at_the_master() {
    let master = Stub::start(|_| Action::json(200, json!({"message": "No such workspace"}))).await;
    let t = HttpTransport::builder("nope", USER, KEY)
        .master_url(master.url())
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .build()
        .unwrap();
    let err = t.login().await.unwrap_err();
    assert!(
        matches!(&err, Error::UnknownWorkspace { workspace, message } if workspace == "nope" && message == "No such workspace"),
        "{err:?}"
    );
}
