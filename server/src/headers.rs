//! Response headers every answer gets. (The pages' Content-Security-Policy, which needs each response's nonce,
//! is set while the page renders: `app::shell`.)

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
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
    // A 304 answers a revalidation of a file the client holds: it carries the policy of that file (RFC 9111
    // §4.3.4: the stored response takes the 304's headers).
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn cache_control(path: &str, status: StatusCode, content_type: &str) -> String {
        let content_type = content_type.to_owned();
        let settings = HeaderSettings { https: false, hashed_assets: true };
        let app = Router::new()
            .fallback(get(move || async move { (status, [(header::CONTENT_TYPE, content_type)], "") }))
            .layer(axum::middleware::from_fn_with_state(settings, security_headers));
        let request = Request::builder().uri(path).body(Body::empty()).expect("a request");
        let response = app.oneshot(request).await.expect("an answer");
        response.headers()[header::CACHE_CONTROL].to_str().expect("ASCII").to_owned()
    }

    #[tokio::test]
    async fn a_revalidated_image_keeps_its_hour_of_caching() {
        assert_eq!(cache_control("/favicon.svg", StatusCode::OK, "image/svg+xml").await, STATIC);
        assert_eq!(cache_control("/favicon.svg", StatusCode::NOT_MODIFIED, "image/svg+xml").await, STATIC);
    }

    #[tokio::test]
    async fn hashed_app_files_are_kept_for_a_year_and_errors_and_pages_not_at_all() {
        assert_eq!(cache_control("/pkg/app-1a2b.wasm", StatusCode::OK, "application/wasm").await, IMMUTABLE);
        assert_eq!(cache_control("/pkg/missing.wasm", StatusCode::NOT_FOUND, "text/plain").await, "no-store");
        assert_eq!(cache_control("/", StatusCode::OK, "text/html; charset=utf-8").await, "no-store");
    }
}
