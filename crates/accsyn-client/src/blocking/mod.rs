//! A blocking facade over the async [`Session`](crate::Session), for scripts and programs
//! that do not run an async runtime (feature `blocking`), as `reqwest::blocking` is over
//! `reqwest`.
//!
//! A [`Session`] owns a small tokio runtime (one worker thread, shared by its clones) and runs
//! each call on it to completion from the calling thread; any number of plain threads may call
//! through clones of one session at once, over one connection pool. The methods mirror the
//! async ones and take the same arguments; [`Session::block_on`] runs any async call of
//! [`Session::as_async`] for what is not mirrored here.
//!
//! **Not for use inside an async runtime** (a `#[tokio::main]` program, a task): there, use
//! [`crate::Session`] and `.await`. Called from inside one, every method returns
//! [`Error::BlockingInAsync`] instead of blocking the runtime's thread.
//!
//! ```no_run
//! use accsyn_client::blocking::Session;
//! use accsyn_client::model::NewDelivery;
//!
//! fn main() -> Result<(), accsyn_client::Error> {
//!     // From ACCSYN_WORKSPACE, ACCSYN_API_USER, ACCSYN_API_KEY (or ./.env).
//!     let session = Session::connect()?;
//!     let delivery = session
//!         .deliveries()
//!         .create(&NewDelivery::temporary("Project references"))?;
//!     for transfer in session.transfers().find("status=running")? {
//!         println!("{:?} {:?}%", transfer.name, transfer.progress);
//!     }
//!     # let _ = delivery;
//!     Ok(())
//! }
//! ```

mod shares;
mod storage;

use std::fmt;
use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;

use accsyn_model::{
    AclEntry, AclGrant, Collection, Delivery, DeliveryStatus, EntityId, Folder, Home, JobStatus,
    NewDelivery, NewRequest, NewTasks, NewTransfer, Recipient, Request, Task, TaskUpdate, Transfer,
    Volume,
};
use serde::Serialize;
use serde_json::Value;

use crate::{Error, FindOptions, IntoFilter, IntoQuery, Progress, Progressing, Resource, Result};

pub use storage::{Files, Settings};

/// A blocking session: the async [`Session`](crate::Session) and the runtime its calls run
/// on. Cheap to clone; clones share both.
///
/// ```no_run
/// let session = accsyn_client::blocking::Session::connect()?;
/// let users = session.find("User")?;
/// # let _ = users; Ok::<(), accsyn_client::Error>(())
/// ```
#[derive(Clone)]
pub struct Session {
    inner: crate::Session,
    runtime: Arc<Runtime>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Session")
            .field("session", &self.inner)
            .finish_non_exhaustive()
    }
}

/// The runtime, shut down without waiting when the last session goes: dropping a tokio
/// runtime the ordinary way panics inside an async context.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Session {
    /// Builds a session with `builder` (see [`SessionBuilder`](crate::SessionBuilder)) and
    /// logs in.
    ///
    /// # Errors
    /// As [`SessionBuilder::connect`](crate::SessionBuilder::connect), and
    /// [`Error::BlockingInAsync`] inside an async runtime.
    ///
    /// ```no_run
    /// let session = accsyn_client::blocking::Session::new(
    ///     accsyn_client::Session::builder().workspace("acme").username("admin@acme.test").api_key("key"),
    /// )?;
    /// # let _ = session; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn new(builder: crate::SessionBuilder) -> Result<Session> {
        let session = Session::from_async(builder.build()?)?;
        session.block_on(session.inner.login())??;
        Ok(session)
    }

    /// Connects with the settings of the credentials file and the environment, and logs in.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    ///
    /// ```no_run
    /// let session = accsyn_client::blocking::Session::connect()?;
    /// # let _ = session; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn connect() -> Result<Session> {
        Session::new(crate::Session::builder())
    }

    /// Wraps an async session (not logged in yet, or already) with a runtime of its own.
    ///
    /// # Errors
    /// [`Error::BlockingInAsync`] inside an async runtime; [`Error::InvalidArgument`] when
    /// the runtime cannot start (no thread could be spawned).
    ///
    /// ```
    /// let async_session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("u").api_key("k").build()?;
    /// let session = accsyn_client::blocking::Session::from_async(async_session)?;
    /// assert_eq!(session.as_async().workspace(), Some("acme"));
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn from_async(session: crate::Session) -> Result<Session> {
        refuse_inside_a_runtime()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("accsyn-blocking")
            .enable_all()
            .build()
            .map_err(|e| {
                Error::InvalidArgument(format!("the blocking session's runtime did not start: {e}"))
            })?;
        Ok(Session {
            inner: session,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// The async session underneath.
    ///
    /// ```
    /// # let s = accsyn_client::blocking::Session::from_async(accsyn_client::Session::builder()
    /// #     .workspace("acme").username("u").api_key("k").build()?)?;
    /// assert!(s.as_async().login_info().is_none());
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn as_async(&self) -> &crate::Session {
        &self.inner
    }

    /// Runs any future to completion on this session's runtime: the way to every async call
    /// not mirrored here.
    ///
    /// # Errors
    /// [`Error::BlockingInAsync`] inside an async runtime (the future is not run).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let async_session = session.as_async().clone();
    /// let size = session.block_on(async move { async_session.getsize("share=projects/a.mov").await })??;
    /// # let _ = size; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output> {
        refuse_inside_a_runtime()?;
        match &self.runtime.0 {
            Some(runtime) => Ok(runtime.block_on(future)),
            // Only `Drop` takes the runtime, and nothing calls after it.
            None => Err(Error::InvalidArgument(
                "the blocking session's runtime is gone".into(),
            )),
        }
    }

    /// Runs an async call that returns this crate's `Result`.
    fn run<T>(&self, call: impl Future<Output = Result<T>>) -> Result<T> {
        self.block_on(call)?
    }

    /// As [`crate::Session::find`]: the matching entities as JSON.
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let done = session.find("Transfer WHERE status=done")?;
    /// # let _ = done; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find(&self, query: impl IntoQuery) -> Result<Vec<Value>> {
        self.run(self.inner.find(query).send())
    }

    /// As [`find`](Self::find) with options (attributes, paging, scope, parent).
    ///
    /// # Errors
    /// As [`find`](Self::find).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let options = accsyn_client::FindOptions::new().finished(true).limit(10);
    /// let done = session.find_with("Transfer WHERE status=done", options)?;
    /// # let _ = done; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find_with(&self, query: impl IntoQuery, options: FindOptions) -> Result<Vec<Value>> {
        self.run(self.inner.find(query).options(options).send())
    }

    /// As [`crate::Session::find_one`].
    ///
    /// # Errors
    /// As [`find`](Self::find).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let me = session.find_one("User WHERE code=admin@acme.test")?;
    /// # let _ = me; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find_one(&self, query: impl IntoQuery) -> Result<Option<Value>> {
        self.run(self.inner.find_one(query).send())
    }

    /// As [`crate::Session::get_entity`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let t = session.get_entity("Transfer", "6971e16fceadd67b955b1995")?;
    /// # let _ = t; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn get_entity(&self, entity_type: &str, id: &str) -> Result<Option<Value>> {
        self.run(self.inner.get_entity(entity_type, id))
    }

    /// As [`crate::Session::create`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let d = session.create("Delivery", serde_json::json!({"name": "Project references"}))?;
    /// # let _ = d; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn create(&self, entity_type: &str, data: Value) -> Result<Value> {
        self.run(self.inner.create(entity_type, data).send())
    }

    /// As [`crate::Session::update`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.update("Transfer", "614d660de50d45bb027c9bdd", serde_json::json!({"status": "aborted"}))?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn update(&self, entity_type: &str, id: &str, data: Value) -> Result<Value> {
        self.run(self.inner.update(entity_type, id, data))
    }

    /// As [`crate::Session::delete_one`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.delete_one("Transfer", "614d660de50d45bb027c9bdd")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn delete_one(&self, entity_type: &str, id: &str) -> Result<Value> {
        self.run(self.inner.delete_one(entity_type, id))
    }

    /// As [`crate::Session::grant`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.grant("User", "lisa@example.com", "Delivery", "614d660de50d45bb027c9bdd", None)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn grant(
        &self,
        entity_type: &str,
        user: &str,
        target_type: &str,
        target: &str,
        data: Option<Value>,
    ) -> Result<Value> {
        self.run(
            self.inner
                .grant(entity_type, user, target_type, target, data),
        )
    }

    /// As [`crate::Session::access`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let who = session.access("Delivery", "614d660de50d45bb027c9bdd")?;
    /// # let _ = who; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn access(&self, target_type: &str, target: &str) -> Result<Vec<Value>> {
        self.run(self.inner.access(target_type, target))
    }

    /// As [`crate::Session::revoke`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.revoke("User", "lisa@example.com", "Delivery", "614d660de50d45bb027c9bdd")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn revoke(
        &self,
        entity_type: &str,
        user: &str,
        target_type: &str,
        target: &str,
    ) -> Result<bool> {
        self.run(self.inner.revoke(entity_type, user, target_type, target))
    }

    fn handler<T>(&self, inner: crate::Handler<T>) -> Handler<T> {
        Handler {
            inner,
            session: self.clone(),
        }
    }
}

/// Declares the blocking handler getters, one per async one.
macro_rules! getters {
    ($($name:ident -> $entity:ty,)*) => {
        impl Session {
            $(
                #[doc = concat!("As [`crate::Session::", stringify!($name), "`], blocking.")]
                ///
                /// ```no_run
                /// # let session = accsyn_client::blocking::Session::connect()?;
                #[doc = concat!("let all = session.", stringify!($name), "().list()?;")]
                /// # let _ = all; Ok::<(), accsyn_client::Error>(())
                /// ```
                pub fn $name(&self) -> Handler<$entity> {
                    self.handler(self.inner.$name())
                }
            )*
        }
    };
}

getters! {
    transfers -> Transfer,
    deliveries -> Delivery,
    requests -> Request,
    users -> accsyn_model::User,
    jobs -> accsyn_model::Job,
    clients -> accsyn_model::Client,
    servers -> accsyn_model::Client,
    volumes -> Volume,
    folders -> Folder,
    homes -> Home,
    collections -> Collection,
}

impl Session {
    /// As [`crate::Session::entities`]: untyped access to any entity type, blocking.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let queues = session.entities("Queue").list()?;
    /// # let _ = queues; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn entities(&self, entity_type: impl Into<String>) -> Handler<Value> {
        self.handler(self.inner.entities(entity_type))
    }
}

/// Blocking calls on one entity type: the async [`Handler`](crate::Handler)'s, run to
/// completion. Made by [`Session::transfers`] and the other getters.
///
/// ```no_run
/// # let session = accsyn_client::blocking::Session::connect()?;
/// let failed = session.transfers().find("status=failed")?;
/// # let _ = failed; Ok::<(), accsyn_client::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Handler<T> {
    inner: crate::Handler<T>,
    session: Session,
}

impl<T: Resource> Handler<T> {
    /// As [`crate::Handler::find`]: every match.
    ///
    /// # Errors
    /// As [`crate::TypedFind::send`], and [`Error::BlockingInAsync`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let mine = session.transfers().find("user=lisa@example.com")?;
    /// # let _ = mine; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find(&self, filter: impl IntoFilter) -> Result<Vec<T>> {
        self.session.run(self.inner.find(filter).send())
    }

    /// As [`find`](Self::find), with options.
    ///
    /// # Errors
    /// As [`find`](Self::find).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let options = accsyn_client::FindOptions::new().finished(true);
    /// let done = session.transfers().find_with("status=done", options)?;
    /// # let _ = done; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find_with(&self, filter: impl IntoFilter, options: FindOptions) -> Result<Vec<T>> {
        self.session
            .run(self.inner.find(filter).options(options).send())
    }

    /// As [`crate::Handler::list`]: every entity of the type (live ones).
    ///
    /// # Errors
    /// As [`find`](Self::find).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let users = session.users().list()?;
    /// # let _ = users; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn list(&self) -> Result<Vec<T>> {
        self.session.run(self.inner.list().send())
    }

    /// As [`crate::Handler::find_one`].
    ///
    /// # Errors
    /// As [`find`](Self::find).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let lisa = session.users().find_one("code=lisa@example.com")?;
    /// # let _ = lisa; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn find_one(&self, filter: impl IntoFilter) -> Result<Option<T>> {
        self.session.run(self.inner.find_one(filter))
    }

    /// As [`crate::Handler::get`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let t = session.transfers().get(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # let _ = t; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn get(&self, id: &EntityId) -> Result<Option<T>> {
        self.session.run(self.inner.get(id))
    }

    /// As [`crate::Handler::update`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.transfers().update(&id, &serde_json::json!({"priority": 10}))?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn update(&self, id: &EntityId, changes: &impl Serialize) -> Result<T> {
        self.session.run(self.inner.update(id, changes))
    }

    /// As [`crate::Handler::delete`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.transfers().delete(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn delete(&self, id: &EntityId) -> Result<()> {
        self.session.run(self.inner.delete(id))
    }

    /// As [`crate::Handler::delete_with`].
    ///
    /// # Errors
    /// As there.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.volumes().delete_with(&id, &serde_json::json!({"force": true}))?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn delete_with(&self, id: &EntityId, options: &impl Serialize) -> Result<()> {
        self.session.run(self.inner.delete_with(id, options))
    }
}

impl Handler<Value> {
    /// As [`crate::Handler::<Value>::create`], without options: the created entity.
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let queue = session.entities("Queue").create(serde_json::json!({"code": "renders"}))?;
    /// # let _ = queue; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn create(&self, data: Value) -> Result<Value> {
        self.session.run(self.inner.create(data).into_future())
    }

    /// As [`crate::Handler::<Value>::deactivate`].
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.entities("User").deactivate(&"6676f3e9c7ef4e27da254e57".parse()?)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn deactivate(&self, id: &EntityId) -> Result<Value> {
        self.session.run(self.inner.deactivate(id))
    }

    /// As [`crate::Handler::<Value>::activate`].
    ///
    /// # Errors
    /// As there, and [`Error::BlockingInAsync`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.entities("User").activate("lisa@example.com")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn activate(&self, id_or_code: &str) -> Result<Value> {
        self.session.run(self.inner.activate(id_or_code))
    }
}

impl<T: Progressing> Handler<T> {
    /// As [`crate::Handler::wait_for`]: blocks until the job has `status`, calling
    /// `on_progress` at each look (every `poll_interval`), for at most `timeout`.
    ///
    /// # Errors
    /// As [`crate::WaitFor::send`].
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use accsyn_client::model::JobStatus;
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// let done = session.transfers().wait_for(&id, JobStatus::Done, Duration::from_secs(2),
    ///     Some(Duration::from_secs(3600)), |p| println!("{p}"))?;
    /// # let _ = done; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn wait_for(
        &self,
        id: &EntityId,
        status: T::Status,
        poll_interval: Duration,
        timeout: Option<Duration>,
        on_progress: impl FnMut(&Progress) + Send + 'static,
    ) -> Result<T> {
        let mut wait = self
            .inner
            .wait_for(id, status)
            .poll_interval(poll_interval)
            .on_progress(on_progress);
        if let Some(timeout) = timeout {
            wait = wait.timeout(timeout);
        }
        self.session.run(wait.send())
    }
}

/// Blocking mirrors of a handler's own calls, each `async fn` by the same name.
macro_rules! mirror {
    ($entity:ty { $($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)* }) => {
        impl Handler<$entity> {
            $(
                $(#[$doc])*
                ///
                /// # Errors
                /// As the async call, and [`Error::BlockingInAsync`].
                pub fn $name(&self, $($arg: $ty),*) -> Result<$ret> {
                    self.session.run(self.inner.$name($($arg),*))
                }
            )*
        }
    };
}

mirror!(Delivery {
    /// As [`crate::Handler::<Delivery>::create`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let d = session.deliveries().create(&accsyn_client::model::NewDelivery::temporary("refs"))?;
    /// # let _ = d; Ok::<(), accsyn_client::Error>(())
    /// ```
    fn create(payload: &NewDelivery) -> Delivery;
    /// Sets the status (`pending` submits, `aborted` aborts, `done` finishes).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.deliveries().set_status(&id, accsyn_client::model::DeliveryStatus::Done)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn set_status(id: &EntityId, status: DeliveryStatus) -> Delivery;
    /// Submits it.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.deliveries().submit(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn submit(id: &EntityId) -> Delivery;
    /// Adds a recipient by id or email.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.deliveries().add_recipient(&"6971e16fceadd67b955b1995".parse()?, "lisa@example.com", true)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn add_recipient(id: &EntityId, user: &str, invite: bool) -> Option<Recipient>;
    /// The recipients.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let who = session.deliveries().recipients(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # let _ = who; Ok::<(), accsyn_client::Error>(())
    /// ```
    fn recipients(id: &EntityId) -> Vec<Recipient>;
    /// Removes a recipient.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.deliveries().remove_recipient(&"6971e16fceadd67b955b1995".parse()?, "lisa@example.com")?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn remove_recipient(id: &EntityId, user: &str) -> bool;
});

mirror!(Request {
    /// As [`crate::Handler::<Request>::create`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let r = session.requests().create(&accsyn_client::model::NewRequest::new("Project material"))?;
    /// # let _ = r; Ok::<(), accsyn_client::Error>(())
    /// ```
    fn create(payload: &NewRequest) -> Request;
    /// Sets the status.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.requests().set_status(&id, accsyn_client::model::DeliveryStatus::Aborted)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn set_status(id: &EntityId, status: DeliveryStatus) -> Request;
    /// Submits it.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.requests().submit(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn submit(id: &EntityId) -> Request;
    /// Adds a recipient by id or email.
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// session.requests().add_recipient(&"6971e16fceadd67b955b1995".parse()?, "lisa@example.com", true)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn add_recipient(id: &EntityId, user: &str, invite: bool) -> Option<Recipient>;
});

mirror!(Transfer {
    /// As [`crate::Handler::<Transfer>::create`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let t = accsyn_client::model::NewTransfer::single(Some("share=projects/a.mov".parse()?), Some("/tmp".parse()?));
    /// let transfer = session.transfers().create(&t)?;
    /// # let _ = transfer; Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn create(payload: &NewTransfer) -> Transfer;
    /// Sets the status (`waiting` resumes, `paused` pauses, `aborted` aborts).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.transfers().set_status(&id, accsyn_client::model::JobStatus::Paused)?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn set_status(id: &EntityId, status: JobStatus) -> Transfer;
    /// Adds files (tasks).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// use accsyn_client::model::{NewTasks, TaskEntry};
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.transfers().add_tasks(&id, &NewTasks::many([TaskEntry::Path("share=projects/b.mov".parse()?)]))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn add_tasks(id: &EntityId, tasks: &NewTasks) -> Vec<Task>;
    /// Updates tasks (status, priority, metadata).
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// use accsyn_client::model::{TaskStatus, TaskUpdate};
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// session.transfers().update_tasks(&id, &[TaskUpdate::by_uri("0").with_status(TaskStatus::Onhold)])?;
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    fn update_tasks(id: &EntityId, updates: &[TaskUpdate]) -> Vec<Task>;
});

impl Handler<Transfer> {
    /// As [`crate::Handler::<Transfer>::tasks`]: the transfer's tasks.
    ///
    /// # Errors
    /// As the async call, and [`Error::BlockingInAsync`].
    ///
    /// ```no_run
    /// # let session = accsyn_client::blocking::Session::connect()?;
    /// let tasks = session.transfers().tasks(&"6971e16fceadd67b955b1995".parse()?)?;
    /// # let _ = tasks; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn tasks(&self, id: &EntityId) -> Result<Vec<Task>> {
        self.session.run(self.inner.tasks(id).send())
    }
}

/// ACL calls of the share handlers.
macro_rules! acl_mirror {
    ($($entity:ty),*) => {$(
        mirror!($entity {
            /// Grants a user access through an ACL.
            ///
            /// ```no_run
            /// # let session = accsyn_client::blocking::Session::connect()?;
            /// let id = "6971e16fceadd67b955b1995".parse()?;
            /// session.folders().grant(&id, "lisa@example.com", &accsyn_client::model::AclGrant::read_only(), true)?;
            /// # Ok::<(), accsyn_client::Error>(())
            /// ```
            fn grant(id: &EntityId, user: &str, grant: &AclGrant, invite: bool) -> AclEntry;
            /// The share's ACLs.
            ///
            /// ```no_run
            /// # let session = accsyn_client::blocking::Session::connect()?;
            /// let acls = session.volumes().access(&"6971e16fceadd67b955b1995".parse()?, true)?;
            /// # let _ = acls; Ok::<(), accsyn_client::Error>(())
            /// ```
            fn access(id: &EntityId, recursive: bool) -> Vec<AclEntry>;
            /// Revokes a user's access.
            ///
            /// ```no_run
            /// # let session = accsyn_client::blocking::Session::connect()?;
            /// session.folders().revoke(&"6971e16fceadd67b955b1995".parse()?, "lisa@example.com")?;
            /// # Ok::<(), accsyn_client::Error>(())
            /// ```
            fn revoke(id: &EntityId, user: &str) -> bool;
        });
    )*};
}

acl_mirror!(Volume, Folder, Home, Collection);

/// A blocking call inside an async runtime would block one of its threads (and tokio
/// panics on it): refuse with an error that says what to use instead.
fn refuse_inside_a_runtime() -> Result<()> {
    if tokio::runtime::Handle::try_current().is_ok() {
        Err(Error::BlockingInAsync)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline() -> crate::Session {
        crate::Session::builder()
            .ignore_env()
            .workspace("acme")
            .username("u")
            .api_key("k")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap()
    }

    #[test]
    fn inside_an_async_runtime_every_call_is_refused_not_blocked() {
        let session = Session::from_async(offline()).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            assert!(matches!(session.find("User"), Err(Error::BlockingInAsync)));
            assert!(matches!(
                Session::from_async(offline()),
                Err(Error::BlockingInAsync)
            ));
            // Dropping the last clone in here must not panic either.
            drop(session);
        });
    }
}
