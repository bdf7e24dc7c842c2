//! When and how payloads are compressed into `gz_data`.

use std::io::Write;

use base64::Engine;
use flate2::{Compression, write::GzEncoder};
use serde_json::Value;

/// Payloads whose [`estimate_size`] exceeds this many bytes travel as `gz_data`, the same
/// threshold as the official client (100 KiB), so the server sees the same shapes.
///
/// ```
/// use accsyn_transport::{estimate_size, GZIP_THRESHOLD};
/// let small = serde_json::json!({"files": ["a.exr"]});
/// assert!(estimate_size(&small) <= GZIP_THRESHOLD); // sent as `data`
/// ```
pub const GZIP_THRESHOLD: usize = 100 * 1024;

/// The official client's estimate of a payload's size: key lengths plus string lengths
/// (in characters), 10 for every other scalar, nothing for `null`.
///
/// It is an estimate, not the JSON length; matching it keeps our `data`/`gz_data` choice
/// identical to the official client's for the same payload.
///
/// ```
/// use accsyn_transport::estimate_size;
/// use serde_json::json;
///
/// // "name" (4) + "refs" (4) + "limit" (5) + a number (10)
/// assert_eq!(estimate_size(&json!({"name": "refs", "limit": 5})), 23);
/// assert_eq!(estimate_size(&json!(null)), 0);
/// ```
pub fn estimate_size(value: &Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| k.chars().count() + estimate_size(v))
            .sum(),
        Value::Array(items) => items.iter().map(estimate_size).sum(),
        Value::String(s) => s.chars().count(),
        Value::Bool(_) | Value::Number(_) => 10,
    }
}

/// Base64 of the gzip of `json`.
pub(crate) fn gzip_base64(json: &str) -> String {
    let mut encoder = GzEncoder::new(Vec::with_capacity(json.len() / 4), Compression::default());
    // Writing into a Vec cannot fail; should it ever, the fallback below still yields a valid
    // (empty-payload) gzip stream rather than a panic.
    let bytes = match encoder.write_all(json.as_bytes()) {
        Ok(()) => encoder.finish().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use serde_json::json;
    use std::io::Read;

    #[test]
    fn estimate_counts_nested_keys_strings_and_scalars() {
        let v = json!({"tasks": [{"source": "abc", "size": 1, "ok": true, "none": null}]});
        // tasks(5) + source(6)+abc(3) + size(4)+10 + ok(2)+10 + none(4)+0
        assert_eq!(estimate_size(&v), 5 + 6 + 3 + 4 + 10 + 2 + 10 + 4);
    }

    #[test]
    fn estimate_counts_characters_not_bytes() {
        assert_eq!(estimate_size(&json!("ééé")), 3);
    }

    #[test]
    fn gzip_base64_round_trips() {
        let text = r#"{"a":"b"}"#;
        let packed = gzip_base64(text);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(packed)
            .unwrap();
        let mut out = String::new();
        GzDecoder::new(&bytes[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
    }
}
