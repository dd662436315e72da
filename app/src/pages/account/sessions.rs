//! The account's other sessions: "Sign out everywhere else".

use super::Changes;
use crate::auth::sign_out_everywhere_else;
use crate::i18n::translate::fill;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub(super) fn SessionsSection(changes: Changes) -> impl IntoView {
    let locale = current_locale();
    let sign_out = Action::new_unsync(move |_: &()| async move {
        changes
            .run(
                |&ended: &u64| match ended {
                    0 => td_string!(locale, account.sessions.none_ended).to_owned(),
                    1 => td_string!(locale, account.sessions.one_ended).to_owned(),
                    n => fill(td_string!(locale, account.sessions.many_ended), &[("count", &n)]),
                },
                sign_out_everywhere_else,
            )
            .await;
    });
    view! {
        <h2>{td_string!(locale, account.sessions.heading)}</h2>
        <button
            type="button"
            class="secondary"
            disabled=move || !changes.hydrated.get() || sign_out.pending().get()
            on:click=move |_| {
                sign_out.dispatch(());
            }
        >
            {td_string!(locale, account.sessions.sign_out_elsewhere)}
        </button>
    }
}
