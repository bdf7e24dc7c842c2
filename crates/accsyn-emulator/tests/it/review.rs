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
        // Refused for the grant, or earlier for a malformed client id.
        assert!(
            msg.contains("granted") || msg.contains("client id"),
            "{source}: {msg}"
        );
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

/// Method, uri, data, query and id of one request.
type Case = (
    &'static str,
    &'static str,
    serde_json::Value,
    Option<String>,
    Option<String>,
);

/// Odd but well-formed requests: each gets a reply that is not a 500 (a
/// panic or an internal failure), and the server keeps serving.
#[tokio::test]
async fn odd_requests_never_fail_inside_the_emulator() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let t = admin
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/é/"}),
        )
        .await;
    let tid = t["id"].as_str().unwrap().to_owned();
    let d = admin.create("delivery", json!({"name": "ünï"})).await;
    let did = d["id"].as_str().unwrap().to_owned();
    let big = "9".repeat(400);
    let cases: Vec<Case> = vec![
        (
            "GET",
            "transfer/find",
            json!({"limit": u64::MAX, "skip": u64::MAX}),
            None,
            None,
        ),
        ("GET", "transfer/find", json!({"limit": -1}), None, None),
        ("GET", "transfer/find", json!({"skip": 1e300}), None, None),
        (
            "GET",
            "transfer/find",
            json!({"attributes": ["🦀", "", "id.x"]}),
            None,
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some(format!("size>{big}")),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("size>-1e400".into()),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("user.code=x".into()),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("user.user.user.code=x".into()),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("🦀=🦀".into()),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("id in ()".into()),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("name=ü AND (status=ü OR progress>ü)".into()),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            Some("(".repeat(5000)),
            None,
        ),
        (
            "GET",
            "task/find",
            json!({}),
            Some(format!("parent={tid} AND uri>{big}")),
            None,
        ),
        (
            "GET",
            "transfer/find",
            json!({}),
            None,
            Some("é".repeat(300)),
        ),
        (
            "GET",
            "user/find",
            json!({}),
            Some("created>2026-13-45T99:99:99".into()),
            None,
        ),
        (
            "PUT",
            "task/edit",
            json!([{"uri": 1e300, "status": "excluded"}]),
            None,
            Some(tid.clone()),
        ),
        (
            "PUT",
            "task/edit",
            json!([{"uri": -0.0}]),
            None,
            Some(tid.clone()),
        ),
        (
            "PUT",
            "task/edit",
            json!([{"id": null}]),
            None,
            Some(tid.clone()),
        ),
        ("PUT", "task/edit", json!(["x"]), None, Some(tid.clone())),
        (
            "POST",
            "task/create",
            json!({"tasks": [{"source": "share=", "destination": "client=:"}]}),
            None,
            Some(tid.clone()),
        ),
        (
            "POST",
            "task/create",
            json!(["volume=(default)", "share=/", "C:", "client=", "é/ü/"]),
            None,
            Some(tid.clone()),
        ),
        (
            "POST",
            "transfer/create",
            json!({"source": "share=projects/delivery"}),
            None,
            None,
        ),
        (
            "POST",
            "transfer/create",
            json!({"source": "ü", "destination": "share=projects/é"}),
            None,
            None,
        ),
        ("POST", "transfer/create", json!({"tasks": []}), None, None),
        (
            "POST",
            "transfer/create",
            json!({"tasks": [[]]}),
            None,
            None,
        ),
        (
            "POST",
            "transfer/create",
            json!({"parent": did, "source": []}),
            None,
            None,
        ),
        (
            "POST",
            "delivery/create",
            json!({"name": "é".repeat(50), "recipients": ["é@é", "", "@", "x"]}),
            None,
            None,
        ),
        (
            "POST",
            "delivery/create",
            json!({"recipients": [null, 1, {"user": 1}]}),
            None,
            None,
        ),
        ("POST", "delivery/create", json!({"tasks": "é"}), None, None),
        (
            "POST",
            "delivery/create",
            json!({"expiry": "é"}),
            None,
            None,
        ),
        (
            "PUT",
            "job/recipient/add",
            json!({"recipient": "é"}),
            None,
            Some(did.clone()),
        ),
        (
            "PUT",
            "job/recipient/add",
            json!({"user": 5}),
            None,
            Some(did.clone()),
        ),
        (
            "DELETE",
            "job/recipient",
            json!({"recipient": []}),
            None,
            Some(did.clone()),
        ),
        ("GET", "job/recipients", json!({}), None, Some(did.clone())),
        (
            "POST",
            "user/create",
            json!({"code": "ü@ü", "role": "admin"}),
            None,
            None,
        ),
        ("POST", "user/create", json!({"code": "@"}), None, None),
        (
            "PUT",
            "user/edit",
            json!({"role": 1}),
            None,
            Some(standard.id.clone()),
        ),
        (
            "PUT",
            "transfer/edit",
            json!({"priority": u64::MAX, "metadata": {"a": [1e308]}}),
            None,
            Some(tid.clone()),
        ),
        (
            "PUT",
            "transfer/edit",
            json!({"status": null}),
            None,
            Some(tid.clone()),
        ),
        (
            "DELETE",
            "delivery/delete",
            json!({}),
            None,
            Some(did.clone()),
        ),
        ("GET", "attributes", json!({"entitytype": "é"}), None, None),
        ("PUT", "emulator/clock", json!({"advance": "1"}), None, None),
        (
            "GET",
            "job/find",
            json!({"parent": did}),
            Some("recipients=é".into()),
            None,
        ),
    ];
    for (method, uri, data, query, id) in cases {
        let (status, body) = admin
            .event(method, uri, data.clone(), query.as_deref(), id.as_deref())
            .await;
        assert!(
            status < 500,
            "{method} {uri} {data} {query:?}: {status} {body}"
        );
        let (status, body) = standard
            .event(method, uri, data.clone(), query.as_deref(), id.as_deref())
            .await;
        assert!(
            status < 500,
            "standard {method} {uri} {data} {query:?}: {status} {body}"
        );
    }
    emu.advance_clock(std::time::Duration::from_secs(3600))
        .unwrap();
    for ty in ["transfer", "delivery", "task", "user"] {
        admin.find(ty, json!({}), None).await;
    }
}

/// A user's code names their desktop-app folder under the data dir; codes
/// with slashes (by create or by invitation) pointed it elsewhere.
#[tokio::test]
async fn user_codes_cannot_name_folders_outside_the_data_dir() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    for code in ["../../escape@x.test", "a/b@x.test", "a\\b@x.test"] {
        let msg = admin
            .fails("POST", "user/create", json!({"code": code}), None, None)
            .await;
        assert!(msg.contains("slashes"), "{code}: {msg}");
    }
    let d = standard.create("delivery", json!({"name": "mine"})).await;
    let msg = standard
        .fails(
            "PUT",
            "job/recipient/add",
            json!({"recipient": "../../../tmp/evil@x.test"}),
            None,
            d["id"].as_str(),
        )
        .await;
    assert!(msg.contains("email"), "{msg}");
    // Nothing half-written: no user was invited or created.
    let users = admin.find("user", json!({}), None).await;
    assert!(
        users
            .iter()
            .all(|u| !u["code"].as_str().unwrap().contains(['/', '\\'])),
        "{users:?}"
    );
    admin.create("user", json!({"code": "fine@x.test"})).await;
}

/// Deactivating by code looked the user up without the read check: a
/// standard user got "may not change" for existing emails and "no such
/// user" for others, learning who is in the workspace.
#[tokio::test]
async fn deactivating_by_code_does_not_reveal_unseen_users() {
    let emu = start().await;
    let standard = Client::login(&emu, STANDARD).await;
    let mut replies = Vec::new();
    for code in [ADMIN, "nobody@acme.test"] {
        let q = format!("code={code}");
        let (status, body) = standard
            .event("DELETE", "user/deactivate", json!({}), Some(&q), None)
            .await;
        assert_ne!(status, 200, "{body}");
        replies.push((status, body));
    }
    assert_eq!(replies[0], replies[1]);
    // Admins still deactivate by code.
    let admin = Client::login(&emu, ADMIN).await;
    let q = format!("code={EMPLOYEE}");
    admin
        .ok("DELETE", "user/deactivate", json!({}), Some(&q), None)
        .await;
}

/// `(default)` in a transfer's storage path named the default volume for the
/// role checks but a folder called `(default)` on disk, so the transfer
/// failed with its source "missing".
#[tokio::test]
async fn a_transfer_from_the_default_volume_by_its_alias_copies_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed())
        .data_dir(dir.path())
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "volume=(default)/delivery/a.mov", "destination": "/tmp/alias.mov"}),
        )
        .await;
    emu.advance_clock(Duration::from_secs(5)).unwrap();
    let found = c
        .ok("GET", "transfer/find", json!({}), None, job["id"].as_str())
        .await;
    assert_eq!(found[0]["status"], "done", "{found}");
    let copied = dir.path().join("clients/admin@acme.test/tmp/alias.mov");
    assert_eq!(std::fs::metadata(copied).unwrap().len(), 1024);
}

/// An employee whose grants reach an admin's transfer could add a task
/// whose source is a path on the admin's desktop app, copying the admin's
/// local files onto a volume the employee reads.
#[tokio::test]
async fn tasks_added_to_someone_elses_job_cannot_name_their_desktop() {
    const ZIP: &str = "/Volumes/x/private.zip";
    let emu = Emulator::builder()
        .seed(seed().client_file(ADMIN, ZIP, 2048))
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    grant(&admin, &employee.id, "projects", true, true).await;
    let job = admin
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov", "status": "paused"}),
        )
        .await;
    let id = job["id"].as_str();
    for tasks in [
        json!([{"source": ZIP, "destination": "share=projects/stolen.zip"}]),
        json!([ZIP]),
        json!({"tasks": [{"source": "share=projects/delivery/a.mov", "destination": "/tmp/b.mov"}]}),
    ] {
        let msg = employee
            .fails("POST", "task/create", tasks.clone(), None, id)
            .await;
        assert!(msg.contains("desktop"), "{tasks}: {msg}");
    }
    let tasks = admin.find("task", json!({"parent": id}), None).await;
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    // Storage-to-storage work on granted volumes is still theirs to add,
    // and the owner adds desktop paths.
    employee
        .ok(
            "POST",
            "task/create",
            json!([{"source": "share=projects/delivery/a.mov", "destination": "share=projects/copy.mov"}]),
            None,
            id,
        )
        .await;
    admin
        .ok("POST", "task/create", json!([ZIP]), None, id)
        .await;
}
