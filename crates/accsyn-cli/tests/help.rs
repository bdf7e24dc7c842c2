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
