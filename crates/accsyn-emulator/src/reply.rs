//! Replies in the backend's forms: `{"result": ...}` or `{"message": ...}`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
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
    /// An emulator fault, answered as `exception` (500).
    Internal(String),
}

impl ApiError {
    pub(crate) fn bad(msg: impl Into<String>) -> Self {
        ApiError::BadRequest(msg.into())
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
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
            | ApiError::TooLarge(m) => json!({ "message": m }),
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
    body: Value,
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
            body,
        }
    }
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Self {
        Reply {
            status: e.status(),
            body: e.body(),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let bytes = serde_json::to_vec(&self.body).unwrap_or_else(|_| b"{}".to_vec());
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
