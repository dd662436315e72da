use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{td_string!(i18n.get_locale_untracked(), common.not_found.title)}</h1>
        <p>
            <a href="/">{td_string!(i18n.get_locale_untracked(), common.not_found.home)}</a>
        </p>
    }
}
