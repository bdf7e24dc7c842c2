//! The role matrix for shares: admin, employee with and without a volume
//! grant, standard user without an ACL, with a read-write one and with a
//! read-only one, for find (and by id), read (ls, exists, getsize), edit
//! and write (mkdir, rename, delete) on a volume and a folder on it; and an
//! ACL user's attempts to leave their folder. Then the
//! official client's recorded requests, replayed: every one decodes and
//! names an operation the emulator serves.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::*;

/// What one caller gets on one share: found by a find and by id, read
/// (ls, exists, getsize), changed by an edit (200, 403 refused, 404
/// invisible), written (mkdir, rename, delete: each checked on disk too).
#[derive(Debug, PartialEq)]
struct Outcome {
    found: bool,
    by_id: bool,
    read: [bool; 3],
    edit: u16,
    write: [bool; 3],
}

/// Reads and writes all allowed, or all refused.
const ALL: [bool; 3] = [true; 3];
const NONE: [bool; 3] = [false; 3];

const fn o(found: bool, read: [bool; 3], edit: u16, write: [bool; 3]) -> Outcome {
    Outcome {
        found,
        by_id: found,
        read,
        edit,
        write,
    }
}

async fn file_op(c: &Client, method: &str, data: Value) -> bool {
    let (status, body) = c.event(method, "workspace/file", data, None, None).await;
    assert!(status == 200 || body["message"].is_string(), "{body}");
    status == 200
}

/// Who `c` is, as a file-name part.
fn short(c: &Client) -> &str {
    c.user.split('@').next().unwrap()
}

/// Makes, as the admin, the folders `c` will try to rename and delete in
/// `dir` (the share's folder on disk, at accsyn path `path`).
async fn targets_for(admin: &Client, c: &Client, path: &str) {
    for kind in ["rename", "delete"] {
        let target = format!("{path}/{kind}-{}", short(c));
        assert!(file_op(admin, "POST", json!({"op": "mkdir", "path": target})).await);
    }
}

async fn outcome(c: &Client, ty: &str, share: &Value, path: &str, dir: &Path) -> Outcome {
    let id = share["id"].as_str().unwrap();
    let found = c
        .find(ty, json!({}), None)
        .await
        .iter()
        .any(|s| s["id"] == share["id"]);
    let q = format!("id={id}");
    let (status, body) = c
        .event("GET", &format!("{ty}/find"), json!({}), Some(&q), None)
        .await;
    let by_id = status == 200 && body["result"].as_array().is_some_and(|l| l.len() == 1);
    let me = short(c);
    let read = [
        file_op(c, "GET", json!({"op": "ls", "path": path})).await,
        file_op(
            c,
            "GET",
            json!({"op": "exists", "path": format!("{path}/rename-{me}")}),
        )
        .await,
        file_op(c, "GET", json!({"op": "getsize", "path": path})).await,
    ];
    let (edit, _) = c
        .event(
            "PUT",
            &format!("{ty}/edit"),
            json!({"description": "x"}),
            None,
            Some(id),
        )
        .await;
    let made = format!("{path}/made-by-{me}");
    let write = [
        file_op(c, "POST", json!({"op": "mkdir", "path": made})).await,
        file_op(
            c,
            "PUT",
            json!({"op": "rename", "path": format!("{path}/rename-{me}"), "path_to": format!("{path}/renamed-{me}")}),
        )
        .await,
        file_op(c, "POST", json!({"op": "delete", "path": format!("{path}/delete-{me}")})).await,
    ];
    // What the replies said is what happened on disk.
    let on_disk = [
        dir.join(format!("made-by-{me}")).is_dir(),
        dir.join(format!("renamed-{me}")).is_dir() && !dir.join(format!("rename-{me}")).exists(),
        !dir.join(format!("delete-{me}")).exists(),
    ];
    assert_eq!(write, on_disk, "{} on {path}", c.user);
    Outcome {
        found,
        by_id,
        read,
        edit,
        write,
    }
}

#[tokio::test]
async fn role_matrix_for_shares() {
    let emu = Emulator::builder()
        .seed(
            seed()
                .user(SeedUser::new("granted@acme.test", Role::Employee))
                .user(SeedUser::new("client@acme.test", Role::Standard))
                .user(SeedUser::new("reader@acme.test", Role::Standard)),
        )
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let granted = Client::login(&emu, "granted@acme.test").await;
    let standard = Client::login(&emu, STANDARD).await;
    let acl_user = Client::login(&emu, "client@acme.test").await;
    let reader = Client::login(&emu, "reader@acme.test").await;
    let volume = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    let folder = admin
        .create(
            "folder",
            json!({"parent": volume["id"], "path": "shared", "name": "Shared"}),
        )
        .await;
    grant(&admin, &granted.id, "projects", true, true).await;
    let folder_id = folder["id"].as_str().unwrap();
    for (c, write) in [(&acl_user, true), (&reader, false)] {
        admin
            .create(
                "acl",
                json!({"entity": format!("user:{}", c.id), "target": format!("share:{folder_id}"), "read": true, "write": write}),
            )
            .await;
    }
    let callers = [&admin, &employee, &granted, &standard, &acl_user, &reader];
    let storage = emu.data_dir().join("storage/projects");
    // [admin, employee without grant, employee granted the volume,
    //  standard without ACL, standard with a read-write ACL on the folder,
    //  standard with a read-only ACL on the folder]
    let cases: [(&str, &Value, &str, PathBuf, [Outcome; 6]); 2] = [
        (
            "volume",
            &volume,
            "share=projects",
            storage.clone(),
            [
                o(true, ALL, 200, ALL),
                o(false, NONE, 404, NONE),
                o(true, ALL, 403, ALL),
                o(false, NONE, 404, NONE),
                o(false, NONE, 404, NONE),
                o(false, NONE, 404, NONE),
            ],
        ),
        (
            "folder",
            &folder,
            "share=shared",
            storage.join("shared"),
            [
                o(true, ALL, 200, ALL),
                o(false, NONE, 404, NONE),
                o(true, ALL, 200, ALL),
                o(false, NONE, 404, NONE),
                o(true, ALL, 403, ALL),
                o(true, ALL, 403, NONE),
            ],
        ),
    ];
    for (ty, share, path, dir, expected) in &cases {
        for c in callers {
            targets_for(&admin, c, path).await;
        }
        for (c, want) in callers.into_iter().zip(expected) {
            let got = outcome(c, ty, share, path, dir).await;
            assert_eq!(&got, want, "{} on {ty}", c.user);
        }
    }
    // Transfers follow the same grants: the folder's standard user may
    // read from it, not from the volume around it.
    let (status, body) = acl_user
        .event(
            "POST",
            "transfer/create",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}),
            None,
            None,
        )
        .await;
    assert_eq!(status, 403, "{body}");
}

/// A standard user with a read-write ACL on a folder tries to reach the
/// volume around it: every path is refused, and nothing outside the folder
/// is read or written.
#[tokio::test]
async fn an_acl_user_stays_inside_the_shared_folder() {
    let emu = Emulator::builder()
        .seed(seed().user(SeedUser::new("client@acme.test", Role::Standard)))
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let admin = Client::login(&emu, ADMIN).await;
    let user = Client::login(&emu, "client@acme.test").await;
    let volume = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    let folder = admin
        .create(
            "folder",
            json!({"parent": volume["id"], "path": "shared", "name": "Shared"}),
        )
        .await;
    admin
        .create(
            "acl",
            json!({"entity": format!("user:{}", user.id), "target": format!("share:{}", folder["id"].as_str().unwrap()), "read": true, "write": true}),
        )
        .await;
    let storage = emu.data_dir().join("storage/projects");
    std::fs::write(storage.join("shared/mine.txt"), b"mine").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(storage.join("delivery"), storage.join("shared/up")).unwrap();
    const OUTSIDE: &str = "leads outside its share";
    let attempts = [
        (
            "GET",
            json!({"op": "ls", "path": "share=shared/.."}),
            OUTSIDE,
        ),
        (
            "GET",
            json!({"op": "getsize", "path": "share=shared/../delivery/a.mov"}),
            OUTSIDE,
        ),
        (
            "GET",
            json!({"op": "exists", "path": "share=shared/x/../../delivery"}),
            OUTSIDE,
        ),
        (
            "POST",
            json!({"op": "mkdir", "path": "share=shared/../evil"}),
            OUTSIDE,
        ),
        (
            "PUT",
            json!({"op": "move", "path": "share=shared/mine.txt", "path_to": "share=shared/../mine.txt"}),
            OUTSIDE,
        ),
        (
            "POST",
            json!({"op": "delete", "path": "share=shared/../delivery/a.mov"}),
            OUTSIDE,
        ),
        (
            "GET",
            json!({"op": "ls", "path": "share=shared/up"}),
            "symbolic link",
        ),
        (
            "POST",
            json!({"op": "delete", "path": "share=shared/up/a.mov"}),
            "symbolic link",
        ),
        (
            "GET",
            json!({"op": "ls", "path": "share=shared/\u{0}"}),
            "NUL byte",
        ),
        (
            "GET",
            json!({"op": "ls", "path": storage.to_string_lossy()}),
            "is not on a share",
        ),
        // The volume around it, by name: not theirs.
        (
            "GET",
            json!({"op": "ls", "path": "share=projects/delivery"}),
            "",
        ),
        (
            "PUT",
            json!({"op": "move", "path": "share=shared/mine.txt", "path_to": "share=projects/mine.txt"}),
            "",
        ),
        (
            "POST",
            json!({"op": "delete", "path": "share=projects/delivery/a.mov"}),
            "",
        ),
    ];
    for (method, data, expected) in attempts {
        let (status, body) = user
            .event(method, "workspace/file", data.clone(), None, None)
            .await;
        assert!(matches!(status, 400 | 403 | 404), "{data}: {status} {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            !message.is_empty() && message.contains(expected),
            "{data}: {body}"
        );
    }
    assert!(storage.join("delivery/a.mov").is_file());
    assert!(storage.join("shared/mine.txt").is_file());
    assert!(!storage.join("evil").exists() && !storage.join("mine.txt").exists());
}

/// The recorded line's envelope as its request sends it again.
async fn replay(c: &Client, line: &Value) -> (u16, Value) {
    let mut env = line["envelope"].clone();
    env["session"] = json!(c.session);
    env["workspace"] = json!("acme");
    env["ident"] = json!(c.user);
    if env.get("__was_gz__").is_some() {
        env.as_object_mut().unwrap().remove("__was_gz__");
        let data = env
            .as_object_mut()
            .unwrap()
            .remove("data")
            .unwrap_or(Value::Null);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, data.to_string().as_bytes()).unwrap();
        env["gz_data"] = json!(b64_bytes(&gz.finish().unwrap()));
    }
    let method = line["method"].as_str().unwrap();
    c.send(method, &env).await
}

fn b64_bytes(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn every_recorded_official_request_decodes_and_is_served() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let recorded = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/official-client-requests.jsonl"
    ))
    .unwrap();
    let mut events = 0;
    for line in recorded.lines().filter(|l| !l.trim().is_empty()) {
        let line: Value = serde_json::from_str(line).unwrap();
        if line["path"] != "/api/v3/event" {
            continue;
        }
        events += 1;
        let (status, body) = replay(&admin, &line).await;
        let uri = &line["envelope"]["uri"];
        let message = body["message"].as_str().unwrap_or_default();
        // Ids in the recording name nothing here: not found is fine, an
        // envelope the emulator cannot read or an operation it does not
        // serve is not.
        assert!(
            !message.contains("unknown operation") && !message.starts_with("the event"),
            "{uri}: {status} {body}"
        );
        assert!(
            status == 200 || body["message"].is_string(),
            "{uri}: {status} {body}"
        );
    }
    assert!(events >= 40, "{events} recorded events");
}
