//! The server side of [`crate::passkeys`] (ssr only): the WebAuthn ceremonies, verified by webauthn-rs, one file
//! per ceremony, each finishing step written as its numbered checks.
//!
//! | file | ceremony |
//! |---|---|
//! | [`registration`] | sign-up, adding a passkey, a guest order's new account |
//! | [`sign_in`] | modal sign-in; the shared steps of every sign-in |
//! | [`prepared`] | sign-in with a challenge issued ahead of time (immediate mode, autofill): signed tickets |
//! | [`reauthentication`] | "Confirm it's you" |
//! | [`manage`] | the account's passkeys: list, rename, delete; the passkey offer; the Signal API's view |
//! | `ceremony` | the state between a ceremony's two steps |
//!
//! Each check notes itself in the inspector's [`Checks`] as a typed [`Check`] once it has passed; the checks that
//! more than one ceremony makes are here.

mod ceremony;
pub mod manage;
pub mod prepared;
pub mod reauthentication;
pub mod registration;
pub mod sign_in;

use super::providers;
use crate::error::AppError;
use crate::inspector::{Check, Checks, PasskeyMaker};
use crate::request::RequestContext;
use crate::store::{StoreError, StoredPasskey};
use uuid::Uuid;
use webauthn_rs::prelude::{AuthenticationResult, Passkey, WebauthnError};

pub use manage::{
    delete_passkey, dismiss_passkey_offer, list_passkeys, passkey_manager_view, passkey_offer, rename_passkey,
};
pub use reauthentication::{finish_reauthentication, start_reauthentication};
pub use registration::{finish_registration, start_adding_passkey, start_claiming_registration, start_registration};
pub use sign_in::{finish_sign_in, start_sign_in};

/// A signature counter at or below the stored one: the private key may have been copied (or this is a replay
/// that lost a race). Worth a look by whoever runs the site.
fn counter_regression(credential_id: &str, user_id: Uuid) {
    tracing::warn!(credential = credential_id, %user_id, "signature counter went backwards: sign-in refused");
}

/// The account's passkeys, for every ceremony and view that needs them.
async fn passkeys_of(cx: &RequestContext, user_id: Uuid) -> Result<Vec<StoredPasskey>, AppError> {
    cx.state.store.passkeys_of(user_id).await.map_err(|e| AppError::unexpected("loading passkeys", e))
}

/// The one answer to an assertion webauthn-rs refused (403), with the reason in the log: a counter that went
/// backwards is a warning, anything else (signature, challenge, origin, user verification) is the client's.
fn assertion_rejected(error: &WebauthnError, credential_id: &str, user_id: Uuid) -> AppError {
    if matches!(error, WebauthnError::CredentialPossibleCompromise) {
        counter_regression(credential_id, user_id);
    } else {
        tracing::info!(%error, "assertion rejected");
    }
    AppError::PasskeyRejected
}

/// Refuses an assertion made in a frame of another origin (`crossOrigin: true` in its client data), and one
/// whose credential id is longer than WebAuthn allows. webauthn-rs refuses a cross-origin answer at registration
/// but not at sign-in (0.6.2), so every assertion is checked here: this site never asks for passkeys from inside
/// another site's page.
fn refuse_cross_origin(checks: &mut Checks, raw_id: &[u8], client_data_json: &[u8]) -> Result<(), AppError> {
    super::input::refuse_long_credential_id(raw_id)?;
    let client_data: serde_json::Value = serde_json::from_slice(client_data_json).map_err(|_| {
        tracing::info!("assertion with unreadable client data");
        AppError::PasskeyRejected
    })?;
    if client_data.get("crossOrigin").and_then(serde_json::Value::as_bool) == Some(true) {
        tracing::warn!("assertion made in a cross-origin frame: refused");
        return Err(AppError::PasskeyRejected);
    }
    checks.passed(Check::NotCrossOrigin);
    Ok(())
}

/// Saves what a verified assertion changed in the passkey (counter, backup state) and when it was used; a
/// counter that did not go up (a copied key, or a replay that lost a race) refuses the assertion.
async fn record_use(
    cx: &RequestContext,
    checks: &mut Checks,
    mut passkey: Passkey,
    result: &AuthenticationResult,
    credential_id: &str,
    user_id: Uuid,
) -> Result<(), AppError> {
    let state = &cx.state;
    let stored = webauthn_rs::prelude::Credential::from(passkey.clone()).counter;
    passkey.update_credential(result);
    state.store.record_passkey_use(&passkey, result.counter(), state.clock.now()).await.map_err(|e| match e {
        StoreError::CounterRegression => {
            counter_regression(credential_id, user_id);
            AppError::PasskeyRejected
        }
        other => AppError::unexpected("updating the passkey", other),
    })?;
    checks.passed(Check::Counter { stored, now: result.counter(), backed_up: result.backup_state() });
    Ok(())
}

/// Keeps the accepted ceremony's checks in the session for the inspector, naming the passkey's provider from
/// the AAGUID stored at registration.
async fn keep_verdict(
    cx: &RequestContext,
    checks: Checks,
    client_data_json: &[u8],
    aaguid: Option<Uuid>,
) -> Result<(), AppError> {
    let provider = aaguid.and_then(providers::provider).map(|p| p.name.clone());
    checks.keep(&cx.session, client_data_json, PasskeyMaker { aaguid, provider }).await
}
