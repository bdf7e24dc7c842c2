//! File operations (`workspace/file`), settings, the publish workflow, and
//! tasks added to a job after it was created.

use std::time::Duration;

use serde_json::{Value, json};

use super::*;

async fn op(c: &Client, method: &str, data: Value) -> Value {
    c.ok(method, "workspace/file", data, None, None).await
}

async fn op_fails(c: &Client, method: &str, data: Value) -> String {
    c.fails(method, "workspace/file", data, None, None).await
}

fn names(listing: &Value) -> Vec<String> {
    listing["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["filename"].as_str().unwrap().to_owned())
        .collect()
}

async fn start_with_tree() -> Emulator {
    Emulator::builder()
        .seed(
            seed()
                .storage_file("projects/seq/shot_010/frame.0001.exr", 100)
                .storage_file("projects/seq/shot_010/frame.0002.exr", 100)
                .storage_file("projects/seq/shot_010/notes.txt", 5)
                .storage_file("projects/seq/shot_020/frame.0001.exr", 200),
        )
        .time_scale(0.0)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn ls_getsize_and_exists() {
    let emu = start_with_tree().await;
    let c = Client::login(&emu, ADMIN).await;
    let top = op(&c, "GET", json!({"op": "ls", "path": "share=projects"})).await;
    assert_eq!(names(&top), ["delivery", "seq"]);
    assert_eq!(top["files"][1]["is_dir"], true);
    assert!(top["files"][1].get("files").is_none());
    // Recursive, as deep as maxdepth.
    let two = op(&c, "GET", json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "maxdepth": 2, "getsize": true})).await;
    assert_eq!(names(&two), ["shot_010", "shot_020"]);
    assert_eq!(two["files"][0]["size"], 205);
    let inside: Vec<_> = two["files"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["filename"].clone())
        .collect();
    assert_eq!(
        inside,
        [
            json!("frame.0001.exr"),
            json!("frame.0002.exr"),
            json!("notes.txt")
        ]
    );
    let one = op(
        &c,
        "GET",
        json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "maxdepth": 1}),
    )
    .await;
    assert!(one["files"][0].get("files").is_none());
    // Files only (flat, relative names), directories only, and filters.
    let files = op(
        &c,
        "GET",
        json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "files_only": true}),
    )
    .await;
    assert_eq!(
        names(&files),
        [
            "shot_010/frame.0001.exr",
            "shot_010/frame.0002.exr",
            "shot_010/notes.txt",
            "shot_020/frame.0001.exr"
        ]
    );
    let dirs = op(
        &c,
        "GET",
        json!({"op": "ls", "path": "share=projects/seq", "directories_only": true}),
    )
    .await;
    assert_eq!(names(&dirs), ["shot_010", "shot_020"]);
    for (filter, want) in [
        (
            json!({"include": "*.EXR"}),
            vec!["frame.0001.exr", "frame.0002.exr"],
        ),
        (json!({"exclude": ["*.exr"]}), vec!["notes.txt"]),
        (json!({"include": "frame*1.exr"}), vec!["frame.0001.exr"]),
        (
            json!({"include": "re('^FRAME\\.000[2]')"}),
            vec!["frame.0002.exr"],
        ),
        (json!({"include": "re('^FRAME', 'I')"}), vec![]),
        (
            json!({"include": "*frame*", "exclude": "*0001*"}),
            vec!["frame.0001.exr", "frame.0002.exr"],
        ),
    ] {
        let mut data = json!({"op": "ls", "path": "share=projects/seq/shot_010"});
        for (k, v) in filter.as_object().unwrap() {
            data[k] = v.clone();
        }
        assert_eq!(names(&op(&c, "GET", data).await), want, "{filter}");
    }
    let size = op(
        &c,
        "GET",
        json!({"op": "getsize", "path": "share=projects/seq"}),
    )
    .await;
    assert_eq!(size, json!({"size": 405, "files": 4, "directories": 2}));
    let exr = op(
        &c,
        "GET",
        json!({"op": "getsize", "path": "share=projects/seq", "include": "*.exr"}),
    )
    .await;
    assert_eq!(exr["size"], 400);
    assert_eq!(
        op(
            &c,
            "GET",
            json!({"op": "exists", "path": "share=projects/seq/shot_010/notes.txt"})
        )
        .await,
        json!(true)
    );
    assert_eq!(
        op(
            &c,
            "GET",
            json!({"op": "exists", "path": "share=projects/seq/nope"})
        )
        .await,
        json!(false)
    );
    // The recorded official form (download flag, bare options).
    op(&c, "GET", json!({"download": true, "getsize": true, "maxdepth": 2, "op": "ls", "path": "share=projects/delivery", "recursive": true})).await;
    // Operations answer to their own method only.
    let msg = c
        .fails(
            "POST",
            "workspace/file",
            json!({"op": "ls", "path": "share=projects"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("GET"), "{msg}");
}

#[tokio::test]
async fn mkdir_rename_move_and_delete() {
    let emu = start_with_tree().await;
    let c = Client::login(&emu, ADMIN).await;
    let root = emu.data_dir().join("storage/projects");
    assert_eq!(
        op(
            &c,
            "POST",
            json!({"op": "mkdir", "path": "share=projects/newdir"})
        )
        .await,
        json!(true)
    );
    assert!(root.join("newdir").is_dir());
    op(&c, "PUT", json!({"op": "rename", "path": "share=projects/newdir", "path_to": "share=projects/newdir2"})).await;
    assert!(root.join("newdir2").is_dir() && !root.join("newdir").exists());
    // Rename stays in its folder; move goes anywhere.
    let msg = op_fails(&c, "PUT", json!({"op": "rename", "path": "share=projects/newdir2", "path_to": "share=projects/seq/newdir2"})).await;
    assert!(msg.contains("same folder"), "{msg}");
    op(&c, "PUT", json!({"op": "move", "path": "share=projects/newdir2", "path_to": "share=projects/archive/newdir2"})).await;
    assert!(root.join("archive/newdir2").is_dir());
    // Into an existing folder, by name; never onto something that exists.
    op(&c, "PUT", json!({"op": "move", "path": "share=projects/seq/shot_020", "path_to": "share=projects/archive"})).await;
    assert!(root.join("archive/shot_020/frame.0001.exr").is_file());
    let msg = op_fails(&c, "PUT", json!({"op": "move", "path": "share=projects/seq/shot_010/notes.txt", "path_to": "share=projects/seq/shot_010/frame.0001.exr"})).await;
    assert!(msg.contains("already exists"), "{msg}");
    let msg = op_fails(&c, "PUT", json!({"op": "move", "path": "share=projects/seq", "path_to": "share=projects/seq/shot_010"})).await;
    assert!(msg.contains("into itself"), "{msg}");
    // Delete: files, empty folders, and non-empty ones only with force.
    let msg = op_fails(
        &c,
        "POST",
        json!({"op": "delete", "path": "share=projects/archive"}),
    )
    .await;
    assert!(msg.contains("force"), "{msg}");
    op(
        &c,
        "POST",
        json!({"op": "delete", "path": "share=projects/archive/newdir2"}),
    )
    .await;
    op(
        &c,
        "POST",
        json!({"force": true, "op": "delete", "path": "share=projects/archive"}),
    )
    .await;
    assert!(!root.join("archive").exists());
    let msg = op_fails(
        &c,
        "POST",
        json!({"op": "delete", "path": "share=projects", "force": true}),
    )
    .await;
    assert!(msg.contains("share's own folder"), "{msg}");
    assert!(root.join("seq").is_dir());
}

#[tokio::test]
async fn paths_never_escape_their_share() {
    let emu = start_with_tree().await;
    let c = Client::login(&emu, ADMIN).await;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), b"keep").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), emu.data_dir().join("storage/projects/out"))
        .unwrap();
    const OUTSIDE: &str = "leads outside its share";
    const ABSOLUTE: &str = "is not on a share";
    const LINK: &str = "symbolic link";
    let attempts = [
        (
            "GET",
            json!({"op": "ls", "path": "share=projects/../.."}),
            OUTSIDE,
        ),
        (
            "GET",
            json!({"op": "ls", "path": "share=projects/seq/../../clients"}),
            OUTSIDE,
        ),
        (
            "GET",
            json!({"op": "exists", "path": "/etc/passwd"}),
            ABSOLUTE,
        ),
        ("GET", json!({"op": "ls", "path": "C:\\Windows"}), ABSOLUTE),
        (
            "GET",
            json!({"op": "ls", "path": "share=projects/seq\u{0}/x"}),
            "NUL byte",
        ),
        (
            "GET",
            json!({"op": "getsize", "path": "share=projects/out"}),
            LINK,
        ),
        (
            "GET",
            json!({"op": "ls", "path": "share=projects/out"}),
            LINK,
        ),
        (
            "POST",
            json!({"op": "mkdir", "path": "share=projects/out/new"}),
            LINK,
        ),
        (
            "POST",
            json!({"op": "delete", "path": "share=projects/out/secret.txt", "force": true}),
            LINK,
        ),
        (
            "PUT",
            json!({"op": "move", "path": "share=projects/seq", "path_to": "share=projects/out/seq"}),
            LINK,
        ),
        (
            "PUT",
            json!({"op": "move", "path": "share=projects/out/secret.txt", "path_to": "share=projects/stolen.txt"}),
            LINK,
        ),
        (
            "PUT",
            json!({"op": "rename", "path": "share=projects/seq", "path_to": "share=projects/../seq"}),
            OUTSIDE,
        ),
        (
            "POST",
            json!({"op": "mkdir", "path": "share="}),
            "not a share path",
        ),
    ];
    for (method, data, expected) in attempts {
        let (status, body) = c
            .event(method, "workspace/file", data.clone(), None, None)
            .await;
        assert_eq!(status, 400, "{data}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(expected), "{data}: {body}");
    }
    // Nothing read or written outside, nothing moved inside.
    let outside_names: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(outside_names, ["secret.txt"]);
    assert!(
        emu.data_dir()
            .join("storage/projects/seq/shot_010/notes.txt")
            .is_file()
    );
    assert!(!emu.data_dir().join("storage/projects/stolen.txt").exists());
    // A symbolic link is never listed either.
    let top = op(&c, "GET", json!({"op": "ls", "path": "share=projects"})).await;
    assert!(!names(&top).contains(&"out".to_owned()), "{top}");
}

#[tokio::test]
async fn settings_per_entity() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let queue = "0123456789abcdef01234567";
    // The recorded official calls.
    let value = admin
        .ok(
            "GET",
            "setting",
            json!({"data": null, "entitytype": "queue", "name": "compute_avoid"}),
            None,
            Some(queue),
        )
        .await;
    assert_eq!(value, json!(""));
    admin
        .ok(
            "PUT",
            "setting",
            json!({"entitytype": "queue", "name": "compute_avoid", "value": "disable"}),
            None,
            Some(queue),
        )
        .await;
    let all = admin
        .ok("GET", "setting", json!({"entitytype": "queue", "omit_defaults": true, "recursive": false, "upstream": false}), None, Some(queue))
        .await;
    assert_eq!(all, json!({"compute_avoid": "disable"}));
    assert_eq!(
        admin
            .ok(
                "DELETE",
                "setting",
                json!({"entitytype": "queue", "name": "compute_avoid"}),
                None,
                Some(queue)
            )
            .await,
        json!(true)
    );
    assert_eq!(
        admin
            .ok(
                "DELETE",
                "setting",
                json!({"entitytype": "queue", "name": "compute_avoid"}),
                None,
                Some(queue)
            )
            .await,
        json!(false)
    );
    // Defaults, the workspace upstream, and who may change what.
    admin
        .ok(
            "PUT",
            "setting",
            json!({"entitytype": "workspace", "name": "transfer_speed_limit", "value": "100"}),
            None,
            None,
        )
        .await;
    let mine = standard
        .ok(
            "GET",
            "setting",
            json!({"entitytype": "user", "omit_defaults": false, "upstream": true}),
            None,
            Some(&standard.id),
        )
        .await;
    assert_eq!(mine["notify"], "true");
    assert_eq!(mine["transfer_speed_limit"], "100");
    standard
        .ok(
            "PUT",
            "setting",
            json!({"entitytype": "user", "name": "notify", "value": "false"}),
            None,
            Some(&standard.id),
        )
        .await;
    let msg = standard
        .fails(
            "PUT",
            "setting",
            json!({"entitytype": "workspace", "name": "notify", "value": "false"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("admins"), "{msg}");
    let msg = standard
        .fails(
            "GET",
            "setting",
            json!({"entitytype": "user", "name": "notify"}),
            None,
            Some(&admin.id),
        )
        .await;
    assert!(msg.contains("no user"), "{msg}");
    let msg = admin
        .fails(
            "PUT",
            "setting",
            json!({"entitytype": "nothing", "name": "x", "value": "y"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("no settings"), "{msg}");
}

#[tokio::test]
async fn pre_publish_then_a_publish_job_places_the_files() {
    let emu = Emulator::builder()
        .seed(
            seed()
                .client_file(ADMIN, "/Volumes/NAS01/first_file", 10240)
                .client_file(
                    ADMIN,
                    "/Volumes/NAS01/proj_task001_v001/file.0001.exr",
                    1_000_000,
                ),
        )
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let entries = json!([
        {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "size": 10240, "is_dir": false},
        {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "filename": "proj_task001_v001", "is_dir": true,
         "files": [{"filename": "file.0001.exr", "size": 1000000}], "size": 1000000},
    ]);
    let answer = c
        .ok(
            "PUT",
            "workspace/publish/preprocess",
            json!({"files": entries, "size": 1010240}),
            None,
            None,
        )
        .await;
    let files = answer["files"].as_array().unwrap();
    assert_eq!(files[0]["id"], "33d59998-c980-4b82-9f6d-06ce27201d26");
    assert_eq!(files[0]["can_upload"], true);
    assert_eq!(files[0]["warning"], "Will be uploaded but not published");
    assert_eq!(files[1]["can_publish"], true);
    assert!(files[1]["ident"].as_str().unwrap().len() == 8);
    assert!(files[1]["info"].is_string());
    assert_eq!(answer["tasks"], json!(["proj_task001_v001"]));
    assert!(answer["guidelines"].is_string());
    assert_eq!(answer["comment"], true);
    // Entries need uuid ids.
    let msg = c
        .fails(
            "PUT",
            "workspace/publish/preprocess",
            json!({"files": [{"id": "x", "filename": "a"}], "size": 0}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("uuid"), "{msg}");
    let job = c
        .create(
            "job",
            json!({"code": "abcd1234_publish", "tasks": [
                {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "source": "/Volumes/NAS01/first_file"},
                {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "source": "/Volumes/NAS01/proj_task001_v001"}],
              "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer["files"]}}]}),
        )
        .await;
    let tasks = c.find("task", json!({"parent": job["id"]}), None).await;
    let ids: Vec<_> = tasks.iter().map(|t| t["id"].clone()).collect();
    assert_eq!(
        ids,
        [
            json!("33d59998-c980-4b82-9f6d-06ce27201d26"),
            json!("dda32b0f-36e5-4a5f-9379-fdfabfd482e1")
        ]
    );
    emu.advance_clock(Duration::from_secs(10)).unwrap();
    let done = c
        .ok("GET", "transfer/find", json!({}), None, job["id"].as_str())
        .await;
    assert_eq!(done[0]["status"], "done", "{done}");
    let storage = emu.data_dir().join("storage/projects/publish");
    assert!(storage.join("uploads/first_file").is_file());
    assert!(
        storage
            .join("proj/proj_task001_v001/file.0001.exr")
            .is_file()
    );
    // Without the hook, a job is no job to create.
    let msg = c
        .fails("POST", "job/create", json!({"tasks": []}), None, None)
        .await;
    assert!(msg.contains("publish"), "{msg}");
}

/// A transfer created paused with one task, given a second (a file on
/// storage, to a file path on the owner's desktop), then resumed: both
/// tasks run (the second failed, without a word, when the first took
/// the job's destination folder's name as a file).
#[tokio::test]
async fn tasks_added_to_an_existing_transfer_run_like_its_first() {
    let emu = Emulator::builder()
        .seed(
            seed()
                .storage_file("projects/delivery/TRAILER_screening_v003.mov", 2048)
                .storage_file("projects/delivery/TRAILER_screening_v004.mov", 4096),
        )
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let job = c
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/TRAILER_screening_v003.mov", "destination": "/Volumes/EDIT/from_client", "status": "paused"}),
        )
        .await;
    let id = job["id"].as_str().unwrap();
    c.ok("POST", "task/create", json!({"tasks": {"source": "share=projects/delivery/TRAILER_screening_v004.mov", "destination": "/Volumes/EDIT/from_client/TRAILER_screening_v004.mov"}}), None, Some(id)).await;
    c.ok(
        "PUT",
        "transfer/edit",
        json!({"status": "waiting"}),
        None,
        Some(id),
    )
    .await;
    emu.advance_clock(Duration::from_secs(10)).unwrap();
    let tasks = c.find("task", json!({"parent": id}), None).await;
    for t in &tasks {
        assert_eq!(t["status"], "done", "{t}");
        assert!(t["destination"]["path_abs_final"].is_string(), "{t}");
    }
    let done = c
        .ok("GET", "transfer/find", json!({}), None, Some(id))
        .await;
    assert_eq!(done[0]["status"], "done");
    let folder = emu
        .data_dir()
        .join("clients/admin@acme.test/Volumes/EDIT/from_client");
    assert!(folder.join("TRAILER_screening_v003.mov").is_file());
    assert!(folder.join("TRAILER_screening_v004.mov").is_file());
    // A task that cannot run says why.
    c.ok("POST", "task/create", json!({"tasks": {"source": "share=projects/delivery/missing.mov", "destination": "/tmp/x.mov"}}), None, Some(id)).await;
    emu.advance_clock(Duration::from_secs(10)).unwrap();
    let failed = c
        .find("task", json!({"parent": id}), Some("status=failed"))
        .await;
    assert!(
        failed[0]["error"]
            .as_str()
            .unwrap()
            .contains("does not exist"),
        "{failed:?}"
    );
}

/// The seed's publish rule changes the pre-publish answer and where the
/// publish job puts the files.
#[tokio::test]
async fn a_seeded_publish_rule_decides_the_answer() {
    let rule = accsyn_emulator::Seed::from_json(
        r#"{"publish": {"pattern": "^shot_\\d+$", "destination": "share=projects/in",
            "guidelines": "Name folders shot_NNN", "tasks": ["comp", "roto"],
            "comment": false, "time_report": true}}"#,
    )
    .unwrap()
    .publish
    .unwrap();
    let mut seed = seed()
        .client_file(ADMIN, "/Volumes/NAS01/shot_010/plate.exr", 300)
        .client_file(ADMIN, "/Volumes/NAS01/proj_task001_v001/file.exr", 200);
    seed.publish = Some(rule);
    let emu = Emulator::builder()
        .seed(seed)
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let c = Client::login(&emu, ADMIN).await;
    let shot = "0b0e6b4c-2f4c-4a51-9a62-6f0d3a9f2b11";
    let default_named = "5d3c8a77-1e0f-4f5e-8b2a-0c9d7e6f5a44";
    let entries = json!([
        {"id": shot, "filename": "shot_010", "is_dir": true, "size": 300,
         "files": [{"filename": "plate.exr", "size": 300}]},
        {"id": default_named, "filename": "proj_task001_v001", "is_dir": true, "size": 200,
         "files": [{"filename": "file.exr", "size": 200}]},
    ]);
    let answer = c
        .ok(
            "PUT",
            "workspace/publish/preprocess",
            json!({"files": entries, "size": 500}),
            None,
            None,
        )
        .await;
    let files = answer["files"].as_array().unwrap();
    let by_id = |id: &str| files.iter().find(|f| f["id"] == id).unwrap().clone();
    assert_eq!(by_id(shot)["can_publish"], true, "{answer}");
    // A name the default rule publishes is, under this rule, only uploaded.
    assert_ne!(by_id(default_named)["can_publish"], true, "{answer}");
    assert_eq!(
        by_id(shot)["info"],
        "Verified publish, please enter time report"
    );
    assert_eq!(
        by_id(default_named)["warning"],
        "Will be uploaded but not published"
    );
    assert_eq!(answer["guidelines"], "Name folders shot_NNN");
    assert_eq!(answer["tasks"], json!(["comp", "roto"]));
    assert_eq!(answer["comment"], false);
    assert_eq!(answer["time_report"], true);
    let job = c
        .create(
            "job",
            json!({"tasks": [
                {"id": shot, "source": "/Volumes/NAS01/shot_010"},
                {"id": default_named, "source": "/Volumes/NAS01/proj_task001_v001"}],
              "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer["files"]}}]}),
        )
        .await;
    emu.advance_clock(Duration::from_secs(10)).unwrap();
    let done = c
        .ok("GET", "transfer/find", json!({}), None, job["id"].as_str())
        .await;
    assert_eq!(done[0]["status"], "done", "{done}");
    let into = emu.data_dir().join("storage/projects/in");
    assert!(into.join("shot/shot_010/plate.exr").is_file());
    assert!(into.join("uploads/proj_task001_v001/file.exr").is_file());
    assert!(!emu.data_dir().join("storage/projects/publish").exists());
}
