//! The attributes the backend always sends, filled in when an entity is
//! stored, so replies have the shapes of the seeds' JSON examples (the
//! fixtures of accsyn-model) and decode into its typed structs.
//!
//! A transfer's `source` and `destination` are parties (`workspace:<id>`,
//! `user:<id>`) on the backend, while callers create transfers with paths;
//! the paths are kept under the same bookkeeping keys tasks use (see the
//! `party` module), which replies never show.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::keys::{DESTINATION_SPEC_KEY, SOURCE_SPEC_KEY};
use super::paths::storage_location;
use crate::id::new_entity_id;
use crate::reply::ApiError;
use crate::seed::MAIN_SITE;
use crate::setup::{CLIENT_TYPE_SERVER, STORAGE_DIR};
use crate::store::Tx;

/// Where the store keeps the workspace's entity id.
const WORKSPACE_ID_KEY: &str = "workspace_id";

/// Inserts `value` under `key` unless the document has it.
fn default(doc: &mut Map<String, Value>, key: &str, value: Value) {
    doc.entry(key).or_insert(value);
}

/// The attributes every administered entity (user, volume, client) carries.
fn administered(doc: &mut Map<String, Value>) {
    default(doc, "creator", json!(""));
    default(doc, "modifier", json!(""));
    default(doc, "description", json!(""));
    default(doc, "metadata", json!({}));
}

/// `user:<code>[<role>](<id>)`, the form of `user_hr`.
pub(crate) fn user_hr(tx: &Tx<'_>, id: &str) -> Result<Value, ApiError> {
    Ok(match tx.get("user", id)? {
        Some(user) => {
            let field = |k: &str| user.get(k).and_then(Value::as_str).unwrap_or_default();
            json!(format!("user:{}[{}]({id})", field("code"), field("role")))
        }
        None => Value::Null,
    })
}

/// A user's code (their email), `""` for an unknown id.
pub(crate) fn user_code(tx: &Tx<'_>, id: &str) -> Result<String, ApiError> {
    Ok(tx
        .get("user", id)?
        .and_then(|user| user.get("code").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default())
}

/// The workspace's id, made on first use (stores seeded before it existed
/// have none).
fn workspace_id(tx: &Tx<'_>) -> Result<String, ApiError> {
    if let Some(id) = tx.meta(WORKSPACE_ID_KEY)? {
        return Ok(id);
    }
    let id = new_entity_id();
    tx.set_meta(WORKSPACE_ID_KEY, &id)?;
    Ok(id)
}

/// The names a query may give the workspace's party (`workspace:<id>`): its code, and the
/// main site its storage is at (`hq`); none when `id` is not the workspace's.
pub(crate) fn workspace_names(tx: &Tx<'_>, id: &str) -> Result<Vec<String>, ApiError> {
    if tx.meta(WORKSPACE_ID_KEY)?.as_deref() != Some(id) {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = tx.meta("workspace")?.into_iter().collect();
    names.push(MAIN_SITE.to_owned());
    Ok(names)
}

/// Fills in a new user.
pub(crate) fn user(doc: &mut Map<String, Value>) {
    administered(doc);
    default(doc, "logged_in", Value::Null);
    default(doc, "queue", Value::Null);
}

/// Fills in a new volume: its folder on the emulator's disk is its path on
/// every operating system, since the emulator's server runs on one.
pub(crate) fn volume(doc: &mut Map<String, Value>, data_dir: &Path) {
    administered(doc);
    let code = doc.get("code").and_then(Value::as_str).unwrap_or_default();
    let path = data_dir.join(STORAGE_DIR).join(code);
    let path = path.to_string_lossy().into_owned();
    default(
        doc,
        "paths",
        json!({"linux": path, "mac": path, "windows": path}),
    );
    default(doc, "path", json!(path));
    default(doc, "email", json!(""));
    default(doc, "licensed", json!(true));
    default(doc, "queue", Value::Null);
    default(doc, "type", json!("volume"));
}

/// Fills in a new client: the emulator's server and desktop apps report no
/// host, load or speed (`-1.0`, the backend's "not measured").
pub(crate) fn client(doc: &mut Map<String, Value>, user_hr: Value, created: &str) {
    administered(doc);
    let server = doc.get("type").and_then(Value::as_i64) == Some(CLIENT_TYPE_SERVER);
    let os = match std::env::consts::OS {
        "macos" => "mac",
        other => other,
    };
    let speeds = json!({"s": -1.0, "s_a": -1.0, "s_t": -1.0});
    default(doc, "user_hr", user_hr);
    default(doc, "type_hr", json!(if server { "server" } else { "app" }));
    default(doc, "site", if server { json!("hq") } else { Value::Null });
    default(
        doc,
        "site_hr",
        if server { json!("hq") } else { Value::Null },
    );
    default(doc, "host_id", json!(""));
    default(doc, "last_checkin", json!(created));
    default(doc, "os", json!(os));
    default(doc, "username", json!(""));
    default(doc, "version", json!(env!("CARGO_PKG_VERSION")));
    default(doc, "wan_ip", json!("127.0.0.1"));
    default(doc, "parent", Value::Null);
    default(doc, "benchmark", Value::Null);
    default(
        doc,
        "metrics",
        json!({"c": 0, "in": speeds, "l": 0.0, "m": 0.0, "mpf": 0, "mpt": 0, "mvf": 0, "mvt": 0, "out": speeds}),
    );
}

/// Fills in a new transfer: progress attributes, the owner's `user_hr`, and
/// its parties. A side on storage is the workspace; any other is the
/// owner's desktop app, so the user. Without a job-level path, a side is
/// read from the first task; a missing destination mirrors onto storage.
pub(crate) fn transfer(
    tx: &Tx<'_>,
    doc: &mut Map<String, Value>,
    tasks: Option<&Value>,
) -> Result<(), ApiError> {
    let owner = doc
        .get("user")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let first_task = tasks.and_then(|t| match t {
        Value::Array(items) => items.first(),
        other => Some(other),
    });
    let task_spec = |side: &str| -> Option<String> {
        let task = first_task?;
        match side {
            "source" => task.as_str().or_else(|| task.get(side)?.as_str()),
            _ => task.get(side)?.as_str(),
        }
        .map(str::to_owned)
    };
    let user_hr = user_hr(tx, &owner)?;
    for (side, key) in [
        ("source", SOURCE_SPEC_KEY),
        ("destination", DESTINATION_SPEC_KEY),
    ] {
        let spec = match doc.remove(side) {
            Some(Value::String(s)) => Some(s),
            _ => task_spec(side),
        };
        let on_storage = match &spec {
            Some(s) => storage_location(tx, s, false)?.is_some(),
            None => true,
        };
        let (party, hr) = if on_storage {
            let id = workspace_id(tx)?;
            let code = tx.meta("workspace")?.unwrap_or_default();
            (
                format!("workspace:{id}"),
                json!(format!("workspace:{code}({id})")),
            )
        } else {
            (format!("user:{owner}"), user_hr.clone())
        };
        doc.insert(side.into(), json!(party));
        doc.insert(format!("{side}_hr"), hr);
        if let Some(spec) = spec {
            doc.insert(key.into(), json!(spec));
        }
    }
    default(doc, "user_hr", user_hr);
    // Outside any job queue: its path among queues is its own code.
    let code = doc.get("code").cloned().unwrap_or(json!(""));
    default(doc, "uri", code);
    default(doc, "metadata", json!({}));
    default(doc, "parent", Value::Null);
    default(doc, "parent_hr", Value::Null);
    default(doc, "modifier", json!(user_code(tx, &owner)?));
    default(doc, "progress", json!(0));
    default(doc, "size", json!(0));
    default(doc, "speed", json!(-1.0));
    default(doc, "etr", json!(""));
    default(doc, "finished", Value::Null);
    Ok(())
}
