//! This site's own cookies (ssr only), read and written in one way on the `cookie` crate: the sign-in binding
//! (`passkeys::server::prepared`) and the chosen language (`i18n::cookie`). The session cookie is
//! tower-sessions' own.

use axum::http::{HeaderValue, header};
use leptos::prelude::use_context;
use tower_sessions::cookie::Cookie;

/// The value of the request's cookie `name`, if it sent one that parses.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// Adds `Set-Cookie` for `cookie` to this response (outside a request, nothing).
pub fn set_cookie(cookie: &Cookie<'_>) {
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie.to_string()))
    {
        response.append_header(header::SET_COOKIE, value);
    }
}
