//! Decoding the event envelope: percent-encoded query string or body,
//! `data` or `gz_data`, with every malformation turned into a message.

use std::collections::HashMap;
use std::io::Read;

use base64::Engine as _;
use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::value::RawValue;

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

/// Bounds on an event's payload (`data`, or `gz_data` inflated), checked
/// before it becomes a JSON tree. The official client's largest payloads
/// (task lists of whole image sequences) inflate to a few MB; these leave
/// room for 100,000 tasks and keep one request's memory bounded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PayloadLimits {
    /// `gz_data` inflates to at most this many bytes...
    pub(crate) max_inflated: usize,
    /// ...and to at most this many times its compressed size: JSON
    /// compresses about 5-20 times, a gzip bomb a thousand times.
    pub(crate) max_ratio: usize,
    /// At most this many JSON values (each costs a tree node of 32 bytes
    /// or more, whatever its text).
    pub(crate) max_values: usize,
}

impl Default for PayloadLimits {
    fn default() -> Self {
        PayloadLimits {
            max_inflated: 32 << 20,
            max_ratio: 100,
            max_values: 2_000_000,
        }
    }
}

/// Percent-decodes a raw query string into the envelope's JSON text.
pub(crate) fn decode_query_string(raw: &str) -> Vec<u8> {
    // The official client percent-encodes with Python's `quote`, which keeps
    // `/` and never writes `+` for spaces, so `+` is taken literally.
    percent_encoding::percent_decode_str(raw).collect()
}

type Fields = HashMap<String, Box<RawValue>>;

fn field_str(obj: &Fields, key: &str) -> Result<Option<String>, ApiError> {
    let Some(raw) = obj.get(key) else {
        return Ok(None);
    };
    match serde_json::from_str::<Option<String>>(raw.get()) {
        Ok(s) => Ok(s),
        Err(_) => Err(ApiError::bad(format!(
            "the event's `{key}` must be a string"
        ))),
    }
}

fn required_str(obj: &Fields, key: &str) -> Result<String, ApiError> {
    field_str(obj, key)?.ok_or_else(|| {
        ApiError::bad(format!(
            "the event has no `{key}`: send the envelope described in the protocol"
        ))
    })
}

/// How many JSON values `text` holds at most, counted without parsing it:
/// every value but the first follows a `,` or opens a container.
fn count_values(text: &[u8]) -> usize {
    let (mut count, mut in_string, mut escaped) = (1usize, false, false);
    for &b in text {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b',' | b'[' | b'{' => count += 1,
                _ => {}
            }
        }
    }
    count
}

/// Parses a payload's JSON text once it is known to fit the limits.
fn parse_payload(text: &[u8], limits: &PayloadLimits, what: &str) -> Result<Value, ApiError> {
    if count_values(text) > limits.max_values {
        return Err(ApiError::TooLarge(format!(
            "`{what}` holds more than {} JSON values; send fewer items per call",
            limits.max_values
        )));
    }
    serde_json::from_slice(text)
        .map_err(|e| ApiError::bad(format!("`{what}` does not hold JSON: {e}")))
}

/// Unpacks `gz_data`: base64 of gzip of JSON text, inflated within
/// `limits` so a small body cannot expand into a huge one.
fn inflate(gz_data: &str, limits: &PayloadLimits) -> Result<Value, ApiError> {
    let packed = base64::engine::general_purpose::STANDARD
        .decode(gz_data.trim())
        .map_err(|_| ApiError::bad("`gz_data` is not valid base64"))?;
    let max = limits
        .max_inflated
        .min(packed.len().saturating_mul(limits.max_ratio).max(4096));
    let mut text = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX);
    flate2::read::GzDecoder::new(packed.as_slice())
        .take(cap.saturating_add(1))
        .read_to_end(&mut text)
        .map_err(|_| ApiError::bad("`gz_data` is not valid gzip"))?;
    if text.len() > max {
        return Err(ApiError::TooLarge(format!(
            "`gz_data` inflates to more than {max} bytes (at most {} bytes, and {} times its compressed size); send a smaller payload",
            limits.max_inflated, limits.max_ratio
        )));
    }
    parse_payload(&text, limits, "gz_data")
}

/// An event whose outer fields are read but whose payload is not: enough
/// to check the session before any work that grows with the payload.
pub(crate) struct SealedEnvelope {
    /// The fields of the envelope, `data` left as its JSON text.
    head: Envelope,
    data: Option<Box<RawValue>>,
    gz_data: Option<String>,
}

impl SealedEnvelope {
    /// The session the event claims.
    pub(crate) fn session(&self) -> &str {
        &self.head.session
    }

    /// The workspace the event addresses.
    pub(crate) fn workspace(&self) -> &str {
        &self.head.workspace
    }

    /// The username the event names, if any.
    pub(crate) fn ident(&self) -> Option<&str> {
        self.head.ident.as_deref()
    }

    /// Parses the payload (inflating `gz_data`) within `limits`.
    pub(crate) fn open(self, limits: &PayloadLimits) -> Result<Envelope, ApiError> {
        let data = match (self.data, self.gz_data) {
            (Some(d), Some(_)) if d.get() != "null" => {
                return Err(ApiError::bad(
                    "the event has both `data` and `gz_data`; send one",
                ));
            }
            (_, Some(gz)) => inflate(&gz, limits)?,
            (Some(d), None) => parse_payload(d.get().as_bytes(), limits, "data")?,
            (None, None) => Value::Null,
        };
        if !matches!(data, Value::Null | Value::Object(_) | Value::Array(_)) {
            return Err(ApiError::bad(
                "the event's `data` must be an object, a list or null",
            ));
        }
        Ok(Envelope { data, ..self.head })
    }
}

impl Envelope {
    /// Reads the envelope's JSON text up to its payload, which stays
    /// unparsed until [`SealedEnvelope::open`].
    pub(crate) fn parse(text: &[u8]) -> Result<SealedEnvelope, ApiError> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad(
                "empty event: GET and DELETE carry the envelope as the query string, PUT and POST as the body",
            ));
        }
        let mut obj: Fields = serde_json::from_slice(text).map_err(|e| {
            if serde_json::from_slice::<IgnoredAny>(text).is_ok() {
                ApiError::bad("the event must be a JSON object")
            } else {
                ApiError::bad(format!("the event is not valid JSON: {e}"))
            }
        })?;
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
        let head = Envelope {
            uri,
            workspace: required_str(&obj, "workspace")?,
            session: required_str(&obj, "session")?,
            ident: field_str(&obj, "ident")?,
            data: Value::Null,
            query: field_str(&obj, "query")?.filter(|q| !q.trim().is_empty()),
            id: field_str(&obj, "id")?.filter(|i| !i.trim().is_empty()),
        };
        let gz_data = field_str(&obj, "gz_data")?;
        Ok(SealedEnvelope {
            head,
            data: obj.remove("data"),
            gz_data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write;

    fn env(v: Value) -> Result<Envelope, ApiError> {
        Envelope::parse(v.to_string().as_bytes())?.open(&PayloadLimits::default())
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
        assert!(Envelope::parse(b"{not json").is_err());
        assert!(Envelope::parse(b"").is_err());
    }

    #[test]
    fn payloads_are_bounded_before_they_become_trees() {
        // A small gzip that inflates far beyond its size: refused by ratio.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = format!("[{}0]", "0,".repeat(200_000));
        gz.write_all(zeros.as_bytes()).unwrap();
        let packed = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
        let mut v = base();
        v["gz_data"] = json!(packed);
        let err = env(v).unwrap_err();
        assert!(
            matches!(&err, ApiError::TooLarge(m) if m.contains("times")),
            "{err:?}"
        );
        // Plain data with more values than allowed.
        let limits = PayloadLimits {
            max_values: 1000,
            ..PayloadLimits::default()
        };
        let mut v = base();
        v["data"] = json!(vec![0; 1000]);
        let sealed = Envelope::parse(v.to_string().as_bytes()).unwrap();
        assert!(matches!(sealed.open(&limits), Err(ApiError::TooLarge(_))));
        let mut v = base();
        v["data"] = json!(vec![0; 998]);
        let sealed = Envelope::parse(v.to_string().as_bytes()).unwrap();
        assert!(sealed.open(&limits).is_ok());
    }

    #[test]
    fn values_are_counted_outside_strings() {
        assert_eq!(count_values(b"{}"), 2);
        assert_eq!(count_values(br#"{"a": [1, 2], "b": "x,y[{"}"#), 5);
        assert_eq!(count_values(br#"["a\",[", "b"]"#), 3);
        assert_eq!(count_values(br#""\\", ["#), 3);
    }

    #[test]
    fn the_session_is_read_before_the_payload() {
        let mut v = base();
        v["data"] = json!({"deep": [[[[1]]]]});
        let sealed = Envelope::parse(v.to_string().as_bytes()).unwrap();
        assert_eq!(sealed.session(), "s");
        assert_eq!(sealed.workspace(), "acme");
        assert_eq!(sealed.ident(), None);
        let opened = sealed.open(&PayloadLimits::default()).unwrap();
        assert_eq!(opened.data, json!({"deep": [[[[1]]]]}));
    }

    #[test]
    fn query_string_is_percent_decoded() {
        let raw = "%7B%22uri%22%3A%20%22a%2Fb%22%7D";
        assert_eq!(decode_query_string(raw), br#"{"uri": "a/b"}"#);
    }

    /// The official client's requests as recorded (`shared/wire/`), in the
    /// form each travelled: every one decodes to the envelope it carried.
    #[test]
    fn every_recorded_official_request_decodes() {
        use base64::Engine as _;
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        // Python's `quote`: everything but letters, digits, `_.-~` and `/`.
        const PYTHON_QUOTE: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'_')
            .remove(b'.')
            .remove(b'-')
            .remove(b'~')
            .remove(b'/');
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/official-client-requests.jsonl"
        );
        let recorded = std::fs::read_to_string(path).expect("the recording is in the repository");
        let mut decoded = 0;
        for (n, line) in recorded.lines().enumerate() {
            let line: Value = serde_json::from_str(line).expect("a JSON line");
            if line["path"] != "/api/v3/event" {
                continue;
            }
            let mut sent = line["envelope"].clone();
            let obj = sent.as_object_mut().expect("an envelope object");
            let data = obj.get("data").cloned().unwrap_or(Value::Null);
            // The recorder unpacked `gz_data`; pack it again as it was sent.
            if obj.remove("__was_gz__").is_some() {
                obj.remove("data");
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(data.to_string().as_bytes()).unwrap();
                let packed = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
                obj.insert("gz_data".into(), json!(packed));
            }
            let text = sent.to_string();
            let bytes = if line["query_string_used"] == true {
                decode_query_string(&utf8_percent_encode(&text, PYTHON_QUOTE).to_string())
            } else {
                text.into_bytes()
            };
            let got = Envelope::parse(&bytes)
                .and_then(|e| e.open(&PayloadLimits::default()))
                .unwrap_or_else(|e| panic!("line {}: {e:?}", n + 1));
            let field = |k: &str| line["envelope"][k].as_str().map(str::to_owned);
            let uri = field("uri").unwrap_or_default();
            assert_eq!(
                got.uri,
                uri.trim_matches('/').to_lowercase(),
                "line {}",
                n + 1
            );
            assert_eq!(Some(got.session), field("session"), "line {}", n + 1);
            assert_eq!(Some(got.workspace), field("workspace"), "line {}", n + 1);
            assert_eq!(got.ident, field("ident"), "line {}", n + 1);
            assert_eq!(got.query, field("query").filter(|q| !q.trim().is_empty()));
            assert_eq!(got.id, field("id").filter(|i| !i.trim().is_empty()));
            assert_eq!(got.data, data, "line {}", n + 1);
            decoded += 1;
        }
        assert!(decoded >= 40, "{decoded} recorded events");
    }
}
