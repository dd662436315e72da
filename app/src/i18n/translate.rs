//! What the translations need outside the views: the language of the current request, and filling in a
//! translated sentence with values.
//!
//! A page keeps the language the server chose while it is open, so the views look their texts up once, for the
//! page's locale: `td_string!(locale, key)`, or `td!(locale, key, name = ...)` where a `{{ name }}` in the
//! translation is a view. A message made as a `String` (an error the server sends, a check the inspector lists)
//! is looked up with `td_string!` and its `{name}` placeholders are filled by [`fill`].

use super::Locale;
use leptos_i18n::context::{I18nContextOptions, UseLocalesOptions};

/// Where the server reads a visitor's languages, in order of preference: the one they chose (the
/// [`cookie`](super::cookie)), then the browser's `Accept-Language`. leptos_i18n takes the first that the site has.
fn preferred_languages() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(chosen_then_accepted)
}

/// `Accept-Language` with the chosen language put first.
#[cfg(feature = "ssr")]
fn chosen_then_accepted() -> Option<String> {
    use axum::http::header::ACCEPT_LANGUAGE;
    use leptos_i18n::Locale as _;
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let chosen = super::cookie::chosen().map(|locale| locale.as_str());
    let accepted = parts.headers.get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
    match (chosen, accepted) {
        (Some(chosen), Some(accepted)) => Some(format!("{chosen},{accepted}")),
        (Some(chosen), None) => Some(chosen.to_owned()),
        (None, accepted) => accepted.map(str::to_owned),
    }
}

/// In the browser the page's `<html lang>` tells the language; the header getter is the server's only.
#[cfg(not(feature = "ssr"))]
fn chosen_then_accepted() -> Option<String> {
    None
}

/// How the app's i18n context is set up: no cookie of leptos_i18n's own (the server function `set_language`
/// keeps the visitor's choice), and the languages from `preferred_languages`.
pub fn context_options() -> I18nContextOptions<'static, Locale> {
    I18nContextOptions { enable_cookie: false, ssr_lang_header_getter: preferred_languages(), ..Default::default() }
}

/// The language of this request: the visitor's choice (the cookie), else the best match of `Accept-Language`,
/// else English. In the browser, the language of the page (`<html lang>`, which the server set and the language
/// switch changes). Outside a request (a unit test, a background task), English.
pub fn current_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        let lang = leptos::prelude::document().document_element().and_then(|html| html.get_attribute("lang"));
        lang.as_deref().and_then(locale_named).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        // leptos-use keeps the accepted languages in a signal, which needs a reactive owner.
        if leptos::prelude::Owner::current().is_none() {
            return Locale::default();
        }
        leptos_i18n::locale::resolve_locale_with_options(context_options())
    }
}

/// The language whose `<html lang>` code is `code` (`en`, `he`), if the site has it.
pub fn locale_named(code: &str) -> Option<Locale> {
    use leptos_i18n::Locale as _;
    Locale::get_all().iter().copied().find(|locale| locale.as_str() == code)
}

/// `template` with each `{name}` replaced by its value: `fill("at most {max}", &[("max", &10)])`.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value.to_string()))
}

/// Runs `check` as the server runs a server function: inside a reactive owner (which the language of the request
/// needs), for a request whose `Accept-Language` is `language`.
#[cfg(test)]
pub(crate) fn in_request<T>(language: &str, check: impl FnOnce() -> T) -> T {
    leptos::prelude::Owner::new().with(|| {
        #[cfg(feature = "ssr")]
        {
            let request = axum::http::Request::builder()
                .header(axum::http::header::ACCEPT_LANGUAGE, language)
                .body(())
                .expect("a request");
            leptos::prelude::provide_context(request.into_parts().0);
        }
        #[cfg(not(feature = "ssr"))]
        let _ = language;
        check()
    })
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
