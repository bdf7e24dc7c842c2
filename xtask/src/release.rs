//! `cargo xtask release <version> [--dry-run]` (placeholder until the release step lands).

use std::path::Path;

pub(crate) fn run(_root: &Path, _version: &str, _dry_run: bool) -> Result<(), String> {
    Err("release is not implemented yet".to_owned())
}
