use super::use_hydrated;
use crate::auth::use_auth;
use crate::passkeys::sign_in_with_passkey;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// `/sign-in`: username-less sign-in with any passkey this site knows.
#[component]
pub fn SignIn() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let hydrated = use_hydrated();

    let sign_in = Action::new_unsync(|_: &()| sign_in_with_passkey());
    Effect::new(move || {
        if let Some(Ok(_)) = sign_in.value().get() {
            auth.changed();
            navigate("/account", Default::default());
        }
    });
    let error = move || sign_in.value().get().and_then(Result::err).map(|e| e.to_string());

    view! {
        <h1>"Sign in"</h1>
        <div class="card">
            <button
                type="button"
                on:click=move |_| {
                    sign_in.dispatch(());
                }
                disabled=move || !hydrated.get() || sign_in.pending().get()
            >
                "Sign in with a passkey"
            </button>
            <p class="error" role="alert">{error}</p>
        </div>
        <noscript>
            <p class="notice">"Signing in with a passkey needs JavaScript. Please enable it and reload."</p>
        </noscript>
        <p>"No account yet? " <a href="/sign-up">"Create one"</a></p>
    }
}
