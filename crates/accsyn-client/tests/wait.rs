//! Waiting for a transfer over real HTTP, with the emulator's clock running or frozen.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use accsyn_client::model::{JobStatus, NewTransfer};
use accsyn_client::{Error, Progress};
use futures_util::{StreamExt, TryStreamExt};

use crate::support::{STORAGE_FILE, start};

fn download() -> NewTransfer {
    NewTransfer::single(
        Some(format!("share={STORAGE_FILE}").parse().unwrap()),
        Some("/tmp/a.mov".parse().unwrap()),
    )
}

#[tokio::test]
async fn a_transfer_is_waited_for_until_done_with_its_progress_on_the_way() {
    let env = start().await;
    let transfers = env.admin.transfers();
    let id = transfers.create(&download()).await.unwrap().id;
    // The emulator's clock is frozen in these tests; it is moved on while the wait polls.
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let log = Arc::clone(&seen);
    let wait = transfers
        .wait_for(&id, JobStatus::Done)
        .poll_interval(Duration::from_millis(20))
        .timeout(Duration::from_secs(20))
        .on_progress(move |p| log.lock().unwrap().push(p.clone()));
    let waiting = tokio::spawn(wait.into_future());
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        // 1 MiB at the emulator's 10 MiB per emulated second: 30 ms a step.
        env.emulator
            .advance_clock(Duration::from_millis(30))
            .unwrap();
    }
    env.emulator.advance_clock(Duration::from_secs(1)).unwrap();
    let done = waiting.await.unwrap().unwrap();
    assert_eq!(done.status, Some(JobStatus::Done));
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 2, "{seen:?}");
    assert_eq!(seen.last().unwrap().status, "done");
    assert_eq!(seen.last().unwrap().percent, Some(100));
    assert!(
        seen.iter()
            .any(|p| p.status == "running" && p.remaining.is_some()),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_wait_gives_up_at_its_timeout_naming_the_status_it_saw() {
    let env = start().await;
    let transfers = env.admin.transfers();
    let paused = download().with_status(JobStatus::Paused);
    let id = transfers.create(&paused).await.unwrap().id;
    let err = transfers
        .wait_for(&id, JobStatus::Done)
        .poll_interval(Duration::from_millis(10))
        .timeout(Duration::from_millis(60))
        .await
        .unwrap_err();
    let Error::WaitTimedOut { status, target, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((status.as_str(), target.as_str()), ("paused", "done"));
}

#[tokio::test]
async fn a_job_that_ends_otherwise_ends_the_wait_and_the_stream() {
    let env = start().await;
    let transfers = env.admin.transfers();
    let id = transfers.create(&download()).await.unwrap().id;
    transfers.set_status(&id, JobStatus::Aborted).await.unwrap();
    let err = transfers.wait_for(&id, JobStatus::Done).await.unwrap_err();
    assert!(
        matches!(err, Error::JobEnded { ref status, .. } if status == "aborted"),
        "{err:?}"
    );
    let looks: Vec<_> = transfers
        .wait_for(&id, JobStatus::Done)
        .progress()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(looks.len(), 1);
    assert!(matches!(looks[0], Err(Error::JobEnded { .. })));
    // Reached already: one look, no waiting.
    let aborted: Vec<Progress> = transfers
        .wait_for(&id, JobStatus::Aborted)
        .progress()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(aborted.len(), 1);
}
