//! Every JSON example of the product documents, deserialized into its typed struct and
//! serialized back to an equal JSON value.

use std::path::PathBuf;

use accsyn_model::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture_text(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Deserializes fixture `name` as `T`, checks it serializes back to the same JSON value, and
/// returns the typed value for further checks. Both decoding paths are checked: from the
/// text, as a transport decodes a reply, and from a `Value`, as the raw escape hatch does.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(name: &str) -> T {
    let original = fixture(name);
    let typed: T = serde_json::from_value(original.clone()).unwrap_or_else(|e| {
        panic!(
            "{name} does not deserialize as {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let from_text: T = serde_json::from_str(&fixture_text(name))
        .unwrap_or_else(|e| panic!("{name} does not decode from its text: {e}"));
    assert_eq!(
        from_text, typed,
        "{name} decodes differently from text and from a Value"
    );
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        back,
        original,
        "{name} changed in a round trip through {}",
        std::any::type_name::<T>()
    );
    let back_text: Value = serde_json::from_str(&serde_json::to_string(&typed).unwrap()).unwrap();
    assert_eq!(back_text, original, "{name} changed when written as text");
    typed
}

/// Reads update payload `name` (the attributes an update sets) as the entity it changes,
/// checking that it writes back unchanged. A payload has no id, and an entity the server
/// returned always has one: an id is lent for the read and taken back after.
fn update_round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = fixture(name);
    let mut lent = original.clone();
    lent["id"] = Value::String("61779c54b80099ea066b0604".to_owned());
    let typed: T = serde_json::from_value(lent).unwrap_or_else(|e| {
        panic!(
            "{name} does not deserialize as {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let mut back = serde_json::to_value(&typed).unwrap();
    back.as_object_mut().unwrap().remove("id");
    assert_eq!(back, original, "{name} changed in a round trip");
    typed
}

#[test]
fn every_fixture_is_covered_by_a_test() {
    // Keeps a new fixture from sitting untested: each must be named in this file.
    let source = include_str!("mod.rs");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(stem) = name.strip_suffix(".json") {
            assert!(
                source.contains(&format!("\"{stem}\"")),
                "fixture {name} has no test"
            );
        }
    }
}

#[test]
fn transfer() {
    let t: Transfer = round_trip("transfer");
    assert_eq!(t.status, Some(JobStatus::Aborted));
    assert_eq!(t.id.as_str(), "6971e16fceadd67b955b1995");
    assert_eq!(
        t.finished,
        Some(Some(Timestamp::parse("2026-01-22T08:43:05").unwrap()))
    );
    assert_eq!(t.speed_mb_per_s(), Some(-1.0));
    assert_eq!(t.source_ref().unwrap().unwrap().kind, EntityType::Workspace);
    let to = t.destination_hr_ref().unwrap().unwrap();
    assert_eq!(
        (to.label.as_str(), to.role.as_deref()),
        ("lisa@example.com", Some("standard"))
    );
    assert!(
        t.other.is_empty(),
        "every documented attribute has a field: {:?}",
        t.other
    );
}

#[test]
fn transfer_updates() {
    let resume: Transfer = update_round_trip("transfer_update_resume");
    assert!(resume.status.unwrap().is_writeable());
    let abort: Transfer = update_round_trip("transfer_update_abort");
    assert_eq!(abort.status, Some(JobStatus::Aborted));
    let payload = fixture("transfer_update_resume");
    EntityType::Transfer
        .check_update(payload.as_object().unwrap())
        .unwrap();
}

#[test]
fn task() {
    let t: Task = round_trip("task");
    assert_eq!(t.status, Some(TaskStatus::Queued));
    assert_eq!(t.id.to_string(), "26468234-c9ee-48d6-8d28-e900b5957129");
    let source = t.source.as_ref().unwrap();
    assert_eq!(
        source.path_abs_final.as_deref(),
        Some("X:\\A001_C011_09187Ia.mov")
    );
    assert_eq!(source.volume.unwrap().as_str(), "5c5bf52a1da7ee0165105b85");
    assert_eq!(t.job_hr_ref().unwrap().unwrap().role.as_deref(), Some("7"));
    assert!(t.other.is_empty() && source.other.is_empty());
}

#[test]
fn transfer_creates() {
    let download: NewTransfer = round_trip("transfer_create_download");
    assert_eq!(download.status, Some(JobStatus::Paused));
    let TransferTasks::Single {
        source: Some(source),
        destination: Some(destination),
    } = &download.tasks
    else {
        panic!("expected the single form: {download:?}");
    };
    assert!(matches!(
        source.path(),
        Some(PathSpec::Share {
            kind: ShareKind::Share,
            ..
        })
    ));
    assert!(matches!(destination.path(), Some(PathSpec::Absolute(_))));

    let to_client: NewTransfer = round_trip("transfer_create_download_client");
    let TransferTasks::Single {
        destination: Some(destination),
        ..
    } = &to_client.tasks
    else {
        panic!("expected the single form");
    };
    assert!(matches!(destination.party(), Some(Party::Client(_))));
}

#[test]
fn task_creates_and_updates() {
    let paths: NewTasks = round_trip("task_create_paths");
    assert!(
        matches!(&paths.tasks, NewTaskEntries::Many(list) if matches!(list[..], [TaskEntry::Path(_)]))
    );
    let single: NewTasks = round_trip("task_create_single");
    assert!(
        matches!(&single.tasks, NewTaskEntries::One(task) if task.source.is_some() && task.destination.is_some())
    );
    let updates: Vec<TaskUpdate> = round_trip("task_update");
    assert_eq!(updates[0].status, Some(TaskStatus::Onhold));
}

#[test]
fn delivery_creates() {
    let temporary: NewDelivery = round_trip("delivery_create_temporary");
    assert!(temporary.recipients.is_none() && temporary.tasks.is_none());
    let with_recipients: NewDelivery = round_trip("delivery_create_with_recipients");
    assert_eq!(
        with_recipients.recipients,
        Some(vec!["lisa@example.com".to_owned()])
    );
    let from_files: NewDelivery = round_trip("delivery_create_from_files");
    assert_eq!(from_files.tasks.as_ref().map(Vec::len), Some(2));
    assert!(
        from_files
            .tasks
            .iter()
            .flatten()
            .all(|t| matches!(t.path(), Some(PathSpec::Relative(_))))
    );
    let from_shares: NewDelivery = round_trip("delivery_create_from_shares");
    assert!(matches!(
        from_shares.tasks.as_ref().unwrap()[1].path(),
        Some(PathSpec::Share {
            kind: ShareKind::Volume,
            ..
        })
    ));
}

#[test]
fn delivery_transfers() {
    let upload: NewTransfer = round_trip("delivery_upload_transfer");
    assert_eq!(upload.parent.unwrap().as_str(), "69732302fd379c8fff1089d0");
    assert!(matches!(
        upload.tasks,
        TransferTasks::Single {
            source: Some(_),
            destination: None
        }
    ));
    let download: NewTransfer = round_trip("delivery_download_transfer");
    assert!(matches!(
        download.tasks,
        TransferTasks::Single {
            source: None,
            destination: Some(_)
        }
    ));
}

#[test]
fn delivery_recipients_and_updates() {
    let recipients: Vec<Recipient> = round_trip("delivery_recipients");
    assert_eq!(recipients[0].actioned, Some(true));
    let grant: RecipientGrant = round_trip("delivery_grant_no_invite");
    assert_eq!(grant.invite, Some(false));
    for (name, status) in [
        ("delivery_update_submit", DeliveryStatus::Pending),
        ("delivery_update_abort", DeliveryStatus::Aborted),
        ("delivery_update_finish", DeliveryStatus::Done),
    ] {
        let update: Delivery = update_round_trip(name);
        assert_eq!(update.status, Some(status));
        EntityType::Delivery
            .check_update(fixture(name).as_object().unwrap())
            .unwrap();
    }
}

#[test]
fn request_creates() {
    let temporary: NewRequest = round_trip("request_create_temporary");
    assert_eq!(temporary.destination, None);
    let later: NewRequest = round_trip("request_create_later");
    assert_eq!(later.status, Some(DeliveryStatus::Init));
    let to_folder: NewRequest = round_trip("request_create_to_folder");
    assert!(matches!(
        to_folder.destination.unwrap().path(),
        Some(PathSpec::Share {
            target: ShareTarget::Default,
            ..
        })
    ));
}

#[test]
fn volume() {
    let v: Volume = round_trip("volume");
    assert_eq!(v.status, Some(VolumeStatus::Enabled));
    assert_eq!(v.queue, Some(None), "an explicit null survives");
    assert_eq!(v.default, Some(true));
    assert_eq!(v.description.as_deref(), Some("Huvudvolym för projekt."));
    assert!(v.other.is_empty(), "{:?}", v.other);
}

#[test]
fn volume_calls() {
    let create: NewVolume = round_trip("volume_create");
    assert_eq!(
        create.paths.as_ref().unwrap()["windows_vpn"],
        "\\\\192.168.0.1\\assets"
    );
    assert_eq!(create.siteservers.as_ref().map(Vec::len), Some(1));
    for name in [
        "volume_update_name",
        "volume_update_code",
        "volume_update_paths",
    ] {
        let _: Volume = update_round_trip(name);
        EntityType::Volume
            .check_update(fixture(name).as_object().unwrap())
            .unwrap();
    }
    let assign: ServerAssignment = round_trip("volume_assign_server");
    assert_eq!(assign.volume.as_str(), "61779c54b80099ea066b0604");
}

#[test]
fn folder_and_home() {
    let f: Folder = round_trip("folder");
    assert_eq!(f.status, Some(ShareStatus::Enabled));
    assert_eq!(
        f.parent_hr_ref().unwrap().unwrap().role.as_deref(),
        Some("volume")
    );
    assert!(f.other.is_empty(), "{:?}", f.other);
    let create: NewFolder = round_trip("folder_create");
    assert_eq!(create.path, "projects/theproject");
    let home: NewHome = round_trip("home_create");
    assert_eq!(home.user.as_deref(), Some("693bf3168d4e0d0c2afe1d53"));
    let disable: Folder = update_round_trip("folder_update_disable");
    assert_eq!(disable.status, Some(ShareStatus::Disabled));
    let queue: Folder = update_round_trip("folder_update_queue");
    assert_eq!(
        queue.queue,
        Some(Some("5ac60a8b1da7ee7eb4d146cf".to_owned()))
    );
}

#[test]
fn acl_grant() {
    let grant: AclGrant = round_trip("acl_grant");
    assert!(grant.grants_read() && grant.grants_write());
    assert_eq!(grant.notify, Some(true));
    assert!(grant.other.is_empty());
}

#[test]
fn collections() {
    let create: NewCollection = round_trip("collection_create");
    assert_eq!(create.files.map(|f| f.len()), Some(2));
    let add: NewCollectionFiles = round_trip("collection_file_add");
    assert_eq!(add.files[0].to_string(), "share=theproject/ref/mp_ref.tif");
    let remove: RemoveCollectionFiles = round_trip("collection_file_remove");
    assert_eq!(
        remove.files[0].to_string(),
        "12d89033-2a8c-4029-992b-3a02b4ecc2cd"
    );
}

#[test]
fn publish() {
    let entries: Vec<PublishEntry> = round_trip("publish_entries");
    assert!(entries.iter().all(|e| e.id.version() == 4));
    assert_eq!(
        entries.iter().map(PublishEntry::total_size).sum::<u64>(),
        2_010_240
    );
    let request: PrePublish = round_trip("pre_publish_request");
    assert_eq!(
        PrePublish::new(request.files.clone()).size,
        request.size,
        "size is the recursive sum"
    );
    let answer: PrePublishAnswer = round_trip("pre_publish_answer");
    assert_eq!(answer.files[1].ident.as_deref(), Some("abcd1234"));
    assert_eq!(answer.files[0].can_upload, Some(true));
    assert!(answer.files.iter().all(|f| f.other.is_empty()));
    let job: NewTransfer = round_trip("publish_job_create");
    assert_eq!(job.code.as_deref(), Some("abcd1234_publish"));
    assert_eq!(
        job.hooks.as_ref().unwrap()[0].when,
        "hook-job-publish-server"
    );
    let TransferTasks::List(tasks) = &job.tasks else {
        panic!("expected a task list")
    };
    assert!(matches!(&tasks[0], TaskEntry::Task(t) if t.id == Some(entries[0].id)));
}

#[test]
fn users_and_clients() {
    let me: User = round_trip("user_session_test");
    assert_eq!(me.modified.unwrap().nanosecond(), 28_619_000);
    let user: User = round_trip("user");
    assert_eq!(user.role, Some(Role::Standard));
    assert_eq!(user.logged_in, Some(None));
    assert!(user.other.is_empty(), "{:?}", user.other);
    let invite: NewUser = round_trip("user_create");
    assert_eq!(invite.code, "lisa@example.com");
    let client: Client = round_trip("client");
    assert_eq!(client.status, Some(ClientStatus::Online));
    assert_eq!(client.benchmark, Some(None));
    assert!(client.other.is_empty(), "{:?}", client.other);
    let disable: Client = update_round_trip("client_update_disable");
    assert_eq!(disable.status, Some(ClientStatus::Disabled));
}

#[test]
fn unknown_attributes_and_values_survive_a_round_trip() {
    let newer = serde_json::json!({
        "id": "6971e16fceadd67b955b1995",
        "status": "hibernating",
        "finished": null,
        "brand_new": {"nested": [1, 2.5, "x"]}
    });
    let t: Transfer = serde_json::from_value(newer.clone()).unwrap();
    assert!(!t.status.as_ref().unwrap().is_known());
    assert_eq!(t.finished, Some(None));
    assert_eq!(serde_json::to_value(&t).unwrap(), newer);
}

#[test]
fn invalid_ids_in_entities_are_errors_not_panics() {
    let bad = serde_json::json!({"id": "not-an-id"});
    let error = serde_json::from_value::<Transfer>(bad).unwrap_err();
    assert!(
        error.to_string().contains("24 lowercase hexadecimal"),
        "{error}"
    );
}
