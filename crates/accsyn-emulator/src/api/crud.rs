//! Generic create, update and delete; tasks and users have their own modules.

use serde_json::{Map, Value, json};

use super::acls;
use super::deliveries;
use super::publish;
use super::rules;
use super::rules::complete;
use super::rules::context::Ctx;
use super::rules::keys;
use super::rules::paths::Touch;
use super::rules::roles::{check_paths, check_write};
use super::rules::shares::file_name;
use super::rules::simulation;
use super::rules::tasks::{JobRef, first_file_name, insert_tasks};
use super::rules::types::{EntityType, Kind, entity_type, has_recipients};
use super::rules::validate::{apply, as_object, check_keys, not_found, target_id, task_items};
use super::rules::visible::{get_visible, project};
use super::shares;
use super::tasks::{create_tasks, update_many_tasks};
use crate::clock::format_timestamp;
use crate::http::Envelope;
use crate::id::{new_entity_id, new_secret};
use crate::reply::{ApiError, Reply};
use crate::seed::{Role, known_role};
use crate::store::Tx;

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
    match et.kind {
        Kind::Share => return shares::create(tx, ctx, et, env),
        Kind::Acl => return acls::create(tx, ctx, et, env),
        Kind::File => {
            return Err(ApiError::bad(
                "files join a collection through file/add (id = the collection)",
            ));
        }
        _ => {}
    }
    let ts = format_timestamp(ctx.now);
    if et.name == "job" {
        return create_publish_job(tx, ctx, env, &ts);
    }
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
    let created = match et.kind {
        Kind::Task => create_tasks(tx, ctx, et, env, &ts)?
            .iter()
            .map(|t| project(t, None))
            .collect(),
        _ => {
            let obj = as_object(&env.data, "create")?;
            check_keys(et, obj, &et.create_attributes(), "create")?;
            vec![create_one(tx, ctx, et, store, obj, &ts)?]
        }
    };
    Ok(Reply::result(Value::Array(created)))
}

/// `job/create` with a publish hook: an upload whose tasks go where the
/// pre-publish placed their entries (see `publish`).
fn create_publish_job(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
    ts: &str,
) -> Result<Reply, ApiError> {
    let obj = as_object(&env.data, "create")?;
    let tasks = publish::publish_tasks(obj)?.ok_or_else(|| {
        ApiError::bad(
            "create a transfer, delivery or request; a job is created only as a publish job, with a hook-job-publish-server hook",
        )
    })?;
    let transfer = entity_type("transfer")
        .ok_or_else(|| ApiError::Internal("transfer type missing".into()))?;
    check_write(tx, ctx, transfer, None)?;
    let mut job = obj.clone();
    job.insert("tasks".into(), Value::Array(tasks));
    let name = job
        .get("name")
        .or_else(|| job.get("code"))
        .cloned()
        .unwrap_or(json!("publish"));
    job.entry("name").or_insert(name);
    check_keys(transfer, &job, &transfer.create_attributes(), "create")?;
    let created = create_one(tx, ctx, transfer, "transfer", &job, ts)?;
    Ok(Reply::result(json!([created])))
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
            // A user's code names their desktop app's folder in the data
            // dir: a slash would let it point outside (`../../x@y`).
            if !code.contains('@') || !crate::setup::valid_code(&code) {
                return Err(ApiError::bad(
                    "a user's `code` is their email, without slashes or control characters",
                ));
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
                    .and_then(known_role)
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
            complete::user(&mut doc);
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
            let parented = if et.name == "transfer" {
                rules::parented::prepare(tx, ctx, &mut doc)?
            } else {
                None
            };
            let tasks = parented
                .clone()
                .or_else(|| doc.remove("tasks"))
                .or_else(|| {
                    let source = doc.get("source").filter(|_| et.name == "transfer")?;
                    let mut task = Map::new();
                    task.insert("source".into(), source.clone());
                    if let Some(d) = doc.get("destination") {
                        task.insert("destination".into(), d.clone());
                    }
                    Some(Value::Array(vec![Value::Object(task)]))
                });
            if let Some(tasks) = &tasks {
                rules::tasks::check_task_count(tasks)?;
            }
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
                doc.insert(keys::STEP_KEY.into(), json!(ctx.now));
            }
            let allow_duplicates = doc.remove("allow_duplicates").and_then(|v| v.as_bool());
            if has_recipients(et) {
                let explicit = obj.get("status").and_then(Value::as_str);
                deliveries::prepare_create(tx, ctx, et, &mut doc, explicit, tasks.as_ref(), ts)?;
            }
            if parented.is_none() {
                // Transfers beneath a delivery reach storage through it.
                let mut touch = Touch::default();
                touch.add_paths(tx, store, &Value::Object(doc.clone()))?;
                for task in tasks.iter().flat_map(task_items) {
                    touch.add_paths(tx, store, task)?;
                }
                check_paths(tx, ctx, &touch)?;
            }
            if et.name == "transfer" {
                complete::transfer(tx, &mut doc, tasks.as_ref())?;
            }
            if let Some(tasks) = tasks {
                let job = JobRef {
                    id: &id,
                    store,
                    name: &name,
                    owner: &ctx.user_id,
                };
                let added = insert_tasks(tx, &job, tasks, ts, Vec::new(), allow_duplicates)?;
                if store == "transfer" {
                    let data_dir = &ctx.state.data_dir;
                    let size = simulation::measure_tasks(
                        tx,
                        data_dir,
                        &Value::Object(doc.clone()),
                        &added,
                    )?;
                    doc.insert("size".into(), json!(size));
                }
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
        // Shares, ACLs and files have their own creates.
        Kind::Share | Kind::Acl | Kind::File | Kind::Task => {}
    }
    doc.insert("id".into(), json!(id));
    doc.insert("created".into(), json!(ts));
    doc.insert("modified".into(), json!(ts));
    let doc = tx.insert(store, Value::Object(doc))?;
    Ok(project(&doc, None))
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
    if has_recipients(owner_type) {
        if let Some(status) = obj.get("status").and_then(Value::as_str) {
            deliveries::check_status_change(tx, store, &mut doc, status, ctx.now)?;
        }
    }
    match owner_type.kind {
        Kind::Share => shares::before_update(tx, ctx, store, &doc, obj)?,
        Kind::Acl => acls::check_update(&doc, obj)?,
        _ => {}
    }
    apply(owner_type, &mut doc, obj, ctx)?;
    if store == "transfer" {
        match obj.get("status").and_then(Value::as_str) {
            // Ended by the caller: no more simulation.
            Some("aborted" | "done") => {
                if let Value::Object(o) = &mut doc {
                    o.remove(keys::STEP_KEY);
                }
            }
            // Time spent paused (or before a resume) moves no bytes.
            Some(_) => doc[keys::STEP_KEY] = json!(ctx.now),
            None => {}
        }
    }
    tx.replace(store, &doc)?;
    Ok(Reply::result(json!([project(&doc, None)])))
}

/// `<type>/delete`: jobs are archived, other entities removed.
pub(super) fn delete(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    match et.kind {
        Kind::Share => return shares::delete(tx, ctx, et, env),
        Kind::File => {
            return Err(ApiError::bad(
                "collection files leave through collection/file/remove (id = the collection)",
            ));
        }
        // The transfers document: tasks stay, for audit and security.
        Kind::Task => {
            return Err(ApiError::bad(
                "tasks cannot be deleted; set the task's status to excluded to leave it out",
            ));
        }
        _ => {}
    }
    let id = target_id(et, env)?;
    let (store, mut doc) = get_visible(tx, ctx, et, id)?.ok_or_else(|| not_found(et, id))?;
    let owner_type = entity_type(store).unwrap_or(et);
    check_write(tx, ctx, owner_type, Some(&doc))?;
    match owner_type.kind {
        Kind::Job => {
            if has_recipients(owner_type) {
                deliveries::check_delete(&doc)?;
            }
            if let Value::Object(o) = &mut doc {
                o.remove(keys::STEP_KEY);
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
