//! HTTP request shapes (method, path with query string, body) built without I/O.

use super::{
    Envelope,
    query::{EncodedContext, ascii_string, push_envelope, push_percent_encoded},
};
use crate::Method;

/// Every path of the API starts with this.
///
/// ```
/// assert!(accsyn_transport::WireRequest::login().path_and_query.starts_with(accsyn_transport::API_PREFIX));
/// ```
pub const API_PREFIX: &str = "/api/v3";

/// The master's workspace lookup path (a fixed token, as in the official client).
///
/// ```
/// let lookup = accsyn_transport::WireRequest::master_lookup("acme");
/// assert!(lookup.path_and_query.starts_with(accsyn_transport::MASTER_LOOKUP_PATH));
/// ```
pub const MASTER_LOOKUP_PATH: &str = "/api/v3/J3PKTtDvolDMBtTy6AFGA";

/// Percent-encodes a JSON text for use as a raw query string (no `key=`).
///
/// ```
/// use accsyn_transport::percent_encode_json;
/// assert_eq!(percent_encode_json(r#"{"ident":"acme"}"#), "%7B%22ident%22%3A%22acme%22%7D");
/// ```
pub fn percent_encode_json(json: &str) -> String {
    let mut out = Vec::with_capacity(json.len() * 2);
    push_percent_encoded(&mut out, json.as_bytes());
    ascii_string(out)
}

/// One HTTP request as the protocol shapes it: method, path (with the raw query string for
/// GET and DELETE) and body (for PUT and POST). Headers are added by the transport, since
/// they carry the credentials.
///
/// ```
/// use accsyn_transport::{Method, WireRequest};
///
/// let login = WireRequest::login();
/// assert_eq!(login.method, Method::Put);
/// assert_eq!(login.path_and_query, "/api/v3/api/login");
/// assert_eq!(login.body.as_deref(), Some("{}"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WireRequest {
    /// The HTTP method.
    pub method: Method,
    /// Path, plus `?` and the percent-encoded JSON for GET and DELETE.
    pub path_and_query: String,
    /// The JSON body for PUT and POST.
    pub body: Option<String>,
}

impl WireRequest {
    /// The login request: `PUT /api/v3/api/login` with `{}` as body.
    ///
    /// ```
    /// assert_eq!(accsyn_transport::WireRequest::login().body.as_deref(), Some("{}"));
    /// ```
    pub fn login() -> Self {
        Self {
            method: Method::Put,
            path_and_query: format!("{API_PREFIX}/api/login"),
            body: Some("{}".to_owned()),
        }
    }

    /// The master lookup of a workspace's API host: a GET whose query string is
    /// `{"ident": "<workspace>"}`.
    ///
    /// ```
    /// let req = accsyn_transport::WireRequest::master_lookup("acme");
    /// assert!(req.path_and_query.ends_with("?%7B%22ident%22%3A%22acme%22%7D"));
    /// ```
    pub fn master_lookup(workspace: &str) -> Self {
        let json = serde_json::json!({ "ident": workspace }).to_string();
        Self {
            method: Method::Get,
            path_and_query: format!("{MASTER_LOOKUP_PATH}?{}", percent_encode_json(&json)),
            body: None,
        }
    }

    /// An event: `/api/v3/event` with the envelope as query string (GET, DELETE) or body
    /// (PUT, POST).
    ///
    /// ```
    /// use accsyn_transport::{ApiRequest, Method, Envelope, EventContext, WireRequest};
    /// let ctx = EventContext { workspace: "w".into(), username: "u".into(),
    ///     session_id: "s".into(), hostname: "h".into() };
    /// let create = ApiRequest::post("delivery/create");
    /// let env = Envelope::build(&ctx, &create, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
    /// let req = WireRequest::event(Method::Post, &env);
    /// assert_eq!(req.path_and_query, "/api/v3/event");
    /// assert_eq!(req.body, Some(env.to_json()));
    /// ```
    pub fn event(method: Method, envelope: &Envelope<'_>) -> Self {
        let (path_and_query, body) = if method.uses_query_string() {
            (
                format!("{EVENT_PATH}?{}", event_query(envelope, None)),
                None,
            )
        } else {
            (EVENT_PATH.to_owned(), Some(envelope.to_json()))
        };
        Self {
            method,
            path_and_query,
            body,
        }
    }
}

/// The path every event goes to.
pub(crate) const EVENT_PATH: &str = "/api/v3/event";

/// The envelope as the raw query string of a GET or DELETE (no `?`), encoded straight
/// into its buffer since this runs on every call. `constants`, when given, must come from
/// the context `envelope` was built with (the session's, cached at login).
pub(crate) fn event_query(envelope: &Envelope<'_>, constants: Option<&EncodedContext>) -> String {
    // A small find's envelope encodes to 600-900 bytes: one allocation, no regrowth.
    let mut query = Vec::with_capacity(1024);
    push_envelope(&mut query, constants, envelope);
    ascii_string(query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        ApiRequest,
        wire::{Envelope, EventContext},
    };

    fn ctx() -> EventContext {
        EventContext {
            workspace: "acme".into(),
            username: "admin@acme.test".into(),
            session_id: "sess-1".into(),
            hostname: "vm".into(),
        }
    }

    #[test]
    fn get_and_delete_put_the_envelope_in_the_query_string() {
        for method in [Method::Get, Method::Delete] {
            let (ctx, req) = (
                ctx(),
                ApiRequest::new(method, "transfer/find").with_query("name='a b'"),
            );
            let e = Envelope::build(&ctx, &req, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
            let w = WireRequest::event(method, &e);
            assert!(w.body.is_none());
            let (path, qs) = w.path_and_query.split_once('?').unwrap();
            assert_eq!(path, "/api/v3/event");
            assert!(!qs.contains('=') && !qs.contains(' ') && !qs.contains('"'));
            let decoded = percent_encoding::percent_decode_str(qs)
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, e.to_json());
        }
    }

    #[test]
    fn put_and_post_send_the_envelope_as_body() {
        for method in [Method::Put, Method::Post] {
            let (ctx, req) = (ctx(), ApiRequest::new(method, "delivery/edit"));
            let e = Envelope::build(&ctx, &req, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
            let w = WireRequest::event(method, &e);
            assert_eq!(w.path_and_query, "/api/v3/event");
            assert_eq!(w.body.as_deref(), Some(e.to_json().as_str()));
        }
    }

    #[test]
    fn setting_the_query_on_a_parsed_url_keeps_every_byte() {
        // The transport parses the event URL once and sets each call's query on a clone:
        // that must not re-encode anything the protocol's encoding produced.
        let ctx = ctx();
        let req = ApiRequest::get("transfer/find")
            .with_query("name='a b' AND x=\"é\" OR y<>#%")
            .with_data(serde_json::json!({"k": "v/~'`^|{}[]\\"}));
        let e = Envelope::build(&ctx, &req, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
        let base = "http://h:1";
        let mut url = reqwest::Url::parse(&format!("{base}{EVENT_PATH}")).unwrap();
        url.set_query(Some(&event_query(&e, Some(&EncodedContext::new(&ctx)))));
        assert_eq!(
            url.as_str(),
            format!(
                "{base}{}",
                WireRequest::event(Method::Get, &e).path_and_query
            )
        );
    }

    #[test]
    fn every_byte_value_round_trips_through_percent_decoding() {
        let all: String = (1u32..0x2000).filter_map(char::from_u32).collect();
        let encoded = percent_encode_json(&all);
        assert!(encoded.bytes().all(|b| b.is_ascii_graphic()));
        let decoded = percent_encoding::percent_decode_str(&encoded)
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, all);
    }

    #[test]
    fn quote_set_matches_python_quote() {
        // urllib.parse.quote('{"a": "x/y ~é"}') == '%7B%22a%22%3A%20%22x/y%20~%C3%A9%22%7D'
        assert_eq!(
            percent_encode_json(r#"{"a": "x/y ~é"}"#),
            "%7B%22a%22%3A%20%22x/y%20~%C3%A9%22%7D"
        );
    }
}
