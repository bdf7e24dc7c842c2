//! JSON bodies for the errors hyper answers on its own.
//!
//! A request line over 65,534 bytes (a GET envelope with a large `data`, as
//! the official client sends it percent-encoded), more than 100 headers or
//! a head over hyper's buffer never reach the router: hyper answers 414, 431
//! or 400 itself, with an empty body, and closes the connection. The
//! official client then fails on the empty body instead of showing why.
//! axum cannot hook those replies, so the server wraps each connection
//! and rewrites such a bare reply, as it is written, into one with a
//! `{"message": ...}` body. The emulator's own replies always carry a
//! content type and are passed through untouched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection that rewrites hyper's bare error replies.
pub(crate) struct JsonErrors<S> {
    inner: S,
    /// A rewritten reply still being written, how far it got, and the
    /// length of the original that it stands for.
    pending: Option<(Vec<u8>, usize, usize)>,
}

impl<S> JsonErrors<S> {
    /// Wraps an accepted connection.
    pub(crate) fn new(inner: S) -> Self {
        JsonErrors {
            inner,
            pending: None,
        }
    }
}

/// What to tell the caller for hyper's status.
fn message(status: u16) -> String {
    match status {
        414 => "the request line is over 65,534 bytes: send large payloads with PUT/POST in the body, or compressed as gz_data".to_owned(),
        431 => "the request's headers are too large or too many (at most 100): send fewer or smaller headers".to_owned(),
        400 => "the HTTP request is malformed: check its request line and headers".to_owned(),
        other => format!("the HTTP request was refused with status {other}"),
    }
}

/// The rewritten form of `buf` when it is a bare error reply by hyper:
/// a 4xx/5xx status line, `content-length: 0` and no content type.
fn rewrite(buf: &[u8]) -> Option<Vec<u8>> {
    let rest = buf.strip_prefix(b"HTTP/1.1 ")?;
    if !matches!(rest.first(), Some(b'4' | b'5')) {
        return None;
    }
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    // The whole reply must be this head: no body follows.
    if end + 4 != buf.len() {
        return None;
    }
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status: u16 = status_line.get(9..12)?.parse().ok()?;
    let mut headers = Vec::new();
    let mut empty = false;
    for line in lines {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("content-type:") {
            return None;
        }
        if lower.replace(' ', "") == "content-length:0" {
            empty = true;
        } else {
            headers.push(line);
        }
    }
    if !empty {
        return None;
    }
    let body = json!({ "message": message(status) }).to_string();
    let mut out = format!(
        "{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&body);
    Some(out.into_bytes())
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonErrors<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonErrors<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.pending.is_none() {
            match rewrite(buf) {
                Some(out) => this.pending = Some((out, 0, buf.len())),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        // Writes the rewritten reply to the end before reporting the
        // original as written; hyper retries with the same bytes meanwhile.
        while let Some((out, done, original)) = &mut this.pending {
            if *done >= out.len() {
                let original = *original;
                this.pending = None;
                return Poll::Ready(Ok(original));
            }
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &out[*done..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *done += n;
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_errors_get_a_json_message_and_others_pass() {
        let bare = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Mon, 23 Nov 2026 18:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(rewrite(bare).unwrap()).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{head}");
        assert!(head.contains("date: Mon"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(v["message"].as_str().unwrap().contains("65,534"));
        // The emulator's own replies (typed, with a body) and successes pass.
        let own = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert!(rewrite(own).is_none());
        assert!(rewrite(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(rewrite(b"{\"result\": []}").is_none());
        assert!(rewrite(b"HTTP/1.1 431 X\r\ncontent-length: 0\r\n").is_none());
    }
}
