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
//! The server half lives in [`server`] (ssr only); the browser call in `crate::webauthn` (hydrate only).

mod autofill;
#[cfg(feature = "ssr")]
mod ceremony;
mod prepared;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod ticket;

use crate::AppError;
use crate::auth::{Auth, CurrentUser, sign_in_with_password, use_auth};
use crate::webauthn::ImmediateCredential;
use crate::webauthn::{self, CeremonyError};
use std::future::Future;

pub use autofill::{Autofill, use_autofill};
use leptos::prelude::*;
pub use prepared::{PreparedSignIns, provide_prepared_sign_ins, use_prepared_sign_ins};
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

/// A passkey as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeySummary {
    /// The start of the credential id (hex), for telling passkeys apart.
    pub id: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
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

/// Step 1 of "Create a passkey for next time" after a guest order: an account for the order's email, which
/// will own the order.
#[server(endpoint = "start_guest_registration")]
pub async fn start_guest_registration(order_id: String) -> Result<CreationChallengeResponse, AppError> {
    server::start_guest_registration(&order_id).await
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
    ticket::prepare_sign_in().await
}

/// Finishes a sign-in started with [`prepare_sign_in`]: the ticket is checked (signature, expiry, this browser,
/// first use) and the assertion verified like any other.
#[server(endpoint = "finish_prepared_sign_in", input = Json)]
pub async fn finish_prepared_sign_in(ticket: String, credential: PublicKeyCredential) -> Result<CurrentUser, AppError> {
    ticket::finish_prepared_sign_in(&ticket, credential).await
}

/// The signed-in user's passkeys, oldest first.
#[server(endpoint = "list_passkeys")]
pub async fn list_passkeys() -> Result<Vec<PasskeySummary>, AppError> {
    server::list_passkeys().await
}

/// Why a passkey flow in the browser did not finish: the server said no, or the browser did.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Server(#[from] AppError),
    #[error(transparent)]
    Browser(#[from] CeremonyError),
}

/// Sign-up with a passkey, from the browser: start, create, finish; then set the password, if one was given.
pub async fn sign_up_with_passkey(
    username: String,
    display_name: String,
    password: Option<String>,
) -> Result<CurrentUser, FlowError> {
    let options = start_registration(username, display_name).await?;
    let credential = webauthn::create(options).await?;
    let user = finish_registration(credential).await?;
    if let Some(password) = password {
        crate::auth::set_password(password).await?;
    }
    Ok(user)
}

/// Creates an account with a passkey for a guest's order, from the browser.
pub async fn save_guest_order_with_passkey(order_id: String) -> Result<CurrentUser, FlowError> {
    let options = start_guest_registration(order_id).await?;
    let credential = webauthn::create(options).await?;
    Ok(finish_registration(credential).await?)
}

/// Adds a passkey to the signed-in account, from the browser.
pub async fn add_passkey() -> Result<CurrentUser, FlowError> {
    let options = start_adding_passkey().await?;
    let credential = webauthn::create(options).await?;
    Ok(finish_registration(credential).await?)
}

/// Modal sign-in with any passkey of this site, from the browser.
pub async fn sign_in_with_passkey() -> Result<CurrentUser, FlowError> {
    let options = start_sign_in().await?;
    let rp_id = options.public_key.rp_id.clone();
    let credential = webauthn::get(options).await?;
    Ok(finish_discoverable(&rp_id, None, credential).await?)
}

/// Sends a discoverable credential to the server (with the ticket of a pre-issued challenge, if that is what it
/// answers). If the server does not know the passkey, tells the passkey manager so, and it stops offering it.
async fn finish_discoverable(
    rp_id: &str,
    ticket: Option<String>,
    credential: PublicKeyCredential,
) -> Result<CurrentUser, AppError> {
    let credential_id = credential.id.clone();
    let result = match ticket {
        Some(ticket) => finish_prepared_sign_in(ticket, credential).await,
        None => finish_sign_in(credential).await,
    };
    if let Err(AppError::UnknownPasskey) = result {
        webauthn::signal_unknown_credential(rp_id, &credential_id);
    }
    result
}

/// How an immediate-mode sign-in ended.
pub enum ImmediateOutcome {
    /// Signed in; everything that shows who is signed in has been told ([`Auth::changed`]).
    SignedIn(CurrentUser),
    /// The browser had nothing for this site (or the attempt limit was reached): use the sign-in page.
    NothingAvailable,
    /// Something went wrong; the message is for the user, who should then use the sign-in page.
    Failed(String),
}

/// One-click sign-in in WebAuthn immediate mode, for a button: get it with [`use_immediate_sign_in`] when the
/// component is created, and call [`start`](Self::start) from the click handler.
#[derive(Clone, Copy)]
pub struct ImmediateSignIn {
    prepared: PreparedSignIns,
    auth: Auth,
}

pub fn use_immediate_sign_in() -> ImmediateSignIn {
    ImmediateSignIn { prepared: use_prepared_sign_ins(), auth: use_auth() }
}

impl ImmediateSignIn {
    /// Tracked: whether a click can sign in with immediate mode right now (capability checked, challenge ready).
    pub fn ready(&self) -> bool {
        self.prepared.immediate_ready()
    }

    /// Starts a one-click sign-in. **Call it from the click handler**: the browser request is made before this
    /// returns, with the challenge issued ahead of time, so no network round trip comes between the click and
    /// `navigator.credentials.get()`.
    ///
    /// Returns `None` when immediate mode cannot be used (the browser lacks it, or no challenge is ready yet): the
    /// caller then lets the click do what it does without wasm (follow the link, submit the form).
    ///
    /// The returned future finishes the sign-in even if the button is gone by the time the browser answers (the
    /// user did choose to sign in), and tells [`Auth`]; what the button shows or where it goes is the caller's
    /// business, and only if it is still there.
    pub fn start(&self) -> Option<impl Future<Output = ImmediateOutcome> + use<>> {
        let Self { prepared, auth } = *self;
        if !prepared.immediate_available() {
            return None;
        }
        let challenge = prepared.current()?;
        let request = webauthn::get_immediate(&challenge.options);
        prepared.spent();
        Some(async move {
            let signed_in = match request.await {
                Ok(ImmediateCredential::Passkey(credential)) => {
                    finish_prepared_sign_in(challenge.ticket, credential).await
                }
                Ok(ImmediateCredential::Password { username, password }) => {
                    sign_in_with_password(username, password, None).await
                }
                Err(CeremonyError::NotAllowed | CeremonyError::Throttled) => {
                    prepared.finished(false);
                    return ImmediateOutcome::NothingAvailable;
                }
                Err(error) => {
                    prepared.finished(false);
                    return ImmediateOutcome::Failed(error.to_string());
                }
            };
            prepared.finished(signed_in.is_ok());
            match signed_in {
                Ok(user) => {
                    auth.changed();
                    ImmediateOutcome::SignedIn(user)
                }
                Err(error) => ImmediateOutcome::Failed(error.to_string()),
            }
        })
    }
}
