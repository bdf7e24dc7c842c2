//! Who may read and write what, after the official permission table:
//! admins everything; employees jobs and data on the volumes granted to
//! them (ACL entries `user:<id>` → `share:<volume id>` with `read` and
//! `write`), but no administration; standard users only their own jobs,
//! deliveries they receive and the shares an ACL grants them. Another
//! user's job is visible with read on every volume it touches and
//! changeable only with write on every one. A forbidden read looks like a
//! missing entity; a forbidden write is a message.

use std::collections::HashMap;

use serde_json::Value;

use super::context::{Ctx, Grant};
use super::jobs::{job_of_task, store_of_task};
use super::paths::Touch;
use super::str_field;
use super::types::{EntityType, Kind};
use crate::reply::ApiError;
use crate::seed::Role;
use crate::store::Tx;

/// The caller's grants by volume code.
fn grant(tx: &Tx<'_>, ctx: &Ctx<'_>, volume: &str) -> Result<Grant, ApiError> {
    let mut cache = ctx.roles.borrow_mut();
    if cache.grants.is_none() {
        let me = format!("user:{}", ctx.user_id);
        let me_by_code = format!("user:{}", ctx.user_code);
        let volumes = tx.list("volume")?;
        let mut grants: HashMap<String, Grant> = HashMap::new();
        for acl in tx.list("acl")? {
            let entity = str_field(&acl, "entity").unwrap_or_default();
            if entity != me && !entity.eq_ignore_ascii_case(&me_by_code) {
                continue;
            }
            let Some(target) = str_field(&acl, "target").and_then(|t| t.strip_prefix("share:"))
            else {
                continue;
            };
            let Some(code) = volumes
                .iter()
                .find(|v| {
                    str_field(v, "id") == Some(target) || str_field(v, "code") == Some(target)
                })
                .and_then(|v| str_field(v, "code"))
            else {
                continue;
            };
            let flag = |k: &str| acl.get(k).and_then(Value::as_bool) == Some(true);
            let g = grants.entry(code.to_owned()).or_default();
            g.read |= flag("read") || flag("write");
            g.write |= flag("write");
        }
        cache.grants = Some(grants);
    }
    Ok(cache
        .grants
        .as_ref()
        .and_then(|g| g.get(volume).copied())
        .unwrap_or_default())
}

/// The volumes a stored job touches, through its own paths and its tasks'.
fn touch_of(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, job: &Value) -> Result<Touch, ApiError> {
    let id = str_field(job, "id").unwrap_or_default();
    if ctx.roles.borrow().touches.is_none() {
        // Built once per event for all jobs, so a find stays linear.
        let mut stores: HashMap<String, &'static str> = HashMap::new();
        let mut touches: HashMap<String, Touch> = HashMap::new();
        for task in tx.list("task")?.iter() {
            let Some(job) = str_field(task, "job") else {
                continue;
            };
            let store = match stores.get(job) {
                Some(store) => *store,
                None => {
                    let store = store_of_task(tx, job)?;
                    stores.insert(job.to_owned(), store);
                    store
                }
            };
            touches.entry(job.to_owned()).or_default().add_paths(
                tx,
                store,
                &super::party::specs_of(task),
            )?;
        }
        ctx.roles.borrow_mut().touches = Some(touches);
    }
    let mut touch = ctx
        .roles
        .borrow()
        .touches
        .as_ref()
        .and_then(|t| t.get(id).cloned())
        .unwrap_or_default();
    touch.add_paths(tx, store, &super::party::specs_of(job))?;
    Ok(touch)
}

/// Whether the caller's grants cover `touch`: read on every volume read,
/// write on every volume written.
fn granted(tx: &Tx<'_>, ctx: &Ctx<'_>, touch: &Touch) -> Result<bool, ApiError> {
    for v in &touch.reads {
        if !grant(tx, ctx, v)?.read {
            return Ok(false);
        }
    }
    for v in &touch.writes {
        if !grant(tx, ctx, v)?.write {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Refuses a new job's (or new tasks') storage paths on volumes the caller
/// has no grant for: reading needs `read`, writing needs `write`.
pub(crate) fn check_paths(tx: &Tx<'_>, ctx: &Ctx<'_>, touch: &Touch) -> Result<(), ApiError> {
    if ctx.role == Role::Admin || granted(tx, ctx, touch)? {
        return Ok(());
    }
    Err(ApiError::Forbidden(format!(
        "a {} user works only on volumes granted to them (read: {}; write: {}); ask a workspace admin for access",
        ctx.role,
        touch.reads.join(", "),
        touch.writes.join(", ")
    )))
}

/// Whether the caller owns or receives this job.
fn is_party(ctx: &Ctx<'_>, job: &Value) -> bool {
    if str_field(job, "user") == Some(ctx.user_id.as_str()) {
        return true;
    }
    job.get("recipients")
        .and_then(Value::as_array)
        .is_some_and(|rs| {
            rs.iter().any(|r| {
                let r = r.get("user").or_else(|| r.get("id")).unwrap_or(r);
                r.as_str()
                    .is_some_and(|r| r == ctx.user_id || r.eq_ignore_ascii_case(&ctx.user_code))
            })
        })
}

/// Whether the caller owns the delivery or request a transfer sits beneath:
/// its owner lists the transfers of its recipients.
fn owns_parent(tx: &Tx<'_>, ctx: &Ctx<'_>, job: &Value) -> Result<bool, ApiError> {
    Ok(super::jobs::parent_of_transfer(tx, job)?
        .is_some_and(|(_, p)| str_field(&p, "user") == Some(ctx.user_id.as_str())))
}

/// Whether an employee's grants reach a job they are no party to. Jobs
/// beneath a delivery are reached through it, never through volumes.
/// Seeing the job needs read on every volume it touches; changing it
/// (editing, pausing, archiving, excluding its tasks) needs write on every
/// one, whichever way the job moves data: read gives visibility only.
fn reach(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    store: &str,
    job: &Value,
    write: bool,
) -> Result<bool, ApiError> {
    if ctx.role != Role::Employee || job.get("parent").is_some_and(Value::is_string) {
        return Ok(false);
    }
    let touch = touch_of(tx, ctx, store, job)?;
    if touch.is_empty() {
        return Ok(false);
    }
    let every: Vec<String> = touch.reads.iter().chain(&touch.writes).cloned().collect();
    let needed = if write {
        Touch {
            reads: Vec::new(),
            writes: every,
        }
    } else {
        Touch {
            reads: every,
            writes: Vec::new(),
        }
    };
    granted(tx, ctx, &needed)
}

fn can_read_job(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, job: &Value) -> Result<bool, ApiError> {
    Ok(is_party(ctx, job) || owns_parent(tx, ctx, job)? || reach(tx, ctx, store, job, false)?)
}

/// Whether the caller may see `doc`; `et` is the type of the store that
/// holds it.
pub(crate) fn can_read(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    doc: &Value,
) -> Result<bool, ApiError> {
    if ctx.role == Role::Admin {
        return Ok(true);
    }
    let staff = ctx.role == Role::Employee;
    Ok(match et.kind {
        Kind::User => staff || str_field(doc, "id") == Some(ctx.user_id.as_str()),
        Kind::Job => can_read_job(tx, ctx, et.name, doc)?,
        Kind::Task => match job_of_task(tx, doc)? {
            Some((store, job)) => can_read_job(tx, ctx, store, &job)?,
            None => false,
        },
        Kind::Infrastructure if et.name == "volume" => {
            let code = str_field(doc, "code").unwrap_or_default();
            grant(tx, ctx, code)?.read
        }
        Kind::Infrastructure => staff || str_field(doc, "user") == Some(ctx.user_id.as_str()),
        Kind::Acl => str_field(doc, "entity") == Some(format!("user:{}", ctx.user_id).as_str()),
    })
}

fn can_write_job(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, job: &Value) -> Result<bool, ApiError> {
    Ok(str_field(job, "user") == Some(ctx.user_id.as_str()) || reach(tx, ctx, store, job, true)?)
}

/// Refuses a write the caller's role does not allow. `doc` is the entity as
/// stored (None for a create, whose paths [`check_paths`] checks).
pub(crate) fn check_write(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    doc: Option<&Value>,
) -> Result<(), ApiError> {
    if ctx.role == Role::Admin {
        return Ok(());
    }
    let allowed = match et.kind {
        // Volume administration, users, clients and ACLs are the admins'.
        Kind::User | Kind::Infrastructure | Kind::Acl => false,
        Kind::Job => match doc {
            Some(job) => can_write_job(tx, ctx, et.name, job)?,
            None => true,
        },
        Kind::Task => match doc {
            Some(task) => match job_of_task(tx, task)? {
                Some((store, job)) => can_write_job(tx, ctx, store, &job)?,
                None => false,
            },
            // Creating tasks is checked against the parent job.
            None => true,
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "a {} user may not change this {}; ask a workspace admin",
            ctx.role, et.name
        )))
    }
}
