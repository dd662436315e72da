//! The account's passkeys: each with its name, kind and dates, renamed or deleted in place, and "Add a passkey".

use super::Changes;
use crate::i18n::*;
use crate::passkeys::{
    MAX_PASSKEY_LABEL, PasskeySummary, create_added_passkey, delete_passkey, rename_passkey, start_adding_passkey,
};
use leptos::prelude::*;

#[component]
pub(super) fn PasskeySection(changes: Changes, passkeys: Vec<PasskeySummary>) -> impl IntoView {
    let locale = current_locale();
    let add = Action::new_unsync(move |_: &()| async move {
        changes.status.set(None);
        changes.error.set(None);
        let options = match changes.confirm.guard(start_adding_passkey).await {
            Ok(options) => options,
            Err(message) => {
                changes.error.set(Some(message));
                return None;
            }
        };
        match create_added_passkey(options).await {
            Ok(user) => {
                changes.status.set(Some(td_string!(locale, account.passkeys.added).to_owned()));
                changes.version.update(|v| *v += 1);
                Some(user)
            }
            Err(error) => {
                changes.error.set(Some(error.message(locale)));
                None
            }
        }
    });
    view! {
        <h2 id="passkeys-heading">{td_string!(locale, account.passkeys.heading)}</h2>
        <ul class="passkeys" aria-labelledby="passkeys-heading">
            {passkeys.into_iter().map(|passkey| view! { <PasskeyItem changes passkey /> }).collect_view()}
        </ul>
        <button
            type="button"
            class="secondary"
            disabled=move || !changes.hydrated.get() || add.pending().get()
            on:click=move |_| {
                add.dispatch(());
            }
        >
            {td_string!(locale, account.passkeys.add)}
        </button>
    }
}

#[component]
fn PasskeyItem(changes: Changes, passkey: PasskeySummary) -> impl IntoView {
    let locale = current_locale();
    let renaming = RwSignal::new(false);
    let label = RwSignal::new(passkey.label.clone().unwrap_or_default());
    let id = StoredValue::new(passkey.credential_id.clone());
    let rename = Action::new_unsync(move |label: &String| {
        let label = label.clone();
        async move {
            let renamed = changes
                .run(
                    |_| td_string!(locale, account.passkeys.renamed).to_owned(),
                    || rename_passkey(id.get_value(), label.clone()),
                )
                .await;
            if renamed.is_some() {
                renaming.set(false);
            }
        }
    });
    let delete = Action::new_unsync(move |_: &()| async move {
        changes
            .run(|_| td_string!(locale, account.passkeys.deleted).to_owned(), || delete_passkey(id.get_value()))
            .await;
    });
    let busy = move || !changes.hydrated.get() || rename.pending().get() || delete.pending().get();
    let synced = passkey.synced;
    let kind = move || {
        if synced {
            td_string!(locale, account.passkeys.synced)
        } else {
            td_string!(locale, account.passkeys.device_only)
        }
    };
    // The provider's name beside a label the user gave, and its logo (decorative: the name says it).
    let provider = passkey.label.is_some().then_some(passkey.provider).flatten();
    let icon = passkey.icon_light.map(|light| {
        let dark = passkey.icon_dark.unwrap_or_else(|| light.clone());
        view! {
            <picture>
                <source srcset=dark media="(prefers-color-scheme: dark)" />
                <img class="provider-icon" src=light alt="" width="24" height="24" />
            </picture>
        }
    });
    let created_at = passkey.created_at;
    view! {
        <li>
            {icon}
            <span class="passkey-name">{passkey.name}</span>
            {provider.map(|provider| view! { <span class="provider">{provider}</span> })}
            <span class="badge">{kind}</span>
            <span>{td!(locale, account.passkeys.created, date = move || created_at.clone())}</span>
            <span>
                {match passkey.last_used_at {
                    Some(last_used_at) => {
                        td!(locale, account.passkeys.last_used, date = move || last_used_at.clone()).into_any()
                    }
                    None => td!(locale, account.passkeys.never_used).into_any(),
                }}
            </span>
            <Show
                when=move || renaming.get()
                fallback=move || {
                    view! {
                        <span class="actions">
                            <button type="button" class="secondary" disabled=busy on:click=move |_| renaming.set(true)>
                                {td_string!(locale, account.passkeys.rename)}
                            </button>
                            <button type="button" class="secondary" disabled=busy on:click=move |_| {
                                delete.dispatch(());
                            }>{td_string!(locale, account.passkeys.delete)}</button>
                        </span>
                    }
                }
            >
                <form class="inline" on:submit=move |event| {
                    event.prevent_default();
                    rename.dispatch(label.get_untracked());
                }>
                    <input
                        aria-label=td_string!(locale, account.fields.passkey_name)
                        maxlength=MAX_PASSKEY_LABEL
                        bind:value=label
                    />
                    <button type="submit" disabled=busy>{td_string!(locale, account.passkeys.update_name)}</button>
                    <button type="button" class="secondary" on:click=move |_| renaming.set(false)>
                        {td_string!(locale, account.page.cancel)}
                    </button>
                </form>
            </Show>
        </li>
    }
}
