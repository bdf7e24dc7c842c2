//! The blocking facade, from a plain `fn main` with no async runtime of your own: find, create
//! and wait, each call returning when done.
//!
//! Run with `cargo run --example blocking` (an in-process emulator unless `ACCSYN_*` settings
//! name your workspace). `accsyn_client::blocking` needs the `blocking` feature.

use std::time::Duration;

use accsyn_client::blocking::Session;
use accsyn_client::model::{DeliveryStatus, NewDelivery};
use accsyn_emulator::{Emulator, Seed};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = [
        "ACCSYN_WORKSPACE",
        "ACCSYN_DOMAIN",
        "ACCSYN_ORG",
        "ACCSYN_CREDENTIALS_PATH",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some())
        || std::path::Path::new(".env").is_file();
    // The emulator is an async server: it gets a runtime of its own, apart from the session's.
    let server = tokio::runtime::Runtime::new()?;
    let emulator = if configured {
        println!("Running against your accsyn workspace (ACCSYN_* settings found).");
        None
    } else {
        let emulator = server.block_on(Emulator::builder().seed(Seed::builtin()).start())?;
        println!(
            "No ACCSYN_* settings found: running against an accsyn emulator started in this \
             process at {}.",
            emulator.base_url()
        );
        Some(emulator)
    };
    let session = match &emulator {
        None => Session::connect()?,
        Some(emulator) => {
            let admin = emulator
                .credentials()
                .user("admin@acme.test")
                .ok_or("an admin")?;
            Session::new(
                accsyn_client::Session::builder()
                    .workspace(emulator.workspace())
                    .username(admin.code())
                    .api_key(admin.api_key())
                    .base_url(emulator.base_url()),
            )?
        }
    };
    println!("Logged in; every call below blocks until it is done.");

    let users = session.find("User")?;
    println!("The workspace has {} user(s).", users.len());
    let delivery = session
        .deliveries()
        .create(&NewDelivery::temporary("Made without async"))?;
    let id = delivery.id;
    println!("Created the delivery \"Made without async\".");

    // Threads share one session (and one connection pool).
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let session = session.clone();
            std::thread::spawn(move || session.deliveries().find("name='Made without async'"))
        })
        .collect();
    for thread in threads {
        let found = thread.join().map_err(|_| "a thread panicked")??;
        println!("A thread found {} such delivery.", found.len());
    }

    session
        .deliveries()
        .set_status(&id, DeliveryStatus::Aborted)?;
    let aborted = session.deliveries().wait_for(
        &id,
        DeliveryStatus::Aborted,
        Duration::from_millis(100),
        Some(Duration::from_secs(10)),
        |p| println!("  {p}"),
    )?;
    println!(
        "Aborted it: it is {}.",
        aborted.status.map(|s| s.to_string()).unwrap_or_default()
    );
    drop(session);
    if let Some(emulator) = emulator {
        server.block_on(emulator.shutdown())?;
    }
    Ok(())
}
