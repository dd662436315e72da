//! Keeps a pre-issued sign-in challenge ready in the browser while the visitor is signed out, so that the
//! "Sign in" and "Checkout" buttons can call `navigator.credentials.get()` the moment they are clicked, and the
//! sign-in page can start autofill at once.
//!
//! The first one comes with the page: the server issues it while it renders a signed-out visitor's page and
//! writes it into the page's state ([`crate::page_state`]), so the buttons are ready the moment the bundle runs,
//! with no request in between. Each later one is fetched, and each is replaced at 80 % of its lifetime. The server
//! accepts each one once: when a sign-in uses it, it is withdrawn at once (nothing else can start with it, and no
//! autofill is armed with it again), and the next one is fetched only if that sign-in did not succeed.
//!
//! In the browser one [`PreparedSignIns`] serves the whole page: `app::app::hydrate` provides it at the page's
//! root, and every island that signs in (the header's "Sign in", "Checkout", the autofill fields) uses it.

use super::PreparedSignIn;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct PreparedSignIns {
    /// Whether the page was rendered for a signed-in visitor, or a sign-in here has succeeded since.
    signed_in: RwSignal<bool>,
    current: RwSignal<Option<PreparedSignIn>>,
    /// Bumped on every refresh, so that only the newest refresh timer acts.
    generation: StoredValue<u64>,
    immediate_available: RwSignal<bool>,
    /// The challenge issued for a signed-out visitor's page (`None` for a signed-in one), on the server.
    #[cfg(feature = "ssr")]
    with_page: Resource<Option<PreparedSignIn>>,
}

impl PreparedSignIns {
    fn new(signed_in: bool) -> Self {
        Self {
            signed_in: RwSignal::new(signed_in),
            current: RwSignal::new(None),
            generation: StoredValue::new(0),
            immediate_available: RwSignal::new(false),
            #[cfg(feature = "ssr")]
            with_page: Resource::new(|| (), |()| challenge_with_page()),
        }
    }
}

/// The challenge for a signed-out visitor's page, issued while the page renders on the server (after the app's
/// own check of who is signed in, so that it costs no second one).
#[cfg(feature = "ssr")]
async fn challenge_with_page() -> Option<PreparedSignIn> {
    match crate::auth::use_auth().user.await {
        Ok(None) => super::prepare_sign_in().await.ok(),
        Ok(Some(_)) | Err(_) => None,
    }
}

/// On the server: provides the page's challenge, issued if the visitor is signed out (the app does, once).
pub fn provide_prepared_sign_ins() {
    provide_context(PreparedSignIns::new(false));
}

/// In the browser: provides the one [`PreparedSignIns`] of the page, starting with the challenge that came with it,
/// and checks whether the browser has immediate mode.
#[cfg(feature = "hydrate")]
pub fn start_prepared_sign_ins(signed_in: bool, with_page: Option<PreparedSignIn>) {
    let prepared = PreparedSignIns::new(signed_in);
    provide_context(prepared);
    leptos::task::spawn_local(async move {
        prepared.immediate_available.set(crate::webauthn::immediate_get_available().await);
    });
    if !signed_in {
        prepared.refresh(with_page);
    }
}

pub fn use_prepared_sign_ins() -> PreparedSignIns {
    expect_context::<PreparedSignIns>()
}

impl PreparedSignIns {
    /// The challenge that comes with the page, once it is there (server only; `None` in the browser and for a
    /// signed-in visitor).
    pub async fn arrived(&self) -> Option<PreparedSignIn> {
        #[cfg(feature = "ssr")]
        return self.with_page.await;
        #[cfg(not(feature = "ssr"))]
        None
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
    /// after a success there is nothing to prepare (the page that follows the sign-in is a signed-in one).
    pub fn finished(&self, signed_in: bool) {
        if signed_in {
            self.signed_in.set(true);
        } else {
            self.refresh(None);
        }
    }

    /// The visitor has signed in some other way (a form, a modal request): withdraw the challenge, and let no
    /// late answer to an earlier request act on the page.
    pub fn signed_in_elsewhere(&self) {
        self.clear();
        self.signed_in.set(true);
    }

    /// Untracked: whether the visitor is signed in (the page said so, or a sign-in here has succeeded).
    pub fn signed_in(&self) -> bool {
        self.signed_in.get_untracked()
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

    /// Makes `next` (or else a fresh one from the server) the current challenge, and replaces it at 80 % of its
    /// lifetime.
    #[cfg_attr(not(feature = "hydrate"), allow(clippy::unused_self, unused_variables))]
    fn refresh(&self, next: Option<PreparedSignIn>) {
        #[cfg(feature = "hydrate")]
        {
            use std::time::Duration;
            /// How long to wait before asking again after the server could not issue a challenge.
            const RETRY_AFTER: Duration = Duration::from_secs(30);

            if self.signed_in.get_untracked() {
                return; // a sign-in that ended in failure may have raced one that succeeded
            }
            let this = *self;
            self.generation.update_value(|g| *g += 1);
            let generation = self.generation.get_value();
            leptos::task::spawn_local(async move {
                let fetched = match next {
                    Some(prepared) => Ok(prepared),
                    None => super::prepare_sign_in().await,
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
                            this.refresh(None);
                        }
                    },
                    delay,
                );
            });
        }
    }
}
