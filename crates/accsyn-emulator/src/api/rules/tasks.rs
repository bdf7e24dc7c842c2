//! A job's tasks as the backend stores them: added with duplicates retried
//! or refused, at most a bounded number per request, named from the first
//! file.

use std::collections::HashMap;
use std::sync::Arc;

use accsyn_model::TaskId;

use serde_json::{Map, Value, json};

use super::keys;
use super::party;
use super::shares::file_name;
use super::types::entity_type;
use super::validate::check_keys;
use crate::id::new_task_id;
use crate::reply::ApiError;
use crate::store::Tx;
/// The priority of a task created without one (the seed's example task has 1).
const DEFAULT_PRIORITY: i64 = 1;

/// The most tasks one request may add (a create with its tasks, or a task
/// create): a whole image sequence is a few thousand files; this keeps one
/// request's work bounded.
pub(crate) const MAX_TASKS_PER_REQUEST: usize = 100_000;

/// Refuses more tasks than one request may add, before any work on them.
pub(crate) fn check_task_count(tasks: &Value) -> Result<(), ApiError> {
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

/// The name of the first task's source file, which names a job created
/// without a name.
pub(crate) fn first_file_name(tasks: &Value) -> Option<String> {
    let first = match tasks {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let source = first.as_str().or_else(|| first.get("source")?.as_str())?;
    Some(file_name(source)).filter(|n| !n.is_empty())
}

/// The job new tasks join: what their parties and `job_hr` are made from.
pub(crate) struct JobRef<'a> {
    /// The job's id.
    pub(crate) id: &'a str,
    /// Its store: bare paths are storage paths except in transfers.
    pub(crate) store: &'a str,
    /// Its name, for `job_hr`.
    pub(crate) name: &'a str,
    /// The user who owns it, whose desktop app local paths are on.
    pub(crate) owner: &'a str,
}

impl<'a> JobRef<'a> {
    /// The reference for a stored (or about to be stored) job document.
    pub(crate) fn of(store: &'a str, job: &'a Value) -> Self {
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
pub(crate) fn insert_tasks(
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
        // A task may bring its own uuid: the publish workflow relates each
        // pre-published entry to its task that way.
        let given_id = match doc.remove("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => {
                let id = id
                    .parse::<TaskId>()
                    .map_err(|_| {
                        ApiError::bad(format!(
                            "a task's `id` is a uuid4, not `{}`",
                            id.chars().take(60).collect::<String>()
                        ))
                    })?
                    .to_string();
                if tx.get("task", &id)?.is_some() {
                    return Err(ApiError::bad(format!("a task with id {id} already exists")));
                }
                Some(id)
            }
            Some(_) => return Err(ApiError::bad("a task's `id` is a uuid4 string")),
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
            dup[keys::TRANSFERRED_KEY] = json!(0);
            dup["finished"] = Value::Null;
            dup["modified"] = json!(ts);
            if let Some(o) = dup.as_object_mut() {
                o.remove(keys::ERROR_KEY);
            }
            tx.replace("task", &dup)?;
            known[i] = Arc::new(dup);
            out.push(known[i].clone());
            continue;
        }
        let bare_on_storage = job.store != "transfer";
        for (side, key, spec) in [
            ("source", keys::SOURCE_SPEC_KEY, &paths.0),
            ("destination", keys::DESTINATION_SPEC_KEY, &paths.1),
        ] {
            if let Some(spec) = spec {
                doc.insert(
                    side.into(),
                    party::party(tx, spec, bare_on_storage, job.owner)?,
                );
                doc.insert(key.into(), json!(spec));
            }
        }
        doc.insert("id".into(), json!(given_id.unwrap_or_else(new_task_id)));
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
