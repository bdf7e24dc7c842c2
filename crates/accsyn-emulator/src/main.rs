//! `accsyn-emulator`: a local accsyn backend on 127.0.0.1:8181.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use accsyn_emulator::{Emulator, Seed};
use clap::Parser;

/// A local accsyn backend for offline tests; point the official Python
/// client at it with AS_DEV=1.
#[derive(Debug, Parser)]
#[command(name = "accsyn-emulator", version)]
struct Args {
    /// Address to listen on (the official client's AS_DEV=1 mode uses 127.0.0.1:8181).
    #[arg(long, default_value = "127.0.0.1:8181")]
    listen: SocketAddr,
    /// Seed file (JSON); the built-in seed when absent. Ignored when the data dir already holds a workspace.
    #[arg(long)]
    seed: Option<PathBuf>,
    /// Where the database and files live; a temporary dir, removed on exit, when absent.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Speed of emulated time against the wall clock (0 freezes it).
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = accsyn_emulator::DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// Seconds a client has to send a request's head, from connecting or from its first byte.
    #[arg(long, value_name = "SECONDS", default_value_t = accsyn_emulator::DEFAULT_HEADER_TIMEOUT.as_secs_f64())]
    header_timeout: f64,
    /// Seconds a request's body may take to arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = accsyn_emulator::DEFAULT_BODY_TIMEOUT.as_secs_f64())]
    body_timeout: f64,
    /// Seconds a keep-alive connection may stay idle between requests.
    #[arg(long, value_name = "SECONDS", default_value_t = accsyn_emulator::DEFAULT_IDLE_TIMEOUT.as_secs_f64())]
    idle_timeout: f64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = accsyn_emulator::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
}

/// Seconds from the command line as a duration (out-of-range values are
/// refused by the builder).
fn seconds(name: &str, s: f64) -> Result<Duration, accsyn_emulator::Error> {
    Duration::try_from_secs_f64(s).map_err(|_| {
        accsyn_emulator::Error::InvalidOption(format!("--{name} must be a number of seconds"))
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("accsyn-emulator: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), accsyn_emulator::Error> {
    let seed = match &args.seed {
        Some(path) => Seed::from_file(path)?,
        None => Seed::new(),
    };
    let mut builder = Emulator::builder()
        .seed(seed)
        .listen(args.listen)
        .time_scale(args.time_scale)
        .body_limit(args.body_limit)
        .header_timeout(seconds("header-timeout", args.header_timeout)?)
        .body_timeout(seconds("body-timeout", args.body_timeout)?)
        .idle_timeout(seconds("idle-timeout", args.idle_timeout)?)
        .max_connections(args.max_connections);
    if let Some(dir) = &args.data_dir {
        builder = builder.data_dir(dir);
    }
    let emulator = builder.start().await?;
    // Listen for Ctrl-C before announcing readiness: a signal sent right after
    // the banner must stop the emulator cleanly, not kill it.
    let interrupted = interrupt_listener();
    // Printing the keys is the point of this binary: it is a local test
    // backend and its users need them to log in.
    println!("accsyn emulator listening on {}", emulator.base_url());
    println!("workspace: {}", emulator.workspace());
    println!("data dir:  {}", emulator.data_dir().display());
    for user in emulator.credentials().users() {
        println!(
            "user: {} ({}) api key: {}",
            user.code(),
            user.role(),
            user.api_key()
        );
    }
    println!("press Ctrl-C to stop");
    if let Err(e) = interrupted.await {
        eprintln!("accsyn-emulator: cannot wait for Ctrl-C ({e}); stopping");
    }
    println!("stopping");
    emulator.shutdown().await
}

/// Registers for Ctrl-C (SIGINT) now and returns a future that completes
/// when it arrives.
#[cfg(unix)]
fn interrupt_listener() -> impl std::future::Future<Output = std::io::Result<()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let registered = signal(SignalKind::interrupt());
    async move {
        registered?.recv().await;
        Ok(())
    }
}

/// Registers for Ctrl-C and returns a future that completes when it arrives.
#[cfg(not(unix))]
fn interrupt_listener() -> impl std::future::Future<Output = std::io::Result<()>> {
    tokio::signal::ctrl_c()
}
