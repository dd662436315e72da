use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1>{td_string!(locale, common.not_found.title)}</h1>
        <p>
            <a href="/">{td_string!(locale, common.not_found.home)}</a>
        </p>
    }
}
