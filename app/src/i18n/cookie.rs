//! The cookie that keeps the language a visitor chose (`en` or `he`) with the header's switch. Only that choice
//! sets it: a visitor who never chose follows their browser's `Accept-Language`, even if it changes.

/// The cookie's name.
pub const LANGUAGE_COOKIE: &str = "language";

/// A year, the cookie's life, in seconds.
pub const LANGUAGE_COOKIE_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The language this request's cookie names, if it names one the site has.
#[cfg(feature = "ssr")]
pub fn chosen() -> Option<super::Locale> {
    crate::cookies::request_cookie(LANGUAGE_COOKIE).and_then(|code| super::translate::locale_named(&code))
}

/// Keeps `locale` as this browser's choice: sets the cookie on this response.
#[cfg(feature = "ssr")]
pub fn remember(locale: super::Locale) {
    use leptos_i18n::Locale as _;
    use tower_sessions::cookie::{Cookie, SameSite, time::Duration};
    crate::cookies::set_cookie(
        &Cookie::build((LANGUAGE_COOKIE, locale.as_str()))
            .path("/")
            .max_age(Duration::seconds(LANGUAGE_COOKIE_SECONDS))
            .same_site(SameSite::Lax)
            .build(),
    );
}
