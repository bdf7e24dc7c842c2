//! The `Authorization: basic <b64 user>:<b64 key>` header, API-key checks and
//! sessions.

use std::fmt;

use axum::http::HeaderMap;
use base64::Engine as _;
use serde_json::{Value, json};

use crate::id::new_secret;
use crate::reply::ApiError;
use crate::seed::{Role, known_role};
use crate::store::Tx;

/// Credentials from the request headers.
pub(crate) struct HeaderCredentials {
    pub(crate) username: String,
    api_key: String,
    pub(crate) workspace: String,
}

// The API key is a secret: never in Debug output.
impl fmt::Debug for HeaderCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderCredentials")
            .field("username", &self.username)
            .field("api_key", &"<redacted>")
            .field("workspace", &self.workspace)
            .finish()
    }
}

fn unauthorized(msg: &str) -> ApiError {
    ApiError::Unauthorized(msg.to_owned())
}

fn b64_text(part: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(part.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}

impl HeaderCredentials {
    /// Reads `Authorization` and `X-Accsyn-Workspace`.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                unauthorized(
                    "missing Authorization header: send `basic <base64 user>:<base64 api key>`",
                )
            })?;
        let malformed = || {
            unauthorized(
                "malformed Authorization header: expected `basic <base64 user>:<base64 api key>`",
            )
        };
        let (scheme, rest) = auth.trim().split_once(' ').ok_or_else(malformed)?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return Err(malformed());
        }
        let (user, key) = rest.trim().split_once(':').ok_or_else(malformed)?;
        let username = b64_text(user).ok_or_else(malformed)?;
        let api_key = b64_text(key).ok_or_else(malformed)?;
        let workspace = headers
            .get("x-accsyn-workspace")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| {
                unauthorized("missing X-Accsyn-Workspace header: send the workspace code")
            })?;
        Ok(HeaderCredentials {
            username,
            api_key,
            workspace,
        })
    }

    /// Checks the credentials against the store; returns the user's document.
    ///
    /// Unknown users and wrong keys get the same answer, so the reply does
    /// not tell which usernames exist.
    pub(crate) fn authenticate(&self, tx: &Tx<'_>, workspace: &str) -> Result<Value, ApiError> {
        if !self.workspace.eq_ignore_ascii_case(workspace) {
            return Err(unauthorized("unknown workspace: check X-Accsyn-Workspace"));
        }
        let failed = || unauthorized("login failed: unknown user or wrong API key");
        let user = find_user_by_code(tx, &self.username)?.ok_or_else(failed)?;
        let id = user.get("id").and_then(Value::as_str).unwrap_or_default();
        let stored = tx.api_key(id)?.ok_or_else(failed)?;
        if !constant_time_eq(stored.as_bytes(), self.api_key.as_bytes()) {
            return Err(failed());
        }
        if user.get("status").and_then(Value::as_str) != Some("enabled") {
            return Err(unauthorized(
                "this user is deactivated; ask a workspace admin to activate it",
            ));
        }
        Ok(user)
    }
}

/// The user whose code (email) is `code`, ignoring case.
pub(crate) fn find_user_by_code(tx: &Tx<'_>, code: &str) -> Result<Option<Value>, ApiError> {
    Ok(tx
        .list("user")?
        .into_iter()
        .find(|u| {
            u.get("code")
                .and_then(Value::as_str)
                .is_some_and(|c| c.eq_ignore_ascii_case(code))
        })
        .map(std::sync::Arc::unwrap_or_clone))
}

/// The role in a user document (standard when unreadable: least privilege).
pub(crate) fn role_of(user: &Value) -> Role {
    user.get("role")
        .and_then(Value::as_str)
        .and_then(known_role)
        .unwrap_or(Role::Standard)
}

/// Compares without an early exit, so timing does not reveal a key prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Login: a new session for the authenticated user.
pub(crate) fn login(
    tx: &Tx<'_>,
    creds: &HeaderCredentials,
    workspace: &str,
) -> Result<Value, ApiError> {
    let user = creds.authenticate(tx, workspace)?;
    let id = user
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let session = new_secret(32);
    tx.insert_session(&session, &id)?;
    Ok(json!({
        "result": {"role": role_of(&user).as_str(), "id": id, "session_id": session}
    }))
}

/// Checks an event's session against the authenticated user.
pub(crate) fn check_session(tx: &Tx<'_>, session: &str, user: &Value) -> Result<(), ApiError> {
    let owner = tx.session_user(session)?;
    let id = user.get("id").and_then(Value::as_str);
    if owner.is_none() || owner.as_deref() != id {
        return Err(unauthorized("unknown or expired session: log in again"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("authorization", HeaderValue::from_str(auth).unwrap());
        h.insert("x-accsyn-workspace", HeaderValue::from_static("acme"));
        h
    }

    #[test]
    fn reads_the_official_clients_header() {
        let c = HeaderCredentials::from_headers(&headers(
            "basic YWRtaW5AYWNtZS50ZXN0:c2VjcmV0LWtleS0x",
        ))
        .unwrap();
        assert_eq!(c.username, "admin@acme.test");
        assert_eq!(c.api_key, "secret-key-1");
        assert!(!format!("{c:?}").contains("secret-key-1"));
    }

    #[test]
    fn malformed_headers_are_refused() {
        for bad in [
            "bearer abc",
            "basic",
            "basic abc",
            "basic !!:??",
            "basic YQ==:",
        ] {
            let r = HeaderCredentials::from_headers(&headers(bad));
            // An empty key decodes fine but will not match any stored key.
            if bad == "basic YQ==:" {
                assert!(r.is_ok());
            } else {
                assert!(r.is_err(), "{bad}");
            }
        }
        assert!(HeaderCredentials::from_headers(&HeaderMap::new()).is_err());
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
