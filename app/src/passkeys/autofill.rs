//! Passkey autofill (conditional mediation) for a page with a field marked `autocomplete="… webauthn"`.
//!
//! One page's autofill goes through these phases:
//!
//! ```text
//!            signed out, challenge ready
//!  Listening ---- user picks a passkey ----> Finishing ---- signed in ----> SignedIn (never armed again here)
//!      ^                                         |
//!      +---- next challenge (fewer than ---------+ refused
//!            MAX_FAILURES in a row)
//! ```
//!
//! While `Listening`, exactly one conditional request is pending; it is aborted when the challenge is replaced,
//! when the visitor signs in some other way, and when the page goes away. A passkey picked just before that (the
//! answer was already on its way) still finishes the sign-in, since the user chose it; but the answer then
//! touches nothing of the page that is gone.

use super::{finish_discoverable, use_prepared_sign_ins};
use crate::i18n::translate::current_locale;
use crate::webauthn::{self, CeremonyError};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// After this many refused passkeys in a row, autofill waits for [`Autofill::restart`]. A passkey manager that
/// answers by itself (a test's virtual authenticator, a misconfigured one) must not sign in over and over.
const MAX_FAILURES: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// A conditional request is pending whenever the visitor is signed out and a challenge is ready.
    Listening,
    /// A passkey was picked; its sign-in is with the server. Nothing is armed until it ends.
    Finishing,
    /// Too many refusals in a row: nothing is armed until [`Autofill::restart`].
    Paused,
    /// Signed in: this page's autofill is over.
    SignedIn,
}

/// Handle on a page's autofill request.
#[derive(Debug, Clone, Copy)]
pub struct Autofill {
    /// A message for the user when a passkey picked from autofill was refused.
    pub error: RwSignal<Option<String>>,
    phase: RwSignal<Phase>,
    failures: StoredValue<u32>,
}

impl Autofill {
    /// Starts listening again, after another request (such as a modal one) replaced the autofill request and
    /// did not sign in.
    pub fn restart(&self) {
        if self.phase.get_untracked() != Phase::SignedIn {
            self.failures.set_value(0);
            // Set even when already listening: re-arms the request that the other one aborted.
            self.phase.set(Phase::Listening);
        }
    }

    /// A refused passkey: show why, and listen again unless that keeps happening.
    fn refused(&self, error: String) {
        let failures = self.failures.get_value() + 1;
        self.failures.set_value(failures);
        self.error.set(Some(error));
        self.phase.set(if failures < MAX_FAILURES { Phase::Listening } else { Phase::Paused });
    }
}

/// Keeps a conditional `navigator.credentials.get()` pending while the page is shown, the visitor is signed out
/// and a pre-issued challenge is ready. When the user picks a passkey from the autofill suggestions, finishes the
/// sign-in and calls `on_signed_in` (which loads the page that follows).
pub fn use_autofill(on_signed_in: impl Fn() + Clone + 'static) -> Autofill {
    let prepared = use_prepared_sign_ins();
    let autofill =
        Autofill { error: RwSignal::new(None), phase: RwSignal::new(Phase::Listening), failures: StoredValue::new(0) };

    Effect::new(move || {
        // `get`, not `get_untracked`: `restart` sets the same phase to re-arm.
        if autofill.phase.get() != Phase::Listening || prepared.signed_in() {
            return;
        }
        let Some(challenge) = prepared.watch() else { return };
        let rp_id = challenge.options.public_key.rp_id.clone();
        let (request, answer) = webauthn::get_conditional(challenge.options);
        // Runs when this effect runs again (a new challenge, signed in, another phase) and when the page goes.
        on_cleanup(move || request.abort());
        let on_signed_in = on_signed_in.clone();
        spawn_local(async move {
            let credential = match answer.await {
                Ok(credential) => credential,
                // Replaced by another request, or nothing was offered: not the user's concern.
                Err(CeremonyError::Aborted | CeremonyError::NotAllowed | CeremonyError::Unsupported) => return,
                Err(error) => {
                    // The page may be gone: `try_set` then does nothing.
                    autofill.error.try_set(Some(error.message(current_locale())));
                    return;
                }
            };
            // One passkey, one finish: withdraw the challenge, and arm nothing while the server decides.
            prepared.spent();
            autofill.phase.try_set(Phase::Finishing);
            let result = finish_discoverable(&rp_id, Some(challenge.ticket), credential).await;
            prepared.finished(result.is_ok());
            if autofill.phase.is_disposed() {
                return; // the page has gone: the sign-in stands, the page's reaction does not
            }
            match result {
                Ok(_) => {
                    autofill.phase.set(Phase::SignedIn);
                    autofill.error.set(None);
                    on_signed_in();
                }
                Err(error) => autofill.refused(error.message(current_locale())),
            }
        });
    });
    autofill
}
