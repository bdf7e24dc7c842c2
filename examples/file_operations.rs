//! File operations on accsyn storage: list a folder, its size, whether a file exists, make a
//! folder, rename it, move a file into it, delete it.
//!
//! Run with `cargo run --example file_operations` (an in-process emulator unless `ACCSYN_*`
//! settings name your workspace). A step whose call the emulator does not serve is named and
//! skipped.

mod support;

use accsyn_emulator::Seed;
use support::{Outcome, Steps, size};

#[tokio::main]
async fn main() -> Outcome {
    let seed = Seed::builtin().storage_file("projects/delivery/a.mov", 8 << 20);
    let backend = support::connect(seed, 1.0).await?;
    let session = &backend.session;
    let mut steps = Steps::new();

    if let Some(listing) = steps.check(
        &backend,
        "file listing (ls)",
        session.ls("share=projects/delivery").getsize(true).await,
    )? {
        println!("share=projects/delivery holds: {listing}");
    }
    if let Some(bytes) = steps.check(
        &backend,
        "file sizes (getsize)",
        session.getsize("share=projects/delivery").await,
    )? {
        println!(
            "It takes {}.",
            size(bytes["size"].as_u64().unwrap_or_default())
        );
    }
    if let Some(there) = steps.check(
        &backend,
        "exists",
        session.exists("share=projects/delivery/a.mov").await,
    )? {
        println!("a.mov exists: {there}.");
    }
    if steps
        .check(
            &backend,
            "mkdir",
            session.mkdir("share=projects/delivery/cuts").await,
        )?
        .is_some()
    {
        println!("Made the folder cuts.");
    }
    if steps
        .check(
            &backend,
            "rename",
            session
                .rename(
                    "share=projects/delivery/cuts",
                    "share=projects/delivery/edits",
                )
                .await,
        )?
        .is_some()
    {
        println!("Renamed the folder cuts to edits.");
    }
    if steps
        .check(
            &backend,
            "move (mv)",
            session
                .mv(
                    "share=projects/delivery/a.mov",
                    "share=projects/delivery/edits/a.mov",
                )
                .await,
        )?
        .is_some()
    {
        println!("Moved a.mov into edits.");
    }
    if steps
        .check(
            &backend,
            "file deletion",
            session
                .delete_file("share=projects/delivery/edits", true)
                .await,
        )?
        .is_some()
    {
        println!("Deleted edits and what it holds.");
    }
    steps.report();
    backend.finish().await
}
