//! Transfers on the simulated clock: progress, copies, pause, failures,
//! excluded and duplicate tasks.

use std::time::Duration;

use accsyn_emulator::Emulator;
use serde_json::{Value, json};

use super::*;

const BIG: u64 = 30 << 20; // 3 emulated seconds at 10 MiB/s

async fn start_with_big_file() -> (Emulator, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed().storage_file("projects/big.bin", BIG))
        .data_dir(dir.path())
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    (emu, dir)
}

async fn get(c: &Client, id: &Value) -> Value {
    c.ok("GET", "transfer/find", json!({}), None, id.as_str())
        .await[0]
        .clone()
}

#[tokio::test]
async fn a_transfer_runs_to_done_and_copies_the_bytes() {
    let (emu, dir) = start_with_big_file().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/big.bin", "destination": "/tmp/big.bin"}),
        )
        .await;
    assert_eq!(job["status"], "waiting");
    assert_eq!(job["name"], "big.bin");
    assert!(job.get("simulated_at").is_none(), "{job}");
    let id = &job["id"];
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let running = get(&c, id).await;
    assert_eq!(running["status"], "running");
    assert_eq!(running["progress"], 33);
    assert_eq!(running["size"], BIG);
    // MB/s, as the documents give it.
    assert_eq!(running["speed"], 10.49);
    assert_eq!(running["etr"], 2);
    emu.advance_clock(Duration::from_secs(5)).unwrap();
    let done = get(&c, id).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["progress"], 100);
    let copied = dir.path().join("clients/admin@acme.test/tmp/big.bin");
    assert_eq!(std::fs::metadata(copied).unwrap().len(), BIG);
    // Done transfers leave live finds.
    assert!(c.find("transfer", json!({}), None).await.is_empty());
}

#[tokio::test]
async fn paused_transfers_do_not_move_and_resume() {
    let (emu, _dir) = start_with_big_file().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c.create("transfer", json!({"source": "share=projects/big.bin", "destination": "/tmp/big.bin", "status": "paused"})).await;
    let id = &job["id"];
    // Measured when created, before any byte moves; and the attributes the document lists.
    assert_eq!(job["size"], BIG, "{job}");
    assert_eq!(job["modifier"], ADMIN, "{job}");
    assert_eq!(job["uri"], "big.bin", "{job}");
    assert_eq!(job["metadata"], json!({}), "{job}");
    assert!(
        job["parent"].is_null() && job["parent_hr"].is_null(),
        "{job}"
    );
    let tasks = c.find("task", json!({"parent": id}), None).await;
    assert_eq!(tasks[0]["size"], BIG, "{tasks:?}");
    let found = c
        .find("transfer", json!({}), Some(&format!("size>={BIG}")))
        .await;
    assert_eq!(found.len(), 1, "a size query sees it: {found:?}");
    emu.advance_clock(Duration::from_secs(10)).unwrap();
    let paused = get(&c, id).await;
    assert_eq!(paused["status"], "paused");
    c.ok(
        "PUT",
        "transfer/edit",
        json!({"status": "waiting"}),
        None,
        id.as_str(),
    )
    .await;
    emu.advance_clock(Duration::from_secs(2)).unwrap();
    let resumed = get(&c, id).await;
    assert_eq!(resumed["status"], "running");
    assert_eq!(resumed["progress"], 66);
    // Only writeable statuses.
    let msg = c
        .fails(
            "PUT",
            "transfer/edit",
            json!({"status": "running"}),
            None,
            id.as_str(),
        )
        .await;
    assert!(msg.contains("status"), "{msg}");
    c.ok(
        "PUT",
        "transfer/edit",
        json!({"status": "aborted"}),
        None,
        id.as_str(),
    )
    .await;
    emu.advance_clock(Duration::from_secs(10)).unwrap();
    assert_eq!(get(&c, id).await["status"], "aborted");
    // A task added later adds its source's size.
    c.ok("POST", "task/create", json!({"tasks": [{"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}]}), None, id.as_str()).await;
    let added = get(&c, id).await["size"].as_u64().unwrap();
    assert!(added > BIG, "{added}");
}

#[tokio::test]
async fn a_missing_source_fails_its_task_and_the_job() {
    let (emu, dir) = start_with_big_file().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c.create("transfer", json!({"tasks": [{"source": "share=projects/nope.mov", "destination": "/tmp/nope.mov"}]})).await;
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    assert_eq!(get(&c, &job["id"]).await["status"], "failed");
    let tasks = c.find("task", json!({"parent": job["id"]}), None).await;
    assert_eq!(tasks[0]["status"], "failed");
    // Once the file exists, retrying the task reopens the job and it completes.
    std::fs::write(dir.path().join("storage/projects/nope.mov"), b"now here").unwrap();
    c.ok(
        "PUT",
        "task/edit",
        json!([{"uri": "0", "status": "queued"}]),
        None,
        job["id"].as_str(),
    )
    .await;
    assert_eq!(get(&c, &job["id"]).await["status"], "waiting");
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    assert_eq!(get(&c, &job["id"]).await["status"], "done");
    assert_eq!(
        std::fs::read(dir.path().join("clients/admin@acme.test/tmp/nope.mov")).unwrap(),
        b"now here"
    );
}

#[tokio::test]
async fn excluded_tasks_are_skipped_and_duplicates_retried_or_refused() {
    let (emu, dir) = start_with_big_file().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"tasks": [
                {"source": "share=projects/delivery/a.mov", "destination": "/out/a.mov"},
                {"source": "share=projects/big.bin", "destination": "/out/big.bin"},
            ]}),
        )
        .await;
    let id = job["id"].as_str().unwrap();
    c.ok(
        "PUT",
        "task/edit",
        json!([{"uri": "1", "status": "excluded"}]),
        None,
        Some(id),
    )
    .await;
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    assert_eq!(get(&c, &job["id"]).await["status"], "done");
    assert!(
        dir.path()
            .join("clients/admin@acme.test/out/a.mov")
            .exists()
    );
    assert!(
        !dir.path()
            .join("clients/admin@acme.test/out/big.bin")
            .exists()
    );
    // The same source and destination again: retried, not added.
    let retried = c
        .ok("POST", "task/create", json!({"tasks": [{"source": "share=projects/delivery/a.mov", "destination": "/out/a.mov"}]}), None, Some(id))
        .await;
    assert_eq!(retried[0]["uri"], "0");
    assert_eq!(retried[0]["status"], "queued");
    assert_eq!(c.find("task", json!({"parent": id}), None).await.len(), 2);
    assert_eq!(get(&c, &job["id"]).await["status"], "waiting");
    let msg = c
        .fails("POST", "task/create", json!({"tasks": [{"source": "share=projects/delivery/a.mov", "destination": "/out/a.mov"}], "allow_duplicates": false}), None, Some(id))
        .await;
    assert!(msg.contains("allow_duplicates"), "{msg}");
    // Tasks are never deleted (audit): excluding them is the way out.
    let task = c.find("task", json!({"parent": id}), None).await[0]["id"].clone();
    let msg = c
        .fails("DELETE", "task/delete", json!({}), None, task.as_str())
        .await;
    assert!(msg.contains("cannot be deleted"), "{msg}");
    assert_eq!(c.find("task", json!({"parent": id}), None).await.len(), 2);
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    assert_eq!(get(&c, &job["id"]).await["status"], "done");
}

#[tokio::test]
async fn transfers_wait_for_an_online_desktop_app() {
    let (emu, _dir) = start_with_big_file().await;
    // Standard users run no desktop app in the emulator.
    let c = Client::login(&emu, STANDARD).await;
    let admin = Client::login(&emu, ADMIN).await;
    grant(&admin, &c.id, "projects", true, false).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}),
        )
        .await;
    emu.advance_clock(Duration::from_secs(60)).unwrap();
    assert_eq!(get(&c, &job["id"]).await["status"], "waiting");
}
