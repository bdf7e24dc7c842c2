//! `Session`: one logged-in connection to a workspace, and the plumbing every call shares.

mod builder;
mod config;

use std::fmt;
use std::sync::Arc;

use accsyn_transport::{ApiRequest, HttpTransport, LoginInfo, RawReply, Reply, Transport};
use serde::de::DeserializeOwned;
use serde_json::Value;
// The transport's futures are `Send` only (reqwest's are not `Sync`); each is wrapped where it
// is awaited so that every future this crate makes is `Sync` as well.
use sync_wrapper::SyncFuture;

pub use builder::SessionBuilder;
pub use config::{
    API_KEY_ENV, CREDENTIALS_PATH_ENV, DOMAIN_ENV, Environment, ORG_ENV, PROXY_ENV, USER_ENV,
    WORKSPACE_ENV,
};

use crate::{Error, Result};

/// A connection to one accsyn workspace: the entry point of the SDK.
///
/// Cheap to clone (one reference count; the connection pool and login are shared) and
/// `Send + Sync`: clone it into tasks and threads freely. One API, in two spellings:
///
/// - handlers: typed ones for what [`accsyn_model`] describes
///   ([`deliveries`](Self::deliveries), [`transfers`](Self::transfers),
///   [`requests`](Self::requests), [`users`](Self::users), [`volumes`](Self::volumes),
///   [`folders`](Self::folders), [`homes`](Self::homes), [`collections`](Self::collections),
///   [`jobs`](Self::jobs), [`clients`](Self::clients), [`servers`](Self::servers)), the
///   untyped one over JSON for any entity type ([`entities`](Self::entities)), plus
///   [`files`](Self::files) and [`workspace_settings`](Self::workspace_settings);
/// - the official client's calls, named as there for scripts ported from it
///   ([`find`](Self::find), [`create`](Self::create), [`update`](Self::update),
///   [`grant`](Self::grant), [`ls`](Self::ls), ...): thin wrappers over the handlers, on
///   JSON.
///
/// ```
/// use accsyn_client::Session;
/// # use accsyn_emulator::Emulator;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emulator = Emulator::builder().start().await?;
/// # let admin = emulator.credentials().user("admin@acme.test").unwrap();
/// let session = Session::builder()
///     .workspace(emulator.workspace())
///     .username(admin.code())
///     .api_key(admin.api_key())
///     .base_url(emulator.base_url())
///     .connect()
///     .await?;
/// let me = session.find_one("User WHERE code=admin@acme.test").await?;
/// assert_eq!(me.unwrap()["code"], "admin@acme.test");
/// # emulator.shutdown().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Session {
    /// One allocation shared by every clone: handlers, finds and streams each own a clone.
    inner: Arc<Inner>,
}

struct Inner {
    transport: Arc<dyn Transport>,
    /// The same transport when it is the HTTP one: login and its info need the concrete type.
    http: Option<HttpTransport>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.http {
            // HttpTransport's Debug redacts the key and the session id.
            Some(http) => f.debug_struct("Session").field("transport", http).finish(),
            None => f
                .debug_struct("Session")
                .field("transport", &"custom")
                .finish(),
        }
    }
}

impl Session {
    /// Starts configuring a session.
    ///
    /// ```
    /// let session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("admin@acme.test").api_key("k").build()?;
    /// assert_eq!(session.workspace(), Some("acme"));
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn builder() -> SessionBuilder {
        SessionBuilder::new()
    }

    /// Connects with the settings of the credentials file and the environment (see
    /// [`SessionBuilder`]), through the master lookup, and logs in.
    ///
    /// # Errors
    /// [`Error::MissingSetting`] naming the variable that is not set, or the login's errors.
    ///
    /// ```no_run
    /// # async fn run() -> accsyn_client::Result<()> {
    /// let session = accsyn_client::Session::connect().await?;
    /// # let _ = session; Ok(()) }
    /// ```
    pub async fn connect() -> Result<Session> {
        SessionBuilder::new().connect().await
    }

    /// A session over any transport: a fake or mock in tests, or a custom stack.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use accsyn_client::{Session, transport::MockTransport};
    /// let session = Session::from_transport(Arc::new(MockTransport::new()));
    /// assert!(session.workspace().is_none());
    /// ```
    pub fn from_transport(transport: Arc<dyn Transport>) -> Session {
        Session::from_parts(transport, None)
    }

    fn from_parts(transport: Arc<dyn Transport>, http: Option<HttpTransport>) -> Session {
        Session {
            inner: Arc::new(Inner { transport, http }),
        }
    }

    /// Logs in now (the HTTP transport otherwise logs in on the first call); a no-op for a
    /// custom transport. Later calls reuse the same login; when the server forgets it (a user
    /// deactivated and reactivated, a backend restart), the transport logs in again by itself
    /// and sends the refused call once more.
    ///
    /// # Errors
    /// Unknown workspace, refused login, connection failures.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.login().await?;
    /// println!("{:?}", session.login_info().map(|i| i.role));
    /// # Ok(()) }
    /// ```
    pub async fn login(&self) -> Result<()> {
        if let Some(http) = &self.inner.http {
            http.login().await?;
        }
        Ok(())
    }

    /// The role and user id of the current login, once logged in over HTTP.
    ///
    /// ```
    /// let session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("u").api_key("k").build()?;
    /// assert!(session.login_info().is_none());
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn login_info(&self) -> Option<LoginInfo> {
        self.inner.http.as_ref().and_then(HttpTransport::login_info)
    }

    /// The workspace code, for an HTTP session.
    ///
    /// ```
    /// let session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("u").api_key("k").build()?;
    /// assert_eq!(session.workspace(), Some("acme"));
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn workspace(&self) -> Option<&str> {
        self.inner.http.as_ref().map(HttpTransport::workspace)
    }

    /// The user name, for an HTTP session.
    ///
    /// ```
    /// let session = accsyn_client::Session::builder()
    ///     .workspace("acme").username("u@acme.test").api_key("k").build()?;
    /// assert_eq!(session.username(), Some("u@acme.test"));
    /// # Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn username(&self) -> Option<&str> {
        self.inner.http.as_ref().map(HttpTransport::username)
    }

    /// The transport underneath, for calls this crate does not wrap yet.
    ///
    /// ```
    /// # let session = accsyn_client::Session::builder()
    /// #     .workspace("acme").username("u").api_key("k").build()?;
    /// let transport = session.transport();
    /// # let _ = transport; Ok::<(), accsyn_client::Error>(())
    /// ```
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.inner.transport
    }

    /// Sends any request and returns the whole reply: the lowest-level escape hatch, for the
    /// operations of the protocol that have no method here yet (such as an integration's
    /// utility), or to read keys of a reply beside `result`.
    ///
    /// # Errors
    /// [`Error::Transport`].
    ///
    /// ```no_run
    /// use accsyn_client::transport::ApiRequest;
    /// use serde_json::json;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let utility = json!({"operation": "status", "data": {}});
    /// let reply = session
    ///     .call(ApiRequest::put("workspace/integration/ftrack/utility").with_data(utility))
    ///     .await?;
    /// println!("{:?}", reply.result());
    /// # Ok(()) }
    /// ```
    pub async fn call(&self, request: ApiRequest) -> Result<Reply> {
        Ok(SyncFuture::new(self.inner.transport.call(request)).await?)
    }

    /// Sends a request and takes out `result`.
    pub(crate) async fn result(&self, request: ApiRequest) -> Result<(String, Value)> {
        let uri = request.uri.clone();
        let reply = SyncFuture::new(self.inner.transport.call(request)).await?;
        match reply.into_result() {
            Some(result) => Ok((uri, result)),
            None => Err(Error::UnexpectedReply {
                uri,
                expected: "any value",
            }),
        }
    }

    /// Sends a request whose `result` is a list.
    pub(crate) async fn list(&self, request: ApiRequest) -> Result<(String, Vec<Value>)> {
        match self.result(request).await? {
            (uri, Value::Array(list)) => Ok((uri, list)),
            // A find with nothing to return may answer null.
            (uri, Value::Null) => Ok((uri, Vec::new())),
            (uri, _) => Err(Error::UnexpectedReply {
                uri,
                expected: "a list",
            }),
        }
    }

    /// Sends a request whose `result` is one entity, or a list whose first element is it (as
    /// creates and edits answer).
    pub(crate) async fn one(&self, request: ApiRequest) -> Result<(String, Value)> {
        match self.result(request).await? {
            (uri, Value::Array(list)) => match list.into_iter().next() {
                Some(first) => Ok((uri, first)),
                None => Err(Error::UnexpectedReply {
                    uri,
                    expected: "a non-empty list",
                }),
            },
            (uri, value) => Ok((uri, value)),
        }
    }
}

/// The part of a reply a typed call reads: `result`, straight into its type. Refusals and
/// faults never get here: the transport turns them into errors first.
#[derive(serde::Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct TypedReply<T> {
    /// `None`: no `result` at all; `Some(None)`: `"result": null`.
    #[serde(default = "Option::default", deserialize_with = "present")]
    result: Option<Option<T>>,
    /// Seen in the same pass: the transport does not search large replies for refusals.
    #[serde(default = "Option::default", deserialize_with = "present")]
    message: Option<Option<serde::de::IgnoredAny>>,
    #[serde(default = "Option::default", deserialize_with = "present")]
    exception: Option<Option<serde::de::IgnoredAny>>,
}

/// A key that is present, whatever its value (`null` included).
fn present<'de, D, T>(deserializer: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

impl Session {
    /// Sends a request and reads its `result` from the reply's bytes straight into `T`, with
    /// no `Value` tree in between; `None` for a `null` result (a find with nothing to return
    /// may answer that).
    ///
    /// # Errors
    /// [`Error::UnexpectedReply`] for a reply without `result`, as well as the call's and
    /// decoding's errors.
    pub(crate) async fn typed<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<(String, Option<T>)> {
        let raw = SyncFuture::new(self.inner.transport.call_raw(request)).await?;
        match decode_raw(&raw)? {
            Some(result) => Ok((raw.uri().to_owned(), result)),
            None => Err(Error::UnexpectedReply {
                uri: raw.uri().to_owned(),
                expected: "any value",
            }),
        }
    }
}

impl Session {
    /// As [`typed`](Self::typed), for answers that are one value: a `null` result is read
    /// as `T` too (JSON's `Value::Null`, an `Option`'s `None`), or is a decode error.
    pub(crate) async fn typed_result<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        match self.typed::<T>(request).await? {
            (_, Some(value)) => Ok(value),
            (uri, None) => decode(&uri, Value::Null),
        }
    }
}

/// Reads a raw reply's `result` as `T`, naming the JSON path where it does not fit; a body
/// that is not JSON at all is the transport's decode error, quoting it.
fn decode_raw<T: DeserializeOwned>(raw: &RawReply) -> Result<Option<Option<T>>> {
    // Tracking the path costs on every key and element of a large reply, so it is done only
    // when the plain decode has already failed, by decoding again.
    let plain = serde_json::from_slice::<TypedReply<T>>(raw.body());
    let read = match plain {
        Ok(reply) => Ok(reply),
        Err(_) => {
            let mut json = serde_json::Deserializer::from_slice(raw.body());
            serde_path_to_error::deserialize::<_, TypedReply<T>>(&mut json)
                .map_err(|e| (e.path().to_string(), e.into_inner()))
                .and_then(|reply| match json.end() {
                    Ok(()) => Ok(reply),
                    Err(e) => Err((String::new(), e)),
                })
        }
    };
    match read {
        // A refusal or a fault: the transport's decode says which, with the server's words.
        Ok(reply) if reply.message.is_some() || reply.exception.is_some() => match raw.decode() {
            Err(refused) => Err(Error::Transport(refused)),
            Ok(_) => Ok(reply.result),
        },
        Ok(reply) => Ok(reply.result),
        Err((path, error)) if error.is_data() => Err(Error::Decode {
            uri: raw.uri().to_owned(),
            expected: short_type_name(std::any::type_name::<T>()),
            // The path inside `result`, as a caller of a typed call thinks of it.
            // (`result` itself when it is the whole result that does not fit).
            path: match path.strip_prefix("result") {
                Some(inside) if !inside.is_empty() => inside.trim_start_matches('.').to_owned(),
                _ => path,
            },
            source: error,
        }),
        // Not JSON, or cut short: the transport says so, quoting the start of the body.
        Err((_, error)) => Err(match raw.decode() {
            Err(transport) => Error::Transport(transport),
            Ok(_) => Error::Decode {
                uri: raw.uri().to_owned(),
                expected: short_type_name(std::any::type_name::<T>()),
                path: String::new(),
                source: error,
            },
        }),
    }
}

/// Reads `value` as `T`, naming the JSON path where it does not fit.
pub(crate) fn decode<T: DeserializeOwned>(uri: &str, value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
        uri: uri.to_owned(),
        expected: short_type_name(std::any::type_name::<T>()),
        path: e.path().to_string(),
        source: e.into_inner(),
    })
}

/// A type's name without module paths (`Vec<Transfer>`, not
/// `alloc::vec::Vec<accsyn_model::entity::job::Transfer>`): the paths name private modules.
/// Leaked once per distinct type, so the error can keep a `&'static str`.
fn short_type_name(full: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(Mutex::default);
    // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
    let mut names = names
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    names.entry(full).or_insert_with(|| {
        let mut short = String::with_capacity(full.len());
        let mut segment = String::new();
        let mut chars = full.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ':' && chars.peek() == Some(&':') {
                chars.next();
                segment.clear();
            } else if c.is_alphanumeric() || c == '_' {
                segment.push(c);
            } else {
                short.push_str(&segment);
                segment.clear();
                short.push(c);
            }
        }
        short.push_str(&segment);
        Box::leak(short.into_boxed_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(
            short_type_name("alloc::vec::Vec<accsyn_model::entity::job::Transfer>"),
            "Vec<Transfer>"
        );
        assert_eq!(
            short_type_name("core::option::Option<(u8, alloc::string::String)>"),
            "Option<(u8, String)>"
        );
        assert_eq!(short_type_name("u64"), "u64");
    }

    #[test]
    fn decode_errors_name_the_json_path() {
        let value = serde_json::json!({"tasks": [{"uri": "0"}, {"uri": 1}]});
        #[derive(Debug, serde::Deserialize)]
        struct Job {
            #[allow(dead_code)] // Only the failure is looked at.
            tasks: Vec<Task>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Task {
            #[allow(dead_code)] // Only the failure is looked at.
            uri: String,
        }
        let err = decode::<Job>("transfer/find", value).unwrap_err();
        let Error::Decode { path, uri, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (path.as_str(), uri.as_str()),
            ("tasks[1].uri", "transfer/find")
        );
        assert!(err.to_string().contains("`tasks[1].uri`"), "{err}");
        // The serde message is the source, not repeated in Display.
        let source = std::error::Error::source(&err).unwrap().to_string();
        assert!(source.contains("invalid type"), "{source}");
        assert!(!err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn raw_replies_decode_straight_into_types_and_errors_name_the_path_inside_result() {
        let raw = |body: &str| RawReply::new("transfer/find", 200, body.as_bytes().to_vec());
        let ok: Option<Option<Vec<accsyn_model::Transfer>>> = decode_raw(&raw(
            r#"{"result": [{"id": "6971e16fceadd67b955b1995", "queue": null, "x": 1}], "extra": 2}"#,
        ))
        .unwrap();
        let transfers = ok.flatten().unwrap();
        assert_eq!(transfers[0].queue, Some(None));
        assert_eq!(transfers[0].other["x"], 1);
        let null = decode_raw::<Vec<u8>>(&raw(r#"{"result": null}"#)).unwrap();
        assert_eq!(null, Some(None), "present, and null");
        let absent = decode_raw::<Vec<u8>>(&raw(r#"{"report": "x"}"#)).unwrap();
        assert_eq!(absent, None, "no result at all");

        let err = decode_raw::<Vec<accsyn_model::Transfer>>(&raw(
            r#"{"result": [{"id": "6971e16fceadd67b955b1995"}, {"status": 5}]}"#,
        ))
        .unwrap_err();
        let Error::Decode { path, expected, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!((path.as_str(), *expected), ("[1].status", "Vec<Transfer>"));

        // A refusal in a reply the transport did not search (over 64 KiB) is still one.
        let refused = decode_raw::<Vec<u8>>(&raw(r#"{"result": [], "message": "no such user"}"#));
        assert!(
            matches!(refused, Err(Error::Transport(accsyn_transport::Error::Api { ref message, .. })) if message == "no such user"),
            "{refused:?}"
        );
        let html = decode_raw::<Vec<u8>>(&raw("<html>proxy error</html>")).unwrap_err();
        assert!(
            matches!(
                html,
                Error::Transport(accsyn_transport::Error::Decode { .. })
            ),
            "{html:?}"
        );
        let cut = decode_raw::<Vec<u8>>(&raw(r#"{"result": [1, 2"#)).unwrap_err();
        assert!(matches!(cut, Error::Transport(_)), "{cut:?}");
    }

    #[test]
    fn decode_errors_in_model_entities_name_the_attribute() {
        // Entities are read straight from the deserializer now (no buffered map hiding the
        // position), so the path reaches into the entity.
        let value = serde_json::json!([{"id": "6971e16fceadd67b955b1995"}, {"size": "big"}]);
        let err = decode::<Vec<accsyn_model::Transfer>>("transfer/find", value).unwrap_err();
        assert!(err.to_string().contains("`[1].size`"), "{err}");
    }
}
