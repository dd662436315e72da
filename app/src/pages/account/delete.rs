//! Deleting the account, after a second click, and telling the passkey manager to forget it.

use super::Changes;
use crate::auth::delete_account;
use crate::i18n::*;
use crate::passkeys::{AccountForPasskeyManager, forget_account_in_passkey_manager};
use leptos::prelude::*;

#[component]
pub(super) fn DeleteAccountSection(
    changes: Changes,
    manager_view: Signal<Option<AccountForPasskeyManager>>,
) -> impl IntoView {
    let locale = current_locale();
    let asking = RwSignal::new(false);
    let delete = Action::new_unsync(move |_: &()| async move {
        // Taken before: once the account is gone, the server no longer says what it was.
        let view = manager_view.get_untracked();
        let deleted =
            changes.run(|_| td_string!(locale, account.delete.deleted).to_owned(), delete_account).await.is_some();
        if deleted && let Some(view) = view {
            forget_account_in_passkey_manager(&view);
        }
        deleted
    });
    Effect::new(move || {
        if delete.value().get() == Some(true) {
            crate::page::go("/");
        }
    });
    let busy = move || !changes.hydrated.get() || delete.pending().get();
    view! {
        <h2>{td_string!(locale, account.delete.heading)}</h2>
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button type="button" class="secondary danger" disabled=busy on:click=move |_| asking.set(true)>
                        {td_string!(locale, account.delete.button)}
                    </button>
                }
            }
        >
            <p>{td_string!(locale, account.delete.warning)}</p>
            <div class="actions">
                <button type="button" class="danger" disabled=busy on:click=move |_| {
                    delete.dispatch(());
                }>{td_string!(locale, account.delete.confirm)}</button>
                <button type="button" class="secondary" on:click=move |_| asking.set(false)>
                    {td_string!(locale, account.delete.keep)}
                </button>
            </div>
        </Show>
    }
}
