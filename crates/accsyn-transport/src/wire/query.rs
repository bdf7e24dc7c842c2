//! The envelope as a percent-encoded query string (GET and DELETE), written straight into
//! the URL buffer, with the fields that stay the same for a session encoded only once.

use serde::Serialize;

use super::{Envelope, EventContext, Payload};

/// Which bytes stay as they are: those Python's `urllib.parse.quote` leaves alone (letters,
/// digits, `_.-~/`), since the server is used to decoding exactly that.
static KEEP: [bool; 256] = keep_table();

const fn keep_table() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~' | b'/');
        i += 1;
    }
    table
}

/// Appends `bytes` percent-encoded to `out`, into raw bytes checked once at the end
/// ([`ascii_string`]): this runs over every GET's whole envelope, and char-by-char pushes
/// into a `String` cost a visible share of a call at tens of thousands of calls a second.
pub(super) fn push_percent_encoded(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if KEEP[usize::from(b)] {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]);
        }
    }
}

/// The encoder's output as a `String`. It is ASCII by construction (a `&str` prefix, then
/// kept ASCII bytes and `%XX`), so the lossy branch never runs; it exists so that a bug
/// here could never panic.
pub(super) fn ascii_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// An `io::Write` that appends what it is given to a buffer, percent-encoded.
struct PercentEncoder<'a>(&'a mut Vec<u8>);

impl std::io::Write for PercentEncoder<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        push_percent_encoded(self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Appends the JSON of `value`, percent-encoded.
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), serde_json::Error> {
    serde_json::to_writer(PercentEncoder(out), value)
}

/// The percent-encoded pieces of the envelope's JSON that hold only session constants
/// (audience, workspace, session, ident, hostname and the keys around them), in the
/// envelope's field order. Built once per login; a GET then encodes only what is new.
///
/// No `Debug`: it holds the session id.
pub(crate) struct EncodedContext {
    /// `{"audience":"api","workspace":<workspace>,"eid":`
    head: Vec<u8>,
    /// `,"session":<session>,"uri":`
    after_eid: Vec<u8>,
    /// `,"ident":<ident>,"created":`
    after_uri: Vec<u8>,
    /// `,"hostname":<hostname>,`
    after_created: Vec<u8>,
}

impl EncodedContext {
    /// The constant pieces for every envelope of `ctx`.
    pub(crate) fn new(ctx: &EventContext) -> Self {
        Self::from_fields(
            "api",
            &ctx.workspace,
            &ctx.session_id,
            &ctx.username,
            &ctx.hostname,
        )
    }

    fn from_fields(
        audience: &str,
        workspace: &str,
        session: &str,
        ident: &str,
        hostname: &str,
    ) -> Self {
        // Serializing strings cannot fail; `push_envelope` falls back to the full path if
        // a piece ever came out empty.
        let piece = |parts: &[(&str, Option<&str>)]| {
            let mut out = Vec::new();
            for (raw, value) in parts {
                push_percent_encoded(&mut out, raw.as_bytes());
                if let Some(value) = value {
                    if push_json(&mut out, *value).is_err() {
                        return Vec::new();
                    }
                }
            }
            out
        };
        Self {
            head: piece(&[
                (r#"{"audience":"#, Some(audience)),
                (r#","workspace":"#, Some(workspace)),
                (r#","eid":"#, None),
            ]),
            after_eid: piece(&[(r#","session":"#, Some(session)), (r#","uri":"#, None)]),
            after_uri: piece(&[(r#","ident":"#, Some(ident)), (r#","created":"#, None)]),
            after_created: piece(&[(r#","hostname":"#, Some(hostname)), (",", None)]),
        }
    }
}

/// Appends `envelope`'s JSON text, percent-encoded, to `out`: the bytes of percent-encoding
/// [`Envelope::to_json`]. With `constants` (which must come from the context the envelope
/// was built with) only the per-call fields are serialized and encoded.
pub(super) fn push_envelope(
    out: &mut Vec<u8>,
    constants: Option<&EncodedContext>,
    envelope: &Envelope<'_>,
) {
    let start = out.len();
    let written = match constants {
        Some(constants) if !constants.head.is_empty() => push_dynamic(out, constants, envelope),
        _ => push_json(out, envelope),
    };
    if written.is_err() {
        // Unreachable (strings and JSON values always serialize); start over on the
        // two-step path rather than send a half-written query.
        out.truncate(start);
        push_percent_encoded(out, envelope.to_json().as_bytes());
    }
}

fn push_dynamic(
    out: &mut Vec<u8>,
    constants: &EncodedContext,
    envelope: &Envelope<'_>,
) -> Result<(), serde_json::Error> {
    out.extend_from_slice(&constants.head);
    push_json(out, &envelope.eid)?;
    out.extend_from_slice(&constants.after_eid);
    push_json(out, envelope.uri)?;
    out.extend_from_slice(&constants.after_uri);
    push_json(out, &envelope.created)?;
    out.extend_from_slice(&constants.after_created);
    match &envelope.payload {
        Payload::Data(data) => {
            push_percent_encoded(out, br#""data":"#);
            push_json(out, data)?;
        }
        Payload::Gzip(packed) => {
            push_percent_encoded(out, br#""gz_data":"#);
            push_json(out, packed)?;
        }
    }
    if let Some(query) = envelope.query {
        push_percent_encoded(out, br#","query":"#);
        push_json(out, query)?;
    }
    if let Some(id) = envelope.id {
        push_percent_encoded(out, br#","id":"#);
        push_json(out, id)?;
    }
    push_percent_encoded(out, b"}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiRequest;
    use serde_json::json;

    fn encoded(constants: Option<&EncodedContext>, env: &Envelope<'_>) -> String {
        let mut out = Vec::new();
        push_envelope(&mut out, constants, env);
        ascii_string(out)
    }

    fn generic(env: &Envelope<'_>) -> String {
        let mut out = Vec::new();
        push_percent_encoded(&mut out, env.to_json().as_bytes());
        ascii_string(out)
    }

    #[test]
    fn cached_constants_give_the_same_bytes_as_encoding_the_whole_json() {
        let ctx = EventContext {
            workspace: "ac\"me".into(),
            username: "admin@acme.test".into(),
            session_id: "sess/1 é".into(),
            hostname: "vm".into(),
        };
        let constants = EncodedContext::new(&ctx);
        let requests = [
            ApiRequest::get("transfer/find"),
            ApiRequest::get("Transfer/find")
                .with_query("name='a b' AND x=\"y\"")
                .with_id("0123456789abcdef01234567")
                .with_data(json!({"limit": 5, "attributes": ["id"]})),
            ApiRequest::delete("delivery/delete").with_data(json!([1, null, "ç"])),
            ApiRequest::get("file/add").with_data(json!({"p": "x".repeat(200_000)})),
        ];
        for req in &requests {
            let env =
                Envelope::build(&ctx, req, "e-1".into(), "2026-11-23T13:18:43".into()).unwrap();
            assert_eq!(encoded(Some(&constants), &env), generic(&env), "{req:?}");
            assert_eq!(encoded(None, &env), generic(&env), "{req:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cached_constants_match_the_generic_path_for_any_strings(
            workspace in ".{0,12}", session in ".{0,12}", user in ".{0,12}", host in ".{0,12}",
            uri in ".{1,12}", query in ".{0,12}", id in ".{0,12}", text in ".{0,20}",
        ) {
            let ctx = EventContext { workspace, username: user, session_id: session, hostname: host };
            let req = ApiRequest::get(uri).with_query(query).with_id(id).with_data(json!({"t": text}));
            if let Ok(env) = Envelope::build(&ctx, &req, "e".into(), "2026-11-23T13:18:43".into()) {
                proptest::prop_assert_eq!(encoded(Some(&EncodedContext::new(&ctx)), &env), generic(&env));
            }
        }
    }

    #[test]
    fn exactly_python_quote_safe_ascii_is_left_alone() {
        for b in 0u8..0x80 {
            let mut out = Vec::new();
            push_percent_encoded(&mut out, &[b]);
            let c = char::from(b);
            if c.is_ascii_alphanumeric() || "_.-~/".contains(c) {
                assert_eq!(out, [b]);
            } else {
                assert_eq!(ascii_string(out), format!("%{b:02X}"));
            }
        }
    }
}
