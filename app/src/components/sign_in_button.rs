use crate::auth::sign_in_url;
use crate::passkeys::{ImmediateOutcome, use_immediate_sign_in};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::Location;
use std::time::Duration;

/// How long an error from a one-click sign-in stays on screen before the sign-in page opens.
const MESSAGE_DELAY: Duration = Duration::from_millis(2500);

/// The header's "Sign in". Without wasm, or in a browser without WebAuthn immediate mode, it is a plain link to
/// `/sign-in`. With immediate mode, a click signs the user in on the spot with a passkey or saved password this
/// device has for the site, and the page stays where it is; if the device has none, the browser shows nothing
/// and the sign-in page opens (with `next` set to come back here).
#[component]
pub fn SignInButton() -> impl IntoView {
    let immediate = use_immediate_sign_in();
    let navigate = use_navigate();
    let location = use_location();
    let message = RwSignal::new(None::<String>);

    let on_click = move |ev: MouseEvent| {
        // Modified clicks (new tab, new window) are the browser's business.
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let Some(attempt) = immediate.start() else { return };
        ev.prevent_default();

        let here = current_url(&location);
        // On the sign-in page itself, stay on it (keeping its `next`).
        let fallback = if location.pathname.get_untracked() == "/sign-in" { here.clone() } else { sign_in_url(&here) };
        let navigate = navigate.clone();
        // Only where the click happened: the user may have gone elsewhere (or signed in another way, which
        // removes this button) before the browser answered.
        let still_here = {
            let location = location.clone();
            move || !message.is_disposed() && current_url(&location) == here
        };
        spawn_local(async move {
            match attempt.await {
                ImmediateOutcome::SignedIn(_) => {} // the header now shows the user
                ImmediateOutcome::NothingAvailable if still_here() => navigate(&fallback, Default::default()),
                ImmediateOutcome::Failed(error) if still_here() => {
                    message.set(Some(error));
                    set_timeout(
                        move || {
                            if still_here() {
                                message.set(None);
                                navigate(&fallback, Default::default());
                            }
                        },
                        MESSAGE_DELAY,
                    );
                }
                ImmediateOutcome::NothingAvailable | ImmediateOutcome::Failed(_) => {}
            }
        });
    };

    view! {
        // `data-immediate="ready"` tells tests (and the curious) that a click will try immediate mode.
        <a href="/sign-in" on:click=on_click data-immediate=move || immediate.ready().then_some("ready")>
            "Sign in"
        </a>
        <span class="status error" role="status">
            {message}
        </span>
    }
}

/// The path and query of the current page (untracked).
fn current_url(location: &Location) -> String {
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    if search.is_empty() { path } else { format!("{path}?{search}") }
}
