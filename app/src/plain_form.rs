//! Server functions that also serve plain HTML forms (no wasm): such a post expects a redirect, not data.

use crate::error::AppError;
use axum::http::HeaderMap;

/// True for a request that asks for `text/html`, as a plain HTML form post does; the hydrated client asks for
/// JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// True when the current server function call is a plain HTML form post.
pub fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|parts| wants_html(&parts.headers))
}

/// The form page `form` (a path with an optional query) reporting `error`: `error=<code>` replaces any earlier
/// one in its query, and the page shows the fixed message for that code.
pub fn form_with_error(form: &str, error: &AppError) -> String {
    let (path, query) = form.split_once('?').unwrap_or((form, ""));
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("error=")).collect();
    let code = format!("error={}", error.code());
    pairs.push(&code);
    format!("{path}?{}", pairs.join("&"))
}

/// For a plain form post, answers with a redirect: to `success` (given the result), or back to `form` with the
/// error's code (see [`form_with_error`]). Does nothing for the hydrated client.
pub fn redirect<T>(result: &Result<T, AppError>, success: impl FnOnce(&T) -> String, form: &str) {
    if !is_plain_form_post() {
        return;
    }
    match result {
        Ok(value) => leptos_axum::redirect(&success(value)),
        Err(error) => leptos_axum::redirect(&form_with_error(form, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_code_joins_the_form_query_and_replaces_an_earlier_one() {
        assert_eq!(form_with_error("/sign-up", &AppError::UsernameTaken), "/sign-up?error=username_taken");
        assert_eq!(
            form_with_error("/sign-in?next=%2Fcart&error=wrong_credentials", &AppError::TooManyAttempts),
            "/sign-in?next=%2Fcart&error=too_many_attempts"
        );
        assert_eq!(form_with_error("/checkout?guest=1", &AppError::EmptyCart), "/checkout?guest=1&error=empty_cart");
    }
}
