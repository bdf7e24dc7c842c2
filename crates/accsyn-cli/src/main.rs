//! `accsyn`: the accsyn command line.
//!
//! Every API call of the official client as a command (`find`, `get`, `create`, ... `settings`),
//! the seeds' workflows as verbs (`delivery`, `request`, `transfer`), `watch` with live
//! progress bars, `query check|fmt|explain|eval` for scripts and editors, and `emulator` (or
//! `--emulator` on any command) for an offline accsyn. Results are tables on a terminal,
//! JSON or JSON lines for scripts; failures are one line and an exit code (see `--help`).
//!
//! The crate is a binary: its modules are private, and the README documents its use.

mod cli;
mod commands;
mod connect;
mod error;
mod input;
mod output;
mod readable;
mod style;

use std::io::{ErrorKind, IsTerminal};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::cli::{Cli, OutputFormat};
use crate::error::{CliError, Exit};
use crate::output::Printer;

fn main() -> ExitCode {
    // A bug shows as one line, never a backtrace (this binary owns the process's hook).
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "accsyn: internal error ({info}); please report it with the command you ran at \
             https://github.com/accsyn-rs/accsyn-rs/issues"
        );
        std::process::exit(Exit::Api as i32);
    }));
    // clap prints help and version with 0, usage errors with 2.
    let cli = Cli::parse();
    style::init();
    log_verbosely(cli.global.verbose);
    let width = std::io::stdout()
        .is_terminal()
        .then(|| console::Term::stdout().size().1);
    let printer = Printer::new(
        cli.global.output.unwrap_or(OutputFormat::Table),
        cli.global.fields.clone(),
        width,
    );
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!(
                "{}cannot start the async runtime: {e}",
                style::error_label()
            );
            return Exit::Api.into();
        }
    };
    match runtime.block_on(commands::run(cli, printer)) {
        Ok(exit) => exit.into(),
        // `accsyn find ... | head` closing the pipe early is not a failure.
        Err(CliError::Output(e)) if e.kind() == ErrorKind::BrokenPipe => Exit::Ok.into(),
        Err(err) => {
            let message = match &err {
                CliError::Query(_) | CliError::Client { .. } => style::caret(&err.to_string()),
                _ => err.to_string(),
            };
            eprintln!("{}{message}", style::error_label());
            err.exit().into()
        }
    }
}

/// `-v`: the SDK's debug log on stderr; `-vv`: its trace log. Only accsyn's own crates log
/// there, and they never log the API key.
fn log_verbosely(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let targets = Targets::new()
        .with_target("accsyn_client", level)
        .with_target("accsyn_transport", level)
        .with_target("accsyn_emulator", LevelFilter::WARN);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    // Another subscriber set first would only mean no log; the command still runs.
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(targets)
        .try_init();
}
