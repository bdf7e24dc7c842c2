//! Every command against an emulator on 127.0.0.1, as the admin (or the employee where the
//! roles matter), multi-step scenarios sharing one emulator.

use accsyn_emulator::Seed;
use serde_json::Value;

use crate::support::{Backend, on_throwaway, run, run_with_stdin};

fn seed() -> Seed {
    Seed::builtin()
        .storage_file("projects/delivery/a.mov", 4 << 20)
        .storage_file("projects/delivery/notes.pdf", 2048)
}

fn id(entity: &Value) -> String {
    entity["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {entity}"))
        .to_owned()
}

fn len(list: &Value) -> usize {
    list.as_array()
        .map_or_else(|| panic!("not a list: {list}"), Vec::len)
}

/// The `filename` of each line of `ls -o jsonl`.
fn jsonl_filenames(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|line| {
            let entry: Value = serde_json::from_str(line).expect("each line is JSON");
            entry["filename"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

#[test]
fn create_get_update_find_and_delete_any_entity() {
    let b = Backend::start(seed(), 0.0);
    // JSON from an argument.
    let created = b.json(&["create", "delivery", r#"{"name": "Refs"}"#]);
    let delivery = id(&created);
    assert_eq!(b.json(&["get", "delivery", &delivery])["name"], "Refs");

    // JSON from stdin.
    let updated = run_with_stdin(
        b.accsyn()
            .args(["update", "delivery", &delivery, "-o", "json"]),
        r#"{"name": "Refs v2"}"#,
    );
    assert_eq!(updated.code(0).json()["name"], "Refs v2");

    // JSON from a file.
    let file = b.dir().join("delivery.json");
    std::fs::write(&file, r#"{"name": "From a file"}"#).expect("written");
    let file = file.to_str().expect("a UTF-8 path");
    assert_eq!(
        b.json(&["create", "delivery", "--file", file])["name"],
        "From a file"
    );

    // find and its options.
    assert_eq!(len(&b.json(&["find", "Delivery"])), 2);
    assert_eq!(len(&b.json(&["find", "Delivery WHERE name='Refs v2'"])), 1);
    assert_eq!(len(&b.json(&["find", "Delivery", "--limit", "1"])), 1);
    assert_eq!(len(&b.json(&["find", "Delivery", "--skip", "1"])), 1);
    let slim = b.json(&["find", "Delivery", "--attributes", "name"]);
    assert!(
        slim[0].get("status").is_none(),
        "only the asked attributes: {slim}"
    );
    assert_eq!(len(&b.json(&["find", "User"])), 3);
    assert_eq!(len(&b.json(&["find", "User", "--inactive"])), 0);
    assert_eq!(len(&b.json(&["find", "Transfer", "--finished"])), 0);
    let types = b.json(&["find", "entitytypes"]);
    assert!(
        types
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "transfer")),
        "{types}"
    );

    // delete: a job is archived.
    let out = run(b.accsyn().args(["delete", "delivery", &delivery]));
    assert_eq!(
        out.code(0).stdout,
        format!("Deleted delivery {delivery}.\n")
    );
    assert_eq!(len(&b.json(&["find", "Delivery"])), 1);
    assert_eq!(
        len(&b.json(&["find", "Delivery WHERE name='Refs v2'", "--archived"])),
        1
    );
}

#[test]
fn grant_access_and_revoke_on_a_delivery_and_a_volume() {
    let b = Backend::start(seed(), 0.0);
    let delivery = id(&b.json(&["create", "delivery", r#"{"name": "Refs"}"#]));
    let out = run(b
        .accsyn()
        .args(["grant", "lisa@example.com", "delivery", &delivery]));
    out.code(0);
    let recipients = b.json(&["access", "delivery", &delivery]);
    assert_eq!(len(&recipients), 1, "{recipients}");
    let out = run(b
        .accsyn()
        .args(["revoke", "lisa@example.com", "delivery", &delivery]));
    assert!(out.code(0).stdout.starts_with("Revoked"));
    // Nothing left to revoke: not found.
    run(b
        .accsyn()
        .args(["revoke", "lisa@example.com", "delivery", &delivery]))
    .code(4);

    let volume = id(&b.json(&["find", "Volume WHERE code=projects"])[0]);
    let acl = b.json(&[
        "grant",
        "employee@acme.test",
        "volume",
        &volume,
        "--read",
        "--path",
        "delivery",
    ]);
    assert_eq!(
        (acl["read"].as_bool(), acl["write"].as_bool()),
        (Some(true), Some(false)),
        "{acl}"
    );
    let acls = b.json(&["access", "volume", &volume, "--recursive"]);
    assert_eq!(len(&acls), 1, "{acls}");
    run(b
        .accsyn()
        .args(["revoke", "employee@acme.test", "volume", &volume]))
    .code(0);
    assert_eq!(len(&b.json(&["access", "volume", &volume])), 0);
}

#[test]
fn file_operations_on_storage() {
    let b = Backend::start(seed(), 0.0);
    let ls = b.json(&["ls", "share=projects/delivery"]);
    assert_eq!(len(&ls["files"]), 2, "{ls}");
    let out = run(b.accsyn().args(["mkdir", "share=projects/incoming"]));
    assert_eq!(
        out.code(0).stdout,
        "Created the folder share=projects/incoming.\n"
    );
    run(b.accsyn().args(["exists", "share=projects/incoming"])).code(0);
    run(b.accsyn().args([
        "mv",
        "share=projects/delivery/notes.pdf",
        "share=projects/incoming",
    ]))
    .code(0);
    run(b.accsyn().args([
        "rename",
        "share=projects/incoming/notes.pdf",
        "notes_v2.pdf",
    ]))
    .code(0);
    let out = run(b
        .accsyn()
        .args(["ls", "share=projects", "-r", "--files-only", "-o", "jsonl"]));
    let names = jsonl_filenames(&out.code(0).stdout);
    assert!(
        names.contains(&"incoming/notes_v2.pdf".to_owned()),
        "{names:?}"
    );
    // A recursive listing as JSON lines: one entry a line, a folder before its entries.
    let out = run(b
        .accsyn()
        .args(["ls", "share=projects", "-r", "-o", "jsonl"]));
    let stdout = &out.code(0).stdout;
    assert!(!stdout.contains("\"files\""), "{stdout}");
    let names = jsonl_filenames(stdout);
    let at = |name: &str| names.iter().position(|n| n == name);
    for (folder, file) in [
        ("delivery", "delivery/a.mov"),
        ("incoming", "incoming/notes_v2.pdf"),
    ] {
        assert!(at(folder).is_some() && at(folder) < at(file), "{names:?}");
    }
    run(b.accsyn().args(["rm", "share=projects/incoming"])).code(1);
    run(b
        .accsyn()
        .args(["rm", "share=projects/incoming", "--force"]))
    .code(0);
    let out = run(b.accsyn().args(["exists", "share=projects/incoming"]));
    assert_eq!(out.code(4).stdout, "false\n");
}

#[test]
fn publish_checks_local_files_then_submits_them() {
    let b = Backend::start(seed(), 0.0);
    let shot = b.dir().join("proj_task001_v001");
    std::fs::create_dir(&shot).expect("a folder");
    std::fs::write(shot.join("file.0001.exr"), [0u8; 1000]).expect("a file");
    let shot = shot.to_str().expect("a UTF-8 path");
    let answer = b.json(&["publish", shot]);
    assert_eq!(
        answer["files"][0]["filename"], "proj_task001_v001",
        "{answer}"
    );
    assert_eq!(answer["files"][0]["can_upload"], true, "{answer}");
    let out = run(b.accsyn().args(["publish", shot]));
    assert!(out.code(0).stdout.contains("proj_task001_v001"));
    let job = b.json(&["publish", shot, "--submit"]);
    assert!(job["id"].is_string(), "{job}");
    run(b.accsyn().args(["publish", "no/such/file"])).code(2);
}

#[test]
fn settings_get_set_and_rm() {
    let b = Backend::start(seed(), 0.0);
    let out = run(b
        .accsyn()
        .args(["settings", "set", "transfer_speed_limit", "100"]));
    assert!(out.code(0).stdout.starts_with("Set transfer_speed_limit"));
    assert_eq!(b.json(&["settings", "get", "transfer_speed_limit"]), "100");
    let all = b.json(&["settings", "get"]);
    assert!(all.to_string().contains("transfer_speed_limit"), "{all}");
    run(b.accsyn().args(["settings", "rm", "transfer_speed_limit"])).code(0);
    assert_ne!(b.json(&["settings", "get", "transfer_speed_limit"]), "100");

    // An entity's settings, apart from the workspace's.
    let volume = id(&b.json(&["find", "Volume WHERE code=projects"])[0]);
    let on_volume = ["--entity-type", "volume", "--id", volume.as_str()];
    let set = ["settings", "set", "transfer_speed_limit", "25"];
    run(b.accsyn().args(set).args(on_volume)).code(0);
    let get = ["settings", "get", "transfer_speed_limit"];
    assert_eq!(b.json(&[&get[..], &on_volume[..]].concat()), "25");
    assert_ne!(b.json(&get), "25", "the workspace's is its own");
    let rm = ["settings", "rm", "transfer_speed_limit"];
    run(b.accsyn().args(rm).args(on_volume)).code(0);
    assert_ne!(b.json(&[&get[..], &on_volume[..]].concat()), "25");
}

#[test]
fn deliveries_and_requests_through_their_verbs() {
    let b = Backend::start(seed(), 0.0);
    let temporary = b.json(&[
        "delivery",
        "create",
        "Refs",
        "--recipient",
        "lisa@example.com",
    ]);
    assert_eq!(temporary["status"], "init");
    // A temporary delivery has no file yet: the server refuses to submit it.
    run(b.accsyn().args(["delivery", "submit", &id(&temporary)])).code(1);
    let aborted = b.json(&["delivery", "abort", &id(&temporary)]);
    assert_eq!(aborted["status"], "aborted");

    let from_files = b.json(&[
        "delivery",
        "create",
        "Trailer",
        "--file",
        "share=projects/delivery/a.mov",
        "--recipient",
        "lisa@example.com",
    ]);
    assert_eq!(from_files["status"], "pending", "{from_files}");
    let recipients = b.json(&["delivery", "recipients", &id(&from_files)]);
    assert_eq!(recipients[0]["actioned"], false, "{recipients}");

    let request = b.json(&[
        "request",
        "create",
        "Plates",
        "--recipient",
        "vendor@example.com",
        "--destination",
        "share=projects/incoming",
        "--submit-later",
    ]);
    assert_eq!(request["name"], "Plates", "{request}");
    run(b.accsyn().args(["delivery", "submit", "not-an-id"])).code(2);
}

#[test]
fn transfers_through_their_verbs() {
    let b = Backend::start(seed(), 0.0);
    let transfer = b.json(&[
        "transfer",
        "create",
        "--from",
        "share=projects/delivery/a.mov",
        "--to",
        "/Volumes/EDIT/from_client/",
        "--name",
        "Trailer",
        "--paused",
    ]);
    assert_eq!(transfer["status"], "paused", "{transfer}");
    let transfer = id(&transfer);
    let tasks = b.json(&["transfer", "tasks", &transfer]);
    assert_eq!(len(&tasks), 1);
    assert_eq!(
        len(&b.json(&["transfer", "tasks", &transfer, "--status", "onhold"])),
        0
    );
    assert_eq!(
        b.json(&["transfer", "resume", &transfer])["status"],
        "waiting"
    );
    assert_eq!(
        b.json(&["transfer", "pause", &transfer])["status"],
        "paused"
    );
    assert_eq!(
        b.json(&["transfer", "abort", &transfer])["status"],
        "aborted"
    );
}

#[test]
fn the_emulator_flag_gives_each_run_a_fresh_emulator() {
    let out = on_throwaway(&["create", "delivery", r#"{"name": "Refs"}"#, "-o", "json"]);
    out.code(0);
    assert!(
        out.stderr
            .starts_with("accsyn: using a throwaway emulator at http://127.0.0.1:")
    );
    // The next run's emulator knows nothing of it.
    let out = on_throwaway(&["find", "Delivery", "-o", "json"]);
    assert_eq!(out.code(0).json(), serde_json::json!([]));
    let out = on_throwaway(&[
        "find",
        "User WHERE code=employee@acme.test",
        "--user",
        "employee@acme.test",
        "-o",
        "jsonl",
    ]);
    assert!(out.code(0).stderr.contains("user employee@acme.test"));
    on_throwaway(&["find", "User", "--user", "nobody@acme.test"]).code(2);
}
