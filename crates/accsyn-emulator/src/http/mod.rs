//! The HTTP surface: master lookup, login and the event endpoint.

mod auth;
mod bare_errors;
mod envelope;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::routing::{any, get, put};
use serde_json::{Value, json};

use crate::api::{self, Ctx};
use crate::clock::{Clock, format_timestamp};
use crate::reply::{ApiError, Reply};
use crate::store::Store;

pub(crate) use auth::{find_user_by_code, role_of};
pub(crate) use bare_errors::JsonErrorListener;
pub(crate) use envelope::Envelope;

/// The master lookup path, as in the official client.
const MASTER_PATH: &str = "/api/v3/J3PKTtDvolDMBtTy6AFGA";

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) workspace: String,
    pub(crate) store: Store,
    pub(crate) clock: Clock,
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) body_limit: usize,
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

/// Reads the whole body, refusing more than the limit with a message (axum's
/// own extractor would answer in plain text).
async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError::TooLarge(format!(
            "the request body is over {limit} bytes or broken; send large payloads as gz_data"
        ))
    })
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

async fn login(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Reply {
    let result = async {
        let body = read_body(body, state.body_limit).await?;
        if !body.iter().all(u8::is_ascii_whitespace) {
            serde_json::from_slice::<Value>(&body)
                .map_err(|_| ApiError::bad("the login body must be JSON, `{}`"))?;
        }
        let creds = auth::HeaderCredentials::from_headers(&headers)?;
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

async fn handle_event(
    state: Arc<AppState>,
    method: Method,
    headers: HeaderMap,
    raw: Option<String>,
    body: Body,
) -> Result<Reply, ApiError> {
    let body = read_body(body, state.body_limit).await?;
    let text = match method {
        Method::GET | Method::DELETE => match raw.as_deref() {
            Some(q) if !q.is_empty() => envelope::decode_query_string(q),
            // Lenient: some HTTP stacks move a GET's payload to the body.
            _ => body.to_vec(),
        },
        Method::PUT | Method::POST => body.to_vec(),
        _ => {
            return Err(ApiError::bad(
                "events use GET, PUT, POST or DELETE, as the operation table says",
            ));
        }
    };
    let env = Envelope::parse(&text, state.body_limit.saturating_mul(8))?;
    let creds = auth::HeaderCredentials::from_headers(&headers)?;
    if !env.workspace.eq_ignore_ascii_case(&state.workspace) {
        return Err(ApiError::Unauthorized(
            "the event's workspace is not this emulator's".to_owned(),
        ));
    }
    if let Some(ident) = &env.ident {
        if !ident.eq_ignore_ascii_case(&creds.username) {
            return Err(ApiError::Unauthorized(
                "the event's ident is not the authenticated user".to_owned(),
            ));
        }
    }
    blocking(move || {
        state.store.transaction(|tx| {
            let user = creds.authenticate(tx, &state.workspace)?;
            auth::check_session(tx, &env.session, &user)?;
            let now = state.clock.now();
            let ctx = Ctx::new(&state, user, method, now);
            let reply = api::handle(tx, &ctx, &env)?;
            // Emulated time must not go backwards across a restart.
            tx.set_meta(CLOCK_KEY, &state.clock.now().to_string())?;
            tracing::debug!(uri = %env.uri, at = %format_timestamp(now), "event");
            Ok(reply)
        })
    })
    .await
}

/// Metadata key of the last emulated time seen.
pub(crate) const CLOCK_KEY: &str = "clock_ms";
