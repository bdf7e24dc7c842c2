//! File operations, settings and the publish job as the model's types, against the emulator
//! over real HTTP.

use accsyn_client::model::{
    EntityId, JobHook, NewCollection, NewTransfer, PublishEntry, PublishFile, TaskEntry,
    TransferTask,
};
use serde_json::json;

use crate::support::start;

#[tokio::test]
async fn listings_and_sizes_are_typed_and_changes_answer_unit() {
    let env = start().await;
    let files = env.admin.files();
    files.mkdir("share=projects/in/shots").await.unwrap();
    files
        .rename("share=projects/in/shots", "share=projects/in/plates")
        .await
        .unwrap();
    files
        .mv("share=projects/in/plates", "share=projects/archive/plates")
        .await
        .unwrap();
    assert!(files.exists("share=projects/archive/plates").await.unwrap());
    assert!(!files.exists("share=projects/in/plates").await.unwrap());

    let listing = files
        .ls("share=projects")
        .recursive(true)
        .getsize(true)
        .await
        .unwrap();
    assert_eq!(listing.path.as_deref(), Some("share=projects"));
    let top: Vec<_> = listing.files.iter().map(|e| e.filename.as_str()).collect();
    assert_eq!(top, ["archive", "delivery", "in"]);
    assert!(listing.files.iter().all(|e| e.is_dir));
    let paths: Vec<_> = listing.walk().map(|(path, _)| path).collect();
    assert!(paths.contains(&"delivery/a.mov".to_owned()), "{paths:?}");
    let (_, movie) = listing
        .walk()
        .find(|(path, _)| path == "delivery/a.mov")
        .unwrap();
    assert_eq!(movie.size, Some(1 << 20));
    assert!(!movie.is_dir);
    assert!(movie.modified.is_some());
    assert_eq!(listing.total_size(), 1 << 20);

    // A flat files-only listing names each file by its path beneath the listed one.
    let flat = files
        .ls("share=projects")
        .recursive(true)
        .files_only()
        .include("*.MOV")
        .await
        .unwrap();
    let names: Vec<_> = flat.files.iter().map(|e| e.filename.as_str()).collect();
    assert_eq!(names, ["delivery/a.mov"]);

    let usage = files.getsize("share=projects/delivery").await.unwrap();
    assert_eq!((usage.size, usage.files), (1 << 20, Some(1)));

    // A non-empty directory needs force; errors carry the server's words.
    assert!(files.delete("share=projects/archive", false).await.is_err());
    files.delete("share=projects/archive", true).await.unwrap();
    assert!(!files.exists("share=projects/archive").await.unwrap());
    assert!(files.ls("share=projects/../..").await.is_err());
}

#[tokio::test]
async fn a_collections_listing_carries_the_ids_files_are_removed_by() {
    let env = start().await;
    let collection = env
        .admin
        .collections()
        .create(
            &NewCollection::new(
                "Refs",
                vec!["share=projects/delivery/a.mov".parse().unwrap()],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let code = collection.code.clone().unwrap();
    let listing = env
        .admin
        .files()
        .ls(format!("collection={code}"))
        .await
        .unwrap();
    assert_eq!(listing.files.len(), 1);
    let listed = listing.files[0].id.expect("a collection file's id");
    let stored = env.admin.collections().files(&collection.id).await.unwrap();
    assert_eq!(stored[0].id, listed);
}

#[tokio::test]
async fn a_standard_user_lists_nothing_it_was_not_granted() {
    let env = start().await;
    let standard = env.session_as("standard@acme.test").await;
    assert!(standard.files().ls("share=projects").await.is_err());
    assert!(standard.files().mkdir("share=projects/x").await.is_err());
    assert!(!env.admin.files().exists("share=projects/x").await.unwrap());
}

#[tokio::test]
async fn settings_of_the_workspace_and_of_an_entity_are_read_set_and_deleted() {
    let env = start().await;
    let queue = EntityId::parse("0123456789abcdef01234567").unwrap();
    let settings = env.admin.entities("Queue").settings(&queue);
    // Unset, a setting reads its default (the emulator's for a queue is empty).
    assert_eq!(
        settings.get("compute_avoid").await.unwrap(),
        Some(json!(""))
    );
    assert!(settings.set("compute_avoid", "disable").await.unwrap());
    assert_eq!(
        settings.get("compute_avoid").await.unwrap(),
        Some(json!("disable"))
    );
    let all = settings.all().await.unwrap();
    assert_eq!(all.get("compute_avoid"), Some(&json!("disable")));
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(settings.delete("compute_avoid").await.unwrap());
    assert!(!settings.delete("compute_avoid").await.unwrap());
    assert!(settings.all().await.unwrap().is_empty());

    // The workspace's settings show beneath an entity's when asked for upstream.
    let workspace = env.admin.workspace_settings();
    workspace.set("transfer_speed_limit", "100").await.unwrap();
    assert_eq!(
        workspace.get("transfer_speed_limit").await.unwrap(),
        Some(json!("100"))
    );
    let effective = settings.all_with(true, true).await.unwrap();
    assert_eq!(effective.get("transfer_speed_limit"), Some(&json!("100")));
    assert!(settings.all().await.unwrap().is_empty());
    // Without omitting defaults, the defaults are there too.
    let with_defaults = settings.all_with(false, false).await.unwrap();
    assert_eq!(with_defaults.get("compute_avoid"), Some(&json!("")));
}

#[tokio::test]
async fn a_publish_job_is_built_from_the_typed_pre_publish_answer() {
    let env = start().await;
    let first = PublishEntry::file("first_file", 10240);
    let shot = PublishEntry::directory(
        "proj_task001_v001",
        vec![PublishFile::file("file.0001.exr", 1_000_000)],
    );
    let answer = env
        .admin
        .pre_publish(vec![first.clone(), shot.clone()])
        .await
        .unwrap();
    assert_eq!(answer.files.len(), 2);
    let payload = NewTransfer::list([
        TaskEntry::Task(TransferTask::with_id(
            first.id,
            "/Volumes/NAS01/first_file".parse().unwrap(),
        )),
        TaskEntry::Task(TransferTask::with_id(
            shot.id,
            "/Volumes/NAS01/proj_task001_v001".parse().unwrap(),
        )),
    ])
    .with_code("abcd1234_publish")
    .with_hook(JobHook::publish(&answer));
    let job = env.admin.jobs().create(&payload).await.unwrap();
    assert_eq!(job.code.as_deref(), Some("abcd1234_publish"));
    let mut ids: Vec<_> = env
        .admin
        .transfers()
        .tasks(&job.id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    ids.sort();
    let mut expected = vec![first.id, shot.id];
    expected.sort();
    assert_eq!(ids, expected);
}
