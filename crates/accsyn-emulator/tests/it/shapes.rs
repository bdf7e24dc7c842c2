//! Replies have the seeds' shapes: they decode into accsyn-model's typed
//! structs, and every attribute of the seeds' JSON examples (accsyn-model's
//! fixtures) that a reply carries has the example's JSON type.

use std::time::Duration;

use accsyn_model::{
    Client as ClientEntity, Delivery, EntityType, Recipient, Task, TaskStatus, Transfer, User,
    Volume,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::*;

/// A seed example from accsyn-model's fixtures.
fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../accsyn-model/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Where `reply` differs in shape from the seed example: attributes of the
/// example it lacks (unless listed in `absent`), and attributes whose JSON
/// type differs (a `null` on either side is any type: nullable attributes).
fn shape_differences(reply: &Value, example: &Value, absent: &[&str], at: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (Value::Object(r), Value::Object(e)) = (reply, example) else {
        return out;
    };
    for (key, want) in e {
        let path = format!("{at}.{key}");
        match r.get(key) {
            None if absent.contains(&key.as_str()) => {}
            None => out.push(format!("{path} missing")),
            Some(got) if got.is_null() || want.is_null() => {}
            Some(got) if kind(got) != kind(want) => {
                out.push(format!(
                    "{path} is {} ({got}), seeds show {}",
                    kind(got),
                    kind(want)
                ));
            }
            // Metadata is the caller's own: the example's keys are not a shape.
            Some(_) if key == "metadata" => {}
            Some(got) => out.extend(shape_differences(got, want, absent, &path)),
        }
    }
    out
}

/// Decodes `value` as `T`, naming the attribute when it fails.
fn decode<T: DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value:#}"))
}

fn assert_shape(reply: &Value, fixture_name: &str, absent: &[&str]) {
    let diffs = shape_differences(reply, &fixture(fixture_name), absent, fixture_name);
    assert!(diffs.is_empty(), "{diffs:#?}\nreply: {reply:#}");
}

#[tokio::test]
async fn tasks_have_the_seeds_shape_and_decode_as_typed_tasks() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"tasks": [
                {"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"},
                "/Volumes/projects/b.mov",
            ]}),
        )
        .await;
    let found = c.find("task", json!({"parent": job["id"]}), None).await;
    assert_eq!(found.len(), 2);
    // `path_abs_final` is set once a task executes; `v` only on storage.
    assert_shape(&found[0], "task", &["path_abs_final", "user"]);
    let tasks: Vec<Task> = found.iter().map(decode).collect();
    let first = &tasks[0];
    assert_eq!(first.status, Some(TaskStatus::Queued));
    assert_eq!(first.uri.as_deref(), Some("0"));
    assert_eq!(
        first.job.as_ref().map(|j| j.as_str()),
        job["id"].as_str(),
        "{first:?}"
    );
    let hr = first.job_hr_ref().unwrap().unwrap();
    assert_eq!(hr.id.as_ref().map(|i| i.as_str()), job["id"].as_str());
    let source = first.source.as_ref().unwrap();
    assert_eq!(source.path.as_deref(), Some("delivery/a.mov"));
    let volumes = c.find("volume", json!({}), Some("code=projects")).await;
    assert_eq!(
        source.volume.as_ref().map(|v| v.as_str()),
        volumes[0]["id"].as_str()
    );
    assert!(source.client.is_some(), "the server's client: {source:?}");
    let destination = first.destination.as_ref().unwrap();
    assert_eq!(destination.path.as_deref(), Some("/tmp/a.mov"));
    assert_eq!(
        destination.user.as_ref().map(|u| u.as_str()),
        Some(c.id.as_str())
    );
    // A bare source path is on the owner's desktop app.
    let second = tasks[1].source.as_ref().unwrap();
    assert_eq!(second.path.as_deref(), Some("/Volumes/projects/b.mov"));
    assert_eq!(
        second.user.as_ref().map(|u| u.as_str()),
        Some(c.id.as_str())
    );
    assert_eq!(second.volume, None);
}

#[tokio::test]
async fn task_create_and_update_replies_decode_as_typed_tasks() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov", "status": "paused"}),
        )
        .await;
    let id = job["id"].as_str().unwrap();
    // The seed's single-task form: an object under `tasks`.
    let added = c
        .ok(
            "POST",
            "task/create",
            json!({"tasks": {"source": "share=projects/delivery/a.mov", "destination": "/tmp/b.mov"}}),
            None,
            Some(id),
        )
        .await;
    let added: Vec<Task> = decode(&added);
    assert_eq!(added.len(), 1);
    let new_id = added[0].id;
    assert_eq!(added[0].uri.as_deref(), Some("1"));
    let updated = c
        .ok(
            "PUT",
            "task/edit",
            json!([{"id": new_id.to_string(), "status": "onhold"}]),
            None,
            Some(id),
        )
        .await;
    let updated: Vec<Task> = decode(&updated);
    assert_eq!(updated[0].id, new_id);
    assert_eq!(updated[0].status, Some(TaskStatus::Onhold));
    assert_eq!(
        updated[0]
            .destination
            .as_ref()
            .and_then(|d| d.path.as_deref()),
        Some("/tmp/b.mov")
    );
    // Bookkeeping stays out of replies.
    for reply in c.find("task", json!({"parent": id}), None).await {
        for key in ["source_spec", "destination_spec", "transferred"] {
            assert!(reply.get(key).is_none(), "{key} shown: {reply}");
        }
    }
}

#[tokio::test]
async fn a_finished_task_has_its_final_path_and_time() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}),
        )
        .await;
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let found = c.find("task", json!({"parent": job["id"]}), None).await;
    let task: Task = decode(&found[0]);
    assert_eq!(task.status, Some(TaskStatus::Done), "{found:?}");
    assert_eq!(task.size, Some(1024));
    assert!(matches!(task.finished, Some(Some(_))), "{task:?}");
    let destination = task.destination.unwrap();
    let final_path = destination.path_abs_final.unwrap();
    assert!(final_path.ends_with("/tmp/a.mov"), "{final_path}");
    // Storage parties name no user.
    assert_shape(&found[0], "task", &["user"]);
}

#[tokio::test]
async fn transfers_have_the_seeds_shape_and_decode_as_typed_transfers() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let created = c
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov", "status": "paused"}),
        )
        .await;
    let found = c
        .ok(
            "GET",
            "transfer/find",
            json!({}),
            None,
            created["id"].as_str(),
        )
        .await;
    assert_shape(&found[0], "transfer", &["finished"]);
    let transfer: Transfer = decode(&found[0]);
    // A download: from the workspace's storage to the user.
    let source = transfer.source_ref().unwrap().unwrap();
    assert_eq!(source.kind, EntityType::Workspace);
    let destination = transfer.destination_ref().unwrap().unwrap();
    assert_eq!(destination.kind, EntityType::User);
    assert_eq!(destination.id.as_str(), c.id);
    // The create reply has the same shape.
    let created: Transfer = decode(&created);
    assert_eq!(created.source, transfer.source);
}

#[tokio::test]
async fn deliveries_and_recipients_decode_as_typed_entities() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let d = c
        .create(
            "delivery",
            json!({"name": "refs", "tasks": ["share=projects/delivery/a.mov"], "recipients": [STANDARD]}),
        )
        .await;
    let delivery: Delivery = decode(&d);
    assert_eq!(delivery.name.as_deref(), Some("refs"));
    let found = c.find("delivery", json!({}), None).await;
    let _: Delivery = decode(&found[0]);
    let recipients = c
        .ok("GET", "job/recipients", json!({}), None, d["id"].as_str())
        .await;
    assert_shape(&recipients[0], "delivery_recipients", &[]);
    let recipients: Vec<Recipient> = decode(&recipients);
    assert_eq!(recipients.len(), 1);
    assert_eq!(recipients[0].actioned, Some(false));
    let files = c.find("task", json!({"parent": d["id"]}), None).await;
    let files: Vec<Task> = files.iter().map(decode).collect();
    assert_eq!(
        files[0].source.as_ref().and_then(|s| s.path.as_deref()),
        Some("delivery/a.mov")
    );
}

#[tokio::test]
async fn volumes_users_and_clients_have_the_seeds_shapes() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let volumes = c.find("volume", json!({}), None).await;
    let users = c.find("user", json!({}), None).await;
    let clients = c.find("client", json!({}), None).await;
    let mut diffs = shape_differences(&volumes[0], &fixture("volume"), &[], "volume");
    // Users log in through the emulator: `logged_in` is there once they do.
    diffs.extend(shape_differences(&users[0], &fixture("user"), &[], "user"));
    for client in &clients {
        diffs.extend(shape_differences(client, &fixture("client"), &[], "client"));
    }
    assert!(
        diffs.is_empty(),
        "{diffs:#?}\n{volumes:#?}\n{users:#?}\n{clients:#?}"
    );
    let _: Volume = decode(&volumes[0]);
    let _: Vec<User> = users.iter().map(decode).collect();
    let _: Vec<ClientEntity> = clients.iter().map(decode).collect();
}
