use crate::i18n::{Locale, current_locale};
use crate::language::SetLanguage;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;
use server_fn::ServerFn;

/// The header's language switch: one button, named in the language it switches to ("עברית" on an English page,
/// "English" on a Hebrew one). A plain HTML form, with or without wasm: the server keeps the choice and sends the
/// browser back to the page it was on, which loads again in the other language (a page's language is the
/// server's choice and never changes while it is open).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let other = match current_locale() {
        Locale::en => Locale::he,
        Locale::he => Locale::en,
    };
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() { path } else { format!("{path}?{}", search.trim_start_matches('?')) }
    };
    view! {
        <form method="post" action=SetLanguage::PATH class="inline language-switch">
            <input type="hidden" name="next" value=here />
            <button
                type="submit"
                class="secondary"
                name="language"
                value=other.as_str()
                lang=other.as_str()
                dir=other.direction().as_str()
            >
                {match other {
                    Locale::en => "English",
                    Locale::he => "עברית",
                }}
            </button>
        </form>
    }
}
