//! The one error answer: `{"error": {"status": 400, "message": "…"}}`.

use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// An API failure: its HTTP status and a message for the person reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong.
    pub message: String,
}

impl ApiError {
    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404: nothing has this id or path.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 500: the server failed (logged; the message stays generic).
    pub fn internal(what: &str, err: &dyn std::error::Error) -> ApiError {
        let mut chain = err.to_string();
        let mut source = err.source();
        while let Some(s) = source {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            source = s.source();
        }
        tracing::error!("{what}: {chain}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("internal error while {what}"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        });
        (self.status, Json(body)).into_response()
    }
}

impl From<rasd_store::StoreError> for ApiError {
    fn from(err: rasd_store::StoreError) -> ApiError {
        ApiError::internal("reading the store", &err)
    }
}

/// Any path nothing answers.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such path: {}", uri.path()))
}

/// A method other than the route's (the API is read-only: GET, and HEAD for the same answer
/// without its body), with the `Allow` header.
pub(crate) async fn method_not_allowed() -> impl IntoResponse {
    (
        [(header::ALLOW, "GET, HEAD")],
        ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: "only GET (or HEAD) is allowed here".to_owned(),
        },
    )
}
