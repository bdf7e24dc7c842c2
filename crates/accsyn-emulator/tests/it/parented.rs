//! Transfers beneath a delivery (`parent` = its id): the owner's upload into
//! its temp folder, and a recipient's download that marks them actioned.

use std::time::Duration;

use accsyn_emulator::Emulator;
use serde_json::json;

use super::*;

const ZIP: &str = "/Volumes/projects/references/Concept_images.zip";
const ZIP_SIZE: u64 = 3 << 20;

async fn start_with_client_file() -> (Emulator, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::builder()
        .seed(seed().client_file(ADMIN, ZIP, ZIP_SIZE))
        .data_dir(dir.path())
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    (emu, dir)
}

#[tokio::test]
async fn upload_into_a_temporary_delivery_then_a_recipient_downloads_it() {
    let (emu, dir) = start_with_client_file().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let standard = Client::login(&emu, STANDARD).await;
    let d = admin
        .create("delivery", json!({"name": "Project references"}))
        .await;
    let id = d["id"].as_str().unwrap();

    // Upload: the seeds' form, a source on the owner's desktop app.
    let up = admin
        .create(
            "transfer",
            json!({"parent": id, "source": ZIP, "name": "Upload concept images to 'Project references'"}),
        )
        .await;
    assert_eq!(up["parent"], id);
    assert_eq!(up["status"], "waiting");
    // An upload: from the owner's desktop app into the workspace's storage,
    // the delivery's temporary folder.
    assert_eq!(up["source"], format!("user:{}", admin.id).as_str());
    assert!(
        up["destination"]
            .as_str()
            .unwrap()
            .starts_with("workspace:"),
        "{up}"
    );
    let upload_tasks = admin.find("task", json!({"parent": up["id"]}), None).await;
    assert_eq!(
        upload_tasks[0]["destination"]["path"],
        format!("accsyn-temp/{id}/Concept_images.zip").as_str()
    );
    // Nothing joins the delivery before the upload is done.
    assert!(
        admin
            .find("task", json!({"parent": id}), None)
            .await
            .is_empty()
    );
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let got = admin
        .ok("GET", "transfer/find", json!({}), None, up["id"].as_str())
        .await;
    assert_eq!(got[0]["status"], "done", "{got}");
    let on_disk = dir.path().join(format!(
        "storage/projects/accsyn-temp/{id}/Concept_images.zip"
    ));
    assert_eq!(std::fs::metadata(&on_disk).unwrap().len(), ZIP_SIZE);
    let files = admin.find("task", json!({"parent": id}), None).await;
    assert_eq!(files.len(), 1, "{files:?}");
    // A storage party: the path within the volume, and the volume's id.
    assert_eq!(
        files[0]["source"]["path"],
        format!("accsyn-temp/{id}/Concept_images.zip").as_str()
    );
    assert!(files[0]["source"]["v"].is_string(), "{files:?}");

    // Submit with a recipient; uploads stop once submitted.
    admin
        .ok(
            "PUT",
            "job/recipient/add",
            json!({"recipient": EMPLOYEE}),
            None,
            Some(id),
        )
        .await;
    admin
        .ok(
            "PUT",
            "delivery/edit",
            json!({"status": "pending"}),
            None,
            Some(id),
        )
        .await;
    let msg = admin
        .fails(
            "POST",
            "transfer/create",
            json!({"parent": id, "source": ZIP}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("init"), "{msg}");
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let sized = admin
        .ok("GET", "delivery/find", json!({}), None, Some(id))
        .await;
    assert_eq!(sized[0]["status"], "waiting");
    assert_eq!(sized[0]["size"], ZIP_SIZE);

    // Someone who is not a recipient cannot even see the delivery.
    let (status, body) = standard
        .event(
            "POST",
            "transfer/create",
            json!({"parent": id, "destination": "/tmp"}),
            None,
            None,
        )
        .await;
    assert_eq!(status, 404, "{body}");
    // A transfer gives a source or a destination beneath a delivery, not both.
    employee
        .fails(
            "POST",
            "transfer/create",
            json!({"parent": id, "source": "/x", "destination": "/tmp"}),
            None,
            None,
        )
        .await;

    // The recipient downloads it to their desktop app.
    let down = employee
        .create(
            "transfer",
            json!({"parent": id, "destination": "/tmp/refs", "name": "Download 'Project references'"}),
        )
        .await;
    let access = admin
        .ok("GET", "job/recipients", json!({}), None, Some(id))
        .await;
    assert_eq!(access[0]["actioned"], false, "{access}");
    // The delivery's owner lists the recipient's transfers beneath it.
    let q = format!("parent={id} AND user={}", employee.id);
    assert_eq!(admin.find("transfer", json!({}), Some(&q)).await.len(), 1);
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let got = employee
        .ok("GET", "transfer/find", json!({}), None, down["id"].as_str())
        .await;
    assert_eq!(got[0]["status"], "done", "{got}");
    let copied = dir
        .path()
        .join("clients/employee@acme.test/tmp/refs/Concept_images.zip");
    assert_eq!(std::fs::metadata(copied).unwrap().len(), ZIP_SIZE);
    let access = admin
        .ok("GET", "job/recipients", json!({}), None, Some(id))
        .await;
    assert_eq!(
        access,
        json!([{"actioned": true, "user": employee.id, "user_hr": format!("user:{EMPLOYEE}[employee]({})", employee.id)}])
    );
    // Done transfers leave live finds but stay beneath the delivery.
    assert_eq!(
        admin
            .find(
                "transfer",
                json!({"finished": true}),
                Some(&format!("parent={id}"))
            )
            .await
            .len(),
        2
    );

    // Finished: the temp files stay for the 4-hour grace, then go.
    admin
        .ok(
            "PUT",
            "delivery/edit",
            json!({"status": "done"}),
            None,
            Some(id),
        )
        .await;
    emu.advance_clock(Duration::from_secs(3 * 3600)).unwrap();
    admin
        .find("delivery", json!({"finished": true}), None)
        .await;
    assert!(on_disk.exists(), "still within the grace");
    emu.advance_clock(Duration::from_secs(3600)).unwrap();
    // A file operation sees the folder gone, with no job event before it.
    let temp = format!("share=projects/accsyn-temp/{id}");
    let exists = admin
        .ok(
            "GET",
            "workspace/file",
            json!({"op": "exists", "path": temp}),
            None,
            None,
        )
        .await;
    assert_eq!(exists, false, "removed after the grace");
    assert!(!on_disk.exists(), "removed after the grace");
    assert!(!on_disk.parent().unwrap().exists(), "the temp folder too");
    assert!(dir.path().join("storage/projects/accsyn-temp").is_dir());

    // Two weeks after they finished, jobs leave the finished scope for the archive.
    let finished = admin
        .find("transfer", json!({"finished": true}), None)
        .await;
    assert_eq!(finished.len(), 2, "{finished:?}");
    emu.advance_clock(Duration::from_secs(14 * 24 * 3600))
        .unwrap();
    assert!(
        admin
            .find("transfer", json!({"finished": true}), None)
            .await
            .is_empty()
    );
    assert!(
        admin
            .find("delivery", json!({"finished": true}), None)
            .await
            .is_empty()
    );
    let archived = admin
        .find("transfer", json!({"archived": true}), None)
        .await;
    assert_eq!(archived.len(), 2, "{archived:?}");
}

#[tokio::test]
async fn downloads_need_a_submitted_delivery_and_uploads_reach_requests() {
    let (emu, dir) = start_with_client_file().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let d = admin
        .create(
            "delivery",
            json!({"name": "draft", "recipients": [EMPLOYEE]}),
        )
        .await;
    assert_eq!(d["status"], "init");
    let msg = employee
        .fails(
            "POST",
            "transfer/create",
            json!({"parent": d["id"], "destination": "/tmp"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("submitted"), "{msg}");
    // A request to a storage folder: the recipient's upload lands there and
    // counts as actioning it.
    let r = admin
        .create(
            "request",
            json!({"name": "material", "destination": "share=(default)/source/from_client", "recipients": [EMPLOYEE]}),
        )
        .await;
    let emp_dir = dir.path().join("clients/employee@acme.test/Users/e");
    std::fs::create_dir_all(&emp_dir).unwrap();
    std::fs::write(emp_dir.join("plate.exr"), b"pixels").unwrap();
    let up = employee
        .create(
            "transfer",
            json!({"parent": r["id"], "source": "/Users/e/plate.exr"}),
        )
        .await;
    assert_eq!(up["name"], "plate.exr");
    emu.advance_clock(Duration::from_secs(1)).unwrap();
    let got = employee
        .ok("GET", "transfer/find", json!({}), None, up["id"].as_str())
        .await;
    assert_eq!(got[0]["status"], "done", "{got}");
    let landed = dir
        .path()
        .join("storage/projects/source/from_client/plate.exr");
    assert_eq!(std::fs::read(landed).unwrap(), b"pixels");
    let files = admin.find("task", json!({"parent": r["id"]}), None).await;
    assert_eq!(files[0]["source"]["path"], "source/from_client/plate.exr");
    let access = admin
        .ok("GET", "job/recipients", json!({}), None, r["id"].as_str())
        .await;
    assert_eq!(access[0]["actioned"], true, "{access}");
    // A parent that is not a delivery or request is not found.
    let t = admin.create("transfer", json!({"name": "plain"})).await;
    let (status, _) = admin
        .event(
            "POST",
            "transfer/create",
            json!({"parent": t["id"], "source": ZIP}),
            None,
            None,
        )
        .await;
    assert_eq!(status, 404);
}
