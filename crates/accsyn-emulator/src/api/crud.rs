//! Generic create, update and delete, plus user activation.

use serde_json::{Map, Value, json};

use super::Ctx;
use super::deliveries;
use super::find::{get_visible, project};
use super::roles::check_write;
use super::transfers;
use super::types::{EntityType, Kind, RESERVED, entity_type};
use crate::clock::format_timestamp;
use crate::http::{Envelope, find_user_by_code};
use crate::id::{is_entity_id, new_entity_id, new_secret};
use crate::reply::{ApiError, Reply};
use crate::seed::Role;
use crate::store::Tx;

fn not_found(et: &EntityType, id: &str) -> ApiError {
    let shown: String = id.chars().take(40).collect();
    ApiError::NotFound(format!("no {} with id {shown}", et.name))
}

fn target_id<'e>(et: &EntityType, env: &'e Envelope) -> Result<&'e str, ApiError> {
    env.id
        .as_deref()
        .ok_or_else(|| ApiError::bad(format!("this operation needs `id`, the {}'s id", et.name)))
}

/// Refuses keys a create or update may not set.
fn check_keys(
    et: &EntityType,
    obj: &Map<String, Value>,
    allowed: &[&str],
    what: &str,
) -> Result<(), ApiError> {
    for key in obj.keys() {
        if RESERVED.contains(&key.as_str()) {
            return Err(ApiError::bad(format!(
                "`{key}` is set by the backend, not by a {what}"
            )));
        }
        if !allowed.contains(&key.as_str()) {
            let shown: String = key.chars().take(40).collect();
            return Err(ApiError::bad(format!(
                "unknown {what} attribute `{shown}` for {}; `attributes WHERE entitytype={}` lists them",
                et.name, et.name
            )));
        }
    }
    Ok(())
}

fn as_object<'v>(data: &'v Value, what: &str) -> Result<&'v Map<String, Value>, ApiError> {
    data.as_object()
        .ok_or_else(|| ApiError::bad(format!("a {what}'s `data` must be an object")))
}

fn code_taken(tx: &Tx<'_>, store: &str, code: &str) -> Result<bool, ApiError> {
    Ok(tx.list(store)?.iter().any(|d| {
        d.get("code")
            .and_then(Value::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case(code))
    }))
}

fn required_code(obj: &Map<String, Value>, what: &str) -> Result<String, ApiError> {
    obj.get("code")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.contains(char::is_whitespace))
        .map(str::to_owned)
        .ok_or_else(|| ApiError::bad(format!("a {what} needs `code`, without spaces")))
}

/// `<type>/create`.
pub(super) fn create(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let [store] = et.stores else {
        return Err(ApiError::bad(
            "create a transfer, delivery or request, not a job",
        ));
    };
    check_write(tx, ctx, et, None)?;
    if et.create_attributes().is_empty() {
        return Err(ApiError::bad(format!(
            "{}s cannot be created through the API; the emulator's seed makes them",
            et.name
        )));
    }
    let ts = format_timestamp(ctx.now);
    let created = match et.kind {
        Kind::Task => create_tasks(tx, ctx, et, env, &ts)?,
        _ => {
            let obj = as_object(&env.data, "create")?;
            check_keys(et, obj, &et.create_attributes(), "create")?;
            vec![create_one(tx, ctx, et, store, obj, &ts)?]
        }
    };
    Ok(Reply::result(Value::Array(created)))
}

fn create_one(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    store: &str,
    obj: &Map<String, Value>,
    ts: &str,
) -> Result<Value, ApiError> {
    let id = new_entity_id();
    let mut doc = obj.clone();
    match et.kind {
        Kind::User => {
            let code = required_code(obj, "user")?;
            if !code.contains('@') {
                return Err(ApiError::bad("a user's `code` is their email"));
            }
            if code_taken(tx, store, &code)? {
                return Err(ApiError::bad(format!(
                    "a user with code {code} already exists"
                )));
            }
            let role = match obj.get("role") {
                None | Some(Value::Null) => Role::Standard,
                Some(v) => v
                    .as_str()
                    .and_then(Role::parse)
                    .ok_or_else(|| ApiError::bad("`role` must be admin, employee or standard"))?,
            };
            // Invitation mail is out of scope: the user is enabled at once.
            for key in [
                "message",
                "mail",
                "create_home_share",
                "give_all_volumes_access",
                "give_default_volume_access",
            ] {
                doc.remove(key);
            }
            let name = code.split('@').next().unwrap_or(&code).to_owned();
            doc.entry("name").or_insert(json!(name));
            doc.insert("code".into(), json!(code));
            doc.insert("role".into(), json!(role.as_str()));
            doc.insert("status".into(), json!("enabled"));
            tx.set_api_key(&id, &new_secret(64))?;
        }
        Kind::Job => {
            doc.insert("user".into(), json!(ctx.user_id));
            let status = match obj.get("status") {
                None | Some(Value::Null) if et.name == "transfer" => "waiting",
                None | Some(Value::Null) => "init",
                Some(v) => v
                    .as_str()
                    .filter(|s| et.writeable_statuses().contains(s))
                    .ok_or_else(|| {
                        ApiError::bad(format!(
                            "a new {} may start as one of {}",
                            et.name,
                            et.writeable_statuses().join(", ")
                        ))
                    })?,
            };
            doc.insert("status".into(), json!(status));
            // Tasks live as their own entities; the job keeps no copy. A
            // transfer given only a source (and destination) has one task.
            let tasks = doc.remove("tasks").or_else(|| {
                let source = doc.get("source").filter(|_| et.name == "transfer")?;
                let mut task = Map::new();
                task.insert("source".into(), source.clone());
                if let Some(d) = doc.get("destination") {
                    task.insert("destination".into(), d.clone());
                }
                Some(Value::Array(vec![Value::Object(task)]))
            });
            let name = doc
                .get("name")
                .or_else(|| doc.get("code"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| tasks.as_ref().and_then(first_file_name))
                .or_else(|| doc.get("source").and_then(Value::as_str).map(file_name))
                .unwrap_or_else(|| format!("{} {}", et.name, &id[18..]));
            doc.insert("name".into(), json!(name));
            doc.insert(
                "code".into(),
                doc.get("code").cloned().unwrap_or(json!(name)),
            );
            if et.name == "transfer" {
                doc.insert(transfers::STEP_KEY.into(), json!(ctx.now));
            }
            let allow_duplicates = doc.remove("allow_duplicates").and_then(|v| v.as_bool());
            if deliveries::has_recipients(et) {
                let explicit = obj.get("status").and_then(Value::as_str);
                deliveries::prepare_create(tx, ctx, et, &mut doc, explicit, tasks.as_ref(), ts)?;
            }
            if let Some(tasks) = tasks {
                insert_tasks(tx, &id, &tasks, ts, &[], allow_duplicates)?;
            }
        }
        Kind::Infrastructure => {
            let code = required_code(obj, et.name)?;
            if code_taken(tx, store, &code)? {
                return Err(ApiError::bad(format!(
                    "a {} with code {code} already exists",
                    et.name
                )));
            }
            doc.entry("status").or_insert(json!("enabled"));
        }
        Kind::Acl => {
            for key in ["entity", "target"] {
                if !obj.get(key).is_some_and(Value::is_string) {
                    return Err(ApiError::bad(format!(
                        "an acl needs `{key}`, like `user:<id>`"
                    )));
                }
            }
            doc.remove("invite");
            doc.remove("message");
        }
        Kind::Task => {}
    }
    doc.insert("id".into(), json!(id));
    doc.insert("created".into(), json!(ts));
    doc.insert("modified".into(), json!(ts));
    let doc = Value::Object(doc);
    tx.insert(store, &doc)?;
    Ok(project(&doc, None))
}

/// The last component of a path such as `share=projects/a.mov` or `C:\\x\\a.mov`.
fn file_name(path: &str) -> String {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\', '='])
        .next()
        .unwrap_or(path)
        .to_owned()
}

/// The name of the first task's source file, which names a job created
/// without a name.
fn first_file_name(tasks: &Value) -> Option<String> {
    let first = match tasks {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let source = first.as_str().or_else(|| first.get("source")?.as_str())?;
    Some(file_name(source)).filter(|n| !n.is_empty())
}

/// Inserts tasks (one object or a list) under `job`, numbering their uris
/// after the job's `existing` tasks. A task with the source and destination
/// of one already there is retried (queued again) instead, or refused when
/// `allow_duplicates` is false.
fn insert_tasks(
    tx: &Tx<'_>,
    job: &str,
    tasks: &Value,
    ts: &str,
    existing: &[Value],
    allow_duplicates: Option<bool>,
) -> Result<Vec<Value>, ApiError> {
    let items: Vec<&Value> = match tasks {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) | Value::String(_) => vec![tasks],
        _ => {
            return Err(ApiError::bad(
                "`tasks` must be a task object or a list of them",
            ));
        }
    };
    let et = entity_type("task").ok_or_else(|| ApiError::Internal("task type missing".into()))?;
    let allowed = et.create_attributes();
    let mut known: Vec<Value> = existing.to_vec();
    let mut out = Vec::new();
    for item in items {
        // A bare string is a task's source path, as in the transfers seed.
        let obj = match item {
            Value::String(source) => {
                let mut o = Map::new();
                o.insert("source".into(), json!(source));
                o
            }
            other => as_object(other, "task")?.clone(),
        };
        check_keys(et, &obj, &allowed, "task")?;
        let same = |t: &Value| {
            t.get("source") == obj.get("source") && t.get("destination") == obj.get("destination")
        };
        if let Some(dup) = known.iter_mut().find(|t| same(t)) {
            if allow_duplicates == Some(false) {
                return Err(ApiError::bad(format!(
                    "a task from {} to {} is already in this job (allow_duplicates is false)",
                    obj.get("source").unwrap_or(&Value::Null),
                    obj.get("destination").unwrap_or(&Value::Null)
                )));
            }
            // Retry: the existing task is queued again from the start.
            dup["status"] = json!("queued");
            dup["transferred"] = json!(0);
            dup["modified"] = json!(ts);
            if tx
                .get(
                    "task",
                    dup.get("id").and_then(Value::as_str).unwrap_or_default(),
                )?
                .is_some()
            {
                tx.replace("task", dup)?;
            }
            out.push(dup.clone());
            continue;
        }
        let mut doc = obj;
        doc.insert("id".into(), json!(new_entity_id()));
        doc.insert("uri".into(), json!(known.len().to_string()));
        doc.insert("job".into(), json!(job));
        doc.insert("status".into(), json!("queued"));
        doc.insert("created".into(), json!(ts));
        doc.insert("modified".into(), json!(ts));
        let doc = Value::Object(doc);
        tx.insert("task", &doc)?;
        known.push(doc.clone());
        out.push(doc);
    }
    Ok(out)
}

/// `task/create`: data is a list, `{"tasks": ...}`, or one task; id is the job.
fn create_tasks(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
    ts: &str,
) -> Result<Vec<Value>, ApiError> {
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
    let existing: Vec<Value> = tx
        .list("task")?
        .into_iter()
        .filter(|t| t.get("job").and_then(Value::as_str) == Some(job_id))
        .map(std::sync::Arc::unwrap_or_clone)
        .collect();
    let added = insert_tasks(tx, job_id, &tasks, ts, &existing, allow_duplicates)?;
    reopen(tx, ctx, store, job)?;
    Ok(added)
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

/// `<type>/edit`.
pub(super) fn update(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let id = target_id(et, env)?;
    if et.kind == Kind::Task && env.data.is_array() {
        return update_many_tasks(tx, ctx, env, id);
    }
    let obj = as_object(&env.data, "update")?;
    check_keys(et, obj, &et.update_attributes(), "update")?;
    let (store, mut doc) = get_visible(tx, ctx, et, id)?.ok_or_else(|| not_found(et, id))?;
    let owner_type = entity_type(store).unwrap_or(et);
    check_write(tx, ctx, owner_type, Some(&doc))?;
    if deliveries::has_recipients(owner_type) {
        if let Some(status) = obj.get("status").and_then(Value::as_str) {
            deliveries::check_status_change(tx, &mut doc, status)?;
        }
    }
    apply(owner_type, &mut doc, obj, ctx)?;
    if store == "transfer" {
        match obj.get("status").and_then(Value::as_str) {
            // Ended by the caller: no more simulation.
            Some("aborted" | "done") => {
                if let Value::Object(o) = &mut doc {
                    o.remove(transfers::STEP_KEY);
                }
            }
            // Time spent paused (or before a resume) moves no bytes.
            Some(_) => doc[transfers::STEP_KEY] = json!(ctx.now),
            None => {}
        }
    }
    tx.replace(store, &doc)?;
    Ok(Reply::result(json!([project(&doc, None)])))
}

/// Sets `obj`'s attributes on `doc`, checking statuses and roles.
fn apply(
    et: &EntityType,
    doc: &mut Value,
    obj: &Map<String, Value>,
    ctx: &Ctx<'_>,
) -> Result<(), ApiError> {
    if let Some(status) = obj.get("status") {
        let allowed = et.writeable_statuses();
        if !status.as_str().is_some_and(|s| allowed.contains(&s)) {
            return Err(ApiError::bad(format!(
                "`status` of a {} may be set to one of {}",
                et.name,
                allowed.join(", ")
            )));
        }
    }
    if et.kind == Kind::User {
        if let Some(c) = obj.get("role") {
            if c.as_str().and_then(Role::parse).is_none() {
                return Err(ApiError::bad("`role` must be admin, employee or standard"));
            }
        }
    }
    let Value::Object(target) = doc else {
        return Err(ApiError::Internal(
            "stored document is not an object".into(),
        ));
    };
    for (k, v) in obj {
        target.insert(k.clone(), v.clone());
    }
    target.insert("modified".into(), json!(format_timestamp(ctx.now)));
    Ok(())
}

/// `task/edit` with a list: each item names a task by `id` or `uri`.
fn update_many_tasks(
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
        .map(std::sync::Arc::unwrap_or_clone)
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
        tx.replace("task", &task)?;
        out.push(task);
    }
    let retried = out
        .iter()
        .any(|t| t.get("status").and_then(Value::as_str) == Some("queued"));
    if retried {
        reopen(tx, ctx, store, job)?;
    }
    Ok(Reply::result(Value::Array(out)))
}

/// `<type>/delete`: jobs are archived, other entities removed.
pub(super) fn delete(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let id = target_id(et, env)?;
    let (store, mut doc) = get_visible(tx, ctx, et, id)?.ok_or_else(|| not_found(et, id))?;
    let owner_type = entity_type(store).unwrap_or(et);
    check_write(tx, ctx, owner_type, Some(&doc))?;
    match owner_type.kind {
        Kind::Job => {
            if deliveries::has_recipients(owner_type) {
                deliveries::check_delete(&doc)?;
            }
            if let Value::Object(o) = &mut doc {
                o.remove(transfers::STEP_KEY);
                o.insert("archived".into(), json!(true));
                o.insert("modified".into(), json!(format_timestamp(ctx.now)));
            }
            tx.replace(store, &doc)?;
        }
        Kind::User => {
            if id == ctx.user_id {
                return Err(ApiError::bad(
                    "you cannot delete yourself; ask another admin",
                ));
            }
            tx.delete(store, id)?;
            tx.drop_sessions(id)?;
        }
        _ => {
            tx.delete(store, id)?;
        }
    }
    Ok(Reply::result(json!(true)))
}

/// `user/deactivate` (DELETE, id) and `user/activate` (POST, id or query = code).
pub(super) fn set_user_active(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
    active: bool,
) -> Result<Reply, ApiError> {
    let mut user = match (&env.id, &env.query) {
        (Some(id), _) if is_entity_id(id) => get_visible(tx, ctx, et, id)?.map(|(_, d)| d),
        (Some(code), _) | (None, Some(code)) => {
            let code = code
                .trim()
                .trim_start_matches("code=")
                .trim_matches(['\'', '"']);
            find_user_by_code(tx, code)?
        }
        (None, None) => {
            return Err(ApiError::bad(
                "name the user by `id`, or by `query` = their code",
            ));
        }
    }
    .ok_or_else(|| ApiError::NotFound("no such user".to_owned()))?;
    check_write(tx, ctx, et, Some(&user))?;
    let id = user
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !active && id == ctx.user_id {
        return Err(ApiError::bad(
            "you cannot deactivate yourself; ask another admin",
        ));
    }
    if let Value::Object(o) = &mut user {
        o.insert(
            "status".into(),
            json!(if active { "enabled" } else { "disabled" }),
        );
        o.insert("modified".into(), json!(format_timestamp(ctx.now)));
    }
    tx.replace("user", &user)?;
    if !active {
        tx.drop_sessions(&id)?;
    }
    Ok(Reply::result(json!(true)))
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
