//! What a call sends ([`ApiRequest`]) and what it gets back ([`Reply`]).

use std::fmt;

use serde_json::{Map, Value};

/// The HTTP method of an operation; the protocol uses exactly these four.
///
/// ```
/// use accsyn_transport::Method;
///
/// assert_eq!(Method::Get.as_str(), "GET");
/// assert!(Method::Get.is_safe_to_repeat());
/// assert!(!Method::Delete.is_safe_to_repeat());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// Reads: finds, listings, lookups. Sent as a query string.
    Get,
    /// Updates. Sent as a body.
    Put,
    /// Creates. Sent as a body.
    Post,
    /// Deletes. Sent as a query string.
    Delete,
}

impl Method {
    /// The method as written on the wire.
    ///
    /// ```
    /// assert_eq!(accsyn_transport::Method::Delete.as_str(), "DELETE");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    /// True only for GET: repeating a read cannot change anything on the server, so it may be
    /// retried after it was sent. DELETE is idempotent in HTTP terms, but accsyn deletes can
    /// cascade and report differently the second time, so it is treated like a write.
    ///
    /// ```
    /// assert!(!accsyn_transport::Method::Post.is_safe_to_repeat());
    /// ```
    pub fn is_safe_to_repeat(self) -> bool {
        matches!(self, Method::Get)
    }

    /// True when the envelope travels in the query string (GET and DELETE), false when it is
    /// the body (PUT and POST).
    ///
    /// ```
    /// assert!(accsyn_transport::Method::Delete.uses_query_string());
    /// ```
    pub fn uses_query_string(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One API call: method, operation uri and the optional data, query expression and entity id.
///
/// ```
/// use accsyn_transport::{ApiRequest, Method};
/// use serde_json::json;
///
/// let req = ApiRequest::get("transfer/find")
///     .with_query("status=done")
///     .with_data(json!({"limit": 5}));
/// assert_eq!(req.method, Method::Get);
/// assert_eq!(req.query.as_deref(), Some("status=done"));
///
/// let del = ApiRequest::delete("delivery/delete").with_id("0123456789abcdef01234567");
/// assert!(del.data.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiRequest {
    /// The HTTP method.
    pub method: Method,
    /// The operation, such as `transfer/find` or `job/recipient/add`.
    pub uri: String,
    /// The operation's payload (an object, or a list for task updates); `None` is sent as `null`.
    pub data: Option<Value>,
    /// The expression after `WHERE` in a query (or a whole query for ACL lookups).
    pub query: Option<String>,
    /// The entity id the operation targets (the parent for task and file creation).
    pub id: Option<String>,
}

impl ApiRequest {
    /// A request with no data, query or id.
    ///
    /// ```
    /// use accsyn_transport::{ApiRequest, Method};
    /// let req = ApiRequest::new(Method::Put, "share/server");
    /// assert_eq!(req.uri, "share/server");
    /// ```
    pub fn new(method: Method, uri: impl Into<String>) -> Self {
        Self {
            method,
            uri: uri.into(),
            data: None,
            query: None,
            id: None,
        }
    }

    /// A GET request (reads).
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::get("entitytypes");
    /// assert_eq!(req.method, accsyn_transport::Method::Get);
    /// ```
    pub fn get(uri: impl Into<String>) -> Self {
        Self::new(Method::Get, uri)
    }

    /// A PUT request (updates).
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::put("delivery/edit");
    /// assert_eq!(req.method, accsyn_transport::Method::Put);
    /// ```
    pub fn put(uri: impl Into<String>) -> Self {
        Self::new(Method::Put, uri)
    }

    /// A POST request (creates).
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::post("delivery/create");
    /// assert_eq!(req.method, accsyn_transport::Method::Post);
    /// ```
    pub fn post(uri: impl Into<String>) -> Self {
        Self::new(Method::Post, uri)
    }

    /// A DELETE request.
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::delete("delivery/delete");
    /// assert_eq!(req.method, accsyn_transport::Method::Delete);
    /// ```
    pub fn delete(uri: impl Into<String>) -> Self {
        Self::new(Method::Delete, uri)
    }

    /// Sets the payload.
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::post("delivery/create")
    ///     .with_data(serde_json::json!({"name": "refs"}));
    /// assert!(req.data.is_some());
    /// ```
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// Sets the query expression.
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::get("user/find").with_query("code='a@b.c'");
    /// assert_eq!(req.query.as_deref(), Some("code='a@b.c'"));
    /// ```
    pub fn with_query(mut self, query: impl Into<String>) -> Self {
        self.query = Some(query.into());
        self
    }

    /// Sets the target entity id.
    ///
    /// ```
    /// let req = accsyn_transport::ApiRequest::get("job/recipients").with_id("0123456789abcdef01234567");
    /// assert!(req.id.is_some());
    /// ```
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A decoded successful reply: the JSON object the server sent, without `message` or
/// `exception` (those become [`Error`](crate::Error)s).
///
/// Most operations answer `result`; a few answer another key (`report`, `api_key`), so the
/// whole object is kept.
///
/// ```
/// use accsyn_transport::Reply;
/// use serde_json::json;
///
/// let reply = Reply::from_result(json!([{"id": "0123456789abcdef01234567"}]));
/// assert!(reply.result().is_some_and(|r| r.is_array()));
/// assert_eq!(reply.into_result(), Some(json!([{"id": "0123456789abcdef01234567"}])));
///
/// // Debug masks secret-looking fields: some operations answer an API key.
/// let key = Reply::new(json!({"api_key": "new-key"}).as_object().unwrap().clone());
/// assert!(!format!("{key:?}").contains("new-key"));
/// ```
#[derive(Clone, PartialEq, Default)]
pub struct Reply(Map<String, Value>);

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = crate::wire::masked_json(&Value::Object(self.0.clone()));
        f.debug_tuple("Reply")
            .field(&format_args!("{shown}"))
            .finish()
    }
}

impl Reply {
    /// Wraps a reply object.
    ///
    /// ```
    /// let mut body = serde_json::Map::new();
    /// body.insert("report".into(), "ok".into());
    /// let reply = accsyn_transport::Reply::new(body);
    /// assert_eq!(reply.get("report"), Some(&serde_json::json!("ok")));
    /// ```
    pub fn new(body: Map<String, Value>) -> Self {
        Self(body)
    }

    /// A reply `{"result": result}`, handy in fakes and mocks.
    ///
    /// ```
    /// let reply = accsyn_transport::Reply::from_result(true.into());
    /// assert_eq!(reply.result(), Some(&serde_json::json!(true)));
    /// ```
    pub fn from_result(result: Value) -> Self {
        let mut body = Map::new();
        body.insert("result".to_owned(), result);
        Self(body)
    }

    /// The `result` field, when the reply has one.
    ///
    /// ```
    /// assert!(accsyn_transport::Reply::default().result().is_none());
    /// ```
    pub fn result(&self) -> Option<&Value> {
        self.0.get("result")
    }

    /// Takes the `result` field out of the reply.
    ///
    /// ```
    /// let reply = accsyn_transport::Reply::from_result(1.into());
    /// assert_eq!(reply.into_result(), Some(1.into()));
    /// ```
    pub fn into_result(mut self) -> Option<Value> {
        self.0.remove("result")
    }

    /// Any top-level field of the reply.
    ///
    /// ```
    /// let reply = accsyn_transport::Reply::from_result(1.into());
    /// assert!(reply.get("report").is_none());
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The whole reply object.
    ///
    /// ```
    /// let reply = accsyn_transport::Reply::from_result(1.into());
    /// assert_eq!(reply.as_map().len(), 1);
    /// ```
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Unwraps the reply object.
    ///
    /// ```
    /// let map = accsyn_transport::Reply::from_result(1.into()).into_map();
    /// assert!(map.contains_key("result"));
    /// ```
    pub fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

impl From<Map<String, Value>> for Reply {
    fn from(body: Map<String, Value>) -> Self {
        Self(body)
    }
}

/// A successful reply as received, undecoded: for callers that decode the body straight into
/// their own types, with no [`serde_json::Value`] tree in between (see
/// [`Transport::call_raw`](crate::Transport::call_raw)).
///
/// `Debug` shows the status and size, never the body (it may hold a key).
///
/// ```
/// use accsyn_transport::RawReply;
///
/// let raw = RawReply::new("transfer/find", 200, br#"{"result": []}"#.to_vec());
/// assert_eq!(raw.body(), br#"{"result": []}"#);
/// assert!(raw.decode()?.result().is_some());
/// assert!(!format!("{raw:?}").contains("result"));
/// # Ok::<(), accsyn_transport::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct RawReply {
    uri: String,
    status: u16,
    body: bytes::Bytes,
}

impl fmt::Debug for RawReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawReply")
            .field("uri", &self.uri)
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl RawReply {
    /// A reply to `uri` with this status and body.
    ///
    /// ```
    /// let raw = accsyn_transport::RawReply::new("user/find", 200, b"{}".to_vec());
    /// assert_eq!(raw.status(), 200);
    /// ```
    pub fn new(uri: impl Into<String>, status: u16, body: impl Into<bytes::Bytes>) -> RawReply {
        RawReply {
            uri: uri.into(),
            status,
            body: body.into(),
        }
    }

    /// The operation it answers, such as `transfer/find`.
    ///
    /// ```
    /// let raw = accsyn_transport::RawReply::new("user/find", 200, b"{}".to_vec());
    /// assert_eq!(raw.uri(), "user/find");
    /// ```
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The HTTP status.
    ///
    /// ```
    /// let raw = accsyn_transport::RawReply::new("user/find", 200, b"{}".to_vec());
    /// assert_eq!(raw.status(), 200);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body, as received.
    ///
    /// ```
    /// let raw = accsyn_transport::RawReply::new("user/find", 200, b"{}".to_vec());
    /// assert_eq!(raw.body(), b"{}");
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Decodes it as [`Transport::call`](crate::Transport::call) would: the typed error of a
    /// refusal, a fault or a body that is not a reply, else the [`Reply`].
    ///
    /// # Errors
    /// As [`decode_reply`](crate::decode_reply).
    ///
    /// ```
    /// let raw = accsyn_transport::RawReply::new("user/find", 400, br#"{"message": "no"}"#.to_vec());
    /// assert!(raw.decode().is_err());
    /// ```
    pub fn decode(&self) -> Result<Reply, crate::Error> {
        crate::decode_reply(&self.uri, self.status, &self.body)
    }
}
