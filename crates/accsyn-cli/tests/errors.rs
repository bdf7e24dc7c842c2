//! Failures: one line on stderr saying what failed and what to do (a query error adds its
//! caret), never a backtrace, and the documented exit code.

use std::net::TcpListener;

use accsyn_emulator::Seed;

use crate::support::{ADMIN, Backend, Run, accsyn, redact, run, signed_in};

/// The stderr of a failed run, checked for the shape every error has.
#[track_caller]
fn failure(out: &Run, code: i32) -> String {
    out.code(code);
    assert!(out.stderr.starts_with("accsyn: error: "), "{}", out.stderr);
    for word in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!out.stderr.contains(word), "{}", out.stderr);
    }
    redact(&out.stderr)
}

#[test]
fn each_kind_of_failure_has_its_exit_code_and_message() {
    let b = Backend::start(Seed::builtin(), 0.0);
    let mut shown = String::new();
    let mut case = |name: &str, out: Run, code: i32| {
        let text = failure(&out, code);
        if !name.starts_with("query") {
            assert_eq!(text.lines().count(), 1, "{name}: one line:\n{text}");
        }
        shown.push_str(&format!("--- {name} (exit {code})\n{text}"));
    };

    let temporary = b.json(&["delivery", "create", "Refs"]);
    let id = temporary["id"].as_str().expect("an id");
    case("api", run(b.accsyn().args(["delivery", "submit", id])), 1);
    case(
        "not found",
        run(b
            .accsyn()
            .args(["get", "delivery", "0123456789abcdef01234567"])),
        4,
    );
    case(
        "not found by the server",
        run(b.accsyn().args([
            "update",
            "delivery",
            "0123456789abcdef01234567",
            r#"{"name": "x"}"#,
        ])),
        4,
    );
    case(
        "bad json",
        run(b.accsyn().args(["create", "delivery", "{name: x}"])),
        2,
    );
    case("no json", run(b.accsyn().args(["create", "delivery"])), 2);
    case("bad id", run(b.accsyn().args(["watch", "12345"])), 2);
    case(
        "query",
        run(b.accsyn().args(["find", "Transfer WHERE status="])),
        2,
    );

    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let base_url = format!("http://127.0.0.1:{port}");
    let out = run(signed_in(b.dir(), ADMIN, &b.key_file(ADMIN))
        .env("RUST_BACKTRACE", "1")
        .args(["find", "User", "--base-url", &base_url]));
    case("connection", out, 3);
    insta::assert_snapshot!(shown);
}

#[test]
fn usage_errors_from_the_command_line_exit_2() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = run(accsyn(dir.path()).args(["fnd", "User"]));
    out.code(2);
    assert!(
        out.stderr.contains("similar subcommand"),
        "a suggestion: {}",
        out.stderr
    );
    run(accsyn(dir.path()).args(["find"])).code(2);
    run(accsyn(dir.path()).args(["find", "User", "--limit", "many"])).code(2);
    run(accsyn(dir.path()).args(["--emulator", "--workspace", "acme", "find", "User"])).code(2);
}
