//! File sharing as the seeds describe it: servers and volumes, folders and
//! homes, collections, ACLs, deactivation and deletion.

use serde_json::{Value, json};

use super::*;

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

/// A grant as the official client's `grant` sends it.
async fn grant_on(
    admin: &Client,
    user: &str,
    share: &str,
    read: bool,
    write: bool,
    path: &str,
) -> Value {
    admin
        .create(
            "acl",
            json!({"entity": format!("user:{user}"), "target": format!("share:{share}"),
                "invite": true, "read": read, "write": write, "notify": false, "message": "", "path": path}),
        )
        .await
}

#[tokio::test]
async fn servers_and_volumes_follow_the_seed() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let servers = admin.find("server", json!({}), None).await;
    assert_eq!(servers.len(), 1, "{servers:?}");
    assert_eq!(servers[0]["type"], 1);
    let server = id(&servers[0]).to_owned();
    // Only admins create volumes; codes are unique among all shares.
    let create = json!({"name": "Assets", "code": "assets", "paths": {"linux": "/assets", "mac": "/Volumes/assets", "windows": "A:"}, "server": server});
    let msg = employee
        .fails("POST", "volume/create", create.clone(), None, None)
        .await;
    assert!(msg.contains("may not"), "{msg}");
    // The path for the operating system the server runs is required.
    let os = servers[0]["os"].as_str().unwrap().to_owned();
    let mut elsewhere = create.clone();
    elsewhere["code"] = json!("elsewhere");
    elsewhere["paths"].as_object_mut().unwrap().remove(&os);
    let msg = admin
        .fails("POST", "volume/create", elsewhere, None, None)
        .await;
    assert!(msg.contains(&format!("`{os}` path")), "{msg}");
    let assets = admin.create("volume", create.clone()).await;
    assert_eq!(assets["code"], "assets");
    assert_eq!(assets["type"], "volume");
    assert_eq!(assets["status"], "enabled");
    assert!(emu.data_dir().join("storage/assets").is_dir());
    let msg = admin
        .fails("POST", "volume/create", create, None, None)
        .await;
    assert!(msg.contains("already exists"), "{msg}");
    // Rename, new code, new paths, writeable statuses only.
    let aid = id(&assets).to_owned();
    let renamed = admin
        .ok(
            "PUT",
            "volume/edit",
            json!({"name": "Assets 2", "code": "assets2"}),
            None,
            Some(&aid),
        )
        .await;
    assert_eq!(renamed[0]["code"], "assets2");
    assert!(emu.data_dir().join("storage/assets2").is_dir());
    admin
        .ok(
            "PUT",
            "volume/edit",
            json!({"paths": {"linux": "/assets2"}}),
            None,
            Some(&aid),
        )
        .await;
    admin
        .ok(
            "PUT",
            "volume/edit",
            json!({"status": "disabled"}),
            None,
            Some(&aid),
        )
        .await;
    let msg = admin
        .fails(
            "PUT",
            "volume/edit",
            json!({"status": "offline"}),
            None,
            Some(&aid),
        )
        .await;
    assert!(msg.contains("enabled"), "{msg}");
    // One default volume.
    admin
        .ok(
            "PUT",
            "volume/edit",
            json!({"default": true}),
            None,
            Some(&aid),
        )
        .await;
    let defaults: Vec<_> = admin
        .find("volume", json!({}), Some("default=true"))
        .await
        .into_iter()
        .map(|v| v["code"].clone())
        .collect();
    assert_eq!(defaults, [json!("assets2")]);
    // Servers assigned to a volume.
    let assigned = admin
        .ok("GET", "volume/servers", json!({}), None, Some(&aid))
        .await;
    assert_eq!(assigned[0]["client"], server.as_str());
    let r = admin
        .ok(
            "DELETE",
            "volume/server",
            json!({"client": server}),
            None,
            Some(&aid),
        )
        .await;
    assert_eq!(r, json!(true));
    assert_eq!(
        admin
            .ok("GET", "volume/servers", json!({}), None, Some(&aid))
            .await,
        json!([])
    );
    admin
        .ok(
            "PUT",
            "share/server",
            json!({"client": server}),
            None,
            Some(&aid),
        )
        .await;
    assert_eq!(
        admin
            .ok("GET", "Volume/servers", json!({}), None, Some(&aid))
            .await[0]["client"],
        server.as_str()
    );
    // Without a grant the volume is invisible; with one, still not theirs to assign.
    let msg = employee
        .fails(
            "PUT",
            "share/server",
            json!({"client": server}),
            None,
            Some(&aid),
        )
        .await;
    assert!(msg.contains("no volume"), "{msg}");
    grant(&admin, &employee.id, "assets2", true, true).await;
    let msg = employee
        .fails(
            "PUT",
            "share/server",
            json!({"client": server}),
            None,
            Some(&aid),
        )
        .await;
    assert!(msg.contains("admins"), "{msg}");
}

#[tokio::test]
async fn folders_homes_and_their_grants() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let projects = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    let folder = admin
        .create(
            "folder",
            json!({"parent": id(&projects), "path": "projects/TheProject", "name": "TheProject", "code": "theproject"}),
        )
        .await;
    assert_eq!(folder["parent"], id(&projects));
    assert_eq!(folder["path"], "projects/TheProject");
    assert!(folder["parent_hr"].as_str().unwrap().contains("[volume]"));
    // Absolute paths and `..` are no folders.
    for path in ["/etc", "../x", "a/../../b"] {
        let msg = admin
            .fails("POST", "folder/create", json!({"parent": id(&projects), "path": path, "name": "x", "code": format!("x{}", path.len())}), None, None)
            .await;
        assert!(msg.contains("relative"), "{path}: {msg}");
    }
    // Not accessible until granted.
    assert!(standard.find("folder", json!({}), None).await.is_empty());
    let msg = standard
        .fails(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "share=theproject"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("may read"), "{msg}");
    let acl = grant_on(
        &admin,
        &standard.id,
        id(&folder),
        true,
        true,
        "FROM_VENDORS/acmevfx",
    )
    .await;
    assert_eq!(acl["path"], "FROM_VENDORS/acmevfx");
    assert_eq!(acl["target"], format!("share:{}", id(&folder)));
    // Also in the access list's form, as the file-sharing document promises.
    assert_eq!(acl["user"], standard.id.as_str());
    assert_eq!(acl["share"], id(&folder));
    assert_eq!(acl["user_hr"], acl["entity_hr"]);
    assert_eq!(acl["share_hr"], acl["target_hr"]);
    // Neither read nor write is refused.
    let msg = admin
        .fails("POST", "acl/create", json!({"entity": format!("user:{}", standard.id), "target": format!("share:{}", id(&folder)), "read": false, "write": false}), None, None)
        .await;
    assert!(msg.contains("neither"), "{msg}");
    // Granting again updates the grant in place.
    let again = grant_on(
        &admin,
        &standard.id,
        id(&folder),
        true,
        false,
        "FROM_VENDORS/acmevfx",
    )
    .await;
    assert_eq!(again["id"], acl["id"]);
    assert_eq!(again["write"], false);
    assert_eq!(standard.find("folder", json!({}), None).await.len(), 1);
    // The grant covers its path and beneath, read only now.
    admin
        .ok(
            "POST",
            "workspace/file",
            json!({"op": "mkdir", "path": "share=theproject/FROM_VENDORS/acmevfx"}),
            None,
            None,
        )
        .await;
    standard
        .ok(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "share=theproject/FROM_VENDORS/acmevfx"}),
            None,
            None,
        )
        .await;
    let msg = standard
        .fails(
            "POST",
            "workspace/file",
            json!({"op": "mkdir", "path": "share=theproject/FROM_VENDORS/acmevfx/in"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("read-only"), "{msg}");
    let msg = standard
        .fails(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "share=theproject"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("may read"), "{msg}");
    // Homes by user email or id; not shared until granted; one per user.
    let home = admin.create("home", json!({"user": STANDARD})).await;
    assert_eq!(home["user"], standard.id.as_str());
    let msg = admin
        .fails(
            "POST",
            "home/create",
            json!({"user": standard.id}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("already has a home"), "{msg}");
    assert_eq!(standard.find("home", json!({}), None).await.len(), 0);
    // Without `notify`, the user is notified (the document's default).
    let acl = admin
        .ok("POST", "acl/create", json!({"entity": format!("user:{}", standard.id), "target": format!("share:{}", id(&home)), "read": true, "write": true}), None, None)
        .await;
    assert_eq!(acl[0]["notify"], true, "{acl}");
    standard
        .ok(
            "POST",
            "workspace/file",
            json!({"op": "mkdir", "path": format!("home={STANDARD}/UPLOAD")}),
            None,
            None,
        )
        .await;
    assert!(
        standard
            .ok(
                "GET",
                "workspace/file",
                json!({"op": "exists", "path": "~/UPLOAD"}),
                None,
                None
            )
            .await
            .as_bool()
            .unwrap()
    );
    // Status and queue updates.
    let updated = admin
        .ok(
            "PUT",
            "folder/edit",
            json!({"status": "disabled", "queue": "5ac60a8b1da7ee7eb4d146cf"}),
            None,
            Some(id(&folder)),
        )
        .await;
    assert_eq!(updated[0]["status"], "disabled");
    assert_eq!(updated[0]["queue"], "5ac60a8b1da7ee7eb4d146cf");
    let volume_queue = admin
        .ok(
            "PUT",
            "volume/edit",
            json!({"queue": "6ac60a8b1da7ee7eb4d146cf"}),
            None,
            Some(id(&projects)),
        )
        .await;
    assert_eq!(volume_queue[0]["queue"], "6ac60a8b1da7ee7eb4d146cf");
    let home_queue = admin
        .ok(
            "PUT",
            "home/edit",
            json!({"queue": "7ac60a8b1da7ee7eb4d146cf", "status": "disabled"}),
            None,
            Some(id(&home)),
        )
        .await;
    assert_eq!(home_queue[0]["queue"], "7ac60a8b1da7ee7eb4d146cf");
    assert_eq!(home_queue[0]["status"], "disabled");
    // Access lists: the folder's, and the volume's recursively.
    let q = format!("acl WHERE target=share:{}", id(&projects));
    assert!(
        admin
            .find("acl", json!({"recursive": false}), Some(&q))
            .await
            .is_empty()
    );
    let all = admin
        .find("acl", json!({"recursive": true}), Some(&q))
        .await;
    assert_eq!(all.len(), 2, "{all:?}");
    // Revoke: the official client finds the ACL, then deletes it.
    let q = format!(
        "acl WHERE entity=user:{} AND target=share:{}",
        standard.id,
        id(&folder)
    );
    let found = admin.find("acl", json!({}), Some(&q)).await;
    assert_eq!(found.len(), 1);
    admin
        .ok(
            "DELETE",
            "acl/delete",
            json!({}),
            None,
            found[0]["id"].as_str(),
        )
        .await;
    assert!(standard.find("folder", json!({}), None).await.is_empty());
}

#[tokio::test]
async fn employees_have_full_access_to_granted_volumes() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let projects = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    assert!(employee.find("volume", json!({}), None).await.is_empty());
    grant_on(&admin, &employee.id, id(&projects), true, true, "delivery").await;
    assert_eq!(employee.find("volume", json!({}), None).await.len(), 1);
    // The whole volume, whatever the ACL's path; folders on it included.
    employee
        .ok(
            "POST",
            "workspace/file",
            json!({"op": "mkdir", "path": "share=projects/elsewhere/x"}),
            None,
            None,
        )
        .await;
    let folder = employee
        .create(
            "folder",
            json!({"parent": id(&projects), "path": "elsewhere", "name": "Elsewhere"}),
        )
        .await;
    assert_eq!(folder["code"], "elsewhere");
    assert_eq!(folder["creator"], EMPLOYEE);
    employee
        .ok(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "folder=elsewhere"}),
            None,
            None,
        )
        .await;
    // No volume administration.
    let msg = employee
        .fails(
            "PUT",
            "volume/edit",
            json!({"name": "x"}),
            None,
            Some(id(&projects)),
        )
        .await;
    assert!(msg.contains("may not"), "{msg}");
}

#[tokio::test]
async fn collections_hold_files_from_several_shares() {
    let mut projects = accsyn_emulator::SeedVolume::new("projects");
    projects.default = true;
    let emu = Emulator::builder()
        .seed(
            seed()
                .volume(projects)
                .volume(accsyn_emulator::SeedVolume::new("assets"))
                .storage_file("assets/ASSETS/templates/vendor_structure/readme.txt", 10)
                .storage_file("projects/TheProject/admin/specs.doc", 20),
        )
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let projects = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    admin
        .create(
            "folder",
            json!({"parent": id(&projects), "path": "TheProject", "name": "theproject"}),
        )
        .await;
    let collection = admin
        .create(
            "collection",
            json!({"name": "Project startup", "files": ["volume=assets/ASSETS/templates/vendor_structure", "folder=theproject/admin/specs.doc"]}),
        )
        .await;
    assert_eq!(collection["code"], "project_startup");
    let cid = id(&collection).to_owned();
    let files = admin.find("file", json!({"parent": cid}), None).await;
    assert_eq!(files.len(), 2, "{files:?}");
    // Absolute paths and missing files are refused.
    for bad in ["/etc/passwd", "share=projects/missing.mov"] {
        let msg = admin
            .fails(
                "POST",
                "file/add",
                json!({"files": [bad]}),
                None,
                Some(&cid),
            )
            .await;
        assert!(
            msg.contains("not on a share") || msg.contains("does not exist"),
            "{bad}: {msg}"
        );
    }
    let added = admin
        .ok(
            "POST",
            "file/add",
            json!({"files": ["share=projects/delivery/a.mov"]}),
            None,
            Some(&cid),
        )
        .await;
    assert_eq!(added[0]["path"], "share=projects/delivery/a.mov");
    // A standard user granted the collection reads its files, and only them.
    grant_on(&admin, &standard.id, &cid, true, false, "/").await;
    let listing = standard
        .ok(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "collection=project_startup"}),
            None,
            None,
        )
        .await;
    let names: Vec<_> = listing["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["filename"].clone())
        .collect();
    assert_eq!(
        names,
        [
            json!("vendor_structure"),
            json!("specs.doc"),
            json!("a.mov")
        ]
    );
    standard
        .ok(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "collection=project_startup/vendor_structure"}),
            None,
            None,
        )
        .await;
    let msg = standard
        .fails(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": "share=assets"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("may read"), "{msg}");
    // Remove by id: true, then false once gone.
    let fid = added[0]["id"].as_str().unwrap();
    let r = admin
        .ok(
            "DELETE",
            "collection/file/remove",
            json!({"files": [fid]}),
            None,
            Some(&cid),
        )
        .await;
    assert_eq!(r, json!(true));
    let r = admin
        .ok(
            "DELETE",
            "collection/file/remove",
            json!({"files": [fid]}),
            None,
            Some(&cid),
        )
        .await;
    assert_eq!(r, json!(false));
}

#[tokio::test]
async fn deactivate_activate_and_delete_shares() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let standard = Client::login(&emu, STANDARD).await;
    let projects = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    let pid = id(&projects).to_owned();
    let folder = admin
        .create(
            "folder",
            json!({"parent": pid, "path": "shared", "name": "Shared"}),
        )
        .await;
    let fid = id(&folder).to_owned();
    grant_on(&admin, &standard.id, &fid, true, true, "/").await;
    // No active job may use a share being deactivated.
    let job = admin
        .create("transfer", json!({"source": "share=shared/x.mov", "destination": "/tmp/x.mov", "status": "paused"}))
        .await;
    let msg = admin
        .fails("DELETE", "folder/deactivate", json!({}), None, Some(&fid))
        .await;
    assert!(msg.contains("abort them first"), "{msg}");
    admin
        .ok(
            "PUT",
            "transfer/edit",
            json!({"status": "aborted"}),
            None,
            job["id"].as_str(),
        )
        .await;
    assert_eq!(
        admin
            .ok("DELETE", "folder/deactivate", json!({}), None, Some(&fid))
            .await,
        json!(true)
    );
    // Gone from live finds, there among inactive ones; its ACLs offline.
    assert!(admin.find("folder", json!({}), None).await.is_empty());
    let inactive = admin.find("folder", json!({"inactive": true}), None).await;
    assert_eq!(inactive[0]["inactive"], true);
    assert!(standard.find("folder", json!({}), None).await.is_empty());
    let msg = admin
        .fails(
            "POST",
            "transfer/create",
            json!({"source": "share=shared/x.mov", "destination": "/tmp/x.mov"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("no share"), "{msg}");
    // Activate by code, as the official client does without an id.
    admin
        .ok("POST", "folder/activate", json!({}), Some("shared"), None)
        .await;
    assert_eq!(standard.find("folder", json!({}), None).await.len(), 1);
    // Homes cannot be deactivated.
    let home = admin.create("home", json!({"user": EMPLOYEE})).await;
    let msg = admin
        .fails(
            "DELETE",
            "home/deactivate",
            json!({}),
            None,
            home["id"].as_str(),
        )
        .await;
    assert!(msg.contains("deactivate their user"), "{msg}");
    // Delete: deactivated and kept in the archive.
    admin
        .ok("DELETE", "folder/delete", json!({}), None, Some(&fid))
        .await;
    assert!(
        admin
            .find("folder", json!({"inactive": true}), None)
            .await
            .is_empty()
    );
    let archived = admin.find("folder", json!({"archived": true}), None).await;
    assert_eq!(archived[0]["id"], fid.as_str());
    // A deleted volume takes its folders, homes and ACLs and aborts its jobs; files stay.
    let other = admin
        .create(
            "folder",
            json!({"parent": pid, "path": "other", "name": "Other"}),
        )
        .await;
    let acl = grant_on(&admin, &standard.id, &pid, true, false, "/").await;
    let running = admin
        .create("transfer", json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov", "status": "paused"}))
        .await;
    admin
        .ok("DELETE", "volume/delete", json!({}), None, Some(&pid))
        .await;
    let job = admin
        .ok(
            "GET",
            "transfer/find",
            json!({}),
            None,
            running["id"].as_str(),
        )
        .await;
    assert_eq!(job[0]["status"], "aborted");
    assert!(admin.find("volume", json!({}), None).await.is_empty());
    assert!(admin.find("folder", json!({}), None).await.is_empty());
    assert!(admin.find("home", json!({}), None).await.is_empty());
    let archived_homes = admin.find("home", json!({"archived": true}), None).await;
    assert!(
        archived_homes.iter().any(|h| h["id"] == home["id"]),
        "{archived_homes:?}"
    );
    assert!(
        admin
            .ok("GET", "acl/find", json!({}), None, acl["id"].as_str())
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        admin
            .find("folder", json!({"archived": true}), None)
            .await
            .iter()
            .any(|f| f["id"] == other["id"])
    );
    assert!(
        emu.data_dir()
            .join("storage/projects/delivery/a.mov")
            .exists()
    );
}
