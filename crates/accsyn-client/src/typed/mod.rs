//! Typed handlers over the model's entity structs: `session.deliveries()`,
//! `session.transfers()`, ...

mod files;
mod jobs;
mod page;
mod settings;
mod shares;
mod storage;
mod untyped;
mod wait;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use accsyn_model::{
    Client, Collection, CollectionFile, Delivery, EntityId, Folder, Home, Job, Request, Task,
    Transfer, User, Volume,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use files::{Files, Ls};
pub use page::{IntoFilter, Page, TypedFind};
pub use settings::Settings;
pub(crate) use settings::truthy;
pub(crate) use storage::pre_publish_request;
pub use wait::{Progress, Progressing, WaitFor};

use crate::session::decode;
use crate::{Error, Result, Session, request};

/// What a [`Handler`] reads entities as: a model struct ([`Entity`]), or
/// [`serde_json::Value`] for the untyped handler of any entity type
/// ([`Session::entities`]), as kube-rs's `Api<DynamicObject>`.
///
/// ```
/// fn readable<T: accsyn_client::Resource>() {}
/// readable::<accsyn_client::model::Transfer>();
/// readable::<serde_json::Value>();
/// ```
pub trait Resource: DeserializeOwned + Clone + PartialEq + Send + 'static {}

impl<T: DeserializeOwned + Clone + PartialEq + Send + 'static> Resource for T {}

/// An entity struct of [`accsyn_model`] with the entity type it is found and created as.
///
/// ```
/// use accsyn_client::{Entity, model::Transfer};
/// assert_eq!(Transfer::ENTITY_TYPE, "transfer");
/// ```
pub trait Entity: Resource {
    /// The entity type as the uri names it (`transfer` in `transfer/find`).
    const ENTITY_TYPE: &'static str;
}

macro_rules! entity {
    ($($ty:ty => $name:literal),* $(,)?) => {
        $(impl Entity for $ty {
            const ENTITY_TYPE: &'static str = $name;
        })*
    };
}

entity!(
    Transfer => "transfer",
    Delivery => "delivery",
    Request => "request",
    Job => "job",
    Task => "task",
    User => "user",
    Client => "client",
    Volume => "volume",
    Folder => "folder",
    Home => "home",
    Collection => "collection",
    CollectionFile => "file",
);

/// Typed calls on one entity type; made by [`Session::transfers`], [`Session::deliveries`],
/// [`Session::requests`], [`Session::users`], [`Session::volumes`] and the other getters.
///
/// A handler owns a clone of the [`Session`] (cheap: it is reference-counted), so handlers,
/// the finds they make and their streams are `'static` and can move into `tokio::spawn`.
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let transfers = session.transfers();
/// let running = tokio::spawn(async move { transfers.find("status=running").await });
/// for transfer in running.await.expect("the task ran")? {
///     println!("{:?} {:?}%", transfer.name, transfer.progress);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Handler<T> {
    session: Session,
    /// `T::ENTITY_TYPE` for a model struct; any type for the untyped handler.
    entity_type: Cow<'static, str>,
    _entity: PhantomData<fn() -> T>,
}

impl<T> Clone for Handler<T> {
    fn clone(&self) -> Self {
        Handler {
            session: self.session.clone(),
            entity_type: self.entity_type.clone(),
            _entity: PhantomData,
        }
    }
}

/// Untyped access to any entity type: the same handler, over [`serde_json::Value`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Entities = session.entities("Queue");
/// assert_eq!(handler.entity_type(), "Queue");
/// ```
pub type Entities = Handler<Value>;

/// Transfers: [`Session::transfers`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Transfers = session.transfers();
/// # let _ = handler;
/// ```
pub type Transfers = Handler<Transfer>;
/// Deliveries: [`Session::deliveries`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Deliveries = session.deliveries();
/// # let _ = handler;
/// ```
pub type Deliveries = Handler<Delivery>;
/// Upload requests: [`Session::requests`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Requests = session.requests();
/// # let _ = handler;
/// ```
pub type Requests = Handler<Request>;
/// Users: [`Session::users`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Users = session.users();
/// # let _ = handler;
/// ```
pub type Users = Handler<User>;
/// Jobs of every kind: [`Session::jobs`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Jobs = session.jobs();
/// # let _ = handler;
/// ```
pub type Jobs = Handler<Job>;
/// Clients (desktop apps, servers): [`Session::clients`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Clients = session.clients();
/// # let _ = handler;
/// ```
pub type Clients = Handler<Client>;
/// Storage volumes: [`Session::volumes`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Volumes = session.volumes();
/// # let _ = handler;
/// ```
pub type Volumes = Handler<Volume>;
/// Shared folders: [`Session::folders`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Folders = session.folders();
/// # let _ = handler;
/// ```
pub type Folders = Handler<Folder>;
/// User homes: [`Session::homes`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Homes = session.homes();
/// # let _ = handler;
/// ```
pub type Homes = Handler<Home>;
/// Collections of files: [`Session::collections`].
///
/// ```
/// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
/// #     accsyn_client::transport::MockTransport::new()));
/// let handler: accsyn_client::Collections = session.collections();
/// # let _ = handler;
/// ```
pub type Collections = Handler<Collection>;

impl Session {
    /// File transfer jobs.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let paused = session.transfers().find("status=paused").await?;
    /// # let _ = paused; Ok(()) }
    /// ```
    pub fn transfers(&self) -> Transfers {
        Handler::new(self.clone())
    }

    /// Deliveries.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let finished = session.deliveries().list().finished(true).await?;
    /// # let _ = finished; Ok(()) }
    /// ```
    pub fn deliveries(&self) -> Deliveries {
        Handler::new(self.clone())
    }

    /// Upload requests.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let open = session.requests().find("status=pending").await?;
    /// # let _ = open; Ok(()) }
    /// ```
    pub fn requests(&self) -> Requests {
        Handler::new(self.clone())
    }

    /// Users.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let lisa = session.users().find_one("code=lisa@example.com").await?;
    /// # let _ = lisa; Ok(()) }
    /// ```
    pub fn users(&self) -> Users {
        Handler::new(self.clone())
    }
}

/// Declares the handler getters that have no calls of their own beyond the generic ones.
macro_rules! getters {
    ($($(#[$doc:meta])* $name:ident -> $alias:ident,)*) => {
        impl Session {
            $($(#[$doc])* pub fn $name(&self) -> $alias {
                Handler::new(self.clone())
            })*
        }
    };
}

getters! {
    /// Jobs of every kind (transfers, deliveries, compute, streams), as [`Job`]s.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let running = session.jobs().find("status=running").await?;
    /// # let _ = running; Ok(()) }
    /// ```
    jobs -> Jobs,
    /// Clients: desktop apps, user servers and storage servers.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let clients = session.clients().list().await?;
    /// # let _ = clients; Ok(()) }
    /// ```
    clients -> Clients,
    /// Storage volumes.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let projects = session.volumes().find_one("code=projects").await?;
    /// # let _ = projects; Ok(()) }
    /// ```
    volumes -> Volumes,
    /// Shared folders.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let folders = session.folders().list().await?;
    /// # let _ = folders; Ok(()) }
    /// ```
    folders -> Folders,
    /// User homes.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let homes = session.homes().list().await?;
    /// # let _ = homes; Ok(()) }
    /// ```
    homes -> Homes,
    /// Collections of files.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let collections = session.collections().list().await?;
    /// # let _ = collections; Ok(()) }
    /// ```
    collections -> Collections,
}

impl<T: Entity> Handler<T> {
    fn new(session: Session) -> Self {
        Handler {
            session,
            entity_type: Cow::Borrowed(T::ENTITY_TYPE),
            _entity: PhantomData,
        }
    }

    /// Creates one entity from a typed payload and reads back the created entity.
    async fn create_from(&self, payload: &impl Serialize) -> Result<T> {
        let request = request::create(
            T::ENTITY_TYPE,
            to_json(payload)?,
            None,
            request::Duplicates::default(),
        )?;
        let (uri, value) = self.session.one(request).await?;
        decode(&uri, value)
    }
}

impl Session {
    /// Servers: the clients with the server role (entity type `server`), as [`Client`]s; the
    /// workspace's storage servers and site servers, which serve volumes.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// for server in session.servers().list().await? {
    ///     println!("{:?} at {:?}", server.code, server.site);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn servers(&self) -> Clients {
        Handler {
            session: self.clone(),
            entity_type: Cow::Borrowed("server"),
            _entity: PhantomData,
        }
    }

    /// Untyped access to entities of any type, as JSON: the same calls as the typed handlers
    /// (`find`, `list`, `find_one`, `get`, `update`, `delete`, pages and streams) for the
    /// entity types the model has no struct for, or to see exactly what the server sends.
    /// [`find`](Session::find) and [`find_one`](Session::find_one) are this handler's finds.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// for queue in session.entities("Queue").find("status=enabled").await? {
    ///     println!("{}", queue["code"]);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn entities(&self, entity_type: impl Into<String>) -> Entities {
        Handler {
            session: self.clone(),
            entity_type: Cow::Owned(entity_type.into()),
            _entity: PhantomData,
        }
    }
}

impl<T: Resource> Handler<T> {
    /// The entity type this handler finds, as given.
    ///
    /// ```
    /// # let session = accsyn_client::Session::from_transport(std::sync::Arc::new(
    /// #     accsyn_client::transport::MockTransport::new()));
    /// assert_eq!(session.transfers().entity_type(), "transfer");
    /// ```
    pub fn entity_type(&self) -> &str {
        &self.entity_type
    }

    /// The session this handler calls through.
    ///
    /// ```
    /// # let session = accsyn_client::Session::builder().workspace("a").username("u").api_key("k").build()?;
    /// assert_eq!(session.users().session().workspace(), Some("a"));
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Finds the entities matching `filter` (see [`IntoFilter`]); set options on the returned
    /// [`TypedFind`], then `.await` it.
    ///
    /// ```no_run
    /// use accsyn_client::query::attr;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let mine = session.transfers().find(attr("user").eq("lisa@example.com")).limit(10).await?;
    /// # let _ = mine; Ok(()) }
    /// ```
    pub fn find(&self, filter: impl IntoFilter) -> TypedFind<T> {
        TypedFind::new(self.session.clone(), filter.into_filter(&self.entity_type))
    }

    /// Every entity of this type (live ones, unless options say otherwise).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let users = session.users().list().await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn list(&self) -> TypedFind<T> {
        TypedFind::new(
            self.session.clone(),
            Ok(accsyn_query::Query::new(self.entity_type.as_ref())),
        )
    }

    /// The first entity matching `filter`, or `None`; with options, use
    /// [`find`](Self::find)`(..).one()`.
    ///
    /// # Errors
    /// As [`TypedFind::send`].
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let delivery = session.deliveries().find_one("name='Project references'").await?;
    /// # let _ = delivery; Ok(()) }
    /// ```
    pub async fn find_one(&self, filter: impl IntoFilter) -> Result<Option<T>> {
        self.find(filter).one().await
    }

    /// One entity by id, whether live, finished or archived; `None` when there is none.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`].
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let id = "6971e16fceadd67b955b1995".parse()?;
    /// if let Some(transfer) = session.transfers().get(&id).await? {
    ///     println!("{:?}", transfer.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: &EntityId) -> Result<Option<T>> {
        let request = request::get_entity(&self.entity_type, id.as_str())?;
        let (_, found) = self.session.typed::<Vec<T>>(request).await?;
        Ok(found.unwrap_or_default().into_iter().next())
    }

    /// Updates one entity with the attributes `changes` serializes to (a map of only the
    /// attributes to change: a whole entity would also send its read-only ones, which the
    /// backend refuses); returns the updated entity.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `changes` is empty or not an object, the call's
    /// errors, or [`Error::Decode`].
    ///
    /// ```no_run
    /// use accsyn_client::model::JobStatus;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let changes = serde_json::json!({"status": JobStatus::Paused});
    /// let paused = session.transfers().update(&id, &changes).await?;
    /// # let _ = paused; Ok(()) }
    /// ```
    pub async fn update(&self, id: &EntityId, changes: &impl Serialize) -> Result<T> {
        self.edit(id.as_str(), to_json(changes)?).await
    }

    /// Deletes (archives) one entity.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// session.transfers().delete(&id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: &EntityId) -> Result<()> {
        self.remove(id.as_str(), None).await?;
        Ok(())
    }

    /// Deletes one entity with options, such as `{"force": true}` to delete a volume even
    /// while related entities are active.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `options` is not a JSON object, or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// session.volumes().delete_with(&id, &serde_json::json!({"force": true})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_with(&self, id: &EntityId, options: &impl Serialize) -> Result<()> {
        let options = to_json(options)?;
        if !options.is_object() {
            return Err(Error::InvalidArgument(format!(
                "delete options must be a JSON object, not `{options}`"
            )));
        }
        self.remove(id.as_str(), Some(options)).await?;
        Ok(())
    }
}

/// Refuses, before any round trip, a status the model says an update cannot set.
pub(crate) fn settable<S: fmt::Display + PartialEq>(
    entity_type: &'static str,
    status: &S,
    writeable: bool,
    known: &[S],
    is_writeable: impl Fn(&S) -> bool,
) -> Result<()> {
    if writeable {
        return Ok(());
    }
    let settable: Vec<String> = known
        .iter()
        .filter(|s| is_writeable(s))
        .map(|s| format!("`{s}`"))
        .collect();
    Err(Error::StatusNotSettable {
        entity_type,
        status: status.to_string(),
        settable: settable.join(", "),
    })
}

/// Reads a `result` that is one entity or a list of them (as task and file additions answer)
/// as a list.
pub(crate) fn one_or_many<T: DeserializeOwned>(
    uri: String,
    value: Value,
    expected: &'static str,
) -> Result<Vec<T>> {
    match value {
        Value::Array(_) => decode(&uri, value),
        Value::Object(_) => Ok(vec![decode(&uri, value)?]),
        _ => Err(Error::UnexpectedReply { uri, expected }),
    }
}

/// Serializes a payload; a payload that cannot be JSON is the caller's mistake.
fn to_json(payload: &impl Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(payload)
        .map_err(|e| Error::InvalidArgument(format!("the payload cannot be written as JSON: {e}")))
}
