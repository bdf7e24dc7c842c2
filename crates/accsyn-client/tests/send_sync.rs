//! Compile-time checks: what users move across tasks and threads is `Send` (and `Sync` where a
//! shared reference is useful). A regression here fails to compile.
//!
//! Futures and streams are `Send + Sync` too: the builders' (what `.await` on a find, a
//! create, an `ls` or a wait makes), the streams, and those of the handlers' `async fn`s. The
//! transport's futures (reqwest's) are not `Sync`; the client wraps them where it awaits them
//! (`sync_wrapper`: a future is only polled through `&mut`, so sharing `&` to it is harmless).

use std::future::{Future, IntoFuture};

use accsyn_client::model::{Transfer, User};
use accsyn_client::{
    Create, Environment, Error, Find, FindOne, Handler, Ls, Page, Session, SessionBuilder,
    TypedFind,
};
use futures_util::Stream;

fn send_sync<T: Send + Sync + 'static>() {}
fn send<T: Send + 'static>() {}
fn send_sync_future<F: Future + Send + Sync + 'static>(_: F) {}
fn send_sync_stream<S: Stream + Send + Sync + 'static>(_: S) {}

#[test]
fn session_handlers_builders_errors_and_builder_futures_and_streams_are_send_and_sync() {
    send_sync::<Session>();
    // Its `configure` closures need only be `Send`: a builder is moved, not shared.
    send::<SessionBuilder>();
    send_sync::<Environment>();
    send_sync::<Error>();
    send_sync::<Handler<Transfer>>();
    send_sync::<TypedFind<Transfer>>();
    send_sync::<Page<User>>();
    send_sync::<Find>();
    send_sync::<FindOne>();
    send_sync::<Create>();
    send_sync::<Ls>();
    send_sync::<Ls<accsyn_client::model::FileListing>>();
    send_sync::<accsyn_client::Files>();
    send_sync::<accsyn_client::Settings>();
    send_sync::<accsyn_client::blocking::Files>();
    send_sync::<accsyn_client::blocking::Settings>();
    send_sync::<accsyn_client::blocking::Session>();
    send_sync::<accsyn_client::blocking::Handler<Transfer>>();

    // Futures and streams are built here and never polled: only their types matter.
    let session = Session::from_transport(std::sync::Arc::new(
        accsyn_client::transport::MockTransport::new(),
    ));
    send_sync_future(session.find("User").into_future());
    send_sync_future(session.find_one("User").into_future());
    send_sync_future(
        session
            .create("User", serde_json::json!({"code": "x"}))
            .into_future(),
    );
    send_sync_future(session.transfers().list().into_future());
    send_sync_stream(session.transfers().list().stream(10));
    send_sync_stream(session.users().list().pages(10));
    let owned = session.clone();
    send_sync_future(async move { owned.deliveries().find_one("status=init").await });
    let owned = session.clone();
    send_sync_future(async move { owned.access("Delivery", "0123456789abcdef01234567").await });
    let id = "0123456789abcdef01234567".parse().unwrap();
    let wait = session
        .transfers()
        .wait_for(&id, accsyn_client::model::JobStatus::Done);
    send_sync_future(wait.on_progress(|p| println!("{p}")).into_future());
    send_sync_stream(
        session
            .deliveries()
            .wait_for(&id, accsyn_client::model::DeliveryStatus::Pending)
            .progress(),
    );
    send_sync_stream(session.entities("Queue").list().stream(10));
    send_sync_future(session.files().ls("share=p").recursive(true).into_future());
    let files = session.files();
    send_sync_future(async move { files.getsize("share=p").await });
    let settings = session.workspace_settings();
    send_sync_future(async move { settings.all().await });
    let owned = session.clone();
    send_sync_future(async move {
        owned
            .transfers()
            .set_status(&id, accsyn_client::model::JobStatus::Paused)
            .await
    });
    let owned = session.clone();
    send_sync_future(async move { owned.pre_publish(Vec::new()).await });
    let owned = session.clone();
    send_sync_future(async move {
        owned
            .call(accsyn_client::transport::ApiRequest::get("user"))
            .await
    });
}
