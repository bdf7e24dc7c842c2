//! Who may read and write what, after the official permission table:
//! admins everything; employees jobs and data but no administration;
//! standard users only their own jobs, deliveries they receive and what an
//! ACL grants them. A forbidden read looks like a missing entity.

use serde_json::Value;

use super::Ctx;
use super::types::{EntityType, Kind};
use crate::reply::ApiError;
use crate::seed::Role;
use crate::store::Tx;

fn str_field<'v>(doc: &'v Value, key: &str) -> Option<&'v str> {
    doc.get(key).and_then(Value::as_str)
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

/// The job a task belongs to, from whichever job store holds it.
pub(crate) fn parent_job(tx: &Tx<'_>, task: &Value) -> Result<Option<Value>, ApiError> {
    let Some(parent) = str_field(task, "job") else {
        return Ok(None);
    };
    for store in ["transfer", "delivery", "request"] {
        if let Some(job) = tx.get(store, parent)? {
            return Ok(Some(job));
        }
    }
    Ok(None)
}

/// Whether the caller may see `doc`.
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
    let own = str_field(doc, "user") == Some(ctx.user_id.as_str());
    Ok(match et.kind {
        Kind::User => staff || str_field(doc, "id") == Some(ctx.user_id.as_str()),
        Kind::Job => staff || is_party(ctx, doc),
        Kind::Task => {
            staff
                || parent_job(tx, doc)?
                    .as_ref()
                    .is_some_and(|job| is_party(ctx, job))
        }
        Kind::Infrastructure => staff || own,
        Kind::Acl => {
            staff || str_field(doc, "entity") == Some(format!("user:{}", ctx.user_id).as_str())
        }
    })
}

/// Refuses a write the caller's role does not allow. `doc` is the entity as
/// stored (None for a create).
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
        Kind::User | Kind::Infrastructure | Kind::Acl => false,
        Kind::Job => {
            ctx.role == Role::Employee
                || doc.is_none_or(|d| str_field(d, "user") == Some(ctx.user_id.as_str()))
        }
        Kind::Task => {
            ctx.role == Role::Employee
                || match doc {
                    Some(task) => parent_job(tx, task)?
                        .is_some_and(|job| str_field(&job, "user") == Some(ctx.user_id.as_str())),
                    // Creating tasks is checked against the parent job.
                    None => true,
                }
        }
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
