//! The blocking facade from plain threads, against the emulator over real HTTP.

use accsyn_client::blocking::Session;
use accsyn_client::model::{DeliveryStatus, NewDelivery};
use accsyn_emulator::{Emulator, Seed};

#[test]
fn plain_threads_share_one_blocking_session() {
    // The emulator needs a runtime of its own; the session brings its own too.
    let server = tokio::runtime::Runtime::new().unwrap();
    let emulator = server
        .block_on(
            Emulator::builder()
                .seed(Seed::builtin().storage_file("projects/delivery/a.mov", 1024))
                .start(),
        )
        .unwrap();
    let admin = emulator.credentials().user("admin@acme.test").unwrap();
    let session = Session::new(
        accsyn_client::Session::builder()
            .ignore_env()
            .workspace(emulator.workspace())
            .username(admin.code())
            .api_key(admin.api_key())
            .base_url(emulator.base_url()),
    )
    .unwrap();
    assert_eq!(session.as_async().login_info().unwrap().role, "admin");

    let created = session
        .deliveries()
        .create(&NewDelivery::temporary("From a plain thread"))
        .unwrap();
    assert_eq!(created.status, Some(DeliveryStatus::Init));

    let threads: Vec<_> = (0..8)
        .map(|i| {
            let session = session.clone();
            std::thread::spawn(move || {
                if i % 2 == 0 {
                    session
                        .find("User WHERE code=admin@acme.test")
                        .unwrap()
                        .len()
                } else {
                    session
                        .deliveries()
                        .find("name='From a plain thread'")
                        .unwrap()
                        .len()
                }
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), 1);
    }
    let id = created.id;
    let done = session
        .deliveries()
        .set_status(&id, DeliveryStatus::Aborted)
        .unwrap();
    assert_eq!(done.status, Some(DeliveryStatus::Aborted));

    // File operations and settings, typed, from another plain thread.
    let files = session.files();
    let settings = session.workspace_settings();
    std::thread::spawn(move || {
        files.mkdir("share=projects/cuts").unwrap();
        let listing = files
            .ls_with("share=projects", |ls| ls.directories_only())
            .unwrap();
        assert!(
            listing
                .files
                .iter()
                .any(|e| e.filename == "cuts" && e.is_dir)
        );
        assert_eq!(files.getsize("share=projects/cuts").unwrap().size, 0);
        files.delete("share=projects/cuts", false).unwrap();
        assert!(!files.exists("share=projects/cuts").unwrap());
        assert!(settings.set("transfer_speed_limit", "100").unwrap());
        assert_eq!(
            settings.get("transfer_speed_limit").unwrap(),
            Some(serde_json::json!("100"))
        );
    })
    .join()
    .unwrap();

    // Shares and users have their lifecycle calls here too.
    let user = session
        .users()
        .create(&accsyn_client::model::NewUser::new("blocking@example.com"))
        .unwrap();
    session.users().deactivate(&user.id).unwrap();
    session.users().activate(&user.id).unwrap();
    let refs = accsyn_client::model::NewCollection::new(
        "Blocking refs",
        vec!["share=projects/delivery/a.mov".parse().unwrap()],
    )
    .unwrap();
    let collection = session.collections().create(&refs).unwrap();
    assert_eq!(
        session.collections().files(&collection.id).unwrap().len(),
        1
    );
    let answer = session
        .pre_publish(vec![accsyn_client::model::PublishEntry::file(
            "first_file",
            10,
        )])
        .unwrap();
    assert_eq!(answer.files.len(), 1);
    drop(session);
    server.block_on(emulator.shutdown()).unwrap();
}
