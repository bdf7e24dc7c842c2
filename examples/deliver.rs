//! Delivers a file and downloads it, end to end, against the embedded accsyn emulator:
//! start the emulator in process, connect a `Session`, create a delivery of a file on
//! storage for a recipient, find it again by name, then transfer the file to a desktop and
//! watch it finish.
//!
//! Run with `cargo run --example deliver`. Against a real workspace, build the session with
//! `Session::connect()` and the `ACCSYN_WORKSPACE`, `ACCSYN_API_USER` and `ACCSYN_API_KEY`
//! environment variables instead.

use std::time::Duration;

use accsyn_client::model::{Location, NewDelivery, NewTransfer};
use accsyn_client::query::attr;
use accsyn_client::{Error, Session};
use accsyn_emulator::{Emulator, Seed};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local backend with the built-in users and one 64 MiB file on the `projects` volume.
    let seed = Seed::builtin().storage_file("projects/trailers/TRAILER_v003.mov", 64 << 20);
    let emulator = Emulator::builder().seed(seed).start().await?;
    let admin = emulator
        .credentials()
        .user("admin@acme.test")
        .ok_or("the built-in seed has admin@acme.test")?;
    println!(
        "emulator: {} (workspace {})",
        emulator.base_url(),
        emulator.workspace()
    );

    let session = Session::builder()
        .workspace(emulator.workspace())
        .username(admin.code())
        .api_key(admin.api_key())
        .base_url(emulator.base_url())
        .connect()
        .await?;
    if let Some(login) = session.login_info() {
        println!("logged in: {} ({})", admin.code(), login.role);
    }

    // A delivery of a file already on storage, for one recipient: submitted at once.
    let file: Location = "share=projects/trailers/TRAILER_v003.mov".parse()?;
    let payload =
        NewDelivery::from_files("Trailer screening", [file.clone()], ["standard@acme.test"]);
    let delivery = session.deliveries().create(&payload).await?;
    let id = delivery.id.ok_or("the server returns the delivery's id")?;
    println!(
        "delivery: {:?} {id} is {}",
        delivery.name.unwrap_or_default(),
        status(delivery.status)
    );

    // Find it again: a query built from values cannot be injected into.
    let found = session
        .deliveries()
        .find(attr("name").eq("Trailer screening"))
        .await?;
    println!("found by name: {} delivery", found.len());
    for recipient in session.deliveries().recipients(&id).await? {
        println!("  recipient: {}", recipient.user_hr.unwrap_or_default());
    }

    // Download the file to the admin's desktop app.
    let download = NewTransfer::single(Some(file), Some("/Volumes/EDIT/from_client/".parse()?))
        .with_name("Trailer to edit");
    let transfer = session.transfers().create(&download).await?;
    let transfer_id = transfer.id.ok_or("the server returns the transfer's id")?;
    println!(
        "transfer: {:?} is {}",
        transfer.name.unwrap_or_default(),
        status(transfer.status)
    );

    // The emulator moves 10 MiB per emulated second; jump its clock instead of waiting.
    emulator.advance_clock(Duration::from_secs(10))?;
    let done = session
        .transfers()
        .get(&transfer_id)
        .await?
        .ok_or("the transfer is still there")?;
    println!(
        "after 10 emulated seconds: {}, {}% of {} bytes",
        status(done.status),
        done.progress.unwrap_or_default(),
        done.size.unwrap_or_default()
    );

    // A malformed query is refused before it leaves the process.
    if let Err(Error::Query(mistake)) = session.find("Delivery WHERE name=").await {
        println!("a typo, caught locally:\n{mistake}");
    }

    emulator.shutdown().await?;
    Ok(())
}

/// A status as the server spells it.
fn status(status: Option<impl std::fmt::Display>) -> String {
    status.map_or_else(|| "of unknown status".to_owned(), |s| s.to_string())
}
