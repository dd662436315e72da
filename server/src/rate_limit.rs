//! Limits password attempts per client IP address (governor's GCRA limiter), so that passwords cannot be
//! guessed at speed. Passkey ceremonies need no such limit: there is nothing to guess.
//!
//! Behind a reverse proxy every request comes from the proxy's address; put the limit in the proxy there, or
//! key on its forwarded header.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Server functions that check or set a password, and the page whose plain HTML form posts to each.
const LIMITED: [(&str, &str); 3] = [
    ("/api/sign_in_with_password", "/sign-in"),
    ("/api/create_password_account", "/sign-up"),
    ("/api/set_password", "/account"),
];

#[derive(Clone)]
pub struct PasswordAttempts {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl std::fmt::Debug for PasswordAttempts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordAttempts").finish_non_exhaustive()
    }
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
    let form_page = LIMITED.iter().find(|(path, _)| *path == request.uri().path()).map(|(_, page)| *page);
    let Some(form_page) = form_page.filter(|_| request.method() == axum::http::Method::POST) else {
        return next.run(request).await;
    };
    if attempts.limiter.check_key(&peer.ip()).is_ok() {
        return next.run(request).await;
    }
    tracing::warn!(ip = %peer.ip(), "too many password attempts");
    let error = app::AppError::TooManyAttempts;
    if app::plain_form::wants_html(request.headers()) {
        // A plain HTML form gets its page back with the message, like every other refused form.
        let back = app::plain_form::form_with_error(&posted_from(&request, form_page), &error);
        return (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    }
    let mut response = error.response();
    response.headers_mut().insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("60"));
    response
}

/// The form page a plain form was posted from, with its query (the sign-in page's `next`), read from the
/// `Referer`; only `form_page` itself is accepted, so this redirect can only lead back to that page.
fn posted_from(request: &Request, form_page: &str) -> String {
    let referer = request.headers().get(header::REFERER).and_then(|value| value.to_str().ok());
    let Some(url) = referer.and_then(|value| url::Url::parse(value).ok()) else { return form_page.to_owned() };
    match url.query() {
        Some(query) if url.path() == form_page => format!("{form_page}?{query}"),
        _ => form_page.to_owned(),
    }
}
