//! The servers that serve a volume: one at the main site (`hq`), and site
//! servers that serve it locally at other sites; assign, deassign, and the
//! assignment list.

use serde_json::{Map, Value, json};

use super::rules::context::Ctx;
use super::rules::keys::SERVERS_KEY;
use super::rules::str_field;
use super::rules::types::entity_type;
use super::rules::validate::{not_found, target_id};
use super::rules::visible::get_visible;
use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::seed::{MAIN_SITE, Role};
use crate::setup::CLIENT_TYPE_SERVER;
use crate::store::Tx;

/// The volume attribute listing its site servers' ids.
const SITE_SERVERS: &str = "siteservers";

/// The server client (type 1) with this id.
fn server(tx: &Tx<'_>, id: &str) -> Result<Option<Value>, ApiError> {
    Ok(tx
        .get("client", id)?
        .filter(|c| c.get("type").and_then(Value::as_i64) == Some(CLIENT_TYPE_SERVER)))
}

fn site_of(server: &Value) -> &str {
    str_field(server, "site").unwrap_or(MAIN_SITE)
}

fn at_main_site(server: &Value) -> bool {
    site_of(server).eq_ignore_ascii_case(MAIN_SITE)
}

/// A server that may serve volumes: it exists, and runs as the workspace
/// (the default storage server) or with an admin's account.
fn serving_server(tx: &Tx<'_>, id: &str) -> Result<Value, ApiError> {
    let server = server(tx, id)?.ok_or_else(|| ApiError::bad(format!("no server with id {id}")))?;
    let by_admin = match str_field(&server, "user") {
        None => true,
        Some(owner) => tx
            .get("user", owner)?
            .is_some_and(|u| str_field(&u, "role") == Some("admin")),
    };
    if !by_admin {
        return Err(ApiError::bad(
            "the server must run with an admin user account to serve volumes",
        ));
    }
    Ok(server)
}

/// The main-site server and the site servers of a new volume: `server`
/// (the first main-site server when absent) and `siteservers`, checked.
pub(super) fn for_new_volume(
    tx: &Tx<'_>,
    obj: &Map<String, Value>,
) -> Result<(String, Vec<String>), ApiError> {
    let main = match obj.get("server") {
        Some(Value::String(id)) => {
            let server = serving_server(tx, id)?;
            if !at_main_site(&server) {
                return Err(ApiError::bad(format!(
                    "server {id} is at site {}; give it in `siteservers`, and a main-site ({MAIN_SITE}) server as `server`",
                    site_of(&server)
                )));
            }
            id.clone()
        }
        None | Some(Value::Null) => tx
            .list("client")?
            .iter()
            .find(|c| c.get("type").and_then(Value::as_i64) == Some(CLIENT_TYPE_SERVER))
            .and_then(|c| str_field(c, "id").map(str::to_owned))
            .ok_or_else(|| ApiError::bad("the workspace has no server to serve the volume"))?,
        Some(_) => return Err(ApiError::bad("`server` is a server's id")),
    };
    let mut sites = Vec::new();
    let given = match obj.get(SITE_SERVERS) {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(ids)) => ids.as_slice(),
        Some(_) => return Err(ApiError::bad("`siteservers` is a list of server ids")),
    };
    for id in given {
        let id = id
            .as_str()
            .ok_or_else(|| ApiError::bad("`siteservers` is a list of server ids"))?;
        let server = serving_server(tx, id)?;
        if at_main_site(&server) {
            return Err(ApiError::bad(format!(
                "server {id} is at the main site ({MAIN_SITE}): give it as `server`, not in `siteservers`"
            )));
        }
        if !sites.iter().any(|s: &String| s == id) {
            sites.push(id.to_owned());
        }
    }
    Ok((main, sites))
}

/// The client id of an assignment call.
fn assigned_client(env: &Envelope) -> Result<String, ApiError> {
    env.data
        .get("client")
        .or_else(|| env.data.get("server"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::bad("give `server`, the server's id"))
}

/// The volume of an assignment call (`share/server`, `volume/servers`...).
fn assignment_volume(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    env: &Envelope,
    write: bool,
) -> Result<Value, ApiError> {
    let et = entity_type("volume").ok_or_else(|| ApiError::bad("unknown entity type volume"))?;
    let id = target_id(et, env)?;
    let (_, volume) = get_visible(tx, ctx, et, id)?.ok_or_else(|| not_found(et, id))?;
    if write && ctx.role != Role::Admin {
        return Err(ApiError::Forbidden(
            "assigning servers to volumes is for admins".into(),
        ));
    }
    Ok(volume)
}

fn ids(volume: &Value, key: &str) -> Vec<String> {
    volume[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// `share/server` (PUT): a main-site server takes over serving the volume
/// at the main site; a site server starts serving it at its site, in place
/// of any other server of that site. Ongoing jobs keep their server.
pub(super) fn assign(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let mut volume = assignment_volume(tx, ctx, env, true)?;
    let client = assigned_client(env)?;
    let server = serving_server(tx, &client)?;
    if at_main_site(&server) {
        volume[SERVERS_KEY] = json!([client]);
        volume["server"] = json!(client);
    } else {
        let site = site_of(&server).to_owned();
        let mut kept = Vec::new();
        for id in ids(&volume, SITE_SERVERS) {
            let same_site = self::server(tx, &id)?.is_some_and(|s| site_of(&s) == site);
            if !same_site {
                kept.push(id);
            }
        }
        kept.push(client);
        volume[SITE_SERVERS] = json!(kept);
    }
    tx.replace("volume", &volume)?;
    Ok(Reply::result(json!(true)))
}

/// `volume/server` (DELETE): the server stops serving the volume; new jobs
/// on it wait for another server.
pub(super) fn deassign(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let mut volume = assignment_volume(tx, ctx, env, true)?;
    let client = assigned_client(env)?;
    let mut removed = false;
    for key in [SERVERS_KEY, SITE_SERVERS] {
        let list = ids(&volume, key);
        let kept: Vec<&String> = list.iter().filter(|s| **s != client).collect();
        if kept.len() != list.len() {
            removed = true;
            volume[key] = json!(kept);
        }
    }
    if str_field(&volume, "server") == Some(client.as_str()) {
        volume["server"] = Value::Null;
    }
    if removed {
        tx.replace("volume", &volume)?;
    }
    Ok(Reply::result(json!(removed)))
}

/// `volume/servers` (GET): the servers assigned to the volume, the main
/// site's first.
pub(super) fn assignments(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let volume = assignment_volume(tx, ctx, env, false)?;
    let mut out = Vec::new();
    for id in ids(&volume, SERVERS_KEY)
        .into_iter()
        .chain(ids(&volume, SITE_SERVERS))
    {
        if let Some(server) = tx.get("client", &id)? {
            out.push(json!({
                "client": id,
                "client_hr": format!("client:{}({id})", str_field(&server, "code").unwrap_or_default()),
                "volume": str_field(&volume, "id"),
                "site": site_of(&server),
                "status": str_field(&server, "status"),
            }));
        }
    }
    Ok(Reply::result(Value::Array(out)))
}
