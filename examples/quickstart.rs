//! The product documents' delivery workflow, end to end: create a delivery for a recipient,
//! upload a file into it from your desktop app and watch the upload, check its files and
//! recipients, submit it, and find it again by name.
//!
//! Run with `cargo run --example quickstart`. Without `ACCSYN_*` settings it starts an accsyn
//! emulator in the process (its clock runs 20 times faster, so the upload takes a moment);
//! with them (`ACCSYN_WORKSPACE`, `ACCSYN_API_USER`, `ACCSYN_API_KEY`, or a `.env` file) it
//! runs against your workspace, where `UPLOAD` must be a file on your desktop app's machine
//! and `RECIPIENT` someone to invite.

mod support;

use std::time::Duration;

use accsyn_client::model::{DeliveryStatus, JobStatus, NewDelivery, NewTransfer};
use accsyn_client::query::attr;
use accsyn_emulator::Seed;
use support::{Outcome, size};

const UPLOAD: &str = "/Volumes/projects/references/Concept_images.zip";
const RECIPIENT: &str = "standard@acme.test";

#[tokio::main]
async fn main() -> Outcome {
    let seed = Seed::builtin().client_file("admin@acme.test", UPLOAD, 64 << 20);
    let backend = support::connect(seed, 20.0).await?;
    let session = &backend.session;
    let deliveries = session.deliveries();

    // 1. A temporary delivery: files are uploaded into it, then it is submitted.
    let payload = NewDelivery::temporary("Project references").with_recipient(RECIPIENT);
    let delivery = deliveries.create(&payload).await?;
    let id = delivery.id;
    println!("Created the delivery \"Project references\" for {RECIPIENT}; it waits for files.");

    // 2. The API cannot upload by itself: it asks your desktop app to, with a transfer.
    let upload = NewTransfer::single(Some(UPLOAD.parse()?), None)
        .with_parent(id)
        .with_name("Upload concept images to 'Project references'");
    let transfer = session.transfers().create(&upload).await?;
    let transfer_id = transfer.id;
    println!("Asked the desktop app to upload {UPLOAD}:");
    let uploaded = session
        .transfers()
        .wait_for(&transfer_id, JobStatus::Done)
        .poll_interval(Duration::from_millis(50))
        .timeout(Duration::from_secs(600))
        .on_progress(|p| println!("  upload: {}", support::progress_line(p)))
        .await?;
    println!(
        "Uploaded {} into the delivery.",
        size(uploaded.size.unwrap_or_default())
    );

    // 3. What the delivery holds, and who it is for.
    for file in deliveries.tasks(&id).await? {
        let path = file
            .source
            .and_then(|s| s.path)
            .unwrap_or_else(|| "?".into());
        println!("It holds {path}.");
    }
    for recipient in deliveries.recipients(&id).await? {
        println!(
            "It is for {}.",
            recipient
                .user_hr
                .or(recipient.user.map(|u| u.to_string()))
                .unwrap_or_default()
        );
    }

    // 4. Submit: the delivery sizes itself and emails its recipients.
    let submitted = deliveries.submit(&id).await?;
    println!(
        "Submitted it: it is now {}.",
        submitted.status.map(|s| s.to_string()).unwrap_or_default()
    );

    // 5. Find it again by name: a query built from values cannot be injected into.
    let found = deliveries
        .find(attr("name").eq("Project references"))
        .await?;
    println!(
        "Found {} delivery named \"Project references\".",
        found.len()
    );
    if found.iter().all(|d| d.status == Some(DeliveryStatus::Init)) {
        return Err("the submitted delivery should have left init".into());
    }

    // 6. A mistake in a query is caught here, before anything is sent.
    if let Err(accsyn_client::Error::Query(mistake)) = session.find("Delivery WHERE name=").await {
        println!("A typo in a query is caught before it is sent:\n{mistake}");
    }
    backend.finish().await
}
