//! Masking secret-looking fields before a body reaches a log.

use serde_json::Value;

/// Substrings of a key (lowercased) that mark its value as secret. Covers the official
/// client's list (`pwd`, `_key`, `token`) plus the session id, which is a credential too.
const SECRET_KEY_MARKS: &[&str] = &[
    "pwd",
    "passw",
    "secret",
    "token",
    "key",
    "session",
    "authorization",
    "credential",
    "cookie",
];

/// The JSON text of `value` with every secret-looking field replaced by `"***"` and
/// `gz_data` replaced by its length (it is unreadable and large).
pub(crate) fn masked_json(value: &Value) -> String {
    let mut copy = value.clone();
    mask(&mut copy);
    copy.to_string()
}

fn mask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                let lower = key.to_ascii_lowercase();
                if lower == "gz_data" {
                    let len = v.as_str().map_or(0, str::len);
                    *v = Value::String(format!("<{len} bytes of gzip+base64>"));
                } else if SECRET_KEY_MARKS.iter().any(|m| lower.contains(m)) {
                    *v = Value::String("***".to_owned());
                } else {
                    mask(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_nested_secret_fields_and_keeps_others() {
        let v = json!({
            "session": "sess-1",
            "data": {"api_key": "k1", "name": "n", "list": [{"pwd": "p", "Token": "t"}]},
            "result": {"session_id": "s2", "role": "admin"}
        });
        let out = masked_json(&v);
        for secret in ["sess-1", "k1", "\"p\"", "\"t\"", "s2"] {
            assert!(!out.contains(secret), "{secret} leaked in {out}");
        }
        assert!(out.contains("\"n\"") && out.contains("admin"));
    }

    #[test]
    fn gz_data_is_summarised() {
        let out = masked_json(&json!({"gz_data": "QUJD"}));
        assert_eq!(out, r#"{"gz_data":"<4 bytes of gzip+base64>"}"#);
    }
}
