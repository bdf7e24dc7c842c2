//! The HTTP surface: master lookup, login and the event endpoint.

mod auth;
mod bare_errors;
mod envelope;
mod serve;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::routing::{any, get, put};
use http_body_util::BodyExt as _;
use serde::de::IgnoredAny;
use serde_json::{Value, json};

use crate::api::{self, Ctx};
use crate::clock::{Clock, format_timestamp};
use crate::reply::{ApiError, Reply};
use crate::store::Store;

use auth::HeaderCredentials;
pub(crate) use auth::{find_user_by_code, role_of};
pub(crate) use envelope::{Envelope, PayloadLimits};
pub(crate) use serve::{Limits, serve};

/// The master lookup path, as in the official client.
const MASTER_PATH: &str = "/api/v3/J3PKTtDvolDMBtTy6AFGA";

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) workspace: String,
    pub(crate) store: Store,
    pub(crate) clock: Clock,
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) limits: Limits,
    /// Where the storage and client roots live.
    pub(crate) data_dir: PathBuf,
}

/// The emulator's routes.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(MASTER_PATH, get(master_lookup))
        .route("/api/v3/api/login", put(login))
        .route("/api/v3/event", any(event))
        .fallback(unknown_path)
        .with_state(state)
}

async fn unknown_path() -> ApiError {
    ApiError::NotFound("unknown path: the API lives under /api/v3 (login, event)".to_owned())
}

/// Reads the whole body within the limit and the body timeout, refusing
/// more with a message (axum's own extractor would answer in plain text).
async fn read_body(body: Body, limit: usize, timeout: Duration) -> Result<Bytes, ApiError> {
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(ApiError::TooLarge(format!(
            "the request body is over {limit} bytes or broken; send large payloads as gz_data"
        ))),
        Err(_) => Err(ApiError::TimedOut(format!(
            "the request body did not arrive within {} s; send it at once",
            timeout.as_secs_f64()
        ))),
    }
}

/// What is read of a body refused before it was read (no credentials):
/// enough for a client still sending a small body to get the reply rather
/// than a reset connection; a larger body's connection is closed.
const DISCARD_LIMIT: usize = 1 << 20;
/// How long a refused body may take to be discarded.
const DISCARD_TIMEOUT: Duration = Duration::from_secs(1);

/// Reads and drops a refused body's bytes, one frame at a time (constant
/// memory), up to [`DISCARD_LIMIT`].
async fn discard(body: Body) {
    let drain = async {
        let mut body = body;
        let mut seen = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            seen += frame.data_ref().map_or(0, Bytes::len);
            if seen > DISCARD_LIMIT {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(DISCARD_TIMEOUT, drain).await;
}

/// Runs blocking store work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "request task failed");
        ApiError::Internal("the emulator failed on this request; see its log".to_owned())
    })?
}

/// Checks the `Authorization` header against the stored API keys: a cheap
/// in-memory lookup, done before any body is read.
fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<HeaderCredentials, ApiError> {
    let creds = HeaderCredentials::from_headers(headers)?;
    state
        .store
        .read(|tx| creds.authenticate(tx, &state.workspace))?;
    Ok(creds)
}

async fn master_lookup(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Reply {
    let text = envelope::decode_query_string(raw.as_deref().unwrap_or_default());
    let ident = serde_json::from_slice::<Value>(&text)
        .ok()
        .and_then(|v| v.get("ident").and_then(Value::as_str).map(str::to_owned));
    match ident {
        Some(ident) if ident.eq_ignore_ascii_case(&state.workspace) => Reply::result(json!({
            "hostname": state.host, "port": state.port,
        })),
        Some(_) => ApiError::NotFound("unknown workspace".to_owned()).into(),
        None => ApiError::bad(
            "send the percent-encoded JSON {\"ident\": \"<workspace>\"} as the query string",
        )
        .into(),
    }
}

/// The largest login body: the official client sends `{}`.
const LOGIN_BODY_LIMIT: usize = 64 << 10;

async fn login(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Reply {
    let result = async {
        let creds = match authenticate(&state, &headers) {
            Ok(creds) => creds,
            Err(e) => {
                discard(body).await;
                return Err(e);
            }
        };
        let body = read_body(body, LOGIN_BODY_LIMIT, state.limits.body_timeout).await?;
        if !body.iter().all(u8::is_ascii_whitespace) {
            serde_json::from_slice::<IgnoredAny>(&body)
                .map_err(|_| ApiError::bad("the login body must be JSON, `{}`"))?;
        }
        let state = state.clone();
        blocking(move || {
            state
                .store
                .transaction(|tx| auth::login(tx, &creds, &state.workspace))
        })
        .await
    }
    .await;
    match result {
        Ok(v) => Reply::raw(v),
        Err(e) => e.into(),
    }
}

async fn event(
    State(state): State<Arc<AppState>>,
    method: Method,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Body,
) -> Reply {
    match handle_event(state, method, headers, raw, body).await {
        Ok(r) => r,
        Err(e) => e.into(),
    }
}

/// One event, cheapest checks first: the method and the API key before the
/// body is read, the session before the payload is parsed or inflated, and
/// all parsing off the async threads. A request without valid credentials
/// costs a header lookup.
async fn handle_event(
    state: Arc<AppState>,
    method: Method,
    headers: HeaderMap,
    raw: Option<String>,
    body: Body,
) -> Result<Reply, ApiError> {
    let checked = if matches!(
        method,
        Method::GET | Method::DELETE | Method::PUT | Method::POST
    ) {
        authenticate(&state, &headers)
    } else {
        Err(ApiError::bad(
            "events use GET, PUT, POST or DELETE, as the operation table says",
        ))
    };
    let creds = match checked {
        Ok(creds) => creds,
        Err(e) => {
            discard(body).await;
            return Err(e);
        }
    };
    let body = read_body(body, state.limits.body, state.limits.body_timeout).await?;
    blocking(move || {
        let text = match method {
            Method::GET | Method::DELETE => match raw.as_deref() {
                Some(q) if !q.is_empty() => envelope::decode_query_string(q),
                // Lenient: some HTTP stacks move a GET's payload to the body.
                _ => body.to_vec(),
            },
            _ => body.to_vec(),
        };
        let sealed = Envelope::parse(&text)?;
        drop(text);
        if !sealed.workspace().eq_ignore_ascii_case(&state.workspace) {
            return Err(ApiError::Unauthorized(
                "the event's workspace is not this emulator's".to_owned(),
            ));
        }
        if let Some(ident) = sealed.ident() {
            if !ident.eq_ignore_ascii_case(&creds.username) {
                return Err(ApiError::Unauthorized(
                    "the event's ident is not the authenticated user".to_owned(),
                ));
            }
        }
        state.store.read(|tx| {
            let user = creds.authenticate(tx, &state.workspace)?;
            auth::check_session(tx, sealed.session(), &user)
        })?;
        let env = sealed.open(&state.limits.payload)?;
        state.store.transaction(|tx| {
            let user = creds.authenticate(tx, &state.workspace)?;
            auth::check_session(tx, &env.session, &user)?;
            let now = state.clock.now();
            let ctx = Ctx::new(&state, user, method.clone(), now);
            let reply = api::handle(tx, &ctx, &env)?;
            if tx.has_writes() {
                // Emulated time must not go backwards across a restart.
                tx.set_meta(CLOCK_KEY, &state.clock.now().to_string())?;
            }
            tracing::debug!(uri = %env.uri, at = %format_timestamp(now), "event");
            Ok(reply)
        })
    })
    .await
}

/// Metadata key of the last emulated time seen.
pub(crate) const CLOCK_KEY: &str = "clock_ms";
