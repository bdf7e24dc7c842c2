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
