//! Attribute metadata from the schema, and validation of create/update payloads against it.
//!
//! Validation only rejects what the schema knows to be wrong (a read-only attribute in an
//! update, a string where a boolean belongs). Attributes the schema does not list pass: a
//! newer backend may accept them, and refusing them here would make this crate the bottleneck.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::{EntityType, Error};

/// The JSON type of an attribute's value.
///
/// # Examples
///
/// ```
/// use accsyn_model::JsonType;
/// use serde_json::json;
///
/// assert!(JsonType::Integer.matches(&json!(42)));
/// assert!(!JsonType::Integer.matches(&json!(4.2)));
/// assert!(JsonType::Number.matches(&json!(4.2)));
/// assert_eq!(JsonType::Boolean.as_str(), "boolean");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum JsonType {
    /// A JSON string (ids, timestamps and references are strings too).
    String,
    /// A JSON number without a fraction.
    Integer,
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// Any JSON value (the backend accepts several shapes).
    Any,
}

impl JsonType {
    /// The schema's name of the type.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(accsyn_model::JsonType::Object.as_str(), "object");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Any => "any",
        }
    }

    /// Whether `value` has this type (`null` never does; see [`Attribute::accepts`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::JsonType;
    /// assert!(JsonType::Array.matches(&serde_json::json!([1, 2])));
    /// ```
    pub fn matches(self, value: &Value) -> bool {
        match self {
            JsonType::String => value.is_string(),
            JsonType::Integer => value.is_i64() || value.is_u64(),
            JsonType::Number => value.is_number(),
            JsonType::Boolean => value.is_boolean(),
            JsonType::Object => value.is_object(),
            JsonType::Array => value.is_array(),
            JsonType::Any => !value.is_null(),
        }
    }
}

/// One known attribute of an entity type, from the schema.
///
/// It serializes to `{"name", "type", "description", "writeable", "create", "nullable"}`, a
/// ready answer for an `attributes WHERE entitytype=<type>` call.
///
/// # Examples
///
/// ```
/// use accsyn_model::EntityType;
///
/// let name = EntityType::Delivery.attribute("name").unwrap();
/// assert!(name.create && name.writeable);
/// assert_eq!(name.json_type.as_str(), "string");
/// assert_eq!(serde_json::to_value(name)?["type"], "string");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Attribute {
    /// The attribute's name on the wire.
    pub name: &'static str,
    /// The JSON type of its value.
    #[serde(rename = "type")]
    pub json_type: JsonType,
    /// What it means.
    pub description: &'static str,
    /// Whether an update call may set it.
    pub writeable: bool,
    /// Whether a create call may give it.
    pub create: bool,
    /// Whether the backend may send `null` for it.
    pub nullable: bool,
}

impl Attribute {
    /// Whether `value` is acceptable for this attribute: the right JSON type, or `null` for a
    /// nullable attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityType;
    /// use serde_json::json;
    ///
    /// let queue = EntityType::Folder.attribute("queue").unwrap();
    /// assert!(queue.accepts(&json!(null)) && queue.accepts(&json!("5ac60a8b1da7ee7eb4d146cf")));
    /// assert!(!queue.accepts(&json!(12)));
    /// ```
    pub fn accepts(&self, value: &Value) -> bool {
        (self.nullable && value.is_null()) || self.json_type.matches(value)
    }
}

/// Which call a payload is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Create,
    Update,
}

impl EntityType {
    /// The known attribute called `name`, if the schema lists it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityType;
    /// assert!(EntityType::Task.attribute("priority").is_some_and(|a| a.writeable));
    /// assert!(EntityType::Task.attribute("no-such-thing").is_none());
    /// ```
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        self.attributes().iter().find(|a| a.name == name)
    }

    /// The attributes an `attributes WHERE entitytype=<type>` call answers with: those a
    /// create may give when `create` is set, those an update may set when `update` is set,
    /// every known one when neither is.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityType;
    ///
    /// let names: Vec<&str> = EntityType::Acl.select_attributes(true, false).map(|a| a.name).collect();
    /// assert!(names.contains(&"read") && !names.contains(&"id"));
    /// ```
    pub fn select_attributes(
        &self,
        create: bool,
        update: bool,
    ) -> impl Iterator<Item = &'static Attribute> + use<> {
        self.attributes()
            .iter()
            .filter(move |a| (!create || a.create) && (!update || a.writeable))
    }

    /// Checks a create payload: every attribute the schema knows must be allowed at create
    /// and have the right JSON type. Attributes the schema does not know pass.
    ///
    /// # Errors
    ///
    /// [`Error::Attribute`] naming the first offending attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityType;
    /// use serde_json::json;
    ///
    /// let ok = json!({"name": "Project references", "recipients": ["lisa@example.com"]});
    /// assert!(EntityType::Delivery.check_create(ok.as_object().unwrap()).is_ok());
    ///
    /// let bad = json!({"id": "6971e16fceadd67b955b1995"});
    /// assert!(EntityType::Delivery.check_create(bad.as_object().unwrap()).is_err());
    /// ```
    pub fn check_create(&self, payload: &Map<String, Value>) -> Result<(), Error> {
        self.check(payload, Call::Create)
    }

    /// Checks an update payload: every attribute the schema knows must be writeable and have
    /// the right JSON type, and a known `status` must be a writeable one. Unknown attributes
    /// and statuses pass: a newer backend may accept them.
    ///
    /// # Errors
    ///
    /// [`Error::Attribute`] naming the first offending attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityType;
    /// use serde_json::json;
    ///
    /// let resume = json!({"status": "waiting"});
    /// assert!(EntityType::Transfer.check_update(resume.as_object().unwrap()).is_ok());
    ///
    /// let not_settable = json!({"status": "running"});
    /// let error = EntityType::Transfer.check_update(not_settable.as_object().unwrap()).unwrap_err();
    /// assert!(error.to_string().contains("running"));
    /// ```
    pub fn check_update(&self, payload: &Map<String, Value>) -> Result<(), Error> {
        self.check(payload, Call::Update)
    }

    fn check(&self, payload: &Map<String, Value>, call: Call) -> Result<(), Error> {
        let fail = |attribute: &str, reason: String| Error::Attribute {
            entity_type: self.as_str().to_owned(),
            attribute: attribute.to_owned(),
            reason,
        };
        for (name, value) in payload {
            let Some(attribute) = self.attribute(name) else {
                continue;
            };
            let allowed = match call {
                Call::Create => attribute.create,
                Call::Update => attribute.writeable,
            };
            if !allowed {
                let what = match call {
                    Call::Create => "cannot be given at create; remove it from the payload",
                    Call::Update => "is read-only; remove it from the update",
                };
                return Err(fail(name, what.to_owned()));
            }
            if !attribute.accepts(value) {
                return Err(fail(
                    name,
                    format!("expected a JSON {}", attribute.json_type.as_str()),
                ));
            }
            if name == "status" && call == Call::Update {
                if let Some(status) = value.as_str() {
                    // Only a status the schema knows to be read-only is refused: one it does
                    // not know may be settable on a newer backend, like an unknown attribute.
                    let known = self.statuses().contains(&status);
                    if known && self.status_is_writeable(status) == Some(false) {
                        return Err(fail(
                            name,
                            format!(
                                "status {status:?} cannot be set by an update; settable statuses: {}",
                                self.writeable_statuses().join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The known statuses an update may set on this type.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::EntityType;
    /// assert_eq!(EntityType::Volume.writeable_statuses(), ["enabled", "disabled"]);
    /// ```
    pub fn writeable_statuses(&self) -> Vec<&'static str> {
        self.statuses()
            .iter()
            .copied()
            .filter(|s| self.status_is_writeable(s) == Some(true))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_vocabulary_has_every_entity_type_the_api_names() {
        for name in [
            "transfer",
            "delivery",
            "request",
            "stream",
            "job",
            "task",
            "volume",
            "folder",
            "home",
            "collection",
            "file",
            "share",
            "user",
            "client",
            "app",
            "server",
            "site",
            "queue",
            "acl",
            "workspace",
        ] {
            let kind = EntityType::from(name);
            assert!(kind.is_known(), "{name}");
            assert!(!kind.attributes().is_empty(), "{name} has no attributes");
            assert!(
                kind.attribute("id").is_some() || name == "file",
                "{name} has no id"
            );
        }
    }

    #[test]
    fn every_status_set_matches_its_status_attribute() {
        for kind in EntityType::KNOWN {
            if !kind.statuses().is_empty() {
                let status = kind.attribute("status");
                assert!(
                    status.is_some_and(|a| a.writeable),
                    "{kind} has statuses but no writeable status attribute"
                );
            }
        }
    }

    #[test]
    fn create_and_update_checks_reject_what_the_schema_forbids() {
        let payload = |v: serde_json::Value| v.as_object().cloned().unwrap();
        let task = EntityType::Task;
        assert!(
            task.check_update(&payload(json!({"status": "onhold", "priority": 3})))
                .is_ok()
        );
        let error = task
            .check_update(&payload(json!({"source": {}})))
            .unwrap_err();
        assert!(error.to_string().contains("read-only"), "{error}");
        let error = task
            .check_update(&payload(json!({"priority": "high"})))
            .unwrap_err();
        assert!(error.to_string().contains("integer"), "{error}");
        assert!(
            task.check_update(&payload(json!({"status": "executing"})))
                .is_err()
        );
        // Unknown attributes, statuses and entity types pass: a newer backend may take them.
        assert!(task.check_update(&payload(json!({"brand_new": 1}))).is_ok());
        assert!(
            task.check_update(&payload(json!({"status": "suspended"})))
                .is_ok()
        );
        assert!(task.check_update(&payload(json!({"status": 3}))).is_err());
        assert!(
            EntityType::from("hologram")
                .check_create(&payload(json!({"x": 1})))
                .is_ok()
        );
        let acl = EntityType::Acl;
        assert!(
            acl.check_create(&payload(json!({"read": true, "path": "x"})))
                .is_ok()
        );
        assert!(acl.check_create(&payload(json!({"read": "yes"}))).is_err());
    }

    #[test]
    fn select_attributes_filters_like_the_attributes_call() {
        let all = EntityType::Volume.select_attributes(false, false).count();
        let create = EntityType::Volume.select_attributes(true, false).count();
        let update = EntityType::Volume.select_attributes(false, true).count();
        assert!(create < all && update < all && create > 0 && update > 0);
        assert!(
            EntityType::Volume
                .select_attributes(true, true)
                .all(|a| a.create && a.writeable)
        );
    }
}
