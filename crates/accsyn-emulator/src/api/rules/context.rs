//! Who is calling, and when: what every rule and handler of one event
//! shares, with per-event caches of the caller's grants.

use std::collections::HashMap;

use axum::http::Method;
use serde_json::Value;

use super::paths::Touch;
use crate::clock::Millis;
use crate::http::{AppState, role_of};
use crate::reply::ApiError;
use crate::seed::Role;
/// Who is calling, and when.
pub(crate) struct Ctx<'a> {
    pub(crate) state: &'a AppState,
    pub(crate) user_id: String,
    pub(crate) user_code: String,
    pub(crate) role: Role,
    pub(crate) method: Method,
    pub(crate) now: Millis,
    /// The caller's grants and the jobs' volumes, computed once per event.
    pub(crate) roles: std::cell::RefCell<RoleCache>,
}

impl<'a> Ctx<'a> {
    /// The context of an authenticated user's event.
    pub(crate) fn new(state: &'a AppState, user: Value, method: Method, now: Millis) -> Self {
        let field = |k: &str| {
            user.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Ctx {
            state,
            user_id: field("id"),
            user_code: field("code"),
            role: role_of(&user),
            method,
            now,
            roles: std::cell::RefCell::default(),
        }
    }

    /// Refuses the call unless it came with `method`.
    pub(crate) fn expect_method(&self, method: Method, uri: &str) -> Result<(), ApiError> {
        if self.method == method {
            Ok(())
        } else {
            Err(ApiError::bad(format!(
                "`{uri}` is called with {method}, not {}",
                self.method
            )))
        }
    }
}

/// What an ACL grants one user on one volume.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Grant {
    pub(crate) read: bool,
    pub(crate) write: bool,
}

/// One of the caller's live ACLs: the share it targets (by id), the path
/// beneath the share it covers, and what it allows. Kept here, beside the
/// cache that holds them, so that `roles` uses `context` and not the reverse.
#[derive(Debug, Clone)]
pub(crate) struct AclGrant {
    pub(crate) share: String,
    pub(crate) path: String,
    pub(crate) grant: Grant,
}

/// Per-request caches: the caller's grants and the volumes each job
/// touches, computed at most once per event.
#[derive(Default)]
pub(crate) struct RoleCache {
    pub(crate) grants: Option<Vec<AclGrant>>,
    pub(crate) touches: Option<HashMap<String, Touch>>,
}
