//! Requests that change state must come from this site.
//!
//! Every server function is a public HTTP endpoint, and a page on any other site can make a browser POST to it
//! with this site's cookies (login CSRF: signing the victim into the attacker's account; or, from a sibling
//! subdomain, which `SameSite=Lax` counts as the same site, changing the victim's account). Two layers stop that:
//!
//! 1. [`tower_http::csrf`] (the scheme of Go's `CrossOriginProtection`): a POST is refused with 403 unless its
//!    `Sec-Fetch-Site` is `same-origin` (what browsers send for this site's own pages and forms, with or
//!    without wasm) or its `Origin` is the configured origin. Sibling subdomains send `same-site` and are
//!    refused. A request with neither header is not from a browser, so no browser can be tricked into it.
//! 2. [`require_form_or_json`]: a server function takes a URL-encoded form or JSON, nothing else. A `text/plain`
//!    body (what a cross-site form can send without a preflight) is refused with 415 before any handler runs,
//!    and so is a body over [`MAX_BODY_BYTES`] (413; the largest real call, a registration, is a few KiB).
//!
//! Both answer before the session layer runs, so a refused request never gets a cookie.

use app::error::AppError;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::csrf::{ConfigError, CsrfLayer, ProtectionError};
use url::Url;

/// The refusal every cross-site POST gets: 403 with [`AppError::CrossSite`].
fn refusal(error: ProtectionError) -> Response {
    tracing::warn!(%error, "cross-site request refused");
    AppError::CrossSite.response()
}

/// The cross-origin protection for a site served at `origin`.
pub fn protection(
    origin: &Url,
) -> Result<CsrfLayer<impl Fn(ProtectionError) -> Response + Clone + Send + Sync + 'static>, ConfigError> {
    Ok(CsrfLayer::new().add_trusted_origin(origin.origin().ascii_serialization())?.with_rejection_response(refusal))
}

/// The largest request body a server function reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How much of a refused oversized body is read anyway, so that its sender gets the answer (see below).
const DRAIN_BYTES: usize = 1024 * 1024;

/// Refuses a server function call whose body is neither a URL-encoded form nor JSON (415), or that says it is
/// larger than [`MAX_BODY_BYTES`] (413). A body that does not say its length is cut off there (the router's
/// `RequestBodyLimitLayer`).
pub async fn require_form_or_json(request: Request, next: Next) -> Response {
    let is_call = request.method() == Method::POST && request.uri().path().starts_with(app::endpoints::PREFIX);
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
    let media_type = content_type.map(|value| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
    let accepted =
        matches!(media_type.as_deref(), Some("application/x-www-form-urlencoded" | "application/json") | None);
    if is_call && !accepted {
        let error =
            AppError::UnsupportedContent(format!("Send a form or JSON, not {}.", content_type.unwrap_or_default()));
        return error.response();
    }
    let length = request.headers().get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse().ok());
    if is_call && length.is_some_and(|length: usize| length > MAX_BODY_BYTES) {
        // Read what the client is still sending (up to a bound, for a moment) before answering: closing a
        // connection with unread data resets it, and the client would see a broken connection instead of a 413.
        let drain = axum::body::to_bytes(request.into_body(), DRAIN_BYTES);
        let _ = tokio::time::timeout(std::time::Duration::from_secs(1), drain).await;
        return AppError::TooLarge.response();
    }
    next.run(request).await
}
