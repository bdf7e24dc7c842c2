//! Where paths live inside the data dir: storage paths (accsyn path
//! notation, see `shares`) under the storage root, desktop-app paths under
//! their owner's client root, never outside either and never through a
//! symbolic link.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use accsyn_model::{Location, Party};
use serde_json::Value;

use super::shares::{ShareAt, default_volume_doc, join, locate, through_collection};
use crate::reply::ApiError;
use crate::setup::{CLIENTS_DIR, STORAGE_DIR};
use crate::store::Tx;

/// The code of the workspace's default volume.
pub(crate) fn default_volume(tx: &Tx<'_>) -> Result<String, ApiError> {
    let volume = default_volume_doc(tx)?;
    Ok(volume
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

/// A storage path as the volume holding it and the path inside that
/// volume (see [`locate`] for what leads where); Ok(None) for a path on a
/// desktop app. A path into a collection leads to the share of the
/// collection's file it names.
pub(crate) fn storage_location(
    tx: &Tx<'_>,
    spec: &str,
    bare_on_storage: bool,
) -> Result<Option<(String, String)>, ApiError> {
    let Some(at) = locate(tx, spec, bare_on_storage, None)? else {
        return Ok(None);
    };
    let at = through_collection(tx, at)?;
    match &at.volume {
        Some(volume) => Ok(Some((volume.clone(), at.inner()))),
        None => Err(ApiError::bad(format!(
            "`{}` names the collection itself: name one of its files",
            spec.chars().take(120).collect::<String>()
        ))),
    }
}

/// The client a `client=<id>:` party picks and the path after it, read by
/// the model's `Location`; `None` for a path without that party.
pub(crate) fn client_party(spec: &str) -> Result<Option<(String, String)>, String> {
    if !spec.trim_start().starts_with("client=") {
        return Ok(None);
    }
    let location = Location::parse(spec).map_err(|e| {
        let shown: String = spec.chars().take(120).collect();
        format!("`{shown}` is not a client path ({e}): write client=<id>:<path>")
    })?;
    Ok(match location.party() {
        Some(Party::Client(id)) => Some((
            id.to_string(),
            location.path().map(ToString::to_string).unwrap_or_default(),
        )),
        _ => None,
    })
}

/// A desktop-app path without its `client=<id>:` party, if any.
fn local_path(spec: &str) -> Result<String, String> {
    Ok(client_party(spec)?.map_or_else(|| spec.to_owned(), |(_, path)| path))
}

/// A delivery file's path on disk, when it exists (and is reached
/// without a symbolic link).
pub(crate) fn storage_file(
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
pub(crate) fn free_of_links(root: &Path, path: &Path) -> bool {
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
pub(crate) fn resolve_in(data_dir: &Path, volume: &str, inner: &str) -> Option<PathBuf> {
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

/// Joins `rel` under `root`, refusing anything that would leave it.
fn contained(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = rel.replace('\\', "/");
    let rel = match rel.split_once(':') {
        // A drive letter, as Windows apps write paths.
        Some((d, rest)) if d.len() == 1 => rest.to_owned(),
        _ => rel,
    };
    let mut out = root.to_owned();
    for c in Path::new(&rel).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The client root of the user whose code is `owner_code`: their
/// desktop app's files. The code must be one plain name: one such as `..`
/// would put every client path outside the clients root.
fn client_root(data_dir: &Path, owner_code: &str) -> Option<PathBuf> {
    let owner = owner_code.to_lowercase();
    let mut parts = Path::new(&owner).components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(_)), None) => Some(data_dir.join(CLIENTS_DIR).join(owner)),
        _ => None,
    }
}

/// Where a transfer path lives on disk: `share=`/`volume=` paths under
/// their volume in the storage root (the volume must exist), anything else
/// under the owner's client root. The error says why a path has no place:
/// it becomes the failed task's `error`.
pub(crate) fn disk_path(
    tx: &Tx<'_>,
    data_dir: &Path,
    owner_code: &str,
    path: &str,
) -> Result<PathBuf, String> {
    let shown: String = path.chars().take(120).collect();
    let resolved = match storage_location(tx, path, false) {
        Ok(Some((volume, inner))) => resolve_in(data_dir, &volume, &inner),
        Ok(None) => {
            let local = local_path(path)?;
            client_root(data_dir, owner_code).and_then(|root| contained(&root, &local))
        }
        Err(e) => return Err(e.message().to_owned()),
    };
    let resolved =
        resolved.ok_or_else(|| format!("`{shown}` leads outside its volume or desktop app"))?;
    if !free_of_links(data_dir, &resolved) {
        return Err(format!(
            "`{shown}` goes through a symbolic link, which the emulator does not follow"
        ));
    }
    Ok(resolved)
}

/// A place on storage a job reads or writes: a share and the path beneath
/// it, as the permission checks see it (collections stay collections:
/// their grants, not those of the shares behind their files, apply).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Place {
    /// The share's id.
    pub(crate) share: String,
    /// The id of the volume it lies on: its own for a volume, its parent's
    /// for a folder or home, none for a collection.
    pub(crate) volume: Option<String>,
    /// The path beneath the share (empty when only the share matters).
    pub(crate) sub: String,
    /// How messages name it: `<share code>/<path>`.
    pub(crate) label: String,
}

impl Place {
    /// The place a located path names; `precise` keeps the path beneath
    /// the share, which only path-limited grants need.
    pub(crate) fn of(at: &ShareAt, precise: bool) -> Place {
        let volume = match at.store {
            "volume" => Some(at.id().to_owned()),
            "collection" => None,
            _ => at
                .share
                .get("parent")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        let sub = if precise {
            at.sub.clone()
        } else {
            String::new()
        };
        Place {
            share: at.id().to_owned(),
            volume,
            label: join(at.code(), &sub),
            sub,
        }
    }
}

/// The places a job's paths touch: those it reads from (sources) and those
/// it writes to (destinations). A precise touch keeps each path (checks of
/// new paths for path-limited grants); otherwise one place per share.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Touch {
    pub(crate) reads: Vec<Place>,
    pub(crate) writes: Vec<Place>,
    precise: bool,
    /// (written, place) already listed: a job of many files touches each
    /// place once, found in one lookup.
    seen: HashSet<(bool, Place)>,
}

impl Touch {
    /// A touch that keeps every path beneath its shares.
    pub(crate) fn precise() -> Touch {
        Touch {
            precise: true,
            ..Touch::default()
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.reads.is_empty() && self.writes.is_empty()
    }

    fn add(
        &mut self,
        tx: &Tx<'_>,
        spec: Option<&Value>,
        bare_on_storage: bool,
        write: bool,
    ) -> Result<(), ApiError> {
        let Some(spec) = spec.and_then(Value::as_str) else {
            return Ok(());
        };
        if let Some(at) = locate(tx, spec, bare_on_storage, None)? {
            let place = Place::of(&at, self.precise);
            if self.seen.insert((write, place.clone())) {
                let list = if write {
                    &mut self.writes
                } else {
                    &mut self.reads
                };
                list.push(place);
            }
        }
        Ok(())
    }

    /// Adds a job's or a task's paths. Delivery and request files are
    /// storage paths even when bare (on the default volume); a bare transfer
    /// path is on a desktop app.
    pub(crate) fn add_paths(
        &mut self,
        tx: &Tx<'_>,
        store: &str,
        doc: &Value,
    ) -> Result<(), ApiError> {
        let bare_on_storage = store != "transfer";
        match doc {
            Value::String(_) => self.add(tx, Some(doc), bare_on_storage, false),
            _ => {
                self.add(tx, doc.get("source"), bare_on_storage, false)?;
                // A request's destination is a storage folder it fills.
                self.add(tx, doc.get("destination"), false, true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use serde_json::json;

    #[test]
    fn a_client_party_is_read_by_the_models_location() {
        let id = "664f53b16aa9149860da9d9c";
        assert_eq!(
            client_party(&format!("client={id}:/Volumes/EDIT/x.mov")),
            Ok(Some((id.to_owned(), "/Volumes/EDIT/x.mov".to_owned())))
        );
        assert_eq!(
            local_path(&format!("client={id}:C:\\work\\x")),
            Ok("C:\\work\\x".to_owned())
        );
        assert_eq!(client_party("/Volumes/client=x:/y"), Ok(None));
        assert_eq!(
            local_path("/Volumes/EDIT/x"),
            Ok("/Volumes/EDIT/x".to_owned())
        );
        let err = client_party("client=not-an-id:/x").unwrap_err();
        assert!(err.contains("client=<id>:<path>"), "{err}");
    }

    /// Resolves `path` for `owner` in a store with the default volume `projects`.
    fn resolve(data_dir: &Path, owner: &str, path: &str) -> Result<PathBuf, String> {
        let store = Store::open(data_dir).unwrap();
        store
            .transaction(|tx| {
                if tx.list("volume")?.is_empty() {
                    tx.insert(
                        "volume",
                        json!({"id": "v1", "code": "projects", "default": true}),
                    )?;
                }
                Ok(())
            })
            .unwrap();
        store
            .transaction(|tx| Ok(disk_path(tx, data_dir, owner, path)))
            .unwrap()
    }

    #[test]
    fn owners_that_are_not_one_plain_name_have_no_client_paths() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for owner in ["..", "", "../x@y", "a/b@c", "/abs@x", "."] {
            assert!(resolve(d, owner, "/tmp/x.mov").is_err(), "{owner}");
        }
        assert!(resolve(d, "..", "share=projects/x.mov").is_ok());
        assert_eq!(
            resolve(d, "a@b.c", "volume=(default)/x.mov"),
            Ok(d.join("storage/projects/x.mov"))
        );
    }

    #[test]
    fn paths_map_into_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(
            resolve(d, "a@b.c", "share=projects/x.mov"),
            Ok(d.join("storage/projects/x.mov"))
        );
        assert_eq!(
            resolve(d, "A@b.c", "/tmp/x.mov"),
            Ok(d.join("clients/a@b.c/tmp/x.mov"))
        );
        assert_eq!(
            resolve(d, "a@b.c", "C:\\x\\y.mov"),
            Ok(d.join("clients/a@b.c/x/y.mov"))
        );
        assert!(resolve(d, "a@b.c", "share=projects/../../etc/passwd").is_err());
        assert!(resolve(d, "a@b.c", "/tmp/../../x").is_err());
    }

    #[test]
    fn only_live_shares_lead_anywhere() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for path in [
            "share=novolume/dir/",
            "share=",
            "share=/x.mov",
            "volume=../x",
            "share=(default)x/y",
        ] {
            let err = resolve(d, "a@b.c", path).unwrap_err();
            assert!(err.contains("share"), "{path}: {err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_data_dir_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("storage/projects")).unwrap();
        std::os::unix::fs::symlink(outside.path(), d.join("storage/projects/out")).unwrap();
        let err = resolve(d, "a@b.c", "share=projects/out/secret.txt").unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
    }
}
