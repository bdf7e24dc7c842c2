//! User activation: `user/deactivate` and `user/activate`.

use serde_json::{Value, json};

use super::rules::context::Ctx;
use super::rules::roles::{can_read, check_write};
use super::rules::types::EntityType;
use super::rules::visible::get_visible;
use crate::clock::format_timestamp;
use crate::http::{Envelope, find_user_by_code};
use crate::id::is_entity_id;
use crate::reply::{ApiError, Reply};
use crate::store::Tx;

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
            // As by id, a user the caller may not see is not found (a
            // refusal would tell a standard user which emails exist).
            match find_user_by_code(tx, code)? {
                Some(u) if can_read(tx, ctx, et, &u)? => Some(u),
                _ => None,
            }
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
