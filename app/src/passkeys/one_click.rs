//! One-click sign-in in WebAuthn immediate mode: the click handling that the header's "Sign in" and the cart's
//! "Checkout" share.
//!
//! ```text
//!  click --> get({ publicKey, password: true, uiMode: 'immediate' })   (pre-issued challenge: no request first)
//!              |-- passkey ----------> finish_prepared_sign_in --+-- signed in --> after.signed_in (or stay)
//!              |-- saved password ---> sign_in_with_password ----+-- refused ----> message, then after.otherwise
//!              '-- NotAllowedError (nothing on this device) ------------------------> after.otherwise
//! ```

use super::{PreparedSignIns, SignInVia, finish_prepared_sign_in, report, use_prepared_sign_ins};
use crate::auth::{Auth, sign_in_with_password, use_auth};
use crate::i18n::translate::current_locale;
use crate::inspector;
use crate::webauthn::{self, CeremonyError, ImmediateCredential};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::Location;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

/// How long a message about a failed one-click sign-in stays on screen before the button moves on.
const MESSAGE_DELAY: Duration = Duration::from_millis(2500);

/// Where a one-click button goes once the attempt has ended.
#[derive(Debug)]
pub struct AfterSignIn {
    /// When the visitor is signed in: a path, or `None` to stay on the page.
    pub signed_in: Option<String>,
    /// When the device had nothing for this site, or the attempt failed: a path.
    pub otherwise: String,
}

/// The router's `navigate`, kept outside the reactive arena: a late answer may need it after the button is gone.
type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// The shared click handling; get it with [`use_one_click_sign_in`] when the button is created.
#[derive(Clone)]
pub struct OneClickSignIn {
    /// Which button this is, for the server's counters.
    via: SignInVia,
    prepared: PreparedSignIns,
    auth: Auth,
    navigate: Navigate,
    location: Location,
    message: RwSignal<Option<String>>,
}

impl std::fmt::Debug for OneClickSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OneClickSignIn").field("prepared", &self.prepared).field("message", &self.message).finish()
    }
}

pub fn use_one_click_sign_in(via: SignInVia) -> OneClickSignIn {
    OneClickSignIn {
        via,
        prepared: use_prepared_sign_ins(),
        auth: use_auth(),
        navigate: Rc::new(use_navigate()),
        location: use_location(),
        message: RwSignal::new(None),
    }
}

/// How an immediate-mode attempt ended.
enum Outcome {
    SignedIn,
    /// The browser had nothing for this site (or its limit of attempts was reached).
    NothingAvailable,
    /// Something went wrong; the message is for the user.
    Failed(String),
}

impl OneClickSignIn {
    /// Tracked, for the view: whether a click can sign in with immediate mode right now (capability checked,
    /// challenge ready). It reads only app-wide state, never anything of the button: the header can swap the
    /// button out (at sign-in) while this still runs once more.
    pub fn ready(&self) -> impl Fn() -> bool + Copy + Send + Sync + use<> {
        let prepared = self.prepared;
        move || prepared.immediate_ready()
    }

    /// The path and query of the page (untracked).
    pub fn here(&self) -> String {
        current_url(&self.location)
    }

    /// A message about the last attempt, while it is shown.
    pub fn message(&self) -> Signal<Option<String>> {
        self.message.into()
    }

    /// Handles a click on a one-click button: asks the browser at once, in immediate mode, then signs in and goes
    /// where `after` says. It needs the click event because the browser only honours an immediate request made
    /// while the click's user activation lasts, that is, from the click handler itself.
    ///
    /// Returns `false`, and leaves the event alone, when immediate mode cannot be used (the browser lacks it, no
    /// challenge is ready yet, or the visitor is signed in already): the button then does what it does without
    /// wasm. A late answer acts only if the user is still on the page where they clicked.
    pub fn click(&self, event: &MouseEvent, after: AfterSignIn) -> bool {
        if self.signed_in_now() {
            return false;
        }
        let Some(attempt) = self.start() else { return false };
        event.prevent_default();

        let this = self.clone();
        let here = current_url(&self.location);
        spawn_local(async move {
            let outcome = attempt.await;
            if current_url(&this.location) != here {
                return; // the user went elsewhere meanwhile: the sign-in stands, the page's reaction does not
            }
            match outcome {
                Outcome::SignedIn => this.go(&after, true),
                Outcome::Failed(error) if !this.signed_in_now() => {
                    // The button may be gone (`try_set` then does nothing); the page is not.
                    this.message.try_set(Some(error));
                    set_timeout(
                        move || {
                            this.message.try_set(None);
                            if current_url(&this.location) == here {
                                this.go(&after, this.signed_in_now());
                            }
                        },
                        MESSAGE_DELAY,
                    );
                }
                Outcome::NothingAvailable | Outcome::Failed(_) => this.go(&after, this.signed_in_now()),
            }
        });
        true
    }

    /// Goes where `after` says for the visitor's state now (they may have signed in another way meanwhile).
    fn go(&self, after: &AfterSignIn, signed_in: bool) {
        let target = if signed_in { after.signed_in.as_deref() } else { Some(after.otherwise.as_str()) };
        if let Some(path) = target {
            (self.navigate)(path, NavigateOptions::default());
        }
    }

    /// Whether the header (and everything else) already knows of a signed-in user.
    fn signed_in_now(&self) -> bool {
        matches!(self.auth.user.get_untracked(), Some(Ok(Some(_))))
    }

    /// Makes the browser request now, with the challenge issued ahead of time, and returns a future that finishes
    /// the sign-in (even if the button is gone by then: the user did choose to sign in) and tells [`Auth`].
    fn start(&self) -> Option<impl Future<Output = Outcome> + use<>> {
        let (prepared, auth, via) = (self.prepared, self.auth, self.via);
        if !prepared.immediate_available() {
            return None;
        }
        let challenge = prepared.current()?;
        let request = webauthn::get_immediate(&challenge.options);
        prepared.spent();
        Some(async move {
            let signed_in = match request.await {
                Ok(ImmediateCredential::Passkey(credential)) => {
                    inspector::server_answered(finish_prepared_sign_in(challenge.ticket, credential, Some(via)).await)
                }
                Ok(ImmediateCredential::Password { username, password }) => {
                    inspector::server_answered(sign_in_with_password(username, password, None, Some(via)).await)
                }
                Err(error @ (CeremonyError::NotAllowed | CeremonyError::Throttled)) => {
                    prepared.finished(false);
                    report(via, &error);
                    return Outcome::NothingAvailable;
                }
                Err(error) => {
                    prepared.finished(false);
                    report(via, &error);
                    return Outcome::Failed(error.message(current_locale()));
                }
            };
            prepared.finished(signed_in.is_ok());
            match signed_in {
                Ok(_) => {
                    auth.changed();
                    Outcome::SignedIn
                }
                Err(error) => Outcome::Failed(error.message(current_locale())),
            }
        })
    }
}

/// The path and query of the current page (untracked).
fn current_url(location: &Location) -> String {
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    if search.is_empty() { path } else { format!("{path}?{search}") }
}
