//! What the untyped handler ([`Session::entities`]) adds to the generic one: the calls whose
//! payload or answer the model has no type for, on JSON. The official client's flat calls
//! (`Session::create`, `deactivate_one`, ...) are thin wrappers over these.

use accsyn_model::EntityId;
use serde_json::Value;

use super::Handler;
use crate::{Create, Result, Session, request};

impl Handler<Value> {
    /// Creates an entity of this handler's type from JSON `data`; set a parent or the
    /// duplicate policy on the returned [`Create`], then `.await` it for the created entity.
    ///
    /// A list is sent as `{"tasks": list}`; `Task` data without `tasks` is wrapped in it;
    /// `File` uses `file/add`.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let queue = session.entities("Queue").create(json!({"code": "renders"})).await?;
    /// println!("created {}", queue["id"]);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, data: Value) -> Create {
        Create::new(self.session.clone(), self.entity_type.to_string(), data)
    }

    /// Deactivates one entity (a user, a share): it stays in the database and can be
    /// activated again. Returns the server's answer.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// session.entities("Queue").deactivate(&id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn deactivate(&self, id: &EntityId) -> Result<Value> {
        self.set_active(id.as_str(), false).await
    }

    /// Activates a deactivated entity, by id or by code (trimmed and lowercased first, as
    /// the official client does). Returns the server's answer.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a blank id or code
    /// (nothing is sent), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.entities("User").activate("lisa@example.com").await?;
    /// # Ok(()) }
    /// ```
    pub async fn activate(&self, id_or_code: &str) -> Result<Value> {
        self.set_active(id_or_code, true).await
    }
}

impl<T: super::Resource> Handler<T> {
    /// `<type>/edit` of the entity with id text `id` (only a blank one is refused here, as
    /// the official client does); the updated entity.
    pub(crate) async fn edit(&self, id: &str, data: Value) -> Result<T> {
        let request = request::update(&self.entity_type, id, data)?;
        let (uri, value) = self.session.one(request).await?;
        crate::session::decode(&uri, value)
    }

    /// `<type>/delete` of the entity with id text `id`, with options; the server's answer.
    pub(crate) async fn remove(&self, id: &str, options: Option<Value>) -> Result<Value> {
        let request = request::delete(&self.entity_type, id, options)?;
        Ok(self.session.result(request).await?.1)
    }

    /// `<type>/deactivate` or `<type>/activate` (by id, or by code); the server's answer.
    pub(crate) async fn set_active(&self, ident: &str, active: bool) -> Result<Value> {
        let request = if active {
            request::activate(&self.entity_type, ident)?
        } else {
            request::deactivate(&self.entity_type, ident)?
        };
        Ok(self.session.result(request).await?.1)
    }
}

impl Session {
    /// The untyped handler of `entity_type`, for the flat calls that wrap it.
    pub(crate) fn untyped(&self, entity_type: &str) -> Handler<Value> {
        self.entities(entity_type)
    }
}
