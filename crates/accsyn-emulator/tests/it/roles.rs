//! The role matrix: admin, employee, standard × read/write of each entity type.

use serde_json::{Value, json};

use accsyn_emulator::SeedVolume;

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

/// An employee whose only grant is read on `projects`.
const READER: &str = "reader@acme.test";

async fn start_with_two_volumes() -> accsyn_emulator::Emulator {
    let mut projects = SeedVolume::new("projects");
    projects.default = true;
    accsyn_emulator::Emulator::builder()
        .seed(
            seed()
                .user(accsyn_emulator::SeedUser::new(READER, Role::Employee))
                .volume(projects)
                .volume(SeedVolume::new("assets"))
                .storage_file("assets/logo.png", 10),
        )
        .time_scale(0.0)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn role_matrix_for_every_entity_type() {
    let emu = start_with_two_volumes().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let reader = Client::login(&emu, READER).await;
    let standard = Client::login(&emu, STANDARD).await;
    // The employee may read and write `projects`, the reader (an employee)
    // and the standard user only read it; nobody but the admin has `assets`.
    let acl = grant(&admin, &employee.id, "projects", true, true).await;
    grant(&admin, &reader.id, "projects", true, false).await;
    grant(&admin, &standard.id, "projects", true, false).await;

    // Entities that belong to the admin (or to nobody), none shared with the
    // standard user.
    let on_projects = admin
        .create("transfer", json!({"name": "t", "tasks": [{"source": "share=projects/a.mov", "destination": "/tmp/a.mov"}]}))
        .await;
    let on_assets = admin
        .create("transfer", json!({"name": "t2", "tasks": [{"source": "share=assets/logo.png", "destination": "/tmp/logo.png"}]}))
        .await;
    // Only desktop-app paths: no volume reaches it.
    let client_only = admin
        .create(
            "transfer",
            json!({"source": "/Volumes/x/a.mov", "destination": "/tmp/a.mov"}),
        )
        .await;
    let task = admin
        .find("task", json!({"parent": on_projects["id"]}), None)
        .await[0]
        .clone();
    let assets_task = admin
        .find("task", json!({"parent": on_assets["id"]}), None)
        .await[0]
        .clone();
    let delivery = admin
        .create(
            "delivery",
            json!({"name": "d", "tasks": ["delivery/a.mov"]}),
        )
        .await;
    let assets_delivery = admin
        .create(
            "delivery",
            json!({"name": "d2", "tasks": ["volume=assets/logo.png"]}),
        )
        .await;
    let temporary = admin.create("delivery", json!({"name": "temp"})).await;
    let projects = admin.find("volume", json!({}), Some("code=projects")).await[0].clone();
    let assets = admin.find("volume", json!({}), Some("code=assets")).await[0].clone();
    let server = admin.find("client", json!({}), Some("type=1")).await[0].clone();
    let employee_user = json!({"id": employee.id});

    // (type, entity, harmless update, [admin, employee, reader, standard]):
    // read on a volume shows the jobs on it, only write lets one change them.
    let matrix: Vec<(&str, &Value, Value, [Expect; 4])> = vec![
        (
            "user",
            &employee_user,
            json!({"description": "x"}),
            [e(true, 200), e(true, 403), e(true, 403), e(false, 404)],
        ),
        (
            "transfer",
            &on_projects,
            json!({"name": "x"}),
            [e(true, 200), e(true, 200), e(true, 403), e(false, 404)],
        ),
        (
            "transfer",
            &on_assets,
            json!({"name": "x"}),
            [e(true, 200), e(false, 404), e(false, 404), e(false, 404)],
        ),
        (
            "transfer",
            &client_only,
            json!({"name": "x"}),
            [e(true, 200), e(false, 404), e(false, 404), e(false, 404)],
        ),
        (
            "delivery",
            &delivery,
            json!({"name": "x"}),
            [e(true, 200), e(true, 200), e(true, 403), e(false, 404)],
        ),
        (
            "delivery",
            &assets_delivery,
            json!({"name": "x"}),
            [e(true, 200), e(false, 404), e(false, 404), e(false, 404)],
        ),
        (
            "delivery",
            &temporary,
            json!({"name": "x"}),
            [e(true, 200), e(false, 404), e(false, 404), e(false, 404)],
        ),
        (
            "task",
            &task,
            json!({"priority": 5}),
            [e(true, 200), e(true, 200), e(true, 403), e(false, 404)],
        ),
        (
            "task",
            &assets_task,
            json!({"priority": 5}),
            [e(true, 200), e(false, 404), e(false, 404), e(false, 404)],
        ),
        (
            "client",
            &server,
            json!({"description": "x"}),
            [e(true, 200), e(true, 403), e(true, 403), e(false, 404)],
        ),
        (
            "volume",
            &projects,
            json!({"name": "x"}),
            [e(true, 200), e(true, 403), e(true, 403), e(true, 403)],
        ),
        (
            "volume",
            &assets,
            json!({"name": "x"}),
            [e(true, 200), e(false, 404), e(false, 404), e(false, 404)],
        ),
        (
            "acl",
            &acl,
            json!({"read": true}),
            [e(true, 200), e(true, 403), e(false, 404), e(false, 404)],
        ),
    ];
    for (ty, entity, update, expected) in &matrix {
        let id = entity["id"].as_str().unwrap();
        for (client, want) in [&admin, &employee, &reader, &standard]
            .into_iter()
            .zip(expected)
        {
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

#[tokio::test]
async fn new_jobs_need_grants_on_the_volumes_they_touch() {
    let emu = start_with_two_volumes().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let standard = Client::login(&emu, STANDARD).await;
    grant(&admin, &employee.id, "projects", true, true).await;
    grant(&admin, &standard.id, "projects", true, false).await;

    // Reading a granted volume: a download works for both.
    for c in [&employee, &standard] {
        c.create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}),
        )
        .await;
    }
    // Writing needs `write`: the employee may upload, the standard user not.
    employee
        .create(
            "transfer",
            json!({"source": "/tmp/x.mov", "destination": "share=projects/in/x.mov"}),
        )
        .await;
    let msg = standard
        .fails(
            "POST",
            "transfer/create",
            json!({"source": "/tmp/x.mov", "destination": "share=projects/in/x.mov"}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("granted"), "{msg}");
    // An ungranted volume is refused to both, in creates and in added tasks.
    for c in [&employee, &standard] {
        let (status, body) = c
            .event(
                "POST",
                "transfer/create",
                json!({"source": "share=assets/logo.png", "destination": "/tmp/l.png"}),
                None,
                None,
            )
            .await;
        assert_eq!(status, 403, "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("assets"),
            "{body}"
        );
        let (status, _) = c
            .event(
                "POST",
                "delivery/create",
                json!({"name": "d", "tasks": ["volume=assets/logo.png"], "recipients": [ADMIN]}),
                None,
                None,
            )
            .await;
        assert_eq!(status, 403);
    }
    let own = employee.create("transfer", json!({"name": "mine"})).await;
    employee
        .fails(
            "POST",
            "task/create",
            json!({"tasks": [{"source": "share=assets/logo.png", "destination": "/tmp/l.png"}]}),
            None,
            own["id"].as_str(),
        )
        .await;
    // Finds show a role only what it may read: its volumes and jobs.
    assert_eq!(employee.find("volume", json!({}), None).await.len(), 1);
    assert_eq!(standard.find("volume", json!({}), None).await.len(), 1);
    assert_eq!(admin.find("volume", json!({}), None).await.len(), 2);
    let mine = standard.find("transfer", json!({}), None).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    // The employee sees their three own jobs and the standard user's
    // download from `projects`, which their grant reaches.
    assert_eq!(employee.find("transfer", json!({}), None).await.len(), 4);
    // Staff cannot administer volumes or grants.
    employee
        .fails(
            "POST",
            "acl/create",
            json!({"entity": format!("user:{}", employee.id), "target": "share:x", "read": true}),
            None,
            None,
        )
        .await;
    employee
        .fails("POST", "volume/create", json!({"code": "mine"}), None, None)
        .await;
}
