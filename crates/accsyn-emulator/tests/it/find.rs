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
    // The deliveries seed's form: no parent, the job in the query.
    let by_query = c
        .find("task", json!({}), Some(&format!("job.id={id}")))
        .await;
    assert_eq!(by_query.len(), 2);
    c.create(
        "transfer",
        json!({"tasks": [{"source": "share=projects/c.mov", "destination": "/tmp/c.mov"}]}),
    )
    .await;
    assert_eq!(c.find("task", json!({}), None).await.len(), 3);
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

#[tokio::test]
async fn queries_filter_case_insensitively() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    three_jobs(&c).await;
    c.create("delivery", json!({"name": "Project references"}))
        .await;
    // The official client lowercases the whole expression.
    let one = c
        .find(
            "delivery",
            json!({"single_entity_query": true}),
            Some("name='project references'"),
        )
        .await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["name"], "Project references");
    let some = c
        .find("transfer", json!({}), Some("name in alpha,gamma"))
        .await;
    assert_eq!(some.len(), 2);
    let none = c
        .find("transfer", json!({}), Some("name contains backup"))
        .await;
    assert!(none.is_empty());
    let matched = c
        .find("transfer", json!({}), Some("name matches \"^(al|be)\""))
        .await;
    assert_eq!(matched.len(), 2);
}

#[tokio::test]
async fn reference_attributes_match_by_id_or_code() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    admin.create("transfer", json!({"name": "a"})).await;
    employee.create("transfer", json!({"name": "e"})).await;
    for q in [
        format!("user={EMPLOYEE}"),
        format!("user={}", employee.id),
        format!("user in x@y.z,{EMPLOYEE}"),
    ] {
        let found = admin.find("transfer", json!({}), Some(&q)).await;
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0]["name"], "e", "{q}");
    }
    let others = admin
        .find("transfer", json!({}), Some(&format!("user!={EMPLOYEE}")))
        .await;
    assert_eq!(others.len(), 1);
    assert_eq!(others[0]["name"], "a");
    // The stored document still holds the id.
    assert_eq!(others[0]["user"], admin.id.as_str());
    // A task's job by the job's code.
    let job = admin
        .create("transfer", json!({"code": "nightly", "tasks": [{"source": "share=projects/a.mov", "destination": "/tmp/a.mov"}]}))
        .await;
    let tasks = admin
        .find("task", json!({"parent": job["id"]}), Some("job=nightly"))
        .await;
    assert_eq!(tasks.len(), 1);
}

#[tokio::test]
async fn the_seeds_nested_query() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    admin
        .create(
            "user",
            json!({"code": "lisa@example.com", "role": "employee"}),
        )
        .await;
    let by_admin = [
        ("nightly backup", "hq"),
        ("weekly backup", "london"),
        ("render", "hq"),
    ];
    let mut ids = Vec::new();
    for (code, destination) in by_admin {
        ids.push(
            admin
                .create(
                    "transfer",
                    json!({"code": code, "destination": destination}),
                )
                .await["id"]
                .clone(),
        );
    }
    // No job has failed, so both backups match through `status<>failed`.
    let q = r#"((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#;
    let found = admin.find("transfer", json!({}), Some(q)).await;
    let codes: Vec<_> = found.iter().map(|j| j["code"].clone()).collect();
    assert_eq!(codes, [json!("nightly backup"), json!("weekly backup")]);
    let q = r#"((user=admin@acme.test AND destination=hq) OR status=failed) AND code="* backup""#;
    let found = admin.find("transfer", json!({}), Some(q)).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], ids[0]);
}

#[tokio::test]
async fn the_workspace_party_answers_to_its_code_and_main_site() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let download = admin
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}),
        )
        .await;
    for q in [
        "source=acme",
        "source=hq",
        "source=acme AND destination=admin@acme.test",
    ] {
        let found = admin.find("transfer", json!({}), Some(q)).await;
        assert_eq!(found.len(), 1, "{q}: {found:?}");
        assert_eq!(found[0]["id"], download["id"], "{q}");
    }
    for q in ["destination=hq", "source=elsewhere"] {
        assert!(
            admin.find("transfer", json!({}), Some(q)).await.is_empty(),
            "{q}"
        );
    }
}

#[tokio::test]
async fn whole_queries_and_invalid_queries() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let volume = c.find("volume", json!({}), None).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    c.create("acl", json!({"entity": format!("user:{}", c.id), "target": format!("share:{volume}"), "read": true})).await;
    let q = format!("acl WHERE target=share:{volume}");
    let found = c.find("acl", json!({"recursive": true}), Some(&q)).await;
    assert_eq!(found.len(), 1);
    let msg = c
        .fails(
            "GET",
            "transfer/find",
            json!({}),
            Some("((status=done"),
            None,
        )
        .await;
    assert!(msg.starts_with("invalid query"), "{msg}");
    let msg = c
        .fails(
            "GET",
            "transfer/find",
            json!({}),
            Some("user WHERE code=x"),
            None,
        )
        .await;
    assert!(msg.contains("`user`"), "{msg}");
}
