//! Passkeys: registration and username-less sign-in.
//!
//! Every ceremony is two server functions around one browser call:
//!
//! ```text
//!  browser                         server                              database
//!     | -- start_registration ------> | webauthn-rs: challenge + state       |
//!     |                               | -- state (5 min, this session) ---> |
//!     | <-- creation options -------- |                                      |
//!  navigator.credentials.create()     |                                      |
//!     | -- finish_registration -----> | <-- take state (once) ------------- |
//!     |                               | webauthn-rs: verify attestation      |
//!     |                               | -- user + passkey ----------------> |
//!     | <-- signed in --------------- |                                      |
//! ```
//!
//! Sign-in has the same shape with `start_sign_in` / `navigator.credentials.get()` / `finish_sign_in`.
//! The server half lives in [`mod@server`] (ssr only); the browser call in `crate::webauthn` (hydrate only).

mod autofill;
#[cfg(feature = "ssr")]
mod input;
mod one_click;
mod prepared;
#[cfg(feature = "ssr")]
mod providers;
#[cfg(feature = "ssr")]
pub mod server;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inspector;
pub use crate::outcomes::{BrowserOutcome, SignInVia};
use crate::webauthn::{self, CeremonyError};

pub use autofill::{Autofill, use_autofill};
use leptos::prelude::*;
pub use one_click::{AfterSignIn, OneClickSignIn, use_one_click_sign_in};
pub use prepared::{PreparedSignIns, provide_prepared_sign_ins, use_prepared_sign_ins};
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

/// A passkey as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeySummary {
    /// The credential id, base64url: what [`rename_passkey`] and [`delete_passkey`] name it by.
    pub credential_id: String,
    /// What the page calls it: the user's label, else its provider's name, else "Passkey".
    pub name: String,
    /// The user's label, if they gave one.
    pub label: Option<String>,
    /// Who made it (the passkey manager or security key), from its AAGUID, if the community list knows it.
    pub provider: Option<String>,
    /// The provider's icon for light and dark backgrounds (paths on this site).
    pub icon_light: Option<String>,
    pub icon_dark: Option<String>,
    /// Backed up (the backup-state flag): the passkey manager syncs it to the user's other devices. Otherwise it
    /// lives on this one device (or security key) only.
    pub synced: bool,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The longest label a passkey can be given, in characters.
pub const MAX_PASSKEY_LABEL: usize = 64;

/// What the passkey manager should hold for the signed-in account: sent to it through the WebAuthn Signal API, so
/// that it forgets passkeys this site no longer has and shows the account's current names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForPasskeyManager {
    pub rp_id: String,
    /// The WebAuthn user handle, base64url, as the passkeys were created with.
    pub user_id: String,
    pub name: String,
    pub display_name: String,
    /// The credential id of every passkey of the account, base64url.
    pub credential_ids: Vec<String>,
}

/// A sign-in challenge issued ahead of time, so that a click can call `navigator.credentials.get()` at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreparedSignIn {
    pub options: RequestChallengeResponse,
    /// The server's signed ceremony state; handed back with the credential.
    pub ticket: String,
    /// How long the challenge stays valid; the client asks for a new one before then.
    pub expires_in_ms: u64,
}

/// Step 1 of sign-up: checks the names and returns the options for `navigator.credentials.create()`.
/// The account is created only when the passkey is (step 2).
#[server(endpoint = "start_registration")]
pub async fn start_registration(username: String, display_name: String) -> Result<CreationChallengeResponse, AppError> {
    server::start_registration(&username, &display_name).await
}

/// Step 1 of adding another passkey to the signed-in account.
#[server(endpoint = "start_adding_passkey")]
pub async fn start_adding_passkey() -> Result<CreationChallengeResponse, AppError> {
    server::start_adding_passkey().await
}

/// Step 2 of registration: verifies the new credential and stores it (with the new account, which is then
/// signed in).
#[server(endpoint = "finish_registration", input = Json)]
pub async fn finish_registration(credential: RegisterPublicKeyCredential) -> Result<CurrentUser, AppError> {
    server::finish_registration(credential).await
}

/// Step 1 of sign-in: a challenge for any of this site's passkeys (empty `allowCredentials`).
#[server(endpoint = "start_sign_in")]
pub async fn start_sign_in() -> Result<RequestChallengeResponse, AppError> {
    server::start_sign_in().await
}

/// Step 2 of sign-in: verifies the assertion, updates the stored passkey and signs its owner in.
#[server(endpoint = "finish_sign_in", input = Json)]
pub async fn finish_sign_in(credential: PublicKeyCredential) -> Result<CurrentUser, AppError> {
    server::finish_sign_in(credential).await
}

/// A sign-in challenge issued ahead of time (immediate mode, autofill). Costs no database write.
#[server(endpoint = "prepare_sign_in")]
pub async fn prepare_sign_in() -> Result<PreparedSignIn, AppError> {
    server::prepared::prepare_sign_in().await
}

/// Finishes a sign-in started with [`prepare_sign_in`]: the ticket is checked (signature, expiry, this browser,
/// first use) and the assertion verified like any other. `via` says which button or field it came from, for the
/// counters only.
#[server(endpoint = "finish_prepared_sign_in", input = Json)]
pub async fn finish_prepared_sign_in(
    ticket: String,
    credential: PublicKeyCredential,
    via: Option<SignInVia>,
) -> Result<CurrentUser, AppError> {
    server::prepared::finish_prepared_sign_in(&ticket, credential, via.unwrap_or(SignInVia::Other)).await
}

/// Tells the server how a sign-in attempt ended in the browser without reaching it (nothing on the device, the
/// dialog dismissed...), for its counters. Changes nothing else.
#[server(endpoint = "report_sign_in_outcome")]
pub async fn report_sign_in_outcome(via: SignInVia, outcome: BrowserOutcome) -> Result<(), AppError> {
    server::sign_in::report_outcome(via, outcome).await
}

/// The signed-in user's passkeys, oldest first.
#[server(endpoint = "list_passkeys")]
pub async fn list_passkeys() -> Result<Vec<PasskeySummary>, AppError> {
    server::list_passkeys().await
}

/// Whether to offer "Create a passkey" now: right after a password sign-in (the form or immediate mode), which
/// also counts as the proof that adding a passkey needs. Never set for passkey sign-ins.
#[server(endpoint = "passkey_offer")]
pub async fn passkey_offer() -> Result<bool, AppError> {
    server::passkey_offer().await
}

/// "Not now": the offer is not made again in this session.
#[server(endpoint = "dismiss_passkey_offer")]
pub async fn dismiss_passkey_offer() -> Result<(), AppError> {
    server::dismiss_passkey_offer().await
}

/// Gives one of the signed-in account's passkeys a name of its own (an empty `label` removes it). Needs a recent
/// proof of the owner; another account's passkey is not found (404).
#[server(endpoint = "rename_passkey")]
pub async fn rename_passkey(credential_id: String, label: String) -> Result<(), AppError> {
    server::rename_passkey(&credential_id, &label).await
}

/// Deletes one of the signed-in account's passkeys and signs the account out everywhere else. Needs a recent
/// proof of the owner; refused for the last passkey of an account without a password (409); another account's
/// passkey is not found (404).
#[server(endpoint = "delete_passkey")]
pub async fn delete_passkey(credential_id: String) -> Result<(), AppError> {
    server::delete_passkey(&credential_id).await
}

/// Step 1 of confirming it's you with a passkey: a challenge for the signed-in account's passkeys only
/// (`allowCredentials`), with user verification required.
#[server(endpoint = "start_reauthentication")]
pub async fn start_reauthentication() -> Result<RequestChallengeResponse, AppError> {
    server::start_reauthentication().await
}

/// Step 2: verifies the assertion; the account may then be changed for `REAUTH_SECONDS`.
#[server(endpoint = "finish_reauthentication", input = Json)]
pub async fn finish_reauthentication(credential: PublicKeyCredential) -> Result<(), AppError> {
    server::finish_reauthentication(credential).await
}

/// Confirms it's you with one of the account's passkeys, from the browser: a modal request limited to them.
pub async fn reauthenticate_with_passkey() -> Result<(), FlowError> {
    let options = start_reauthentication().await?;
    let credential = webauthn::get(options).await?;
    Ok(inspector::server_answered(finish_reauthentication(credential).await)?)
}

/// What the passkey manager should hold for the signed-in account.
#[server(endpoint = "passkey_manager_view")]
pub async fn passkey_manager_view() -> Result<AccountForPasskeyManager, AppError> {
    server::passkey_manager_view().await
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
fn report(via: SignInVia, error: &CeremonyError) {
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
async fn finish_discoverable(
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
