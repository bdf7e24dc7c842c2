//! A session the server forgets: one new login and one replay when that is safe, never a
//! write sent twice when its outcome is unknown.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use accsyn_transport::{ApiRequest, Error, Transport};
use serde_json::json;

use crate::support::*;

/// A stub whose logins hand out `sess-1`, `sess-2`, ...; events on any session but the
/// latest are refused as the emulator refuses them (401, "unknown or expired session").
/// `forget` says, per event, whether the server forgets every session before answering.
async fn forgetful_stub(
    forget: impl Fn(&Recorded) -> bool + Send + Sync + 'static,
    answer: impl Fn(&Recorded) -> Action + Send + Sync + 'static,
) -> (Stub, Arc<AtomicUsize>) {
    let logins = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&logins);
    let stub = Stub::start(move |r| {
        if r.path() == "/api/v3/api/login" {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            return Action::json(
                200,
                json!({"result": {"role": "admin", "id": USER_ID, "session_id": format!("sess-{n}")}}),
            );
        }
        let latest = format!("sess-{}", counter.load(Ordering::SeqCst));
        if forget(r) || envelope_of(r)["session"] != latest.as_str() {
            return Action::json(401, json!({"message": "unknown or expired session: log in again"}));
        }
        answer(r)
    })
    .await;
    (stub, logins)
}

#[tokio::test]
async fn a_read_on_a_forgotten_session_logs_in_again_and_succeeds() {
    let first_find_forgotten = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&first_find_forgotten);
    let (stub, logins) = forgetful_stub(
        // The second event finds its session forgotten (a user deactivated and reactivated).
        move |_| seen.fetch_add(1, Ordering::SeqCst) == 1,
        |_| Action::json(200, json!({"result": [{"id": USER_ID}]})),
    )
    .await;
    let t = transport_for(&stub);
    t.call(ApiRequest::get("transfer/find")).await.unwrap();
    let reply = t.call(ApiRequest::get("transfer/find")).await.unwrap();
    assert_eq!(reply.into_result(), Some(json!([{"id": USER_ID}])));
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    let sessions: Vec<_> = stub
        .events()
        .iter()
        .map(|r| envelope_of(r)["session"].clone())
        .collect();
    assert_eq!(
        sessions,
        [json!("sess-1"), json!("sess-1"), json!("sess-2")]
    );
    assert_eq!(t.login_info().unwrap().session_id(), "sess-2");
}

#[tokio::test]
async fn a_write_refused_for_its_session_was_not_acted_on_and_is_sent_once_more() {
    let creates = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&creates);
    let (stub, logins) = forgetful_stub(
        // The server forgets the session just before the first create arrives.
        move |r| r.method == "POST" && seen.fetch_add(1, Ordering::SeqCst) == 0,
        |_| Action::json(200, json!({"result": [{"id": USER_ID, "name": "refs"}]})),
    )
    .await;
    let t = transport_for(&stub);
    let create = ApiRequest::post("delivery/create").with_data(json!({"name": "refs"}));
    let reply = t.call(create).await.unwrap();
    assert_eq!(reply.into_result().unwrap()[0]["name"], "refs");
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    // Refused once (not acted on), accepted once: created exactly once.
    assert_eq!(stub.events().len(), 2);
}

#[tokio::test]
async fn a_session_refused_again_after_a_new_login_is_reported_not_retried_forever() {
    let stub = accsyn_stub(|_| {
        Action::json(
            401,
            json!({"message": "unknown or expired session: log in again"}),
        )
    })
    .await;
    let t = transport_for(&stub);
    let err = t.call(ApiRequest::get("transfer/find")).await.unwrap_err();
    assert!(err.is_session_refused(), "{err:?}");
    // One login at first, one more after the refusal; one replay.
    let logins = stub
        .recorded()
        .iter()
        .filter(|r| r.path() == "/api/v3/api/login")
        .count();
    assert_eq!((logins, stub.events().len()), (2, 2));
}

#[tokio::test]
async fn a_create_whose_outcome_is_unknown_is_never_sent_twice() {
    // The connection drops after the create was read: it may have happened.
    let stub = accsyn_stub(|_| Action::Drop).await;
    let t = transport_for(&stub);
    let create = ApiRequest::post("delivery/create").with_data(json!({"name": "refs"}));
    let err = t.call(create).await.unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
    assert!(!err.is_session_refused());
    assert_eq!(stub.events().len(), 1, "the create was sent once");
}

#[tokio::test]
async fn concurrent_calls_refused_together_share_one_new_login() {
    let (stub, logins) = forgetful_stub(
        // The server forgot the first session: every call on it is refused.
        |r| envelope_of(r)["session"] == "sess-1",
        |_| Action::json(200, json!({"result": []})),
    )
    .await;
    let t = transport_for(&stub);
    t.login().await.unwrap();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let t = t.clone();
            tokio::spawn(async move { t.call(ApiRequest::get("transfer/find")).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(
        logins.load(Ordering::SeqCst),
        2,
        "one login, then one new one for all"
    );
}

#[tokio::test]
async fn raw_replies_come_back_as_received_and_refusals_are_still_errors_and_relogins() {
    let body = r#"{"result": [{"id": "0123456789abcdef01234567", "note": "kept as sent"}]}"#;
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let (stub, logins) = forgetful_stub(
        // The second event finds its session forgotten.
        move |_| seen.fetch_add(1, Ordering::SeqCst) == 1,
        move |r| {
            if envelope_of(r)["uri"] == "bad/find" {
                Action::json(400, json!({"message": "no such entity type"}))
            } else {
                Action::raw(200, body)
            }
        },
    )
    .await;
    let t = transport_for(&stub);
    let raw = t.call_raw(ApiRequest::get("transfer/find")).await.unwrap();
    assert_eq!((raw.status(), raw.body()), (200, body.as_bytes()));
    // Forgotten: a new login, and the same body once more.
    let again = t.call_raw(ApiRequest::get("transfer/find")).await.unwrap();
    assert_eq!(again.body(), body.as_bytes());
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    let err = t.call_raw(ApiRequest::get("bad/find")).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
}

#[tokio::test]
async fn a_fake_with_only_call_answers_raw_calls_too() {
    let mut mock = accsyn_transport::MockTransport::new();
    mock.expect_call()
        .returning(|_| Ok(accsyn_transport::Reply::from_result(json!([1, 2]))));
    let raw = mock
        .call_raw(ApiRequest::get("transfer/find"))
        .await
        .unwrap();
    assert_eq!(raw.decode().unwrap().into_result(), Some(json!([1, 2])));
}
