use super::use_hydrated;
use crate::auth::{DisplayName, Username, use_auth};
use crate::passkeys::sign_up_with_passkey;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// `/sign-up`: a username (and optional display name), then a discoverable passkey for the new account.
#[component]
pub fn SignUp() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let hydrated = use_hydrated();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());

    let create = Action::new_unsync(|(username, display_name): &(String, String)| {
        sign_up_with_passkey(username.clone(), display_name.clone())
    });
    Effect::new(move || {
        if let Some(Ok(_)) = create.value().get() {
            auth.changed();
            navigate("/account", Default::default());
        }
    });
    let error = move || create.value().get().and_then(Result::err).map(|e| e.to_string());

    view! {
        <h1>"Create your account"</h1>
        <form
            class="card"
            on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch((username.get_untracked(), display_name.get_untracked()));
            }
        >
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
            <button type="submit" disabled=move || !hydrated.get() || create.pending().get()>
                "Create passkey"
            </button>
            <p class="error" role="alert">{error}</p>
        </form>
        <noscript>
            <p class="notice">"Creating a passkey needs JavaScript. Please enable it and reload."</p>
        </noscript>
        <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
    }
}
