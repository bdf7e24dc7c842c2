#![allow(dead_code)] // Each bench uses its own part of this module.
//! What the emulator's benches share (each uses part of it): a user logged in over plain HTTP,
//! and events sent the way the official client sends them.

use base64::Engine as _;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

/// A logged-in user's HTTP client, `Authorization` header and session.
pub(crate) struct Login {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) user: String,
    pub(crate) auth: String,
    pub(crate) session: String,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Logs `user` in on the emulator at `base`.
pub(crate) async fn login(base: &str, user: &str, key: &str) -> Login {
    let http = reqwest::Client::new();
    let auth = format!("basic {}:{}", b64(user.as_bytes()), b64(key.as_bytes()));
    let r = http
        .put(format!("{base}/api/v3/api/login"))
        .header("Authorization", &auth)
        .header("X-Accsyn-Workspace", "acme")
        .body("{}")
        .send()
        .await
        .unwrap();
    let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    Login {
        http,
        base: base.to_owned(),
        user: user.to_owned(),
        auth,
        session: v["result"]["session_id"].as_str().unwrap().to_owned(),
    }
}

impl Login {
    /// The envelope of an event on `uri` with `data`.
    pub(crate) fn envelope(&self, uri: &str, data: Value) -> Value {
        json!({"audience": "api", "workspace": "acme", "session": self.session,
            "uri": uri, "ident": self.user, "data": data})
    }

    /// The URL of a GET event carrying `envelope` in its query string.
    pub(crate) fn get_url(&self, envelope: &Value) -> String {
        let q = utf8_percent_encode(&envelope.to_string(), NON_ALPHANUMERIC).to_string();
        format!("{}/api/v3/event?{q}", self.base)
    }

    /// Sends a GET event; the reply as JSON.
    pub(crate) async fn get(&self, envelope: &Value) -> Value {
        let r = self
            .http
            .get(self.get_url(envelope))
            .header("Authorization", &self.auth)
            .header("X-Accsyn-Workspace", "acme")
            .send()
            .await
            .unwrap();
        serde_json::from_str(&r.text().await.unwrap()).unwrap()
    }

    /// Sends a POST event with `body`; the reply as JSON.
    pub(crate) async fn post(&self, body: String) -> Value {
        let r = self
            .http
            .post(format!("{}/api/v3/event", self.base))
            .header("Authorization", &self.auth)
            .header("X-Accsyn-Workspace", "acme")
            .body(body)
            .send()
            .await
            .unwrap();
        serde_json::from_str(&r.text().await.unwrap()).unwrap()
    }
}
