//! Topic modules and a small raw client speaking the official wire forms.

// Signals (SIGINT, SIGKILL) are how these tests stop the binary.
#[cfg(unix)]
mod binary;
mod concurrency;
mod crud;
mod deliveries;
mod files;
mod find;
mod hostile;
mod login;
mod malformed;
mod parented;
mod persistence;
mod protocol;
mod review;
mod roles;
mod servers;
mod shapes;
mod share_roles;
mod sharing;
mod transfers;

use accsyn_emulator::{Emulator, Role, Seed, SeedUser};
use base64::Engine as _;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

pub(crate) const ADMIN: &str = "admin@acme.test";
pub(crate) const EMPLOYEE: &str = "employee@acme.test";
pub(crate) const STANDARD: &str = "standard@acme.test";
pub(crate) const ADMIN_KEY: &str = "secret-key-1";

/// The seed most tests use: fixed keys, as in the recorded traffic.
pub(crate) fn seed() -> Seed {
    Seed::new()
        .workspace("acme")
        .user(SeedUser::new(ADMIN, Role::Admin).api_key(ADMIN_KEY))
        .user(SeedUser::new(EMPLOYEE, Role::Employee).api_key("secret-key-2"))
        .user(SeedUser::new(STANDARD, Role::Standard).api_key("secret-key-3"))
        .storage_file("projects/delivery/a.mov", 1024)
}

pub(crate) async fn start() -> Emulator {
    Emulator::builder()
        .seed(seed())
        .time_scale(0.0)
        .start()
        .await
        .unwrap()
}

/// A plain HTTP client for the raw protocol tests.
///
/// In a whole-workspace build reqwest is unified with accsyn-transport's
/// `rustls-no-provider` feature, and then panics unless a rustls crypto
/// provider is installed first; any provider will do for plain HTTP.
pub(crate) fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub(crate) fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

pub(crate) fn auth_header(user: &str, key: &str) -> String {
    format!("basic {}:{}", b64(user), b64(key))
}

/// A logged-in raw client.
pub(crate) struct Client {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) user: String,
    pub(crate) key: String,
    pub(crate) session: String,
    pub(crate) id: String,
}

/// Reads a reply: status and JSON body.
pub(crate) async fn read(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, body)
}

pub(crate) async fn login_raw(base: &str, user: &str, key: &str, workspace: &str) -> (u16, Value) {
    let resp = http_client()
        .put(format!("{base}/api/v3/api/login"))
        .header("Authorization", auth_header(user, key))
        .header("X-Accsyn-Workspace", workspace)
        .body("{}")
        .send()
        .await
        .unwrap();
    read(resp).await
}

impl Client {
    pub(crate) async fn login(emu: &Emulator, user: &str) -> Client {
        let key = emu.credentials().user(user).unwrap().api_key().to_owned();
        let (status, body) = login_raw(&emu.base_url(), user, &key, emu.workspace()).await;
        assert_eq!(status, 200, "{body}");
        Client {
            http: http_client(),
            base: emu.base_url(),
            user: user.to_owned(),
            key,
            session: body["result"]["session_id"].as_str().unwrap().to_owned(),
            id: body["result"]["id"].as_str().unwrap().to_owned(),
        }
    }

    pub(crate) fn envelope(
        &self,
        uri: &str,
        data: Value,
        query: Option<&str>,
        id: Option<&str>,
    ) -> Value {
        let mut env = json!({
            "audience": "api", "workspace": "acme", "eid": "44aec750-82d5-4172-bcd4-56e22aa7c11a",
            "session": self.session, "uri": uri, "ident": self.user,
            "created": "2026-11-23T13:18:43", "hostname": "vm", "data": data,
        });
        if let Some(q) = query {
            env["query"] = json!(q);
        }
        if let Some(i) = id {
            env["id"] = json!(i);
        }
        env
    }

    /// Sends a prepared envelope the way the official client does.
    pub(crate) async fn send(&self, method: &str, env: &Value) -> (u16, Value) {
        let text = env.to_string();
        let url = format!("{}/api/v3/event", self.base);
        let req = match method {
            "GET" | "DELETE" => {
                let q = utf8_percent_encode(&text, NON_ALPHANUMERIC).to_string();
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                self.http.request(m, format!("{url}?{q}"))
            }
            _ => {
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                self.http.request(m, url).body(text)
            }
        };
        let resp = req
            .header("Authorization", auth_header(&self.user, &self.key))
            .header("X-Accsyn-Workspace", "acme")
            .header("X-Accsyn-Device", "PythonAPI v3.4.0 @ linux vm(posix)")
            .send()
            .await
            .unwrap();
        read(resp).await
    }

    pub(crate) async fn event(
        &self,
        method: &str,
        uri: &str,
        data: Value,
        query: Option<&str>,
        id: Option<&str>,
    ) -> (u16, Value) {
        self.send(method, &self.envelope(uri, data, query, id))
            .await
    }

    /// A successful call's `result`; panics with the reply otherwise.
    pub(crate) async fn ok(
        &self,
        method: &str,
        uri: &str,
        data: Value,
        query: Option<&str>,
        id: Option<&str>,
    ) -> Value {
        let (status, body) = self.event(method, uri, data, query, id).await;
        assert_eq!(status, 200, "{method} {uri}: {body}");
        body.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("no result: {body}"))
    }

    /// A failed call's `message`; panics on success.
    pub(crate) async fn fails(
        &self,
        method: &str,
        uri: &str,
        data: Value,
        query: Option<&str>,
        id: Option<&str>,
    ) -> String {
        let (status, body) = self.event(method, uri, data, query, id).await;
        assert_ne!(status, 200, "{method} {uri} should fail: {body}");
        body["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no message: {body}"))
            .to_owned()
    }

    pub(crate) async fn create(&self, ty: &str, data: Value) -> Value {
        let r = self
            .ok("POST", &format!("{ty}/create"), data, None, None)
            .await;
        r[0].clone()
    }

    pub(crate) async fn find(&self, ty: &str, data: Value, query: Option<&str>) -> Vec<Value> {
        let r = self
            .ok("GET", &format!("{ty}/find"), data, query, None)
            .await;
        r.as_array().unwrap().clone()
    }
}

/// Grants `user_id` access to a volume by code, as the official client's
/// `grant` does (`acl/create`); returns the ACL.
pub(crate) async fn grant(
    admin: &Client,
    user_id: &str,
    volume: &str,
    read: bool,
    write: bool,
) -> Value {
    let q = format!("code={volume}");
    let volumes = admin.find("volume", json!({}), Some(&q)).await;
    let vid = volumes[0]["id"].as_str().unwrap();
    admin
        .create(
            "acl",
            json!({"entity": format!("user:{user_id}"), "target": format!("share:{vid}"), "read": read, "write": write}),
        )
        .await
}
