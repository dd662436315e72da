//! Response headers every answer gets. (The pages' Content-Security-Policy, which needs each response's nonce,
//! is set while the page renders: `app::shell`.)

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether the site is served over https (then browsers are told to keep to it).
#[derive(Debug, Clone, Copy)]
pub struct Https(pub bool);

/// - `Cache-Control: no-store` on pages and server function answers: they show who is signed in, their orders
///   and details, and no shared or browser cache may keep them. (Static files are left alone.)
/// - `Strict-Transport-Security` when the site is https: two years, subdomains included.
/// - `Cross-Origin-Opener-Policy: same-origin`: a page of another site that opens this one gets no handle on it.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` (a plain HTML form is sent back to the
///   page it came from with the Referer), and for answers that are not pages, `Content-Security-Policy:
///   frame-ancestors 'none'` (no framing).
pub async fn security_headers(State(Https(https)): State<Https>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let personal = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html") || value.starts_with("application/json"));
    if personal && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
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
