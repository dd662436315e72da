use crate::auth::use_auth;
use crate::passkeys::{ImmediateOutcome, use_immediate_sign_in};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
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
    let immediate = use_immediate_sign_in();
    let navigate = use_navigate();
    let location = use_location();
    let message = RwSignal::new(None::<String>);

    let on_click = move |ev: MouseEvent| {
        ev.prevent_default();
        let signed_in = matches!(auth.user.get_untracked(), Some(Ok(Some(_))));
        let attempt = if signed_in { None } else { immediate.start() };
        let navigate = navigate.clone();
        let Some(attempt) = attempt else {
            navigate("/checkout", Default::default());
            return;
        };
        // Only from the page where the click happened: the user may have gone elsewhere before the browser
        // answered. (Signing in re-renders the cart, and with it this button, so the page is what counts.)
        let here = location.pathname.get_untracked();
        let still_here = move || location.pathname.get_untracked() == here;
        spawn_local(async move {
            let outcome = attempt.await;
            if !still_here() {
                return;
            }
            match outcome {
                // The cart follows `auth`: it now is the account's, with the guest's lines.
                ImmediateOutcome::SignedIn(_) | ImmediateOutcome::NothingAvailable => {
                    navigate("/checkout", Default::default())
                }
                ImmediateOutcome::Failed(error) => {
                    // The button may be gone already (`try_set` then does nothing); the page is not.
                    message.try_set(Some(error));
                    set_timeout(
                        move || {
                            if still_here() {
                                navigate("/checkout", Default::default());
                            }
                        },
                        MESSAGE_DELAY,
                    );
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
