//! The publish workflow: ask the server to validate files before they are uploaded (the
//! pre-publish hook), then submit the upload job with the answer attached, as the product
//! documents describe it.
//!
//! Run with `cargo run --example publish` (an in-process emulator unless `ACCSYN_*` settings
//! name your workspace). Should the emulator not serve pre-publish, the example says so and
//! ends with success, as the job needs the pre-publish answer.

mod support;

use accsyn_client::model::{
    JobHook, NewTransfer, PublishEntry, PublishFile, TaskEntry, TransferTask,
};
use accsyn_emulator::Seed;
use support::{Outcome, Steps};

#[tokio::main]
async fn main() -> Outcome {
    let backend = support::connect(Seed::builtin(), 1.0).await?;
    let session = &backend.session;
    let mut steps = Steps::new();

    // Each entry's id (a UUID v4) ties it to its task when the job is submitted.
    let first = PublishEntry::file("first_file", 10240);
    let shot = PublishEntry::directory(
        "proj_task001_v001",
        vec![PublishFile::file("file.0001.exr", 1_000_000)],
    );
    let ids = [first.id, shot.id];
    let Some(answer) = steps.check(
        &backend,
        "pre-publish",
        session.pre_publish(vec![first, shot]).await,
    )?
    else {
        steps.report();
        return backend.finish().await;
    };
    for entry in &answer.files {
        println!(
            "{}: can upload {:?}, can publish {:?}",
            entry.filename, entry.can_upload, entry.can_publish
        );
    }

    // Each task carries its entry's id; the hook carries the answer, so the server places
    // the files where the pre-publish decided once they are transferred.
    let job = NewTransfer::list([
        TaskEntry::Task(TransferTask::with_id(
            ids[0],
            "/Volumes/NAS01/first_file".parse()?,
        )),
        TaskEntry::Task(TransferTask::with_id(
            ids[1],
            "/Volumes/NAS01/proj_task001_v001".parse()?,
        )),
    ])
    .with_code("abcd1234_publish")
    .with_hook(JobHook::publish(&answer));
    let job = session.jobs().create(&job).await?;
    println!(
        "Submitted the publish job {} ({}).",
        job.code.as_deref().unwrap_or_default(),
        job.id
    );
    steps.report();
    backend.finish().await
}
