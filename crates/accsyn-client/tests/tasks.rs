//! Typed task calls (`tasks`, `find_tasks`, `add_tasks`, `update_tasks`) against the
//! emulator, whose tasks have the product documents' shape: party objects for source and
//! destination, UUID ids.

use std::time::Duration;

use accsyn_client::model::{
    EntityId, JobStatus, NewTasks, NewTransfer, Task, TaskEntry, TaskStatus, TaskUpdate,
    TransferTask,
};

use crate::support::{Env, STORAGE_FILE, start};

/// A paused transfer of the seed's storage file to `/tmp/a.mov`: its tasks stay queued.
async fn paused_transfer(env: &Env) -> EntityId {
    let payload = NewTransfer::single(
        Some(format!("share={STORAGE_FILE}").parse().unwrap()),
        Some("/tmp/a.mov".parse().unwrap()),
    )
    .with_status(JobStatus::Paused);
    let transfer = env.admin.transfers().create(&payload).await.unwrap();
    transfer.id
}

fn source_path(task: &Task) -> Option<&str> {
    task.source.as_ref()?.path.as_deref()
}

fn destination_path(task: &Task) -> Option<&str> {
    task.destination.as_ref()?.path.as_deref()
}

#[tokio::test]
async fn a_transfers_tasks_decode_with_their_parties() {
    let env = start().await;
    let id = paused_transfer(&env).await;
    let tasks = env.admin.transfers().tasks(&id).await.unwrap();
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task.id.version(), 4, "a UUID v4 task id: {task:?}");
    assert_eq!(task.uri.as_deref(), Some("0"));
    assert_eq!(task.status, Some(TaskStatus::Queued));
    assert_eq!(task.job.as_ref(), Some(&id));
    assert_eq!(
        task.job_hr_ref().unwrap().unwrap().id.as_ref(),
        Some(&id),
        "job_hr names the job"
    );
    // The source is on storage: the path within the volume, and the volume.
    let source = task.source.as_ref().unwrap();
    assert_eq!(
        source.path.as_deref(),
        STORAGE_FILE.strip_prefix("projects/")
    );
    assert!(source.volume.is_some(), "{source:?}");
    // The destination is the admin's desktop app.
    let destination = task.destination.as_ref().unwrap();
    assert_eq!(destination.path.as_deref(), Some("/tmp/a.mov"));
    assert_eq!(
        destination.user.as_ref().map(|u| u.as_str()),
        Some(env.user_id("admin@acme.test").as_str())
    );
    assert!(destination.client.is_some(), "{destination:?}");
}

#[tokio::test]
async fn tasks_are_added_held_and_found_by_status() {
    let env = start().await;
    let transfers = env.admin.transfers();
    let id = paused_transfer(&env).await;

    // The seed's single-task form answers one task.
    let one = NewTasks::one(TransferTask::new(
        format!("share={STORAGE_FILE}").parse().unwrap(),
        "/tmp/b.mov".parse().unwrap(),
    ));
    let added = transfers.add_tasks(&id, &one).await.unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].uri.as_deref(), Some("1"));
    assert_eq!(destination_path(&added[0]), Some("/tmp/b.mov"));
    let b = added[0].id;

    // A bare path: the source is on the owner's desktop app.
    let many = NewTasks::many([TaskEntry::Path("/Volumes/projects/c.mov".parse().unwrap())]);
    let added = transfers.add_tasks(&id, &many).await.unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(source_path(&added[0]), Some("/Volumes/projects/c.mov"));
    assert_eq!(added[0].source.as_ref().unwrap().volume, None);

    let held = transfers
        .update_tasks(&id, &[TaskUpdate::by_id(b).with_status(TaskStatus::Onhold)])
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].id, b);
    assert_eq!(held[0].status, Some(TaskStatus::Onhold));
    // Updating changes only the status: the parties are still there.
    assert_eq!(destination_path(&held[0]), Some("/tmp/b.mov"));

    let on_hold = transfers.find_tasks(&id, "status=onhold").await.unwrap();
    assert_eq!(on_hold.len(), 1, "{on_hold:?}");
    assert_eq!(on_hold[0].id, b);
    let queued = transfers.find_tasks(&id, "status=queued").await.unwrap();
    let mut uris: Vec<_> = queued.iter().filter_map(|t| t.uri.as_deref()).collect();
    uris.sort_unstable();
    assert_eq!(uris, ["0", "2"]);
    assert_eq!(transfers.tasks(&id).await.unwrap().len(), 3);

    // By uri too; an unknown uri is the server's refusal.
    let excluded = transfers
        .update_tasks(
            &id,
            &[TaskUpdate::by_uri("2").with_status(TaskStatus::Excluded)],
        )
        .await
        .unwrap();
    assert_eq!(excluded[0].status, Some(TaskStatus::Excluded));
    let missing = transfers
        .update_tasks(
            &id,
            &[TaskUpdate::by_uri("9").with_status(TaskStatus::Onhold)],
        )
        .await;
    assert!(missing.is_err(), "{missing:?}");
}

#[tokio::test]
async fn a_duplicate_task_is_retried_or_refused() {
    let env = start().await;
    let transfers = env.admin.transfers();
    let id = paused_transfer(&env).await;
    let first = transfers.tasks(&id).await.unwrap().remove(0);
    transfers
        .update_tasks(
            &id,
            &[TaskUpdate::by_uri("0").with_status(TaskStatus::Onhold)],
        )
        .await
        .unwrap();

    // Same source and destination: the existing task is queued again.
    let again = NewTasks::one(TransferTask::new(
        format!("share={STORAGE_FILE}").parse().unwrap(),
        "/tmp/a.mov".parse().unwrap(),
    ));
    let retried = transfers.add_tasks(&id, &again).await.unwrap();
    assert_eq!(retried[0].id, first.id);
    assert_eq!(retried[0].status, Some(TaskStatus::Queued));
    assert_eq!(transfers.tasks(&id).await.unwrap().len(), 1);

    let mut strict = again.clone();
    strict.allow_duplicates = Some(false);
    let refused = transfers.add_tasks(&id, &strict).await;
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("allow_duplicates"), "{message}");
}

#[tokio::test]
async fn a_finished_task_reports_its_size_and_final_paths() {
    let env = start().await;
    let transfers = env.admin.transfers();
    let payload = NewTransfer::single(
        Some(format!("share={STORAGE_FILE}").parse().unwrap()),
        Some("/tmp/a.mov".parse().unwrap()),
    );
    let id = transfers.create(&payload).await.unwrap().id;
    env.emulator.advance_clock(Duration::from_secs(1)).unwrap();
    let tasks = transfers.tasks(&id).await.unwrap();
    let task = &tasks[0];
    assert_eq!(task.status, Some(TaskStatus::Done), "{task:?}");
    assert_eq!(task.size, Some(1 << 20));
    assert!(matches!(task.finished, Some(Some(_))), "{task:?}");
    let written = task
        .destination
        .as_ref()
        .and_then(|d| d.path_abs_final.as_deref())
        .unwrap();
    assert_eq!(std::fs::metadata(written).unwrap().len(), 1 << 20);
}
