//! Transfers beneath a delivery or request (`parent` = its id), as the
//! deliveries seed describes them: an upload copies the caller's files into
//! the delivery's temp folder (or the request's storage folder) and, once
//! done, adds them to its files; a recipient's download copies its files to
//! their desktop app and, once done, marks them `actioned`.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::context::Ctx;
use super::jobs::parent_of_transfer;
use super::party;
use super::paths::{Touch, default_volume, storage_location};
use super::roles::{check_paths, check_write};
use super::shares::file_name;
use super::str_field;
use super::tasks::{JobRef, insert_tasks};
use super::types::entity_type;
use super::visible::get_visible;
use crate::reply::ApiError;
use crate::seed::Role;
use crate::store::Tx;

/// Folder on the default volume that holds temporary deliveries' uploads,
/// one sub-folder per delivery id.
pub(crate) const TEMP_DIR: &str = "accsyn-temp";

fn is_recipient(job: &Value, user_id: &str) -> bool {
    job.get("recipients")
        .and_then(Value::as_array)
        .is_some_and(|rs| rs.iter().any(|r| str_field(r, "user") == Some(user_id)))
}

/// The source paths a transfer's create names: `tasks` (paths or task
/// objects) or `source`.
fn given_sources(doc: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let items: Vec<&Value> = match doc.get("tasks") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => doc.get("source").into_iter().collect(),
        Some(other) => vec![other],
    };
    items
        .into_iter()
        .map(|item| {
            item.as_str()
                .or_else(|| str_field(item, "source"))
                .map(str::to_owned)
                .ok_or_else(|| ApiError::bad("an upload's `source` (or `tasks`) lists file paths"))
        })
        .collect()
}

/// Turns a transfer create with `parent` into its tasks, checking that the
/// caller may upload to or download from that delivery or request. Returns
/// None when the transfer has no parent.
pub(crate) fn prepare(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    doc: &mut Map<String, Value>,
) -> Result<Option<Value>, ApiError> {
    let parent_id = match doc.get("parent") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ApiError::bad("`parent` must be a delivery or request id")),
    };
    let job_type =
        entity_type("job").ok_or_else(|| ApiError::Internal("job type missing".into()))?;
    let (store, parent) = get_visible(tx, ctx, job_type, &parent_id)?
        .filter(|(store, _)| matches!(*store, "delivery" | "request"))
        .ok_or_else(|| ApiError::NotFound(format!("no delivery or request with id {parent_id}")))?;
    let status = str_field(&parent, "status").unwrap_or_default().to_owned();
    let owner = str_field(&parent, "user") == Some(ctx.user_id.as_str());
    let recipient = is_recipient(&parent, &ctx.user_id);
    let sources = given_sources(doc)?;
    let destination = doc
        .get("destination")
        .and_then(Value::as_str)
        .map(str::to_owned);
    // The delivery grants its own folder, not the caller's other ends: a
    // storage source read (upload) or storage destination written
    // (download) still needs the caller's volume grants, or any user could
    // copy files out of (or into) volumes they were never given.
    let mut touch = Touch::default();
    for source in &sources {
        touch.add_paths(tx, "transfer", &json!({ "source": source }))?;
    }
    if let Some(destination) = &destination {
        touch.add_paths(tx, "transfer", &json!({ "destination": destination }))?;
    }
    check_paths(tx, ctx, &touch)?;
    let tasks = match (sources.is_empty(), destination) {
        // Upload: the caller's files into the delivery or request.
        (false, None) => {
            if store == "delivery" {
                check_write(
                    tx,
                    ctx,
                    entity_type(store).unwrap_or(job_type),
                    Some(&parent),
                )?;
                if status != "init" {
                    return Err(ApiError::bad(format!(
                        "files are uploaded to a delivery in init; this one is {status}"
                    )));
                }
            } else if !(owner || recipient || ctx.role == Role::Admin)
                || !matches!(status.as_str(), "init" | "pending" | "waiting")
            {
                return Err(ApiError::Forbidden(format!(
                    "only the requester and the recipients upload to a live request; this one is {status}"
                )));
            }
            let (volume, folder) = match str_field(&parent, "destination")
                .map(|d| storage_location(tx, d, false))
                .transpose()?
                .flatten()
            {
                Some(location) => location,
                None => (default_volume(tx)?, format!("{TEMP_DIR}/{parent_id}")),
            };
            let folder = folder.trim_matches('/');
            let base = if folder.is_empty() {
                format!("share={volume}")
            } else {
                format!("share={volume}/{folder}")
            };
            doc.insert("destination".into(), json!(base));
            sources
                .iter()
                .map(|s| json!({"source": s, "destination": format!("{base}/{}", file_name(s))}))
                .collect()
        }
        // Download: the delivery's files to the caller's desktop app.
        (true, Some(destination)) => {
            if !(owner || recipient || ctx.role == Role::Admin) {
                return Err(ApiError::Forbidden(format!(
                    "only the recipients of this {store} may download it"
                )));
            }
            if !matches!(status.as_str(), "pending" | "waiting") {
                return Err(ApiError::bad(format!(
                    "files are downloaded from a submitted {store} (pending or waiting); this one is {status}"
                )));
            }
            let folder = destination.trim_end_matches(['/', '\\']).to_owned();
            let mut tasks = Vec::new();
            for task in tx.list("task")? {
                if str_field(&task, "job") != Some(parent_id.as_str())
                    || str_field(&task, "status") == Some("excluded")
                {
                    continue;
                }
                let Some(source) = party::spec(&task, "source") else {
                    continue;
                };
                let Some((volume, inner)) = storage_location(tx, source, true)? else {
                    continue;
                };
                tasks.push(json!({
                    "source": format!("share={volume}/{inner}"),
                    "destination": format!("{folder}/{}", file_name(source)),
                }));
            }
            if tasks.is_empty() {
                return Err(ApiError::bad(format!(
                    "this {store} has no files to download"
                )));
            }
            tasks
        }
        _ => {
            return Err(ApiError::bad(
                "a transfer beneath a delivery or request gives `source` (an upload) or `destination` (a download), not both",
            ));
        }
    };
    doc.remove("tasks");
    doc.remove("source");
    Ok(Some(Value::Array(tasks)))
}

/// A transfer beneath a delivery or request is done: uploaded files join
/// its files, and a recipient's transfer marks them `actioned`.
pub(crate) fn finished(
    tx: &Tx<'_>,
    job: &Value,
    tasks: &[Value],
    ts: &str,
) -> Result<(), ApiError> {
    let Some((store, mut parent)) = parent_of_transfer(tx, job)? else {
        return Ok(());
    };
    let parent_id = str_field(&parent, "id").unwrap_or_default().to_owned();
    let existing: Vec<Arc<Value>> = tx
        .list("task")?
        .into_iter()
        .filter(|t| str_field(t, "job") == Some(parent_id.as_str()))
        .collect();
    let uploaded: Vec<Value> = tasks
        .iter()
        .filter(|t| str_field(t, "status") == Some("done"))
        .filter_map(|t| party::spec(t, "destination"))
        .filter(|d| d.starts_with("share="))
        .filter(|d| {
            !existing
                .iter()
                .any(|e| party::spec(e, "source") == Some(*d))
        })
        .map(|d| json!(d))
        .collect();
    if !uploaded.is_empty() {
        let job = JobRef::of(store, &parent);
        insert_tasks(tx, &job, Value::Array(uploaded), ts, existing, None)?;
    }
    let user = str_field(job, "user").unwrap_or_default().to_owned();
    if let Some(entry) = parent
        .get_mut("recipients")
        .and_then(Value::as_array_mut)
        .and_then(|rs| {
            rs.iter_mut()
                .find(|r| str_field(r, "user") == Some(user.as_str()))
        })
    {
        entry["actioned"] = json!(true);
        parent["modified"] = json!(ts);
        tx.replace(store, &parent)?;
    }
    Ok(())
}
