//! Restarting on the same data dir keeps every acknowledged write.

use accsyn_emulator::{Emulator, Seed};
use serde_json::json;

use super::*;

#[tokio::test]
async fn restart_keeps_entities_keys_and_ignores_a_new_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (job_id, api_key) = {
        let emu = Emulator::builder()
            .seed(seed())
            .data_dir(dir.path())
            .start()
            .await
            .unwrap();
        let c = Client::login(&emu, ADMIN).await;
        let job = c.create("transfer", json!({"name": "survivor"})).await;
        c.ok(
            "PUT",
            "transfer/edit",
            json!({"status": "paused"}),
            None,
            job["id"].as_str(),
        )
        .await;
        let key = emu
            .credentials()
            .user(EMPLOYEE)
            .unwrap()
            .api_key()
            .to_owned();
        emu.shutdown().await.unwrap();
        (job["id"].as_str().unwrap().to_owned(), key)
    };
    // A different seed is ignored: the data dir already holds a workspace.
    let emu = Emulator::builder()
        .seed(Seed::new().workspace("other"))
        .data_dir(dir.path())
        .start()
        .await
        .unwrap();
    assert_eq!(emu.workspace(), "acme");
    assert_eq!(emu.credentials().user(EMPLOYEE).unwrap().api_key(), api_key);
    let c = Client::login(&emu, ADMIN).await;
    let found = c
        .ok("GET", "transfer/find", json!({}), None, Some(&job_id))
        .await;
    assert_eq!(found[0]["name"], "survivor");
    assert_eq!(found[0]["status"], "paused");
}

#[tokio::test]
async fn dropping_without_shutdown_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed())
        .data_dir(dir.path())
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let mut ids = Vec::new();
    for i in 0..50 {
        ids.push(
            c.create("transfer", json!({"name": format!("job {i}")}))
                .await["id"]
                .clone(),
        );
    }
    // An abrupt stop: the server task is aborted, not drained.
    drop(emu);
    let emu = Emulator::builder()
        .data_dir(dir.path())
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let found: Vec<_> = c
        .find("transfer", json!({}), None)
        .await
        .into_iter()
        .map(|j| j["id"].clone())
        .collect();
    assert_eq!(found, ids);
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed())
        .data_dir(dir.path())
        .start()
        .await
        .unwrap();
    let mut c = Client::login(&emu, ADMIN).await;
    emu.shutdown().await.unwrap();
    let emu = Emulator::builder()
        .data_dir(dir.path())
        .start()
        .await
        .unwrap();
    c.base = emu.base_url();
    c.ok("GET", "transfer/find", json!({}), None, None).await;
}

#[tokio::test]
async fn seeded_files_are_created_under_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed().client_file(ADMIN, "/Volumes/x/a.zip", 2048);
    let emu = Emulator::builder()
        .seed(seed)
        .data_dir(dir.path())
        .start()
        .await
        .unwrap();
    let storage = dir.path().join("storage/projects/delivery/a.mov");
    assert_eq!(std::fs::metadata(storage).unwrap().len(), 1024);
    let client = dir.path().join("clients/admin@acme.test/Volumes/x/a.zip");
    assert_eq!(std::fs::metadata(client).unwrap().len(), 2048);
    // One storage server and one desktop app per admin and employee.
    let c = Client::login(&emu, ADMIN).await;
    let clients = c.find("client", json!({}), None).await;
    assert_eq!(clients.iter().filter(|c| c["type"] == 1).count(), 1);
    assert_eq!(clients.iter().filter(|c| c["type"] == 0).count(), 2);
    let volumes = c.find("volume", json!({}), None).await;
    assert_eq!(volumes.len(), 1);
    assert_eq!(volumes[0]["code"], "projects");
    assert_eq!(volumes[0]["default"], true);
}

#[tokio::test]
async fn emulated_time_does_not_go_back_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed())
        .data_dir(dir.path())
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let advanced = emu
        .advance_clock(std::time::Duration::from_secs(30 * 24 * 3600))
        .unwrap();
    emu.shutdown().await.unwrap();
    let emu = Emulator::builder()
        .data_dir(dir.path())
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    assert!(emu.now() >= advanced, "{:?} < {advanced:?}", emu.now());
}
