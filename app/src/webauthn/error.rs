use crate::i18n::translate::fill;
use crate::i18n::{Locale, td_string};

/// Why the browser did not return a credential, in the terms a user cares about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum CeremonyError {
    /// `NotAllowedError`: the user cancelled, the request timed out, or (immediate mode) nothing was available.
    #[error("The passkey request was cancelled or timed out.")]
    NotAllowed,
    /// `InvalidStateError` on create: this authenticator already holds a passkey for this account.
    #[error("This device already has a passkey for this account.")]
    AlreadyRegistered,
    /// `AbortError`: the page cancelled the request (for example, to start another one).
    #[error("The passkey request was interrupted.")]
    Aborted,
    /// No WebAuthn in this browser or context.
    #[error("This browser does not support passkeys here.")]
    Unsupported,
    /// Immediate mode was asked for too often (the browser allows two requests in five seconds).
    #[error("Too many sign-in attempts in a row.")]
    Throttled,
    /// The browser did not understand the request (a `TypeError`, e.g. an option it does not know).
    #[error("The browser did not accept the passkey request ({0}).")]
    TypeError(String),
    /// The browser's promise resolved with something other than a `PublicKeyCredential`.
    #[error("The browser returned no passkey.")]
    NoCredential,
    #[error("The browser could not complete the passkey request ({0}).")]
    Other(String),
}

impl CeremonyError {
    /// The message to show the user, in `locale` (`Display` is the English one).
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::NotAllowed => td_string!(locale, common.errors.ceremony_not_allowed).to_owned(),
            Self::AlreadyRegistered => td_string!(locale, common.errors.ceremony_already_registered).to_owned(),
            Self::Aborted => td_string!(locale, common.errors.ceremony_aborted).to_owned(),
            Self::Unsupported => td_string!(locale, common.errors.ceremony_unsupported).to_owned(),
            Self::Throttled => td_string!(locale, common.errors.ceremony_throttled).to_owned(),
            Self::TypeError(detail) => {
                fill(td_string!(locale, common.errors.ceremony_type_error), &[("detail", detail)])
            }
            Self::NoCredential => td_string!(locale, common.errors.ceremony_no_credential).to_owned(),
            Self::Other(detail) => fill(td_string!(locale, common.errors.ceremony_other), &[("detail", detail)]),
        }
    }
}
