//! Server functions that also serve plain HTML forms (no wasm): such a post expects a redirect, not data.

use crate::AppError;

/// True for a plain HTML form post, which asks for `text/html`; the hydrated client asks for JSON.
pub fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.headers.get(axum::http::header::ACCEPT).cloned())
        .and_then(|accept| accept.to_str().ok().map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// For a plain form post, answers with a redirect: to `success` (given the result), or back to `form` with
/// `error=<code>` added to its query. Does nothing for the hydrated client.
pub fn redirect<T>(result: &Result<T, AppError>, success: impl FnOnce(&T) -> String, form: &str) {
    if !is_plain_form_post() {
        return;
    }
    match result {
        Ok(value) => leptos_axum::redirect(&success(value)),
        Err(error) => {
            let separator = if form.contains('?') { '&' } else { '?' };
            leptos_axum::redirect(&format!("{form}{separator}error={}", error.code()))
        }
    }
}
