//! A task's source and destination parties.
//!
//! Callers create tasks with path strings (`share=projects/a.mov`,
//! `/Users/x/a.mov`), but the backend answers with party objects
//! (`{"client", "path", "v", "user", ...}`, the transfers seed's task). A
//! stored task holds both: the objects callers read, and the strings, under
//! bookkeeping keys no reply shows, that the simulation resolves on disk.

use serde_json::{Map, Value, json};

use super::keys::{DESTINATION_SPEC_KEY, SOURCE_SPEC_KEY};
use super::paths::client_party;
use super::shares::{locate, through_collection};
use crate::reply::ApiError;
use crate::setup::{CLIENT_TYPE_APP, CLIENT_TYPE_SERVER};
use crate::store::Tx;

/// The bookkeeping key of `side`'s path string (None for other attributes).
pub(crate) fn spec_key(side: &str) -> Option<&'static str> {
    match side {
        "source" => Some(SOURCE_SPEC_KEY),
        "destination" => Some(DESTINATION_SPEC_KEY),
        _ => None,
    }
}

/// The path string a stored task or job was created with for `side`
/// (`source` or `destination`). Deliveries, requests, and documents stored
/// before parties were answered hold the path in `side` itself; a party
/// reference there (`workspace:<id>`, `user:<id>`) is no path.
pub(crate) fn spec<'v>(doc: &'v Value, side: &str) -> Option<&'v str> {
    if let Some(spec) = spec_key(side).and_then(|key| doc.get(key)) {
        return spec.as_str();
    }
    doc.get(side)
        .and_then(Value::as_str)
        .filter(|s| !s.starts_with("workspace:") && !s.starts_with("user:"))
}

/// A stored task or job as the path strings it was created with, the form
/// the permission checks read.
pub(crate) fn specs_of(task: &Value) -> Value {
    let mut out = Map::new();
    for side in ["source", "destination"] {
        if let Some(s) = spec(task, side) {
            out.insert(side.into(), json!(s));
        }
    }
    Value::Object(out)
}

/// The party object for the path string `spec` of a job owned by `owner`.
/// Storage paths are on the workspace's server and name their volume (`v`);
/// other paths are on the owner's desktop app (or the `client=<id>:` one).
/// Bare paths are storage paths when `bare_on_storage` (delivery files).
pub(crate) fn party(
    tx: &Tx<'_>,
    spec: &str,
    bare_on_storage: bool,
    owner: &str,
) -> Result<Value, ApiError> {
    let (named_client, local) = match client_party(spec).map_err(ApiError::bad)? {
        Some((client, path)) => (Some(client), path),
        None => (None, spec.to_owned()),
    };
    let client_of = |ty: i64, user: Option<&str>| -> Result<Option<String>, ApiError> {
        Ok(tx
            .list("client")?
            .iter()
            .find(|c| {
                c.get("type").and_then(Value::as_i64) == Some(ty)
                    && user.is_none_or(|u| c.get("user").and_then(Value::as_str) == Some(u))
            })
            .and_then(|c| c.get("id").and_then(Value::as_str).map(str::to_owned)))
    };
    let mut out = Map::new();
    match locate(tx, spec, bare_on_storage, None)? {
        Some(at) => {
            let client = match named_client {
                Some(c) => Some(c),
                None => client_of(CLIENT_TYPE_SERVER, None)?,
            };
            if let Some(c) = client {
                out.insert("client".into(), json!(c));
            }
            // The path is relative to the share it names; `v` is the volume
            // holding the bytes, `s` the share when it is not that volume.
            out.insert("path".into(), json!(at.sub));
            if at.store != "volume" {
                out.insert("s".into(), json!(at.id()));
            }
            let holder = through_collection(tx, at)?;
            let volume_id = match holder.store {
                "volume" => Some(holder.id().to_owned()),
                _ => holder
                    .share
                    .get("parent")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            if let Some(v) = volume_id {
                out.insert("v".into(), json!(v));
            }
        }
        None => {
            let client = match named_client {
                Some(c) => Some(c),
                None => client_of(CLIENT_TYPE_APP, Some(owner))?,
            };
            if let Some(c) = client {
                out.insert("client".into(), json!(c));
            }
            out.insert("path".into(), json!(local));
            out.insert("user".into(), json!(owner));
        }
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_created_path_is_read_from_the_bookkeeping_key_or_a_legacy_string() {
        let task = json!({"source": {"path": "a.mov"}, "source_spec": "share=projects/a.mov"});
        assert_eq!(spec(&task, "source"), Some("share=projects/a.mov"));
        assert_eq!(spec(&task, "destination"), None);
        // Stored before parties were objects.
        let legacy = json!({"source": "/Volumes/x/a.mov", "destination": "share=projects"});
        assert_eq!(spec(&legacy, "source"), Some("/Volumes/x/a.mov"));
        assert_eq!(
            specs_of(&legacy),
            json!({"source": "/Volumes/x/a.mov", "destination": "share=projects"})
        );
        // A transfer's party reference is no path.
        let job = json!({"source": "workspace:6645fbca9f8c4d3e7a3b678d", "destination": "user:6676f3e9c7ef4e27da254e57"});
        assert_eq!(specs_of(&job), json!({}));
        assert_eq!(spec_key("user"), None);
    }
}
