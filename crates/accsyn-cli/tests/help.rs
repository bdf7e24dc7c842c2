//! `--help` of the main commands (snapshots), the exit codes documented there, completions.

use crate::support::{accsyn, run};

fn help(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = run(accsyn(dir.path()).args(args).arg("--help"));
    out.code(0);
    out.stdout
}

#[test]
fn top_level_help_lists_commands_and_exit_codes() {
    let text = help(&[]);
    for code in [
        "0  success",
        "2  usage or query error",
        "3  connection",
        "4  not found",
    ] {
        assert!(text.contains(code), "{code} missing from --help");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn command_help() {
    insta::assert_snapshot!("find", help(&["find"]));
    insta::assert_snapshot!("query_check", help(&["query", "check"]));
    insta::assert_snapshot!("watch", help(&["watch"]));
    insta::assert_snapshot!("create", help(&["create"]));
}

#[test]
fn emulator_takes_the_emulator_binarys_flags() {
    let text = help(&["emulator"]);
    for flag in [
        "--listen",
        "--seed",
        "--data-dir",
        "--time-scale",
        "--body-limit",
        "--header-timeout",
        "--body-timeout",
        "--idle-timeout",
        "--max-connections",
    ] {
        assert!(
            text.contains(flag),
            "{flag} missing from `accsyn emulator --help`:\n{text}"
        );
    }
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef accsyn"),
        ("fish", "complete -c accsyn"),
    ] {
        let out = run(accsyn(dir.path()).args(["completions", shell]));
        out.code(0);
        assert!(out.stdout.contains(marker), "{shell}: no `{marker}`");
        for command in ["find", "watch", "delivery", "completions"] {
            assert!(
                out.stdout.contains(command),
                "{shell}: {command} not completed"
            );
        }
    }
    let out = run(accsyn(dir.path()).args(["completions", "powershell"]));
    out.code(2);
}

/// `accsyn emulator` serves in the foreground until interrupted: its banner names the
/// address and keys, another run of the binary works against it, and Ctrl-C ends it with 0.
#[test]
fn accsyn_emulator_serves_until_interrupted() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data");
    let mut server = accsyn(dir.path())
        .args(["emulator", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("accsyn emulator starts");
    let mut banner = BufReader::new(server.stdout.take().expect("stdout is piped"));
    let (mut base, mut admin_key) = (String::new(), String::new());
    let mut line = String::new();
    while banner.read_line(&mut line).expect("the banner") > 0 {
        if let Some(url) = line.trim().strip_prefix("accsyn emulator listening on ") {
            base = url.to_owned();
        }
        if let Some(rest) = line
            .trim()
            .strip_prefix("user: admin@acme.test (admin) api key: ")
        {
            admin_key = rest.to_owned();
        }
        if line.contains("press Ctrl-C to stop") {
            break;
        }
        line.clear();
    }
    assert!(base.starts_with("http://127.0.0.1:"), "banner: {base:?}");
    assert!(!admin_key.is_empty(), "the banner names the admin's key");

    let key_file = dir.path().join("key");
    std::fs::write(&key_file, &admin_key).expect("the key file");
    let found = run(
        crate::support::signed_in(dir.path(), "admin@acme.test", &key_file).args([
            "--base-url",
            &base,
            "--output",
            "json",
            "find",
            "User",
        ]),
    );
    found.code(0);
    assert_eq!(
        found.json().as_array().map(Vec::len),
        Some(3),
        "{}",
        found.stdout
    );
    assert!(data.is_dir(), "it keeps its data where --data-dir says");

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let status = server.wait().expect("accsyn emulator ends");
    assert_eq!(status.code(), Some(0), "Ctrl-C ends it cleanly");
}
