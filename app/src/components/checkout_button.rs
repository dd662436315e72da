use crate::i18n::*;
use crate::passkeys::{AfterSignIn, use_one_click_sign_in};
use leptos::ev::MouseEvent;
use leptos::prelude::*;

/// "Checkout". Without wasm it is a plain form that opens `/checkout`. Hydrated:
/// - signed in: opens `/checkout`;
/// - signed out, with WebAuthn immediate mode: a passkey or saved password this device has for the site signs the
///   customer in on the spot (their guest cart joins their account's), and `/checkout` opens with their saved
///   details; with nothing on the device, the browser shows nothing and `/checkout` opens for a guest;
/// - signed out without immediate mode: `/checkout` for a guest.
///
/// An island (in the bundle every page loads: it shares the one-click sign-in with the header's "Sign in").
#[island]
pub fn CheckoutButton() -> impl IntoView {
    crate::hydration::use_hydrated();
    let one_click = use_one_click_sign_in(crate::passkeys::SignInVia::Checkout);
    let locale = current_locale();

    let message = one_click.message();
    let on_click = {
        move |ev: MouseEvent| {
            let after = AfterSignIn { signed_in: Some("/checkout".into()), otherwise: "/checkout".into() };
            if !one_click.click(&ev, after) {
                // Signed in, or no immediate mode: straight to the checkout (the form would add an empty `?`).
                ev.prevent_default();
                crate::page::go("/checkout");
            }
        }
    };

    view! {
        <form method="get" action="/checkout" class="inline">
            <button type="submit" on:click=on_click>
                {td_string!(locale, shop.checkout.button)}
            </button>
        </form>
        <p class="status error" role="status">
            {message}
        </p>
    }
}
