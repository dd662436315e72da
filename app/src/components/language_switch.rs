use crate::i18n::{Locale, use_i18n};
use crate::language::SetLanguage;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// The header's language switch: one button, named in the language it switches to ("עברית" on an English page,
/// "English" on a Hebrew one). It posts to `set_language`, so it works without wasm (the page reloads in the new
/// language); hydrated, the page changes language in place once the server has kept the choice.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let set_language = ServerAction::<SetLanguage>::new();
    let other = move || match i18n.get_locale() {
        Locale::en => Locale::he,
        Locale::he => Locale::en,
    };
    // The button always names the other language: once the server has kept it, switch to it.
    Effect::new(move || {
        if let Some(Ok(())) = set_language.value().get() {
            i18n.set_locale(untrack(other));
        }
    });
    view! {
        <ActionForm action=set_language attr:class="inline language-switch">
            <button
                type="submit"
                class="secondary"
                name="language"
                value=move || other().as_str()
                lang=move || other().as_str()
                dir=move || other().direction().as_str()
            >
                {move || match other() {
                    Locale::en => "English",
                    Locale::he => "עברית",
                }}
            </button>
        </ActionForm>
    }
}
