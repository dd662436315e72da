//! Keeps a pre-issued sign-in challenge ready in the browser while the visitor is signed out, so that the
//! "Sign in" and "Checkout" buttons can call `navigator.credentials.get()` the moment they are clicked, and the
//! sign-in page can start autofill at once. The first one comes with the page: the server renders it into the
//! HTML of a signed-out visitor's page (the header waits for it), so the buttons are ready the moment the app has
//! hydrated, with no request in between. Each later one is fetched, and each is replaced at 80 % of its lifetime. The server accepts each one once: when a sign-in uses it, it is withdrawn at once (nothing else can
//! start with it, and no autofill is armed with it again), and the next one is fetched only if that sign-in did
//! not succeed. A successful sign-in needs no more challenges.

use super::{PreparedSignIn, prepare_sign_in};
use crate::auth::{Auth, use_auth};
use crate::webauthn;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long to wait before asking again after the server could not issue a challenge.
const RETRY_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy)]
pub struct PreparedSignIns {
    auth: Auth,
    current: RwSignal<Option<PreparedSignIn>>,
    /// Bumped on every refresh, so that only the newest refresh timer acts.
    generation: StoredValue<u64>,
    immediate_available: RwSignal<bool>,
    /// The challenge that came with the page (`None` for a signed-in visitor), used at most once.
    with_page: Resource<Option<PreparedSignIn>>,
    with_page_used: StoredValue<bool>,
}

/// The challenge for a signed-out visitor's page, issued while the page renders on the server (after the app's
/// own check of who is signed in, so that it costs no second one).
async fn challenge_with_page(auth: Auth) -> Option<PreparedSignIn> {
    match auth.user.await {
        Ok(None) => prepare_sign_in().await.ok(),
        Ok(Some(_)) | Err(_) => None,
    }
}

pub fn provide_prepared_sign_ins() {
    let auth = use_auth();
    let prepared = PreparedSignIns {
        auth,
        current: RwSignal::new(None),
        generation: StoredValue::new(0),
        immediate_available: RwSignal::new(false),
        with_page: Resource::new(|| (), move |()| challenge_with_page(auth)),
        with_page_used: StoredValue::new(false),
    };
    provide_context(prepared);

    // Effects run only in the browser, after hydration.
    Effect::new(move || {
        spawn_local(async move { prepared.immediate_available.set(webauthn::immediate_get_available().await) });
    });
    Effect::new(move || match auth.user.get() {
        Some(Ok(None)) => prepared.refresh(),
        Some(Ok(Some(_))) => prepared.clear(),
        _ => {}
    });
}

pub fn use_prepared_sign_ins() -> PreparedSignIns {
    expect_context::<PreparedSignIns>()
}

impl PreparedSignIns {
    /// Resolves once the challenge that comes with the page is there. The header awaits it for a signed-out
    /// visitor, so that the server renders it into the page.
    pub async fn arrived(&self) {
        self.with_page.await;
    }

    /// The challenge to use now (untracked: for event handlers). Call [`spent`](Self::spent) once the browser
    /// has been asked with it.
    pub fn current(&self) -> Option<PreparedSignIn> {
        self.current.get_untracked()
    }

    /// A sign-in has started with the current challenge: withdraw it (the server accepts it once) and fetch no
    /// other until [`finished`](Self::finished) says how it ended.
    pub fn spent(&self) {
        self.clear();
    }

    /// The sign-in that [`spent`](Self::spent) the challenge has ended. After a failure, fetch the next one;
    /// after a success there is nothing to prepare (signing out fetches one again).
    pub fn finished(&self, signed_in: bool) {
        if !signed_in {
            self.refresh();
        }
    }

    /// The current challenge, tracked: an effect reading it reruns when the challenge is replaced.
    pub fn watch(&self) -> Option<PreparedSignIn> {
        self.current.get()
    }

    /// Tracked: whether a click can sign in with immediate mode right now (capability checked, challenge ready).
    pub fn immediate_ready(&self) -> bool {
        self.immediate_available.get() && self.current.with(Option::is_some)
    }

    /// Whether the browser supports immediate mode (false until checked, and without wasm).
    pub fn immediate_available(&self) -> bool {
        self.immediate_available.get_untracked()
    }

    fn clear(&self) {
        self.generation.update_value(|g| *g += 1);
        self.current.set(None);
    }

    fn refresh(&self) {
        if matches!(self.auth.user.get_untracked(), Some(Ok(Some(_)))) {
            return; // signed in (a sign-in that ended in failure may have raced one that succeeded)
        }
        let this = *self;
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        // The page's own challenge first, once; then fresh ones from the server.
        let with_page = if self.with_page_used.get_value() { None } else { self.with_page.get_untracked().flatten() };
        self.with_page_used.set_value(true);
        spawn_local(async move {
            let fetched = match with_page {
                Some(prepared) => Ok(prepared),
                None => prepare_sign_in().await,
            };
            let (next, delay) = match fetched {
                Ok(prepared) => {
                    let delay = Duration::from_millis(prepared.expires_in_ms / 5 * 4);
                    (Some(prepared), delay)
                }
                Err(_) => (None, RETRY_AFTER),
            };
            if this.generation.get_value() != generation {
                return; // a newer refresh (or a sign-in) superseded this one
            }
            this.current.set(next);
            set_timeout(
                move || {
                    if this.generation.get_value() == generation {
                        this.refresh();
                    }
                },
                delay,
            );
        });
    }
}
