//! The publish workflow: ask the server to validate files before they are uploaded (the
//! pre-publish hook), then submit the upload job with the answer attached, as the product
//! documents describe it.
//!
//! Run with `cargo run --example publish` (an in-process emulator unless `ACCSYN_*` settings
//! name your workspace). Should the emulator not serve pre-publish, the example says so and
//! ends with success, as the job needs the pre-publish answer.

mod support;

use accsyn_client::model::{PublishEntry, PublishFile};
use accsyn_emulator::Seed;
use serde_json::json;
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

    let job = session
        .create(
            "job",
            json!({
                "code": "abcd1234_publish",
                "tasks": [
                    {"id": ids[0], "source": "/Volumes/NAS01/first_file"},
                    {"id": ids[1], "source": "/Volumes/NAS01/proj_task001_v001"}
                ],
                "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer.files}}]
            }),
        )
        .await?;
    println!("Submitted the publish job {}.", job["id"]);
    steps.report();
    backend.finish().await
}
