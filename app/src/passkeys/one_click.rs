//! One-click sign-in in WebAuthn immediate mode: the click handling that the header's "Sign in" and the cart's
//! "Checkout" share.
//!
//! ```text
//!  click --> get({ publicKey, password: true, uiMode: 'immediate' })   (pre-issued challenge: no request first)
//!              |-- passkey ----------> finish_prepared_sign_in --+-- signed in --> after.signed_in (or reload)
//!              |-- saved password ---> sign_in_with_password ----+-- refused ----> message, then after.otherwise
//!              '-- NotAllowedError (nothing on this device) ------------------------> after.otherwise
//! ```
//!
//! Every move after an attempt is a page load (the page is the server's: a signed-in visitor gets the signed-in
//! page), so the buttons live in islands without the router.

use super::{PreparedSignIns, SignInVia, finish_prepared_sign_in, report, use_prepared_sign_ins};
use crate::auth::sign_in_with_password;
use crate::i18n::translate::current_locale;
use crate::inspector;
use crate::webauthn::{self, CeremonyError, ImmediateCredential};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::time::Duration;

/// How long a message about a failed one-click sign-in stays on screen before the button moves on.
const MESSAGE_DELAY: Duration = Duration::from_millis(2500);

/// Where a one-click button goes once the attempt has ended.
#[derive(Debug)]
pub struct AfterSignIn {
    /// When the visitor is signed in: a path, or `None` to load this page again (signed in).
    pub signed_in: Option<String>,
    /// When the device had nothing for this site, or the attempt failed: a path.
    pub otherwise: String,
}

/// The shared click handling; get it with [`use_one_click_sign_in`] when the button is created.
#[derive(Clone)]
pub struct OneClickSignIn {
    /// Which button this is, for the server's counters.
    via: SignInVia,
    prepared: PreparedSignIns,
    message: RwSignal<Option<String>>,
}

impl std::fmt::Debug for OneClickSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OneClickSignIn").field("prepared", &self.prepared).field("message", &self.message).finish()
    }
}

pub fn use_one_click_sign_in(via: SignInVia) -> OneClickSignIn {
    OneClickSignIn { via, prepared: use_prepared_sign_ins(), message: RwSignal::new(None) }
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
    /// challenge ready).
    pub fn ready(&self) -> impl Fn() -> bool + Copy + Send + Sync + use<> {
        let prepared = self.prepared;
        move || prepared.immediate_ready()
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
    /// wasm. A page load ends the attempt with the page (the sign-in stands if the server had accepted it).
    pub fn click(&self, event: &MouseEvent, after: AfterSignIn) -> bool {
        if self.prepared.signed_in() {
            return false;
        }
        let Some(attempt) = self.start() else { return false };
        event.prevent_default();

        let this = self.clone();
        spawn_local(async move {
            match attempt.await {
                Outcome::SignedIn => go(&after, true),
                Outcome::Failed(error) if !this.prepared.signed_in() => {
                    this.message.set(Some(error));
                    set_timeout(
                        move || {
                            this.message.set(None);
                            go(&after, this.prepared.signed_in());
                        },
                        MESSAGE_DELAY,
                    );
                }
                Outcome::NothingAvailable | Outcome::Failed(_) => go(&after, this.prepared.signed_in()),
            }
        });
        true
    }

    /// Makes the browser request now, with the challenge issued ahead of time, and returns a future that finishes
    /// the sign-in.
    fn start(&self) -> Option<impl Future<Output = Outcome> + use<>> {
        let (prepared, via) = (self.prepared, self.via);
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
                Ok(_) => Outcome::SignedIn,
                Err(error) => Outcome::Failed(error.message(current_locale())),
            }
        })
    }
}

/// Goes where `after` says for the visitor's state now (they may have signed in another way meanwhile).
fn go(after: &AfterSignIn, signed_in: bool) {
    match (signed_in, after.signed_in.as_deref()) {
        (true, Some(path)) => crate::page::go(path),
        (true, None) => crate::page::reload(),
        (false, _) => crate::page::go(&after.otherwise),
    }
}
