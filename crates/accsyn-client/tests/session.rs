//! Building and connecting sessions.

use accsyn_client::{Error, Session};

use crate::support::start;

#[tokio::test]
async fn connect_logs_in_and_reports_the_role() {
    let env = start().await;
    let info = env.admin.login_info().unwrap();
    assert_eq!(info.role, "admin");
    assert_eq!(info.user_id, env.user_id("admin@acme.test"));
    assert_eq!(env.admin.workspace(), Some(env.emulator.workspace()));
}

#[tokio::test]
async fn a_wrong_key_fails_at_connect_and_never_shows_the_key() {
    let env = start().await;
    let err = Session::builder()
        .workspace(env.emulator.workspace())
        .username("admin@acme.test")
        .api_key("wrong-secret-key")
        .base_url(env.emulator.base_url())
        .ignore_env()
        .connect()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport(accsyn_client::transport::Error::Login { .. })
        ),
        "{err:?}"
    );
    assert!(!format!("{err} {err:?}").contains("wrong-secret-key"));
}

#[tokio::test]
async fn build_is_lazy_and_logs_in_on_the_first_call() {
    let env = start().await;
    let user = env
        .emulator
        .credentials()
        .user("employee@acme.test")
        .unwrap();
    let session = Session::builder()
        .workspace(env.emulator.workspace())
        .username(user.code())
        .api_key(user.api_key())
        .base_url(env.emulator.base_url())
        .ignore_env()
        .build()
        .unwrap();
    assert!(session.login_info().is_none());
    let me = session
        .find_one("User WHERE code=employee@acme.test")
        .await
        .unwrap();
    assert_eq!(me.unwrap()["code"], "employee@acme.test");
    assert_eq!(session.login_info().unwrap().role, "employee");
}

#[tokio::test]
async fn clones_share_one_login() {
    let env = start().await;
    let clone = env.admin.clone();
    let users = clone.find("User").await.unwrap();
    assert_eq!(users.len(), 3);
    assert_eq!(
        clone.login_info().unwrap().session_id(),
        env.admin.login_info().unwrap().session_id()
    );
}

#[tokio::test]
async fn the_api_key_and_session_id_never_show_in_debug_output_or_errors() {
    let env = start().await;
    let key = env
        .emulator
        .credentials()
        .user("admin@acme.test")
        .unwrap()
        .api_key()
        .to_owned();
    let session_id = env.admin.login_info().unwrap().session_id().to_owned();
    let builder = Session::builder()
        .workspace(env.emulator.workspace())
        .username("admin@acme.test")
        .api_key(key.as_str())
        .base_url(env.emulator.base_url());
    let mut shown = format!("{builder:?} {:?} {:?}", env.admin, env.admin.login_info());
    let err = env.admin.find("Delivery WHERE name=").await.unwrap_err();
    shown += &format!("{err} {err:?}");
    let err = env
        .admin
        .update(
            "Delivery",
            "0123456789abcdef01234567",
            serde_json::json!({"status": "done"}),
        )
        .await
        .unwrap_err();
    shown += &format!("{err} {err:?}");
    assert!(!shown.contains(&key), "{shown}");
    assert!(!shown.contains(&session_id), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_finds_from_clones_of_one_session_share_its_login_and_pool() {
    let env = start().await;
    let session = env.admin.clone();
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let session = session.clone();
            tokio::spawn(async move {
                // Untyped and typed finds alike, each from its own clone.
                if i % 2 == 0 {
                    session
                        .find("User WHERE code=admin@acme.test")
                        .await
                        .map(|found| found.len())
                } else {
                    session
                        .users()
                        .find("CODE=admin@acme.test")
                        .await
                        .map(|found| found.len())
                }
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 1);
    }
    // One transport (one connection pool) and one login behind every clone.
    let clone = session.clone();
    assert!(std::sync::Arc::ptr_eq(
        session.transport(),
        clone.transport()
    ));
    assert_eq!(
        session.login_info().unwrap().session_id(),
        env.admin.login_info().unwrap().session_id()
    );
}

#[tokio::test]
async fn handlers_finds_and_streams_move_into_spawned_tasks() {
    use futures_util::TryStreamExt;

    let env = start().await;
    let users = env.admin.users();
    let find = env.admin.users().list();
    let stream = env.admin.users().list().stream(1);
    drop(env.admin.clone());
    let (by_handler, by_find, by_stream) = tokio::join!(
        tokio::spawn(async move { users.find("code=admin@acme.test").await }),
        tokio::spawn(find.into_future()),
        tokio::spawn(async move { stream.try_collect::<Vec<_>>().await }),
    );
    assert_eq!(by_handler.unwrap().unwrap().len(), 1);
    let all = by_find.unwrap().unwrap();
    assert_eq!(by_stream.unwrap().unwrap().len(), all.len());
    assert!(all.len() > 1, "the seed has several users");
}

#[tokio::test]
async fn a_session_the_server_forgot_is_replaced_without_the_program_doing_anything() {
    let env = start().await;
    let employee = env.session_as("employee@acme.test").await;
    let before = employee.login_info().unwrap();
    // Deactivating a user ends their sessions on the server; reactivating does not bring
    // them back.
    let id = env.user_id("employee@acme.test");
    env.admin.deactivate_one("User", &id).await.unwrap();
    env.admin.activate_one("User", &id).await.unwrap();

    let me = employee
        .users()
        .find_one("code=employee@acme.test")
        .await
        .unwrap();
    assert_eq!(me.unwrap().code.as_deref(), Some("employee@acme.test"));
    let after = employee.login_info().unwrap();
    assert_ne!(before.session_id(), after.session_id(), "a new login");

    // Forgotten again: the create is refused before the server acts, then sent once more,
    // and exists exactly once.
    env.admin.deactivate_one("User", &id).await.unwrap();
    env.admin.activate_one("User", &id).await.unwrap();
    let created = employee
        .deliveries()
        .create(&accsyn_client::model::NewDelivery::temporary(
            "Forgotten session",
        ))
        .await
        .unwrap();
    let named = env
        .admin
        .deliveries()
        .find(accsyn_client::query::attr("name").eq("Forgotten session"))
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].id, created.id);
}

/// A relay between the session and the emulator that passes everything on, except that it
/// cuts the connection when the reply to the first POST (a create) arrives: the server acts,
/// the client never hears.
async fn relay_losing_the_first_reply_to_a_create(
    upstream: std::net::SocketAddr,
) -> std::net::SocketAddr {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let lost_one = Arc::new(AtomicBool::new(false));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let server = tokio::net::TcpStream::connect(upstream).await.unwrap();
            let (mut from_client, mut to_client) = client.into_split();
            let (mut from_server, mut to_server) = server.into_split();
            // Set, before the create is passed on, so its reply cannot come first.
            let swallow = Arc::new(AtomicBool::new(false));
            let (lost, marked) = (Arc::clone(&lost_one), Arc::clone(&swallow));
            tokio::spawn(async move {
                let mut buf = vec![0u8; 1 << 16];
                while let Ok(n) = from_client.read(&mut buf).await {
                    if n == 0 {
                        return;
                    }
                    if buf.starts_with(b"POST ") && !lost.swap(true, Ordering::SeqCst) {
                        marked.store(true, Ordering::SeqCst);
                    }
                    if to_server.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            });
            tokio::spawn(async move {
                let mut buf = vec![0u8; 1 << 16];
                while let Ok(n) = from_server.read(&mut buf).await {
                    // The server has answered (and acted); the client is cut off.
                    if n == 0 || swallow.load(Ordering::SeqCst) {
                        return;
                    }
                    if to_client.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_create_whose_outcome_is_unknown_is_reported_and_never_sent_again() {
    let env = start().await;
    let relay = relay_losing_the_first_reply_to_a_create(env.emulator.local_addr()).await;
    let admin = env.emulator.credentials().user("admin@acme.test").unwrap();
    let session = Session::builder()
        .ignore_env()
        .workspace(env.emulator.workspace())
        .username(admin.code())
        .api_key(admin.api_key())
        .base_url(format!("http://{relay}"))
        .connect()
        .await
        .unwrap();
    let payload = accsyn_client::model::NewDelivery::temporary("Outcome unknown");
    let err = session.deliveries().create(&payload).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    // The server did create it, once: the transport did not send it again.
    let named = env
        .admin
        .deliveries()
        .find(accsyn_client::query::attr("name").eq("Outcome unknown"))
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
}
