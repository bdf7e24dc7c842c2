//! Settings (`setting`): GET one (`name`) or all of an entity's, PUT one,
//! DELETE one; per entity type (`workspace` by default, without an id) and
//! entity id. Reading needs the entity visible; changing needs the right
//! to change it (the workspace, volumes, queues and clients: admins).

use serde_json::{Map, Value, json};

use super::rules::context::Ctx;
use super::rules::roles::check_write;
use super::rules::str_field;
use super::rules::types::entity_type;
use super::rules::visible::get_visible;
use crate::http::Envelope;
use crate::id::{is_entity_id, new_entity_id};
use crate::reply::{ApiError, Reply};
use crate::seed::Role;
use crate::store::Tx;

/// The settings every entity of a type has until set: the emulator's own
/// small table (the backend's is larger and undocumented).
pub(crate) const DEFAULTS: &[(&str, &str, &str)] = &[
    ("workspace", "job_retention_days", "14"),
    ("workspace", "transfer_speed_limit", "0"),
    ("workspace", "notify", "true"),
    ("user", "notify", "true"),
    ("volume", "transfer_speed_limit", "0"),
    ("queue", "compute_avoid", ""),
];

/// Entity types that have settings; `queue` entities are not served, so
/// their ids are taken on trust.
const TYPES: &[&str] = &[
    "workspace",
    "user",
    "volume",
    "folder",
    "home",
    "collection",
    "transfer",
    "delivery",
    "request",
    "job",
    "queue",
    "client",
    "server",
];

/// The entity the call is about: its type and id (`""` for the workspace).
fn entity(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
    write: bool,
) -> Result<(String, String), ApiError> {
    let ty = env
        .data
        .get("entitytype")
        .and_then(Value::as_str)
        .unwrap_or("workspace")
        .trim()
        .to_ascii_lowercase();
    if !TYPES.contains(&ty.as_str()) {
        let shown: String = ty.chars().take(40).collect();
        return Err(ApiError::bad(format!(
            "`{shown}` has no settings; use one of {}",
            TYPES.join(", ")
        )));
    }
    let admin_only = matches!(ty.as_str(), "workspace" | "queue");
    if ty == "workspace" {
        if write && ctx.role != Role::Admin {
            return Err(ApiError::Forbidden(
                "workspace settings are for admins".into(),
            ));
        }
        return Ok((ty, String::new()));
    }
    let id = env
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| is_entity_id(id))
        .ok_or_else(|| ApiError::bad(format!("give the {ty}'s id")))?
        .to_ascii_lowercase();
    if admin_only {
        if write && ctx.role != Role::Admin {
            return Err(ApiError::Forbidden(format!("{ty} settings are for admins")));
        }
        return Ok((ty, id));
    }
    let et = entity_type(&ty).ok_or_else(|| ApiError::Internal(format!("{ty} type missing")))?;
    let (store, doc) = get_visible(tx, ctx, et, &id)?
        .ok_or_else(|| ApiError::NotFound(format!("no {ty} with id {id}")))?;
    if write {
        let owner = entity_type(store).unwrap_or(et);
        // Users change their own settings.
        let own_user = store == "user" && id == ctx.user_id;
        if !own_user {
            check_write(tx, ctx, owner, Some(&doc))?;
        }
    }
    Ok((ty, id))
}

fn name_arg(env: &Envelope) -> Result<String, ApiError> {
    env.data
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.len() <= 200)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::bad("give the setting's `name`"))
}

/// The stored settings of an entity.
fn stored(tx: &Tx<'_>, ty: &str, id: &str) -> Result<Vec<Value>, ApiError> {
    Ok(tx
        .list("setting")?
        .iter()
        .filter(|s| str_field(s, "entitytype") == Some(ty) && str_field(s, "entity") == Some(id))
        .map(|s| Value::clone(s))
        .collect())
}

/// The workspace's `job_retention_days`: how many days finished jobs stay before they are
/// purged to the archive (the default when unset or not a number).
pub(super) fn job_retention_days(tx: &Tx<'_>) -> Result<u64, ApiError> {
    const NAME: &str = "job_retention_days";
    let set = stored(tx, "workspace", "")?
        .into_iter()
        .find(|s| str_field(s, "name") == Some(NAME))
        .and_then(|s| str_field(&s, "value").and_then(|v| v.trim().parse().ok()));
    let default = defaults("workspace")
        .find(|(name, _)| *name == NAME)
        .and_then(|(_, value)| value.parse().ok());
    Ok(set.or(default).unwrap_or(14))
}

fn defaults(ty: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    DEFAULTS
        .iter()
        .filter(move |(t, _, _)| *t == ty)
        .map(|(_, n, v)| (*n, *v))
}

fn flag(data: &Value, key: &str, default: bool) -> Result<bool, ApiError> {
    match data.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::bad(format!("`{key}` must be true or false"))),
    }
}

/// `setting` with GET, PUT or DELETE.
pub(super) fn handle(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    use axum::http::Method;
    if !matches!(env.data, Value::Object(_)) {
        return Err(ApiError::bad(
            "a setting call's `data` is an object with `entitytype`",
        ));
    }
    match ctx.method {
        Method::GET => get(tx, ctx, env),
        Method::PUT => set(tx, ctx, env),
        Method::DELETE => remove(tx, ctx, env),
        _ => Err(ApiError::bad("`setting` is called with GET, PUT or DELETE")),
    }
}

/// One setting's value (the stored one, else the default, else null), or
/// all of an entity's as `{name: value}`: with `omit_defaults` (the
/// official client's default) only those set; with `upstream` also the
/// workspace's, beneath the entity's own.
fn get(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let (ty, id) = entity(tx, ctx, env, false)?;
    let set = stored(tx, &ty, &id)?;
    if env.data.get("name").is_some_and(|n| !n.is_null()) {
        let name = name_arg(env)?;
        let value = set
            .iter()
            .find(|s| str_field(s, "name") == Some(name.as_str()))
            .and_then(|s| s.get("value").cloned())
            .or_else(|| {
                defaults(&ty)
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| json!(v))
            })
            .unwrap_or(Value::Null);
        return Ok(Reply::result(value));
    }
    let mut all = Map::new();
    if !flag(&env.data, "omit_defaults", true)? {
        for (name, value) in defaults(&ty) {
            all.insert(name.into(), json!(value));
        }
    }
    if flag(&env.data, "upstream", false)? && ty != "workspace" {
        for s in stored(tx, "workspace", "")? {
            if let (Some(name), Some(value)) = (str_field(&s, "name"), s.get("value")) {
                all.insert(name.into(), value.clone());
            }
        }
    }
    for s in set {
        if let (Some(name), Some(value)) = (str_field(&s, "name"), s.get("value")) {
            all.insert(name.into(), value.clone());
        }
    }
    Ok(Reply::result(Value::Object(all)))
}

/// Sets a setting (a string value, as the official client sends).
fn set(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let (ty, id) = entity(tx, ctx, env, true)?;
    let name = name_arg(env)?;
    let value = match env.data.get("value") {
        Some(Value::String(v)) if v.len() <= 64 << 10 => v.clone(),
        _ => {
            return Err(ApiError::bad(
                "a setting's `value` is a string (at most 64 KiB)",
            ));
        }
    };
    let existing = stored(tx, &ty, &id)?
        .into_iter()
        .find(|s| str_field(s, "name") == Some(name.as_str()));
    match existing {
        Some(mut s) => {
            s["value"] = json!(value);
            tx.replace("setting", &s)?;
        }
        None => {
            tx.insert(
                "setting",
                json!({"id": new_entity_id(), "entitytype": ty, "entity": id, "name": name, "value": value}),
            )?;
        }
    }
    Ok(Reply::result(json!(true)))
}

/// Deletes a setting; whether one was set.
fn remove(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let (ty, id) = entity(tx, ctx, env, true)?;
    let name = name_arg(env)?;
    let mut removed = false;
    for s in stored(tx, &ty, &id)? {
        if str_field(&s, "name") == Some(name.as_str()) {
            removed |= tx.delete("setting", str_field(&s, "id").unwrap_or_default())?;
        }
    }
    Ok(Reply::result(json!(removed)))
}
