//! Generic create/update/delete, users, and role checks.

use serde_json::json;

use super::*;

#[tokio::test]
async fn create_update_delete_round_trip() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "delivery",
            json!({"name": "Project references", "recipients": ["lisa@example.com"]}),
        )
        .await;
    let id = job["id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(job["user"], c.id.as_str());
    assert_eq!(job["status"], "init");
    let updated = c
        .ok(
            "PUT",
            "delivery/edit",
            json!({"name": "renamed"}),
            None,
            Some(id),
        )
        .await;
    assert_eq!(updated[0]["name"], "renamed");
    let msg = c
        .fails(
            "PUT",
            "delivery/edit",
            json!({"status": "running"}),
            None,
            Some(id),
        )
        .await;
    assert!(msg.contains("status"), "{msg}");
    let msg = c
        .fails("PUT", "delivery/edit", json!({"id": "x"}), None, Some(id))
        .await;
    assert!(msg.contains("id"), "{msg}");
    c.fails(
        "PUT",
        "delivery/edit",
        json!({"name": "x"}),
        None,
        Some("0123456789abcdef01234567"),
    )
    .await;
    c.ok("DELETE", "delivery/delete", json!({}), None, Some(id))
        .await;
}

#[tokio::test]
async fn users_create_find_update_deactivate_delete() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let user = admin
        .create(
            "user",
            json!({"code": "lisa@example.com", "role": "standard"}),
        )
        .await;
    let uid = user["id"].as_str().unwrap();
    assert_eq!(user["status"], "enabled");
    admin
        .fails(
            "POST",
            "user/create",
            json!({"code": "LISA@example.com"}),
            None,
            None,
        )
        .await;
    admin
        .fails(
            "POST",
            "user/create",
            json!({"code": "not-an-email"}),
            None,
            None,
        )
        .await;
    let updated = admin
        .ok(
            "PUT",
            "user/edit",
            json!({"role": "employee"}),
            None,
            Some(uid),
        )
        .await;
    assert_eq!(updated[0]["role"], "employee");
    admin
        .ok("DELETE", "user/deactivate", json!({}), None, Some(uid))
        .await;
    assert!(
        admin
            .find("user", json!({}), None)
            .await
            .iter()
            .all(|u| u["id"] != uid)
    );
    assert_eq!(
        admin
            .find("user", json!({"inactive": true}), None)
            .await
            .len(),
        1
    );
    admin
        .ok("DELETE", "user/delete", json!({}), None, Some(uid))
        .await;
    assert_eq!(
        admin
            .ok("GET", "user/find", json!({}), None, Some(uid))
            .await,
        json!([])
    );
    let msg = admin
        .fails("DELETE", "user/delete", json!({}), None, Some(&admin.id))
        .await;
    assert!(msg.contains("yourself"), "{msg}");
}

#[tokio::test]
async fn standard_users_see_only_their_own_jobs_and_themselves() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let theirs = admin.create("transfer", json!({"name": "admin's"})).await;
    let theirs = theirs["id"].as_str().unwrap();
    let mine = standard.create("transfer", json!({"name": "mine"})).await;
    let names: Vec<_> = standard
        .find("transfer", json!({}), None)
        .await
        .iter()
        .map(|j| j["name"].clone())
        .collect();
    assert_eq!(names, [json!("mine")]);
    // A forbidden read answers as not found; a forbidden write with a message.
    assert_eq!(
        standard
            .ok("GET", "transfer/find", json!({}), None, Some(theirs))
            .await,
        json!([])
    );
    let (status, body) = standard
        .event(
            "PUT",
            "transfer/edit",
            json!({"name": "x"}),
            None,
            Some(theirs),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let users = standard.find("user", json!({}), None).await;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["code"], STANDARD);
    assert!(standard.find("volume", json!({}), None).await.is_empty());
    let msg = standard
        .fails("POST", "user/create", json!({"code": "x@y.z"}), None, None)
        .await;
    assert!(msg.contains("admin"), "{msg}");
    // Deliveries they receive are visible.
    admin
        .create(
            "delivery",
            json!({"name": "for you", "recipients": [STANDARD]}),
        )
        .await;
    assert_eq!(standard.find("delivery", json!({}), None).await.len(), 1);
    standard
        .ok(
            "PUT",
            "transfer/edit",
            json!({"name": "still mine"}),
            None,
            mine["id"].as_str(),
        )
        .await;
}

#[tokio::test]
async fn employees_work_on_granted_volumes_but_do_not_administer() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let job = admin
        .create(
            "transfer",
            json!({"name": "shared", "source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}),
        )
        .await;
    // Without a grant on the volume, the job is not theirs to see.
    let (status, _) = employee
        .event(
            "PUT",
            "transfer/edit",
            json!({"status": "paused"}),
            None,
            job["id"].as_str(),
        )
        .await;
    assert_eq!(status, 404);
    assert!(employee.find("volume", json!({}), None).await.is_empty());
    grant(&admin, &employee.id, "projects", true, true).await;
    employee
        .ok(
            "PUT",
            "transfer/edit",
            json!({"status": "paused"}),
            None,
            job["id"].as_str(),
        )
        .await;
    assert_eq!(employee.find("user", json!({}), None).await.len(), 3);
    assert_eq!(employee.find("volume", json!({}), None).await.len(), 1);
    let volume = employee.find("volume", json!({}), None).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = employee
        .event(
            "PUT",
            "volume/edit",
            json!({"name": "x"}),
            None,
            Some(&volume),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    employee
        .fails("POST", "user/create", json!({"code": "x@y.z"}), None, None)
        .await;
    employee
        .fails(
            "DELETE",
            "user/deactivate",
            json!({}),
            None,
            Some(&admin.id),
        )
        .await;
}

#[tokio::test]
async fn job_creates_follow_the_seed_forms() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    // Status at creation, name from the source file.
    let job = c
        .create("transfer", json!({"source": "share=projects/delivery/TRAILER_screening_v003.mov", "destination": "/Volumes/EDIT/from_client", "status": "paused"}))
        .await;
    // The seed's `share=myproject` names a volume this workspace lacks.
    let msg = c
        .fails(
            "POST",
            "transfer/create",
            json!({"source": "share=myproject/delivery/TRAILER_screening_v003.mov", "destination": "/Volumes/EDIT/from_client"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("no share `myproject`"), "{msg}");
    assert_eq!(job["status"], "paused");
    assert_eq!(job["name"], "TRAILER_screening_v003.mov");
    let msg = c
        .fails(
            "POST",
            "transfer/create",
            json!({"status": "running"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("waiting"), "{msg}");
    // Tasks given as bare source paths; the job is named after the first.
    let job = c
        .create(
            "transfer",
            json!({"tasks": ["/Volumes/projects/creatures_showreel_2018.mov"]}),
        )
        .await;
    assert_eq!(job["name"], "creatures_showreel_2018.mov");
    let tasks = c.find("task", json!({"parent": job["id"]}), None).await;
    // Answered as the backend's party object: a path on the owner's app.
    let source = &tasks[0]["source"];
    assert_eq!(
        source["path"], "/Volumes/projects/creatures_showreel_2018.mov",
        "{source}"
    );
    assert_eq!(source["user"], c.id.as_str());
    assert!(source["client"].is_string(), "{source}");
    assert_eq!(tasks[0]["status"], "queued");
    assert_eq!(tasks[0]["job"], job["id"]);
    // Clients come from the seed only.
    let msg = c
        .fails("POST", "client/create", json!({"code": "x"}), None, None)
        .await;
    assert!(msg.contains("cannot be created"), "{msg}");
}
