//! The operations behind `/api/v3/event`, dispatched on the event's uri.

//!
//! Handlers, one file per entity family, sit on top; the rules they share
//! sit beneath in `rules`, which never calls a handler.

mod acls;
mod crud;
mod deliveries;
mod files;
mod find;
mod meta;
mod publish;
mod rules;
mod servers;
mod settings;
mod shares;
mod tasks;
mod users;

use axum::http::Method;

use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::store::Tx;
pub(crate) use publish::{RULE_KEY as PUBLISH_RULE_KEY, rule_json as publish_rule_json};
pub(crate) use rules::complete;
pub(crate) use rules::context::Ctx;
pub(crate) use rules::keys::SERVERS_KEY;
use rules::types;

fn unknown_uri(uri: &str) -> ApiError {
    let shown: String = uri.chars().take(80).collect();
    ApiError::NotFound(format!(
        "unknown operation `{shown}`: see the protocol's operation table"
    ))
}

/// What the emulated clock does without being asked (the backend does it in the
/// background; the emulator lazily, before events that could see it): finished jobs purged,
/// deliveries sized and expired, temporary files removed.
fn upkeep(tx: &Tx<'_>, ctx: &Ctx<'_>) -> Result<(), ApiError> {
    rules::simulation::purge(tx, ctx.now, || settings::job_retention_days(tx))?;
    rules::simulation::tick(tx, &ctx.state.data_dir, ctx.now)
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
        "workspace/file" => {
            // What time removes (temp files, finished jobs) is gone before files are looked at.
            upkeep(tx, ctx)?;
            return files::handle(tx, ctx, env);
        }
        "workspace/publish/preprocess" => {
            ctx.expect_method(Method::PUT, uri)?;
            return publish::preprocess(tx, ctx, env);
        }
        "setting" => return settings::handle(tx, ctx, env),
        _ => {}
    }
    let (ty, op) = uri.split_once('/').ok_or_else(|| unknown_uri(uri))?;
    let et = types::entity_type(ty).ok_or_else(|| unknown_uri(uri))?;
    if et.kind == types::Kind::Share {
        match op {
            "server" if ctx.method == Method::PUT => return servers::assign(tx, ctx, env),
            "server" => {
                ctx.expect_method(Method::DELETE, uri)?;
                return servers::deassign(tx, ctx, env);
            }
            "servers" => {
                ctx.expect_method(Method::GET, uri)?;
                return servers::assignments(tx, ctx, env);
            }
            "deactivate" => {
                ctx.expect_method(Method::DELETE, uri)?;
                return shares::set_active(tx, ctx, et, env, false);
            }
            "activate" => {
                ctx.expect_method(Method::POST, uri)?;
                return shares::set_active(tx, ctx, et, env, true);
            }
            "file/remove" if et.name == "collection" => {
                ctx.expect_method(Method::DELETE, uri)?;
                return shares::remove_files(tx, ctx, env);
            }
            _ => {}
        }
    }
    if uri == "file/add" {
        ctx.expect_method(Method::POST, uri)?;
        return shares::add_files(tx, ctx, env);
    }
    if et.kind == types::Kind::Job || et.kind == types::Kind::Task {
        upkeep(tx, ctx)?;
        rules::simulation::simulate(tx, &ctx.state.data_dir, ctx.now)?;
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
