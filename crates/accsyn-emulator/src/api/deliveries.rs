//! Deliveries and upload requests: temporary ones (init, expiring after 8
//! hours of emulator time) or from existing storage files (submitted at
//! once), recipients with invitation, the access list, revoke, submit, and
//! delete only before submit.

use serde_json::{Map, Value, json};

use super::rules::context::Ctx;
use super::rules::keys::SIZED_KEY;
use super::rules::paths::storage_file;
use super::rules::people::resolve_user;
use super::rules::roles::check_write;
use super::rules::str_field;
use super::rules::types::{EntityType, RECIPIENT_STORES, entity_type};
use super::rules::visible::get_visible;
use crate::clock::{Millis, format_timestamp};
use crate::http::{Envelope, find_user_by_code, role_of};
use crate::id::is_entity_id;
use crate::reply::{ApiError, Reply};
use crate::store::Tx;

/// How long a delivery or request may stay in `init` (emulator time).
const TEMPORARY_LIFETIME: Millis = 8 * 3_600_000;
/// How long a submitted delivery stays `pending` while its size is
/// calculated (emulator time), before it moves to `waiting`.
pub(super) const SIZING_TIME: Millis = 1_000;

/// A recipient entry as the access list shows it.
fn access_entry(tx: &Tx<'_>, entry: &Value) -> Result<Value, ApiError> {
    let uid = str_field(entry, "user").unwrap_or_default();
    let user_hr = match tx.get("user", uid)? {
        Some(u) => format!(
            "user:{}[{}]({uid})",
            str_field(&u, "code").unwrap_or_default(),
            role_of(&u)
        ),
        None => format!("user:({uid})"),
    };
    Ok(json!({
        "actioned": entry.get("actioned").and_then(Value::as_bool).unwrap_or(false),
        "user": uid,
        "user_hr": user_hr,
    }))
}

/// Prepares a new delivery or request: recipients (inviting), storage
/// files (refusing missing ones), status and expiry. `tasks` are the given
/// files and `explicit` the status the caller asked for; the caller inserts
/// the files once this returns.
pub(super) fn prepare_create(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    doc: &mut Map<String, Value>,
    explicit: Option<&str>,
    tasks: Option<&Value>,
    ts: &str,
) -> Result<(), ApiError> {
    let invite = doc
        .remove("invite")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let mut recipients = Vec::new();
    match doc.remove("recipients") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let who = item
                    .as_str()
                    .or_else(|| str_field(&item, "id"))
                    .or_else(|| str_field(&item, "code"))
                    .ok_or_else(|| ApiError::bad("`recipients` lists user ids or emails"))?;
                let user = resolve_user(tx, who, invite, ts)?;
                let uid = str_field(&user, "id").unwrap_or_default().to_owned();
                if !recipients
                    .iter()
                    .any(|r: &Value| str_field(r, "user") == Some(&uid))
                {
                    recipients.push(json!({"user": uid, "actioned": false}));
                }
            }
        }
        Some(_) => return Err(ApiError::bad("`recipients` lists user ids or emails")),
    }
    if let Some(tasks) = tasks {
        let items: Vec<&Value> = match tasks {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            let source = item
                .as_str()
                .or_else(|| str_field(item, "source"))
                .ok_or_else(|| ApiError::bad("delivery files are storage paths"))?;
            if storage_file(tx, ctx.state.data_dir.as_path(), source)?.is_none() {
                return Err(ApiError::bad(format!(
                    "{source} does not exist on storage; check the path (files are on the default volume unless prefixed share=, volume= or folder=)"
                )));
            }
        }
    }
    let has_files = tasks.is_some_and(|t| !t.as_array().is_some_and(Vec::is_empty));
    // From storage files, or a request with recipients: submitted at once.
    let submit = match explicit {
        Some("init") => false,
        Some(_) | None => !recipients.is_empty() && (has_files || et.name == "request"),
    };
    if explicit.is_some_and(|s| s != "init") && !submit {
        return Err(ApiError::bad(format!(
            "a new {} without files and recipients starts in init; submit it later with status pending",
            et.name
        )));
    }
    if submit {
        doc.insert("status".into(), json!("pending"));
        doc.insert(SIZED_KEY.into(), json!(ctx.now.saturating_add(SIZING_TIME)));
    } else {
        doc.insert("status".into(), json!("init"));
        doc.insert("temporary".into(), json!(!has_files));
        doc.insert(
            "expiry".into(),
            json!(format_timestamp(ctx.now.saturating_add(TEMPORARY_LIFETIME))),
        );
    }
    doc.insert("recipients".into(), Value::Array(recipients));
    Ok(())
}

/// Checks a status change of a delivery or request, and clears the expiry
/// of one being submitted.
pub(super) fn check_status_change(
    tx: &Tx<'_>,
    store: &str,
    doc: &mut Value,
    wanted: &str,
    now: Millis,
) -> Result<(), ApiError> {
    let current = str_field(doc, "status").unwrap_or_default().to_owned();
    if current == wanted {
        return Ok(());
    }
    match (current.as_str(), wanted) {
        ("init", "pending") => {
            let id = str_field(doc, "id").unwrap_or_default();
            let files = tx
                .list("task")?
                .iter()
                .filter(|t| str_field(t, "job") == Some(id))
                .count();
            let recipients = doc
                .get("recipients")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            // A request's files come later, from its recipients' uploads.
            if store == "delivery" && (files == 0 || recipients == 0) {
                return Err(ApiError::bad(
                    "a delivery is submitted only with at least one file and one recipient",
                ));
            }
            if recipients == 0 {
                return Err(ApiError::bad(
                    "a request is submitted only with at least one recipient; grant one first",
                ));
            }
            if let Value::Object(o) = doc {
                o.remove("expiry");
                o.insert(SIZED_KEY.into(), json!(now.saturating_add(SIZING_TIME)));
            }
            Ok(())
        }
        ("init" | "pending" | "waiting", "aborted" | "done") => {
            if let Value::Object(o) = doc {
                o.remove(SIZED_KEY);
            }
            Ok(())
        }
        (from, to) => Err(ApiError::bad(format!(
            "a delivery's `status` cannot go from {from} to {to}: init -> pending (submit; the backend then sets waiting), then aborted or done"
        ))),
    }
}

/// Deliveries and requests can be deleted only before they are submitted.
pub(super) fn check_delete(doc: &Value) -> Result<(), ApiError> {
    match str_field(doc, "status") {
        Some("init") => Ok(()),
        _ => Err(ApiError::bad(
            "only a delivery that has not been submitted can be deleted; abort it or set it done instead",
        )),
    }
}

/// The delivery or request `id` names, visible and writeable by the caller.
fn recipient_job(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
    write: bool,
) -> Result<(&'static str, Value), ApiError> {
    let id = env
        .id
        .as_deref()
        .ok_or_else(|| ApiError::bad("this operation needs `id`, the delivery's id"))?;
    let job = entity_type("job").ok_or_else(|| ApiError::Internal("job type missing".into()))?;
    let (store, doc) = get_visible(tx, ctx, job, id)?
        .filter(|(store, _)| RECIPIENT_STORES.contains(store))
        .ok_or_else(|| ApiError::NotFound(format!("no delivery or request with id {id}")))?;
    if write {
        check_write(tx, ctx, entity_type(store).unwrap_or(job), Some(&doc))?;
    }
    Ok((store, doc))
}

fn recipient_arg(env: &Envelope) -> Result<String, ApiError> {
    env.data
        .get("recipient")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::bad("send data {\"recipient\": <user id or email>}"))
}

/// `job/recipient/add` (PUT): grants a user; `true` before submit, the
/// access entry after.
pub(super) fn add_recipient(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let (store, mut doc) = recipient_job(tx, ctx, env, true)?;
    let who = recipient_arg(env)?;
    let invite = env
        .data
        .get("invite")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let ts = format_timestamp(ctx.now);
    let user = resolve_user(tx, &who, invite, &ts)?;
    let uid = str_field(&user, "id").unwrap_or_default().to_owned();
    let list = doc
        .get_mut("recipients")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| ApiError::Internal("delivery without recipients list".into()))?;
    let entry = match list.iter().find(|r| str_field(r, "user") == Some(&uid)) {
        Some(e) => e.clone(),
        None => {
            let e = json!({"user": uid, "actioned": false});
            list.push(e.clone());
            e
        }
    };
    doc["modified"] = json!(ts);
    tx.replace(store, &doc)?;
    if str_field(&doc, "status") == Some("init") {
        Ok(Reply::result(json!(true)))
    } else {
        Ok(Reply::result(access_entry(tx, &entry)?))
    }
}

/// `job/recipients` (GET): the access list.
pub(super) fn list_recipients(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let (_, doc) = recipient_job(tx, ctx, env, false)?;
    let mut out = Vec::new();
    for entry in doc
        .get("recipients")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push(access_entry(tx, entry)?);
    }
    Ok(Reply::result(Value::Array(out)))
}

/// `job/recipient` (DELETE): revokes a user.
pub(super) fn remove_recipient(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let (store, mut doc) = recipient_job(tx, ctx, env, true)?;
    let who = recipient_arg(env)?;
    let uid = if is_entity_id(&who) {
        who.to_ascii_lowercase()
    } else {
        find_user_by_code(tx, &who)?
            .and_then(|u| str_field(&u, "id").map(str::to_owned))
            .unwrap_or_default()
    };
    let list = doc
        .get_mut("recipients")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| ApiError::Internal("delivery without recipients list".into()))?;
    let before = list.len();
    list.retain(|r| str_field(r, "user") != Some(uid.as_str()));
    if list.len() == before {
        return Err(ApiError::NotFound(format!(
            "{who} is not a recipient of this delivery"
        )));
    }
    doc["modified"] = json!(format_timestamp(ctx.now));
    tx.replace(store, &doc)?;
    Ok(Reply::result(json!(true)))
}
