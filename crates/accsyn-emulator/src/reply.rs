//! Replies in the backend's forms: `{"result": ...}` or `{"message": ...}`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

/// A failed call, answered as `{"message": ...}` (or `{"exception": ...}` for
/// an emulator fault). The HTTP status is informative only: the official
/// client reads the body whatever the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// The request is malformed or refused by the semantics (400).
    BadRequest(String),
    /// Login or session failure (401).
    Unauthorized(String),
    /// A write the caller's role does not allow (403).
    Forbidden(String),
    /// An unknown entity or one the caller may not see (404).
    NotFound(String),
    /// A body over the size limit (413).
    TooLarge(String),
    /// A body that did not arrive in time (408).
    TimedOut(String),
    /// An emulator fault, answered as `exception` (500).
    Internal(String),
}

impl ApiError {
    pub(crate) fn bad(msg: impl Into<String>) -> Self {
        ApiError::BadRequest(msg.into())
    }

    /// What the reply tells the caller.
    pub(crate) fn message(&self) -> &str {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::TooLarge(m)
            | ApiError::TimedOut(m)
            | ApiError::Internal(m) => m,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TimedOut(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> Value {
        match self {
            ApiError::Internal(m) => json!({ "exception": m }),
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::TooLarge(m)
            | ApiError::TimedOut(m) => json!({ "message": m }),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "store failure");
        ApiError::Internal("the emulator's database failed; see its log".to_owned())
    }
}

/// A JSON reply with a status.
pub(crate) struct Reply {
    status: StatusCode,
    body: Body,
}

/// What a reply serializes.
enum Body {
    Json(Value),
    /// A find's `{"result": [...]}`, projected while it is serialized: the
    /// documents are the store's shared ones, never copied.
    Found(Vec<Arc<Value>>, Projection),
}

/// Which attributes of a document a reply shows.
pub(crate) struct Projection {
    /// The attributes asked for, or None for all; `id` is always shown.
    pub(crate) keep: Option<Vec<String>>,
    /// Bookkeeping keys never shown.
    pub(crate) hidden: &'static [&'static str],
}

impl Projection {
    /// Whether the reply shows attribute `key`.
    pub(crate) fn shows(&self, key: &str) -> bool {
        key == "id"
            || (!self.hidden.contains(&key)
                && self
                    .keep
                    .as_ref()
                    .is_none_or(|keep| keep.iter().any(|a| a == key)))
    }
}

/// One document as a projection shows it.
struct Projected<'a>(&'a Value, &'a Projection);

impl Serialize for Projected<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Value::Object(obj) = self.0 else {
            return self.0.serialize(serializer);
        };
        let mut map = serializer.serialize_map(None)?;
        for (k, v) in obj {
            if self.1.shows(k) {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// `{"result": [projected documents]}`.
struct FoundBody<'a>(&'a [Arc<Value>], &'a Projection);

impl Serialize for FoundBody<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct List<'a>(&'a [Arc<Value>], &'a Projection);
        impl Serialize for List<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(|d| Projected(d, self.1)))
            }
        }
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("result", &List(self.0, self.1))?;
        map.end()
    }
}

impl Reply {
    /// `{"result": value}` with 200.
    pub(crate) fn result(value: Value) -> Self {
        Reply::raw(json!({ "result": value }))
    }

    /// Any success object (a few operations answer another key than `result`).
    pub(crate) fn raw(body: Value) -> Self {
        Reply {
            status: StatusCode::OK,
            body: Body::Json(body),
        }
    }

    /// A find's result: `docs` as `projection` shows them.
    pub(crate) fn found(docs: Vec<Arc<Value>>, projection: Projection) -> Self {
        Reply {
            status: StatusCode::OK,
            body: Body::Found(docs, projection),
        }
    }
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Self {
        Reply {
            status: e.status(),
            body: Body::Json(e.body()),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let bytes = match &self.body {
            Body::Json(v) => serde_json::to_vec(v),
            Body::Found(docs, projection) => serde_json::to_vec(&FoundBody(docs, projection)),
        }
        .unwrap_or_else(|_| b"{}".to_vec());
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            bytes,
        )
            .into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Reply::from(self).into_response()
    }
}
