//! Shares, and where accsyn path notation leads: `share=`, `volume=`,
//! `folder=`, `home=` and `collection=` prefixes (parsed by accsyn-model's
//! `Location`) name a share by code, id or `(default)`; the rest of the path
//! lies beneath it. Volumes hold bytes under the storage root; folders and
//! homes are paths inside a volume; collections are lists of paths on other
//! shares.

use std::sync::Arc;

use accsyn_model::{Location, PathSpec, ShareKind, ShareTarget};
use serde_json::Value;

use super::str_field;
use super::types::SHARE_STORES;
use crate::reply::ApiError;
use crate::store::Tx;

/// A share a path names, and the path beneath it.
#[derive(Debug, Clone)]
pub(crate) struct ShareAt {
    /// `volume`, `folder`, `home` or `collection`.
    pub(crate) store: &'static str,
    /// The share as stored.
    pub(crate) share: Arc<Value>,
    /// The code of the volume holding the share's bytes (none for a
    /// collection, whose files lie on other shares).
    pub(crate) volume: Option<String>,
    /// The share's own path inside its volume (`""` for a volume).
    pub(crate) base: String,
    /// The path beneath the share, without leading or trailing slashes.
    pub(crate) sub: String,
}

impl ShareAt {
    /// The share's id.
    pub(crate) fn id(&self) -> &str {
        str_field(&self.share, "id").unwrap_or_default()
    }

    /// The share's code.
    pub(crate) fn code(&self) -> &str {
        str_field(&self.share, "code").unwrap_or_default()
    }

    /// Where the path leads inside the volume: the share's path, then `sub`.
    pub(crate) fn inner(&self) -> String {
        join(&self.base, &self.sub)
    }
}

/// `a/b` from `a` and `b`, either of which may be empty.
pub(crate) fn join(a: &str, b: &str) -> String {
    let (a, b) = (a.trim_matches('/'), b.trim_matches('/'));
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}/{b}"),
    }
}

/// Whether a share is live: not deactivated or deleted.
pub(crate) fn is_live(share: &Value) -> bool {
    share.get("inactive").and_then(Value::as_bool) != Some(true)
        && share.get("archived").and_then(Value::as_bool) != Some(true)
}

/// The default volume's document.
pub(crate) fn default_volume_doc(tx: &Tx<'_>) -> Result<Arc<Value>, ApiError> {
    tx.list("volume")?
        .iter()
        .find(|v| v.get("default").and_then(Value::as_bool) == Some(true) && is_live(v))
        .cloned()
        .ok_or_else(|| ApiError::bad("the workspace has no default volume"))
}

/// The stores a prefix looks in.
fn stores_of(kind: ShareKind) -> &'static [&'static str] {
    match kind {
        ShareKind::Volume => &["volume"],
        ShareKind::Folder => &["folder"],
        ShareKind::Home => &["home"],
        ShareKind::Collection => &["collection"],
        _ => SHARE_STORES,
    }
}

/// The live share a prefix names: `(default)`, an id, or a code (a home
/// also by its user's email or id). Ok(None) when there is none.
pub(crate) fn find_share(
    tx: &Tx<'_>,
    kind: ShareKind,
    target: &ShareTarget,
) -> Result<Option<(&'static str, Arc<Value>)>, ApiError> {
    if *target == ShareTarget::Default {
        return Ok(Some(("volume", default_volume_doc(tx)?)));
    }
    let wanted = target.to_string();
    for &store in stores_of(kind) {
        let docs = tx.list(store)?;
        let found = docs.iter().find(|s| {
            is_live(s)
                && match target {
                    ShareTarget::Id(id) => str_field(s, "id") == Some(id.as_str()),
                    _ => {
                        str_field(s, "code") == Some(wanted.as_str())
                            || (store == "home" && home_of(tx, s, &wanted))
                    }
                }
        });
        if let Some(share) = found {
            return Ok(Some((store, share.clone())));
        }
    }
    Ok(None)
}

/// Whether the home `share` belongs to the user `who` (an email or id).
fn home_of(tx: &Tx<'_>, share: &Value, who: &str) -> bool {
    let Some(user) = str_field(share, "user") else {
        return false;
    };
    if user.eq_ignore_ascii_case(who) {
        return true;
    }
    tx.get("user", user)
        .ok()
        .flatten()
        .is_some_and(|u| str_field(&u, "code").is_some_and(|c| c.eq_ignore_ascii_case(who)))
}

/// The code of a folder's or home's volume, from its `parent` id.
fn volume_code_of(tx: &Tx<'_>, share: &Value) -> Result<Option<String>, ApiError> {
    let Some(parent) = str_field(share, "parent") else {
        return Ok(None);
    };
    Ok(tx
        .get("volume", parent)?
        .filter(is_live)
        .and_then(|v| str_field(&v, "code").map(str::to_owned)))
}

/// A share found by store and document, with `sub` beneath it.
pub(crate) fn share_at(
    tx: &Tx<'_>,
    store: &'static str,
    share: Arc<Value>,
    sub: &str,
) -> Result<ShareAt, ApiError> {
    let (volume, base) = match store {
        "volume" => (str_field(&share, "code").map(str::to_owned), String::new()),
        "collection" => (None, String::new()),
        _ => {
            let volume = volume_code_of(tx, &share)?.ok_or_else(|| {
                ApiError::bad(format!(
                    "the {store} `{}` has no live volume",
                    str_field(&share, "code").unwrap_or_default()
                ))
            })?;
            let base = str_field(&share, "path").unwrap_or_default().to_owned();
            (Some(volume), base)
        }
    };
    Ok(ShareAt {
        store,
        share,
        volume,
        base,
        sub: sub.trim_matches('/').to_owned(),
    })
}

fn shown(text: &str) -> String {
    text.chars().take(120).collect()
}

const SHARE_PREFIXES: &[&str] = &["share=", "volume=", "folder=", "home=", "collection="];

/// Where `spec` leads on storage, or Ok(None) for a path on a desktop app.
/// Bare relative paths are on the default volume when `bare_on_storage`
/// (delivery files). `~/...` is the caller's home, so it needs `home_user`.
/// A share path must name a live share: the storage root itself is no
/// share, and a path under an unknown code would write where no share is.
pub(crate) fn locate(
    tx: &Tx<'_>,
    spec: &str,
    bare_on_storage: bool,
    home_user: Option<&str>,
) -> Result<Option<ShareAt>, ApiError> {
    let location = match Location::parse(spec) {
        Ok(location) => location,
        Err(e) if SHARE_PREFIXES.iter().any(|p| spec.contains(p)) => {
            return Err(ApiError::bad(format!(
                "`{}` is not a share path ({e}): write share=<code>/<path>, the storage root is not a share",
                shown(spec)
            )));
        }
        // Whatever a desktop app calls a path.
        Err(_) => return Ok(None),
    };
    match location.path() {
        Some(PathSpec::Share { kind, target, path }) => {
            let sub = path.as_deref().unwrap_or_default();
            let Some((store, share)) = find_share(tx, *kind, target)? else {
                return Err(ApiError::bad(format!(
                    "no {} `{target}`: `{}=` paths start with a live share's code or id (`{}/find` lists them)",
                    if *kind == ShareKind::Share {
                        "share"
                    } else {
                        kind.as_str()
                    },
                    kind.as_str(),
                    if *kind == ShareKind::Share {
                        "volume"
                    } else {
                        kind.as_str()
                    },
                )));
            };
            share_at(tx, store, share, sub).map(Some)
        }
        Some(PathSpec::UserHome { path }) => {
            let user = home_user.ok_or_else(|| {
                ApiError::bad("`~` is the caller's home share, which this call has none of")
            })?;
            let target = ShareTarget::Code(user.to_owned());
            let Some((store, share)) = find_share(tx, ShareKind::Home, &target)? else {
                return Err(ApiError::bad(format!(
                    "{user} has no home share; an admin creates one with home/create"
                )));
            };
            share_at(tx, store, share, path.as_deref().unwrap_or_default()).map(Some)
        }
        Some(PathSpec::Relative(path)) if bare_on_storage && location.party().is_none() => {
            let volume = default_volume_doc(tx)?;
            share_at(tx, "volume", volume, path).map(Some)
        }
        _ => Ok(None),
    }
}

/// The last component of a path such as `share=projects/a.mov` or `C:\\x\\a.mov`.
pub(crate) fn file_name(path: &str) -> String {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\', '='])
        .next()
        .unwrap_or(path)
        .to_owned()
}

/// The files of a collection, in the order they were added.
pub(crate) fn collection_files(tx: &Tx<'_>, collection: &str) -> Result<Vec<Arc<Value>>, ApiError> {
    Ok(tx
        .list("file")?
        .into_iter()
        .filter(|f| str_field(f, "parent") == Some(collection))
        .collect())
}

/// A path into a collection (`collection=<code>/<file>/...`) leads into
/// the share of the collection's file it names by its last component;
/// anything else is returned as it is.
pub(crate) fn through_collection(tx: &Tx<'_>, at: ShareAt) -> Result<ShareAt, ApiError> {
    if at.store != "collection" || at.sub.is_empty() {
        return Ok(at);
    }
    let (name, rest) = at.sub.split_once('/').unwrap_or((&at.sub, ""));
    let file = collection_files(tx, at.id())?
        .into_iter()
        .find(|f| str_field(f, "path").is_some_and(|p| file_name(p) == name))
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "the collection `{}` has no file `{}`",
                at.code(),
                shown(name)
            ))
        })?;
    let path = str_field(&file, "path").unwrap_or_default();
    let inner = locate(tx, path, false, None)?
        .filter(|inner| inner.store != "collection")
        .ok_or_else(|| {
            ApiError::bad(format!(
                "the collection file `{}` is not on a share",
                shown(path)
            ))
        })?;
    let sub = join(&inner.sub, rest);
    Ok(ShareAt { sub, ..inner })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_without_doubled_slashes() {
        assert_eq!(join("", "a/b"), "a/b");
        assert_eq!(join("projects/x/", "/a"), "projects/x/a");
        assert_eq!(join("x", ""), "x");
    }
}
