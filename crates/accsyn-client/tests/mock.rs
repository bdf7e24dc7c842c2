//! Request sequences checked with mockall: what is sent, in which order, and what is not.

use std::sync::Arc;

use accsyn_client::transport::{ApiRequest, Method, MockTransport, Reply};
use accsyn_client::{Error, Session};
use mockall::Sequence;
use serde_json::json;

const JOB: &str = "0123456789abcdef01234567";
const USER: &str = "6676f3e9c7ef4e27da254e57";

fn session(mock: MockTransport) -> Session {
    Session::builder()
        .transport(Arc::new(mock))
        .build()
        .unwrap()
}

#[tokio::test]
async fn malformed_queries_and_bad_entity_types_send_nothing() {
    // No expectation: any call would panic the mock.
    let s = session(MockTransport::new());
    assert!(matches!(
        s.find("Transfer WHERE (status=done").await,
        Err(Error::Query(_))
    ));
    assert!(matches!(
        s.transfers().find("status=").await,
        Err(Error::Query(_))
    ));
    assert!(matches!(
        s.get_entity("transfer/delete", JOB).await,
        Err(Error::InvalidEntityType { .. })
    ));
    assert!(matches!(
        s.create("Delivery", json!({})).await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn calls_on_one_entity_without_an_id_send_nothing() {
    // No expectation: any call would panic the mock. The transport leaves an empty id out of
    // the envelope, so each of these would otherwise reach the server with no target.
    let s = session(MockTransport::new());
    assert!(matches!(
        s.get_entity("Transfer", "").await,
        Err(Error::Model(_))
    ));
    assert!(matches!(
        s.update("Transfer", "", json!({"status": "paused"})).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        s.delete_one("Transfer", " ").await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        s.deactivate_one("User", "").await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        s.activate_one("User", "").await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn grant_by_email_resolves_the_user_first() {
    let mut mock = MockTransport::new();
    let mut seq = Sequence::new();
    mock.expect_call()
        .withf(|r: &ApiRequest| {
            r.method == Method::Get
                && r.uri == "user/find"
                && r.query.as_deref() == Some("code=lisa@example.com")
        })
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| {
            Ok(Reply::from_result(
                json!([{"id": USER, "code": "lisa@example.com"}]),
            ))
        });
    mock.expect_call()
        .withf(|r: &ApiRequest| {
            r.method == Method::Put
                && r.uri == "job/recipient/add"
                && r.id.as_deref() == Some(JOB)
                && r.data == Some(json!({"recipient": USER, "invite": true}))
        })
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Reply::from_result(json!(true))));
    let s = session(mock);
    assert_eq!(
        s.grant("User", "lisa@example.com", "Delivery", JOB, None)
            .await
            .unwrap(),
        json!(true)
    );
}

#[tokio::test]
async fn revoke_of_someone_not_listed_sends_no_delete() {
    let mut mock = MockTransport::new();
    mock.expect_call()
        .withf(|r: &ApiRequest| r.uri == "job/recipients" && r.id.as_deref() == Some(JOB))
        .times(1)
        .returning(|_| {
            Ok(Reply::from_result(
                json!([{"user": "76543210fedcba9876543210"}]),
            ))
        });
    let s = session(mock);
    assert!(!s.revoke("User", USER, "Delivery", JOB).await.unwrap());
}

#[tokio::test]
async fn a_reply_without_result_is_an_unexpected_reply() {
    let mut mock = MockTransport::new();
    mock.expect_call().returning(|_| Ok(Reply::default()));
    let s = session(mock);
    let err = s.find("Transfer").await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedReply { ref uri, .. } if uri == "transfer/find"),
        "{err:?}"
    );
    // The typed path, which reads the reply's bytes itself, too.
    let err = s.transfers().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedReply { ref uri, .. } if uri == "transfer/find"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_typed_decode_failure_names_the_operation_and_element() {
    let mut mock = MockTransport::new();
    mock.expect_call().returning(|_| {
        Ok(Reply::from_result(
            json!([{"id": JOB, "name": "ok"}, {"id": JOB, "size": "big"}]),
        ))
    });
    let s = session(mock);
    let err = s.transfers().list().await.unwrap_err();
    let Error::Decode {
        uri,
        path,
        expected,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    // The entity is read straight from the reply, so the path reaches the attribute.
    assert_eq!((uri.as_str(), path.as_str()), ("transfer/find", "[1].size"));
    assert_eq!(*expected, "Vec<Transfer>");
}

#[tokio::test]
async fn streaming_pages_stops_after_a_short_page() {
    use futures_util::TryStreamExt;
    let mut mock = MockTransport::new();
    let mut seq = Sequence::new();
    for (skip, len) in [(0u64, 2usize), (2, 2), (4, 1)] {
        mock.expect_call()
            .withf(move |r: &ApiRequest| {
                let data = r.data.clone().unwrap_or_default();
                data["limit"] == 2 && data.get("skip").and_then(|s| s.as_u64()).unwrap_or(0) == skip
            })
            .times(1)
            .in_sequence(&mut seq)
            .returning(move |_| {
                let items: Vec<_> = (0..len)
                    .map(|i| json!({"id": format!("{:024x}", skip as usize + i), "label": format!("u{}", skip as usize + i)}))
                    .collect();
                Ok(Reply::from_result(json!(items)))
            });
    }
    let s = session(mock);
    let users: Vec<_> = s.users().list().stream(2).try_collect().await.unwrap();
    let codes: Vec<_> = users
        .iter()
        .map(|u| u.other["label"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["u0", "u1", "u2", "u3", "u4"]);
}

#[tokio::test]
async fn transfer_tasks_are_found_under_the_job_and_updated_as_a_list() {
    let task = json!({
        "id": "26468234-c9ee-48d6-8d28-e900b5957129",
        "job": JOB,
        "uri": "0",
        "status": "onhold",
        "source": {"client": "5da08873b0eb10fade60b3f7", "path": "A001.mov"},
        "destination": {"client": "5da09b9ae1b3c330746529ec", "path": "/Users/tommy/Downloads/A001.mov"}
    });
    let mut mock = MockTransport::new();
    let found = task.clone();
    mock.expect_call()
        .withf(|r: &ApiRequest| {
            r.uri == "task/find"
                && r.query.as_deref() == Some("status=onhold")
                && r.data == Some(json!({"parent": JOB}))
        })
        .times(1)
        .returning(move |_| Ok(Reply::from_result(json!([found.clone()]))));
    mock.expect_call()
        .withf(|r: &ApiRequest| {
            r.method == Method::Put
                && r.uri == "task/edit"
                && r.id.as_deref() == Some(JOB)
                && r.data == Some(json!([{"uri": "0", "status": "onhold"}]))
        })
        .times(1)
        .returning(move |_| Ok(Reply::from_result(json!([task.clone()]))));
    let s = session(mock);
    let job = JOB.parse().unwrap();
    let tasks = s
        .transfers()
        .find_tasks(&job, "status=onhold")
        .await
        .unwrap();
    assert_eq!(tasks[0].uri.as_deref(), Some("0"));
    let update = accsyn_client::model::TaskUpdate::by_uri("0")
        .with_status(accsyn_client::model::TaskStatus::Onhold);
    let held = s.transfers().update_tasks(&job, &[update]).await.unwrap();
    assert_eq!(
        held[0].status,
        Some(accsyn_client::model::TaskStatus::Onhold)
    );
}

/// A transport that answers every call with the same `result`.
fn answering(result: serde_json::Value) -> Session {
    let mut mock = MockTransport::new();
    mock.expect_call()
        .returning(move |_| Ok(Reply::from_result(result.clone())));
    session(mock)
}

#[tokio::test]
async fn odd_reply_shapes_are_errors_or_empty_answers_never_panics() {
    // A find answered with one object instead of a list: the untyped find is the typed one
    // over JSON, so this is a decode error at `result`.
    let err = answering(json!({"id": JOB}))
        .find("Transfer")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "result"),
        "{err:?}"
    );
    // A typed find reads `result` straight into a list: one that is not a list is a decode
    // error at `result`.
    let err = answering(json!("x"))
        .transfers()
        .list()
        .page()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "result"),
        "{err:?}"
    );

    // A create or edit answered with an empty list: no entity to hand back.
    let delivery = accsyn_client::model::NewDelivery::temporary("x");
    let err = answering(json!([]))
        .deliveries()
        .create(&delivery)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::UnexpectedReply {
                expected: "a non-empty list",
                ..
            }
        ),
        "{err:?}"
    );
    let err = answering(json!([]))
        .update("Transfer", JOB, json!({"status": "paused"}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedReply { .. }), "{err:?}");

    // Entities that are not objects: the raw layer passes them through, the typed one
    // names the element.
    let raw = answering(json!([1, "two", null]))
        .find("Transfer")
        .await
        .unwrap();
    assert_eq!(raw, [json!(1), json!("two"), json!(null)]);
    let err = answering(json!([1])).users().list().await.unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "[0]"),
        "{err:?}"
    );
    assert_eq!(
        answering(json!(["x"])).find_one("User").await.unwrap(),
        Some(json!("x"))
    );
}

#[tokio::test]
async fn lookups_answered_with_non_objects_send_nothing_further() {
    // A user lookup whose entities carry no id: the user is not found, and no grant is sent
    // (the mock answers only the one find).
    let mut mock = MockTransport::new();
    mock.expect_call()
        .withf(|r: &ApiRequest| r.uri == "user/find")
        .times(1)
        .returning(|_| Ok(Reply::from_result(json!([1, "x"]))));
    let err = session(mock)
        .grant(
            "User",
            "lisa@example.com",
            "Folder",
            JOB,
            Some(json!({"invite": false})),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");

    // An ACL lookup answered with non-objects: nothing to revoke, no delete sent.
    let mut mock = MockTransport::new();
    mock.expect_call()
        .withf(|r: &ApiRequest| r.uri == "acl/find")
        .times(1)
        .returning(|_| Ok(Reply::from_result(json!([null, 3]))));
    assert!(
        !session(mock)
            .revoke("User", USER, "Folder", JOB)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_server_that_ignores_skip_ends_the_stream_instead_of_repeating_forever() {
    use futures_util::StreamExt;
    // Every page is the same full page, whatever `skip` says.
    let s = answering(json!([{"id": USER, "label": "u0"}, {"id": JOB, "label": "u1"}]));
    let read: Vec<_> = s.users().list().stream(2).take(10).collect().await;
    assert_eq!(read.len(), 3, "{read:?}");
    assert!(read[..2].iter().all(Result::is_ok));
    assert!(
        matches!(&read[2], Err(Error::UnexpectedReply { uri, .. }) if uri == "user/find"),
        "{:?}",
        read[2]
    );
}

#[tokio::test]
async fn access_and_revoke_need_an_entity_id_as_target() {
    // No expectation: any call would panic the mock. Without the check a blank target sent
    // job/recipients with no id, or looked up the ACLs of `share:`.
    let s = session(MockTransport::new());
    for target in ["", "  ", "projects"] {
        assert!(
            matches!(s.access("Folder", target).await, Err(Error::Model(_))),
            "{target:?}"
        );
        assert!(
            matches!(
                s.revoke("User", USER, "Delivery", target).await,
                Err(Error::Model(_))
            ),
            "{target:?}"
        );
    }
}

#[tokio::test]
async fn ids_and_codes_are_trimmed_and_lowercased_as_the_official_client_does() {
    let mut mock = MockTransport::new();
    let mut seq = Sequence::new();
    mock.expect_call()
        .withf(|r: &ApiRequest| {
            r.uri == "user/find" && r.query.as_deref() == Some("code=lisa@example.com")
        })
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Reply::from_result(json!([{"id": USER}]))));
    mock.expect_call()
        .withf(|r: &ApiRequest| {
            r.uri == "job/recipient/add"
                && r.id.as_deref() == Some(JOB)
                && r.data == Some(json!({"recipient": USER, "invite": false}))
        })
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Reply::from_result(json!(true))));
    mock.expect_call()
        .withf(|r: &ApiRequest| r.uri == "job/recipients" && r.id.as_deref() == Some(JOB))
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Reply::from_result(json!([{"user": USER}]))));
    let s = session(mock);
    let upper_job = format!(" {} ", JOB.to_uppercase());
    s.grant(
        "User",
        " Lisa@Example.com ",
        "Delivery",
        &upper_job,
        Some(json!({"invite": false})),
    )
    .await
    .unwrap();
    assert_eq!(s.access("Delivery", &upper_job).await.unwrap().len(), 1);
}

/// What [`shape`] reads off a request.
type Shape = (
    Method,
    String,
    Option<serde_json::Value>,
    Option<String>,
    Option<String>,
);

/// A session whose transport expects exactly these requests, in this order, answering each
/// with its `result`.
fn scripted(expected: Vec<Shape>, answers: impl IntoIterator<Item = serde_json::Value>) -> Session {
    let mut mock = MockTransport::new();
    let mut order = Sequence::new();
    for (want, answer) in expected.into_iter().zip(answers) {
        mock.expect_call()
            .times(1)
            .in_sequence(&mut order)
            .withf(move |r| shape(r) == want)
            .returning(move |_| Ok(Reply::from_result(answer.clone())));
    }
    session(mock)
}

/// `(method, uri, data, query, id)` of a request, to compare in one assertion.
fn shape(r: &ApiRequest) -> Shape {
    (
        r.method,
        r.uri.clone(),
        r.data.clone(),
        r.query.clone(),
        r.id.clone(),
    )
}

#[tokio::test]
async fn wait_for_reads_the_job_by_id_until_it_has_the_status() {
    use accsyn_client::model::JobStatus;

    let mut mock = MockTransport::new();
    let mut order = Sequence::new();
    for status in ["running", "done"] {
        mock.expect_call()
            .times(1)
            .in_sequence(&mut order)
            .withf(|r| {
                shape(r)
                    == (
                        Method::Get,
                        "transfer/find".into(),
                        Some(json!({})),
                        None,
                        Some(JOB.into()),
                    )
            })
            .returning(move |_| {
                Ok(Reply::from_result(
                    json!([{"id": JOB, "status": status, "progress": 50}]),
                ))
            });
    }
    let done = session(mock)
        .transfers()
        .wait_for(&JOB.parse().unwrap(), JobStatus::Done)
        .poll_interval(std::time::Duration::from_millis(10))
        .await
        .unwrap();
    assert_eq!(done.status, Some(JobStatus::Done));
}

#[tokio::test]
async fn untyped_finds_and_typed_share_grants_send_the_official_shapes() {
    use accsyn_client::model::AclGrant;

    let mut mock = MockTransport::new();
    let mut order = Sequence::new();
    mock.expect_call()
        .times(1)
        .in_sequence(&mut order)
        .withf(|r| {
            shape(r)
                == (
                    Method::Get,
                    "queue/find".into(),
                    Some(json!({"limit": 2})),
                    Some("code=Render".into()),
                    None,
                )
        })
        .returning(|_| Ok(Reply::from_result(json!([{"id": JOB, "code": "Render"}]))));
    mock.expect_call()
        .times(1)
        .in_sequence(&mut order)
        .withf(|r| {
            shape(r)
                == (
                    Method::Post,
                    "acl/create".into(),
                    Some(json!({
                        "entity": format!("user:{USER}"), "target": format!("share:{JOB}"),
                        "invite": false, "read": true, "write": false, "notify": true,
                        "message": "", "path": "renders"
                    })),
                    None,
                    None,
                )
        })
        .returning(|_| Ok(Reply::from_result(json!([{"id": USER, "read": true}]))));
    let s = session(mock);
    let queues = s
        .entities("Queue")
        .find("CODE=Render")
        .limit(2)
        .await
        .unwrap();
    assert_eq!(queues[0]["code"], "Render");
    let grant = AclGrant::read_only().with_path("renders").with_notify(true);
    let acl = s
        .folders()
        .grant(&JOB.parse().unwrap(), USER, &grant, false)
        .await
        .unwrap();
    assert_eq!(acl.read, Some(true));
}

#[tokio::test]
async fn statuses_the_server_sets_are_refused_before_anything_is_sent() {
    use accsyn_client::model::{
        DeliveryStatus, JobStatus, ShareStatus, TaskStatus, TaskUpdate, VolumeStatus,
    };
    // No expectation: any call would panic the mock.
    let s = session(MockTransport::new());
    let id = JOB.parse().unwrap();
    let refused = |r: Result<(), Error>| {
        assert!(matches!(r, Err(Error::StatusNotSettable { .. })), "{r:?}");
    };
    refused(
        s.transfers()
            .set_status(&id, JobStatus::Running)
            .await
            .map(drop),
    );
    refused(
        s.deliveries()
            .set_status(&id, DeliveryStatus::Waiting)
            .await
            .map(drop),
    );
    refused(
        s.requests()
            .set_status(&id, DeliveryStatus::Waiting)
            .await
            .map(drop),
    );
    refused(
        s.volumes()
            .set_status(&id, VolumeStatus::Offline)
            .await
            .map(drop),
    );
    refused(
        s.folders()
            .set_status(&id, ShareStatus::Offline)
            .await
            .map(drop),
    );
    let running = [TaskUpdate::by_uri("0").with_status(TaskStatus::Executing)];
    refused(s.transfers().update_tasks(&id, &running).await.map(drop));
    // The generic update and the flat call check the same table.
    refused(
        s.transfers()
            .update(&id, &json!({"status": "running"}))
            .await
            .map(drop),
    );
    refused(
        s.update("Volume", JOB, json!({"status": "offline", "name": "x"}))
            .await
            .map(drop),
    );
    refused(
        s.entities("Delivery")
            .update(&id, &json!({"status": "waiting"}))
            .await
            .map(drop),
    );
}

#[tokio::test]
async fn updates_with_a_writeable_or_unknown_status_are_sent() {
    let mut mock = MockTransport::new();
    mock.expect_call()
        .times(2)
        .withf(|r: &ApiRequest| r.method == Method::Put && r.uri == "transfer/edit")
        .returning(|r| {
            let status = r.data.as_ref().unwrap()["status"].clone();
            Ok(Reply::from_result(json!([{"id": JOB, "status": status}])))
        });
    let s = session(mock);
    let id = JOB.parse().unwrap();
    let paused = s
        .transfers()
        .update(&id, &json!({"status": "paused"}))
        .await
        .unwrap();
    assert_eq!(paused.status, Some(accsyn_client::model::JobStatus::Paused));
    // A status a newer backend may know is the server's to judge.
    s.update("Transfer", JOB, json!({"status": "archiving"}))
        .await
        .unwrap();
}

#[tokio::test]
async fn storage_workflows_send_the_official_shapes() {
    use accsyn_client::model::{NewCollectionFiles, PublishEntry, RemoveCollectionFiles};

    const SERVER: &str = "5da08873b0eb10fade60b3f7";
    const FILE: &str = "12d89033-2a8c-4029-992b-3a02b4ecc2cd";
    let expected = vec![
        (
            Method::Get,
            "file/find".to_owned(),
            Some(json!({"parent": JOB})),
            None,
            None,
        ),
        (
            Method::Post,
            "file/add".to_owned(),
            Some(json!({"files": ["share=theproject/ref/mp_ref.tif"]})),
            None,
            Some(JOB.to_owned()),
        ),
        (
            Method::Delete,
            "collection/file/remove".to_owned(),
            Some(json!({"files": [FILE]})),
            None,
            Some(JOB.to_owned()),
        ),
        (
            Method::Get,
            "volume/servers".to_owned(),
            Some(json!({})),
            None,
            Some(JOB.to_owned()),
        ),
        (
            Method::Put,
            "share/server".to_owned(),
            Some(json!({"client": SERVER})),
            None,
            Some(JOB.to_owned()),
        ),
        (
            Method::Delete,
            "volume/server".to_owned(),
            Some(json!({"client": SERVER})),
            None,
            Some(JOB.to_owned()),
        ),
        (
            Method::Put,
            "workspace/publish/preprocess".to_owned(),
            Some(
                json!({"files": [{"id": FILE, "filename": "first_file", "size": 10240, "is_dir": false}], "size": 10240}),
            ),
            None,
            None,
        ),
    ];
    let answers = [
        json!([{"id": FILE, "path": "share=theproject/ref/mp_ref.tif"}]),
        json!({"id": FILE, "path": "share=theproject/ref/mp_ref.tif"}),
        json!(true),
        json!([{"client": SERVER}]),
        json!(true),
        json!(true),
        json!({"files": [{"id": FILE, "filename": "first_file", "can_upload": true}], "comment": true}),
    ];
    let s = scripted(expected, answers);
    let id = JOB.parse().unwrap();
    let server = SERVER.parse().unwrap();
    let collections = s.collections();
    assert_eq!(collections.files(&id).await.unwrap().len(), 1);
    let add =
        NewCollectionFiles::new(vec!["share=theproject/ref/mp_ref.tif".parse().unwrap()]).unwrap();
    assert_eq!(collections.add_files(&id, &add).await.unwrap().len(), 1);
    let remove = RemoveCollectionFiles::new(vec![FILE.parse().unwrap()]);
    assert!(collections.remove_files(&id, &remove).await.unwrap());
    assert_eq!(s.volumes().servers(&id).await.unwrap().len(), 1);
    s.volumes().assign_server(&id, &server).await.unwrap();
    s.volumes().deassign_server(&id, &server).await.unwrap();
    let mut entry = PublishEntry::file("first_file", 10240);
    entry.id = FILE.parse().unwrap();
    let answer = s.pre_publish(vec![entry]).await.unwrap();
    assert_eq!(answer.files[0].can_upload, Some(true));
    assert_eq!(answer.comment, Some(true));
}

#[tokio::test]
async fn typed_file_operations_settings_and_publish_jobs_send_the_official_shapes() {
    use accsyn_client::model::{JobHook, NewTransfer, PrePublishAnswer, TaskEntry, TransferTask};

    const TASK: &str = "33d59998-c980-4b82-9f6d-06ce27201d26";
    let ls = json!({"op": "ls", "path": "share=p", "download": true, "recursive": true,
                    "getsize": false, "files_only": true});
    let answer: PrePublishAnswer =
        serde_json::from_value(json!({"files": [{"id": TASK, "filename": "first_file"}]})).unwrap();
    let expected = vec![
        (Method::Get, "workspace/file", Some(ls), None),
        (
            Method::Get,
            "workspace/file",
            Some(json!({"op": "getsize", "path": "share=p"})),
            None,
        ),
        (
            Method::Get,
            "workspace/file",
            Some(json!({"op": "exists", "path": "share=p/a"})),
            None,
        ),
        (
            Method::Post,
            "workspace/file",
            Some(json!({"op": "mkdir", "path": "share=p/d"})),
            None,
        ),
        (
            Method::Put,
            "workspace/file",
            Some(json!({"op": "rename", "path": "share=p/d", "path_to": "share=p/e"})),
            None,
        ),
        (
            Method::Put,
            "workspace/file",
            Some(json!({"op": "move", "path": "share=p/e", "path_to": "share=q/e"})),
            None,
        ),
        (
            Method::Post,
            "workspace/file",
            Some(json!({"op": "delete", "path": "share=q/e", "force": true})),
            None,
        ),
        (
            Method::Get,
            "setting",
            Some(json!({"entitytype": "volume", "name": "transfer_speed_limit", "data": null})),
            Some(JOB),
        ),
        (
            Method::Get,
            "setting",
            Some(
                json!({"entitytype": "workspace", "recursive": false, "upstream": false,
                        "omit_defaults": true}),
            ),
            None,
        ),
        (
            Method::Put,
            "setting",
            Some(json!({"entitytype": "workspace", "name": "notify", "value": "false"})),
            None,
        ),
        (
            Method::Delete,
            "setting",
            Some(json!({"entitytype": "workspace", "name": "notify"})),
            None,
        ),
        (
            Method::Post,
            "job/create",
            Some(
                json!({"tasks": [{"id": TASK, "source": "/Volumes/NAS01/first_file"}],
                        "code": "abcd1234_publish",
                        "hooks": [{"when": "hook-job-publish-server",
                                   "data": {"files": [{"id": TASK, "filename": "first_file"}]}}]}),
            ),
            None,
        ),
    ];
    let answers = [
        json!({"path": "share=p", "files": [{"filename": "a", "is_dir": false, "size": 3}]}),
        json!({"size": 3, "files": 1, "directories": 0}),
        json!(true),
        json!(true),
        json!(true),
        json!(true),
        json!(true),
        json!("0"),
        json!({"notify": "true"}),
        json!(true),
        json!(false),
        json!([{"id": JOB, "code": "abcd1234_publish"}]),
    ];
    let expected = expected
        .into_iter()
        .map(|(method, uri, data, id)| (method, uri.to_owned(), data, None, id.map(str::to_owned)))
        .collect();
    let s = scripted(expected, answers);
    let files = s.files();
    let listing = files
        .ls("share=p")
        .recursive(true)
        .files_only()
        .await
        .unwrap();
    assert_eq!(listing.files[0].size, Some(3));
    assert_eq!(files.getsize("share=p").await.unwrap().files, Some(1));
    assert!(files.exists("share=p/a").await.unwrap());
    files.mkdir("share=p/d").await.unwrap();
    files.rename("share=p/d", "share=p/e").await.unwrap();
    files.mv("share=p/e", "share=q/e").await.unwrap();
    files.delete("share=q/e", true).await.unwrap();
    let id = JOB.parse().unwrap();
    assert_eq!(
        s.volumes()
            .settings(&id)
            .get("transfer_speed_limit")
            .await
            .unwrap(),
        Some(json!("0"))
    );
    let workspace = s.workspace_settings();
    assert_eq!(workspace.all().await.unwrap()["notify"], "true");
    assert!(workspace.set("notify", "false").await.unwrap());
    assert!(!workspace.delete("notify").await.unwrap());
    let job = NewTransfer::list([TaskEntry::Task(TransferTask::with_id(
        TASK.parse().unwrap(),
        "/Volumes/NAS01/first_file".parse().unwrap(),
    ))])
    .with_code("abcd1234_publish")
    .with_hook(JobHook::publish(&answer));
    assert_eq!(
        s.jobs().create(&job).await.unwrap().code.as_deref(),
        Some("abcd1234_publish")
    );
}

/// A request shape with an owned uri, for the tables below.
fn req(
    method: Method,
    uri: &str,
    data: serde_json::Value,
    query: Option<&str>,
    id: Option<&str>,
) -> Shape {
    (
        method,
        uri.to_owned(),
        Some(data),
        query.map(str::to_owned),
        id.map(str::to_owned),
    )
}

#[tokio::test]
async fn the_untyped_handler_and_the_share_lifecycles_send_the_official_shapes() {
    use accsyn_client::model::{NewVolume, ShareStatus};

    const SERVER: &str = "5da08873b0eb10fade60b3f7";
    let volume = NewVolume::new("Assets", SERVER.parse().unwrap()).with_code("assets");
    let volume_data = serde_json::to_value(&volume).unwrap();
    let create_queue = req(
        Method::Post,
        "queue/create",
        json!({"code": "renders"}),
        None,
        None,
    );
    let deactivate_queue = req(
        Method::Delete,
        "queue/deactivate",
        json!({}),
        None,
        Some(JOB),
    );
    let expected = vec![
        create_queue.clone(),
        deactivate_queue.clone(),
        // By code, trimmed and lowercased, in `query`.
        req(
            Method::Post,
            "user/activate",
            json!({}),
            Some("lisa@example.com"),
            None,
        ),
        req(
            Method::Delete,
            "volume/delete",
            json!({"force": true}),
            None,
            Some(JOB),
        ),
        req(Method::Post, "volume/create", volume_data, None, None),
        req(
            Method::Delete,
            "folder/deactivate",
            json!({}),
            None,
            Some(JOB),
        ),
        req(Method::Post, "folder/activate", json!({}), None, Some(JOB)),
        req(
            Method::Put,
            "folder/edit",
            json!({"status": "disabled"}),
            None,
            Some(JOB),
        ),
        req(
            Method::Put,
            "volume/edit",
            json!({"name": "Assets 2", "paths": {"linux": "/assets2"}}),
            None,
            Some(JOB),
        ),
        // The flat calls are the same requests.
        create_queue,
        deactivate_queue,
    ];
    let queue = json!([{"id": JOB, "code": "renders"}]);
    let answers = [
        queue.clone(),
        json!(true),
        json!(true),
        json!(true),
        json!([{"id": JOB, "code": "assets", "name": "Assets"}]),
        json!(true),
        json!(true),
        json!([{"id": JOB, "status": "disabled"}]),
        json!([{"id": JOB, "name": "Assets 2"}]),
        queue,
        json!(true),
    ];
    let s = scripted(expected, answers);
    let id = JOB.parse().unwrap();
    let queues = s.entities("Queue");
    assert_eq!(
        queues.create(json!({"code": "renders"})).await.unwrap()["code"],
        "renders"
    );
    assert_eq!(queues.deactivate(&id).await.unwrap(), json!(true));
    assert_eq!(
        s.entities("User")
            .activate(" Lisa@Example.com\n")
            .await
            .unwrap(),
        json!(true)
    );
    s.volumes()
        .delete_with(&id, &json!({"force": true}))
        .await
        .unwrap();
    assert_eq!(
        s.volumes().create(&volume).await.unwrap().code.as_deref(),
        Some("assets")
    );
    s.folders().deactivate(&id).await.unwrap();
    s.folders().activate(&id).await.unwrap();
    let disabled = s
        .folders()
        .set_status(&id, ShareStatus::Disabled)
        .await
        .unwrap();
    assert_eq!(disabled.status, Some(ShareStatus::Disabled));
    let changes = accsyn_client::model::ShareChanges::new()
        .name("Assets 2")
        .path("linux", "/assets2");
    let renamed = s.volumes().update(&id, &changes).await.unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Assets 2"));
    s.create("Queue", json!({"code": "renders"})).await.unwrap();
    s.deactivate_one("Queue", JOB).await.unwrap();
    // Options that are not an object are refused before anything is sent.
    let err = s.volumes().delete_with(&id, &json!([1])).await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err}");
}

#[tokio::test]
async fn recipients_and_added_tasks_send_the_official_shapes() {
    use accsyn_client::model::{NewTasks, TaskEntry};

    let tasks = NewTasks::many([TaskEntry::Path("share=projects/b.mov".parse().unwrap())]);
    let expected = vec![
        req(
            Method::Put,
            "job/recipient/add",
            json!({"recipient": USER, "invite": true}),
            None,
            Some(JOB),
        ),
        req(Method::Get, "job/recipients", json!({}), None, Some(JOB)),
        // Removing looks the recipient up first, then removes them.
        req(Method::Get, "job/recipients", json!({}), None, Some(JOB)),
        req(
            Method::Delete,
            "job/recipient",
            json!({"recipient": USER}),
            None,
            Some(JOB),
        ),
        req(
            Method::Post,
            "task/create",
            serde_json::to_value(&tasks).unwrap(),
            None,
            Some(JOB),
        ),
    ];
    let listed = json!([{"user": USER, "user_hr": "lisa@example.com", "actioned": false}]);
    let answers = [
        json!(true),
        listed.clone(),
        listed,
        json!(true),
        json!({"id": "cc5f2afa-9ae4-46e0-9273-82ac802b20ff", "uri": "1", "status": "queued"}),
    ];
    let s = scripted(expected, answers);
    let id = JOB.parse().unwrap();
    let deliveries = s.deliveries();
    // An unsubmitted delivery answers `true`: no recipient entity yet.
    assert_eq!(
        deliveries.add_recipient(&id, USER, true).await.unwrap(),
        None
    );
    let recipients = deliveries.recipients(&id).await.unwrap();
    assert_eq!(recipients[0].actioned, Some(false));
    assert!(deliveries.remove_recipient(&id, USER).await.unwrap());
    let added = s.transfers().add_tasks(&id, &tasks).await.unwrap();
    assert_eq!(added[0].uri.as_deref(), Some("1"));
}

#[tokio::test]
async fn wait_for_reports_progress_and_gives_up_at_its_timeout() {
    use accsyn_client::model::JobStatus;
    use std::sync::Mutex;
    use std::time::Duration;

    let mut mock = MockTransport::new();
    mock.expect_call()
        .withf(|r| shape(r) == req(Method::Get, "transfer/find", json!({}), None, Some(JOB)))
        .returning(|_| {
            Ok(Reply::from_result(
                json!([{"id": JOB, "status": "running", "progress": 40, "speed": 12.5, "etr": 90}]),
            ))
        });
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let err = session(mock)
        .transfers()
        .wait_for(&JOB.parse().unwrap(), JobStatus::Done)
        .poll_interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(30))
        .on_progress(move |p| sink.lock().unwrap().push(p.to_string()))
        .await
        .unwrap_err();
    match err {
        Error::WaitTimedOut { status, target, .. } => {
            assert_eq!((status.as_str(), target.as_str()), ("running", "done"));
        }
        other => panic!("{other:?}"),
    }
    let seen = seen.lock().unwrap();
    assert!(!seen.is_empty());
    assert_eq!(seen[0], "running 40% 12.5 MB/s 1m 30s left");
}
