//! The in-process emulator: builder, running handle, credentials.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::Error;
use crate::clock::{Clock, to_system_time, wall_now};
use crate::http::{AppState, CLOCK_KEY, Limits, PayloadLimits, router, serve};
use crate::seed::{Role, Seed};
use crate::setup::Plan;
use crate::store::Store;

/// Default request body limit: 16 MiB, well above the official client's
/// payloads (it compresses anything over ~100 KiB, and its largest
/// compressed task lists are a few MB). A compressed `gz_data` payload may
/// inflate to at most 32 MiB and 100 times its compressed size, and hold at
/// most 2,000,000 JSON values.
pub const DEFAULT_BODY_LIMIT: usize = 16 << 20;

/// How long a client has, from connecting or from its request's first
/// byte, to send the request's head (line and headers).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(20);

/// How long a request's body may take to arrive once its head has.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a keep-alive connection may stay idle between requests (the
/// official client's and our transport's pools reuse theirs well within it).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(75);

/// Connections served at once; more wait to be accepted. Below the usual
/// limit of 1,024 open files, so the emulator never runs out of them.
pub const DEFAULT_MAX_CONNECTIONS: usize = 768;

/// Configures and starts an [`Emulator`].
///
/// ```no_run
/// # async fn demo() -> Result<(), accsyn_emulator::Error> {
/// use accsyn_emulator::{Emulator, Seed};
/// let emulator = Emulator::builder()
///     .seed(Seed::new().workspace("studio"))
///     .time_scale(60.0) // one emulated minute per second
///     .start()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct EmulatorBuilder {
    seed: Seed,
    data_dir: Option<PathBuf>,
    listen: SocketAddr,
    time_scale: f64,
    body_limit: usize,
    header_timeout: Duration,
    body_timeout: Duration,
    idle_timeout: Duration,
    max_connections: usize,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            seed: Seed::default(),
            data_dir: None,
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            time_scale: 1.0,
            body_limit: DEFAULT_BODY_LIMIT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

impl EmulatorBuilder {
    /// The seed used on a fresh data dir (ignored when the data dir already
    /// holds a workspace: a restart keeps what was stored).
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Keeps state in `dir` (created if missing) instead of a temporary dir
    /// removed when the emulator stops.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// The address to listen on; `127.0.0.1:0` (any free port) by default.
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// How fast emulated time runs against the wall clock: 1.0 by default,
    /// 0.0 freezes it (it then moves only with [`Emulator::advance_clock`]).
    pub fn time_scale(mut self, scale: f64) -> Self {
        self.time_scale = scale;
        self
    }

    /// The largest request body accepted, in bytes ([`DEFAULT_BODY_LIMIT`]).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long a client has to send a request's head, from connecting or
    /// from the request's first byte ([`DEFAULT_HEADER_TIMEOUT`]); a slower
    /// client's connection is closed.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), accsyn_emulator::Error> {
    /// use std::time::Duration;
    /// let emulator = accsyn_emulator::Emulator::builder()
    ///     .header_timeout(Duration::from_secs(5))
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// How long a request's body may take to arrive ([`DEFAULT_BODY_TIMEOUT`]);
    /// a slower one is answered 408.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// How long a keep-alive connection may stay idle between requests
    /// ([`DEFAULT_IDLE_TIMEOUT`]).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// How many connections are served at once ([`DEFAULT_MAX_CONNECTIONS`]);
    /// more wait to be accepted.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// Opens the data dir, seeds it if fresh, binds and starts serving.
    ///
    /// # Errors
    /// An invalid seed or option, an unusable data dir or database, or an
    /// address that cannot be bound.
    pub async fn start(self) -> Result<Emulator, Error> {
        if !(self.time_scale.is_finite() && (0.0..=1e6).contains(&self.time_scale)) {
            return Err(Error::InvalidOption(format!(
                "time scale {} must be between 0 and 1000000",
                self.time_scale
            )));
        }
        if self.body_limit < 1024 {
            return Err(Error::InvalidOption(
                "the body limit must be at least 1024 bytes".into(),
            ));
        }
        for (name, timeout) in [
            ("header", self.header_timeout),
            ("body", self.body_timeout),
            ("idle", self.idle_timeout),
        ] {
            if timeout < Duration::from_millis(10) || timeout > Duration::from_secs(86_400) {
                return Err(Error::InvalidOption(format!(
                    "the {name} timeout must be between 10 ms and one day"
                )));
            }
        }
        if self.max_connections == 0 {
            return Err(Error::InvalidOption(
                "the emulator must serve at least one connection at a time".into(),
            ));
        }
        let limits = Limits {
            body: self.body_limit,
            payload: PayloadLimits::default(),
            header_timeout: self.header_timeout,
            body_timeout: self.body_timeout,
            idle_timeout: self.idle_timeout,
            max_connections: self.max_connections,
        };
        let (temp, data_dir) = match self.data_dir {
            Some(dir) => (None, dir),
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("accsyn-emulator-")
                    .tempdir()
                    .map_err(|source| Error::Io {
                        path: std::env::temp_dir(),
                        source,
                    })?;
                let path = temp.path().to_owned();
                (Some(temp), path)
            }
        };
        let plan = Plan::new(self.seed)?;
        let dir = data_dir.clone();
        let (store, workspace, clock_start) =
            tokio::task::spawn_blocking(move || open_and_seed(&dir, &plan))
                .await
                .map_err(|e| Error::Task(Box::new(e)))??;
        let listener = tokio::net::TcpListener::bind(self.listen)
            .await
            .map_err(|source| Error::Bind {
                addr: self.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            addr: self.listen,
            source,
        })?;
        let state = Arc::new(AppState {
            workspace,
            store,
            clock: Clock::new(clock_start, self.time_scale),
            host: addr.ip().to_string(),
            port: addr.port(),
            limits,
            data_dir: data_dir.clone(),
        });
        let credentials = load_credentials(&state)?;
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let app = router(state.clone());
        let task = tokio::spawn(serve(listener, app, limits, async {
            // A dropped sender also means stop.
            let _ = stop_rx.await;
        }));
        tracing::info!(%addr, workspace = %credentials.workspace, "accsyn emulator listening");
        Ok(Emulator {
            addr,
            credentials,
            state,
            data_dir,
            stop: Some(stop_tx),
            task: Some(task),
            _temp: temp,
        })
    }
}

/// Opens the store; seeds it on first use. Returns the store, the workspace
/// and where the clock starts (never before the last time seen).
fn open_and_seed(dir: &Path, plan: &Plan) -> Result<(Store, String, i64), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    let store = Store::open(dir)?;
    let now = wall_now();
    let seeded = store
        .transaction(|tx| tx.meta("seeded"))
        .map_err(api_to_error)?
        .is_some();
    if !seeded {
        plan.create_files(dir)?;
        store
            .transaction(|tx| plan.store(tx, now, dir))
            .map_err(api_to_error)?;
    }
    let (workspace, last) = store
        .transaction(|tx| Ok((tx.meta("workspace")?, tx.meta(CLOCK_KEY)?)))
        .map_err(api_to_error)?;
    let workspace = workspace.ok_or_else(|| {
        Error::Store("the data dir's database has no workspace; use an empty data dir".into())
    })?;
    let last = last.and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    Ok((store, workspace, now.max(last)))
}

fn api_to_error(e: crate::reply::ApiError) -> Error {
    Error::Store(format!("{e:?}").into())
}

fn load_credentials(state: &AppState) -> Result<Credentials, Error> {
    let users = state
        .store
        .transaction(|tx| {
            let mut out = Vec::new();
            for u in tx.list("user")? {
                let field = |k: &str| {
                    u.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                let id = field("id");
                let api_key = tx.api_key(&id)?.unwrap_or_default();
                out.push(UserCredentials {
                    code: field("code"),
                    role: crate::http::role_of(&u),
                    id,
                    api_key,
                });
            }
            Ok(out)
        })
        .map_err(api_to_error)?;
    Ok(Credentials {
        workspace: state.workspace.clone(),
        users,
    })
}

/// A running emulator. Dropping it stops it; [`Emulator::shutdown`] stops it
/// and waits until the port is closed.
pub struct Emulator {
    addr: SocketAddr,
    credentials: Credentials,
    state: Arc<AppState>,
    data_dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    // Declared last so the server stops before its temporary data dir goes.
    _temp: Option<tempfile::TempDir>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("workspace", &self.credentials.workspace)
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A builder with the defaults: built-in seed, temporary data dir,
    /// `127.0.0.1:0`, real-time clock.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:<port>`: append `/api/v3/...` for calls.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The workspace code it serves.
    pub fn workspace(&self) -> &str {
        &self.credentials.workspace
    }

    /// The users and API keys it serves (as stored at start).
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Where its database and files live.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Emulated now.
    pub fn now(&self) -> SystemTime {
        to_system_time(self.state.clock.now())
    }

    /// Moves emulated time forward (expiry, transfer progress) without
    /// sleeping; the admin-only event `emulator/clock` does the same over HTTP.
    ///
    /// # Errors
    /// [`Error::Store`] when the new time cannot be recorded.
    pub fn advance_clock(&self, by: Duration) -> Result<SystemTime, Error> {
        let now = self.state.clock.advance(by);
        self.state
            .store
            .transaction(|tx| tx.set_meta(CLOCK_KEY, &now.to_string()))
            .map_err(api_to_error)?;
        Ok(to_system_time(now))
    }

    /// Stops serving and waits for the server task to end (at most a few
    /// seconds for open connections to finish).
    ///
    /// # Errors
    /// [`Error::Task`] when the server task had failed.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            match tokio::time::timeout(Duration::from_secs(5), task).await {
                Ok(joined) => joined.map_err(|e| Error::Task(Box::new(e)))?,
                // Keep-alive connections that never close: cut them.
                Err(_) => abort.abort(),
            }
        }
        Ok(())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Without a runtime to wait on, abort so the port closes promptly.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The workspace and users an emulator serves.
#[derive(Debug, Clone)]
pub struct Credentials {
    workspace: String,
    users: Vec<UserCredentials>,
}

impl Credentials {
    /// The workspace code.
    pub fn workspace(&self) -> &str {
        &self.workspace
    }

    /// Every user, in creation order.
    pub fn users(&self) -> &[UserCredentials] {
        &self.users
    }

    /// The user with this code (email), ignoring case.
    pub fn user(&self, code: &str) -> Option<&UserCredentials> {
        self.users
            .iter()
            .find(|u| u.code.eq_ignore_ascii_case(code))
    }

    /// The first user with this role.
    pub fn first_with_role(&self, role: Role) -> Option<&UserCredentials> {
        self.users.iter().find(|u| u.role == role)
    }
}

/// One user's login.
#[derive(Clone)]
pub struct UserCredentials {
    code: String,
    id: String,
    role: Role,
    api_key: String,
}

impl UserCredentials {
    /// The username (email).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The user's entity id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The user's role.
    pub fn role(&self) -> Role {
        self.role.clone()
    }

    /// The API key (a secret: keep it out of logs).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }
}

// The API key is a secret: never in Debug output.
impl fmt::Debug for UserCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserCredentials")
            .field("code", &self.code)
            .field("id", &self.id)
            .field("role", &self.role)
            .field("api_key", &"<redacted>")
            .finish()
    }
}
