//! The options of the `accsyn-emulator` binary as a clap `Args` struct, so that every command
//! line serving an emulator (this crate's binary, `accsyn emulator`) offers the same flags
//! with the same defaults and help.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::{Emulator, EmulatorBuilder, Error, Seed};

/// How to serve an emulator from a command line: `--listen`, `--seed`, `--data-dir`,
/// `--time-scale`, the request limits and timeouts.
///
/// Flatten it into a clap command (`#[command(flatten)]`), then
/// [`builder`](Self::builder) and [`write_banner`].
///
/// ```
/// use clap::Parser;
///
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     serve: accsyn_emulator::ServeOptions,
/// }
///
/// let cli = Cli::parse_from(["emulator", "--listen", "127.0.0.1:0", "--time-scale", "10"]);
/// assert_eq!(cli.serve.time_scale, 10.0);
/// let builder = cli.serve.builder()?;
/// # let _ = builder; Ok::<(), accsyn_emulator::Error>(())
/// ```
#[derive(Debug, Clone, clap::Args)]
#[non_exhaustive]
pub struct ServeOptions {
    /// Address to listen on (the official client's AS_DEV=1 mode uses 127.0.0.1:8181).
    #[arg(long, default_value = "127.0.0.1:8181")]
    pub listen: SocketAddr,
    /// Seed file (JSON); the built-in seed when absent. Ignored when the data dir already holds a workspace.
    #[arg(long)]
    pub seed: Option<PathBuf>,
    /// Where the database and files live; a temporary dir, removed on exit, when absent.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Speed of emulated time against the wall clock (0 freezes it).
    #[arg(long, default_value_t = 1.0)]
    pub time_scale: f64,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = crate::DEFAULT_BODY_LIMIT)]
    pub body_limit: usize,
    /// Seconds a client has to send a request's head, from connecting or from its first byte.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::DEFAULT_HEADER_TIMEOUT.as_secs_f64())]
    pub header_timeout: f64,
    /// Seconds a request's body may take to arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::DEFAULT_BODY_TIMEOUT.as_secs_f64())]
    pub body_timeout: f64,
    /// Seconds a keep-alive connection may stay idle between requests.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::DEFAULT_IDLE_TIMEOUT.as_secs_f64())]
    pub idle_timeout: f64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = crate::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
}

impl ServeOptions {
    /// An emulator builder with these options (the seed file read, when one is named).
    ///
    /// # Errors
    /// [`Error::SeedRead`] or [`Error::SeedParse`] for the seed file,
    /// [`Error::InvalidOption`] for a timeout that is not a number of seconds.
    pub fn builder(&self) -> Result<EmulatorBuilder, Error> {
        let seed = match &self.seed {
            Some(path) => Seed::from_file(path)?,
            None => Seed::new(),
        };
        let mut builder = Emulator::builder()
            .seed(seed)
            .listen(self.listen)
            .time_scale(self.time_scale)
            .body_limit(self.body_limit)
            .header_timeout(seconds("header-timeout", self.header_timeout)?)
            .body_timeout(seconds("body-timeout", self.body_timeout)?)
            .idle_timeout(seconds("idle-timeout", self.idle_timeout)?)
            .max_connections(self.max_connections);
        if let Some(dir) = &self.data_dir {
            builder = builder.data_dir(dir);
        }
        Ok(builder)
    }
}

/// Seconds from the command line as a duration (out-of-range values are refused by the
/// builder).
fn seconds(name: &str, s: f64) -> Result<Duration, Error> {
    Duration::try_from_secs_f64(s)
        .map_err(|_| Error::InvalidOption(format!("--{name} must be a number of seconds")))
}

/// Writes what a person starting an emulator by hand needs: where it listens, the workspace,
/// the data dir, and every user with their API key (the point of a local test backend: its
/// users need them to log in), then how to stop it.
///
/// # Errors
/// The writer's.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let emulator = accsyn_emulator::Emulator::builder().start().await?;
/// let mut banner = Vec::new();
/// accsyn_emulator::write_banner(&emulator, &mut banner)?;
/// assert!(String::from_utf8(banner)?.contains("workspace: acme"));
/// # emulator.shutdown().await?; Ok(()) }
/// ```
pub fn write_banner(emulator: &Emulator, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "accsyn emulator listening on {}", emulator.base_url())?;
    writeln!(out, "workspace: {}", emulator.workspace())?;
    writeln!(out, "data dir:  {}", emulator.data_dir().display())?;
    for user in emulator.credentials().users() {
        writeln!(
            out,
            "user: {} ({}) api key: {}",
            user.code(),
            user.role(),
            user.api_key()
        )?;
    }
    writeln!(out, "press Ctrl-C to stop")?;
    out.flush()
}
