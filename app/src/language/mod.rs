//! Choosing the site's language: English (the default) or Hebrew.
//!
//! The server picks the language of every page: the `language` cookie if the visitor chose one, else the best
//! match of the browser's `Accept-Language`, else English (see [`crate::i18n::translate::current_locale`]). A
//! page keeps its language while it is open. The switch in the header is a plain HTML form that posts to
//! [`set_language`], which keeps the choice in that cookie ([`crate::i18n::cookie`]) for a year and sends the
//! browser back to the page it was on, to load it again in the chosen language.

use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Keeps `language` (`en` or `he`) as this browser's choice; a plain form post is then sent back to `next` (a
/// path on this site; else the home page). Any other language is refused (400) and changes nothing.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String, next: Option<String>) -> Result<(), AppError> {
    let locale = parse(&language)?;
    crate::i18n::cookie::remember(locale);
    if crate::plain_form::is_plain_form_post() {
        leptos_axum::redirect(crate::auth::safe_next(next.as_deref(), "/"));
    }
    Ok(())
}

/// The language a form field names, exactly as its `<html lang>` code.
pub fn parse(language: &str) -> Result<Locale, AppError> {
    crate::i18n::translate::locale_named(language).ok_or_else(|| {
        AppError::InvalidInput(crate::i18n::translate::fill(
            leptos_i18n::td_string!(crate::i18n::translate::current_locale(), common.errors.unknown_language),
            &[("language", &language.chars().take(16).collect::<String>())],
        ))
    })
}
