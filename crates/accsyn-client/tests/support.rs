//! A fresh emulator and a session on it, per test.

use accsyn_client::Session;
use accsyn_emulator::{Emulator, Seed};

/// A storage file the seed puts on the default volume.
pub(crate) const STORAGE_FILE: &str = "projects/delivery/a.mov";

pub(crate) struct Env {
    pub(crate) emulator: Emulator,
    pub(crate) admin: Session,
}

impl Env {
    /// A session logged in as `code`.
    pub(crate) async fn session_as(&self, code: &str) -> Session {
        let user = self.emulator.credentials().user(code).unwrap();
        Session::builder()
            .workspace(self.emulator.workspace())
            .username(user.code())
            .api_key(user.api_key())
            .base_url(self.emulator.base_url())
            .ignore_env()
            .connect()
            .await
            .unwrap()
    }

    pub(crate) fn user_id(&self, code: &str) -> String {
        self.emulator
            .credentials()
            .user(code)
            .unwrap()
            .id()
            .to_owned()
    }
}

/// The built-in users and volume, one 1 MiB storage file, a frozen clock.
pub(crate) async fn start() -> Env {
    let seed = Seed::builtin().storage_file(STORAGE_FILE, 1 << 20);
    let emulator = Emulator::builder()
        .seed(seed)
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let mut env = Env {
        admin: Session::from_transport(std::sync::Arc::new(
            accsyn_client::transport::MockTransport::new(),
        )),
        emulator,
    };
    env.admin = env.session_as("admin@acme.test").await;
    env
}
