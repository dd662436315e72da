//! `/metrics` for Prometheus, and the middleware that times every request.
//!
//! `/metrics` is not public: without `METRICS_TOKEN` it does not exist (404), with it the scraper must send
//! `Authorization: Bearer <token>` (401 otherwise). What it counts is in `app::state::Metrics`.

use app::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, OnceLock};
use std::time::Instant;
use subtle::ConstantTimeEq;

/// Who may read `/metrics`.
#[derive(Clone, Debug)]
pub struct MetricsAccess {
    /// The scraper's bearer token; `Debug` shows it as `[REDACTED]`.
    pub token: Option<SecretString>,
}

/// Where the router notes which route answered, for [`time_requests`], which runs before routing.
#[derive(Clone, Debug, Default)]
struct RouteSlot(Arc<OnceLock<String>>);

/// Times the request and counts it under its route's pattern (`/orders/{id}`, never the raw path, so that
/// visitors cannot make up new series); files and unknown paths count as `other`.
pub async fn time_requests(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let route = slot.0.get().map_or("other", String::as_str);
    state.metrics.request(route, &method, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

/// Inside the router (a route layer): notes the pattern of the route that matched.
pub async fn note_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) =
        (request.extensions().get::<RouteSlot>(), request.extensions().get::<MatchedPath>())
    {
        let _ = slot.0.set(path.as_str().to_owned());
    }
    next.run(request).await
}

/// `GET /metrics`: see the module documentation.
pub async fn metrics(
    State(state): State<AppState>,
    access: axum::Extension<MetricsAccess>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = access.token.as_ref().map(ExposeSecret::expose_secret) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !bool::from(presented.as_bytes().ct_eq(token.as_bytes())) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    let text = state.metrics.render();
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-store")], text).into_response()
}
