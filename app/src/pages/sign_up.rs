use crate::auth::{CreatePasswordAccount, DisplayName, Password, Username};
use crate::components::{error_from_url, form_action};
use crate::hydration::use_hydrated;
use crate::i18n::*;
use crate::passkeys::sign_up_with_passkey;
use leptos::prelude::*;

/// `/sign-up`: a username (and optional display name), then a discoverable passkey ("Create passkey"), a
/// password ("Create account", which works as a plain HTML form), or both (a password filled in when creating
/// the passkey is set on the new account too).
#[component]
pub fn SignUp() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1>{td_string!(locale, common.sign_up.title)}</h1>
        <SignUpForm />
        <noscript>
            <p class="notice">{td_string!(locale, common.sign_up.needs_js)}</p>
        </noscript>
        <p>{td_string!(locale, common.sign_up.have_account)} <a href="/sign-in">{td_string!(locale, common.sign_up.sign_in)}</a></p>
    }
}

/// The form, with "Create passkey": an island.
#[island(lazy)]
fn SignUpForm() -> impl IntoView {
    let locale = current_locale();
    let hydrated = use_hydrated();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let with_passkey = Action::new_unsync(|(username, display_name, password): &(String, String, String)| {
        let password = (!password.is_empty()).then(|| password.clone());
        sign_up_with_passkey(username.clone(), display_name.clone(), password)
    });
    let with_password = form_action::<CreatePasswordAccount>();
    Effect::new(move || {
        let passkey_done = matches!(with_passkey.value().get(), Some(Ok(_)));
        let password_done = matches!(with_password.value().get(), Some(Ok(_)));
        if passkey_done || password_done {
            crate::page::go("/account");
        }
    });

    // A password typed next to "Create passkey" is checked here first, so a too-short one stops nothing halfway.
    let local_error = RwSignal::new(None::<String>);
    let create_passkey = move |_| {
        local_error.set(None);
        let typed = password.get_untracked();
        if !typed.is_empty()
            && let Err(error) = Password::parse(typed.clone())
        {
            local_error.set(Some(error.message(locale)));
            return;
        }
        with_passkey.dispatch((username.get_untracked(), display_name.get_untracked(), typed));
    };

    let from_url = error_from_url();
    let error = move || {
        local_error
            .get()
            .or_else(|| with_passkey.value().get().and_then(Result::err).map(|e| e.message(locale)))
            .or_else(|| with_password.value().get().and_then(Result::err).map(|e| e.message(locale)))
            .or_else(from_url)
    };
    let busy = move || with_passkey.pending().get() || with_password.pending().get();

    view! {
        <ActionForm action=with_password attr:class="card">
            <label for="username">{td_string!(locale, common.sign_up.username)}</label>
            <input
                id="username"
                name="username"
                autocomplete="username"
                required
                minlength=Username::MIN_LEN
                maxlength=Username::MAX_LEN
                bind:value=username
            />
            <label for="display-name">
                {td_string!(locale, common.sign_up.display_name)} <span class="hint">{td_string!(locale, common.sign_up.optional)}</span>
            </label>
            <input
                id="display-name"
                name="display_name"
                autocomplete="name"
                maxlength=DisplayName::MAX_LEN
                bind:value=display_name
            />
            <label for="password">
                {td_string!(locale, common.sign_up.password)}
                <span class="hint">{td_string!(locale, common.sign_up.optional_with_passkey)}</span>
            </label>
            <input
                id="password"
                name="password"
                type="password"
                autocomplete="new-password"
                maxlength=Password::MAX_LEN
                bind:value=password
            />
            <div class="actions">
                <button type="button" on:click=create_passkey disabled=move || !hydrated.get() || busy()>
                    {td_string!(locale, common.sign_up.create_passkey)}
                </button>
                <button type="submit" class="secondary" disabled=busy>
                    {td_string!(locale, common.sign_up.create_account)}
                </button>
            </div>
            <p class="error" role="alert">
                {error}
            </p>
        </ActionForm>
    }
}
