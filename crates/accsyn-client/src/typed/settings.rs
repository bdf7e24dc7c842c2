//! Settings of the workspace and of its entities (`setting`): one handler per owner.

use std::collections::BTreeMap;

use accsyn_model::EntityId;
use accsyn_transport::ApiRequest;
use serde_json::{Value, json};

use super::Handler;
use crate::query_arg::wire_type;
use crate::{Result, Session};

/// The settings of one owner: the workspace ([`Session::workspace_settings`]) or an entity
/// ([`Handler::settings`], such as `session.volumes().settings(&id)`, or
/// `session.entities("Queue").settings(&id)` for a type the model has no struct for).
///
/// Setting values are text on the wire, as the official client sends them; reads answer
/// what the server stored.
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session, queue: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
/// let settings = session.entities("Queue").settings(&queue);
/// settings.set("compute_avoid", "disable").await?;
/// assert_eq!(settings.get("compute_avoid").await?, Some("disable".into()));
/// for (name, value) in settings.all().await? {
///     println!("{name} = {value}");
/// }
/// settings.delete("compute_avoid").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Settings {
    session: Session,
    entity_type: String,
    id: Option<String>,
}

impl Session {
    /// The workspace's own settings.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let all = session.workspace_settings().all().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn workspace_settings(&self) -> Settings {
        self.settings_of("workspace", None)
    }

    /// The settings of any owner, by entity type and id, for the flat calls.
    pub(crate) fn settings_of(&self, entity_type: &str, id: Option<&str>) -> Settings {
        Settings {
            session: self.clone(),
            entity_type: entity_type.to_owned(),
            id: id.map(str::to_owned),
        }
    }
}

impl<T> Handler<T> {
    /// The settings of one entity of this handler's type.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let settings = session.volumes().settings(&id).all().await?;
    /// # let _ = settings; Ok(()) }
    /// ```
    pub fn settings(&self, id: &EntityId) -> Settings {
        self.session
            .settings_of(&self.entity_type, Some(id.as_str()))
    }
}

impl Settings {
    /// A `setting` request on this owner; the entity type is checked before anything is sent.
    fn request(&self, request: ApiRequest, mut data: Value) -> Result<ApiRequest> {
        data["entitytype"] = wire_type(&self.entity_type)?.into();
        let request = request.with_data(data);
        Ok(match &self.id {
            Some(id) => request.with_id(id.clone()),
            None => request,
        })
    }

    pub(crate) fn get_request(&self, name: &str) -> Result<ApiRequest> {
        self.request(
            ApiRequest::get("setting"),
            json!({"name": name, "data": null}),
        )
    }

    /// The request for every setting: `upstream` adds the workspace's where the owner has
    /// none, and `omit_defaults: false` adds the defaults.
    pub(crate) fn all_request(&self, upstream: bool, omit_defaults: bool) -> Result<ApiRequest> {
        self.request(
            ApiRequest::get("setting"),
            json!({"recursive": false, "upstream": upstream, "omit_defaults": omit_defaults}),
        )
    }

    pub(crate) fn set_request(&self, name: &str, value: Value) -> Result<ApiRequest> {
        self.request(
            ApiRequest::put("setting"),
            json!({"name": name, "value": value}),
        )
    }

    pub(crate) fn delete_request(&self, name: &str) -> Result<ApiRequest> {
        self.request(ApiRequest::delete("setting"), json!({"name": name}))
    }

    /// One setting, or `None` when it is neither set nor has a default.
    ///
    /// # Errors
    /// [`Error::InvalidEntityType`](crate::Error::InvalidEntityType) (nothing sent), the
    /// call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let value = session.workspace_settings().get("transfer_speed_limit").await?;
    /// # let _ = value; Ok(()) }
    /// ```
    pub async fn get(&self, name: &str) -> Result<Option<Value>> {
        let value: Value = self.session.typed_result(self.get_request(name)?).await?;
        Ok(Some(value).filter(|v| !v.is_null()))
    }

    /// Every setting that differs from the defaults, by name.
    ///
    /// # Errors
    /// As [`get`](Self::get), or [`Error::Decode`](crate::Error::Decode) when the answer is
    /// not a map.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// for (name, value) in session.workspace_settings().all().await? {
    ///     println!("{name} = {value}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<BTreeMap<String, Value>> {
        self.all_with(false, true).await
    }

    /// Every setting, with the workspace's beneath the owner's (`upstream`) and the defaults
    /// (`omit_defaults: false`).
    ///
    /// # Errors
    /// As [`all`](Self::all).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let effective = session.volumes().settings(&id).all_with(true, false).await?;
    /// # let _ = effective; Ok(()) }
    /// ```
    pub async fn all_with(
        &self,
        upstream: bool,
        omit_defaults: bool,
    ) -> Result<BTreeMap<String, Value>> {
        let answer: Option<BTreeMap<String, Value>> = self
            .session
            .typed_result(self.all_request(upstream, omit_defaults)?)
            .await?;
        Ok(answer.unwrap_or_default())
    }

    /// Sets one setting; `true` when it was stored.
    ///
    /// # Errors
    /// As [`get`](Self::get); the server refuses names it does not know.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.workspace_settings().set("transfer_speed_limit", "100").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set(&self, name: &str, value: impl Into<String>) -> Result<bool> {
        let request = self.set_request(name, Value::String(value.into()))?;
        Ok(truthy(&self.session.result(request).await?.1))
    }

    /// Deletes one setting (back to its default); `true` when one was set.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.workspace_settings().delete("transfer_speed_limit").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, name: &str) -> Result<bool> {
        let request = self.delete_request(name)?;
        Ok(truthy(&self.session.result(request).await?.1))
    }
}

/// The official client's `bool(result)`: anything but false, null, 0, "" and empties.
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session::from_transport(std::sync::Arc::new(accsyn_transport::MockTransport::new()))
    }

    #[test]
    fn requests_name_the_owner_as_the_official_client_does() {
        let id = EntityId::parse("0123456789abcdef01234567").unwrap();
        let queue = session().entities("Queue").settings(&id);
        let get = queue.get_request("compute_avoid").unwrap();
        assert_eq!(get.uri, "setting");
        assert_eq!(get.id.as_deref(), Some("0123456789abcdef01234567"));
        assert_eq!(
            get.data,
            Some(json!({"entitytype": "queue", "name": "compute_avoid", "data": null}))
        );
        let all = session()
            .workspace_settings()
            .all_request(true, false)
            .unwrap();
        assert_eq!(all.id, None);
        assert_eq!(
            all.data,
            Some(
                json!({"entitytype": "workspace", "recursive": false, "upstream": true,
                        "omit_defaults": false})
            )
        );
        let set = queue.set_request("a", "b".into()).unwrap();
        assert_eq!(set.method, accsyn_transport::Method::Put);
        assert_eq!(
            set.data,
            Some(json!({"entitytype": "queue", "name": "a", "value": "b"}))
        );
        let delete = queue.delete_request("a").unwrap();
        assert_eq!(delete.method, accsyn_transport::Method::Delete);
        assert!(
            session()
                .settings_of("no/such", None)
                .get_request("a")
                .is_err()
        );
    }

    #[test]
    fn truthiness_follows_python() {
        for (value, expected) in [
            (json!(null), false),
            (json!(true), true),
            (json!(0), false),
            (json!(2), true),
            (json!(""), false),
            (json!([1]), true),
            (json!({}), false),
        ] {
            assert_eq!(truthy(&value), expected, "{value}");
        }
    }
}
