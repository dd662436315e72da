//! The passkey flows as the browser runs them: each a server function that starts it, the browser's ceremony
//! (`crate::webauthn`), and the server function that finishes it, whose answer the inspector is told of. The
//! server functions themselves are in [`super`].

use super::{
    AccountForPasskeyManager, BrowserOutcome, SignInVia, finish_prepared_sign_in, finish_reauthentication,
    finish_registration, finish_sign_in, report_sign_in_outcome, start_adding_passkey, start_reauthentication,
    start_registration, start_sign_in,
};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inspector;
use crate::webauthn::{self, CeremonyError};
use webauthn_rs_proto::{CreationChallengeResponse, PublicKeyCredential};

/// Confirms it's you with one of the account's passkeys, from the browser: a modal request limited to them.
pub async fn reauthenticate_with_passkey() -> Result<(), FlowError> {
    let options = start_reauthentication().await?;
    let credential = webauthn::get(options).await?;
    Ok(inspector::server_answered(finish_reauthentication(credential).await)?)
}

/// Tells the passkey manager, in the browser, which passkeys the account has and what it is called, so that a
/// passkey deleted here (or lost to another deployment) is no longer offered and a renamed account shows its new
/// names. Each signal is feature-detected: a browser without the Signal API is told nothing.
pub fn sync_passkey_manager(view: &AccountForPasskeyManager) {
    webauthn::signal_all_accepted_credentials(&view.rp_id, &view.user_id, &view.credential_ids);
    webauthn::signal_current_user_details(&view.rp_id, &view.user_id, &view.name, &view.display_name);
}

/// Tells the passkey manager that the account is gone: none of its passkeys is accepted any more, so it deletes
/// them. Sent once the server has deleted the account.
pub fn forget_account_in_passkey_manager(view: &AccountForPasskeyManager) {
    webauthn::signal_all_accepted_credentials(&view.rp_id, &view.user_id, &[]);
}

/// Why a passkey flow in the browser did not finish: the server said no, or the browser did.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Server(#[from] AppError),
    #[error(transparent)]
    Browser(#[from] CeremonyError),
}

impl FlowError {
    /// The message to show the user, in `locale`.
    pub fn message(&self, locale: crate::i18n::Locale) -> String {
        match self {
            Self::Server(error) => error.message(locale),
            Self::Browser(error) => error.message(locale),
        }
    }
}

/// Sign-up with a passkey, from the browser: start, create, finish; then set the password, if one was given.
pub async fn sign_up_with_passkey(
    username: String,
    display_name: String,
    password: Option<String>,
) -> Result<CurrentUser, FlowError> {
    let options = start_registration(username, display_name).await?;
    let credential = webauthn::create(options).await?;
    let user = inspector::server_answered(finish_registration(credential).await)?;
    if let Some(password) = password {
        crate::auth::set_password(password).await?;
    }
    Ok(user)
}

/// Adds a passkey to the signed-in account, from the browser.
pub async fn add_passkey() -> Result<CurrentUser, FlowError> {
    create_added_passkey(start_adding_passkey().await?).await
}

/// The rest of adding a passkey, with the options [`start_adding_passkey`] gave: create, then finish.
pub async fn create_added_passkey(options: CreationChallengeResponse) -> Result<CurrentUser, FlowError> {
    let credential = webauthn::create(options).await?;
    Ok(inspector::server_answered(finish_registration(credential).await)?)
}

/// Modal sign-in with any passkey of this site, from the browser.
pub async fn sign_in_with_passkey() -> Result<CurrentUser, FlowError> {
    let options = start_sign_in().await?;
    let rp_id = options.public_key.rp_id.clone();
    let credential = webauthn::get(options).await.inspect_err(|error| report(SignInVia::Modal, error))?;
    Ok(finish_discoverable(&rp_id, None, credential).await?)
}

/// Tells the server, in the background, how an attempt `via` ended in the browser (for its counters only).
pub(super) fn report(via: SignInVia, error: &CeremonyError) {
    let outcome = match error {
        CeremonyError::NotAllowed if via == SignInVia::Modal => BrowserOutcome::Cancelled,
        CeremonyError::NotAllowed => BrowserOutcome::NothingOnDevice,
        CeremonyError::Throttled => BrowserOutcome::Throttled,
        CeremonyError::Aborted => BrowserOutcome::Cancelled,
        _ => BrowserOutcome::BrowserError,
    };
    leptos::task::spawn_local(async move {
        // Only a counter: a report that does not arrive changes nothing for the user.
        let _ = report_sign_in_outcome(via, outcome).await;
    });
}

/// Sends a discoverable credential to the server (with the ticket of a pre-issued challenge, if that is what it
/// answers). If the server does not know the passkey, tells the passkey manager so, and it stops offering it.
pub(super) async fn finish_discoverable(
    rp_id: &str,
    ticket: Option<String>,
    credential: PublicKeyCredential,
) -> Result<CurrentUser, AppError> {
    let credential_id = credential.id.clone();
    let result = inspector::server_answered(match ticket {
        Some(ticket) => finish_prepared_sign_in(ticket, credential, Some(SignInVia::Autofill)).await,
        None => finish_sign_in(credential).await,
    });
    if let Err(AppError::UnknownPasskey) = result {
        webauthn::signal_unknown_credential(rp_id, &credential_id);
    }
    result
}
