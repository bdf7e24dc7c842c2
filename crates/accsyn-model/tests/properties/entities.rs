//! Entity structs against attribute maps shaped like the backend's answers: they accept
//! them, never panic, and write back exactly what they read.

use accsyn_model::*;
use proptest::prelude::*;
use serde_json::Value;

use super::{entity_id, timestamp, uuid_text};

/// A value of the shape the backend sends for attribute `name` of JSON type `json_type`,
/// never `null` for a known attribute (the `nulls` tests put those in). Anything goes for
/// attributes no version knows, `null` included.
fn wire_value_for(
    kind: &EntityType,
    name: &'static str,
    json_type: Option<JsonType>,
) -> BoxedStrategy<Value> {
    let ids = ["id", "user", "parent", "job", "client", "v", "s", "server"];
    let uuid_ids = matches!(kind, EntityType::Task | EntityType::File);
    let times = [
        "created",
        "modified",
        "finished",
        "logged_in",
        "last_checkin",
    ];
    match json_type {
        Some(JsonType::String) if name == "id" && uuid_ids => any::<[u8; 16]>()
            .prop_map(|b| Value::String(uuid_text(b)))
            .boxed(),
        Some(JsonType::String) if ids.contains(&name) => entity_id()
            .prop_map(|id| Value::String(id.to_string()))
            .boxed(),
        Some(JsonType::String) if times.contains(&name) => timestamp()
            .prop_map(|t| Value::String(t.to_string()))
            .boxed(),
        Some(JsonType::String) if name == "status" || name == "role" => prop_oneof![
            Just("done"),
            Just("enabled"),
            Just("queued"),
            Just("online"),
            Just("standard"),
            Just("from-a-newer-backend"),
        ]
        .prop_map(|s| Value::String(s.to_owned()))
        .boxed(),
        Some(JsonType::String) => "[A-Za-z0-9@.:_ ()\\[\\]-]{0,16}"
            .prop_map(Value::String)
            .boxed(),
        Some(JsonType::Integer) => any::<u32>().prop_map(Value::from).boxed(),
        Some(JsonType::Number) => prop_oneof![
            (-1e9f64..1e9).prop_map(Value::from),
            any::<i32>().prop_map(Value::from)
        ]
        .boxed(),
        Some(JsonType::Boolean) => any::<bool>().prop_map(Value::Bool).boxed(),
        // A task's parties: ids, paths and a site, plus what no version knows.
        Some(JsonType::Object) if name == "source" || name == "destination" => {
            let id = || entity_id().prop_map(|id| Value::String(id.to_string()));
            let text = || "[A-Za-z0-9:/._ -]{0,12}".prop_map(Value::String);
            (
                proptest::option::of(id()),
                proptest::option::of(text()),
                proptest::option::of(text()),
                proptest::option::of(id()),
                proptest::option::of(id()),
                proptest::option::of(id()),
                proptest::option::of(text()),
                proptest::option::of(any_value()),
            )
                .prop_map(|(client, path, path_abs_final, v, s, user, site, extra)| {
                    let keys = [
                        "client",
                        "path",
                        "path_abs_final",
                        "v",
                        "s",
                        "user",
                        "site",
                        "extra",
                    ];
                    let values = [client, path, path_abs_final, v, s, user, site, extra];
                    Value::Object(
                        keys.into_iter()
                            .zip(values)
                            .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                            .collect(),
                    )
                })
                .boxed()
        }
        // Volume paths map operating systems to path strings.
        Some(JsonType::Object) if name == "paths" => {
            proptest::collection::btree_map("[a-z_]{1,6}", "[A-Za-z:/\\\\]{0,8}", 0..3)
                .prop_map(|m| {
                    Value::Object(m.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
                })
                .boxed()
        }
        Some(JsonType::Object) => proptest::collection::btree_map("[a-z_]{1,6}", any_value(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        Some(JsonType::Array) => proptest::collection::vec(
            entity_id().prop_map(|id| Value::String(id.to_string())),
            0..3,
        )
        .prop_map(Value::Array)
        .boxed(),
        _ => any_value().boxed(),
    }
}

/// Any JSON value, nested a little.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        "[a-z0-9 ]{0,8}".prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An attribute map as a find on `kind` answers it: some of its schema attributes with
/// values of their type, plus attributes no version knows.
pub(super) fn wire_object(kind: EntityType) -> impl Strategy<Value = Value> {
    // An entity the server returned always has its id.
    let id = wire_value_for(&kind, "id", Some(JsonType::String))
        .prop_map(|v| ("id".to_owned(), v))
        .boxed();
    let attributes: Vec<BoxedStrategy<(String, Value)>> = kind
        .attributes()
        .iter()
        .filter(|a| a.name != "id")
        .map(|a| {
            wire_value_for(&kind, a.name, Some(a.json_type))
                .prop_map(move |v| (a.name.to_owned(), v))
                .boxed()
        })
        .chain(["brand_new", "added_later"].map(|name| {
            wire_value_for(&kind, name, None)
                .prop_map(move |v| (name.to_owned(), v))
                .boxed()
        }))
        .collect();
    let most = attributes.len();
    (
        id,
        proptest::sample::subsequence(attributes, 0..=most).prop_flat_map(|chosen| chosen),
    )
        .prop_map(|(id, pairs)| Value::Object(std::iter::once(id).chain(pairs).collect()))
}

/// `T` reads `value` and writes it back unchanged; `Err(reason)` when it refuses it.
pub(super) fn lossless<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: &Value,
) -> Result<Result<(), String>, TestCaseError> {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(typed) => {
            let back = serde_json::to_value(&typed).unwrap();
            prop_assert_eq!(
                &back,
                value,
                "{} changed the value",
                std::any::type_name::<T>()
            );
            Ok(Ok(()))
        }
        Err(e) => Ok(Err(format!(
            "{} refused it: {e}",
            std::any::type_name::<T>()
        ))),
    }
}

proptest! {
    /// Entities read from attribute maps shaped like the backend's answers never panic,
    /// accept them, and serialize them back to the same JSON: read-modify-write loses
    /// nothing.
    #[test]
    fn transfers_write_back_what_they_read(v in wire_object(EntityType::Transfer)) {
        prop_assert_eq!(lossless::<Transfer>(&v)?, Ok(()));
        prop_assert_eq!(lossless::<Job>(&v)?, Ok(()));
    }

    #[test]
    fn deliveries_write_back_what_they_read(v in wire_object(EntityType::Delivery)) {
        prop_assert_eq!(lossless::<Delivery>(&v)?, Ok(()));
        prop_assert_eq!(lossless::<Request>(&v)?, Ok(()));
    }

    #[test]
    fn tasks_write_back_what_they_read(v in wire_object(EntityType::Task)) {
        prop_assert_eq!(lossless::<Task>(&v)?, Ok(()));
    }

    #[test]
    fn shares_write_back_what_they_read(v in wire_object(EntityType::Volume), h in wire_object(EntityType::Home)) {
        prop_assert_eq!(lossless::<Volume>(&v)?, Ok(()));
        prop_assert_eq!(lossless::<Home>(&h)?, Ok(()));
        prop_assert_eq!(lossless::<Folder>(&h)?, Ok(()));
        prop_assert_eq!(lossless::<Collection>(&h)?, Ok(()));
    }

    #[test]
    fn users_clients_and_acls_write_back_what_they_read(
        u in wire_object(EntityType::User),
        c in wire_object(EntityType::Client),
        a in wire_object(EntityType::Acl),
    ) {
        prop_assert_eq!(lossless::<User>(&u)?, Ok(()));
        prop_assert_eq!(lossless::<Client>(&c)?, Ok(()));
        prop_assert_eq!(lossless::<AclEntry>(&a)?, Ok(()));
    }
}
