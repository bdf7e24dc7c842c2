//! `HttpTransport`: the protocol over reqwest, with login, retries and tracing.

mod builder;
mod client;
mod device;
mod login;
mod retry;
mod send;

use std::{
    fmt,
    sync::{Arc, PoisonError, RwLock},
    time::{Duration, Instant, SystemTime},
};

use async_trait::async_trait;
use base64::Engine;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use tracing::{Instrument, field};

pub use builder::{DEFAULT_MASTER_URL, HttpTransportBuilder};
pub use login::LoginInfo;
pub use retry::RetryPolicy;

use crate::{
    ApiKey, ApiRequest, Error, RawReply, Reply, Transport,
    wire::{Envelope, decode_reply, event_query, masked_json, utc_timestamp},
};
use login::Session;
use retry::RetryBudget;

const WORKSPACE_HEADER: HeaderName = HeaderName::from_static("x-accsyn-workspace");
const DEVICE_HEADER: HeaderName = HeaderName::from_static("x-accsyn-device");

/// A few fixed headers, added one by one to each request: cheaper than cloning and merging
/// a `HeaderMap` per call (values are reference-counted bytes).
type Headers = Vec<(HeaderName, HeaderValue)>;

/// Where the API lives: known up front, or asked of the master at login.
#[derive(Debug, Clone)]
enum Target {
    Fixed(String),
    Master(String),
}

/// The accsyn protocol over HTTP(S), on one pooled `reqwest::Client`.
///
/// Cheap to clone (clones share the connection pool, the login and the retry budget). The
/// first call logs in (after resolving the workspace's host through the master unless a
/// host or base URL was given); concurrent first calls share one login.
///
/// When the server later refuses the session as unknown or expired (a user deactivated and
/// reactivated, a backend restart; see [`Error::is_session_refused`]), the transport logs in
/// once more and sends the request again, once: the refusal means the server did not act on
/// it, so this is safe for writes too. A second refusal, or a failed login, is returned.
///
/// ```no_run
/// use accsyn_transport::{ApiRequest, HttpTransport, Transport};
///
/// # async fn run() -> Result<(), accsyn_transport::Error> {
/// let transport = HttpTransport::builder("acme", "admin@acme.test", std::env::var("ACCSYN_API_KEY").unwrap_or_default())
///     .build()?;
/// let info = transport.login().await?;
/// println!("logged in as {} ({})", info.user_id, info.role);
/// let reply = transport
///     .call(ApiRequest::get("transfer/find").with_query("status=done"))
///     .await?;
/// println!("{:?}", reply.result());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct HttpTransport {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    workspace: String,
    username: String,
    target: Target,
    hostname: String,
    /// Authorization, workspace and device headers, built once: the key is encoded here
    /// and nowhere else.
    auth_headers: Headers,
    /// Only the device header: the master lookup does not need the credentials.
    device_headers: Headers,
    retry: RetryPolicy,
    budget: RetryBudget,
    deadline: Option<Duration>,
    verbose: bool,
    /// The current login; replaced when the server refuses it.
    session: RwLock<Option<Arc<Session>>>,
    /// Held while logging in, so concurrent calls share one login instead of racing.
    login_lock: tokio::sync::Mutex<()>,
}

impl HttpTransport {
    /// Starts configuring a transport for `workspace`, logging in as `username` (an email
    /// address) with `api_key`.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "admin@acme.test", "key").build()?;
    /// assert_eq!(t.workspace(), "acme");
    /// # Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn builder(
        workspace: impl Into<String>,
        username: impl Into<String>,
        api_key: impl Into<ApiKey>,
    ) -> HttpTransportBuilder {
        HttpTransportBuilder::new(workspace.into(), username.into(), api_key.into())
    }

    #[allow(clippy::too_many_arguments)] // Private constructor fed by the builder only.
    fn from_parts(
        client: reqwest::Client,
        workspace: String,
        username: String,
        api_key: ApiKey,
        target: Target,
        retry: RetryPolicy,
        deadline: Option<Duration>,
        verbose: bool,
    ) -> Result<Self, Error> {
        let hostname = device::local_hostname();
        let mut device_headers = Headers::new();
        if let Ok(v) = HeaderValue::from_str(&device::device_header(&hostname)) {
            device_headers.push((DEVICE_HEADER, v));
        }
        let mut auth_headers = device_headers.clone();
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
        let auth = format!("basic {}:{}", b64(&username), b64(api_key.expose_secret()));
        // Base64 and the ASCII word `basic` are always a valid header value.
        if let Ok(mut v) = HeaderValue::from_str(&auth) {
            // Sensitive values are skipped by hyper's and reqwest's own debug output.
            v.set_sensitive(true);
            auth_headers.push((AUTHORIZATION, v));
        }
        // Dropping the header silently would turn a typo into a puzzling login refusal.
        let workspace_value = HeaderValue::from_str(&workspace).map_err(|_| {
            Error::Config(format!(
                "the workspace code {workspace:?} has characters an HTTP header cannot carry; \
                 use the code shown in the accsyn web app"
            ))
        })?;
        auth_headers.push((WORKSPACE_HEADER, workspace_value));
        let budget = RetryBudget::new(retry.budget());
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                workspace,
                username,
                target,
                hostname,
                auth_headers,
                device_headers,
                retry,
                budget,
                deadline,
                verbose,
                session: RwLock::new(None),
                login_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The workspace code.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k").build()?;
    /// assert_eq!(t.workspace(), "acme");
    /// # Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn workspace(&self) -> &str {
        &self.inner.workspace
    }

    /// The user name.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u@x", "k").build()?;
    /// assert_eq!(t.username(), "u@x");
    /// # Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn username(&self) -> &str {
        &self.inner.username
    }

    /// The current login's role, user id and session, once logged in.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k").build()?;
    /// assert!(t.login_info().is_none());
    /// # Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn login_info(&self) -> Option<LoginInfo> {
        self.current_session().map(|s| s.info.clone())
    }

    /// The API base URL in use (`https://host:port`), once resolved.
    ///
    /// ```
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k")
    ///     .base_url("http://127.0.0.1:8181").build()?;
    /// assert_eq!(t.base_url(), Some("http://127.0.0.1:8181".into()));
    /// # Ok::<(), accsyn_transport::Error>(())
    /// ```
    pub fn base_url(&self) -> Option<String> {
        match (&self.inner.target, self.current_session()) {
            (_, Some(s)) => Some(s.base_url.clone()),
            (Target::Fixed(url), None) => Some(url.clone()),
            (Target::Master(_), None) => None,
        }
    }

    /// Resolves the host (if needed) and logs in, once; later calls return the same login
    /// until the server refuses it.
    ///
    /// # Errors
    /// [`Error::UnknownWorkspace`], [`Error::Login`], or any connection or decode error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), accsyn_transport::Error> {
    /// let t = accsyn_transport::HttpTransport::builder("acme", "u", "k").build()?;
    /// let info = t.login().await?;
    /// assert!(!info.user_id.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn login(&self) -> Result<LoginInfo, Error> {
        Ok(self.session(self.call_deadline()).await?.info.clone())
    }

    /// When a call starting now must be over, if a deadline is set. A deadline too far
    /// away to represent (`Duration::MAX` as "never") is no deadline, not a panic.
    fn call_deadline(&self) -> Option<Instant> {
        self.inner
            .deadline
            .and_then(|d| Instant::now().checked_add(d))
    }

    fn current_session(&self) -> Option<Arc<Session>> {
        // A panic elsewhere while holding the lock cannot leave a half-written `Option`.
        let current = self
            .inner
            .session
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        current.clone()
    }

    /// The current login, logging in first if there is none.
    async fn session(&self, deadline: Option<Instant>) -> Result<Arc<Session>, Error> {
        match self.current_session() {
            Some(session) => Ok(session),
            None => self.log_in(None, deadline).await,
        }
    }

    /// Logs in and makes that the current login, unless another call already replaced
    /// `stale` (or, with no `stale`, already logged in) while this one waited for the lock:
    /// many calls refused at once then share one new login.
    async fn log_in(
        &self,
        stale: Option<&Arc<Session>>,
        deadline: Option<Instant>,
    ) -> Result<Arc<Session>, Error> {
        let _one_at_a_time = self.inner.login_lock.lock().await;
        if let Some(current) = self.current_session() {
            if stale.is_none_or(|stale| !Arc::ptr_eq(stale, &current)) {
                return Ok(current);
            }
        }
        let fresh = Arc::new(login::login(&self.inner, deadline).await?);
        *self
            .inner
            .session
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Sends `request` and reads the reply with `finish`, logging in again and sending it once
    /// more when `finish` finds the session refused.
    async fn call_with<R>(
        &self,
        request: ApiRequest,
        finish: fn(&Inner, &str, send::Received) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let deadline = self.call_deadline();
        let session = self.session(deadline).await?;
        let received = self.send_event(&session, &request, deadline).await?;
        match finish(&self.inner, &request.uri, received) {
            // The server refused before acting, so sending it again cannot do anything twice.
            Err(refused) if refused.is_session_refused() => {
                tracing::debug!(error = %refused, "the session was refused; logging in again");
                let fresh = self.log_in(Some(&session), deadline).await?;
                let received = self.send_event(&fresh, &request, deadline).await?;
                finish(&self.inner, &request.uri, received)
            }
            other => other,
        }
    }

    /// Sends one event on `session`'s login.
    async fn send_event(
        &self,
        session: &Session,
        request: &ApiRequest,
        deadline: Option<Instant>,
    ) -> Result<send::Received, Error> {
        let inner = &*self.inner;
        let envelope = Envelope::build(
            &session.context,
            request,
            fresh_eid(),
            utc_timestamp(SystemTime::now()),
        )?;
        if inner.verbose {
            let shown = serde_json::to_value(&envelope).map(|v| masked_json(&v));
            tracing::debug!(
                target: "accsyn_transport::verbose",
                envelope = %shown.unwrap_or_default(),
                "sending"
            );
        }
        let mut url = session.event_url.clone();
        let body = if request.method.uses_query_string() {
            url.set_query(Some(&event_query(&envelope, Some(&session.encoded))));
            None
        } else {
            Some(envelope.to_json())
        };
        send::send(
            inner,
            request.method,
            &url,
            body.as_deref(),
            &inner.auth_headers,
            &request.uri,
            request.method.is_safe_to_repeat(),
            deadline,
        )
        .await
    }
}

/// A UUID v4 for the envelope's `eid`. The eid only has to be unique, not unguessable, so
/// it comes from fastrand rather than a syscall to the OS generator on every call.
fn fresh_eid() -> String {
    let mut bytes = [0u8; 16];
    fastrand::fill(&mut bytes);
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
    id.hyphenated()
        .encode_lower(&mut uuid::Uuid::encode_buffer())
        .to_owned()
}

/// Replies larger than this are not searched for `message` or `exception`: refusals and faults
/// are small, and the caller's own decode of a large reply sees those keys anyway.
const SCREEN_LIMIT: usize = 64 << 10;

/// Whether `body` holds the text `"message"` or `"exception"`: one pass over its quotes, with
/// no searcher built per call (building `memmem` finders was a measurable share of a small
/// find).
fn names_a_refusal_key(body: &[u8]) -> bool {
    memchr::memchr_iter(b'"', body).any(|at| {
        let rest = &body[at..];
        rest.starts_with(b"\"message\"") || rest.starts_with(b"\"exception\"")
    })
}

/// Hands a reply back undecoded, after the errors a caller decoding it could not act on: an
/// error status, or a small body that names a `message` or an `exception` is decoded in full
/// here, so that refusals (a forgotten session among them) are errors of this transport. A
/// quick byte search decides that; only a reply that mentions those keys (an ACL's `message`)
/// pays for a full decode it did not need.
fn screened(inner: &Inner, uri: &str, reply: send::Received) -> Result<RawReply, Error> {
    let small = reply.body.len() <= SCREEN_LIMIT;
    let suspect =
        !(200..300).contains(&reply.status) || (small && names_a_refusal_key(&reply.body));
    if suspect || inner.verbose {
        let status = reply.status;
        let body = reply.body.clone();
        decoded(inner, uri, reply)?;
        return Ok(RawReply::new(uri, status, body));
    }
    Ok(RawReply::new(uri, reply.status, reply.body))
}

/// Decodes a reply and, in verbose mode, logs it masked.
fn decoded(inner: &Inner, uri: &str, reply: send::Received) -> Result<Reply, Error> {
    if inner.verbose {
        let shown = serde_json::from_slice::<serde_json::Value>(&reply.body)
            .map(|v| masked_json(&v))
            .unwrap_or_else(|_| format!("<{} bytes, not JSON>", reply.body.len()));
        tracing::debug!(target: "accsyn_transport::verbose", status = reply.status, body = %shown, "received");
    }
    decode_reply(uri, reply.status, &reply.body)
}

/// The span of one call; `send` records status, attempts and duration on it.
fn call_span(request: &ApiRequest) -> tracing::Span {
    tracing::info_span!(
        "accsyn_call",
        operation = %request.uri,
        method = %request.method,
        status = field::Empty,
        attempts = field::Empty,
        duration_ms = field::Empty,
    )
}

#[async_trait]
impl Transport for HttpTransport {
    async fn call(&self, request: ApiRequest) -> Result<Reply, Error> {
        let span = call_span(&request);
        self.call_with(request, decoded).instrument(span).await
    }

    async fn call_raw(&self, request: ApiRequest) -> Result<RawReply, Error> {
        let span = call_span(&request);
        self.call_with(request, screened).instrument(span).await
    }
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.inner;
        f.debug_struct("HttpTransport")
            .field("workspace", &i.workspace)
            .field("username", &i.username)
            .field("api_key", &"[redacted]")
            .field("target", &i.target)
            .field("logged_in", &self.current_session().is_some())
            .field("retry", &i.retry)
            .field("deadline", &i.deadline)
            .field("verbose", &i.verbose)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "k3y-in-a-header-9d1e";

    #[test]
    fn refusal_keys_are_found_anywhere_and_only_as_keys_in_quotes() {
        assert!(names_a_refusal_key(br#"{"message": "no"}"#));
        assert!(names_a_refusal_key(br#"{"result": [], "exception": "x"}"#));
        assert!(names_a_refusal_key(br#"{"a": "\"", "message":1}"#));
        assert!(!names_a_refusal_key(
            br#"{"result": [{"messages": 1, "exceptional": 2}]}"#
        ));
        assert!(!names_a_refusal_key(br#"{"result": "message"#));
        assert!(!names_a_refusal_key(b""));
    }

    #[test]
    fn reqwest_debug_of_a_request_hides_the_authorization_header() {
        let t = HttpTransport::builder("acme", "admin@acme.test", KEY)
            .base_url("http://127.0.0.1:9")
            .no_accsyn_proxy()
            .env_http_proxies(false)
            .build()
            .unwrap();
        let mut builder = t.inner.client.get("http://127.0.0.1:9/api/v3/event");
        for (name, value) in &t.inner.auth_headers {
            builder = builder.header(name, value.clone());
        }
        let b64 = base64::engine::general_purpose::STANDARD.encode(KEY);
        let mut shown = format!("{builder:?}");
        shown.push_str(&format!(" {:?}", builder.build().unwrap()));
        // The header is there (so the check below means something), its value is not.
        assert!(shown.contains("authorization"), "{shown}");
        assert!(!shown.contains(KEY) && !shown.contains(&b64), "{shown}");
    }

    #[test]
    fn a_workspace_code_no_header_can_carry_is_a_config_error() {
        let err = HttpTransport::builder("ac\nme", "u", "k")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Config(m) if m.contains("workspace")),
            "{err:?}"
        );
    }
}
