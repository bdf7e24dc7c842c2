//! The entity types the emulator serves and their attributes.

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
    /// Infrastructure (clients, volumes): read by staff, written by admins.
    Infrastructure,
    /// Access-control entries.
    Acl,
}

/// One entity type.
#[derive(Debug)]
pub(crate) struct EntityType {
    pub(crate) name: &'static str,
    /// The store partitions it covers: itself, or the three job types for
    /// the umbrella type `job`.
    pub(crate) stores: &'static [&'static str],
    pub(crate) kind: Kind,
    /// Every attribute a find can return.
    pub(crate) attributes: &'static [&'static str],
    /// Attributes a create may set.
    pub(crate) create: &'static [&'static str],
    /// Attributes an update may set.
    pub(crate) update: &'static [&'static str],
}

const JOB_ATTRIBUTES: &[&str] = &[
    "id",
    "code",
    "name",
    "status",
    "user",
    "source",
    "destination",
    "size",
    "progress",
    "speed",
    "etr",
    "priority",
    "metadata",
    "description",
    "parent",
    "recipients",
    "expiry",
    "archived",
    "created",
    "modified",
    "finished",
];
const JOB_CREATE: &[&str] = &[
    "code",
    "name",
    "source",
    "destination",
    "priority",
    "metadata",
    "recipients",
    "tasks",
    "files",
    "settings",
    "mirror_paths",
    "allow_duplicates",
    "invite",
    "description",
    "expiry",
    "parent",
];
const JOB_UPDATE: &[&str] = &[
    "code",
    "name",
    "status",
    "priority",
    "metadata",
    "description",
];

const JOB_STORES: &[&str] = &["transfer", "delivery", "request"];

/// Every entity type, in the order `entitytypes` lists them.
pub(crate) const ENTITY_TYPES: &[EntityType] = &[
    EntityType {
        name: "job",
        stores: JOB_STORES,
        kind: Kind::Job,
        attributes: JOB_ATTRIBUTES,
        create: &[],
        update: JOB_UPDATE,
    },
    EntityType {
        name: "user",
        stores: &["user"],
        kind: Kind::User,
        attributes: &[
            "id",
            "code",
            "name",
            "clearance",
            "status",
            "phone",
            "created",
            "modified",
        ],
        create: &["code", "name", "clearance", "phone", "invite", "message"],
        update: &["name", "clearance", "phone"],
    },
    EntityType {
        name: "transfer",
        stores: &["transfer"],
        kind: Kind::Job,
        attributes: JOB_ATTRIBUTES,
        create: JOB_CREATE,
        update: JOB_UPDATE,
    },
    EntityType {
        name: "delivery",
        stores: &["delivery"],
        kind: Kind::Job,
        attributes: JOB_ATTRIBUTES,
        create: JOB_CREATE,
        update: JOB_UPDATE,
    },
    EntityType {
        name: "request",
        stores: &["request"],
        kind: Kind::Job,
        attributes: JOB_ATTRIBUTES,
        create: JOB_CREATE,
        update: JOB_UPDATE,
    },
    EntityType {
        name: "task",
        stores: &["task"],
        kind: Kind::Task,
        attributes: &[
            "id",
            "uri",
            "parent",
            "source",
            "destination",
            "status",
            "size",
            "progress",
            "priority",
            "metadata",
            "created",
            "modified",
        ],
        create: &["source", "destination", "priority", "metadata", "size"],
        update: &["status", "priority", "metadata"],
    },
    EntityType {
        name: "client",
        stores: &["client"],
        kind: Kind::Infrastructure,
        attributes: &[
            "id", "code", "type", "status", "user", "volumes", "created", "modified",
        ],
        create: &["code", "type", "user"],
        update: &["code", "status"],
    },
    EntityType {
        name: "volume",
        stores: &["volume"],
        kind: Kind::Infrastructure,
        attributes: &[
            "id", "code", "name", "default", "status", "servers", "created", "modified",
        ],
        create: &["code", "name", "default"],
        update: &["name", "default"],
    },
    EntityType {
        name: "acl",
        stores: &["acl"],
        kind: Kind::Acl,
        attributes: &[
            "id", "entity", "target", "read", "write", "notify", "path", "created", "modified",
        ],
        create: &[
            "entity", "target", "read", "write", "notify", "path", "message", "invite",
        ],
        update: &["read", "write", "notify"],
    },
];

/// Attributes the emulator maintains itself; no create or update sets them.
pub(crate) const RESERVED: &[&str] = &["id", "created", "modified"];

/// Looks up a type by name, ignoring case; `share` is how the official
/// client addresses volumes in some calls.
pub(crate) fn entity_type(name: &str) -> Option<&'static EntityType> {
    let name = name.to_ascii_lowercase();
    let name = if name == "share" {
        "volume"
    } else {
        name.as_str()
    };
    ENTITY_TYPES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_maps_share() {
        assert_eq!(entity_type("Transfer").map(|t| t.name), Some("transfer"));
        assert_eq!(entity_type("share").map(|t| t.name), Some("volume"));
        assert!(entity_type("nope").is_none());
    }

    #[test]
    fn update_attributes_are_returnable() {
        for t in ENTITY_TYPES {
            for a in t.update {
                assert!(t.attributes.contains(a), "{}.{a}", t.name);
            }
            assert!(t.attributes.contains(&"id"), "{}", t.name);
        }
    }
}
