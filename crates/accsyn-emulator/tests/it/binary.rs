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
