//! `find` and `find_one`: options as data, and builders that send them when awaited.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use accsyn_query::Query;
use serde_json::Value;
use sync_wrapper::SyncFuture;

use crate::{Result, Session, TypedFind, request};

/// The options of a find, as the official client's keyword arguments: which attributes,
/// which page, which scope, under which parent.
///
/// Only the options that are set are sent.
///
/// ```
/// use accsyn_client::FindOptions;
///
/// let options = FindOptions::new().attributes(["id", "name"]).finished(true).skip(100).limit(50);
/// assert_eq!(options.limit, Some(50));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FindOptions {
    /// Return only these attributes (all readable ones when `None`).
    pub attributes: Option<Vec<String>>,
    /// Skip this many matches (pagination).
    pub skip: Option<u64>,
    /// Return at most this many matches (pagination); `0` is the same as `None`.
    pub limit: Option<u64>,
    /// (Jobs) search among finished and aborted jobs instead of live ones.
    pub finished: Option<bool>,
    /// (Users, shares) search among deactivated entities.
    pub inactive: Option<bool>,
    /// Search the archive (deleted and purged entities); may be slow.
    pub archived: Option<bool>,
    /// The parent entity id, for sub-entities such as tasks (`Task` finds need it).
    pub parent: Option<String>,
}

/// Setters shared by [`FindOptions`] and the builders that carry one.
macro_rules! find_option_setters {
    ($($field:ident)?) => {
        /// Returns only these attributes (names are trimmed; an empty list means all of them,
        /// and a blank name fails the find with `Error::InvalidArgument` before anything is
        /// sent).
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().attributes(["id", "name"]);
        /// # let _ = options;
        /// ```
        pub fn attributes<I, S>(mut self, attributes: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self$(.$field)?.attributes = Some(attributes.into_iter().map(Into::into).collect());
            self
        }

        /// Skips this many matches.
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().skip(100);
        /// # let _ = options;
        /// ```
        pub fn skip(mut self, skip: u64) -> Self {
            self$(.$field)?.skip = Some(skip);
            self
        }

        /// Returns at most this many matches.
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().limit(50);
        /// # let _ = options;
        /// ```
        pub fn limit(mut self, limit: u64) -> Self {
            self$(.$field)?.limit = Some(limit);
            self
        }

        /// Searches finished (`true`) or live (`false`) jobs.
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().finished(true);
        /// # let _ = options;
        /// ```
        pub fn finished(mut self, finished: bool) -> Self {
            self$(.$field)?.finished = Some(finished);
            self
        }

        /// Searches deactivated (`true`) or active (`false`) users and shares.
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().inactive(true);
        /// # let _ = options;
        /// ```
        pub fn inactive(mut self, inactive: bool) -> Self {
            self$(.$field)?.inactive = Some(inactive);
            self
        }

        /// Searches the archive.
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().archived(true);
        /// # let _ = options;
        /// ```
        pub fn archived(mut self, archived: bool) -> Self {
            self$(.$field)?.archived = Some(archived);
            self
        }

        /// Searches beneath this parent (the job id, for tasks).
        ///
        /// ```
        /// let options = accsyn_client::FindOptions::new().parent("5a7325f8b7ef72f5f9d74bf4");
        /// # let _ = options;
        /// ```
        pub fn parent(mut self, parent: impl Into<String>) -> Self {
            self$(.$field)?.parent = Some(parent.into());
            self
        }
    };
}
pub(crate) use find_option_setters;

impl FindOptions {
    /// No options: every live match with every readable attribute.
    ///
    /// ```
    /// assert_eq!(accsyn_client::FindOptions::new(), Default::default());
    /// ```
    pub fn new() -> FindOptions {
        FindOptions::default()
    }

    find_option_setters!();
}

/// A boxed future, as `IntoFuture` needs a nameable type.
/// The future of a builder's `.await`: boxed, `Send`, and `Sync` too (a future is only ever
/// polled through `&mut`, so sharing `&` to it is harmless; reqwest's own are not `Sync`).
pub(crate) type BoxFuture<'a, T> = SyncFuture<Pin<Box<dyn Future<Output = T> + Send + 'a>>>;

/// Boxes `future` as a [`BoxFuture`].
pub(crate) fn boxed<'a, T>(future: impl Future<Output = T> + Send + 'a) -> BoxFuture<'a, T> {
    SyncFuture::new(Box::pin(future))
}

/// A find in the making: set options, then `.await` it for the list of matching entities,
/// as JSON. Made by [`Session::find`]: the untyped handler's [`TypedFind`] over
/// [`serde_json::Value`], so it has pages and a stream too.
///
/// The query was parsed when `find` was called; a malformed one fails on `.await` without a
/// round trip.
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let find = session.find("Transfer WHERE status=done").attributes(["id", "name"]).limit(10);
/// let transfers = find.await?;
/// # let _ = transfers; Ok(()) }
/// ```
pub type Find = TypedFind<Value>;

/// A find of one entity: `.await` it for the first match, or `None`. Made by
/// [`Session::find_one`]; sends `single_entity_query`, which relaxes the status scope.
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let lisa = session.find_one("User WHERE code=lisa@example.com").attributes(["id"]).await?;
/// # let _ = lisa; Ok(()) }
/// ```
#[must_use = "a find does nothing until it is awaited"]
#[derive(Debug)]
pub struct FindOne {
    session: Session,
    query: Result<Query>,
    options: FindOptions,
}

impl FindOne {
    pub(crate) fn new(session: Session, query: Result<Query>) -> Self {
        FindOne {
            session,
            query,
            options: FindOptions::new(),
        }
    }

    find_option_setters!(options);

    /// Sends the find.
    ///
    /// # Errors
    /// As [`Find::send`].
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let lisa = session.find_one("User WHERE code=lisa@example.com").send().await?;
    /// # let _ = lisa; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Option<Value>> {
        TypedFind::new(self.session, self.query)
            .options(self.options)
            .one()
            .await
    }
}

impl IntoFuture for FindOne {
    type Output = Result<Option<Value>>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        boxed(self.send())
    }
}

/// A create in the making: optionally a parent and the duplicate policy, then `.await` it
/// for the created entity. Made by [`Session::create`].
///
/// ```no_run
/// use serde_json::json;
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let delivery = session.create("Delivery", json!({"name": "Project references"})).await?;
/// # let _ = delivery; Ok(()) }
/// ```
#[must_use = "a create does nothing until it is awaited"]
#[derive(Debug)]
pub struct Create {
    session: Session,
    entity_type: String,
    data: Value,
    parent: Option<String>,
    duplicates: request::Duplicates,
}

impl Create {
    pub(crate) fn new(session: Session, entity_type: String, data: Value) -> Self {
        Create {
            session,
            entity_type,
            data,
            parent: None,
            duplicates: request::Duplicates::default(),
        }
    }

    /// The parent entity: the job, when adding tasks (`Task`) or files (`File`).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, job_id: &str) -> accsyn_client::Result<()> {
    /// use serde_json::json;
    /// let task = session
    ///     .create("Task", json!({"source": "_REF/showreel.mov", "destination": "/tmp/showreel.mov"}))
    ///     .parent(job_id)
    ///     .await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn parent(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    /// (Jobs and tasks) `false` refuses a task with the same source and destination as an
    /// existing one instead of retrying that one.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let transfer = session
    ///     .create("Transfer", json!([{"source": "share=projects/a.mov", "destination": "/tmp/a.mov"}]))
    ///     .allow_duplicates(false)
    ///     .await?;
    /// # let _ = transfer; Ok(()) }
    /// ```
    pub fn allow_duplicates(mut self, allow: bool) -> Self {
        self.duplicates.allow = Some(allow);
        self
    }

    /// (Jobs and tasks) `true` replaces an existing task with the same source and
    /// destination by the new one, as the official client's `replace_duplicates`.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session, job_id: &str) -> accsyn_client::Result<()> {
    /// let task = session
    ///     .create("Task", json!({"source": "share=projects/a.mov", "destination": "/tmp/a.mov"}))
    ///     .parent(job_id)
    ///     .replace_duplicates(true)
    ///     .await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn replace_duplicates(mut self, replace: bool) -> Self {
        self.duplicates.replace = Some(replace);
        self
    }

    /// Sends the create. A one-element result is returned as that element, as the official
    /// client does; several created entities come back as a list.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for empty data (nothing
    /// sent), [`Error::Transport`](crate::Error::Transport) for the call.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let user = session.create("User", json!({"code": "lisa@example.com"})).send().await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Value> {
        let request = request::create(
            &self.entity_type,
            self.data,
            self.parent.as_deref(),
            self.duplicates,
        )?;
        Ok(match self.session.result(request).await?.1 {
            Value::Array(mut list) if list.len() == 1 => list.remove(0),
            other => other,
        })
    }
}

impl IntoFuture for Create {
    type Output = Result<Value>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        boxed(self.send())
    }
}
