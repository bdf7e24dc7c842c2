//! Users as callers name them: by id or email, invited when unknown.

use serde_json::{Value, json};

use crate::http::find_user_by_code;
use crate::id::{is_entity_id, new_entity_id, new_secret};
use crate::reply::ApiError;
use crate::store::Tx;

/// The user a recipient or grantee names (id or email), inviting unknown
/// emails as standard users unless `invite` is false.
pub(crate) fn resolve_user(
    tx: &Tx<'_>,
    who: &str,
    invite: bool,
    ts: &str,
) -> Result<Value, ApiError> {
    let who = who.trim();
    if is_entity_id(who) {
        return tx
            .get("user", &who.to_ascii_lowercase())?
            .ok_or_else(|| ApiError::NotFound(format!("no user with id {who}")));
    }
    if let Some(user) = find_user_by_code(tx, who)? {
        return Ok(user);
    }
    // Invited users get a desktop-app folder named by their email: no
    // slashes, or it could point outside the data dir.
    if !who.contains('@') || !crate::setup::valid_code(who) {
        let shown: String = who.chars().take(80).collect();
        return Err(ApiError::bad(format!(
            "recipient `{shown}` is neither a user id nor an email"
        )));
    }
    if !invite {
        return Err(ApiError::bad(format!(
            "{who} is not a user of this workspace and `invite` is false; invite them or pick an existing user"
        )));
    }
    // Invitation: the user exists at once (no mail in the emulator).
    let id = new_entity_id();
    let name = who.split('@').next().unwrap_or(who);
    let user = json!({
        "id": id, "code": who, "name": name, "role": "standard", "status": "enabled",
        "created": ts, "modified": ts,
    });
    tx.set_api_key(&id, &new_secret(64))?;
    let user = tx.insert("user", user)?;
    Ok(Value::clone(&user))
}
