//! The role matrix for shares: admin, employee with and without a volume
//! grant, standard user with and without an ACL, for find, read (get by
//! id, ls), write (edit, mkdir) on a volume and a folder on it. Then the
//! official client's recorded requests, replayed: every one decodes and
//! names an operation the emulator serves.

use serde_json::{Value, json};

use super::*;

/// What one caller gets on one share: found by a find, listed by ls,
/// changed by an edit (200, 403 refused, 404 invisible), written by mkdir.
#[derive(Debug, PartialEq)]
struct Outcome {
    found: bool,
    listed: bool,
    edit: u16,
    mkdir: bool,
}

const fn o(found: bool, listed: bool, edit: u16, mkdir: bool) -> Outcome {
    Outcome {
        found,
        listed,
        edit,
        mkdir,
    }
}

async fn outcome(c: &Client, ty: &str, share: &Value, path: &str) -> Outcome {
    let id = share["id"].as_str().unwrap();
    let found = c
        .find(ty, json!({}), None)
        .await
        .iter()
        .any(|s| s["id"] == share["id"]);
    let (ls, _) = c
        .event(
            "GET",
            "workspace/file",
            json!({"op": "ls", "path": path}),
            None,
            None,
        )
        .await;
    let (edit, _) = c
        .event(
            "PUT",
            &format!("{ty}/edit"),
            json!({"description": "x"}),
            None,
            Some(id),
        )
        .await;
    let dir = format!("{path}/made-by-{}", c.user.split('@').next().unwrap());
    let (mkdir, _) = c
        .event(
            "POST",
            "workspace/file",
            json!({"op": "mkdir", "path": dir}),
            None,
            None,
        )
        .await;
    Outcome {
        found,
        listed: ls == 200,
        edit,
        mkdir: mkdir == 200,
    }
}

#[tokio::test]
async fn role_matrix_for_shares() {
    let emu = Emulator::builder()
        .seed(
            seed()
                .user(SeedUser::new("granted@acme.test", Role::Employee))
                .user(SeedUser::new("client@acme.test", Role::Standard)),
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
    let volume = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    let folder = admin
        .create(
            "folder",
            json!({"parent": volume["id"], "path": "shared", "name": "Shared"}),
        )
        .await;
    grant(&admin, &granted.id, "projects", true, true).await;
    admin
        .create(
            "acl",
            json!({"entity": format!("user:{}", acl_user.id), "target": format!("share:{}", folder["id"].as_str().unwrap()), "read": true, "write": true}),
        )
        .await;
    // [admin, employee without grant, employee granted the volume,
    //  standard without ACL, standard with an ACL on the folder]
    let cases: [(&str, &Value, &str, [Outcome; 5]); 2] = [
        (
            "volume",
            &volume,
            "share=projects",
            [
                o(true, true, 200, true),
                o(false, false, 404, false),
                o(true, true, 403, true),
                o(false, false, 404, false),
                o(false, false, 404, false),
            ],
        ),
        (
            "folder",
            &folder,
            "share=shared",
            [
                o(true, true, 200, true),
                o(false, false, 404, false),
                o(true, true, 200, true),
                o(false, false, 404, false),
                o(true, true, 403, true),
            ],
        ),
    ];
    for (ty, share, path, expected) in &cases {
        for (c, want) in [&admin, &employee, &granted, &standard, &acl_user]
            .into_iter()
            .zip(expected)
        {
            let got = outcome(c, ty, share, path).await;
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
