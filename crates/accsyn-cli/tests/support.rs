//! Running the `accsyn` binary as a user would: no `ACCSYN_*` settings, no `.env`, no colour,
//! and against an emulator on 127.0.0.1 (its own with `--emulator`, or one started here).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use accsyn_emulator::{Emulator, Seed};

/// The binary under test.
pub(crate) fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_accsyn"))
}

/// What a run of the binary gave.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing everything the run printed when it differs.
    #[track_caller]
    pub(crate) fn code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stdout as JSON.
    #[track_caller]
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A command for the binary in an empty directory, with no `ACCSYN_*` setting from the test's
/// environment and no colour.
pub(crate) fn accsyn(dir: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ACCSYN_") {
            command.env_remove(key);
        }
    }
    command
}

/// `accsyn` in `dir` with flags for the workspace `acme`, `user` and their key file (the
/// server still to be named with `--base-url`).
pub(crate) fn signed_in(dir: &Path, user: &str, key_file: &Path) -> Command {
    let mut command = accsyn(dir);
    command
        .args(["--workspace", "acme", "--user", user, "--api-key-file"])
        .arg(key_file);
    command
}

/// Runs `accsyn <args>` with stdin closed.
pub(crate) fn run(command: &mut Command) -> Run {
    Run::from(command.output().expect("the accsyn binary runs"))
}

/// Runs it with `input` on stdin.
pub(crate) fn run_with_stdin(command: &mut Command, input: &str) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the accsyn binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin takes the input");
    Run::from(child.wait_with_output().expect("the accsyn binary ends"))
}

/// `accsyn --emulator <args>` in a fresh directory: a throwaway emulator of its own.
pub(crate) fn on_throwaway(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    run(accsyn(dir.path()).arg("--emulator").args(args))
}

/// An emulator on 127.0.0.1 (port 0) that several runs of the binary share, with the admin's
/// API key in a file as `--api-key-file` wants it.
pub(crate) struct Backend {
    pub(crate) emulator: Emulator,
    dir: tempfile::TempDir,
    // Last, so the emulator is dropped while its runtime still runs.
    _runtime: tokio::runtime::Runtime,
}

impl Backend {
    pub(crate) fn start(seed: Seed, time_scale: f64) -> Backend {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the emulator");
        let emulator = runtime
            .block_on(
                Emulator::builder()
                    .seed(seed)
                    .time_scale(time_scale)
                    .start(),
            )
            .expect("the emulator starts");
        let dir = tempfile::tempdir().expect("a temporary directory");
        for user in emulator.credentials().users() {
            std::fs::write(dir.path().join(key_file_name(user.code())), user.api_key())
                .expect("the key file is written");
        }
        Backend {
            emulator,
            dir,
            _runtime: runtime,
        }
    }

    /// The directory the runs start in (it holds the key files).
    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn key_file(&self, user: &str) -> PathBuf {
        self.dir.path().join(key_file_name(user))
    }

    pub(crate) fn api_key(&self, user: &str) -> String {
        self.emulator
            .credentials()
            .user(user)
            .expect("a seeded user")
            .api_key()
            .to_owned()
    }

    /// `accsyn` with flags that point it at this emulator as `user`.
    pub(crate) fn accsyn_as(&self, user: &str) -> Command {
        let mut command = signed_in(self.dir(), user, &self.key_file(user));
        command.arg("--base-url").arg(self.emulator.base_url());
        command
    }

    /// `accsyn` as the admin.
    pub(crate) fn accsyn(&self) -> Command {
        self.accsyn_as(ADMIN)
    }

    /// `accsyn <args> -o json` as the admin, expecting success; the JSON it printed.
    #[track_caller]
    pub(crate) fn json(&self, args: &[&str]) -> serde_json::Value {
        run(self.accsyn().args(args).args(["--output", "json"]))
            .code(0)
            .json()
    }
}

pub(crate) const ADMIN: &str = "admin@acme.test";

fn key_file_name(user: &str) -> String {
    format!("{}.key", user.replace(['@', '.'], "_"))
}

/// Replaces what changes from run to run (ids, dates, ports) with placeholders, for snapshots
/// of text.
pub(crate) fn redact(text: &str) -> String {
    placeholders(text, false)
}

/// As [`redact`], each placeholder as wide as what it replaces, so tables keep their shape.
pub(crate) fn redact_table(text: &str) -> String {
    placeholders(text, true)
}

fn placeholders(text: &str, keep_width: bool) -> String {
    let ids = regex::Regex::new(r"\b[0-9a-f]{24}\b").expect("a valid regex");
    let dates = regex::Regex::new(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?")
        .expect("a valid regex");
    let ports = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("a valid regex");
    let uuids =
        regex::Regex::new(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
            .expect("a valid regex");
    let same_width = |name: &'static str| {
        move |c: &regex::Captures| match keep_width {
            true => format!("{name:<width$}", width = c[0].len()),
            false => name.to_owned(),
        }
    };
    let text = ids.replace_all(text, same_width("<id>"));
    let text = uuids.replace_all(&text, same_width("<uuid>"));
    let text = dates.replace_all(&text, same_width("<date>"));
    ports.replace_all(&text, "127.0.0.1:<port>").into_owned()
}
