use crate::auth::sign_in_url;
use crate::i18n::*;
use crate::passkeys::{AfterSignIn, use_one_click_sign_in};
use leptos::ev::MouseEvent;
use leptos::prelude::*;

/// The header's "Sign in". Without wasm, or in a browser without WebAuthn immediate mode, it is a plain link to
/// `/sign-in`. With immediate mode, a click signs the user in on the spot with a passkey or saved password this
/// device has for the site, and the page stays where it is; if the device has none, the browser shows nothing
/// and the sign-in page opens (with `next` set to come back here). An island: the one-click sign-in's code is
/// the page's first to run.
#[island]
pub fn SignInButton() -> impl IntoView {
    crate::hydration::use_hydrated();
    let one_click = use_one_click_sign_in(crate::passkeys::SignInVia::Immediate);
    let locale = current_locale();

    let on_click = {
        let one_click = one_click.clone();
        move |ev: MouseEvent| {
            // Modified clicks (new tab, new window) are the browser's business.
            if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
                return;
            }
            let here = crate::page::here();
            // On the sign-in page itself, stay on it (keeping its `next`); elsewhere, come back here after it.
            let on_sign_in_page = here.split('?').next() == Some("/sign-in");
            let otherwise = if on_sign_in_page { here } else { sign_in_url(&here) };
            // Without immediate mode the link does its job.
            one_click.click(&ev, AfterSignIn { signed_in: None, otherwise });
        }
    };

    let (ready, message) = (one_click.ready(), one_click.message());
    view! {
        // `data-immediate="ready"` tells tests (and the curious) that a click will try immediate mode.
        <a href="/sign-in" on:click=on_click data-immediate=move || ready().then_some("ready")>
            {td_string!(locale, common.nav.sign_in)}
        </a>
        <span class="status error" role="status">
            {message}
        </span>
    }
}
