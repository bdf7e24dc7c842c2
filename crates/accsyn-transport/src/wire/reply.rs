//! Turning a reply body into a [`Reply`] or a typed [`Error`].

use serde_json::Value;

use crate::{Error, Reply};

/// How much of an undecodable body an error quotes: enough to recognise an HTML error page
/// or a proxy's banner, short enough for a log line.
const BODY_START_CHARS: usize = 200;

/// Decodes a reply body, whatever the HTTP status: `exception` becomes
/// [`Error::ServerFault`], `message` (or `message_hr`, preferred) becomes [`Error::Api`],
/// anything that is not a JSON object becomes [`Error::Decode`] quoting the body's start.
///
/// ```
/// use accsyn_transport::{Error, decode_reply};
///
/// let ok = decode_reply("transfer/find", 200, br#"{"result": []}"#).unwrap();
/// assert!(ok.result().is_some());
///
/// let refused = decode_reply("transfer/find", 400,
///     br#"{"message": "bad query", "message_hr": "Your query is invalid"}"#);
/// assert!(matches!(refused, Err(Error::Api { ref message, .. }) if message == "Your query is invalid"));
///
/// let html = decode_reply("transfer/find", 502, b"<html><body>Bad gateway</body></html>");
/// assert!(matches!(html, Err(Error::Decode { ref body_start, .. }) if body_start.starts_with("<html>")));
/// ```
pub fn decode_reply(uri: &str, status: u16, body: &[u8]) -> Result<Reply, Error> {
    let decode_error = |reason: String| Error::Decode {
        uri: uri.to_owned(),
        status,
        reason,
        body_start: body_start(body),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error("the body is empty".to_owned()));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        decode_error(if e.is_eof() {
            format!("the JSON ends early (truncated reply): {e}")
        } else {
            format!("the body is not JSON: {e}")
        })
    })?;
    let Value::Object(mut map) = value else {
        return Err(decode_error(
            "the JSON is not an object with `result` or `message`".to_owned(),
        ));
    };
    if let Some(exception) = map.remove("exception") {
        return Err(Error::ServerFault {
            uri: uri.to_owned(),
            status,
            exception: text_of(exception),
        });
    }
    if let Some(message) = map.remove("message") {
        let message = text_of(message);
        let human = map
            .remove("message_hr")
            .map(text_of)
            .filter(|m| !m.trim().is_empty());
        return Err(match human {
            Some(hr) => Error::Api {
                uri: uri.to_owned(),
                status,
                message: hr,
                detail: Some(message),
            },
            None => Error::Api {
                uri: uri.to_owned(),
                status,
                message,
                detail: None,
            },
        });
    }
    if !(200..300).contains(&status) {
        return Err(decode_error(format!(
            "HTTP {status} with a JSON object that has neither `message` nor `exception`"
        )));
    }
    Ok(Reply::new(map))
}

fn text_of(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn body_start(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(BODY_START_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(status: u16, body: &str) -> Result<Reply, Error> {
        decode_reply("transfer/find", status, body.as_bytes())
    }

    #[test]
    fn result_with_any_2xx_is_ok_and_keeps_other_keys() {
        let r = decode(200, r#"{"result": {"a": 1}, "report": "x"}"#).unwrap();
        assert_eq!(r.get("report"), Some(&Value::from("x")));
    }

    #[test]
    fn message_is_an_error_even_with_status_200() {
        let e = decode(200, r#"{"message": "no such thing"}"#).unwrap_err();
        assert!(
            matches!(e, Error::Api { ref message, detail: None, status: 200, .. } if message == "no such thing")
        );
    }

    #[test]
    fn empty_message_hr_falls_back_to_message() {
        let e = decode(400, r#"{"message": "m", "message_hr": ""}"#).unwrap_err();
        assert!(matches!(e, Error::Api { ref message, .. } if message == "m"));
    }

    #[test]
    fn exception_wins_over_message() {
        let e = decode(500, r#"{"exception": "KeyError: x", "message": "m"}"#).unwrap_err();
        assert!(
            matches!(e, Error::ServerFault { ref exception, .. } if exception == "KeyError: x")
        );
    }

    #[test]
    fn empty_truncated_and_non_object_bodies_are_decode_errors() {
        for (body, needle) in [
            ("", "empty"),
            ("  \n", "empty"),
            (r#"{"result": [1, 2"#, "truncated"),
            ("[1]", "not an object"),
            ("Internal Server Error", "not JSON"),
        ] {
            let e = decode(500, body).unwrap_err();
            match e {
                Error::Decode {
                    reason, body_start, ..
                } => {
                    assert!(reason.contains(needle), "{body:?}: {reason}");
                    assert_eq!(body_start, body.chars().take(200).collect::<String>());
                }
                other => panic!("{body:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn body_start_is_cut_and_survives_invalid_utf8() {
        let long = format!("<html>{}", "x".repeat(1000));
        let Error::Decode { body_start, .. } = decode(502, &long).unwrap_err() else {
            panic!("expected a decode error")
        };
        assert_eq!(body_start.chars().count(), 200);
        assert!(decode_reply("u", 200, &[0xff, 0xfe, b'{']).is_err());
    }

    #[test]
    fn error_status_without_message_is_a_decode_error() {
        assert!(matches!(
            decode(500, r#"{"result": 1}"#),
            Err(Error::Decode { .. })
        ));
    }
}
