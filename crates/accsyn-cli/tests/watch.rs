//! `accsyn watch` without a terminal: periodic lines (or JSON lines) until the job ends, and
//! an exit code that says how it ended.

use accsyn_emulator::Seed;
use serde_json::Value;

use crate::support::{Backend, run};

const TRAILER: &str = "projects/delivery/TRAILER_screening_v003.mov";

/// An emulator whose clock runs `time_scale` times faster than real time (10 MiB of a
/// transfer per emulated second), with a 60 MiB trailer on storage.
fn backend(time_scale: f64) -> Backend {
    Backend::start(Seed::builtin().storage_file(TRAILER, 60 << 20), time_scale)
}

/// Creates a download of `source` to the admin's desktop app; its id.
pub(crate) fn download(b: &Backend, source: &str, paused: bool) -> String {
    let mut args = vec![
        "transfer",
        "create",
        "--from",
        source,
        "--to",
        "/Volumes/EDIT/from_client/",
    ];
    if paused {
        args.push("--paused");
    }
    let transfer = b.json(&args);
    transfer["id"].as_str().expect("an id").to_owned()
}

/// Starts a download of the trailer and watches it, looking every 0.1 s.
fn watch_trailer(extra: &[&str]) -> crate::support::Run {
    let b = backend(20.0);
    let id = download(&b, &format!("share={TRAILER}"), false);
    run(b
        .accsyn()
        .args(["watch", &id, "--interval", "0.1"])
        .args(extra))
}

#[test]
fn plain_lines_until_done() {
    let out = watch_trailer(&["--tasks"]);
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with('[')).collect();
    assert!(lines.len() >= 2, "a line a look:\n{}", out.stdout);
    let last = lines.last().copied().unwrap_or_default();
    assert!(
        last.contains("TRAILER_screening_v003.mov: done 100%, 60.0 MiB"),
        "{last}"
    );
    assert!(
        out.stdout.contains("  TRAILER_screening_v003.mov: done"),
        "task lines:\n{}",
        out.stdout
    );
}

#[test]
fn json_lines_for_scripts() {
    let out = watch_trailer(&["-o", "jsonl"]);
    out.code(0);
    let looks: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a look"))
        .collect();
    let last = looks.last().expect("at least one look");
    assert_eq!(
        (last["status"].as_str(), last["progress"].as_i64()),
        (Some("done"), Some(100))
    );
    assert_eq!(last["size"], 60 << 20);
}

#[test]
fn failed_aborted_missing_and_timed_out_jobs_have_their_exit_codes() {
    let b = backend(20.0);
    let missing = download(&b, "share=projects/delivery/missing.mov", false);
    let out = run(b.accsyn().args(["watch", &missing, "--interval", "0.1"]));
    assert!(out.code(5).stdout.contains(": failed"), "{}", out.stdout);

    let paused = download(&b, &format!("share={TRAILER}"), true);
    let out = run(b
        .accsyn()
        .args(["watch", &paused, "--timeout", "0.3", "--interval", "0.1"]));
    assert!(
        out.code(3).stderr.contains("is still paused"),
        "{}",
        out.stderr
    );

    b.json(&["transfer", "abort", &paused]);
    run(b.accsyn().args(["watch", &paused])).code(6);

    run(b.accsyn().args(["watch", "0123456789abcdef01234567"])).code(4);
}
