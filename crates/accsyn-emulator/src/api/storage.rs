//! Storage paths as callers write them (`share=<volume>/...`,
//! `volume=<volume>/...`, or relative to the default volume) and where they
//! live inside the data dir.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::reply::ApiError;
use crate::setup::STORAGE_DIR;
use crate::store::Tx;

/// The code of the workspace's default volume.
pub(super) fn default_volume(tx: &Tx<'_>) -> Result<String, ApiError> {
    tx.list("volume")?
        .iter()
        .find(|v| v.get("default").and_then(Value::as_bool) == Some(true))
        .and_then(|v| v.get("code").and_then(Value::as_str).map(str::to_owned))
        .ok_or_else(|| ApiError::bad("the workspace has no default volume"))
}

/// A storage path split into its volume code and the path inside it.
/// `share=`/`volume=` paths name their volume (`(default)` stands for the
/// default one), which must exist: the storage root itself is no share,
/// and a path under an unknown code would write where no volume is. Bare
/// paths are on the default volume when `bare_on_storage` (delivery
/// files), and are client paths (None) otherwise. `folder=` paths are not
/// served yet and give None too.
pub(super) fn storage_location(
    tx: &Tx<'_>,
    spec: &str,
    bare_on_storage: bool,
) -> Result<Option<(String, String)>, ApiError> {
    let spec = strip_client(spec);
    let (kind, rest) = match spec.split_once('=') {
        Some((k, r)) if ["share", "volume", "folder"].contains(&k) => (Some(k), r),
        _ => (None, spec),
    };
    let rest = rest.trim_start_matches('/');
    match kind {
        Some("folder") => Ok(None),
        Some(kind) => {
            let (volume, inner) = rest.split_once('/').unwrap_or((rest, ""));
            let volume = if volume == "(default)" {
                default_volume(tx)?
            } else {
                volume.to_owned()
            };
            if volume.is_empty() {
                return Err(ApiError::bad(format!(
                    "`{kind}=` must name a volume, like `{kind}=projects/...`: the storage root is not a share"
                )));
            }
            let known = tx
                .list("volume")?
                .iter()
                .any(|v| v.get("code").and_then(Value::as_str) == Some(volume.as_str()));
            if !known {
                let shown: String = volume.chars().take(80).collect();
                return Err(ApiError::bad(format!(
                    "no volume `{shown}`: `{kind}=` paths start with a volume's code (`volume/find` lists them)"
                )));
            }
            Ok(Some((volume, inner.to_owned())))
        }
        None if bare_on_storage => Ok(Some((default_volume(tx)?, rest.to_owned()))),
        None => Ok(None),
    }
}

/// Drops a `client=<id>:` party prefix, which only picks the desktop app.
pub(super) fn strip_client(spec: &str) -> &str {
    match spec.strip_prefix("client=") {
        Some(rest) => rest.split_once(':').map_or(rest, |(_, path)| path),
        None => spec,
    }
}

/// A delivery file's path on disk, when it exists (and is reached
/// without a symbolic link).
pub(super) fn storage_file(
    tx: &Tx<'_>,
    data_dir: &Path,
    spec: &str,
) -> Result<Option<PathBuf>, ApiError> {
    Ok(storage_location(tx, spec, true)?
        .and_then(|(volume, inner)| resolve_in(data_dir, &volume, &inner))
        .filter(|p| free_of_links(data_dir, p) && p.exists()))
}

/// Whether `path`, inside `root`, is reached without a symbolic link below
/// `root`: a link inside the data dir could lead anywhere outside it, so
/// paths through one are refused rather than followed.
pub(super) fn free_of_links(root: &Path, path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    for part in rest.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return false,
            Ok(_) => {}
            // Missing from here on: nothing below can be a link yet.
            Err(_) => return true,
        }
    }
    true
}

/// `inner` under the volume's root, refusing paths that would leave it.
pub(super) fn resolve_in(data_dir: &Path, volume: &str, inner: &str) -> Option<PathBuf> {
    let inner = Path::new(inner);
    if inner
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
        || volume.is_empty()
        || volume.contains(['/', '\\'])
        || volume.starts_with('.')
    {
        return None;
    }
    Some(data_dir.join(STORAGE_DIR).join(volume).join(inner))
}
