use crate::auth::{SignInWithPassword, safe_next, use_auth};
use crate::components::{error_from_url, form_action};
use crate::hydration::use_hydrated;
use crate::i18n::*;
use crate::passkeys::{sign_in_with_passkey, use_autofill};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/sign-in`: passkey autofill in the username field, a "Sign in with a passkey" button, and a username +
/// password form that works as a plain HTML form. After sign-in, goes to `?next=` (paths on this site only).
#[component]
pub fn SignIn() -> impl IntoView {
    let auth = use_auth();
    let locale = use_i18n().get_locale_untracked();
    let navigate = use_navigate();
    let hydrated = use_hydrated();
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(query.read().get_str("next"), "/account").to_owned());
    let go_next = move || navigate(&next.get_untracked(), Default::default());
    let signed_in = {
        let go_next = go_next.clone();
        move || {
            auth.changed();
            go_next();
        }
    };

    // Autofill: the username field offers this device's passkeys; picking one signs in (and tells `auth`).
    let autofill = use_autofill(go_next);

    let modal = Action::new_unsync(|_: &()| sign_in_with_passkey());
    let password = form_action::<SignInWithPassword>();
    Effect::new({
        let signed_in = signed_in.clone();
        move || match modal.value().get() {
            Some(Ok(_)) => signed_in(),
            Some(Err(_)) => autofill.restart(),
            None => {}
        }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = password.value().get() {
            signed_in();
        }
    });

    let modal_error = move || modal.value().get().and_then(Result::err).map(|e| e.message(locale));
    let from_url = error_from_url();
    let password_error = move || {
        let from_form = password.value().get().and_then(Result::err).map(|e| e.message(locale));
        // Without wasm, the server redirects back here with an error code.
        from_form.or_else(from_url)
    };

    view! {
        <h1>{td_string!(locale, common.sign_in.title)}</h1>
        <div class="card">
            <button
                type="button"
                on:click=move |_| {
                    modal.dispatch(());
                }
                disabled=move || !hydrated.get() || modal.pending().get()
            >
                {td_string!(locale, common.sign_in.with_passkey)}
            </button>
            <p class="error" role="alert">
                {move || modal_error().or_else(|| autofill.error.get())}
            </p>
        </div>
        <h2>{td_string!(locale, common.sign_in.or_password)}</h2>
        <ActionForm action=password attr:class="card">
            <input type="hidden" name="next" value=move || next.get() />
            <label for="username">{td_string!(locale, common.sign_in.username)}</label>
            <input id="username" name="username" autocomplete="username webauthn" required />
            <label for="password">{td_string!(locale, common.sign_in.password)}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
            <button type="submit" class="secondary" disabled=move || password.pending().get()>
                {td_string!(locale, common.sign_in.with_password)}
            </button>
            <p class="error" role="alert">
                {password_error}
            </p>
        </ActionForm>
        <noscript>
            <p class="notice">{td_string!(locale, common.sign_in.needs_js)}</p>
        </noscript>
        <p>{td_string!(locale, common.sign_in.no_account)} <a href="/sign-up">{td_string!(locale, common.sign_in.create_one)}</a></p>
    }
}
