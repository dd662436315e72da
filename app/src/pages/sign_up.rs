use super::use_hydrated;
use crate::auth::{CreatePasswordAccount, DisplayName, Password, Username, use_auth};
use crate::components::error_from_url;
use crate::passkeys::sign_up_with_passkey;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// `/sign-up`: a username (and optional display name), then a discoverable passkey ("Create passkey"), a
/// password ("Create account", which works as a plain HTML form), or both (a password filled in when creating
/// the passkey is set on the new account too).
#[component]
pub fn SignUp() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let hydrated = use_hydrated();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let with_passkey = Action::new_unsync(|(username, display_name, password): &(String, String, String)| {
        let password = (!password.is_empty()).then(|| password.clone());
        sign_up_with_passkey(username.clone(), display_name.clone(), password)
    });
    let with_password = ServerAction::<CreatePasswordAccount>::new();
    Effect::new(move || {
        let passkey_done = matches!(with_passkey.value().get(), Some(Ok(_)));
        let password_done = matches!(with_password.value().get(), Some(Ok(_)));
        if passkey_done || password_done {
            auth.changed();
            navigate("/account", Default::default());
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
            local_error.set(Some(error.to_string()));
            return;
        }
        with_passkey.dispatch((username.get_untracked(), display_name.get_untracked(), typed));
    };

    let from_url = error_from_url();
    let error = move || {
        local_error
            .get()
            .or_else(|| with_passkey.value().get().and_then(Result::err).map(|e| e.to_string()))
            .or_else(|| with_password.value().get().and_then(Result::err).map(|e| e.to_string()))
            .or_else(from_url)
    };
    let busy = move || with_passkey.pending().get() || with_password.pending().get();

    view! {
        <h1>"Create your account"</h1>
        <ActionForm action=with_password attr:class="card">
            <label for="username">"Username"</label>
            <input
                id="username"
                name="username"
                autocomplete="username"
                required
                minlength=Username::MIN_LEN
                maxlength=Username::MAX_LEN
                bind:value=username
            />
            <label for="display-name">"Display name " <span class="hint">"(optional)"</span></label>
            <input
                id="display-name"
                name="display_name"
                autocomplete="name"
                maxlength=DisplayName::MAX_LEN
                bind:value=display_name
            />
            <label for="password">"Password " <span class="hint">"(optional with a passkey)"</span></label>
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
                    "Create passkey"
                </button>
                <button type="submit" class="secondary" disabled=busy>
                    "Create account"
                </button>
            </div>
            <p class="error" role="alert">
                {error}
            </p>
        </ActionForm>
        <noscript>
            <p class="notice">"Creating a passkey needs JavaScript; \"Create account\" with a password works without it."</p>
        </noscript>
        <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
    }
}
