//! Tasks of a job: adding them (with duplicates retried or refused),
//! updating many by id or uri, and the name a job takes from its first file.

use std::sync::Arc;

use serde_json::{Value, json};

use super::rules::context::Ctx;
use super::rules::keys;
use super::rules::paths::{Touch, storage_location};
use super::rules::roles::{check_paths, check_write};
use super::rules::simulation;
use super::rules::tasks::{JobRef, check_task_count, insert_tasks};
use super::rules::types::{EntityType, entity_type};
use super::rules::validate::{apply, as_object, check_keys, not_found, target_id, task_items};
use super::rules::visible::{get_visible, project};
use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::seed::Role;
use crate::store::Tx;

/// `task/create`: data is a list, `{"tasks": ...}`, or one task; id is the job.
pub(super) fn create_tasks(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
    ts: &str,
) -> Result<Vec<Arc<Value>>, ApiError> {
    let job_id =
        target_id(et, env).map_err(|_| ApiError::bad("task/create needs `id`, the job's id"))?;
    let job_type =
        entity_type("job").ok_or_else(|| ApiError::Internal("job type missing".into()))?;
    let Some((store, job)) = get_visible(tx, ctx, job_type, job_id)? else {
        return Err(not_found(job_type, job_id));
    };
    let owner_type = entity_type(store).unwrap_or(job_type);
    check_write(tx, ctx, owner_type, Some(&job))?;
    let (tasks, allow_duplicates) = match &env.data {
        Value::Object(o) if o.contains_key("tasks") => (
            o.get("tasks").cloned().unwrap_or(Value::Null),
            o.get("allow_duplicates").and_then(Value::as_bool),
        ),
        other => (other.clone(), None),
    };
    check_task_count(&tasks)?;
    let mut touch = Touch::default();
    for task in task_items(&tasks) {
        touch.add_paths(tx, store, task)?;
    }
    check_paths(tx, ctx, &touch)?;
    check_foreign_desktop(tx, ctx, store, &job, &tasks)?;
    let existing: Vec<Arc<Value>> = tx
        .list("task")?
        .into_iter()
        .filter(|t| t.get("job").and_then(Value::as_str) == Some(job_id))
        .collect();
    let job_ref = JobRef::of(store, &job);
    let added = insert_tasks(tx, &job_ref, tasks, ts, existing, allow_duplicates)?;
    let mut job = job;
    if store == "transfer" {
        let size = simulation::measure_tasks(tx, &ctx.state.data_dir, &job, &added)?;
        if size > 0 {
            let before = job.get("size").and_then(Value::as_u64).unwrap_or(0);
            job["size"] = json!(before.saturating_add(size));
            tx.replace(store, &job)?;
        }
    }
    reopen(tx, ctx, store, job)?;
    Ok(added)
}

/// Refuses desktop-app paths in tasks a non-admin adds to someone else's
/// job: they would name the owner's desktop app, and an employee whose
/// grants reach the job could copy the owner's local files onto a volume.
fn check_foreign_desktop(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    store: &str,
    job: &Value,
    tasks: &Value,
) -> Result<(), ApiError> {
    let owner = job.get("user").and_then(Value::as_str);
    if ctx.role == Role::Admin || owner == Some(ctx.user_id.as_str()) {
        return Ok(());
    }
    let bare_on_storage = store != "transfer";
    for task in task_items(tasks) {
        let sides: Vec<&str> = match task {
            Value::String(s) => vec![s.as_str()],
            other => ["source", "destination"]
                .iter()
                .filter_map(|k| other.get(*k).and_then(Value::as_str))
                .collect(),
        };
        for spec in sides {
            if storage_location(tx, spec, bare_on_storage)?.is_none() {
                let shown: String = spec.chars().take(80).collect();
                return Err(ApiError::Forbidden(format!(
                    "`{shown}` is on the job owner's desktop app; only they (or an admin) add desktop paths to their job"
                )));
            }
        }
    }
    Ok(())
}

/// New or retried work reopens a finished (done or failed) transfer.
fn reopen(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, mut job: Value) -> Result<(), ApiError> {
    let finished = matches!(
        job.get("status").and_then(Value::as_str),
        Some("done" | "failed")
    );
    if store == "transfer" && finished {
        job["status"] = json!("waiting");
        job[keys::STEP_KEY] = json!(ctx.now);
        tx.replace(store, &job)?;
    }
    Ok(())
}

/// `task/edit` with a list: each item names a task by `id` or `uri`.
pub(super) fn update_many_tasks(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
    job_id: &str,
) -> Result<Reply, ApiError> {
    let task_type =
        entity_type("task").ok_or_else(|| ApiError::Internal("task type missing".into()))?;
    let job_type =
        entity_type("job").ok_or_else(|| ApiError::Internal("job type missing".into()))?;
    let (store, job) =
        get_visible(tx, ctx, job_type, job_id)?.ok_or_else(|| not_found(job_type, job_id))?;
    check_write(tx, ctx, entity_type(store).unwrap_or(job_type), Some(&job))?;
    let tasks: Vec<Value> = tx
        .list("task")?
        .into_iter()
        .filter(|t| t.get("job").and_then(Value::as_str) == Some(job_id))
        .map(Arc::unwrap_or_clone)
        .collect();
    let items = env.data.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut out = Vec::new();
    for item in items {
        let obj = as_object(item, "task update")?;
        let mut changes = obj.clone();
        let key = changes
            .remove("id")
            .map(|v| ("id", v))
            .or_else(|| changes.remove("uri").map(|v| ("uri", v)));
        let Some((field, wanted)) = key else {
            return Err(ApiError::bad("each task update needs `id` or `uri`"));
        };
        // Uris are strings on the wire, but callers often send numbers.
        let wanted = match wanted {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s,
            _ => return Err(ApiError::bad("a task's `id` or `uri` must be a string")),
        };
        check_keys(
            task_type,
            &changes,
            &task_type.update_attributes(),
            "task update",
        )?;
        let mut task = tasks
            .iter()
            .find(|t| t.get(field).and_then(Value::as_str) == Some(wanted.as_str()))
            .cloned()
            .ok_or_else(|| {
                ApiError::NotFound(format!("job {job_id} has no task with {field} {wanted}"))
            })?;
        apply(task_type, &mut task, &changes, ctx)?;
        if changes.get("status").and_then(Value::as_str) == Some("queued") {
            // Queued again: the last failure's reason no longer holds.
            if let Some(o) = task.as_object_mut() {
                o.remove(keys::ERROR_KEY);
            }
        }
        tx.replace("task", &task)?;
        out.push(task);
    }
    let retried = out
        .iter()
        .any(|t| t.get("status").and_then(Value::as_str) == Some("queued"));
    if retried {
        reopen(tx, ctx, store, job)?;
    }
    Ok(Reply::result(
        out.iter().map(|t| project(t, None)).collect(),
    ))
}
