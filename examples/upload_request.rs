//! Upload requests, the reverse of a delivery, as the product documents describe them: a
//! temporary request submitted later, one to a folder on storage submitted at once, and the
//! ways a request ends (aborted, deleted before it was submitted).
//!
//! Run with `cargo run --example upload_request` (an in-process emulator unless `ACCSYN_*`
//! settings name your workspace; there, `RECIPIENT` is invited).

mod support;

use accsyn_client::model::{DeliveryStatus, NewRequest};
use accsyn_emulator::Seed;
use support::Outcome;

const RECIPIENT: &str = "standard@acme.test";

#[tokio::main]
async fn main() -> Outcome {
    let backend = support::connect(Seed::builtin(), 1.0).await?;
    let requests = backend.session.requests();
    let status = |s: Option<DeliveryStatus>| s.map(|s| s.to_string()).unwrap_or_default();

    // A temporary request, kept in init until it has a recipient and is submitted.
    let later = requests
        .create(&NewRequest::new("Project material").submit_later())
        .await?;
    let later_id = later.id;
    println!(
        "Created the request \"Project material\": it is {} until submitted.",
        status(later.status)
    );
    requests.add_recipient(&later_id, RECIPIENT, true).await?;
    println!("Added {RECIPIENT} as the one to upload.");
    // Its files come later, from the recipient's uploads.
    let submitted = requests.submit(&later_id).await?;
    println!("Submitted it: it is now {}.", status(submitted.status));

    // A request straight to a folder on storage, submitted at once.
    let to_folder = NewRequest::new("Provide project material")
        .with_destination("share=projects/source/from_client".parse()?)
        .with_recipient(RECIPIENT);
    let direct = requests.create(&to_folder).await?;
    println!(
        "Created \"Provide project material\" into projects/source/from_client: it is {}.",
        status(direct.status)
    );

    // Ending requests: abort a live one, delete one never submitted.
    let direct_id = direct.id;
    let aborted = requests
        .set_status(&direct_id, DeliveryStatus::Aborted)
        .await?;
    println!(
        "Aborted \"Provide project material\": it is {}.",
        status(aborted.status)
    );
    let draft = requests
        .create(&NewRequest::new("Draft request").submit_later())
        .await?;
    requests.delete(&draft.id).await?;
    println!("Deleted \"Draft request\", which was never submitted.");

    let open = requests.find("status=pending").await?;
    println!("{} request(s) now wait for uploads.", open.len());
    backend.finish().await
}
