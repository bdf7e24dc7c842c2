//! Configuration as the SDK's `Session` reads it: flags, then the credentials file (named by
//! ACCSYN_CREDENTIALS_PATH, else ./.env), then the environment; the API key never printed.

use accsyn_emulator::Seed;

use crate::support::{ADMIN, Backend, accsyn, run, signed_in};

fn backend() -> Backend {
    Backend::start(Seed::builtin(), 0.0)
}

/// `accsyn find User` pointed at the emulator by --base-url alone: the rest comes from
/// elsewhere.
fn find_users(b: &Backend) -> std::process::Command {
    let mut command = accsyn(b.dir());
    command
        .args(["find", "User", "-o", "json", "--base-url"])
        .arg(b.emulator.base_url());
    command
}

#[test]
fn settings_from_the_environment() {
    let b = backend();
    let out = run(find_users(&b)
        .env("ACCSYN_WORKSPACE", "acme")
        .env("ACCSYN_API_USER", ADMIN)
        .env("ACCSYN_API_KEY", b.api_key(ADMIN)));
    assert_eq!(out.code(0).json().as_array().map(Vec::len), Some(3));
}

#[test]
fn settings_from_a_credentials_file_or_dot_env() {
    let b = backend();
    let lines = format!(
        "ACCSYN_WORKSPACE=acme\nACCSYN_API_USER={ADMIN}\nACCSYN_API_KEY={}\n",
        b.api_key(ADMIN)
    );
    let file = b.dir().join("credentials.env");
    std::fs::write(&file, &lines).expect("written");
    run(find_users(&b).env("ACCSYN_CREDENTIALS_PATH", &file)).code(0);

    std::fs::write(b.dir().join(".env"), &lines).expect("written");
    run(&mut find_users(&b)).code(0);
}

#[test]
fn flags_win_over_the_environment() {
    let b = backend();
    let out = run(b
        .accsyn()
        .args(["find", "User"])
        .env("ACCSYN_WORKSPACE", "elsewhere")
        .env("ACCSYN_API_USER", "someone@else.test")
        .env("ACCSYN_API_KEY", "a-wrong-key"));
    out.code(0);
}

#[test]
fn the_proxy_flag_carries_every_call() {
    let b = backend();
    let port = b
        .emulator
        .base_url()
        .rsplit(':')
        .next()
        .map(|p| p.trim_end_matches('/').to_owned())
        .expect("a port in the base URL");
    // No --base-url: without the proxy, the login would go to accsyn's master, which a test
    // cannot reach. With an accsyn proxy every call goes to it, here the emulator itself.
    let mut command = signed_in(b.dir(), ADMIN, &b.key_file(ADMIN));
    let out = run(command
        .args(["find", "User", "-o", "json", "--proxy"])
        .arg(format!("accsyn:127.0.0.1:{port}")));
    assert_eq!(out.code(0).json().as_array().map(Vec::len), Some(3));

    let mut command = signed_in(b.dir(), ADMIN, &b.key_file(ADMIN));
    let out = run(command.args(["find", "User", "--proxy", "nowhere:at:all"]));
    let stderr = &out.code(2).stderr;
    assert!(stderr.contains("--proxy nowhere:at:all"), "{stderr}");
    assert!(
        stderr.contains("`accsyn:host:port`"),
        "the forms to write: {stderr}"
    );
}

#[test]
fn a_missing_setting_names_the_variable_to_set() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = run(accsyn(dir.path()).args(["find", "User", "--base-url", "http://127.0.0.1:9"]));
    out.code(2);
    assert!(out.stderr.contains("ACCSYN_WORKSPACE"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "one line: {}", out.stderr);

    let empty = dir.path().join("empty.key");
    std::fs::write(&empty, "\n").expect("written");
    let out = run(signed_in(dir.path(), ADMIN, &empty).args(["find", "User"]));
    out.code(2);
    assert!(out.stderr.contains("is empty"), "{}", out.stderr);
}

#[test]
fn the_api_key_is_never_printed_not_even_with_vv() {
    let b = backend();
    let key = b.api_key(ADMIN);
    let out = run(b.accsyn().args(["-vv", "find", "User"]));
    out.code(0);
    assert!(!out.stderr.is_empty(), "-vv logs to stderr");
    assert!(
        out.stderr.contains("user/find"),
        "the log shows the calls: {}",
        out.stderr
    );
    for stream in [&out.stdout, &out.stderr] {
        assert!(!stream.contains(&key), "the key leaked:\n{stream}");
    }

    // A refused key is not echoed either.
    let wrong = b.dir().join("wrong.key");
    std::fs::write(&wrong, "a-wrong-secret-key-123").expect("written");
    let out = run(b
        .accsyn()
        .args(["-vv", "find", "User", "--api-key-file"])
        .arg(&wrong));
    out.code(1);
    assert!(
        out.stderr.contains("check the user name and API key"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("a-wrong-secret-key-123")
            && !out.stdout.contains("a-wrong-secret-key-123")
    );

    let out = run(find_users(&b)
        .arg("-v")
        .env("ACCSYN_WORKSPACE", "acme")
        .env("ACCSYN_API_USER", ADMIN)
        .env("ACCSYN_API_KEY", &key));
    out.code(0);
    assert!(!out.stderr.contains(&key) && !out.stdout.contains(&key));
}
