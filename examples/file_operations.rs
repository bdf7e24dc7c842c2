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
    // File operations answer the model's types (`FileListing`, `DiskUsage`); the flat
    // `session.ls(...)` and friends answer the server's JSON, for scripts ported from Python.
    let files = backend.session.files();
    let mut steps = Steps::new();

    if let Some(listing) = steps.check(
        &backend,
        "file listing (ls)",
        files.ls("share=projects/delivery").getsize(true).await,
    )? {
        println!("share=projects/delivery holds:");
        for (path, entry) in listing.walk() {
            let kind = if entry.is_dir { "folder" } else { "file" };
            println!(
                "  {path} ({kind}, {})",
                size(entry.size.unwrap_or_default())
            );
        }
    }
    if let Some(bytes) = steps.check(
        &backend,
        "file sizes (getsize)",
        files.getsize("share=projects/delivery").await,
    )? {
        println!(
            "It takes {} in {} file(s).",
            size(bytes.size),
            bytes.files.unwrap_or_default()
        );
    }
    if let Some(there) = steps.check(
        &backend,
        "exists",
        files.exists("share=projects/delivery/a.mov").await,
    )? {
        println!("a.mov exists: {there}.");
    }
    if steps
        .check(
            &backend,
            "mkdir",
            files.mkdir("share=projects/delivery/cuts").await,
        )?
        .is_some()
    {
        println!("Made the folder cuts.");
    }
    if steps
        .check(
            &backend,
            "rename",
            files
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
            files
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
            files.delete("share=projects/delivery/edits", true).await,
        )?
        .is_some()
    {
        println!("Deleted edits and what it holds.");
    }
    steps.report();
    backend.finish().await
}
