//! What the passkey server functions take from a request (ssr only): credential ids and passkey names, checked
//! here, and the messages the refusals that have no error of their own are made with, in the request's language.

use crate::error::AppError;
use crate::i18n::td_string;
use crate::i18n::translate::{current_locale, fill};

/// The longest credential id WebAuthn allows (L3 §6.5.1); webauthn-rs accepts up to 4096 bytes.
pub(super) const MAX_CREDENTIAL_ID_BYTES: usize = 1023;

/// A refusal of a passkey request, as the 400 it is answered with.
#[derive(Debug, Clone, Copy)]
pub(super) enum Refused {
    /// Creating an account for a guest order while signed in.
    AlreadySignedIn,
    /// Confirming it's you with a passkey, for an account that has none.
    NoPasskey,
    /// A pre-issued sign-in ticket that does not open with the server's key.
    TicketInvalid,
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        let locale = current_locale();
        let message = match refused {
            Refused::AlreadySignedIn => td_string!(locale, inspector.errors.already_signed_in),
            Refused::NoPasskey => td_string!(locale, inspector.errors.no_passkey),
            Refused::TicketInvalid => td_string!(locale, inspector.errors.ticket_invalid),
        };
        AppError::InvalidInput(message.to_owned())
    }
}

/// Refuses a browser's answer whose credential id is longer than WebAuthn allows.
pub(super) fn refuse_long_credential_id(raw_id: &[u8]) -> Result<(), AppError> {
    if raw_id.len() > MAX_CREDENTIAL_ID_BYTES {
        return Err(AppError::InvalidInput(
            td_string!(current_locale(), inspector.errors.credential_id_too_long).to_owned(),
        ));
    }
    Ok(())
}

/// A credential id as the page names it (base64url); anything else names no passkey.
pub(super) fn credential_id_of(text: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| AppError::NotFound)?;
    if bytes.is_empty() || bytes.len() > MAX_CREDENTIAL_ID_BYTES {
        return Err(AppError::NotFound);
    }
    Ok(bytes)
}

/// The name a user gives a passkey, trimmed: at most [`super::MAX_PASSKEY_LABEL`] characters, no control,
/// invisible or text-direction characters; `None` when empty (the passkey goes back to its provider's name).
pub(super) fn passkey_label(label: &str) -> Result<Option<&str>, AppError> {
    let label = label.trim();
    let locale = current_locale();
    if label.chars().count() > super::MAX_PASSKEY_LABEL {
        return Err(AppError::InvalidInput(fill(
            td_string!(locale, inspector.errors.name_too_long),
            &[("max", &super::MAX_PASSKEY_LABEL)],
        )));
    }
    crate::auth::refuse_hidden_characters(td_string!(locale, account.fields.passkey_name), label)?;
    Ok((!label.is_empty()).then_some(label))
}

/// What the account page calls a passkey without a name of its own or a known provider.
pub(super) fn unnamed_passkey() -> String {
    td_string!(current_locale(), common.unnamed_passkey).to_owned()
}
