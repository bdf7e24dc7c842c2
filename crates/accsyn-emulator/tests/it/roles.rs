//! The role matrix: admin, employee, standard × read/write of each entity type.

use serde_json::{Value, json};

use super::*;

/// What a role gets: whether a get-by-id finds the entity, and the HTTP
/// status of an update (200 done, 403 refused with a message, 404 invisible).
struct Expect {
    read: bool,
    write: u16,
}

const fn e(read: bool, write: u16) -> Expect {
    Expect { read, write }
}

#[tokio::test]
async fn role_matrix_for_every_entity_type() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let standard = Client::login(&emu, STANDARD).await;

    // Entities that belong to the admin (or to nobody), none shared with the standard user.
    let transfer = admin
        .create("transfer", json!({"name": "t", "tasks": [{"source": "share=projects/a.mov", "destination": "/tmp/a.mov"}]}))
        .await;
    let task = admin
        .find("task", json!({"parent": transfer["id"]}), None)
        .await[0]
        .clone();
    let delivery = admin.create("delivery", json!({"name": "d"})).await;
    let volume = admin.find("volume", json!({}), None).await[0].clone();
    let server = admin.find("client", json!({}), Some("type=1")).await[0].clone();
    let acl = admin
        .create("acl", json!({"entity": format!("user:{}", employee.id), "target": format!("share:{}", volume["id"].as_str().unwrap()), "read": true}))
        .await;
    let employee_user = json!({"id": employee.id});

    // (type, entity, harmless update, [admin, employee, standard])
    let matrix: Vec<(&str, &Value, Value, [Expect; 3])> = vec![
        (
            "user",
            &employee_user,
            json!({"description": "x"}),
            [e(true, 200), e(true, 403), e(false, 404)],
        ),
        (
            "transfer",
            &transfer,
            json!({"name": "x"}),
            [e(true, 200), e(true, 200), e(false, 404)],
        ),
        (
            "delivery",
            &delivery,
            json!({"name": "x"}),
            [e(true, 200), e(true, 200), e(false, 404)],
        ),
        (
            "task",
            &task,
            json!({"priority": 5}),
            [e(true, 200), e(true, 200), e(false, 404)],
        ),
        (
            "client",
            &server,
            json!({"description": "x"}),
            [e(true, 200), e(true, 403), e(false, 404)],
        ),
        (
            "volume",
            &volume,
            json!({"name": "x"}),
            [e(true, 200), e(true, 403), e(false, 404)],
        ),
        (
            "acl",
            &acl,
            json!({"read": true}),
            [e(true, 200), e(true, 403), e(false, 404)],
        ),
    ];
    for (ty, entity, update, expected) in &matrix {
        let id = entity["id"].as_str().unwrap();
        for (client, want) in [&admin, &employee, &standard].into_iter().zip(expected) {
            let who = &client.user;
            let found = client
                .ok("GET", &format!("{ty}/find"), json!({}), None, Some(id))
                .await;
            assert_eq!(
                found.as_array().unwrap().len() == 1,
                want.read,
                "{who} read {ty}: {found}"
            );
            let (status, body) = client
                .event("PUT", &format!("{ty}/edit"), update.clone(), None, Some(id))
                .await;
            assert_eq!(status, want.write, "{who} write {ty}: {body}");
            if status != 200 {
                assert!(body["message"].is_string(), "{who} write {ty}: {body}");
            }
        }
    }
    // Standard users do see what is theirs: themselves, their own jobs and
    // deliveries sent to them.
    let mine = standard.create("transfer", json!({"name": "mine"})).await;
    standard
        .ok(
            "PUT",
            "transfer/edit",
            json!({"name": "still mine"}),
            None,
            mine["id"].as_str(),
        )
        .await;
    assert_eq!(
        standard
            .ok("GET", "user/find", json!({}), None, Some(&standard.id))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let for_them = admin
        .create(
            "delivery",
            json!({"name": "for you", "recipients": [STANDARD]}),
        )
        .await;
    assert_eq!(
        standard
            .ok(
                "GET",
                "delivery/find",
                json!({}),
                None,
                for_them["id"].as_str()
            )
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Receiving is not owning: the recipient cannot rename it.
    let (status, _) = standard
        .event(
            "PUT",
            "delivery/edit",
            json!({"name": "x"}),
            None,
            for_them["id"].as_str(),
        )
        .await;
    assert_eq!(status, 403);
}
