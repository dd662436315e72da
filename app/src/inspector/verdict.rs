//! What the server checked in the last passkey ceremony it accepted for this session: typed [`Check`]s, in the
//! order they passed, each with what it read and how long it took. The finishing step of every ceremony notes
//! them in a [`Checks`](super::Checks) and keeps them in the session; the panel asks for them with
//! [`last_ceremony_verdict`] and puts them in words in the page's language ([`Check::what`]). Nothing secret is
//! in it: no session id, no ticket, no key.

use crate::error::AppError;
use crate::i18n::translate::fill;
use crate::i18n::{Locale, td_string};
use leptos::server;
use serde::{Deserialize, Serialize};

/// Which ceremony the server finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ceremony {
    /// A registration, before the server knows whether it is a sign-up or an added passkey.
    Registration,
    SignUp,
    AddingPasskey,
    ModalSignIn,
    /// A sign-in with a challenge issued ahead of time: immediate mode or autofill.
    PreparedSignIn,
    Confirming,
}

impl Ceremony {
    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            Self::Registration => td_string!(locale, inspector.ceremony.registration),
            Self::SignUp => td_string!(locale, inspector.ceremony.sign_up),
            Self::AddingPasskey => td_string!(locale, inspector.ceremony.adding_passkey),
            Self::ModalSignIn => td_string!(locale, inspector.ceremony.modal_sign_in),
            Self::PreparedSignIn => td_string!(locale, inspector.ceremony.prepared_sign_in),
            Self::Confirming => td_string!(locale, inspector.ceremony.confirming),
        }
    }
}

/// Who made a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckedBy {
    WebauthnRs,
    App,
}

/// One check the server passed, with the values it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    /// Registration: the credential id is at most `max_id_bytes` long, and the browser's `credProps` did not say
    /// the credential is not discoverable.
    RegistrationCredential {
        max_id_bytes: usize,
        rk: Option<bool>,
    },
    /// The ceremony's state was taken from the database, once.
    StateTaken,
    /// webauthn-rs: `finish_passkey_registration`.
    RegistrationValid {
        algorithm: String,
    },
    /// Sign-up: the account and its passkey were stored in one transaction.
    StoredNewAccount,
    /// Adding a passkey: stored for the account the ceremony was started for.
    StoredForAccount,
    SignedIn,
    /// The credential id is short enough and the assertion was not made in another site's frame.
    NotCrossOrigin,
    /// The user handle in the answer owns the credential.
    HandleOwnsCredential,
    /// webauthn-rs: `finish_discoverable_authentication_v2`.
    AssertionValid,
    /// The signature counter, saved with the backup state.
    Counter {
        stored: u32,
        now: u32,
        backed_up: bool,
    },
    /// Confirming it's you: the session still belongs to the account the ceremony was started for.
    SessionStillOwner,
    /// webauthn-rs: `finish_passkey_authentication`.
    ReauthenticationValid,
    UserVerified,
    /// The session holds a proof of the owner for `seconds`.
    ProofRecorded {
        seconds: u64,
    },
    /// Pre-issued challenges: the ticket's tag, life, binding to this browser and single use.
    TicketMac,
    TicketNotExpired {
        seconds: u64,
    },
    TicketBound,
    TicketUsedOnce,
}

impl Check {
    pub fn by(&self) -> CheckedBy {
        match self {
            Self::RegistrationValid { .. } | Self::AssertionValid | Self::ReauthenticationValid => {
                CheckedBy::WebauthnRs
            }
            _ => CheckedBy::App,
        }
    }

    /// The check, in words.
    pub fn what(&self, locale: Locale) -> String {
        let text = match self {
            Self::RegistrationCredential { max_id_bytes, rk } => {
                return fill(
                    td_string!(locale, inspector.checks.registration_credential),
                    &[("max", max_id_bytes), ("rk", &format!("{rk:?}"))],
                );
            }
            Self::RegistrationValid { algorithm } => {
                return fill(td_string!(locale, inspector.checks.registration_valid), &[("algorithm", algorithm)]);
            }
            Self::Counter { stored, now, backed_up } => {
                return fill(
                    td_string!(locale, inspector.checks.counter),
                    &[("stored", stored), ("now", now), ("backed_up", backed_up)],
                );
            }
            Self::ProofRecorded { seconds } => {
                return fill(td_string!(locale, inspector.checks.proof_recorded), &[("seconds", seconds)]);
            }
            Self::TicketNotExpired { seconds } => {
                return fill(td_string!(locale, inspector.checks.ticket_not_expired), &[("seconds", seconds)]);
            }
            Self::StateTaken => td_string!(locale, inspector.checks.state_taken),
            Self::StoredNewAccount => td_string!(locale, inspector.checks.stored_new_account),
            Self::StoredForAccount => td_string!(locale, inspector.checks.stored_for_account),
            Self::SignedIn => td_string!(locale, inspector.checks.signed_in),
            Self::NotCrossOrigin => td_string!(locale, inspector.checks.not_cross_origin),
            Self::HandleOwnsCredential => td_string!(locale, inspector.checks.handle_owns_credential),
            Self::AssertionValid => td_string!(locale, inspector.checks.assertion_valid),
            Self::SessionStillOwner => td_string!(locale, inspector.checks.session_still_owner),
            Self::ReauthenticationValid => td_string!(locale, inspector.checks.reauthentication_valid),
            Self::UserVerified => td_string!(locale, inspector.checks.user_verified),
            Self::TicketMac => td_string!(locale, inspector.checks.ticket_mac),
            Self::TicketBound => td_string!(locale, inspector.checks.ticket_bound),
            Self::TicketUsedOnce => td_string!(locale, inspector.checks.ticket_used_once),
        };
        text.to_owned()
    }

    /// What a webauthn-rs call verified, one item each; nothing for this app's checks, which are one thing each.
    pub fn details(&self, locale: Locale) -> Vec<&'static str> {
        match self {
            Self::RegistrationValid { .. } => vec![
                td_string!(locale, inspector.details.type_create),
                td_string!(locale, inspector.details.challenge),
                td_string!(locale, inspector.details.origin),
                td_string!(locale, inspector.details.rp_id_hash),
                td_string!(locale, inspector.details.up_uv),
                td_string!(locale, inspector.details.attestation),
                td_string!(locale, inspector.details.algorithm_offered),
            ],
            Self::AssertionValid => vec![
                td_string!(locale, inspector.details.type_get),
                td_string!(locale, inspector.details.challenge),
                td_string!(locale, inspector.details.origin),
                td_string!(locale, inspector.details.rp_id_hash),
                td_string!(locale, inspector.details.up_uv),
                td_string!(locale, inspector.details.signature),
                td_string!(locale, inspector.details.counter),
            ],
            Self::ReauthenticationValid => vec![
                td_string!(locale, inspector.details.allow_credentials),
                td_string!(locale, inspector.details.type_challenge_origin),
                td_string!(locale, inspector.details.rp_id_hash),
                td_string!(locale, inspector.details.up_uv),
                td_string!(locale, inspector.details.signature_and_counter),
            ],
            _ => Vec::new(),
        }
    }
}

/// A check that passed, and how long it took (since the previous one), in microseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passed {
    pub check: Check,
    pub micros: u64,
}

/// What the server checked in the last passkey ceremony it accepted for this session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub ceremony: Ceremony,
    /// The challenge the browser signed (base64url), as its client data said: the inspector matches it against
    /// the options it recorded.
    pub challenge: String,
    pub checks: Vec<Passed>,
    /// The passkey's AAGUID, as stored at registration, and the provider it stands for, if the list knows it.
    pub aaguid: Option<String>,
    pub provider: Option<String>,
    /// The whole finishing step on the server, in microseconds.
    pub total_micros: u64,
}

/// What the server checked in the last passkey ceremony it accepted for this session, if any.
#[server(endpoint = "last_ceremony_verdict")]
pub async fn last_ceremony_verdict() -> Result<Option<Verdict>, AppError> {
    crate::session::last_verdict(&crate::request::RequestContext::current().await?.session).await
}
