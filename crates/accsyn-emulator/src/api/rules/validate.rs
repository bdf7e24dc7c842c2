//! Checks every write shares: the entity a call targets, the attributes a
//! create or update may set, and statuses and roles set by an update.

use serde_json::{Map, Value, json};

use super::context::Ctx;
use super::types::{EntityType, Kind, RESERVED};
use crate::clock::format_timestamp;
use crate::http::Envelope;
use crate::reply::ApiError;
use crate::seed::known_role;
pub(crate) fn not_found(et: &EntityType, id: &str) -> ApiError {
    let shown: String = id.chars().take(40).collect();
    ApiError::NotFound(format!("no {} with id {shown}", et.name))
}

pub(crate) fn target_id<'e>(et: &EntityType, env: &'e Envelope) -> Result<&'e str, ApiError> {
    env.id
        .as_deref()
        .ok_or_else(|| ApiError::bad(format!("this operation needs `id`, the {}'s id", et.name)))
}

/// Refuses keys a create or update may not set.
pub(crate) fn check_keys(
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

pub(crate) fn as_object<'v>(
    data: &'v Value,
    what: &str,
) -> Result<&'v Map<String, Value>, ApiError> {
    data.as_object()
        .ok_or_else(|| ApiError::bad(format!("a {what}'s `data` must be an object")))
}

/// The items of a `tasks` value: a list, or one task.
pub(crate) fn task_items(tasks: &Value) -> Vec<&Value> {
    match tasks {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// Sets `obj`'s attributes on `doc`, checking statuses and roles.
pub(crate) fn apply(
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
            if c.as_str().and_then(known_role).is_none() {
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
    if target.contains_key("modifier") {
        target.insert("modifier".into(), json!(ctx.user_code));
    }
    Ok(())
}
