//! The account's password: set, change or remove it.

use super::Changes;
use crate::auth::{Password, remove_password, set_password};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub(super) fn PasswordSection(changes: Changes, has_password: bool) -> impl IntoView {
    let locale = current_locale();
    let editing = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let save = Action::new_unsync(move |password: &String| {
        let password = password.clone();
        async move {
            if let Err(error) = Password::parse(password.clone()) {
                changes.error.set(Some(error.message(locale)));
                return;
            }
            let message = if has_password {
                td_string!(locale, account.password.changed)
            } else {
                td_string!(locale, account.password.was_set)
            };
            if changes.run(|_| message.to_owned(), || set_password(password.clone())).await.is_some() {
                editing.set(false);
            }
        }
    });
    let remove = Action::new_unsync(move |_: &()| async move {
        changes.run(|_| td_string!(locale, account.password.removed).to_owned(), remove_password).await;
    });
    let busy = move || !changes.hydrated.get() || save.pending().get() || remove.pending().get();
    view! {
        <h2>{td_string!(locale, account.password.heading)}</h2>
        <p>
            {move || {
                if has_password {
                    td_string!(locale, account.password.has_password)
                } else {
                    td_string!(locale, account.password.no_password)
                }
            }}
        </p>
        <Show
            when=move || editing.get()
            fallback=move || {
                view! {
                    <div class="actions">
                        <button type="button" class="secondary" disabled=busy on:click=move |_| editing.set(true)>
                            {move || {
                                if has_password {
                                    td_string!(locale, account.password.change)
                                } else {
                                    td_string!(locale, account.password.set)
                                }
                            }}
                        </button>
                        {has_password
                            .then(|| {
                                view! {
                                    <button type="button" class="secondary" disabled=busy on:click=move |_| {
                                        remove.dispatch(());
                                    }>{td_string!(locale, account.password.remove)}</button>
                                }
                            })}
                    </div>
                }
            }
        >
            <form class="card" on:submit=move |event| {
                event.prevent_default();
                save.dispatch(password.get_untracked());
            }>
                <label for="new-password">{td_string!(locale, account.password.new_password)}</label>
                <input
                    id="new-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    minlength=Password::MIN_LEN
                    maxlength=Password::MAX_LEN
                    bind:value=password
                />
                <div class="actions">
                    <button type="submit" disabled=busy>{td_string!(locale, account.password.use_this)}</button>
                    <button type="button" class="secondary" on:click=move |_| editing.set(false)>
                        {td_string!(locale, account.page.cancel)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
