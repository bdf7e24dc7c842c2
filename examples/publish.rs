//! The publish workflow: ask the server to validate files before they are uploaded (the
//! pre-publish hook), then submit the upload job with the answer attached, as the product
//! documents describe it.
//!
//! Run with `cargo run --example publish`. The in-process emulator (used unless `ACCSYN_*`
//! settings name your workspace) does not serve pre-publish yet: the example then says so
//! and ends with success, as the job needs the pre-publish answer.

mod support;

use accsyn_emulator::Seed;
use serde_json::json;
use support::{Outcome, Steps};

#[tokio::main]
async fn main() -> Outcome {
    let backend = support::connect(Seed::builtin(), 1.0).await?;
    let session = &backend.session;
    let mut steps = Steps::new();

    let files = json!([
        {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "size": 10240, "is_dir": false},
        {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "filename": "proj_task001_v001", "is_dir": true,
         "files": [{"filename": "file.0001.exr", "size": 1000000}]}
    ]);
    let Some(answer) = steps.check(&backend, "pre-publish", session.prepublish(files).await)?
    else {
        steps.report();
        return backend.finish().await;
    };
    println!("The server's pre-publish hook answered: {answer}");

    let job = session
        .create(
            "job",
            json!({
                "code": "abcd1234_publish",
                "tasks": [
                    {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "source": "/Volumes/NAS01/first_file"},
                    {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "source": "/Volumes/NAS01/proj_task001_v001"}
                ],
                "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer["files"].clone()}}]
            }),
        )
        .await?;
    println!("Submitted the publish job {}.", job["id"]);
    steps.report();
    backend.finish().await
}
