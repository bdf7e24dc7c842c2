//! Explicit `null`s: in any known attribute of any entity struct, alone or together with
//! others and with values, they are written back exactly as read. Before, a `null` in an
//! attribute the schema does not mark nullable (`description`, `modifier`, `etr`, ...) read
//! as absent and the key was lost on the way back.

use accsyn_model::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::entities::{lossless, wire_object};

/// The attributes of the structs that have no entity type (and so no schema list) of their
/// own. `typed_fields_are_listed_attributes` checks that each name is a typed field.
const TASK_PARTY: &[&str] = &["client", "path", "path_abs_final", "v", "s", "user", "site"];
const RECIPIENT: &[&str] = &["actioned", "user", "user_hr"];
/// Without `id` and `filename`: they are required, and `null` does not make them optional.
const PUBLISH_ENTRY: &[&str] = &[
    "size",
    "is_dir",
    "files",
    "warning",
    "can_upload",
    "can_publish",
    "ident",
    "info",
];
/// Without the required `filename`.
const PUBLISH_FILE: &[&str] = &["size", "is_dir", "files"];
/// Without the required `files`.
const PRE_PUBLISH_ANSWER: &[&str] = &["time_report", "comment", "guidelines", "tasks"];

/// Every attribute the schema gives `kind` but its required `id`, which covers every other
/// field of its struct.
fn schema_names(kind: &EntityType) -> Vec<&'static str> {
    kind.attributes()
        .iter()
        .map(|a| a.name)
        .filter(|name| *name != "id")
        .collect()
}

/// `object` with each of `names` set to `null` (added when absent).
fn nulled(mut object: Value, names: &[&str]) -> Value {
    if let Value::Object(map) = &mut object {
        for name in names {
            map.insert((*name).to_owned(), Value::Null);
        }
    }
    object
}

/// A find answer for `kind` with a nonempty set of its attributes (known or not) made `null`.
fn with_nulls(kind: EntityType) -> impl Strategy<Value = Value> {
    let mut names = schema_names(&kind);
    names.push("brand_new");
    let most = names.len();
    (
        wire_object(kind),
        proptest::sample::subsequence(names, 1..=most),
    )
        .prop_map(|(object, chosen)| nulled(object, &chosen))
}

/// A task party with each attribute absent, `null` or set.
fn party_with_nulls() -> impl Strategy<Value = Value> {
    let set = [
        json!("5da09b9ae1b3c330746529ec"),
        json!("/tmp/a.mov"),
        json!("/mnt/a.mov"),
        json!("664b6d76e43eb396e5e55419"),
        json!("673cb38dea344d0d17969018"),
        json!("6676f3e9c7ef4e27da254e57"),
        json!("hq"),
    ];
    proptest::collection::vec(0u8..3, TASK_PARTY.len()).prop_map(move |choices| {
        let mut party = serde_json::Map::new();
        for ((name, value), choice) in TASK_PARTY.iter().zip(&set).zip(choices) {
            match choice {
                0 => {}
                1 => drop(party.insert((*name).to_owned(), Value::Null)),
                _ => drop(party.insert((*name).to_owned(), value.clone())),
            }
        }
        Value::Object(party)
    })
}

/// `T` reads `value` and writes back an equal JSON value.
fn round_trips<T: DeserializeOwned + Serialize>(value: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("{} refused {value}: {e}", std::any::type_name::<T>()))?;
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    if &back == value {
        Ok(())
    } else {
        Err(format!(
            "{} read {value} and wrote {back}",
            std::any::type_name::<T>()
        ))
    }
}

/// Each of `names` alone, then all of them at once, as `null` on top of `base`.
pub(super) fn each_and_all_null<T: DeserializeOwned + Serialize>(names: &[&str], base: Value) {
    for name in names {
        let one = nulled(base.clone(), &[name]);
        assert_eq!(round_trips::<T>(&one), Ok(()));
    }
    let all = nulled(base, names);
    assert_eq!(round_trips::<T>(&all), Ok(()));
}

/// The exhaustive case: every known attribute of every entity struct, `null`.
#[test]
fn every_known_attribute_of_every_entity_struct_may_be_null() {
    let empty = json!({});
    // Entities carry their id, which `null` does not make optional.
    let with_id = json!({"id": "6971e16fceadd67b955b1995"});
    let with_uuid = json!({"id": "26468234-c9ee-48d6-8d28-e900b5957129"});
    each_and_all_null::<Transfer>(&schema_names(&EntityType::Transfer), with_id.clone());
    each_and_all_null::<Job>(&schema_names(&EntityType::Job), with_id.clone());
    each_and_all_null::<Delivery>(&schema_names(&EntityType::Delivery), with_id.clone());
    each_and_all_null::<Request>(&schema_names(&EntityType::Request), with_id.clone());
    each_and_all_null::<Task>(&schema_names(&EntityType::Task), with_uuid.clone());
    each_and_all_null::<Volume>(&schema_names(&EntityType::Volume), with_id.clone());
    each_and_all_null::<Folder>(&schema_names(&EntityType::Folder), with_id.clone());
    each_and_all_null::<Home>(&schema_names(&EntityType::Home), with_id.clone());
    each_and_all_null::<Collection>(&schema_names(&EntityType::Collection), with_id.clone());
    each_and_all_null::<CollectionFile>(&schema_names(&EntityType::File), with_uuid.clone());
    each_and_all_null::<User>(&schema_names(&EntityType::User), with_id.clone());
    each_and_all_null::<Client>(&schema_names(&EntityType::Client), with_id.clone());
    each_and_all_null::<AclEntry>(&schema_names(&EntityType::Acl), with_id.clone());
    each_and_all_null::<TaskParty>(TASK_PARTY, empty.clone());
    each_and_all_null::<Recipient>(RECIPIENT, empty.clone());
    let entry = json!({"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "a"});
    each_and_all_null::<PublishEntry>(PUBLISH_ENTRY, entry.clone());
    each_and_all_null::<PublishFile>(PUBLISH_FILE, json!({"filename": "a"}));
    each_and_all_null::<PrePublishAnswer>(PRE_PUBLISH_ANSWER, json!({"files": [entry]}));
    each_and_all_null::<PrePublish>(&["brand_new"], json!({"files": [], "size": 0}));
}

/// The hand-written lists above name typed fields: given a value, none lands in `other`
/// (else the test above would only exercise the unknown-attribute path).
#[test]
fn typed_fields_are_listed_attributes() {
    let party: TaskParty = serde_json::from_value(json!({
        "client": "5da09b9ae1b3c330746529ec", "path": "/a", "path_abs_final": "/b",
        "v": "664b6d76e43eb396e5e55419", "s": "673cb38dea344d0d17969018",
        "user": "6676f3e9c7ef4e27da254e57", "site": "hq"
    }))
    .unwrap();
    assert!(party.other.is_empty(), "{:?}", party.other);
    assert_eq!(TASK_PARTY.len(), 7);
    let recipient: Recipient = serde_json::from_value(json!({
        "actioned": true, "user": "6676f3e9c7ef4e27da254e57", "user_hr": "user:x"
    }))
    .unwrap();
    assert!(recipient.other.is_empty(), "{:?}", recipient.other);
    let entry: PublishEntry = serde_json::from_value(json!({
        "id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "a", "size": 1,
        "is_dir": false, "files": [], "warning": "w", "can_upload": true,
        "can_publish": true, "ident": "i", "info": "n"
    }))
    .unwrap();
    assert!(entry.other.is_empty(), "{:?}", entry.other);
    let file: PublishFile =
        serde_json::from_value(json!({"filename": "a", "size": 1, "is_dir": true, "files": []}))
            .unwrap();
    assert!(file.other.is_empty(), "{:?}", file.other);
    let answer: PrePublishAnswer = serde_json::from_value(json!({
        "files": [], "time_report": true, "comment": false, "guidelines": "g", "tasks": ["t"]
    }))
    .unwrap();
    assert!(answer.other.is_empty(), "{:?}", answer.other);
}

/// A `null` does not make a required attribute optional.
#[test]
fn required_attributes_refuse_null() {
    for entity in [json!({"id": null}), json!({"name": "x"})] {
        assert!(
            serde_json::from_value::<Transfer>(entity.clone()).is_err(),
            "{entity}"
        );
        assert!(serde_json::from_value::<Task>(entity).is_err());
    }
    let id = "33d59998-c980-4b82-9f6d-06ce27201d26";
    assert!(serde_json::from_value::<PublishEntry>(json!({"id": null, "filename": "a"})).is_err());
    assert!(serde_json::from_value::<PublishEntry>(json!({"id": id, "filename": null})).is_err());
    assert!(serde_json::from_value::<PublishFile>(json!({"filename": null})).is_err());
    assert!(serde_json::from_value::<PrePublishAnswer>(json!({"files": null})).is_err());
    assert!(serde_json::from_value::<PrePublish>(json!({"files": [], "size": null})).is_err());
}

proptest! {
    /// Nulls mixed with values in find answers shaped like the backend's come back as sent.
    #[test]
    fn jobs_write_back_their_nulls(t in with_nulls(EntityType::Transfer), d in with_nulls(EntityType::Delivery)) {
        prop_assert_eq!(lossless::<Transfer>(&t)?, Ok(()));
        prop_assert_eq!(lossless::<Job>(&t)?, Ok(()));
        prop_assert_eq!(lossless::<Delivery>(&d)?, Ok(()));
        prop_assert_eq!(lossless::<Request>(&d)?, Ok(()));
    }

    #[test]
    fn tasks_and_their_parties_write_back_their_nulls(
        task in with_nulls(EntityType::Task),
        source in party_with_nulls(),
        destination in party_with_nulls(),
    ) {
        prop_assert_eq!(lossless::<TaskParty>(&source)?, Ok(()));
        let mut task = task;
        if let Value::Object(map) = &mut task {
            map.insert("source".to_owned(), source);
            map.entry("destination").or_insert(destination);
        }
        prop_assert_eq!(lossless::<Task>(&task)?, Ok(()));
    }

    #[test]
    fn shares_write_back_their_nulls(v in with_nulls(EntityType::Volume), h in with_nulls(EntityType::Home), f in with_nulls(EntityType::File)) {
        prop_assert_eq!(lossless::<Volume>(&v)?, Ok(()));
        prop_assert_eq!(lossless::<Home>(&h)?, Ok(()));
        prop_assert_eq!(lossless::<Folder>(&h)?, Ok(()));
        prop_assert_eq!(lossless::<Collection>(&h)?, Ok(()));
        prop_assert_eq!(lossless::<CollectionFile>(&f)?, Ok(()));
    }

    #[test]
    fn users_clients_and_acls_write_back_their_nulls(
        u in with_nulls(EntityType::User),
        c in with_nulls(EntityType::Client),
        a in with_nulls(EntityType::Acl),
    ) {
        prop_assert_eq!(lossless::<User>(&u)?, Ok(()));
        prop_assert_eq!(lossless::<Client>(&c)?, Ok(()));
        prop_assert_eq!(lossless::<AclEntry>(&a)?, Ok(()));
    }

    /// Setting any attribute that was read as `null` sends the new value, once.
    #[test]
    fn a_field_set_after_reading_null_wins(u in with_nulls(EntityType::User)) {
        let mut user: User = serde_json::from_value(u.clone()).unwrap();
        user.description = Some("set later".to_owned());
        let text = serde_json::to_string(&user).unwrap();
        prop_assert_eq!(text.matches("\"description\"").count(), 1, "{}", text);
        // Compared as values: serde_json's text parser may round a float's last digit.
        let back = serde_json::to_value(&user).unwrap();
        prop_assert_eq!(&back["description"], "set later");
        let mut expected = u;
        expected["description"] = json!("set later");
        prop_assert_eq!(back, expected);
    }
}
