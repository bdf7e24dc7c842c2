//! grant, access and revoke on deliveries and shares.

use serde_json::{Value, json};

use crate::support::start;

#[tokio::test]
async fn a_recipient_is_granted_by_email_listed_and_revoked() {
    let env = start().await;
    let delivery = env
        .admin
        .create("Delivery", json!({"name": "refs"}))
        .await
        .unwrap();
    let id = delivery["id"].as_str().unwrap();
    let standard = env.user_id("standard@acme.test");

    let granted = env
        .admin
        .grant("User", "standard@acme.test", "Delivery", id, None)
        .await
        .unwrap();
    assert_eq!(granted, json!(true), "an unsubmitted delivery answers true");

    let access = env.admin.access("Delivery", id).await.unwrap();
    assert_eq!(access.len(), 1);
    assert_eq!(access[0]["user"], standard.as_str());

    assert!(
        env.admin
            .revoke("User", "standard@acme.test", "Delivery", id)
            .await
            .unwrap()
    );
    assert!(env.admin.access("Delivery", id).await.unwrap().is_empty());
    // Revoking again finds nothing to remove.
    assert!(
        !env.admin
            .revoke("User", &standard, "Delivery", id)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn an_unknown_email_is_invited_unless_invite_is_false() {
    let env = start().await;
    let delivery = env
        .admin
        .create("Delivery", json!({"name": "refs"}))
        .await
        .unwrap();
    let id = delivery["id"].as_str().unwrap();
    let err = env
        .admin
        .grant(
            "User",
            "nobody@example.com",
            "Delivery",
            id,
            Some(json!({"invite": false})),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, accsyn_client::Error::NotFound { .. }),
        "{err:?}"
    );
    assert!(env.admin.access("Delivery", id).await.unwrap().is_empty());

    env.admin
        .grant("User", "lisa@example.com", "Delivery", id, None)
        .await
        .unwrap();
    let access = env.admin.access("Delivery", id).await.unwrap();
    assert_eq!(access.len(), 1, "{access:?}");
    assert!(
        env.admin
            .find_one("User WHERE code=lisa@example.com")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn grants_on_unknown_kinds_are_refused_before_any_call() {
    let env = start().await;
    let err = env
        .admin
        .grant("Client", "x", "Delivery", "0123456789abcdef01234567", None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, accsyn_client::Error::InvalidArgument(_)),
        "{err:?}"
    );
    let err = env
        .admin
        .access("Transfer", "0123456789abcdef01234567")
        .await
        .unwrap_err();
    assert!(
        matches!(err, accsyn_client::Error::InvalidArgument(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_share_acl_is_granted_by_codes_listed_and_revoked() {
    let env = start().await;
    let volume = env
        .admin
        .find_one("Volume WHERE code=projects")
        .await
        .unwrap()
        .unwrap();
    let volume_id = volume["id"].as_str().unwrap();
    let employee = env.user_id("employee@acme.test");

    let acl = env
        .admin
        .grant(
            "User",
            "employee@acme.test",
            "Volume",
            "projects",
            Some(json!({"read": true, "path": "delivery"})),
        )
        .await
        .unwrap();
    assert_eq!(acl["read"], true, "{acl}");
    assert_eq!(acl["write"], false, "{acl}");

    let access = env.admin.access("Volume", volume_id).await.unwrap();
    assert_eq!(access.len(), 1, "{access:?}");
    assert_eq!(access[0]["user"], employee.as_str());
    assert_eq!(access[0]["path"], "delivery");

    assert!(
        env.admin
            .revoke("User", "employee@acme.test", "Volume", volume_id)
            .await
            .unwrap()
    );
    assert_eq!(
        env.admin.access("Volume", volume_id).await.unwrap(),
        Vec::<Value>::new()
    );
}

#[tokio::test]
async fn typed_share_acls_come_from_an_acl_grant_and_read_back_as_acl_entries() {
    use accsyn_client::model::AclGrant;

    let env = start().await;
    let volumes = env.admin.volumes();
    let volume = volumes.find_one("code=projects").await.unwrap().unwrap();
    let id = volume.id;
    let grant = AclGrant::read_write()
        .with_path("FROM_VENDORS/acmevfx")
        .with_message("Please upload your files here.");
    let acl = volumes
        .grant(&id, "employee@acme.test", &grant, false)
        .await
        .unwrap();
    assert_eq!((acl.read, acl.write), (Some(true), Some(true)));
    assert_eq!(acl.path.as_deref(), Some("FROM_VENDORS/acmevfx"));

    let listed = volumes.access(&id, false).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, acl.id);
    let employee = env.user_id("employee@acme.test");
    assert_eq!(
        listed[0].entity.as_deref(),
        Some(format!("user:{employee}").as_str())
    );

    assert!(volumes.revoke(&id, "employee@acme.test").await.unwrap());
    assert!(!volumes.revoke(&id, "employee@acme.test").await.unwrap());
    assert!(volumes.access(&id, false).await.unwrap().is_empty());
    // Neither read nor write is refused before anything is sent.
    let err = env
        .admin
        .grant(
            "User",
            "employee@acme.test",
            "Volume",
            id.as_str(),
            Some(json!({"notify": true})),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, accsyn_client::Error::InvalidArgument(_)),
        "{err:?}"
    );
}
