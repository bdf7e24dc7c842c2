//! The command line's grammar: global options and every command, as clap derives them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands::{
    access::{AccessArgs, GrantArgs, RevokeArgs},
    entities::{CreateArgs, DeleteArgs, FindArgs, GetArgs, UpdateArgs},
    files::{ExistsArgs, LsArgs, MkdirArgs, MvArgs, PublishArgs, RenameArgs, RmArgs},
    jobs::{DeliveryCommand, RequestCommand, TransferCommand},
    query::QueryCommand,
    settings::SettingsCommand,
    watch::WatchArgs,
};

/// Exit codes, shown under `--help` and in the README.
const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  accsyn refused the call (API error), or `query eval` did not match
  2  usage or query error (nothing was sent)
  3  connection failure or timeout
  4  not found
  5  `watch`: the job failed
  6  `watch`: the job was aborted

Settings not given as flags are read as the official Python client reads them:
ACCSYN_WORKSPACE (or ACCSYN_DOMAIN, ACCSYN_ORG), ACCSYN_API_USER, ACCSYN_API_KEY and
ACCSYN_PROXY, from the credentials file ACCSYN_CREDENTIALS_PATH names (or ./.env), else
from the environment. Colour is used on a terminal only, and never when NO_COLOR is set.";

/// The accsyn command line: every API call, a query checker, live transfer progress.
#[derive(Debug, Parser)]
#[command(name = "accsyn", version, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes, before or after its name.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Workspace code [default: ACCSYN_WORKSPACE]
    #[arg(long, global = true, help_heading = "Connection")]
    pub(crate) workspace: Option<String>,
    /// User name, an email address [default: ACCSYN_API_USER]
    #[arg(long, global = true, help_heading = "Connection")]
    pub(crate) user: Option<String>,
    /// File holding the API key (never give the key itself on a command line) [default: ACCSYN_API_KEY]
    #[arg(long, global = true, value_name = "FILE", help_heading = "Connection")]
    pub(crate) api_key_file: Option<PathBuf>,
    /// Base URL of the accsyn server, instead of the workspace lookup (http:// for a local emulator)
    #[arg(long, global = true, value_name = "URL", help_heading = "Connection")]
    pub(crate) base_url: Option<String>,
    /// Proxy, in the official client's syntax (`accsyn:host:port`, `socks5:host:port`) [default: ACCSYN_PROXY]
    #[arg(long, global = true, help_heading = "Connection")]
    pub(crate) proxy: Option<String>,
    /// Run against a throwaway emulator with the built-in seed, started for this command alone
    #[arg(long, global = true, help_heading = "Connection")]
    pub(crate) emulator: bool,
    /// Output format [default: table]
    #[arg(long, short, global = true, value_enum, help_heading = "Output")]
    pub(crate) output: Option<OutputFormat>,
    /// Only these fields, in this order (comma-separated; `a.b` reaches into objects)
    #[arg(
        long,
        global = true,
        value_delimiter = ',',
        value_name = "A,B,C",
        help_heading = "Output"
    )]
    pub(crate) fields: Vec<String>,
    /// Log what is sent and received to stderr (-vv for more); the API key never shows
    #[arg(long, short, global = true, action = clap::ArgAction::Count, help_heading = "Output")]
    pub(crate) verbose: u8,
}

/// How results are written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// A table (sizes and dates made readable)
    Table,
    /// One JSON document, as the server answered
    Json,
    /// One JSON value a line: one entity a line for lists
    Jsonl,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Find entities with a query, such as `Transfer WHERE status=failed`
    Find(FindArgs),
    /// Get one entity by type and id
    Get(GetArgs),
    /// Create an entity from JSON (an argument, a file with --file, or stdin)
    Create(CreateArgs),
    /// Update an entity from JSON (an argument, a file with --file, or stdin)
    Update(UpdateArgs),
    /// Delete an entity (jobs are archived)
    Delete(DeleteArgs),
    /// Grant a user access to a delivery, request, volume, folder, home or collection
    Grant(GrantArgs),
    /// Revoke a user's access
    Revoke(RevokeArgs),
    /// Who has access: recipients of a job, or the ACLs of a share
    Access(AccessArgs),
    /// List files on storage
    ///
    /// With --output jsonl, one entry a line (subfolders' entries too, after their folder),
    /// each named by its path below the listed one.
    Ls(LsArgs),
    /// Create a folder on storage
    Mkdir(MkdirArgs),
    /// Move a file or folder on storage
    Mv(MvArgs),
    /// Rename a file or folder on storage (in the same folder)
    Rename(RenameArgs),
    /// Delete a file or folder on storage
    Rm(RmArgs),
    /// Whether a path exists on storage (exit 0 when it does, 4 when not)
    Exists(ExistsArgs),
    /// Check local files against the workspace's publish rule (pre-publish), and submit them
    Publish(PublishArgs),
    /// Settings of the workspace or of an entity
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Deliveries: create, submit, abort, recipients
    #[command(subcommand)]
    Delivery(DeliveryCommand),
    /// Upload requests
    #[command(subcommand)]
    Request(RequestCommand),
    /// Transfers: create, pause, resume, abort, tasks
    #[command(subcommand)]
    Transfer(TransferCommand),
    /// Watch a job's progress until it is done, failed or aborted
    Watch(WatchArgs),
    /// Check, format, explain and evaluate queries locally (no server needed)
    #[command(subcommand)]
    Query(QueryCommand),
    /// Serve a local accsyn emulator in the foreground (the flags of `accsyn-emulator`)
    Emulator(EmulatorArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// `accsyn emulator`.
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    #[command(flatten)]
    pub(crate) serve: accsyn_emulator::ServeOptions,
}

/// `accsyn completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub(crate) shell: Shell,
}

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    /// Bash
    Bash,
    /// Zsh
    Zsh,
    /// Fish
    Fish,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_after_the_command_too() {
        let cli = Cli::try_parse_from(["accsyn", "find", "User", "--output", "json", "--emulator"])
            .expect("parses");
        assert_eq!(cli.global.output, Some(OutputFormat::Json));
        assert!(cli.global.emulator);
    }
}
