//! Sign-in with a passkey: the modal flow's two steps, and the steps every sign-in shares (the pre-issued
//! challenges of [`super::prepared`] end here too).

use super::{assertion_rejected, ceremony, keep_verdict, record_use, refuse_cross_origin};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inspector::{Ceremony, Check, Checks};
use crate::outcomes::{BrowserOutcome, SignInVia};
use crate::request::RequestContext;
use crate::state::AppState;
use crate::store::CeremonyKind;
use webauthn_rs::prelude::{DiscoverableAuthentication, PublicKeyCredential, RequestChallengeResponse};

/// A challenge for any of this site's passkeys, with the state to verify the answer. webauthn-rs marks the
/// options for conditional UI (autofill); they are returned plain, and the autofill request sets its own mediation.
pub(super) fn discoverable_challenge(
    state: &AppState,
) -> Result<(RequestChallengeResponse, DiscoverableAuthentication), AppError> {
    let (mut options, authentication) = state
        .webauthn
        .start_discoverable_authentication()
        .map_err(|e| AppError::unexpected("starting authentication", e))?;
    options.mediation = None;
    Ok((options, authentication))
}

/// Sign-in, step 1: a discoverable-credential challenge (empty `allowCredentials`): the authenticator offers
/// whichever of this site's passkeys it holds, and its answer names the account (the user handle).
pub async fn start_sign_in() -> Result<RequestChallengeResponse, AppError> {
    let cx = RequestContext::current().await?;
    let (options, authentication) = discoverable_challenge(&cx.state)?;
    ceremony::begin(&cx, CeremonyKind::Authentication, &authentication).await?;
    Ok(options)
}

/// Sign-in, step 2: take this session's pending sign-in (once; 410 if none or expired), then
/// `complete_sign_in`. Counted in the metrics, as every sign-in is.
pub async fn finish_sign_in(credential: PublicKeyCredential) -> Result<CurrentUser, AppError> {
    let cx = RequestContext::current().await?;
    let result = async {
        let mut checks = Checks::new(Ceremony::ModalSignIn);
        let authentication: DiscoverableAuthentication = ceremony::finish(&cx, CeremonyKind::Authentication).await?;
        checks.passed(Check::StateTaken);
        complete_sign_in(&cx, &credential, authentication, checks).await
    }
    .await;
    cx.state.metrics.sign_in(SignInVia::Modal, "passkey", &result);
    result
}

/// Counts how a sign-in attempt ended in the browser without reaching the server.
pub async fn report_outcome(via: SignInVia, outcome: BrowserOutcome) -> Result<(), AppError> {
    RequestContext::current().await?.state.metrics.browser_outcome(via, outcome);
    Ok(())
}

/// The steps every sign-in shares, once its state is in hand:
///
/// 1. The credential id is at most 1023 bytes, and the assertion was not made in another site's frame.
/// 2. Read the user handle and credential id from the response, and load that passkey; it must belong to that
///    user (403 otherwise, 403 `UnknownPasskey` if we have no such passkey).
/// 3. webauthn-rs verifies signature, challenge, origin, RP ID, user verification and the counter.
/// 4. Save the updated passkey (counter, backup state) and when it was used.
/// 5. Start a signed-in session under a new session id.
pub(super) async fn complete_sign_in(
    cx: &RequestContext,
    credential: &PublicKeyCredential,
    authentication: DiscoverableAuthentication,
    mut checks: Checks,
) -> Result<CurrentUser, AppError> {
    let state = &cx.state;
    refuse_cross_origin(&mut checks, &credential.raw_id, &credential.response.client_data_json)?;

    let (user_id, credential_id) = state.webauthn.identify_discoverable_authentication(credential).map_err(|e| {
        tracing::info!(error = %e, "assertion without a usable user handle");
        AppError::PasskeyRejected
    })?;
    let (stored, user) = state
        .store
        .passkey_with_owner(credential_id)
        .await
        .map_err(|e| AppError::unexpected("loading the passkey", e))?
        .ok_or(AppError::UnknownPasskey)?;
    if user.id != user_id {
        tracing::warn!(%user_id, "assertion's user handle does not own the credential");
        return Err(AppError::PasskeyRejected);
    }
    checks.passed(Check::HandleOwnsCredential);

    let passkey = stored.passkey;
    let result = state
        .webauthn
        .finish_discoverable_authentication_v2(credential, authentication, &passkey)
        .map_err(|e| assertion_rejected(&e, &credential.id, user_id))?;
    checks.passed(Check::AssertionValid);

    record_use(cx, &mut checks, passkey, &result, &credential.id, user_id).await?;

    cx.sign_in(user.id).await?;
    checks.passed(Check::SignedIn);
    keep_verdict(cx, checks, &credential.response.client_data_json, stored.aaguid).await?;
    tracing::debug!(user_id = %user.id, "signed in with a passkey");
    Ok(user.into())
}
