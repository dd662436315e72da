//! "Confirm it's you" with a passkey: a fresh proof that the account's owner is at the keyboard, which every
//! change to the account needs (see `session::require_recent_proof`).

use super::super::input::Refused;
use super::{assertion_rejected, ceremony, keep_verdict, record_use, refuse_cross_origin};
use crate::error::AppError;
use crate::inspector::{Ceremony, Check, Checks};
use crate::request::RequestContext;
use crate::store::CeremonyKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use webauthn_rs::prelude::{PasskeyAuthentication, PublicKeyCredential, RequestChallengeResponse};

/// What confirming it's you with a passkey remembers between its two steps.
#[derive(Serialize, Deserialize)]
struct PendingReauthentication {
    user_id: Uuid,
    authentication: PasskeyAuthentication,
}

/// Confirming it's you, step 1: a challenge for this account's passkeys only (webauthn-rs puts them in
/// `allowCredentials` and requires user verification), bound to this session.
pub async fn start_reauthentication() -> Result<RequestChallengeResponse, AppError> {
    let cx = RequestContext::current().await?;
    let user_id = cx.require_user_id().await?;
    let passkeys: Vec<_> = super::passkeys_of(&cx, user_id).await?.into_iter().map(|p| p.passkey).collect();
    if passkeys.is_empty() {
        return Err(Refused::NoPasskey.into());
    }
    let (options, authentication) = cx
        .state
        .webauthn
        .start_passkey_authentication(&passkeys)
        .map_err(|e| AppError::unexpected("starting re-authentication", e))?;
    let pending = PendingReauthentication { user_id, authentication };
    ceremony::begin(&cx, CeremonyKind::Reauthentication, &pending).await?;
    Ok(options)
}

/// Confirming it's you, step 2.
///
/// 1. The credential id is at most 1023 bytes, and the assertion was not made in another site's frame.
/// 2. Take this session's pending re-authentication (once; 410 if none or expired).
/// 3. The session still belongs to the account it was started for (401 otherwise).
/// 4. webauthn-rs verifies the assertion: one of the account's passkeys, signature, challenge, origin, counter.
/// 5. The user was verified (UV), not just present.
/// 6. The passkey's use is recorded like a sign-in's, and the session holds the proof.
pub async fn finish_reauthentication(credential: PublicKeyCredential) -> Result<(), AppError> {
    let cx = RequestContext::current().await?;
    let state = &cx.state;
    let mut checks = Checks::new(Ceremony::Confirming);
    refuse_cross_origin(&mut checks, &credential.raw_id, &credential.response.client_data_json)?;

    let pending: PendingReauthentication = ceremony::finish(&cx, CeremonyKind::Reauthentication).await?;
    checks.passed(Check::StateTaken);
    if cx.user_id().await? != Some(pending.user_id) {
        return Err(AppError::Unauthorized);
    }
    checks.passed(Check::SessionStillOwner);

    let result = state
        .webauthn
        .finish_passkey_authentication(&credential, &pending.authentication)
        .map_err(|e| assertion_rejected(&e, &credential.id, pending.user_id))?;
    checks.passed(Check::ReauthenticationValid);
    if !result.user_verified() {
        return Err(AppError::PasskeyRejected);
    }
    checks.passed(Check::UserVerified);

    let stored = state
        .store
        .passkey(result.cred_id().as_slice())
        .await
        .map_err(|e| AppError::unexpected("loading the passkey", e))?
        .filter(|stored| stored.user_id == pending.user_id)
        // Deleted between the two steps.
        .ok_or(AppError::UnknownPasskey)?;
    let aaguid = stored.aaguid;
    record_use(&cx, &mut checks, stored.passkey, &result, &credential.id, pending.user_id).await?;
    cx.record_proof().await?;
    checks.passed(Check::ProofRecorded { seconds: state.reauth_window.as_secs() });
    keep_verdict(&cx, checks, &credential.response.client_data_json, aaguid).await?;
    tracing::debug!(user_id = %pending.user_id, "owner confirmed with a passkey");
    Ok(())
}
