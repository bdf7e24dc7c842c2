//! HTTP request shapes (method, path with query string, body) built without I/O.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::Envelope;
use crate::Method;

/// Every path of the API starts with this.
pub const API_PREFIX: &str = "/api/v3";

/// The master's workspace lookup path (a fixed token, as in the official client).
pub const MASTER_LOOKUP_PATH: &str = "/api/v3/J3PKTtDvolDMBtTy6AFGA";

/// The characters Python's `urllib.parse.quote` leaves alone (letters, digits, `_.-~/`):
/// encoding the same set keeps our query strings byte-compatible with what the server is
/// used to decoding.
const QUOTE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a JSON text for use as a raw query string (no `key=`).
///
/// ```
/// use accsyn_transport::percent_encode_json;
/// assert_eq!(percent_encode_json(r#"{"ident":"acme"}"#), "%7B%22ident%22%3A%22acme%22%7D");
/// ```
pub fn percent_encode_json(json: &str) -> String {
    utf8_percent_encode(json, QUOTE_SET).to_string()
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
    /// let env = Envelope::build(&ctx, &ApiRequest::post("delivery/create"), "e".into(), "c".into()).unwrap();
    /// let req = WireRequest::event(Method::Post, &env);
    /// assert_eq!(req.path_and_query, "/api/v3/event");
    /// assert_eq!(req.body, Some(env.to_json()));
    /// ```
    pub fn event(method: Method, envelope: &Envelope) -> Self {
        let json = envelope.to_json();
        if method.uses_query_string() {
            Self {
                method,
                path_and_query: format!("{API_PREFIX}/event?{}", percent_encode_json(&json)),
                body: None,
            }
        } else {
            Self {
                method,
                path_and_query: format!("{API_PREFIX}/event"),
                body: Some(json),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        ApiRequest,
        wire::{Envelope, EventContext},
    };

    fn env(req: &ApiRequest) -> Envelope {
        let ctx = EventContext {
            workspace: "acme".into(),
            username: "admin@acme.test".into(),
            session_id: "sess-1".into(),
            hostname: "vm".into(),
        };
        Envelope::build(&ctx, req, "e".into(), "c".into()).unwrap()
    }

    #[test]
    fn get_and_delete_put_the_envelope_in_the_query_string() {
        for method in [Method::Get, Method::Delete] {
            let e = env(&ApiRequest::new(method, "transfer/find").with_query("name='a b'"));
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
            let e = env(&ApiRequest::new(method, "delivery/edit"));
            let w = WireRequest::event(method, &e);
            assert_eq!(w.path_and_query, "/api/v3/event");
            assert_eq!(w.body.as_deref(), Some(e.to_json().as_str()));
        }
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
