//! The entity types the emulator serves; their attributes and statuses come
//! from accsyn-model's schema, so the emulator and the SDK share one
//! vocabulary.

use accsyn_model::EntityType as ModelType;

/// How an entity type behaves in finds, deletes and role checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Users: `inactive` scope, admin-only writes.
    User,
    /// Jobs (transfer, delivery, request): finished and archived scopes,
    /// owned by their creator.
    Job,
    /// Tasks: sub-entities of a job, found through `parent`.
    Task,
    /// Infrastructure (clients, servers): read by staff, written by admins.
    Infrastructure,
    /// Shares (volumes, folders, homes, collections): seen through ACLs,
    /// with an `inactive` scope for deactivated ones.
    Share,
    /// Files of a collection, found through `parent`.
    File,
    /// Access-control entries.
    Acl,
}

/// One entity type the emulator serves.
#[derive(Debug)]
pub(crate) struct EntityType {
    pub(crate) name: &'static str,
    /// The store partitions it covers: itself, or the three job types for
    /// the umbrella type `job`.
    pub(crate) stores: &'static [&'static str],
    pub(crate) kind: Kind,
    /// Only the documents of this client `type` (servers among clients).
    pub(crate) client_type: Option<i64>,
}

/// The stores of jobs (a task's `job` names one of them).
pub(crate) const JOB_STORES: &[&str] = &["transfer", "delivery", "request"];
/// The stores of share entities, in the order `share=<code>` looks.
pub(crate) const SHARE_STORES: &[&str] = &["volume", "folder", "home", "collection"];

/// Every entity type served, in the order `entitytypes` lists them.
pub(crate) const ENTITY_TYPES: &[EntityType] = &[
    EntityType {
        name: "job",
        stores: JOB_STORES,
        kind: Kind::Job,
        client_type: None,
    },
    EntityType {
        name: "user",
        stores: &["user"],
        kind: Kind::User,
        client_type: None,
    },
    EntityType {
        name: "transfer",
        stores: &["transfer"],
        kind: Kind::Job,
        client_type: None,
    },
    EntityType {
        name: "delivery",
        stores: &["delivery"],
        kind: Kind::Job,
        client_type: None,
    },
    EntityType {
        name: "request",
        stores: &["request"],
        kind: Kind::Job,
        client_type: None,
    },
    EntityType {
        name: "task",
        stores: &["task"],
        kind: Kind::Task,
        client_type: None,
    },
    EntityType {
        name: "client",
        stores: &["client"],
        kind: Kind::Infrastructure,
        client_type: None,
    },
    EntityType {
        name: "server",
        stores: &["client"],
        kind: Kind::Infrastructure,
        client_type: Some(crate::setup::CLIENT_TYPE_SERVER),
    },
    EntityType {
        name: "share",
        stores: SHARE_STORES,
        kind: Kind::Share,
        client_type: None,
    },
    EntityType {
        name: "volume",
        stores: &["volume"],
        kind: Kind::Share,
        client_type: None,
    },
    EntityType {
        name: "folder",
        stores: &["folder"],
        kind: Kind::Share,
        client_type: None,
    },
    EntityType {
        name: "home",
        stores: &["home"],
        kind: Kind::Share,
        client_type: None,
    },
    EntityType {
        name: "collection",
        stores: &["collection"],
        kind: Kind::Share,
        client_type: None,
    },
    EntityType {
        name: "file",
        stores: &["file"],
        kind: Kind::File,
        client_type: None,
    },
    EntityType {
        name: "acl",
        stores: &["acl"],
        kind: Kind::Acl,
        client_type: None,
    },
];

/// The job types recipients apply to.
pub(crate) const RECIPIENT_STORES: &[&str] = &["delivery", "request"];

/// Whether the type is a delivery or an upload request.
pub(crate) fn has_recipients(et: &EntityType) -> bool {
    RECIPIENT_STORES.contains(&et.name)
}

/// Attributes the emulator maintains itself; no create or update sets them.
pub(crate) const RESERVED: &[&str] = &["id", "created", "modified"];

impl EntityType {
    fn model(&self) -> ModelType {
        ModelType::from(self.name)
    }

    /// Every attribute a find can return.
    pub(crate) fn attributes(&self) -> Vec<&'static str> {
        self.model().attributes().iter().map(|a| a.name).collect()
    }

    /// Attributes a create may give.
    pub(crate) fn create_attributes(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self
            .model()
            .attributes()
            .iter()
            .filter(|a| a.create)
            .map(|a| a.name)
            .collect();
        // The seeds pass `invite: false` to skip inviting unknown recipients.
        if matches!(self.name, "delivery" | "request") {
            names.push("invite");
        }
        names
    }

    /// Attributes an update may set.
    pub(crate) fn update_attributes(&self) -> Vec<&'static str> {
        self.model()
            .attributes()
            .iter()
            .filter(|a| a.writeable)
            .map(|a| a.name)
            .collect()
    }

    /// The statuses a caller may set.
    pub(crate) fn writeable_statuses(&self) -> Vec<&'static str> {
        let model = self.model();
        model
            .statuses()
            .iter()
            .copied()
            .filter(|s| model.status_is_writeable(s) == Some(true))
            .collect()
    }
}

/// Looks up a type by name, ignoring case.
pub(crate) fn entity_type(name: &str) -> Option<&'static EntityType> {
    let name = name.to_ascii_lowercase();
    ENTITY_TYPES.iter().find(|t| t.name == name)
}

impl EntityType {
    /// Whether a document of one of the type's stores is of this type
    /// (a client is a server only with type 1).
    pub(crate) fn holds(&self, doc: &serde_json::Value) -> bool {
        self.client_type
            .is_none_or(|t| doc.get("type").and_then(serde_json::Value::as_i64) == Some(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(entity_type("Transfer").map(|t| t.name), Some("transfer"));
        assert_eq!(entity_type("share").map(|t| t.stores), Some(SHARE_STORES));
        assert!(entity_type("nope").is_none());
    }

    #[test]
    fn every_served_type_has_model_attributes() {
        for t in ENTITY_TYPES {
            let all = t.attributes();
            assert!(all.contains(&"id"), "{}", t.name);
            for a in t.update_attributes() {
                assert!(all.contains(&a), "{}.{a}", t.name);
            }
        }
    }

    #[test]
    fn writeable_statuses_follow_the_schema() {
        let transfer = entity_type("transfer").unwrap();
        assert_eq!(
            transfer.writeable_statuses(),
            ["waiting", "paused", "aborted", "done"]
        );
        let task = entity_type("task").unwrap();
        assert!(task.writeable_statuses().contains(&"onhold"));
        assert!(!task.writeable_statuses().contains(&"executing"));
    }
}
