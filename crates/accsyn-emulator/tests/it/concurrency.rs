//! Concurrent writers: nothing lost, nothing duplicated.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::json;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_creates_from_sixteen_tasks() {
    let emu = start().await;
    let c = Arc::new(Client::login(&emu, ADMIN).await);
    let mut tasks = Vec::new();
    for t in 0..16 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            // 16 tasks × 62 or 63 creates = 1,000.
            let n = if t < 8 { 63 } else { 62 };
            for i in 0..n {
                let job = c
                    .create("transfer", json!({"name": format!("t{t}-{i}")}))
                    .await;
                ids.push(job["id"].as_str().unwrap().to_owned());
            }
            ids
        }));
    }
    let mut acknowledged = HashSet::new();
    for t in tasks {
        for id in t.await.unwrap() {
            assert!(acknowledged.insert(id), "duplicate id");
        }
    }
    assert_eq!(acknowledged.len(), 1000);
    let stored: HashSet<String> = c
        .find("transfer", json!({}), None)
        .await
        .into_iter()
        .map(|j| j["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(stored, acknowledged);
    let names: HashSet<_> = c
        .find("transfer", json!({"attributes": ["name"]}), None)
        .await
        .into_iter()
        .map(|j| j["name"].clone())
        .collect();
    assert_eq!(names.len(), 1000);
}
