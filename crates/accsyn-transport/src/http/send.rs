//! One HTTP exchange with retries: what may be repeated, when, and what error results.

use std::time::{Duration, Instant, SystemTime};

use reqwest::{
    Url,
    header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER},
};

use super::{Headers, Inner, retry::parse_retry_after};
use crate::{Error, Method};

/// A retry that would start with less time than this before the deadline is not made: it
/// could only time out, and for a write a timeout would wrongly read as "outcome unknown".
const MIN_ATTEMPT_TIME: Duration = Duration::from_millis(20);

/// A reply as received: status, `Retry-After` and the whole body.
pub(super) struct Received {
    pub(super) status: u16,
    pub(super) retry_after: Option<Duration>,
    /// Kept as received: no copy on the way to the decoder.
    pub(super) body: bytes::Bytes,
}

/// Why an attempt did not give a usable reply, and whether trying again is safe.
struct Failure {
    error: Error,
    retryable: bool,
    retry_after: Option<Duration>,
}

/// Sends `wire` to `url`, retrying what is safe to retry within the policy, the budget and
/// the deadline. Records `status`, `attempts` and `duration_ms` on the current span.
///
/// `retry_safe` is true for GETs and the login: repeating them changes nothing on the
/// server. Anything else is retried only when its connection failed before it was sent.
/// `deadline` is the end of the whole call, so that a login the call had to make first
/// counts against it too.
#[allow(clippy::too_many_arguments)] // Private; each argument is one fact about the exchange.
pub(super) async fn send(
    inner: &Inner,
    method: Method,
    url: &Url,
    body: Option<&str>,
    headers: &Headers,
    uri: &str,
    retry_safe: bool,
    deadline: Option<Instant>,
) -> Result<Received, Error> {
    let span = tracing::Span::current();
    // The clock is read only for a span someone listens to: two reads are a measurable
    // share of a fast local call.
    let started = (!span.is_disabled()).then(Instant::now);
    // Built on the first failure only: most calls never need it.
    let mut backoff = None;
    let mut attempts: u32 = 0;
    let result = loop {
        attempts += 1;
        let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if remaining.is_some_and(|r| r.is_zero()) {
            // Spent before this request left (by a slow login): nothing was sent, so even
            // for a write the outcome is known.
            break Err(Error::Timeout {
                uri: uri.to_owned(),
                source: None,
            });
        }
        let failure = match attempt(inner, method, url, body, headers, remaining).await {
            Ok(reply) => match busy_failure(&reply, uri, retry_safe) {
                None => break Ok(reply),
                Some(failure) => failure,
            },
            Err(e) => transport_failure(e, method, uri, url, retry_safe),
        };
        if !failure.retryable {
            break Err(failure.error);
        }
        let delay = (attempts <= inner.retry.max_retries())
            .then(|| backoff.get_or_insert_with(|| inner.retry.backoff()).next())
            .flatten()
            .and_then(|computed| match failure.retry_after {
                // Waiting longer than the policy allows would hold the caller hostage;
                // the error carries the server's delay instead.
                Some(asked) if asked > inner.retry.max_retry_after() => None,
                Some(asked) => Some(asked),
                None => Some(computed),
            })
            // Checked: a huge configured delay must end the call, not overflow `Instant`.
            .filter(|d| {
                deadline.is_none_or(|end| {
                    Instant::now()
                        .checked_add(d.saturating_add(MIN_ATTEMPT_TIME))
                        .is_some_and(|next| next < end)
                })
            })
            .filter(|_| inner.budget.try_withdraw());
        match delay {
            Some(delay) => {
                tracing::debug!(attempt = attempts, delay_ms = delay.as_millis() as u64, error = %failure.error, "retrying");
                tokio::time::sleep(delay).await;
            }
            None => break Err(failure.error),
        }
    };
    if attempts == 1 && result.is_ok() {
        inner.budget.deposit();
    }
    span.record("attempts", attempts);
    if let Some(started) = started {
        span.record("duration_ms", started.elapsed().as_millis() as u64);
    }
    match &result {
        Ok(reply) => {
            span.record("status", reply.status);
        }
        Err(e) => {
            tracing::debug!(error = %e, "call failed");
        }
    }
    result
}

async fn attempt(
    inner: &Inner,
    method: Method,
    url: &Url,
    body: Option<&str>,
    headers: &Headers,
    timeout: Option<Duration>,
) -> Result<Received, reqwest::Error> {
    // A clone of a parsed URL: reqwest takes it as is, without parsing it again.
    let mut request = inner.client.request(method.to_reqwest(), url.clone());
    for (name, value) in headers {
        request = request.header(name, value.clone());
    }
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body.to_owned());
    }
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let body = response.bytes().await?;
    Ok(Received {
        status,
        retry_after,
        body,
    })
}

/// A reply that says "not now": 429 for any method (the server refused without acting),
/// 503 and gateway errors (502, 504) only for requests safe to repeat.
fn busy_failure(reply: &Received, uri: &str, retry_safe: bool) -> Option<Failure> {
    let unavailable = || Error::Unavailable {
        uri: uri.to_owned(),
        status: reply.status,
        retry_after: reply.retry_after,
    };
    match reply.status {
        429 => Some(Failure {
            error: unavailable(),
            retryable: true,
            retry_after: reply.retry_after,
        }),
        503 if retry_safe => Some(Failure {
            error: unavailable(),
            retryable: true,
            retry_after: reply.retry_after,
        }),
        502 | 504 if retry_safe => Some(Failure {
            // A gateway's page says more than "busy" would; quote it if retries run out.
            error: crate::wire::decode_reply(uri, reply.status, &reply.body)
                .err()
                .unwrap_or_else(unavailable),
            retryable: true,
            retry_after: None,
        }),
        _ => None,
    }
}

fn transport_failure(
    e: reqwest::Error,
    method: Method,
    uri: &str,
    url: &Url,
    retry_safe: bool,
) -> Failure {
    // The URL of a GET holds the whole envelope (session id included): keep it out of errors.
    let is_connect = e.is_connect();
    let is_timeout = e.is_timeout();
    let source = e.without_url();
    let uri = uri.to_owned();
    if is_connect {
        return Failure {
            error: Error::Connect {
                uri,
                target: target_of(url),
                source,
            },
            retryable: true,
            retry_after: None,
        };
    }
    let error = if !retry_safe {
        Error::OutcomeUnknown {
            method,
            uri,
            source: Some(source),
        }
    } else if is_timeout {
        Error::Timeout {
            uri,
            source: Some(source),
        }
    } else {
        Error::Http { uri, source }
    };
    Failure {
        error,
        retryable: retry_safe,
        retry_after: None,
    }
}

/// `host:port` of a URL, for connection errors.
fn target_of(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("?"),
        url.port_or_known_default().unwrap_or(0)
    )
}
