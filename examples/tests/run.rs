//! Every example, run as a new user runs it: no `ACCSYN_*` settings (so each starts its
//! in-process emulator over real HTTP), in a directory with no `.env`. Each must say so on
//! its first line, finish with success, and print what the workflow did.
//!
//! `cargo test` builds the examples before it runs tests; they sit beside this test's binary.

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> PathBuf {
    let mut dir = std::env::current_exe().expect("the test binary has a path");
    dir.pop(); // deps/
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir.join("examples").join(name)
}

/// Runs an example and returns what it printed.
fn run(name: &str) -> String {
    let cwd = tempfile::tempdir().expect("a temporary directory");
    let mut command = Command::new(example(name));
    command.current_dir(cwd.path());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ACCSYN_") {
            command.env_remove(key);
        }
    }
    let output = command.output().unwrap_or_else(|e| {
        panic!("cannot run the {name} example ({e}); build it with `cargo build --examples`")
    });
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{name} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn check(name: &str, expected: &[&str]) {
    let out = run(name);
    let first = out.lines().next().unwrap_or_default();
    let says_where = if name == "queries" {
        "No server needed"
    } else {
        "accsyn emulator started in this process"
    };
    assert!(first.contains(says_where), "{name}: {first}");
    for line in expected {
        assert!(out.contains(line), "{name} did not print {line:?}:\n{out}");
    }
}

#[test]
fn quickstart() {
    check(
        "quickstart",
        &[
            "Created the delivery \"Project references\"",
            "upload: running",
            "Uploaded 64 MiB into the delivery.",
            "It holds accsyn-temp/",
            "It is for user:standard@acme.test",
            "Submitted it: it is now pending.",
            "Found 1 delivery named \"Project references\".",
            "caught before it is sent",
        ],
    );
}

#[test]
fn upload_request() {
    check(
        "upload_request",
        &[
            "it is init until submitted",
            "Added standard@acme.test",
            "Submitted it: it is now pending",
            "into projects/source/from_client: it is pending",
            "it is aborted",
            "Deleted \"Draft request\"",
        ],
    );
}

#[test]
fn transfers() {
    check(
        "transfers",
        &[
            "paused",
            "task 0:",
            "Put task 0 on hold",
            "Added 1 file(s)",
            "running,",
            " MB/s, about ",
            "Done: 50 MiB transferred.",
            "Deleted it.",
        ],
    );
}

#[test]
fn file_sharing() {
    check(
        "file_sharing",
        &[
            "Volume projects",
            "Created the volume \"Assets\"",
            "Renamed it \"Assets 2\"",
            "Disabled it: it is disabled.",
            "Setting it offline is refused here",
            "may read: true, write: true, beneath FROM_VENDORS/acmevfx",
            "Revoked employee@acme.test's access again.",
            "Server storage at site hq.",
            "serves it at site hq.",
            "Created the shared folder \"Shared project assets\".",
            "Created a home for employee@acme.test",
            "Deactivated the volume and activated it again.",
            "Deleted the volume",
            "Every step ran.",
        ],
    );
}

#[test]
fn collections() {
    check(
        "collections",
        &[
            "Created the collection \"Project startup\".",
            "It holds share=projects/ref/mp_ref.tif.",
            "Granted standard@acme.test read access.",
            "Removed a file from the collection.",
            "Every step ran.",
        ],
    );
}

#[test]
fn file_operations() {
    check(
        "file_operations",
        &[
            "  a.mov (file, 8 MiB)",
            "It takes 8 MiB in 1 file(s).",
            "a.mov exists: true.",
            "Renamed the folder cuts to edits.",
            "Moved a.mov into edits.",
            "Every step ran.",
        ],
    );
}

#[test]
fn publish() {
    check(
        "publish",
        &[
            "can upload Some(true)",
            "Submitted the publish job abcd1234_publish (",
            "Every step ran.",
        ],
    );
}

#[test]
fn blocking() {
    check(
        "blocking",
        &[
            "The workspace has 3 user(s).",
            "A thread found 1 such delivery.",
            "it is aborted",
        ],
    );
}

#[test]
fn queries() {
    check("queries", &["canonical:", "a malformed query"]);
}
