//! Tasks of a job: adding them (with duplicates retried or refused),
//! updating many by id or uri, and the name a job takes from its first file.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Ctx;
use super::crud::{apply, as_object, check_keys, not_found, target_id, task_items};
use super::find::{get_visible, project};
use super::party;
use super::roles::{Touch, check_paths, check_write};
use super::storage::storage_location;
use super::transfers;
use super::types::{EntityType, entity_type};
use crate::http::Envelope;
use crate::id::new_task_id;
use crate::reply::{ApiError, Reply};
use crate::seed::Role;
use crate::store::Tx;

/// The priority of a task created without one (the seed's example task has 1).
const DEFAULT_PRIORITY: i64 = 1;

/// The most tasks one request may add (a create with its tasks, or a task
/// create): a whole image sequence is a few thousand files; this keeps one
/// request's work bounded.
pub(crate) const MAX_TASKS_PER_REQUEST: usize = 100_000;

/// Refuses more tasks than one request may add, before any work on them.
pub(super) fn check_task_count(tasks: &Value) -> Result<(), ApiError> {
    let n = match tasks {
        Value::Array(items) => items.len(),
        _ => 1,
    };
    if n > MAX_TASKS_PER_REQUEST {
        return Err(ApiError::TooLarge(format!(
            "{n} tasks in one request; at most {MAX_TASKS_PER_REQUEST} may be added at once: split them over several task creates"
        )));
    }
    Ok(())
}

/// The last component of a path such as `share=projects/a.mov` or `C:\\x\\a.mov`.
pub(super) fn file_name(path: &str) -> String {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\', '='])
        .next()
        .unwrap_or(path)
        .to_owned()
}

/// The name of the first task's source file, which names a job created
/// without a name.
pub(super) fn first_file_name(tasks: &Value) -> Option<String> {
    let first = match tasks {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let source = first.as_str().or_else(|| first.get("source")?.as_str())?;
    Some(file_name(source)).filter(|n| !n.is_empty())
}

/// The job new tasks join: what their parties and `job_hr` are made from.
pub(super) struct JobRef<'a> {
    /// The job's id.
    pub(super) id: &'a str,
    /// Its store: bare paths are storage paths except in transfers.
    pub(super) store: &'a str,
    /// Its name, for `job_hr`.
    pub(super) name: &'a str,
    /// The user who owns it, whose desktop app local paths are on.
    pub(super) owner: &'a str,
}

impl<'a> JobRef<'a> {
    /// The reference for a stored (or about to be stored) job document.
    pub(super) fn of(store: &'a str, job: &'a Value) -> Self {
        let field = |k: &str| job.get(k).and_then(Value::as_str).unwrap_or_default();
        JobRef {
            id: field("id"),
            store,
            name: field("name"),
            owner: field("user"),
        }
    }
}

/// Inserts tasks (one object or a list) under `job`, numbering their uris
/// after the job's `existing` tasks. A task with the source and destination
/// of one already there is retried (queued again) instead, or refused when
/// `allow_duplicates` is false.
///
/// Tasks are stored in the backend's shape (party objects, a UUID id, the
/// job's `job_hr`), with the path strings they were created with kept for
/// the simulation; see the `party` module.
pub(super) fn insert_tasks(
    tx: &Tx<'_>,
    job: &JobRef<'_>,
    tasks: Value,
    ts: &str,
    existing: Vec<Arc<Value>>,
    allow_duplicates: Option<bool>,
) -> Result<Vec<Arc<Value>>, ApiError> {
    check_task_count(&tasks)?;
    let items: Vec<Value> = match tasks {
        Value::Array(items) => items,
        one @ (Value::Object(_) | Value::String(_)) => vec![one],
        _ => {
            return Err(ApiError::bad(
                "`tasks` must be a task object or a list of them",
            ));
        }
    };
    let et = entity_type("task").ok_or_else(|| ApiError::Internal("task type missing".into()))?;
    let allowed = et.create_attributes();
    let mut known = existing;
    // Tasks by their (source, destination), so finding a duplicate costs
    // one lookup, not a scan of the job's tasks.
    let key = |t: &Value| {
        (
            party::spec(t, "source").map(str::to_owned),
            party::spec(t, "destination").map(str::to_owned),
        )
    };
    let mut by_paths: HashMap<(Option<String>, Option<String>), usize> = HashMap::new();
    for (i, t) in known.iter().enumerate() {
        by_paths.entry(key(t)).or_insert(i);
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        // A bare string is a task's source path, as in the transfers seed.
        let mut doc = match item {
            Value::String(source) => {
                let mut o = Map::new();
                o.insert("source".into(), Value::String(source));
                o
            }
            Value::Object(o) => o,
            _ => return Err(ApiError::bad("a task's `data` must be an object")),
        };
        check_keys(et, &doc, &allowed, "task")?;
        let mut specs = [None, None];
        for (slot, side) in specs.iter_mut().zip(["source", "destination"]) {
            *slot = match doc.get(side) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    return Err(ApiError::bad(format!(
                        "a task's `{side}` is a path string, like `share=projects/a.mov` or `/Users/me/a.mov`"
                    )));
                }
            };
        }
        let [source, destination] = specs;
        let paths = (source, destination);
        if let Some(&i) = by_paths.get(&paths) {
            if allow_duplicates == Some(false) {
                return Err(ApiError::bad(format!(
                    "a task from {} to {} is already in this job (allow_duplicates is false)",
                    paths.0.as_deref().unwrap_or("(the job's source)"),
                    paths.1.as_deref().unwrap_or("(the job's destination)")
                )));
            }
            // Retry: the existing task is queued again from the start.
            let mut dup = Value::clone(&known[i]);
            dup["status"] = json!("queued");
            dup[transfers::TRANSFERRED_KEY] = json!(0);
            dup["finished"] = Value::Null;
            dup["modified"] = json!(ts);
            if let Some(o) = dup.as_object_mut() {
                o.remove(transfers::ERROR_KEY);
            }
            tx.replace("task", &dup)?;
            known[i] = Arc::new(dup);
            out.push(known[i].clone());
            continue;
        }
        let bare_on_storage = job.store != "transfer";
        for (side, key, spec) in [
            ("source", party::SOURCE_SPEC_KEY, &paths.0),
            ("destination", party::DESTINATION_SPEC_KEY, &paths.1),
        ] {
            if let Some(spec) = spec {
                doc.insert(
                    side.into(),
                    party::party(tx, spec, bare_on_storage, job.owner)?,
                );
                doc.insert(key.into(), json!(spec));
            }
        }
        doc.insert("id".into(), json!(new_task_id()));
        doc.insert("uri".into(), json!(known.len().to_string()));
        doc.insert("job".into(), json!(job.id));
        doc.insert("job_hr".into(), json!(format!("{}({})", job.name, job.id)));
        doc.insert("status".into(), json!("queued"));
        doc.entry("priority").or_insert(json!(DEFAULT_PRIORITY));
        doc.insert("size".into(), json!(0));
        doc.insert("time".into(), json!(0));
        doc.insert("finished".into(), Value::Null);
        doc.insert("created".into(), json!(ts));
        doc.insert("modified".into(), json!(ts));
        let doc = tx.insert("task", Value::Object(doc))?;
        by_paths.entry(paths).or_insert(known.len());
        known.push(doc.clone());
        out.push(doc);
    }
    Ok(out)
}

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
        job[transfers::STEP_KEY] = json!(ctx.now);
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
                o.remove(transfers::ERROR_KEY);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_names_default_to_the_first_files_name() {
        assert_eq!(file_name("share=projects/delivery/a.mov"), "a.mov");
        assert_eq!(file_name("C:\\x\\b.zip"), "b.zip");
        assert_eq!(file_name("share=projects"), "projects");
        let tasks = json!([{"source": "share=projects/seq/frame.00000.exr"}, {"source": "x"}]);
        assert_eq!(first_file_name(&tasks).as_deref(), Some("frame.00000.exr"));
        assert_eq!(
            first_file_name(&json!(["/Volumes/p/c.mov"])).as_deref(),
            Some("c.mov")
        );
        assert_eq!(first_file_name(&json!([])), None);
    }
}
