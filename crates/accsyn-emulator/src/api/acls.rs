//! ACLs on shares: `acl/create` (a grant, updated in place when the user
//! already has one on the share), the access list of `acl/find` (recursive
//! for a volume: its folders' and homes' ACLs too), and revoke by
//! `acl/delete`.

use serde_json::{Map, Value, json};

use super::rules::context::Ctx;
use super::rules::people::resolve_user;
use super::rules::roles::{acl_target, check_write};
use super::rules::shares::{find_share, is_live};
use super::rules::str_field;
use super::rules::types::EntityType;
use super::rules::validate::{as_object, check_keys};
use super::rules::visible::project;
use super::shares::share_hr;
use crate::clock::format_timestamp;
use crate::http::{Envelope, role_of};
use crate::id::new_entity_id;
use crate::reply::{ApiError, Reply};
use crate::store::Tx;

use accsyn_model::{ShareKind, ShareTarget};

fn flag(obj: &Map<String, Value>, key: &str, default: bool) -> Result<bool, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::bad(format!("`{key}` must be true or false"))),
    }
}

/// An ACL path, relative to its share: `/` (or nothing) is the whole share.
fn acl_path(obj: &Map<String, Value>) -> Result<String, ApiError> {
    let path = match obj.get("path") {
        None | Some(Value::Null) => "/",
        Some(Value::String(p)) => p.as_str(),
        Some(_) => return Err(ApiError::bad("`path` is a path relative to the share")),
    };
    let trimmed = path.trim().trim_matches('/');
    if trimmed.split('/').any(|p| p == ".." || p == ".") || path.contains('\0') {
        return Err(ApiError::bad(
            "an ACL's `path` is relative to its share, without `..`",
        ));
    }
    Ok(if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    })
}

/// `user:<code>[<role>](<id>)`.
fn user_hr(user: &Value) -> String {
    format!(
        "user:{}[{}]({})",
        str_field(user, "code").unwrap_or_default(),
        role_of(user),
        str_field(user, "id").unwrap_or_default()
    )
}

/// `acl/create`: grants a user read and/or write on a share, at a path.
pub(super) fn create(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let obj = as_object(&env.data, "create")?;
    check_keys(et, obj, &et.create_attributes(), "create")?;
    let (read, write) = (flag(obj, "read", false)?, flag(obj, "write", false)?);
    if !read && !write {
        return Err(ApiError::bad(
            "grant `read`, `write` or both: an ACL granting neither is refused",
        ));
    }
    let field = |key: &str| {
        obj.get(key).and_then(Value::as_str).ok_or_else(|| {
            ApiError::bad(format!(
                "an acl needs `{key}`, like `user:<id>` or `share:<id>`"
            ))
        })
    };
    let who = field("entity")?
        .strip_prefix("user:")
        .ok_or_else(|| ApiError::bad("an acl's `entity` is `user:<id or email>`"))?;
    let target = field("target")?
        .strip_prefix("share:")
        .ok_or_else(|| ApiError::bad("an acl's `target` is `share:<id or code>`"))?;
    let ts = format_timestamp(ctx.now);
    let share_target = match crate::id::is_entity_id(target) {
        true => ShareTarget::Id(
            accsyn_model::EntityId::parse(&target.to_ascii_lowercase())
                .map_err(|_| ApiError::bad("a share id is 24 hex digits"))?,
        ),
        false => ShareTarget::Code(target.to_owned()),
    };
    let (store, share) = find_share(tx, ShareKind::Share, &share_target)?
        .filter(|(_, s)| is_live(s))
        .ok_or_else(|| ApiError::NotFound(format!("no live share {target}")))?;
    let share_id = str_field(&share, "id").unwrap_or_default().to_owned();
    let mut doc = Map::new();
    doc.insert("target".into(), json!(format!("share:{share_id}")));
    // Whether the caller may grant on this share: the ACL rules decide
    // from the target.
    check_write(tx, ctx, et, Some(&Value::Object(doc.clone())))?;
    let invite = flag(obj, "invite", true)?;
    let user = resolve_user(tx, who, invite, &ts)?;
    let user_id = str_field(&user, "id").unwrap_or_default().to_owned();
    let path = acl_path(obj)?;
    let entity = format!("user:{user_id}");
    let existing = tx
        .list("acl")?
        .iter()
        .find(|a| {
            str_field(a, "entity") == Some(entity.as_str())
                && str_field(a, "target") == Some(format!("share:{share_id}").as_str())
                && a.get("archived").and_then(Value::as_bool) != Some(true)
        })
        .cloned();
    let doc = match existing {
        // Granting again updates the grant: the official client's grant is
        // an idempotent upsert.
        Some(acl) => {
            let mut acl = Value::clone(&acl);
            acl["read"] = json!(read || write);
            acl["write"] = json!(write);
            acl["path"] = json!(path);
            acl["modified"] = json!(ts);
            tx.replace("acl", &acl)?;
            acl
        }
        None => {
            let doc = json!({
                "id": new_entity_id(),
                "entity": entity,
                "entity_hr": user_hr(&user),
                "target": format!("share:{share_id}"),
                "target_hr": share_hr(store, &share),
                "read": read || write,
                "write": write,
                "path": path,
                "notify": flag(obj, "notify", true)?,
                "acknowledged": false,
                "inactive": false,
                "created": ts,
                "modified": ts,
            });
            let doc = tx.insert("acl", doc)?;
            Value::clone(&doc)
        }
    };
    Ok(Reply::result(json!([access_form(project(&doc, None))])))
}

/// A granted ACL as the file-sharing document promises it: "the same form as the access
/// list query would return" (`user`, `user_hr`, `share`, `share_hr`, as the official
/// client's `access` maps them), beside the ACL's own attributes.
fn access_form(mut acl: Value) -> Value {
    let Value::Object(o) = &mut acl else {
        return acl;
    };
    let id_of = |party: Option<&Value>| {
        party
            .and_then(Value::as_str)
            .and_then(|p| p.split_once(':'))
            .map(|(_, id)| json!(id))
    };
    let pairs = [("user", "entity"), ("share", "target")];
    for (name, attr) in pairs {
        if let Some(id) = id_of(o.get(attr)) {
            o.insert(name.into(), id);
        }
        if let Some(hr) = o.get(&format!("{attr}_hr")).cloned() {
            o.insert(format!("{name}_hr"), hr);
        }
    }
    acl
}

/// Refuses an ACL update that would grant neither read nor write.
pub(super) fn check_update(doc: &Value, obj: &Map<String, Value>) -> Result<(), ApiError> {
    let now = |k: &str| match obj.get(k) {
        Some(v) => v.as_bool(),
        None => doc.get(k).and_then(Value::as_bool),
    };
    if now("read") != Some(true) && now("write") != Some(true) {
        return Err(ApiError::bad(
            "an ACL grants `read`, `write` or both; revoke it (acl/delete) to remove access",
        ));
    }
    if obj.contains_key("path") {
        acl_path(obj)?;
    }
    Ok(())
}

/// How an ACL shows itself to a recursive access list of a volume: ACLs on
/// folders and homes of the volume answer to `target=share:<volume id>`.
pub(super) fn recursive_view(tx: &Tx<'_>, acl: &Value) -> Result<Option<Value>, ApiError> {
    let Some(target) = acl_target(tx, acl)? else {
        return Ok(None);
    };
    for store in ["folder", "home"] {
        if let Some(share) = tx.get(store, &target)? {
            if let Some(volume) = str_field(&share, "parent") {
                let mut view = acl.clone();
                view["target"] = json!(format!("share:{volume}"));
                return Ok(Some(view));
            }
        }
    }
    Ok(None)
}
