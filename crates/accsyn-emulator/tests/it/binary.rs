//! The `accsyn-emulator` binary: prints what it serves, stops on Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::json;

use super::*;

#[tokio::test]
async fn binary_prints_credentials_serves_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = dir.path().join("seed.json");
    std::fs::write(
        &seed_path,
        json!({"workspace": "acme", "users": [{"code": ADMIN, "role": "admin", "api_key": ADMIN_KEY}]}).to_string(),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_accsyn-emulator"))
        .args(["--listen", "127.0.0.1:0", "--time-scale", "0", "--seed"])
        .arg(&seed_path)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.starts_with("press Ctrl-C");
        printed.push(line);
        if done {
            break;
        }
    }
    let text = printed.join("\n");
    assert!(text.contains("workspace: acme"), "{text}");
    assert!(
        text.contains(&format!("user: {ADMIN} (admin) api key: {ADMIN_KEY}")),
        "{text}"
    );
    let base = printed[0].rsplit(' ').next().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let (status, body) = login_raw(&base, ADMIN, ADMIN_KEY, "acme").await;
    assert_eq!(status, 200, "{body}");

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let rest: Vec<_> = lines.map(|l| l.unwrap()).collect();
    assert!(rest.contains(&"stopping".to_owned()), "{rest:?}");
    // The data dir keeps the workspace for the next start.
    assert!(dir.path().join("data/emulator.sqlite3").exists());
}

/// Starts the binary on `data` with a frozen clock, returning it and its base URL.
pub(super) fn spawn(
    data: &std::path::Path,
    seed: Option<&std::path::Path>,
) -> (std::process::Child, String) {
    spawn_with(data, seed, "0", Stdio::null())
}

/// Starts the binary on `data` at `time_scale`, its stderr going to `stderr`.
fn spawn_with(
    data: &std::path::Path,
    seed: Option<&std::path::Path>,
    time_scale: &str,
    stderr: Stdio,
) -> (std::process::Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accsyn-emulator"));
    cmd.args([
        "--listen",
        "127.0.0.1:0",
        "--time-scale",
        time_scale,
        "--data-dir",
    ])
    .arg(data);
    if let Some(seed) = seed {
        cmd.arg("--seed").arg(seed);
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(stderr).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let base = first.rsplit(' ').next().unwrap().to_owned();
    (child, base)
}

/// A seed file in `dir` with one admin, `ADMIN` with `ADMIN_KEY`.
pub(super) fn admin_seed(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("seed.json");
    std::fs::write(
        &path,
        json!({"users": [{"code": ADMIN, "role": "admin", "api_key": ADMIN_KEY}]}).to_string(),
    )
    .unwrap();
    path
}

/// `ADMIN` logged in to the emulator at `base`.
async fn admin_client(base: &str) -> Client {
    let (_, login) = login_raw(base, ADMIN, ADMIN_KEY, "acme").await;
    Client {
        http: super::http_client(),
        base: base.to_owned(),
        user: ADMIN.to_owned(),
        key: ADMIN_KEY.to_owned(),
        session: login["result"]["session_id"].as_str().unwrap().to_owned(),
        id: login["result"]["id"].as_str().unwrap().to_owned(),
    }
}

#[tokio::test]
async fn kill_minus_nine_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = admin_seed(dir.path());
    let data = dir.path().join("data");
    let (mut child, base) = spawn(&data, Some(&seed_path));
    let c = admin_client(&base).await;
    let mut acknowledged = Vec::new();
    for i in 0..100 {
        acknowledged.push(
            c.create("transfer", json!({"name": format!("job {i}")}))
                .await["id"]
                .clone(),
        );
    }
    // SIGKILL: no shutdown path runs at all.
    child.kill().unwrap();
    child.wait().unwrap();
    let (mut child, base) = spawn(&data, None);
    let c = Client { base, ..c };
    let stored: Vec<_> = c
        .find("transfer", json!({}), None)
        .await
        .into_iter()
        .map(|j| j["id"].clone())
        .collect();
    assert_eq!(stored, acknowledged);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn binary_reports_a_bad_seed_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = dir.path().join("seed.json");
    std::fs::write(&seed_path, r#"{"userz": []}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_accsyn-emulator"))
        .args(["--listen", "127.0.0.1:0", "--seed"])
        .arg(&seed_path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("seed"), "{err}");
}

/// A task that cannot run fails with its reason on the task and a line in
/// the binary's log (stderr), which names the job and the reason.
#[tokio::test]
async fn a_failed_task_says_why_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = admin_seed(dir.path());
    // A running clock (time scale 1000): the task is tried at once.
    let (mut child, base) = spawn_with(
        &dir.path().join("data"),
        Some(&seed_path),
        "1000",
        Stdio::piped(),
    );
    let stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    let c = admin_client(&base).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/missing.mov", "destination": "/tmp/x.mov"}),
        )
        .await;
    let id = job["id"].as_str().unwrap().to_owned();
    // Wait (bounded) for the task to be tried; nothing here is timed.
    let mut failed = Vec::new();
    for _ in 0..200 {
        failed = c
            .find("task", json!({"parent": id}), Some("status=failed"))
            .await;
        if !failed.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let reason = failed[0]["error"].as_str().unwrap().to_owned();
    assert!(reason.contains("does not exist"), "{failed:?}");
    child.kill().unwrap();
    child.wait().unwrap();
    let log = log.join().unwrap();
    let line = log
        .iter()
        .find(|l| l.contains("transfer task failed"))
        .unwrap_or_else(|| panic!("no log line in {log:?}"));
    assert!(line.contains("WARN") && line.contains(&id), "{line}");
    assert!(line.contains("does not exist"), "{line}");
    assert!(!log.iter().any(|l| l.contains(ADMIN_KEY)), "{log:?}");
}
