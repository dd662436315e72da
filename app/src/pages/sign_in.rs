use crate::auth::{SignInWithPassword, safe_next};
use crate::components::{error_from_url, form_action, query_value};
use crate::hydration::use_hydrated;
use crate::i18n::*;
use crate::passkeys::{sign_in_with_passkey, use_autofill, use_prepared_sign_ins};
use leptos::prelude::*;

/// `/sign-in`: passkey autofill in the username field, a "Sign in with a passkey" button, and a username +
/// password form that works as a plain HTML form. After sign-in, goes to `?next=` (paths on this site only).
#[component]
pub fn SignIn() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1>{td_string!(locale, common.sign_in.title)}</h1>
        <SignInForms />
        <noscript>
            <p class="notice">{td_string!(locale, common.sign_in.needs_js)}</p>
        </noscript>
        <p>{td_string!(locale, common.sign_in.no_account)} <a href="/sign-up">{td_string!(locale, common.sign_in.create_one)}</a></p>
    }
}

/// The three ways in: an island.
#[island(lazy)]
fn SignInForms() -> impl IntoView {
    let locale = current_locale();
    let hydrated = use_hydrated();
    let next = StoredValue::new(safe_next(query_value("next").as_deref(), "/account").to_owned());
    let prepared = use_prepared_sign_ins();
    let go_next = move || {
        prepared.signed_in_elsewhere();
        crate::page::go(&next.get_value());
    };

    // Autofill: the username field offers this device's passkeys; picking one signs in.
    let autofill = use_autofill(go_next);

    let modal = Action::new_unsync(|_: &()| sign_in_with_passkey());
    let password = form_action::<SignInWithPassword>();
    Effect::new(move || match modal.value().get() {
        Some(Ok(_)) => go_next(),
        Some(Err(_)) => autofill.restart(),
        None => {}
    });
    Effect::new(move || {
        if let Some(Ok(_)) = password.value().get() {
            go_next();
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
            <input type="hidden" name="next" value=next.get_value() />
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
    }
}
