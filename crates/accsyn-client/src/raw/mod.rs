//! The official client's calls on untyped JSON, named as there for scripts ported from it:
//! thin wrappers over the handlers (mostly the untyped one, [`Session::entities`]).

mod access;
mod files;
mod find;
mod settings;
mod shares;

use serde_json::Value;

pub(crate) use find::{BoxFuture, boxed, find_option_setters};
pub use find::{Create, Find, FindOne, FindOptions};

use crate::{IntoQuery, Result, Session, TypedFind, request};

impl Session {
    /// Finds entities: `"<EntityType>"` or `"<EntityType> WHERE <expression>"`, or a built
    /// [`Query`](crate::Query). Set options on the returned [`Find`], then `.await` it.
    ///
    /// Named as in the official client, for scripts ported from it: this is the find of the
    /// untyped handler ([`Session::entities`]), with the entity type taken from the query.
    ///
    /// The query is parsed here, before any round trip, and sent as the official client does
    /// (the lowercased entity type picks `<type>/find`, the expression goes in `query`) except
    /// that values keep their case. As there, `entitytypes` lists the entity types and
    /// `attributes WHERE entitytype=<type>` a type's attributes.
    ///
    /// ```
    /// # use accsyn_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let emulator = Emulator::builder().start().await?;
    /// # let admin = emulator.credentials().user("admin@acme.test").unwrap();
    /// # let session = accsyn_client::Session::builder().workspace(emulator.workspace())
    /// #     .username(admin.code()).api_key(admin.api_key()).base_url(emulator.base_url()).build()?;
    /// let users = session.find("User WHERE code CONTAINS acme.test").attributes(["id", "code"]).await?;
    /// assert_eq!(users.len(), 3);
    ///
    /// // A malformed query costs no round trip.
    /// assert!(session.find("User WHERE code=").await.is_err());
    /// # emulator.shutdown().await?;
    /// # Ok(()) }
    /// ```
    pub fn find(&self, query: impl IntoQuery) -> Find {
        TypedFind::new(self.clone(), query.into_query())
    }

    /// Finds the first entity matching `query`, or `None`.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let delivery = session.find_one("Delivery WHERE name='Project references'").await?;
    /// if let Some(delivery) = delivery {
    ///     println!("{}", delivery["id"]);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn find_one(&self, query: impl IntoQuery) -> FindOne {
        FindOne::new(self.clone(), query.into_query())
    }

    /// Gets one entity by id, whether it is live, finished or archived; `None` when there is
    /// none (or it may not be read).
    ///
    /// # Errors
    /// [`Error::InvalidEntityType`](crate::Error::InvalidEntityType),
    /// [`Error::Model`](crate::Error::Model) when `id` is not an entity id (nothing is sent:
    /// a find without an id would answer other entities), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let transfer = session.get_entity("Transfer", "6971e16fceadd67b955b1995").await?;
    /// # let _ = transfer; Ok(()) }
    /// ```
    pub async fn get_entity(&self, entity_type: &str, id: &str) -> Result<Option<Value>> {
        // The id is checked here, where the flat call takes text: as the official client, an
        // `ObjectId:` prefix is accepted.
        let id = request::bare_id(id)?.parse()?;
        self.entities(entity_type).get(&id).await
    }

    /// Creates an entity from JSON `data`; set a parent or the duplicate policy on the
    /// returned [`Create`], then `.await` it for the created entity.
    ///
    /// A list is sent as `{"tasks": list}`; `Task` data without `tasks` is wrapped in it;
    /// `File` uses `file/add`.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let delivery = session
    ///     .create("Delivery", json!({"name": "Project references", "recipients": ["lisa@example.com"]}))
    ///     .await?;
    /// println!("created {}", delivery["id"]);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, entity_type: impl Into<String>, data: Value) -> Create {
        self.entities(entity_type).create(data)
    }

    /// Updates one entity with the attributes in `data`; returns the updated entity.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for empty data, a blank id or
    /// an ACL (use [`grant`](Self::grant)), or the call's errors.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.update("Transfer", "614d660de50d45bb027c9bdd", json!({"status": "aborted"})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, entity_type: &str, id: &str, data: Value) -> Result<Value> {
        self.untyped(entity_type).edit(id, data).await
    }

    /// Updates several tasks of one job: `updates` is a list of objects with `id` (or `uri`)
    /// and `status`, `priority` or `metadata`. Returns the updated tasks.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) unless the entity type is
    /// `Task` and `updates` a non-empty list; [`Error::Model`](crate::Error::Model) unless
    /// `parent` is an entity id; or the call's errors.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let tasks = session
    ///     .update_many("Task", "5a7325f8b7ef72f5f9d74bf4",
    ///         json!([{"id": "cc5f2afa-9ae4-46e0-9273-82ac802b20ff", "status": "onhold"}]))
    ///     .await?;
    /// # let _ = tasks; Ok(()) }
    /// ```
    pub async fn update_many(
        &self,
        entity_type: &str,
        parent: &str,
        updates: Value,
    ) -> Result<Value> {
        Ok(self
            .result(request::update_many(entity_type, parent, updates)?)
            .await?
            .1)
    }

    /// Deletes (archives) one entity; returns the server's answer (`true`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a blank id or an ACL (use
    /// [`revoke`](Self::revoke)), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.delete_one("Transfer", "614d660de50d45bb027c9bdd").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_one(&self, entity_type: &str, id: &str) -> Result<Value> {
        self.untyped(entity_type).remove(id, None).await
    }

    /// Deletes one entity with options, such as `{"force": true}` to delete even while
    /// related entities are active.
    ///
    /// # Errors
    /// As [`delete_one`](Self::delete_one).
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.delete_one_with("Volume", "614d660de50d45bb027c9bdd", json!({"force": true})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_one_with(&self, entity_type: &str, id: &str, data: Value) -> Result<Value> {
        self.untyped(entity_type).remove(id, Some(data)).await
    }

    /// Deactivates one entity (a user, a share): it stays in the database and can be
    /// activated again.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a blank id (nothing is
    /// sent), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.deactivate_one("User", "6676f3e9c7ef4e27da254e57").await?;
    /// # Ok(()) }
    /// ```
    pub async fn deactivate_one(&self, entity_type: &str, id: &str) -> Result<Value> {
        self.untyped(entity_type).set_active(id, false).await
    }

    /// Activates a deactivated entity, by id or by code. Like the official client, the id or
    /// code is trimmed and lowercased before it is sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a blank id (nothing is
    /// sent), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.activate_one("User", "lisa@example.com").await?;
    /// # Ok(()) }
    /// ```
    pub async fn activate_one(&self, entity_type: &str, id_or_code: &str) -> Result<Value> {
        self.untyped(entity_type).set_active(id_or_code, true).await
    }

    /// The entity types the server knows.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode) if the answer is not a
    /// list of names.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let types = session.entity_types().await?;
    /// assert!(types.iter().any(|t| t == "delivery"));
    /// # Ok(()) }
    /// ```
    pub async fn entity_types(&self) -> Result<Vec<String>> {
        let (uri, value) = self.result(request::entity_types()).await?;
        crate::session::decode(&uri, value)
    }

    /// The attributes of an entity type: all readable ones, or (with `create` or `update`)
    /// those a create or an update may send. Answered as the server sends it.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let updatable = session.attributes("Delivery", false, true).await?;
    /// println!("{updatable}");
    /// # Ok(()) }
    /// ```
    pub async fn attributes(&self, entity_type: &str, create: bool, update: bool) -> Result<Value> {
        Ok(self
            .result(request::attributes(entity_type, create, update)?)
            .await?
            .1)
    }
}
