//! What every example shares: a session on a real workspace when `ACCSYN_*` settings are
//! there, else on an accsyn emulator started in the process; and sizes in words.

// Each example uses the part of this module it needs.
#![allow(dead_code)]

use std::error::Error;

use accsyn_client::Session;
use accsyn_emulator::{Emulator, Seed};

/// The result every example's `main` returns.
pub(crate) type Outcome = Result<(), Box<dyn Error>>;

/// A session, and the emulator behind it when there is no real workspace.
pub(crate) struct Backend {
    pub(crate) session: Session,
    pub(crate) emulator: Option<Emulator>,
}

/// Settings that mean "use my workspace" (read as the official client reads them).
const SETTINGS: &[&str] = &[
    "ACCSYN_WORKSPACE",
    "ACCSYN_DOMAIN",
    "ACCSYN_ORG",
    "ACCSYN_CREDENTIALS_PATH",
];

/// Connects to the workspace the `ACCSYN_*` settings (or `./.env`) name, or, without them,
/// starts an emulator with `seed` whose clock runs `time_scale` times faster than real time,
/// and logs in as its admin. The first line printed says which.
pub(crate) async fn connect(seed: Seed, time_scale: f64) -> Result<Backend, Box<dyn Error>> {
    let configured = SETTINGS.iter().any(|name| std::env::var_os(name).is_some())
        || std::path::Path::new(".env").is_file();
    if configured {
        let session = Session::connect().await?;
        println!(
            "Running against your accsyn workspace `{}` as {} (ACCSYN_* settings found).",
            session.workspace().unwrap_or_default(),
            session.username().unwrap_or_default()
        );
        return Ok(Backend {
            session,
            emulator: None,
        });
    }
    let emulator = Emulator::builder()
        .seed(seed)
        .time_scale(time_scale)
        .start()
        .await?;
    println!(
        "No ACCSYN_* settings found: running against an accsyn emulator started in this \
         process at {}.",
        emulator.base_url()
    );
    let admin = emulator
        .credentials()
        .first_with_role(accsyn_emulator::Role::Admin)
        .ok_or("the emulator's seed has an admin")?;
    let session = Session::builder()
        .workspace(emulator.workspace())
        .username(admin.code())
        .api_key(admin.api_key())
        .base_url(emulator.base_url())
        .connect()
        .await?;
    println!(
        "Logged in to workspace `{}` as {}.",
        emulator.workspace(),
        admin.code()
    );
    Ok(Backend {
        session,
        emulator: Some(emulator),
    })
}

impl Backend {
    /// Stops the emulator, if there is one.
    pub(crate) async fn finish(self) -> Outcome {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await?;
        }
        Ok(())
    }
}

/// `64 MiB`, `1.5 GiB`, `512 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() < 0.05 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A progress line in words: `running, 33% done, about 4 s left`. (The speed is left out:
/// the emulator reports bytes per second where the backend reports MB/s.)
pub(crate) fn progress_line(p: &accsyn_client::Progress) -> String {
    let mut line = p.status.clone();
    if let Some(percent) = p.percent {
        line.push_str(&format!(", {percent}% done"));
    }
    if let Some(speed) = p.speed_mb_per_s.filter(|s| *s > 0.0) {
        line.push_str(&format!(", {speed:.1} MB/s"));
    }
    match p.remaining {
        Some(left) if p.status == "running" => {
            line.push_str(&format!(", about {} s left", left.as_secs()));
        }
        _ => {}
    }
    line
}

/// Whether `err` is the emulator saying it does not serve a call yet (it answers
/// "unknown operation"); a real workspace's refusals are real errors.
pub(crate) fn not_served(backend: &Backend, err: &accsyn_client::Error) -> bool {
    backend.emulator.is_some()
        && err
            .api_message()
            .is_some_and(|message| message.starts_with("unknown operation"))
}

/// The step's value, or, for an error `excuse` has words for, those words said and `None`;
/// any other error ends the example. The flag says whether it was excused.
fn step<T>(
    result: accsyn_client::Result<T>,
    excuse: impl FnOnce(&accsyn_client::Error) -> Option<String>,
) -> Result<(Option<T>, bool), accsyn_client::Error> {
    match result {
        Ok(value) => Ok((Some(value), false)),
        Err(err) => match excuse(&err) {
            Some(words) => {
                println!("{words}");
                Ok((None, true))
            }
            None => Err(err),
        },
    }
}

/// Runs one step that needs a call the emulator may not serve yet: a real error ends the
/// example; "not served" is said in words and counted, so the example goes on.
pub(crate) struct Steps {
    /// Steps the emulator does not serve.
    pub(crate) missing: Vec<String>,
}

impl Steps {
    pub(crate) fn new() -> Steps {
        Steps {
            missing: Vec::new(),
        }
    }

    /// `Ok(Some(value))` when the step ran, `Ok(None)` when the emulator does not serve it.
    pub(crate) fn check<T>(
        &mut self,
        backend: &Backend,
        what: &str,
        result: accsyn_client::Result<T>,
    ) -> Result<Option<T>, accsyn_client::Error> {
        step(result, |err| {
            not_served(backend, err)
                .then(|| format!("  (skipped: the emulator does not serve {what} yet)"))
        })
        .map(|(value, noted)| {
            if noted && !self.missing.iter().any(|m| m == what) {
                self.missing.push(what.to_owned());
            }
            value
        })
    }

    /// Says what was skipped; the example then ends with success, having done the rest.
    pub(crate) fn report(&self) {
        if self.missing.is_empty() {
            println!("Every step ran.");
            return;
        }
        println!("Every other step ran.");
        println!(
            "Not shown, as the emulator does not serve it yet: {}. These calls are written \
             against the client API and run unchanged on a real workspace, or once the \
             emulator serves them.",
            self.missing.join(", ")
        );
    }
}
