//! Master lookup and login: the two calls before any event.

use std::{fmt, time::Instant};

use reqwest::Url;
use serde_json::Value;
use tracing::{Instrument, field};

use super::{Inner, Target, decoded, send};
use crate::{
    Error, Reply,
    wire::{EVENT_PATH, EncodedContext, EventContext, WireRequest, decode_reply},
};

/// Who the server says we are after login.
///
/// ```
/// # fn show(info: &accsyn_transport::LoginInfo) {
/// println!("{} is {}", info.user_id, info.role);
/// // The session id is a credential: Debug hides it.
/// assert!(format!("{info:?}").contains("[redacted]"));
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoginInfo {
    /// `admin`, `employee` or `standard` (or whatever a newer server sends).
    pub role: String,
    /// The user's entity id.
    pub user_id: String,
    session_id: String,
}

impl LoginInfo {
    /// The session id that every envelope carries. A credential: keep it out of logs.
    ///
    /// ```
    /// # fn show(info: &accsyn_transport::LoginInfo) {
    /// assert!(!info.session_id().is_empty());
    /// # }
    /// ```
    pub fn session_id(&self) -> &str {
        &self.session_id
    }
}

impl fmt::Debug for LoginInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginInfo")
            .field("role", &self.role)
            .field("user_id", &self.user_id)
            .field("session_id", &"[redacted]")
            .finish()
    }
}

/// Everything an event needs once logged in.
pub(super) struct Session {
    pub(super) base_url: String,
    /// `<base>/api/v3/event`, parsed once: each call clones it and sets only its query,
    /// instead of parsing scheme, host (IDNA) and path again.
    pub(super) event_url: Url,
    pub(super) info: LoginInfo,
    pub(super) context: EventContext,
    /// The context's part of every GET's query string, encoded once here.
    pub(super) encoded: EncodedContext,
}

const LOGIN_URI: &str = "api/login";
const LOOKUP_URI: &str = "master lookup";

/// `deadline` is that of the call that needed the login.
pub(super) async fn login(inner: &Inner, deadline: Option<Instant>) -> Result<Session, Error> {
    let base_url = match &inner.target {
        Target::Fixed(url) => url.clone(),
        Target::Master(master) => {
            let span = tracing::info_span!(
                "accsyn_master_lookup",
                workspace = %inner.workspace,
                status = field::Empty,
                attempts = field::Empty,
                duration_ms = field::Empty,
            );
            resolve(inner, master, deadline).instrument(span).await?
        }
    };
    let span = tracing::info_span!(
        "accsyn_login",
        workspace = %inner.workspace,
        username = %inner.username,
        status = field::Empty,
        attempts = field::Empty,
        duration_ms = field::Empty,
    );
    let wire = WireRequest::login();
    let url = parse_url(&format!("{base_url}{}", wire.path_and_query))?;
    let event_url = parse_url(&format!("{base_url}{EVENT_PATH}"))?;
    // Repeating a login has no effect beyond a fresh session, so it is retried like a GET.
    let raw = send::send(
        inner,
        wire.method,
        &url,
        wire.body.as_deref(),
        &inner.auth_headers,
        LOGIN_URI,
        true,
        deadline,
    )
    .instrument(span)
    .await?;
    let status = raw.status;
    let reply = decoded(inner, LOGIN_URI, raw).map_err(|e| match e {
        Error::Api { message, .. } => Error::Login {
            workspace: inner.workspace.clone(),
            username: inner.username.clone(),
            message,
        },
        other => other,
    })?;
    let result = reply.result().and_then(Value::as_object);
    let field = |name: &str| {
        result
            .and_then(|r| r.get(name))
            .and_then(Value::as_str)
            .map(|s| s.strip_prefix("ObjectId:").unwrap_or(s).to_owned())
    };
    let (Some(role), Some(user_id), Some(session_id)) =
        (field("role"), field("id"), field("session_id"))
    else {
        return Err(shape_error(
            LOGIN_URI,
            status,
            &reply,
            "the login reply lacks result.role, result.id or result.session_id",
        ));
    };
    let context = EventContext {
        workspace: inner.workspace.clone(),
        username: inner.username.clone(),
        session_id: session_id.clone(),
        hostname: inner.hostname.clone(),
    };
    Ok(Session {
        base_url,
        event_url,
        encoded: EncodedContext::new(&context),
        context,
        info: LoginInfo {
            role,
            user_id,
            session_id,
        },
    })
}

/// Asks the master for the workspace's API host; it is then spoken to with the master's
/// scheme (https in production, http only for a local test master).
async fn resolve(inner: &Inner, master: &str, deadline: Option<Instant>) -> Result<String, Error> {
    let wire = WireRequest::master_lookup(&inner.workspace);
    let url = parse_url(&format!("{master}{}", wire.path_and_query))?;
    let raw = send::send(
        inner,
        wire.method,
        &url,
        None,
        &inner.device_headers,
        LOOKUP_URI,
        true,
        deadline,
    )
    .await?;
    let status = raw.status;
    let reply = decode_reply(LOOKUP_URI, status, &raw.body).map_err(|e| match e {
        Error::Api { message, .. } => Error::UnknownWorkspace {
            workspace: inner.workspace.clone(),
            message,
        },
        other => other,
    })?;
    let result = reply.result().and_then(Value::as_object);
    let hostname = result
        .and_then(|r| r.get("hostname"))
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty() && !h.contains(['/', '?', '#', '@', ' ']));
    let port = match result.and_then(|r| r.get("port")) {
        None | Some(Value::Null) => Some(443),
        Some(Value::Number(n)) => n.as_u64().and_then(|p| u16::try_from(p).ok()),
        Some(Value::String(s)) => s.parse().ok(),
        Some(_) => None,
    };
    let (Some(hostname), Some(port)) = (hostname, port) else {
        return Err(shape_error(
            LOOKUP_URI,
            status,
            &reply,
            "the master's reply lacks a usable result.hostname and result.port",
        ));
    };
    let scheme = master.split("://").next().unwrap_or("https");
    let host = if hostname.contains(':') && !hostname.starts_with('[') {
        format!("[{hostname}]")
    } else {
        hostname.to_owned()
    };
    Ok(format!("{scheme}://{host}:{port}"))
}

fn shape_error(uri: &str, status: u16, reply: &Reply, reason: &str) -> Error {
    Error::Decode {
        uri: uri.to_owned(),
        status,
        reason: reason.to_owned(),
        // The login reply may hold a session id: quote it masked.
        body_start: crate::wire::masked_json(&Value::Object(reply.as_map().clone()))
            .chars()
            .take(200)
            .collect(),
    }
}

/// Parses a URL built from a validated base; a failure means a host the master sent that
/// no URL can hold.
fn parse_url(url: &str) -> Result<Url, Error> {
    Url::parse(url).map_err(|e| Error::Config(format!("{url:?} is not a usable URL: {e}")))
}
