//! Find semantics: scopes, get by id, skip/limit, projection, parents,
//! entitytypes and attributes.

use serde_json::json;

use super::*;

async fn three_jobs(c: &Client) -> Vec<String> {
    let mut ids = Vec::new();
    for name in ["alpha", "beta", "gamma"] {
        ids.push(
            c.create("transfer", json!({"name": name})).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    ids
}

#[tokio::test]
async fn finished_jobs_leave_live_finds_but_not_get_by_id() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let ids = three_jobs(&c).await;
    c.ok(
        "PUT",
        "transfer/edit",
        json!({"status": "done"}),
        None,
        Some(&ids[0]),
    )
    .await;
    c.ok(
        "PUT",
        "transfer/edit",
        json!({"status": "aborted"}),
        None,
        Some(&ids[1]),
    )
    .await;
    let live = c.find("transfer", json!({}), None).await;
    assert_eq!(live.len(), 1);
    assert_eq!(live[0]["name"], "gamma");
    let finished = c.find("transfer", json!({"finished": true}), None).await;
    assert_eq!(finished.len(), 2);
    // get_entity finds it whatever its scope.
    let got = c
        .ok("GET", "transfer/find", json!({}), None, Some(&ids[0]))
        .await;
    assert_eq!(got[0]["status"], "done");
    // Archived (deleted) jobs are only found among the archived.
    c.ok(
        "DELETE",
        "transfer/delete",
        json!(null),
        None,
        Some(&ids[2]),
    )
    .await;
    assert!(c.find("transfer", json!({}), None).await.is_empty());
    let archived = c.find("transfer", json!({"archived": true}), None).await;
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0]["id"], ids[2].as_str());
    // The umbrella type `job` spans transfers, deliveries and requests.
    c.create("delivery", json!({"name": "d"})).await;
    let jobs = c.find("job", json!({"finished": true}), None).await;
    assert_eq!(jobs.len(), 2);
    assert_eq!(c.find("job", json!({}), None).await.len(), 1);
}

#[tokio::test]
async fn skip_limit_and_attribute_projection() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    three_jobs(&c).await;
    let page = c
        .find(
            "transfer",
            json!({"skip": 1, "limit": 1, "attributes": ["name"]}),
            None,
        )
        .await;
    assert_eq!(page.len(), 1);
    assert_eq!(page[0]["name"], "beta");
    let keys: Vec<_> = page[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["id", "name"]);
    assert!(
        c.find("transfer", json!({"skip": 10}), None)
            .await
            .is_empty()
    );
    assert_eq!(c.find("transfer", json!({"limit": 0}), None).await.len(), 0);
}

#[tokio::test]
async fn single_entity_query_returns_one_whatever_its_status() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let ids = three_jobs(&c).await;
    c.ok(
        "PUT",
        "transfer/edit",
        json!({"status": "done"}),
        None,
        Some(&ids[0]),
    )
    .await;
    let one = c
        .find("transfer", json!({"single_entity_query": true}), None)
        .await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["id"], ids[0].as_str());
}

#[tokio::test]
async fn unknown_ids_find_nothing() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let r = c
        .ok(
            "GET",
            "transfer/find",
            json!({}),
            None,
            Some("0123456789abcdef01234567"),
        )
        .await;
    assert_eq!(r, json!([]));
}

#[tokio::test]
async fn tasks_are_found_through_their_parent() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"tasks": [{"source": "share=projects/a.mov", "destination": "/tmp/a.mov"}]}),
        )
        .await;
    let id = job["id"].as_str().unwrap();
    let added = c
        .ok(
            "POST",
            "task/create",
            json!({"tasks": {"source": "share=projects/b.mov", "destination": "/tmp/b.mov"}}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(added[0]["uri"], "1");
    let tasks = c.find("task", json!({"parent": id}), None).await;
    assert_eq!(tasks.len(), 2);
    let msg = c.fails("GET", "task/find", json!({}), None, None).await;
    assert!(msg.contains("parent"), "{msg}");
    // update_many by uri and by id.
    let tid = tasks[0]["id"].as_str().unwrap();
    let updated = c
        .ok(
            "PUT",
            "task/edit",
            json!([{"uri": "1", "status": "onhold"}, {"id": tid, "priority": 7}]),
            None,
            Some(id),
        )
        .await;
    assert_eq!(updated[0]["status"], "onhold");
    assert_eq!(updated[1]["priority"], 7);
}

#[tokio::test]
async fn entitytypes_and_attributes() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let types = c.ok("GET", "entitytypes", json!({}), None, None).await;
    for t in ["user", "transfer", "delivery", "task", "volume", "client"] {
        assert!(types.as_array().unwrap().contains(&json!(t)), "{t}");
    }
    let all = c
        .ok(
            "GET",
            "attributes",
            json!({"entitytype": "delivery", "create": false, "update": false}),
            None,
            None,
        )
        .await;
    assert!(all.as_array().unwrap().contains(&json!("status")));
    let update = c
        .ok(
            "GET",
            "attributes",
            json!({"entitytype": "transfer", "update": true}),
            None,
            None,
        )
        .await;
    assert!(update.as_array().unwrap().contains(&json!("status")));
    assert!(!update.as_array().unwrap().contains(&json!("id")));
    c.fails(
        "GET",
        "attributes",
        json!({"entitytype": "nope"}),
        None,
        None,
    )
    .await;
    c.fails("GET", "attributes", json!({}), None, None).await;
}
