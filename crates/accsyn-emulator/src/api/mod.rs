//! The operations behind `/api/v3/event`, dispatched on the event's uri.

pub(crate) mod complete;
mod crud;
mod deliveries;
mod find;
mod meta;
mod parented;
mod party;
mod query;
mod roles;
mod storage;
mod tasks;
mod transfers;
mod types;
mod users;

use axum::http::Method;
use serde_json::Value;

use crate::clock::Millis;
use crate::http::{AppState, Envelope, role_of};
use crate::reply::{ApiError, Reply};
use crate::seed::Role;
use crate::store::Tx;

/// Who is calling, and when.
pub(crate) struct Ctx<'a> {
    pub(crate) state: &'a AppState,
    pub(crate) user_id: String,
    pub(crate) user_code: String,
    pub(crate) role: Role,
    pub(crate) method: Method,
    pub(crate) now: Millis,
    /// The caller's grants and the jobs' volumes, computed once per event.
    pub(crate) roles: std::cell::RefCell<roles::RoleCache>,
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
    fn expect_method(&self, method: Method, uri: &str) -> Result<(), ApiError> {
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

fn unknown_uri(uri: &str) -> ApiError {
    let shown: String = uri.chars().take(80).collect();
    ApiError::NotFound(format!(
        "unknown operation `{shown}`: see the protocol's operation table"
    ))
}

/// Carries out one event inside its transaction.
pub(crate) fn handle(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let uri = env.uri.as_str();
    match uri {
        "entitytypes" => {
            ctx.expect_method(Method::GET, uri)?;
            return Ok(meta::entitytypes());
        }
        "attributes" => {
            ctx.expect_method(Method::GET, uri)?;
            return meta::attributes(env);
        }
        "emulator/clock" => return meta::clock(tx, ctx, env),
        _ => {}
    }
    let (ty, op) = uri.split_once('/').ok_or_else(|| unknown_uri(uri))?;
    let et = types::entity_type(ty).ok_or_else(|| unknown_uri(uri))?;
    if et.kind == types::Kind::Job || et.kind == types::Kind::Task {
        deliveries::tick(tx, &ctx.state.data_dir, ctx.now)?;
        transfers::simulate(tx, &ctx.state.data_dir, ctx.now)?;
    }
    match op {
        "recipient/add" if et.name == "job" => {
            ctx.expect_method(Method::PUT, uri)?;
            deliveries::add_recipient(tx, ctx, env)
        }
        "recipients" if et.name == "job" => {
            ctx.expect_method(Method::GET, uri)?;
            deliveries::list_recipients(tx, ctx, env)
        }
        "recipient" if et.name == "job" => {
            ctx.expect_method(Method::DELETE, uri)?;
            deliveries::remove_recipient(tx, ctx, env)
        }
        "find" => {
            ctx.expect_method(Method::GET, uri)?;
            find::find(tx, ctx, et, env)
        }
        "create" => {
            ctx.expect_method(Method::POST, uri)?;
            crud::create(tx, ctx, et, env)
        }
        "edit" => {
            ctx.expect_method(Method::PUT, uri)?;
            crud::update(tx, ctx, et, env)
        }
        "delete" => {
            ctx.expect_method(Method::DELETE, uri)?;
            crud::delete(tx, ctx, et, env)
        }
        "deactivate" if et.name == "user" => {
            ctx.expect_method(Method::DELETE, uri)?;
            users::set_user_active(tx, ctx, et, env, false)
        }
        "activate" if et.name == "user" => {
            ctx.expect_method(Method::POST, uri)?;
            users::set_user_active(tx, ctx, et, env, true)
        }
        _ => Err(unknown_uri(uri)),
    }
}
