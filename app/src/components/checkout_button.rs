use crate::auth::use_auth;
use crate::passkeys::{ImmediateOutcome, start_immediate_sign_in, use_prepared_sign_ins};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

const MESSAGE_DELAY: Duration = Duration::from_millis(2500);

/// "Checkout". Without wasm it is a plain form that opens `/checkout`. Hydrated:
/// - signed in: opens `/checkout`;
/// - signed out, with WebAuthn immediate mode: a passkey or saved password this device has for the site signs the
///   customer in on the spot (their guest cart joins their account's), and `/checkout` opens with their saved
///   details; with nothing on the device, the browser shows nothing and `/checkout` opens for a guest;
/// - signed out without immediate mode: `/checkout` for a guest.
#[component]
pub fn CheckoutButton() -> impl IntoView {
    let auth = use_auth();
    let prepared = use_prepared_sign_ins();
    let navigate = use_navigate();
    let message = RwSignal::new(None::<String>);

    let on_click = move |ev: MouseEvent| {
        ev.prevent_default();
        let signed_in = matches!(auth.user.get_untracked(), Some(Ok(Some(_))));
        let attempt = if signed_in { None } else { start_immediate_sign_in(prepared) };
        let navigate = navigate.clone();
        let Some(attempt) = attempt else {
            navigate("/checkout", Default::default());
            return;
        };
        spawn_local(async move {
            match attempt.await {
                ImmediateOutcome::SignedIn(_) => {
                    auth.changed(); // the cart follows: it now is the account's, with the guest's lines
                    navigate("/checkout", Default::default());
                }
                ImmediateOutcome::NothingAvailable => navigate("/checkout", Default::default()),
                ImmediateOutcome::Failed(error) => {
                    message.set(Some(error));
                    set_timeout(move || navigate("/checkout", Default::default()), MESSAGE_DELAY);
                }
            }
        });
    };

    view! {
        <form method="get" action="/checkout" class="inline">
            <button type="submit" on:click=on_click>
                "Checkout"
            </button>
        </form>
        <p class="status error" role="status">
            {message}
        </p>
    }
}
