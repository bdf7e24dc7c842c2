//! `accsyn-emulator`: a local accsyn backend on 127.0.0.1:8181.

use std::process::ExitCode;

use accsyn_emulator::ServeOptions;
use clap::Parser;

/// A local accsyn backend for offline tests; point the official Python
/// client at it with AS_DEV=1.
#[derive(Debug, Parser)]
#[command(name = "accsyn-emulator", version)]
struct Args {
    #[command(flatten)]
    serve: ServeOptions,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    log_to_stderr();
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
    let emulator = args.serve.builder()?.start().await?;
    // Listen for Ctrl-C before announcing readiness: a signal sent right after
    // the banner must stop the emulator cleanly, not kill it.
    let interrupted = interrupt_listener();
    if let Err(e) = accsyn_emulator::write_banner(&emulator, &mut std::io::stdout()) {
        eprintln!("accsyn-emulator: cannot print the banner ({e})");
    }
    if let Err(e) = interrupted.await {
        eprintln!("accsyn-emulator: cannot wait for Ctrl-C ({e}); stopping");
    }
    println!("stopping");
    emulator.shutdown().await
}

/// The emulator's log (why a task failed, refused requests) on stderr:
/// its own events from `info`, other crates' from `warn`. Never secrets:
/// the emulator logs no API key, session or payload.
fn log_to_stderr() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let targets = Targets::new()
        .with_default(LevelFilter::WARN)
        .with_target("accsyn_emulator", LevelFilter::INFO);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    // Another subscriber set first would only mean no log; serving goes on.
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(targets)
        .try_init();
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
