//! Project automation for accsyn-rs, run as `cargo xtask <command>`.
//!
//! - `codegen [--check]`: regenerate `crates/accsyn-model/src/generated/` from `schema/`.
//! - `release <version> [--dry-run]`: bump versions, date the changelog, package, tag.
//!
//! Every command takes the workspace root as a path so tests can run it on a temporary copy.

mod codegen;
mod fsutil;
mod release;
mod schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <codegen [--check] | release <version> [--dry-run]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let outcome = match args.as_slice() {
        ["codegen"] => codegen::run(&root, codegen::Mode::Write).map(|_| ()),
        ["codegen", "--check"] => codegen::run(&root, codegen::Mode::Check).map(|_| ()),
        ["release", version] => release::run(&root, version, false),
        ["release", version, "--dry-run"] | ["release", "--dry-run", version] => {
            release::run(&root, version, true)
        }
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
