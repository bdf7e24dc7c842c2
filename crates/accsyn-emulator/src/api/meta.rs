//! `entitytypes`, `attributes` and the emulator's own clock event.

use std::time::Duration;

use axum::http::Method;
use serde_json::{Value, json};

use super::rules::context::Ctx;
use super::rules::types::{ENTITY_TYPES, entity_type};
use crate::clock::format_timestamp;
use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::seed::Role;
use crate::store::Tx;

/// `entitytypes`: the names of every entity type.
pub(super) fn entitytypes() -> Reply {
    Reply::result(ENTITY_TYPES.iter().map(|t| t.name).collect())
}

fn flag(data: &Value, key: &str) -> Result<bool, ApiError> {
    match data.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::bad(format!("`{key}` must be true or false"))),
    }
}

/// `attributes`: an entity type's attributes, or those a create or update takes.
pub(super) fn attributes(env: &Envelope) -> Result<Reply, ApiError> {
    let name = env
        .data
        .get("entitytype")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad("`attributes` needs data {\"entitytype\": \"<type>\"}"))?;
    let et = entity_type(name.trim().trim_matches(['\'', '"']))
        .ok_or_else(|| ApiError::bad(format!("unknown entity type `{name}`: see `entitytypes`")))?;
    let list = if flag(&env.data, "create")? {
        et.create_attributes()
    } else if flag(&env.data, "update")? {
        et.update_attributes()
    } else {
        et.attributes()
    };
    Ok(Reply::result(list.into_iter().collect()))
}

/// `emulator/clock` (an emulator extension): GET reads emulated now; PUT with
/// `{"advance": <seconds>}` moves it forward (admins only).
pub(super) fn clock(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let clock = &ctx.state.clock;
    if ctx.method == Method::PUT {
        if ctx.role != Role::Admin {
            return Err(ApiError::Forbidden(
                "only admins may move the emulator's clock".to_owned(),
            ));
        }
        let secs = env
            .data
            .get("advance")
            .and_then(Value::as_f64)
            .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 1e11)
            .ok_or_else(|| ApiError::bad("send {\"advance\": <seconds>}, a non-negative number"))?;
        let now = clock.advance(Duration::from_secs_f64(secs));
        tx.set_meta(crate::http::CLOCK_KEY, &now.to_string())?;
    } else if ctx.method != Method::GET {
        return Err(ApiError::bad(
            "`emulator/clock` is read with GET and moved with PUT",
        ));
    }
    Ok(Reply::result(
        json!({ "now": format_timestamp(clock.now()) }),
    ))
}
