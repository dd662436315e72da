//! Passkey autofill (conditional mediation) for a page with a field marked `autocomplete="… webauthn"`.

use super::{finish_discoverable, use_prepared_sign_ins};
use crate::webauthn::{self, CeremonyError};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Handle on a page's autofill request.
#[derive(Clone, Copy)]
pub struct Autofill {
    /// A message for the user when a passkey picked from autofill was refused.
    pub error: RwSignal<Option<String>>,
    round: RwSignal<u32>,
}

impl Autofill {
    /// Starts the autofill request again (after another request, such as a modal one, replaced it).
    pub fn restart(&self) {
        self.round.update(|r| *r += 1);
    }
}

/// Keeps a conditional `navigator.credentials.get()` pending while the page is shown and a pre-issued challenge is
/// ready; when the user picks a passkey from the autofill suggestions, finishes the sign-in and calls
/// `on_signed_in`. The request restarts with every fresh challenge and is aborted when the page goes away.
pub fn use_autofill(on_signed_in: impl Fn() + Clone + 'static) -> Autofill {
    let prepared = use_prepared_sign_ins();
    let autofill = Autofill { error: RwSignal::new(None), round: RwSignal::new(0) };
    Effect::new(move || {
        autofill.round.track();
        let Some(challenge) = prepared.watch() else { return };
        let rp_id = challenge.options.public_key.rp_id.clone();
        let request = webauthn::get_conditional(challenge.options);
        let on_signed_in = on_signed_in.clone();
        spawn_local(async move {
            match request.await {
                Ok(credential) => {
                    prepared.used();
                    match finish_discoverable(&rp_id, Some(challenge.ticket), credential).await {
                        Ok(_) => on_signed_in(),
                        Err(error) => autofill.error.set(Some(error.to_string())),
                    }
                }
                // Replaced by another request, or nothing was offered: not the user's concern.
                Err(CeremonyError::Aborted | CeremonyError::NotAllowed | CeremonyError::Unsupported) => {}
                Err(error) => autofill.error.set(Some(error.to_string())),
            }
        });
    });
    on_cleanup(webauthn::cancel_conditional);
    autofill
}
