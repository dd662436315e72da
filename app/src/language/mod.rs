//! Choosing the site's language: English (the default) or Hebrew.
//!
//! The server picks the language of every page: the `language` cookie if the visitor chose one, else the best
//! match of the browser's `Accept-Language`, else English (see [`crate::translate::current_locale`]). A page
//! keeps its language while it is open. The switch in the header is a plain HTML form that posts to
//! [`set_language`], which keeps the choice in that cookie for a year and sends the browser back to the page it
//! was on, to load it again in the chosen language.

use crate::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Keeps `language` (`en` or `he`) as this browser's choice; a plain form post is then sent back to `next` (a
/// path on this site; else the home page). Any other language is refused (400) and changes nothing.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String, next: Option<String>) -> Result<(), AppError> {
    let locale = parse(&language)?;
    server::remember(locale);
    if crate::plain_form::is_plain_form_post() {
        leptos_axum::redirect(crate::auth::safe_next(next.as_deref(), "/"));
    }
    Ok(())
}

/// The language a form field names, exactly as its `<html lang>` code.
pub fn parse(language: &str) -> Result<Locale, AppError> {
    crate::translate::locale_named(language).ok_or_else(|| {
        AppError::InvalidInput(crate::translate::fill(
            leptos_i18n::td_string!(crate::translate::current_locale(), common.errors.unknown_language),
            &[("language", &language.chars().take(16).collect::<String>())],
        ))
    })
}

#[cfg(feature = "ssr")]
mod server {
    use crate::i18n::Locale;
    use crate::translate::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_SECONDS};
    use axum::http::{HeaderValue, header::SET_COOKIE};
    use leptos_i18n::Locale as _;

    /// Sets the language cookie on this response, with the attributes the client uses when it writes it.
    pub(super) fn remember(locale: Locale) {
        let cookie =
            format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age={LANGUAGE_COOKIE_SECONDS}; SameSite=Lax", locale.as_str());
        if let (Some(response), Ok(value)) =
            (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie))
        {
            response.append_header(SET_COOKIE, value);
        }
    }
}
