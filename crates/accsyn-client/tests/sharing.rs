//! File sharing, file operations, publish and settings through the
//! Session's calls, against the emulator over real HTTP.

use serde_json::{Value, json};

use crate::support::start;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn volumes_folders_homes_and_grants() {
    let env = start().await;
    let admin = &env.admin;
    let server = admin.find("Server").await.unwrap()[0].clone();
    let volume = admin
        .create(
            "Volume",
            json!({"name": "Assets", "code": "assets", "server": server["id"]}),
        )
        .await
        .unwrap();
    let vid = id(&volume);
    let renamed = admin
        .update("Volume", &vid, json!({"name": "Assets 2"}))
        .await
        .unwrap();
    assert_eq!(renamed["name"], "Assets 2");
    let sid = id(&server);
    assert_eq!(
        admin.server_assignments(&vid).await.unwrap()[0]["client"],
        sid.as_str()
    );
    admin.deassign_server(&vid, &sid).await.unwrap();
    assert!(admin.server_assignments(&vid).await.unwrap().is_empty());
    admin.assign_server(&vid, &sid).await.unwrap();

    // A folder on it, granted to a standard user at a path.
    let folder = admin
        .create(
            "Folder",
            json!({"parent": vid, "path": "vendors", "name": "Vendors"}),
        )
        .await
        .unwrap();
    let fid = id(&folder);
    let acl = admin
        .grant(
            "User",
            "standard@acme.test",
            "Folder",
            &fid,
            Some(json!({"read": true, "write": true, "path": "acmevfx", "message": "upload here"})),
        )
        .await
        .unwrap();
    assert_eq!(acl["path"], "acmevfx");
    let standard = env.session_as("standard@acme.test").await;
    assert_eq!(standard.find("Folder").await.unwrap().len(), 1);
    assert!(standard.mkdir("share=vendors/acmevfx/in").await.is_ok());
    assert!(standard.mkdir("share=vendors/elsewhere").await.is_err());
    let access = admin.access("Folder", &fid).await.unwrap();
    assert_eq!(access.len(), 1);
    assert_eq!(
        admin.access_recursive("Volume", &vid).await.unwrap().len(),
        1
    );
    assert!(
        admin
            .revoke("User", "standard@acme.test", "Folder", &fid)
            .await
            .unwrap()
    );
    assert!(standard.find("Folder").await.unwrap().is_empty());

    // Deactivate, activate by code, delete.
    admin.deactivate_one("Folder", &fid).await.unwrap();
    assert!(admin.find("Folder").await.unwrap().is_empty());
    admin.activate_one("Folder", "vendors").await.unwrap();
    assert_eq!(admin.find("Folder").await.unwrap().len(), 1);
    admin.delete_one("Folder", &fid).await.unwrap();
    assert!(admin.find("Folder").await.unwrap().is_empty());

    // A home, by email.
    let home = admin
        .create("Home", json!({"user": "employee@acme.test"}))
        .await
        .unwrap();
    assert_eq!(home["user"], env.user_id("employee@acme.test").as_str());
}

#[tokio::test]
async fn collections_and_file_operations() {
    let env = start().await;
    let admin = &env.admin;
    admin.mkdir("share=projects/in/shots").await.unwrap();
    assert!(admin.exists("share=projects/in/shots").await.unwrap());
    admin
        .rename("share=projects/in/shots", "share=projects/in/plates")
        .await
        .unwrap();
    admin
        .mv("share=projects/in/plates", "share=projects/archive/plates")
        .await
        .unwrap();
    let listing = admin
        .ls("share=projects")
        .recursive(true)
        .maxdepth(2)
        .getsize(true)
        .await
        .unwrap();
    let names: Vec<_> = listing["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["filename"].clone())
        .collect();
    assert_eq!(names, [json!("archive"), json!("delivery"), json!("in")]);
    let exact = admin
        .ls("share=projects/delivery")
        .include("*.MOV")
        .await
        .unwrap();
    assert_eq!(exact["files"][0]["filename"], "a.mov");
    assert_eq!(
        admin.getsize("share=projects/delivery").await.unwrap()["size"],
        1 << 20
    );
    assert!(
        admin
            .delete_file("share=projects/archive", false)
            .await
            .is_err()
    );
    admin
        .delete_file("share=projects/archive", true)
        .await
        .unwrap();
    assert!(!admin.exists("share=projects/archive").await.unwrap());
    assert!(admin.ls("share=projects/../..").await.is_err());

    let collection = admin
        .create(
            "Collection",
            json!({"name": "Refs", "files": ["share=projects/delivery/a.mov"]}),
        )
        .await
        .unwrap();
    let cid = id(&collection);
    let files = admin
        .find("File")
        .options(accsyn_client::FindOptions::new().parent(cid.clone()))
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    admin
        .delete_many("Collection", &cid, json!({"files": [files[0]["id"]]}))
        .await
        .unwrap();
    assert!(
        admin
            .find("File")
            .options(accsyn_client::FindOptions::new().parent(cid))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn prepublish_and_settings() {
    let env = start().await;
    let admin = &env.admin;
    let answer = admin
        .prepublish(json!([
            {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "size": 10240, "is_dir": false},
            {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "filename": "proj_task001_v001", "is_dir": true,
             "files": [{"filename": "file.0001.exr", "size": 1000000}]}
        ]))
        .await
        .unwrap();
    assert_eq!(answer["files"][0]["can_upload"], true);
    assert_eq!(answer["files"][1]["can_publish"], true);
    assert!(answer["guidelines"].is_string());
    // The publish job: tasks keep their entries' ids.
    let job = admin
        .create(
            "job",
            json!({"code": "abcd1234_publish", "tasks": [
                {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "source": "/Volumes/NAS01/first_file"}],
              "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer["files"]}}]}),
        )
        .await
        .unwrap();
    let tasks = admin
        .find("Task")
        .options(accsyn_client::FindOptions::new().parent(id(&job)))
        .await
        .unwrap();
    assert_eq!(tasks[0]["id"], "33d59998-c980-4b82-9f6d-06ce27201d26");

    let queue = "0123456789abcdef01234567";
    admin
        .set_setting("Queue", Some(queue), "compute_avoid", json!("disable"))
        .await
        .unwrap();
    assert_eq!(
        admin
            .get_setting("Queue", Some(queue), "compute_avoid")
            .await
            .unwrap(),
        json!("disable")
    );
    assert_eq!(
        admin.get_settings("Queue", Some(queue)).await.unwrap(),
        json!({"compute_avoid": "disable"})
    );
    admin
        .delete_setting("Queue", Some(queue), "compute_avoid")
        .await
        .unwrap();
    assert_eq!(
        admin.get_settings("Queue", Some(queue)).await.unwrap(),
        json!({})
    );
}
