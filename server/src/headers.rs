//! Response headers every answer gets. (The pages' Content-Security-Policy, which needs each response's nonce,
//! is set while the page renders: `app::shell`.)

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// What the headers depend on.
#[derive(Debug, Clone, Copy)]
pub struct HeaderSettings {
    /// The site is served over https (then browsers are told to keep to it).
    pub https: bool,
    /// The files under `/pkg/` have their content hash in their names (release builds), so they never change.
    pub hashed_assets: bool,
}

/// A year: what "for good" means to caches.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Images and the icon: their names stay, their content may change with a release.
const STATIC: &str = "public, max-age=3600";

/// - `Cache-Control: no-store` on pages and server function answers: they show who is signed in, their orders
///   and details, and no shared or browser cache may keep them. Content-hashed files under `/pkg/` are cached for
///   a year and never revalidated (`immutable`); other static files for an hour.
/// - `Strict-Transport-Security` when the site is https: two years, subdomains included.
/// - `Cross-Origin-Opener-Policy: same-origin`: a page of another site that opens this one gets no handle on it.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` (a plain HTML form is sent back to the
///   page it came from with the Referer), and for answers that are not pages, `Content-Security-Policy:
///   frame-ancestors 'none'` (no framing).
pub async fn security_headers(State(settings): State<HeaderSettings>, request: Request, next: Next) -> Response {
    let hashed = settings.hashed_assets && request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let ok = response.status().is_success();
    let headers = response.headers_mut();
    let personal = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html") || value.starts_with("application/json"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        let policy = match (personal, hashed) {
            (true, _) => "no-store",
            (false, true) if ok => IMMUTABLE,
            (false, _) if ok => STATIC,
            (false, _) => "no-store",
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    // A file served precompressed differs by what the client accepts; shared caches must key on that.
    if headers.contains_key(header::CONTENT_ENCODING) && !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if settings.https {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("frame-ancestors 'none'"));
    }
    response
}
