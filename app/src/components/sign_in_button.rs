use crate::auth::{sign_in_url, use_auth};
use crate::passkeys::{ImmediateOutcome, start_immediate_sign_in, use_prepared_sign_ins};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use std::time::Duration;

/// How long an error from a one-click sign-in stays on screen before the sign-in page opens.
const MESSAGE_DELAY: Duration = Duration::from_millis(2500);

/// The header's "Sign in". Without wasm, or in a browser without WebAuthn immediate mode, it is a plain link to
/// `/sign-in`. With immediate mode, a click signs the user in on the spot with a passkey or saved password this
/// device has for the site, and the page stays where it is; if the device has none, the browser shows nothing
/// and the sign-in page opens (with `next` set to come back here).
#[component]
pub fn SignInButton() -> impl IntoView {
    let auth = use_auth();
    let prepared = use_prepared_sign_ins();
    let navigate = use_navigate();
    let location = use_location();
    let message = RwSignal::new(None::<String>);

    let on_click = move |ev: MouseEvent| {
        // Modified clicks (new tab, new window) are the browser's business.
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let Some(attempt) = start_immediate_sign_in(prepared) else { return };
        ev.prevent_default();

        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let here = if search.is_empty() { path.clone() } else { format!("{path}?{search}") };
        // On the sign-in page itself, stay on it (keeping its `next`).
        let fallback = if path == "/sign-in" { here } else { sign_in_url(&here) };
        let navigate = navigate.clone();
        spawn_local(async move {
            match attempt.await {
                ImmediateOutcome::SignedIn(_) => auth.changed(),
                ImmediateOutcome::NothingAvailable => navigate(&fallback, Default::default()),
                ImmediateOutcome::Failed(error) => {
                    message.set(Some(error));
                    set_timeout(
                        move || {
                            message.set(None);
                            navigate(&fallback, Default::default());
                        },
                        MESSAGE_DELAY,
                    );
                }
            }
        });
    };

    view! {
        // `data-immediate="ready"` tells tests (and the curious) that a click will try immediate mode.
        <a href="/sign-in" on:click=on_click data-immediate=move || prepared.immediate_ready().then_some("ready")>
            "Sign in"
        </a>
        <span class="status error" role="status">
            {message}
        </span>
    }
}
