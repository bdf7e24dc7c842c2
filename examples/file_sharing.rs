//! File sharing, as the product documents describe it: volumes (list, create, rename),
//! servers serving them, access through ACLs, shared folders and homes, deactivation and
//! deletion.
//!
//! Run with `cargo run --example file_sharing` (an in-process emulator unless `ACCSYN_*`
//! settings name your workspace). A step whose call the emulator does not serve is named and
//! skipped; the example ends with success when every other step ran.

mod support;

use accsyn_client::model::{AclGrant, NewFolder, NewHome, NewVolume, ShareChanges, VolumeStatus};
use accsyn_emulator::Seed;
use support::{Outcome, Steps};

const USER: &str = "employee@acme.test";

#[tokio::main]
async fn main() -> Outcome {
    let backend = support::connect(Seed::builtin(), 1.0).await?;
    let session = &backend.session;
    let volumes = session.volumes();
    let mut steps = Steps::new();

    for volume in volumes.list().await? {
        println!(
            "Volume {} ({}) is {}.",
            volume.code.unwrap_or_default(),
            volume.name.unwrap_or_default(),
            volume.status.map(|s| s.to_string()).unwrap_or_default()
        );
    }

    // A new volume needs the server that serves it: one at the main site (`hq`).
    let servers = session.servers().list().await?;
    for server in &servers {
        println!(
            "Server {} at site {}.",
            server.code.as_deref().unwrap_or("?"),
            server.site.as_deref().unwrap_or("hq")
        );
    }
    let server = servers
        .iter()
        .find(|s| s.site.as_deref().is_none_or(|site| site == "hq"))
        .map(|s| s.id)
        .ok_or("the workspace has no main-site server to serve a volume")?;
    let assets = NewVolume::new("Assets", server)
        .with_code("assets")
        .with_path("linux", "/assets")
        .with_path("mac", "/Volumes/assets");
    let volume = volumes.create(&assets).await?;
    let id = volume.id;
    println!("Created the volume \"Assets\".");
    let renamed = volumes
        .update(&id, &ShareChanges::new().name("Assets 2"))
        .await?;
    println!("Renamed it \"{}\".", renamed.name.unwrap_or_default());

    println!("Servers:");
    if let Some(assigned) =
        steps.check(&backend, "server assignment", volumes.servers(&id).await)?
    {
        for served in &assigned {
            println!(
                "  {} serves it at site {}.",
                served
                    .client_hr
                    .as_deref()
                    .unwrap_or(served.client.as_str()),
                served.site.as_deref().unwrap_or("hq")
            );
        }
    }
    if steps
        .check(
            &backend,
            "server assignment",
            volumes.assign_server(&id, &server).await,
        )?
        .is_some()
    {
        println!("  Assigned a server to it.");
    }

    // Only `enabled` and `disabled` may be set; `offline` is refused before it is sent.
    let disabled = volumes.set_status(&id, VolumeStatus::Disabled).await?;
    println!(
        "Disabled it: it is {}.",
        disabled.status.map(|s| s.to_string()).unwrap_or_default()
    );
    volumes.set_status(&id, VolumeStatus::Enabled).await?;
    if let Err(refused) = volumes.set_status(&id, VolumeStatus::Offline).await {
        println!("Setting it offline is refused here: {refused}");
    }

    // Access through an ACL: read and write beneath one path, with a message.
    let grant = AclGrant::read_write()
        .with_path("FROM_VENDORS/acmevfx")
        .with_message("Please upload your files here.");
    volumes.grant(&id, USER, &grant, true).await?;
    for acl in volumes.access(&id, false).await? {
        println!(
            "{} may read: {}, write: {}, beneath {}.",
            acl.entity_hr.or(acl.entity).unwrap_or_default(),
            acl.read.unwrap_or(false),
            acl.write.unwrap_or(false),
            acl.path.unwrap_or_else(|| "/".into())
        );
    }
    volumes.revoke(&id, USER).await?;
    println!("Revoked {USER}'s access again.");

    println!("Shared folders and homes:");
    let folder = NewFolder::new(id, "projects/theproject", "Shared project assets");
    if let Some(folder) = steps.check(
        &backend,
        "shared folders",
        session.folders().create(&folder).await,
    )? {
        println!(
            "  Created the shared folder \"{}\".",
            folder.name.unwrap_or_default()
        );
    }
    if let Some(home) = steps.check(
        &backend,
        "homes",
        session.homes().create(&NewHome::for_user(USER)).await,
    )? {
        println!(
            "  Created a home for {USER} at {}.",
            home.path.unwrap_or_default()
        );
    }

    println!("Deactivation and deletion:");
    if steps
        .check(
            &backend,
            "share deactivation",
            volumes.deactivate(&id).await,
        )?
        .is_some()
    {
        volumes.activate(&id).await?;
        println!("  Deactivated the volume and activated it again.");
    }
    volumes.delete(&id).await?;
    println!("Deleted the volume \"Assets 2\" (no file on disk is touched).");
    steps.report();
    backend.finish().await
}
