//! The site in English and Hebrew: the translations, the language of the request, and the cookie that keeps a
//! visitor's choice.
//!
//! - This module is leptos_i18n's generated one: `Locale` (en, he), `use_i18n` and the `t!`/`td!`/`td_string!`
//!   macros over the keys of `app/locales/<language>/<part>.json` (parts listed in app/Cargo.toml), checked at
//!   compile time: a key missing in one language is a warning, a key used in code and missing in English an
//!   error. [`Languages`] provides it to a page.
//! - [`translate`]: the language of the current request, and filling a translated sentence with values.
//! - [`cookie`]: the `language` cookie the header's switch (`crate::language`) sets.

pub mod cookie;
pub mod translate;

// leptos_i18n 0.6 deprecates this macro for a build script (`leptos_i18n_build`) that runs the same code
// generator, but that crate also brings ICU4X's data generator with its networking (a thousand more lines in
// Cargo.lock, compiled into every build) for data this app does not use (no plurals, dates or numbers from ICU).
#[allow(deprecated)]
mod generated {
    leptos_i18n::load_locales!();
}
pub use generated::i18n::*;
pub use translate::current_locale;

use leptos::prelude::*;
use leptos_meta::Html;

/// Provides the i18n context for the request's language (see [`translate::current_locale`]) and sets `lang` and
/// `dir` on `<html>`, where the hydrating client reads the language back. (leptos_i18n's own provider also
/// renders an empty inline `<script>`, which would be the page's only script without this response's nonce.)
#[component]
pub fn Languages(children: Children) -> impl IntoView {
    use leptos_i18n::Locale as _;
    let i18n = leptos_i18n::context::init_i18n_context_with_options::<Locale>(translate::context_options());
    provide_context(i18n);
    // A page keeps its language while it is open (the switch loads it again): views look their texts up for
    // `current_locale()`, which in the browser reads `<html lang>` back, so islands need no i18n context.
    let locale = i18n.get_locale_untracked();
    view! {
        {children()}
        <Html attr:lang=locale.as_str() attr:dir=locale.direction().as_str() />
    }
}
