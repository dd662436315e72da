//! What the translations need outside the views: the language of the current request, and filling in a
//! translated sentence with values.
//!
//! The views use the `t!` macros of the generated [`crate::i18n`] module, whose `{{ name }}` interpolations are
//! views. A message made as a `String` (an error the server sends, a check the inspector lists) is looked up with
//! `td_string!(locale, key)` and its `{name}` placeholders are filled by [`fill`].

use crate::i18n::Locale;
use leptos_i18n::context::CookieOptions;

/// The cookie that keeps the language a visitor chose (`en` or `he`), read by the server on every request.
pub const LANGUAGE_COOKIE: &str = "language";

/// A year, the cookie's life (in seconds, as `Max-Age` counts).
pub const LANGUAGE_COOKIE_SECONDS: i64 = 365 * 24 * 60 * 60;

/// How the language cookie is kept: for the whole site, for a year, not sent on cross-site subrequests. It is
/// not `HttpOnly` because the hydrated client writes it too when the visitor switches language.
pub fn cookie_options() -> CookieOptions<Locale> {
    CookieOptions::default().path("/").max_age(LANGUAGE_COOKIE_SECONDS * 1000).same_site(leptos_use::SameSite::Lax)
}

/// The language of this request: the visitor's choice (the cookie), else the best match of `Accept-Language`,
/// else English. In the browser, the language of the page (`<html lang>`, which the server set and the language
/// switch changes). Outside a request (a unit test, a background task), English.
pub fn current_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        use leptos_i18n::Locale as _;
        let lang = leptos::prelude::document().document_element().and_then(|html| html.get_attribute("lang"));
        Locale::get_all().iter().copied().find(|locale| Some(locale.as_str()) == lang.as_deref()).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        // leptos-use keeps the cookie and the accepted languages in signals, which need a reactive owner.
        if leptos::prelude::Owner::current().is_none() {
            return Locale::default();
        }
        leptos_i18n::locale::resolve_locale_with_options(leptos_i18n::context::I18nContextOptions {
            cookie_name: LANGUAGE_COOKIE.into(),
            cookie_options: cookie_options(),
            ..Default::default()
        })
    }
}

/// `template` with each `{name}` replaced by its value: `fill("at most {max}", &[("max", &10)])`.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_named_placeholder_and_leaves_the_rest() {
        assert_eq!(fill("at most {max} of {what}", &[("max", &10), ("what", &"each")]), "at most 10 of each");
        assert_eq!(fill("{unknown} stays", &[("max", &1)]), "{unknown} stays");
    }
}
