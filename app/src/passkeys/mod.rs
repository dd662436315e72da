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
//! The server functions are here, their server half in [`mod@server`] (ssr only); the browser runs each flow as
//! `flows.rs` has it, with the browser call in `crate::webauthn` (hydrate only).

mod autofill;
mod flows;
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
pub use crate::outcomes::{BrowserOutcome, SignInVia};

pub use autofill::{Autofill, use_autofill};
pub use flows::{
    FlowError, add_passkey, create_added_passkey, forget_account_in_passkey_manager, reauthenticate_with_passkey,
    sign_in_with_passkey, sign_up_with_passkey, sync_passkey_manager,
};
use flows::{finish_discoverable, report};
use leptos::prelude::*;
pub use one_click::{AfterSignIn, OneClickSignIn, use_one_click_sign_in};
#[cfg(feature = "hydrate")]
pub use prepared::start_prepared_sign_ins;
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

/// What the passkey manager should hold for the signed-in account.
#[server(endpoint = "passkey_manager_view")]
pub async fn passkey_manager_view() -> Result<AccountForPasskeyManager, AppError> {
    server::passkey_manager_view().await
}
