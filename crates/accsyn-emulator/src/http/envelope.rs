//! Decoding the event envelope: percent-encoded query string or body,
//! `data` or `gz_data`, with every malformation turned into a message.

use std::io::Read;

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::reply::ApiError;

/// The fields of an event the emulator acts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Envelope {
    /// The operation, lowercased, without surrounding slashes.
    pub(crate) uri: String,
    /// The workspace the caller addresses.
    pub(crate) workspace: String,
    /// The login session.
    pub(crate) session: String,
    /// The username, when given.
    pub(crate) ident: Option<String>,
    /// The payload: null, an object or a list.
    pub(crate) data: Value,
    /// The expression (or whole query) to filter by.
    pub(crate) query: Option<String>,
    /// The targeted entity.
    pub(crate) id: Option<String>,
}

/// Longest uri accepted; real ones are a few words.
const MAX_URI: usize = 200;

/// Percent-decodes a raw query string into the envelope's JSON text.
pub(crate) fn decode_query_string(raw: &str) -> Vec<u8> {
    // The official client percent-encodes with Python's `quote`, which keeps
    // `/` and never writes `+` for spaces, so `+` is taken literally.
    percent_encoding::percent_decode_str(raw).collect()
}

fn field_str(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad(format!(
            "the event's `{key}` must be a string"
        ))),
    }
}

fn required_str(obj: &Map<String, Value>, key: &str) -> Result<String, ApiError> {
    field_str(obj, key)?.ok_or_else(|| {
        ApiError::bad(format!(
            "the event has no `{key}`: send the envelope described in the protocol"
        ))
    })
}

/// Unpacks `gz_data`: base64 of gzip of JSON text, inflated to at most
/// `max_inflated` bytes so a small body cannot expand into a huge one.
fn inflate(gz_data: &str, max_inflated: usize) -> Result<Value, ApiError> {
    let packed = base64::engine::general_purpose::STANDARD
        .decode(gz_data.trim())
        .map_err(|_| ApiError::bad("`gz_data` is not valid base64"))?;
    let mut text = Vec::new();
    let limit = u64::try_from(max_inflated).unwrap_or(u64::MAX);
    flate2::read::GzDecoder::new(packed.as_slice())
        .take(limit.saturating_add(1))
        .read_to_end(&mut text)
        .map_err(|_| ApiError::bad("`gz_data` is not valid gzip"))?;
    if text.len() > max_inflated {
        return Err(ApiError::TooLarge(format!(
            "`gz_data` inflates to more than {max_inflated} bytes; send a smaller payload"
        )));
    }
    serde_json::from_slice(&text)
        .map_err(|e| ApiError::bad(format!("`gz_data` does not hold JSON: {e}")))
}

impl Envelope {
    /// Parses the envelope's JSON text.
    pub(crate) fn parse(text: &[u8], max_inflated: usize) -> Result<Self, ApiError> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad(
                "empty event: GET and DELETE carry the envelope as the query string, PUT and POST as the body",
            ));
        }
        let value: Value = serde_json::from_slice(text)
            .map_err(|e| ApiError::bad(format!("the event is not valid JSON: {e}")))?;
        let Value::Object(obj) = value else {
            return Err(ApiError::bad("the event must be a JSON object"));
        };
        if let Some(audience) = field_str(&obj, "audience")? {
            if audience != "api" {
                return Err(ApiError::bad("the event's `audience` must be \"api\""));
            }
        }
        let uri = required_str(&obj, "uri")?;
        let uri = uri.trim().trim_matches('/').to_lowercase();
        if uri.is_empty() || uri.len() > MAX_URI {
            return Err(ApiError::bad("the event's `uri` must name an operation"));
        }
        let data = match (obj.get("data"), field_str(&obj, "gz_data")?) {
            (Some(d), Some(_)) if !d.is_null() => {
                return Err(ApiError::bad(
                    "the event has both `data` and `gz_data`; send one",
                ));
            }
            (_, Some(gz)) => inflate(&gz, max_inflated)?,
            (Some(d), None) => d.clone(),
            (None, None) => Value::Null,
        };
        if !matches!(data, Value::Null | Value::Object(_) | Value::Array(_)) {
            return Err(ApiError::bad(
                "the event's `data` must be an object, a list or null",
            ));
        }
        Ok(Envelope {
            uri,
            workspace: required_str(&obj, "workspace")?,
            session: required_str(&obj, "session")?,
            ident: field_str(&obj, "ident")?,
            data,
            query: field_str(&obj, "query")?.filter(|q| !q.trim().is_empty()),
            id: field_str(&obj, "id")?.filter(|i| !i.trim().is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write;

    fn env(v: Value) -> Result<Envelope, ApiError> {
        Envelope::parse(v.to_string().as_bytes(), 1 << 20)
    }

    fn base() -> Value {
        json!({"audience": "api", "workspace": "acme", "session": "s", "uri": "Transfer/find"})
    }

    #[test]
    fn uri_is_lowercased_and_data_defaults_to_null() {
        let e = env(base()).unwrap();
        assert_eq!(e.uri, "transfer/find");
        assert_eq!(e.data, Value::Null);
    }

    #[test]
    fn gz_data_is_unpacked() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(br#"{"name": "big"}"#).unwrap();
        let packed = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
        let mut v = base();
        v["gz_data"] = json!(packed);
        assert_eq!(env(v).unwrap().data, json!({"name": "big"}));
    }

    #[test]
    fn gz_bombs_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 4 << 20]).unwrap();
        let packed = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
        let mut v = base();
        v["gz_data"] = json!(packed);
        assert!(matches!(env(v), Err(ApiError::TooLarge(_))));
    }

    #[test]
    fn malformed_envelopes_are_messages() {
        for bad in [
            json!([]),
            json!({"uri": "x"}),
            json!({"workspace": "acme", "session": "s", "uri": 3}),
            json!({"workspace": "acme", "session": "s", "uri": "x", "data": 3}),
            json!({"workspace": "acme", "session": "s", "uri": "x", "audience": "web"}),
            json!({"workspace": "acme", "session": "s", "uri": "x", "gz_data": "%%%"}),
            json!({"workspace": "acme", "session": "s", "uri": "x", "data": {}, "gz_data": "AA=="}),
        ] {
            assert!(
                matches!(env(bad.clone()), Err(ApiError::BadRequest(_))),
                "{bad}"
            );
        }
        assert!(Envelope::parse(b"{not json", 100).is_err());
        assert!(Envelope::parse(b"", 100).is_err());
    }

    #[test]
    fn query_string_is_percent_decoded() {
        let raw = "%7B%22uri%22%3A%20%22a%2Fb%22%7D";
        assert_eq!(decode_query_string(raw), br#"{"uri": "a/b"}"#);
    }
}
