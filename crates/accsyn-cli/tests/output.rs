//! Output modes: a table (snapshots, ids and dates as placeholders), one JSON document, JSON
//! lines, chosen fields; no colour codes when stdout is not a terminal.

use accsyn_emulator::Seed;

use crate::support::{Backend, redact_table, run};

fn backend() -> Backend {
    let b = Backend::start(
        Seed::builtin()
            .storage_file("projects/delivery/a.mov", 48 << 20)
            .storage_file("projects/delivery/notes.pdf", 2048),
        0.0,
    );
    for name in ["Refs", "Plates"] {
        b.json(&["create", "delivery", &format!(r#"{{"name": "{name}"}}"#)]);
    }
    b
}

#[test]
fn find_as_a_table() {
    let b = backend();
    let out = run(b.accsyn().args(["find", "Delivery"]));
    insta::assert_snapshot!("find_deliveries", redact_table(&out.code(0).stdout));
    let out = run(b.accsyn().args(["find", "User", "--fields", "code,role"]));
    insta::assert_snapshot!("find_users_fields", out.code(0).stdout);
    let out = run(b.accsyn().args(["ls", "share=projects", "--recursive"]));
    insta::assert_snapshot!("ls_recursive", redact_table(&out.code(0).stdout));
    // Nothing found says so rather than printing a blank line.
    let out = run(b.accsyn().args(["find", "Transfer"]));
    assert_eq!(out.code(0).stdout, "(none)\n");
}

#[test]
fn get_as_an_attribute_table() {
    let b = backend();
    let user = b.json(&["find", "User WHERE code=admin@acme.test"]);
    let id = user[0]["id"].as_str().expect("an id");
    let out = run(b
        .accsyn()
        .args(["get", "user", id, "--fields", "code,role,status"]));
    insta::assert_snapshot!("get_user", out.code(0).stdout);
}

#[test]
fn json_is_one_document_and_jsonl_one_entity_a_line() {
    let b = backend();
    let json = run(b.accsyn().args(["find", "Delivery", "-o", "json"]));
    let list = json.code(0).json();
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert!(
        json.stdout.starts_with("[\n"),
        "pretty-printed: {}",
        json.stdout
    );

    let jsonl = run(b.accsyn().args(["find", "Delivery", "--output", "jsonl"]));
    let lines: Vec<serde_json::Value> = jsonl
        .code(0)
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(serde_json::Value::Array(lines), list);
}

#[test]
fn fields_choose_and_order_the_attributes_in_every_mode() {
    let b = backend();
    let find = |output: &str| {
        let fields = [
            "find",
            "Delivery WHERE name=Refs",
            "--fields",
            "status,name",
        ];
        run(b.accsyn().args(fields).args(["-o", output]))
            .code(0)
            .stdout
            .clone()
    };
    assert_eq!(find("jsonl"), "{\"status\":\"init\",\"name\":\"Refs\"}\n");
    let json = find("json");
    assert!(json.find("status") < json.find("name"), "{json}");
    let table = find("table");
    let header = table.lines().nth(1).unwrap_or_default();
    assert!(header.find("status") < header.find("name"), "{header}");
}

#[test]
fn no_colour_codes_when_piped_even_without_no_color() {
    let b = backend();
    let out = run(b
        .accsyn()
        .env_remove("NO_COLOR")
        .args(["find", "User WHERE status=nonsense="]));
    out.code(2);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    let out = run(b.accsyn().env_remove("NO_COLOR").args(["find", "User"]));
    assert!(!out.code(0).stdout.contains('\u{1b}'));
}
