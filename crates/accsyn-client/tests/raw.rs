//! The official client's calls on untyped JSON.

use accsyn_client::{
    Error, FindOptions,
    query::{Query, attr},
};
use serde_json::{Value, json};

use crate::support::{STORAGE_FILE, start};

async fn new_delivery(session: &accsyn_client::Session, name: &str) -> Value {
    session
        .create("Delivery", json!({ "name": name }))
        .await
        .unwrap()
}

#[tokio::test]
async fn find_with_text_or_built_queries_keeps_the_case_of_values() {
    let env = start().await;
    new_delivery(&env.admin, "Project References").await;
    new_delivery(&env.admin, "other").await;

    let by_text = env
        .admin
        .find("Delivery WHERE name='Project References'")
        .await
        .unwrap();
    assert_eq!(by_text.len(), 1);
    assert_eq!(by_text[0]["name"], "Project References");

    let built = Query::new("delivery").filter(attr("name").eq("Project References"));
    let by_query = env.admin.find(&built).await.unwrap();
    assert_eq!(by_query, by_text);

    let all = env.admin.find("Delivery").await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn a_malformed_query_fails_locally_with_a_caret() {
    let env = start().await;
    let err = env
        .admin
        .find("Delivery WHERE name='open")
        .await
        .unwrap_err();
    let Error::Query(parse) = &err else {
        panic!("{err:?}")
    };
    assert!(parse.to_string().contains('^'), "{parse}");
    let err = env.admin.find_one("Delivery WHERE").await.unwrap_err();
    assert!(matches!(err, Error::Query(_)), "{err:?}");
    let err = env.admin.find("transfer/delete").await.unwrap_err();
    assert!(
        matches!(err, Error::Query(_) | Error::InvalidEntityType { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn find_options_select_attributes_and_pages() {
    let env = start().await;
    for i in 0..5 {
        new_delivery(&env.admin, &format!("d{i}")).await;
    }
    let page = env
        .admin
        .find("Delivery")
        .skip(1)
        .limit(2)
        .attributes(["id", "name"])
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
    for d in &page {
        let keys: Vec<_> = d.as_object().unwrap().keys().cloned().collect();
        assert!(keys.iter().all(|k| k == "id" || k == "name"), "{keys:?}");
    }
    let options = FindOptions::new().skip(4).limit(10);
    assert_eq!(
        env.admin
            .find("Delivery")
            .options(options)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn find_one_and_get_entity() {
    let env = start().await;
    let created = new_delivery(&env.admin, "Project references").await;
    let id = created["id"].as_str().unwrap();
    let one = env
        .admin
        .find_one("Delivery WHERE name='Project references'")
        .await
        .unwrap();
    assert_eq!(one.unwrap()["id"], id);
    assert!(
        env.admin
            .find_one("Delivery WHERE name=nothing")
            .await
            .unwrap()
            .is_none()
    );
    let got = env.admin.get_entity("Delivery", id).await.unwrap().unwrap();
    assert_eq!(got["name"], "Project references");
    assert!(
        env.admin
            .get_entity("Delivery", "0123456789abcdef01234567")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn update_delete_and_finished_scope() {
    let env = start().await;
    let created = new_delivery(&env.admin, "to abort").await;
    let id = created["id"].as_str().unwrap();
    let updated = env
        .admin
        .update("Delivery", id, json!({"status": "aborted"}))
        .await
        .unwrap();
    assert_eq!(updated["status"], "aborted");
    assert!(env.admin.find("Delivery").await.unwrap().is_empty());
    let finished = env.admin.find("Delivery").finished(true).await.unwrap();
    assert_eq!(finished.len(), 1);

    let other = new_delivery(&env.admin, "to delete").await;
    let other_id = other["id"].as_str().unwrap();
    assert_eq!(
        env.admin.delete_one("Delivery", other_id).await.unwrap(),
        json!(true)
    );
    assert!(
        env.admin
            .find_one("Delivery WHERE name='to delete'")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        env.admin
            .find("Delivery")
            .archived(true)
            .await
            .unwrap()
            .iter()
            .any(|d| d["id"] == other_id)
    );
}

#[tokio::test]
async fn the_server_refusal_carries_its_message() {
    let env = start().await;
    let err = env
        .admin
        .update(
            "Delivery",
            "0123456789abcdef01234567",
            json!({"status": "done"}),
        )
        .await
        .unwrap_err();
    assert!(err.api_message().is_some(), "{err:?}");
}

#[tokio::test]
async fn transfer_tasks_are_found_under_their_parent_and_updated_many_at_once() {
    let env = start().await;
    let transfer = env
        .admin
        .create(
            "Transfer",
            json!({"source": format!("share={STORAGE_FILE}"), "destination": "/tmp/a.mov", "status": "paused"}),
        )
        .await
        .unwrap();
    let id = transfer["id"].as_str().unwrap();
    let tasks = env.admin.find("Task").parent(id).await.unwrap();
    assert_eq!(tasks.len(), 1);
    let updated = env
        .admin
        .update_many("Task", id, json!([{"uri": "0", "status": "onhold"}]))
        .await
        .unwrap();
    assert_eq!(updated[0]["status"], "onhold");
    let held = env
        .admin
        .find("Task WHERE status=onhold")
        .parent(id)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
}

#[tokio::test]
async fn users_are_deactivated_and_activated_by_id_or_code() {
    let env = start().await;
    let id = env.user_id("standard@acme.test");
    env.admin.deactivate_one("User", &id).await.unwrap();
    // A plain find sees only active users (find_one relaxes the scope, as documented).
    assert!(
        env.admin
            .find("User WHERE code=standard@acme.test")
            .await
            .unwrap()
            .is_empty()
    );
    let inactive = env.admin.find("User").inactive(true).await.unwrap();
    assert!(inactive.iter().any(|u| u["id"] == id.as_str()));
    env.admin
        .activate_one("User", "standard@acme.test")
        .await
        .unwrap();
    assert_eq!(
        env.admin
            .find("User WHERE code=standard@acme.test")
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn entity_types_and_attributes() {
    let env = start().await;
    let types = env.admin.entity_types().await.unwrap();
    assert!(types.iter().any(|t| t == "delivery"), "{types:?}");
    let all = env
        .admin
        .attributes("Delivery", false, false)
        .await
        .unwrap();
    let updatable = env.admin.attributes("Delivery", false, true).await.unwrap();
    assert!(all.to_string().contains("status"), "{all}");
    assert_ne!(all, updatable);
}

#[tokio::test]
async fn find_answers_the_official_clients_special_queries() {
    let env = start().await;
    let types = env.admin.find("entitytypes").await.unwrap();
    assert!(types.iter().any(|t| t == "transfer"), "{types:?}");
    let attributes = env
        .admin
        .find("attributes WHERE entitytype=delivery")
        .await
        .unwrap();
    assert_eq!(
        Value::Array(attributes),
        env.admin
            .attributes("delivery", false, false)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn untyped_access_is_the_typed_handler_over_json() {
    use futures_util::TryStreamExt;

    let env = start().await;
    let users = env.admin.entities("User");
    let found = users.find("CODE=admin@acme.test").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "admin@acme.test");
    // The same pages and streams as a typed handler.
    let all: Vec<Value> = users.list().stream(1).try_collect().await.unwrap();
    assert_eq!(all, env.admin.find("User").await.unwrap());
    let typed = env.admin.users().list().await.unwrap();
    assert_eq!(all.len(), typed.len());
    let id = found[0]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        users.get(&id).await.unwrap().unwrap()["code"],
        "admin@acme.test"
    );
    assert_eq!(
        env.admin
            .get_entity("User", &format!("ObjectId:{id}"))
            .await
            .unwrap(),
        Some(found[0].clone())
    );
}
