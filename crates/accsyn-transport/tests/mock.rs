//! The trait is easy to fake and to mock, and shares as `Arc<dyn Transport>`.

use std::sync::{Arc, Mutex};

use accsyn_transport::{ApiRequest, Error, Method, MockTransport, Reply, Transport, async_trait};
use serde_json::json;

/// A fake that records requests: what a downstream crate writes in a few lines.
#[derive(Default)]
struct Recorder(Mutex<Vec<ApiRequest>>);

#[async_trait]
impl Transport for Recorder {
    async fn call(&self, request: ApiRequest) -> Result<Reply, Error> {
        self.0.lock().unwrap().push(request);
        Ok(Reply::from_result(json!([])))
    }
}

#[tokio::test]
async fn a_fake_is_shared_as_arc_dyn_transport_across_tasks() {
    let fake = Arc::new(Recorder::default());
    let shared: Arc<dyn Transport> = fake.clone();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let t = shared.clone();
            tokio::spawn(async move { t.call(ApiRequest::get(format!("t{i}/find"))).await })
        })
        .collect();
    for h in handles {
        h.await.unwrap().unwrap();
    }
    assert_eq!(fake.0.lock().unwrap().len(), 4);
}

#[tokio::test]
async fn mockall_mock_checks_calls_and_returns_errors() {
    let mut mock = MockTransport::new();
    mock.expect_call()
        .withf(|r| r.method == Method::Post && r.uri == "delivery/create")
        .times(1)
        .returning(|r| {
            Err(Error::OutcomeUnknown {
                method: r.method,
                uri: r.uri,
                source: None,
            })
        });
    let transport: Box<dyn Transport> = Box::new(mock);
    let err = transport
        .call(ApiRequest::post("delivery/create"))
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown());
}
