//! The event envelope every call after login travels in.

use serde::Serialize;
use serde_json::Value;

use super::compress::{GZIP_THRESHOLD, estimate_size, gzip_base64};
use crate::{ApiRequest, Error};

/// Who is calling: the fields of the envelope that stay the same for a whole session.
///
/// ```
/// use accsyn_transport::EventContext;
///
/// let ctx = EventContext {
///     workspace: "acme".into(),
///     username: "admin@acme.test".into(),
///     session_id: "sess-1".into(),
///     hostname: "vm".into(),
/// };
/// assert_eq!(ctx.workspace, "acme");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EventContext {
    /// The workspace code.
    pub workspace: String,
    /// The user name (`ident` in the envelope).
    pub username: String,
    /// The `session_id` returned by login.
    pub session_id: String,
    /// This machine's host name.
    pub hostname: String,
}

impl std::fmt::Debug for EventContext {
    // The session id is a bearer credential for the session's lifetime: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventContext")
            .field("workspace", &self.workspace)
            .field("username", &self.username)
            .field("session_id", &"[redacted]")
            .field("hostname", &self.hostname)
            .finish()
    }
}

/// The payload of an envelope: `data` as is, or `gz_data` when it is large.
///
/// ```
/// use accsyn_transport::{ApiRequest, Envelope, EventContext, Payload};
/// let ctx = EventContext { workspace: "w".into(), username: "u".into(),
///     session_id: "s".into(), hostname: "h".into() };
/// let big = ApiRequest::post("file/add").with_data(serde_json::json!({"p": "x".repeat(200_000)}));
/// let env = Envelope::build(&ctx, &big, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
/// assert!(matches!(env.payload, Payload::Gzip(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Payload<'a> {
    /// Sent as `"data": ...` (`null` when the call has no data).
    Data(Option<&'a Value>),
    /// Sent as `"gz_data": "<base64 of gzip of the JSON text>"` instead of `data`.
    Gzip(String),
}

/// The event envelope, field for field as the protocol defines it.
///
/// It borrows from the session's [`EventContext`] and the [`ApiRequest`]: building one per
/// call copies nothing but what is new (eid, timestamp, compressed data).
///
/// ```
/// use accsyn_transport::{ApiRequest, Envelope, EventContext, Payload};
/// use serde_json::json;
///
/// let ctx = EventContext {
///     workspace: "acme".into(),
///     username: "admin@acme.test".into(),
///     session_id: "sess-1".into(),
///     hostname: "vm".into(),
/// };
/// let req = ApiRequest::get("transfer/find").with_query("status=done").with_data(json!({}));
/// let env = Envelope::build(&ctx, &req, "44aec750-82d5-4172-bcd4-56e22aa7c11a".into(),
///     "2026-11-23T13:18:43".into()).unwrap();
/// let json: serde_json::Value = serde_json::from_str(&env.to_json()).unwrap();
/// assert_eq!(json, json!({
///     "audience": "api", "workspace": "acme", "eid": "44aec750-82d5-4172-bcd4-56e22aa7c11a",
///     "session": "sess-1", "uri": "transfer/find", "ident": "admin@acme.test",
///     "created": "2026-11-23T13:18:43", "hostname": "vm", "data": {}, "query": "status=done"
/// }));
/// assert!(matches!(env.payload, Payload::Data(Some(_))));
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Envelope<'a> {
    /// Always `"api"`.
    pub audience: &'static str,
    /// The workspace code.
    pub workspace: &'a str,
    /// A fresh UUID v4 per call (kept across retries of the same call).
    pub eid: String,
    /// The login session id.
    pub session: &'a str,
    /// The operation.
    pub uri: &'a str,
    /// The user name.
    pub ident: &'a str,
    /// When the call was made, UTC, `YYYY-MM-DDTHH:MM:SS`.
    pub created: String,
    /// This machine's host name.
    pub hostname: &'a str,
    /// `data` or `gz_data`.
    pub payload: Payload<'a>,
    /// The query expression, when the call has one.
    pub query: Option<&'a str>,
    /// The target entity id, when the call has one.
    pub id: Option<&'a str>,
}

impl<'a> Envelope<'a> {
    /// Builds the envelope for `request`, compressing its data above
    /// [`GZIP_THRESHOLD`](crate::GZIP_THRESHOLD) as the official client does.
    ///
    /// `eid` and `created` are parameters so that shapes are reproducible in tests; the HTTP
    /// transport passes a fresh UUID v4 and the current UTC time.
    ///
    /// # Errors
    /// [`Error::Config`] when the uri is empty (the server would reject it after a round trip),
    /// or when `created` is not a timestamp in the protocol's form (`YYYY-MM-DDTHH:MM:SS`, UTC,
    /// optionally a fraction or a two-digit year, a date and time that exist).
    ///
    /// ```
    /// use accsyn_transport::{ApiRequest, Envelope, EventContext};
    /// let ctx = EventContext { workspace: "w".into(), username: "u".into(),
    ///     session_id: "s".into(), hostname: "h".into() };
    /// let now = "2026-11-23T13:18:43".to_owned();
    /// assert!(Envelope::build(&ctx, &ApiRequest::get(""), "e".into(), now.clone()).is_err());
    /// assert!(Envelope::build(&ctx, &ApiRequest::get("x/find"), "e".into(), "now".into()).is_err());
    /// assert!(Envelope::build(&ctx, &ApiRequest::get("x/find"), "e".into(), now).is_ok());
    /// ```
    pub fn build(
        ctx: &'a EventContext,
        request: &'a ApiRequest,
        eid: String,
        created: String,
    ) -> Result<Self, Error> {
        if request.uri.trim().is_empty() {
            return Err(Error::Config(
                "the request has an empty operation uri; pass one such as `transfer/find`".into(),
            ));
        }
        if super::timestamp::parse(&created).is_none() {
            return Err(Error::Config(format!(
                "the envelope's created {created:?} is not a UTC timestamp such as \
                 2026-11-23T13:18:43"
            )));
        }
        Ok(Self {
            audience: "api",
            workspace: &ctx.workspace,
            eid,
            session: &ctx.session_id,
            uri: &request.uri,
            ident: &ctx.username,
            created,
            hostname: &ctx.hostname,
            payload: payload_for(request.data.as_ref()),
            // The official client drops empty strings here (`if query:`); so do we.
            query: request.query.as_deref().filter(|q| !q.is_empty()),
            id: request.id.as_deref().filter(|id| !id.is_empty()),
        })
    }

    /// The envelope's JSON text, as sent in the body or, percent-encoded, as the query string.
    ///
    /// ```
    /// use accsyn_transport::{ApiRequest, Envelope, EventContext};
    /// let ctx = EventContext { workspace: "w".into(), username: "u".into(),
    ///     session_id: "s".into(), hostname: "h".into() };
    /// let req = ApiRequest::delete("x/delete");
    /// let env = Envelope::build(&ctx, &req, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
    /// assert!(env.to_json().contains(r#""data":null"#));
    /// ```
    pub fn to_json(&self) -> String {
        // Serializing strings and JSON values into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Written by hand rather than derived: a derived `#[serde(flatten)]` for the payload costs
/// a measurable share of a call on a fast local link.
impl Serialize for Envelope<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let len = 9 + usize::from(self.query.is_some()) + usize::from(self.id.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("audience", self.audience)?;
        map.serialize_entry("workspace", self.workspace)?;
        map.serialize_entry("eid", &self.eid)?;
        map.serialize_entry("session", self.session)?;
        map.serialize_entry("uri", self.uri)?;
        map.serialize_entry("ident", self.ident)?;
        map.serialize_entry("created", &self.created)?;
        map.serialize_entry("hostname", self.hostname)?;
        match &self.payload {
            Payload::Data(data) => map.serialize_entry("data", data)?,
            Payload::Gzip(packed) => map.serialize_entry("gz_data", packed)?,
        }
        if let Some(query) = self.query {
            map.serialize_entry("query", query)?;
        }
        if let Some(id) = self.id {
            map.serialize_entry("id", id)?;
        }
        map.end()
    }
}

impl std::fmt::Debug for Envelope<'_> {
    // Like `EventContext`, the session id stays out of Debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Envelope")
            .field("workspace", &self.workspace)
            .field("eid", &self.eid)
            .field("session", &"[redacted]")
            .field("uri", &self.uri)
            .field("ident", &self.ident)
            .field("created", &self.created)
            .field("hostname", &self.hostname)
            .field("payload", &self.payload)
            .field("query", &self.query)
            .field("id", &self.id)
            .finish()
    }
}

fn payload_for(data: Option<&Value>) -> Payload<'_> {
    match data {
        Some(value) if estimate_size(value) > GZIP_THRESHOLD => {
            Payload::Gzip(gzip_base64(&value.to_string()))
        }
        other => Payload::Data(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> EventContext {
        EventContext {
            workspace: "acme".into(),
            username: "admin@acme.test".into(),
            session_id: "sess-1".into(),
            hostname: "vm".into(),
        }
    }

    fn build(req: &ApiRequest) -> Value {
        let ctx = ctx();
        let env = Envelope::build(&ctx, req, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
        serde_json::from_str(&env.to_json()).unwrap()
    }

    #[test]
    fn data_just_below_threshold_stays_plain() {
        let s = "x".repeat(GZIP_THRESHOLD - 1); // key "k" adds 1: exactly the threshold
        let v = build(&ApiRequest::post("file/add").with_data(json!({"k": s})));
        assert!(v.get("data").is_some());
        assert!(v.get("gz_data").is_none());
    }

    #[test]
    fn data_above_threshold_becomes_gz_data_only() {
        let s = "x".repeat(GZIP_THRESHOLD);
        let v = build(&ApiRequest::post("file/add").with_data(json!({"k": s})));
        assert!(
            v.get("data").is_none(),
            "data must be omitted when compressed"
        );
        assert!(v["gz_data"].as_str().is_some_and(|g| !g.is_empty()));
    }

    #[test]
    fn missing_data_is_null_and_empty_query_and_id_are_omitted() {
        let v = build(
            &ApiRequest::delete("delivery/delete")
                .with_query("")
                .with_id(""),
        );
        assert_eq!(v["data"], Value::Null);
        assert!(v.get("query").is_none());
        assert!(v.get("id").is_none());
    }

    #[test]
    fn list_data_is_kept_as_a_list() {
        let v = build(&ApiRequest::put("task/edit").with_data(json!([{"id": "a"}])));
        assert_eq!(v["data"], json!([{"id": "a"}]));
    }

    #[test]
    fn debug_of_context_hides_session() {
        assert!(!format!("{:?}", ctx()).contains("sess-1"));
    }
}
