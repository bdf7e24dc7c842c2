//! Create payloads read from JSON write back what they read: no key is added (`"write":
//! false`, `"files": []`) and none dropped (an empty `recipients`, an explicit `null`), while
//! what the backend refuses is still refused.

use accsyn_model::*;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::entities::lossless;

/// An object with `fixed` plus, for each optional key, one of: absent, or one of its values.
fn object_with(
    fixed: Value,
    optional: Vec<(&'static str, Vec<Value>)>,
) -> impl Strategy<Value = Value> {
    let choices: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = optional
        .into_iter()
        .map(|(key, values)| {
            proptest::option::of(proptest::sample::select(values))
                .prop_map(move |value| value.map(|v| (key, v)))
                .boxed()
        })
        .collect();
    choices.prop_map(move |chosen| {
        let mut object: Map<String, Value> = fixed.as_object().cloned().unwrap_or_default();
        for (key, value) in chosen.into_iter().flatten() {
            object.insert(key.to_owned(), value);
        }
        Value::Object(object)
    })
}

fn flags() -> Vec<Value> {
    vec![json!(true), json!(false)]
}

proptest! {
    /// Any combination of sent and unsent `read`/`write` comes back as sent, unless it grants
    /// neither, which is refused as before.
    #[test]
    fn acl_grants_write_back_what_they_read(v in object_with(json!({}), vec![
        ("read", flags()),
        ("write", flags()),
        ("path", vec![json!("FROM_VENDORS/acmevfx")]),
        ("notify", flags()),
    ])) {
        let grants = |key: &str| v.get(key) == Some(&json!(true));
        if grants("read") || grants("write") {
            prop_assert_eq!(lossless::<AclGrant>(&v)?, Ok(()));
        } else {
            prop_assert!(serde_json::from_value::<AclGrant>(v).is_err());
        }
    }

    #[test]
    fn deliveries_and_requests_write_back_what_they_read(
        d in object_with(json!({"name": "Project references"}), vec![
            ("recipients", vec![json!([]), json!(["lisa@example.com"])]),
            ("tasks", vec![json!([]), json!(["volume=assets/logo.jpeg", "logo.jpeg"])]),
            ("status", vec![json!("init")]),
        ]),
        r in object_with(json!({"name": "Project material"}), vec![
            ("recipients", vec![json!([]), json!(["lisa@example.com"])]),
            ("destination", vec![json!("share=(default)/source/from_client")]),
        ]),
    ) {
        prop_assert_eq!(lossless::<NewDelivery>(&d)?, Ok(()));
        prop_assert_eq!(lossless::<NewRequest>(&r)?, Ok(()));
    }

    #[test]
    fn volumes_and_collections_write_back_what_they_read(
        v in object_with(json!({"name": "Assets"}), vec![
            ("paths", vec![json!({}), json!({"linux": "/assets", "windows": "A:"})]),
            ("server", vec![json!("664b5db8ed9dc749a06f9bd6")]),
            ("siteservers", vec![json!([]), json!(["6751d72886f229f292b4f2d4"])]),
        ]),
        c in object_with(json!({"name": "Project startup"}), vec![
            ("files", vec![json!([]), json!(["volume=assets/ASSETS/templates", "share=theproject/ref.tif"])]),
        ]),
    ) {
        prop_assert_eq!(lossless::<NewVolume>(&v)?, Ok(()));
        prop_assert_eq!(lossless::<NewCollection>(&c)?, Ok(()));
    }
}

/// What the constructors send is unchanged: both flags, no empty lists.
#[test]
fn constructors_send_what_the_official_client_sends() {
    assert_eq!(
        serde_json::to_value(AclGrant::read_only()).unwrap(),
        json!({"read": true, "write": false})
    );
    let delivery = NewDelivery::from_files("x", Vec::new(), Vec::<String>::new());
    assert_eq!(
        serde_json::to_value(delivery).unwrap(),
        json!({"name": "x"})
    );
    let collection = NewCollection::new("x", Vec::new()).unwrap();
    assert_eq!(
        serde_json::to_value(collection).unwrap(),
        json!({"name": "x", "files": []})
    );
}

/// Reading a payload checks what its constructor checks.
#[test]
fn payloads_read_from_json_are_still_checked() {
    assert!(serde_json::from_value::<AclGrant>(json!({})).is_err());
    assert!(serde_json::from_value::<AclGrant>(json!({"read": false})).is_err());
    for bad in ["/Volumes/projects/x", "relative/x", "C:\\x.tif"] {
        let collection = json!({"name": "x", "files": ["share=a/b", bad]});
        assert!(serde_json::from_value::<NewCollection>(collection).is_err());
        let add = json!({"files": [bad]});
        assert!(serde_json::from_value::<NewCollectionFiles>(add).is_err());
    }
}

/// Create payloads share the entities' way of keeping an explicit `null`: in every optional
/// attribute, alone and all at once, it is written back.
#[test]
fn every_optional_attribute_of_every_create_payload_may_be_null() {
    use super::nulls::each_and_all_null;

    let id = "664b6d76e43eb396e5e55419";
    let named = json!({"name": "x"});
    each_and_all_null::<AclGrant>(
        &["path", "write", "notify", "message"],
        json!({"read": true}),
    );
    each_and_all_null::<NewDelivery>(&["recipients", "tasks", "status"], named.clone());
    each_and_all_null::<NewRequest>(&["destination", "recipients", "status"], named.clone());
    each_and_all_null::<RecipientGrant>(&["recipient", "invite"], json!({}));
    each_and_all_null::<NewVolume>(&["code", "paths", "server", "siteservers"], named.clone());
    let folder = json!({"parent": id, "path": "p", "name": "n"});
    each_and_all_null::<NewFolder>(&["brand_new"], folder);
    each_and_all_null::<NewHome>(&["user", "parent", "path", "name"], json!({}));
    each_and_all_null::<NewCollection>(&["files"], named);
    each_and_all_null::<NewCollectionFiles>(&["brand_new"], json!({"files": []}));
    each_and_all_null::<NewUser>(&["role"], json!({"code": "lisa@example.com"}));
    each_and_all_null::<RemoveCollectionFiles>(&["brand_new"], json!({"files": []}));
    let assignment = json!({"volume": id, "server": id});
    each_and_all_null::<ServerAssignment>(&["brand_new"], assignment);
    each_and_all_null::<TransferTask>(&["id", "source", "destination"], json!({}));
    each_and_all_null::<JobHook>(&["data"], json!({"when": "hook-job-publish-server"}));
    each_and_all_null::<NewTasks>(&["allow_duplicates"], json!({"tasks": ["/a.mov"]}));
    let update = ["id", "uri", "status", "priority", "metadata"];
    each_and_all_null::<TaskUpdate>(&update, json!({}));
    let transfer = [
        "source",
        "destination",
        "name",
        "code",
        "parent",
        "status",
        "queue",
        "priority",
        "metadata",
        "settings",
        "hooks",
        "allow_duplicates",
    ];
    each_and_all_null::<NewTransfer>(&transfer, json!({}));
    let list = json!({"tasks": [{"source": "/a.mov", "destination": null}]});
    each_and_all_null::<NewTransfer>(&["name", "parent"], list);
    // A null does not stand in for a grant: neither read nor write is still refused.
    assert!(serde_json::from_value::<AclGrant>(json!({"read": null, "write": true})).is_ok());
    assert!(serde_json::from_value::<AclGrant>(json!({"read": null, "write": null})).is_err());
}
