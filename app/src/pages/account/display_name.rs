//! The name the site greets the account by.

use super::Changes;
use crate::auth::{AccountOverview, CurrentUser, DisplayName, set_display_name};
use crate::i18n::translate::fill;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub(super) fn DisplayNameSection(changes: Changes, account: AccountOverview) -> impl IntoView {
    let locale = current_locale();
    let name = RwSignal::new(account.display_name);
    let save = Action::new_unsync(move |name: &String| {
        let name = name.clone();
        async move {
            changes
                .run(
                    |user: &CurrentUser| {
                        let name = user.display_name.clone();
                        fill(td_string!(locale, account.display_name.saved), &[("name", &name)])
                    },
                    || set_display_name(name.clone()),
                )
                .await;
        }
    });
    view! {
        <h2>{td_string!(locale, account.display_name.heading)}</h2>
        <form class="inline" on:submit=move |event| {
            event.prevent_default();
            save.dispatch(name.get_untracked());
        }>
            <label for="display-name">{td_string!(locale, account.fields.display_name)}</label>
            <input id="display-name" autocomplete="name" maxlength=DisplayName::MAX_LEN bind:value=name />
            <button type="submit" disabled=move || !changes.hydrated.get() || save.pending().get()>
                {td_string!(locale, account.display_name.save)}
            </button>
        </form>
    }
}
