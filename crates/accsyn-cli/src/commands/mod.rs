//! The commands, one module per family; `run` picks the one the command line names.

pub(crate) mod access;
pub(crate) mod entities;
pub(crate) mod files;
pub(crate) mod jobs;
pub(crate) mod query;
pub(crate) mod settings;
pub(crate) mod watch;
mod watch_bars;

use accsyn_client::Session;
use clap::CommandFactory;

use crate::cli::{Cli, Command, CompletionsArgs, EmulatorArgs, Shell};
use crate::connect::Connection;
use crate::error::{CliError, Exit};
use crate::output::Printer;

/// What every command that talks to accsyn gets.
pub(crate) struct Context {
    pub(crate) session: Session,
    pub(crate) printer: Printer,
}

/// Runs the command the command line names.
pub(crate) async fn run(cli: Cli, printer: Printer) -> Result<Exit, CliError> {
    match cli.command {
        Command::Query(command) => query::run(command, &printer),
        Command::Completions(args) => completions(&args),
        Command::Emulator(args) => serve_emulator(args).await,
        command => {
            // A malformed query is refused before anything starts or is sent.
            if let Command::Find(args) = &command {
                args.check()?;
            }
            let connection = Connection::open(&cli.global).await?;
            let context = Context {
                session: connection.session.clone(),
                printer,
            };
            let outcome = on_session(command, &context).await;
            let closed = connection.close().await;
            let exit = outcome?;
            closed?;
            Ok(exit)
        }
    }
}

async fn on_session(command: Command, cx: &Context) -> Result<Exit, CliError> {
    match command {
        Command::Find(args) => entities::find(args, cx).await,
        Command::Get(args) => entities::get(args, cx).await,
        Command::Create(args) => entities::create(args, cx).await,
        Command::Update(args) => entities::update(args, cx).await,
        Command::Delete(args) => entities::delete(args, cx).await,
        Command::Grant(args) => access::grant(args, cx).await,
        Command::Revoke(args) => access::revoke(args, cx).await,
        Command::Access(args) => access::access(args, cx).await,
        Command::Ls(args) => files::ls(args, cx).await,
        Command::Mkdir(args) => files::mkdir(args, cx).await,
        Command::Mv(args) => files::mv(args, cx).await,
        Command::Rename(args) => files::rename(args, cx).await,
        Command::Rm(args) => files::rm(args, cx).await,
        Command::Exists(args) => files::exists(args, cx).await,
        Command::Publish(args) => files::publish(args, cx).await,
        Command::Settings(command) => settings::run(command, cx).await,
        Command::Delivery(command) => jobs::delivery(command, cx).await,
        Command::Request(command) => jobs::request(command, cx).await,
        Command::Transfer(command) => jobs::transfer(command, cx).await,
        Command::Watch(args) => watch::run(args, cx).await,
        Command::Query(_) | Command::Completions(_) | Command::Emulator(_) => Ok(Exit::Usage),
    }
}

/// Runs an action whose answer scripts may want as it is and people as a sentence: `doing`
/// names it in an error, `sentence` tells a person it was done.
pub(crate) async fn act(
    cx: &Context,
    doing: String,
    sentence: String,
    call: impl Future<Output = accsyn_client::Result<serde_json::Value>>,
) -> Result<Exit, CliError> {
    let answer = call.await.map_err(CliError::client(doing))?;
    cx.printer.done(&answer, &sentence)?;
    Ok(Exit::Ok)
}

fn completions(args: &CompletionsArgs) -> Result<Exit, CliError> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut Cli::command(), "accsyn", &mut std::io::stdout());
    Ok(Exit::Ok)
}

/// `accsyn emulator`: serves until Ctrl-C, as the emulator's own binary does.
async fn serve_emulator(args: EmulatorArgs) -> Result<Exit, CliError> {
    let emulator = args.serve.builder()?.start().await?;
    // Registered before the banner: a Ctrl-C right after it must stop the emulator cleanly.
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    accsyn_emulator::write_banner(&emulator, &mut std::io::stdout())?;
    #[cfg(unix)]
    interrupt.recv().await;
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    println!("stopping");
    emulator.shutdown().await?;
    Ok(Exit::Ok)
}
