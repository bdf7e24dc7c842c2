//! Deliveries and upload requests, as the deliveries seed describes them.

use std::time::Duration;

use serde_json::json;

use super::*;

#[tokio::test]
async fn temporary_deliveries_expire_after_eight_hours_in_init() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let d = c
        .create("delivery", json!({"name": "Project references"}))
        .await;
    assert_eq!(d["status"], "init");
    let id = d["id"].as_str().unwrap();
    emu.advance_clock(Duration::from_secs(8 * 3600 - 60))
        .unwrap();
    assert_eq!(c.find("delivery", json!({}), None).await.len(), 1);
    emu.advance_clock(Duration::from_secs(120)).unwrap();
    assert!(c.find("delivery", json!({}), None).await.is_empty());
    assert_eq!(
        c.find("delivery", json!({"archived": true}), None).await[0]["id"],
        id
    );
    // A submitted one does not expire.
    let d = c
        .create(
            "delivery",
            json!({"name": "sent", "tasks": ["delivery/a.mov"], "recipients": [STANDARD]}),
        )
        .await;
    assert_eq!(d["status"], "pending");
    emu.advance_clock(Duration::from_secs(9 * 3600)).unwrap();
    assert_eq!(c.find("delivery", json!({}), None).await.len(), 1);
}

#[tokio::test]
async fn deliveries_from_storage_files_are_submitted_and_missing_files_refused() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let msg = c
        .fails("POST", "delivery/create", json!({"name": "x", "tasks": ["delivery/a.mov", "delivery/missing.mov"], "recipients": ["new@example.com"]}), None, None)
        .await;
    assert!(msg.contains("missing.mov"), "{msg}");
    // Nothing half-written: no delivery, no invited user.
    assert!(c.find("delivery", json!({}), None).await.is_empty());
    assert!(
        c.find("user", json!({}), Some("code=new@example.com"))
            .await
            .is_empty()
    );
    let d = c
        .create("delivery", json!({"name": "ok", "tasks": ["share=projects/delivery/a.mov"], "recipients": ["new@example.com"]}))
        .await;
    assert_eq!(d["status"], "pending");
    let tasks = c.find("task", json!({"parent": d["id"]}), None).await;
    assert_eq!(tasks.len(), 1);
    // The unknown recipient was invited as a standard user.
    let invited = c
        .find("user", json!({}), Some("code=new@example.com"))
        .await;
    assert_eq!(invited[0]["role"], "standard");
    // ... unless invitations are off.
    let msg = c
        .fails("POST", "delivery/create", json!({"name": "y", "tasks": ["delivery/a.mov"], "recipients": ["ghost@example.com"], "invite": false}), None, None)
        .await;
    assert!(msg.contains("invite"), "{msg}");
}

#[tokio::test]
async fn grant_access_revoke_and_submit() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let d = admin.create("delivery", json!({"name": "refs"})).await;
    let id = d["id"].as_str().unwrap();
    // No files, no recipients: cannot submit.
    let msg = admin
        .fails(
            "PUT",
            "delivery/edit",
            json!({"status": "pending"}),
            None,
            Some(id),
        )
        .await;
    assert!(msg.contains("at least one file"), "{msg}");
    // Grant by email before submit answers true.
    let granted = admin
        .ok(
            "PUT",
            "job/recipient/add",
            json!({"recipient": STANDARD, "invite": true}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(granted, json!(true));
    let access = admin
        .ok("GET", "job/recipients", json!({}), None, Some(id))
        .await;
    assert_eq!(
        access,
        json!([{"actioned": false, "user": standard.id, "user_hr": format!("user:{STANDARD}[standard]({})", standard.id)}])
    );
    // The recipient sees it, read-only.
    assert_eq!(standard.find("delivery", json!({}), None).await.len(), 1);
    // Still no file.
    admin
        .fails(
            "PUT",
            "delivery/edit",
            json!({"status": "pending"}),
            None,
            Some(id),
        )
        .await;
    admin
        .ok(
            "POST",
            "task/create",
            json!({"tasks": ["share=projects/delivery/a.mov"]}),
            None,
            Some(id),
        )
        .await;
    let submitted = admin
        .ok(
            "PUT",
            "delivery/edit",
            json!({"status": "pending"}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(submitted[0]["status"], "pending");
    assert!(submitted[0].get("expiry").is_none());
    // After submit, a grant answers the access entry.
    let employee = emu.credentials().user(EMPLOYEE).unwrap().id().to_owned();
    let entry = admin
        .ok(
            "PUT",
            "job/recipient/add",
            json!({"recipient": employee}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(entry["user"], employee.as_str());
    assert_eq!(entry["actioned"], false);
    // Revoke by id; revoking again is a message.
    assert_eq!(
        admin
            .ok(
                "DELETE",
                "job/recipient",
                json!({"recipient": standard.id}),
                None,
                Some(id)
            )
            .await,
        json!(true)
    );
    admin
        .fails(
            "DELETE",
            "job/recipient",
            json!({"recipient": standard.id}),
            None,
            Some(id),
        )
        .await;
    assert!(standard.find("delivery", json!({}), None).await.is_empty());
    // Submitted: no deletion, but abort or done.
    let msg = admin
        .fails("DELETE", "delivery/delete", json!({}), None, Some(id))
        .await;
    assert!(msg.contains("not been submitted"), "{msg}");
    let done = admin
        .ok(
            "PUT",
            "delivery/edit",
            json!({"status": "done"}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(done[0]["status"], "done");
    assert!(admin.find("delivery", json!({}), None).await.is_empty());
    assert_eq!(
        admin
            .find("delivery", json!({"finished": true}), None)
            .await
            .len(),
        1
    );
    admin
        .fails(
            "PUT",
            "delivery/edit",
            json!({"status": "pending"}),
            None,
            Some(id),
        )
        .await;
}

#[tokio::test]
async fn unsubmitted_deliveries_can_be_deleted_and_requests_submit_with_recipients() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let d = c.create("delivery", json!({"name": "draft"})).await;
    c.ok(
        "DELETE",
        "delivery/delete",
        json!(null),
        None,
        d["id"].as_str(),
    )
    .await;
    let r = c
        .create(
            "request",
            json!({"name": "Project material", "recipients": ["lisa@example.com"]}),
        )
        .await;
    assert_eq!(r["status"], "pending");
    let r = c
        .create("request", json!({"name": "later", "status": "init"}))
        .await;
    assert_eq!(r["status"], "init");
    assert!(r["expiry"].is_string());
    // A request is submitted with a recipient and no files (they come from
    // the recipients' uploads), never without a recipient.
    let rid = r["id"].as_str();
    let msg = c
        .fails(
            "PUT",
            "request/edit",
            json!({"status": "pending"}),
            None,
            rid,
        )
        .await;
    assert!(msg.contains("at least one recipient"), "{msg}");
    c.ok(
        "PUT",
        "job/recipient/add",
        json!({"recipient": STANDARD}),
        None,
        rid,
    )
    .await;
    let submitted = c
        .ok(
            "PUT",
            "request/edit",
            json!({"status": "pending"}),
            None,
            rid,
        )
        .await;
    assert_eq!(submitted[0]["status"], "pending");
    // Grants only apply to deliveries and requests.
    let t = c.create("transfer", json!({"name": "t"})).await;
    c.fails(
        "PUT",
        "job/recipient/add",
        json!({"recipient": STANDARD}),
        None,
        t["id"].as_str(),
    )
    .await;
}

#[tokio::test]
async fn submitted_deliveries_go_from_pending_to_waiting_once_sized() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    // Temporary: init -> pending (submit) -> waiting when the size is known.
    let d = c.create("delivery", json!({"name": "refs"})).await;
    let id = d["id"].as_str().unwrap();
    c.ok(
        "PUT",
        "job/recipient/add",
        json!({"recipient": STANDARD}),
        None,
        Some(id),
    )
    .await;
    c.ok(
        "POST",
        "task/create",
        json!({"tasks": ["share=projects/delivery/a.mov"]}),
        None,
        Some(id),
    )
    .await;
    let submitted = c
        .ok(
            "PUT",
            "delivery/edit",
            json!({"status": "pending"}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(submitted[0]["status"], "pending");
    assert!(submitted[0].get("sized_at").is_none(), "{submitted}");
    // Frozen clock: sizing takes emulated time, so it stays pending.
    let got = c
        .ok("GET", "delivery/find", json!({}), None, Some(id))
        .await;
    assert_eq!(got[0]["status"], "pending");
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let got = c
        .ok("GET", "delivery/find", json!({}), None, Some(id))
        .await;
    assert_eq!(got[0]["status"], "waiting", "{got}");
    assert_eq!(got[0]["size"], 1024);
    // Waiting is the backend's to set, not the caller's.
    let msg = c
        .fails(
            "PUT",
            "delivery/edit",
            json!({"status": "waiting"}),
            None,
            Some(id),
        )
        .await;
    assert!(msg.contains("status"), "{msg}");
    // Waiting deliveries are live, cannot be deleted, and can be finished.
    assert_eq!(c.find("delivery", json!({}), None).await.len(), 1);
    c.fails("DELETE", "delivery/delete", json!({}), None, Some(id))
        .await;
    let done = c
        .ok(
            "PUT",
            "delivery/edit",
            json!({"status": "done"}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(done[0]["status"], "done");

    // From existing files: pending at once, then waiting, and sized.
    let d = c
        .create(
            "delivery",
            json!({"name": "sent", "tasks": ["delivery/a.mov"], "recipients": [EMPLOYEE]}),
        )
        .await;
    assert_eq!(d["status"], "pending");
    emu.advance_clock(Duration::from_millis(999)).unwrap();
    assert_eq!(
        c.find("delivery", json!({}), Some("name=sent")).await[0]["status"],
        "pending"
    );
    emu.advance_clock(Duration::from_millis(1)).unwrap();
    let sent = c.find("delivery", json!({}), Some("status=waiting")).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["id"], d["id"]);
    assert_eq!(sent[0]["size"], 1024);
    // Requests with recipients are submitted at once and move on the same way.
    let r = c
        .create(
            "request",
            json!({"name": "material", "recipients": [STANDARD]}),
        )
        .await;
    assert_eq!(r["status"], "pending");
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let got = c
        .ok("GET", "request/find", json!({}), None, r["id"].as_str())
        .await;
    assert_eq!(got[0]["status"], "waiting");
}
