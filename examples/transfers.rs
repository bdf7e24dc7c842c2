//! File transfers and their tasks, as the product documents describe them: a download from a
//! shared folder created paused, its tasks listed and one held, the job resumed and watched
//! to the end with a progress line, another file added, and a transfer aborted and deleted.
//!
//! Run with `cargo run --example transfers` (an in-process emulator, its clock 10 times
//! faster, unless `ACCSYN_*` settings name your workspace; there, the `share=` paths must
//! exist and your desktop app must be online).

mod support;

use std::time::Duration;

use accsyn_client::model::{JobStatus, NewTasks, NewTransfer, TaskEntry, TaskStatus, TaskUpdate};
use accsyn_emulator::Seed;
use support::{Outcome, size};

const TRAILER: &str = "projects/delivery/TRAILER_screening_v003.mov";
const NOTES: &str = "projects/delivery/notes.pdf";

#[tokio::main]
async fn main() -> Outcome {
    let seed = Seed::builtin()
        .storage_file(TRAILER, 48 << 20)
        .storage_file(NOTES, 2 << 20);
    let backend = support::connect(seed, 10.0).await?;
    let transfers = backend.session.transfers();

    // A download from storage to the desktop app, created paused.
    let download = NewTransfer::single(
        Some(format!("share={TRAILER}").parse()?),
        Some("/Volumes/EDIT/from_client/".parse()?),
    )
    .with_name("Trailer to edit")
    .with_status(JobStatus::Paused);
    let transfer = transfers.create(&download).await?;
    let id = transfer.id;
    println!("Created the transfer \"Trailer to edit\", paused.");

    for task in transfers.tasks(&id).await? {
        println!(
            "  task {}: {}, {}",
            task.uri.unwrap_or_default(),
            task.source.and_then(|s| s.path).unwrap_or_default(),
            task.status.map(|s| s.to_string()).unwrap_or_default()
        );
    }
    let held = transfers
        .update_tasks(
            &id,
            &[TaskUpdate::by_uri("0").with_status(TaskStatus::Onhold)],
        )
        .await?;
    println!("Put task 0 on hold ({} task updated).", held.len());
    transfers
        .update_tasks(
            &id,
            &[TaskUpdate::by_uri("0").with_status(TaskStatus::Queued)],
        )
        .await?;
    println!("Queued it again.");

    // More files can join a job; here, the notes beside the trailer.
    let added = transfers
        .add_tasks(
            &id,
            &NewTasks::many([TaskEntry::Path(format!("share={NOTES}").parse()?)]),
        )
        .await?;
    println!("Added {} file(s) to the transfer.", added.len());

    transfers.set_status(&id, JobStatus::Waiting).await?;
    println!("Resumed it; watching it to the end:");
    let done = transfers
        .wait_for(&id, JobStatus::Done)
        .poll_interval(Duration::from_millis(100))
        .timeout(Duration::from_secs(600))
        .on_progress(|p| println!("  {}", support::progress_line(p)))
        .await?;
    println!("Done: {} transferred.", size(done.size.unwrap_or_default()));

    let finished = transfers.find("status=done").finished(true).await?;
    println!(
        "{} finished transfer(s) found with `finished`.",
        finished.len()
    );

    // Another transfer, aborted and then deleted.
    let spare = NewTransfer::single(
        Some(format!("share={NOTES}").parse()?),
        Some("/Volumes/EDIT/spare/".parse()?),
    )
    .with_status(JobStatus::Paused);
    let spare_id = transfers.create(&spare).await?.id;
    let aborted = transfers.set_status(&spare_id, JobStatus::Aborted).await?;
    println!(
        "Aborted a second transfer: it is {}.",
        aborted.status.map(|s| s.to_string()).unwrap_or_default()
    );
    transfers.delete(&spare_id).await?;
    println!("Deleted it.");
    backend.finish().await
}
