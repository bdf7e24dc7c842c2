//! Collections, as the product documents describe them: a virtual shared folder of files
//! from several volumes and folders, granted to standard users through ACLs.
//!
//! Run with `cargo run --example collections` (an in-process emulator unless `ACCSYN_*`
//! settings name your workspace). Should the emulator not serve collections, the example says
//! so and ends with success, as every other step needs the collection.

mod support;

use accsyn_client::model::{AclGrant, NewCollection, NewCollectionFiles, RemoveCollectionFiles};
use accsyn_emulator::Seed;
use support::{Outcome, Steps};

#[tokio::main]
async fn main() -> Outcome {
    let seed = Seed::builtin()
        .storage_file("projects/ASSETS/templates/vendor_structure.zip", 1 << 20)
        .storage_file("projects/ref/mp_ref.tif", 4 << 20);
    let backend = support::connect(seed, 1.0).await?;
    let collections = backend.session.collections();
    let mut steps = Steps::new();

    let startup = NewCollection::new(
        "Project startup",
        vec!["share=projects/ASSETS/templates/vendor_structure.zip".parse()?],
    )?;
    let Some(collection) =
        steps.check(&backend, "collections", collections.create(&startup).await)?
    else {
        steps.report();
        return backend.finish().await;
    };
    let id = collection.id;
    println!("Created the collection \"Project startup\".");

    let more = NewCollectionFiles::new(vec!["share=projects/ref/mp_ref.tif".parse()?])?;
    collections.add_files(&id, &more).await?;
    println!("Added projects/ref/mp_ref.tif to it.");
    let files = collections.files(&id).await?;
    for file in &files {
        println!("It holds {}.", file.path.clone().unwrap_or_default());
    }

    collections
        .grant(&id, "standard@acme.test", &AclGrant::read_only(), true)
        .await?;
    println!("Granted standard@acme.test read access.");

    if let Some(first) = files.first().map(|f| f.id) {
        collections
            .remove_files(&id, &RemoveCollectionFiles::new(vec![first]))
            .await?;
        println!("Removed a file from the collection.");
    }
    collections.delete(&id).await?;
    println!("Deleted the collection (the files stay where they are).");
    steps.report();
    backend.finish().await
}
