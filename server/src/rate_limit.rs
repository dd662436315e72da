//! Limits password attempts per client IP address (governor's GCRA limiter), so that passwords cannot be
//! guessed at speed. Passkey ceremonies need no such limit: there is nothing to guess.
//!
//! Behind a reverse proxy every request comes from the proxy's address; put the limit in the proxy there, or
//! key on its forwarded header.

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Server functions that check or set a password.
const LIMITED_PATHS: [&str; 3] = ["/api/sign_in_with_password", "/api/create_password_account", "/api/set_password"];

#[derive(Clone)]
pub struct PasswordAttempts {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl PasswordAttempts {
    /// `per_minute` attempts per minute from one address, all of which may come at once.
    pub fn per_minute(per_minute: NonZeroU32) -> Self {
        Self { limiter: Arc::new(governor::RateLimiter::keyed(Quota::per_minute(per_minute))) }
    }
}

pub async fn limit_password_attempts(
    State(attempts): State<PasswordAttempts>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == axum::http::Method::POST
        && LIMITED_PATHS.contains(&request.uri().path())
        && attempts.limiter.check_key(&peer.ip()).is_err()
    {
        tracing::warn!(ip = %peer.ip(), "too many password attempts");
        let body = serde_json::to_string(&app::AppError::TooManyAttempts).unwrap_or_default();
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "application/json"), (header::RETRY_AFTER, "60")],
            Body::from(body),
        )
            .into_response();
    }
    next.run(request).await
}
