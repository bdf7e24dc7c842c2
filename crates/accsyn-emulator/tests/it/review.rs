//! Regressions from the robustness review: requests that used to panic,
//! escape the data dir or slip past a role check.

use std::time::Duration;

use accsyn_emulator::Emulator;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_clock_pushed_far_ahead_does_not_break_running_transfers() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed().storage_file("projects/big.bin", 2048))
        .data_dir(dir.path())
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/big.bin", "destination": "/tmp/big.bin"}),
        )
        .await;
    // The largest advance the clock event takes: ~3,000 years of budget,
    // whose byte count does not fit in a u64.
    c.ok(
        "PUT",
        "emulator/clock",
        json!({"advance": 1e11}),
        None,
        None,
    )
    .await;
    let found = c
        .ok("GET", "transfer/find", json!({}), None, job["id"].as_str())
        .await;
    assert_eq!(found[0]["status"], "done", "{found}");
    assert_eq!(found[0]["progress"], 100);
    // And again, many times over, up to the end of emulated time.
    emu.advance_clock(Duration::from_secs(u64::MAX)).unwrap();
    c.ok("GET", "transfer/find", json!({}), None, job["id"].as_str())
        .await;
    c.create("delivery", json!({"name": "late"})).await;
}

/// A transfer beneath a delivery was exempt from the volume grants: a
/// standard user could upload any storage file into their own delivery (and
/// then download it), reading a volume they have no grant on.
#[tokio::test]
async fn an_upload_beneath_a_delivery_cannot_read_ungranted_volumes() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let d = standard.create("delivery", json!({"name": "mine"})).await;
    for source in [
        "share=projects/delivery/a.mov",
        "volume=(default)/delivery/a.mov",
        "client=x:share=projects/delivery/a.mov",
    ] {
        let msg = standard
            .fails(
                "POST",
                "transfer/create",
                json!({"parent": d["id"], "source": source}),
                None,
                None,
            )
            .await;
        assert!(msg.contains("granted"), "{source}: {msg}");
    }
    // Nothing half-written: no transfer, no task.
    assert!(admin.find("transfer", json!({}), None).await.is_empty());
    assert!(
        admin
            .find("task", json!({"parent": d["id"]}), None)
            .await
            .is_empty()
    );
    // Its own desktop files still upload.
    standard
        .create(
            "transfer",
            json!({"parent": d["id"], "source": "/Users/s/a.mov"}),
        )
        .await;
}

/// A recipient's download named any storage folder as its destination,
/// writing into a volume the recipient has no write grant on.
#[tokio::test]
async fn a_download_cannot_write_into_ungranted_volumes() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let d = admin
        .create(
            "delivery",
            json!({"name": "ok", "tasks": ["share=projects/delivery/a.mov"], "recipients": [STANDARD]}),
        )
        .await;
    let msg = standard
        .fails(
            "POST",
            "transfer/create",
            json!({"parent": d["id"], "destination": "share=projects/elsewhere"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("granted"), "{msg}");
    assert!(admin.find("transfer", json!({}), None).await.is_empty());
    standard
        .create(
            "transfer",
            json!({"parent": d["id"], "destination": "/tmp/dl"}),
        )
        .await;
}
