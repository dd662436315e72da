//! Registration: sign-up with a passkey, adding a passkey to the signed-in account, and the account a guest
//! order's customer creates afterwards.

use super::super::input::{MAX_CREDENTIAL_ID_BYTES, Refused, refuse_long_credential_id};
use super::super::providers;
use super::{ceremony, keep_verdict};
use crate::auth::{CurrentUser, DisplayName, Username};
use crate::error::AppError;
use crate::inspector::{Ceremony, Check, Checks};
use crate::request::RequestContext;
use crate::session;
use crate::store::{CeremonyKind, GuestClaim, NewPasskey, StoreError, User};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use webauthn_rs::prelude::{CreationChallengeResponse, CredentialID, PasskeyRegistration, RegisterPublicKeyCredential};
use webauthn_rs_proto::ResidentKeyRequirement;

/// What registration remembers between its two steps.
#[derive(Serialize, Deserialize)]
struct PendingRegistration {
    /// The account the passkey is for: the new account's random id, or the signed-in user's.
    user_id: Uuid,
    /// Set for sign-up: the account to create when the passkey is verified.
    new_account: Option<NewAccount>,
    registration: PasskeyRegistration,
}

#[derive(Serialize, Deserialize)]
struct NewAccount {
    username: String,
    display_name: String,
    /// A guest order to attach to the new account, with its checkout details: resolved by the shop when the
    /// ceremony starts, so finishing it needs nothing from the shop.
    #[serde(default)]
    claim: Option<GuestClaim>,
}

/// Sign-up, step 1.
///
/// 1. Parse the names (400 on a broken rule) and check the username is free (409), so the user hears about it
///    before their passkey manager opens.
/// 2. Pick a random user handle: the passkey will carry it, never the username.
/// 3. Ask webauthn-rs for creation options and insist on a discoverable credential (webauthn-rs asks for
///    `residentKey: discouraged`, which would leave username-less sign-in and autofill with nothing to find).
/// 4. Keep the state for step 2, bound to this session.
pub async fn start_registration(username: &str, display_name: &str) -> Result<CreationChallengeResponse, AppError> {
    let username = Username::parse(username)?;
    let display_name = DisplayName::parse(display_name, &username)?;
    let cx = RequestContext::current().await?;
    start_account_registration(&cx, username, display_name, None, AppError::UsernameTaken).await
}

/// Sign-up, step 1, for an account that will own a guest order (`claim`, which the shop resolved: the order is
/// this session's and nobody's yet). The account is named after the order's email.
pub async fn start_claiming_registration(claim: GuestClaim) -> Result<CreationChallengeResponse, AppError> {
    let cx = RequestContext::current().await?;
    if cx.user_id().await?.is_some() {
        return Err(Refused::AlreadySignedIn.into());
    }
    let username = Username::parse(&claim.details.email)?;
    let display_name = DisplayName::from_full_name(&claim.details.full_name, &username)?;
    start_account_registration(&cx, username, display_name, Some(claim), AppError::EmailTaken).await
}

async fn start_account_registration(
    cx: &RequestContext,
    username: Username,
    display_name: DisplayName,
    claim: Option<GuestClaim>,
    taken: AppError,
) -> Result<CreationChallengeResponse, AppError> {
    let exists = cx
        .state
        .store
        .username_exists(username.as_str())
        .await
        .map_err(|e| AppError::unexpected("checking the username", e))?;
    if exists {
        return Err(taken);
    }
    let new_account =
        NewAccount { username: username.to_string(), display_name: display_name.as_str().to_owned(), claim };
    registration_options(cx, Uuid::new_v4(), Some(new_account), Vec::new()).await
}

/// Adding a passkey, step 1: like sign-up, for the signed-in account, excluding the passkeys it already has so
/// that an authenticator holding one of them refuses instead of making a duplicate.
pub async fn start_adding_passkey() -> Result<CreationChallengeResponse, AppError> {
    let cx = RequestContext::current().await?;
    let user_id = cx.recent_proof().await?.user_id;
    let existing = super::passkeys_of(&cx, user_id).await?.into_iter().map(|p| p.passkey.cred_id().clone()).collect();
    registration_options(&cx, user_id, None, existing).await
}

async fn registration_options(
    cx: &RequestContext,
    user_id: Uuid,
    new_account: Option<NewAccount>,
    exclude: Vec<CredentialID>,
) -> Result<CreationChallengeResponse, AppError> {
    let (user_name, display_name) = match &new_account {
        Some(account) => (account.username.clone(), account.display_name.clone()),
        None => {
            let user = cx.user(user_id).await?;
            (user.username, user.display_name)
        }
    };
    let exclude = (!exclude.is_empty()).then_some(exclude);
    let (mut options, registration) = cx
        .state
        .webauthn
        .start_passkey_registration(user_id, &user_name, &display_name, exclude)
        .map_err(|e| AppError::unexpected("starting registration", e))?;
    let selection = options.public_key.authenticator_selection.get_or_insert_with(Default::default);
    selection.resident_key = Some(ResidentKeyRequirement::Required);
    selection.require_resident_key = true;

    let pending = PendingRegistration { user_id, new_account, registration };
    ceremony::begin(cx, CeremonyKind::Registration, &pending).await?;
    Ok(options)
}

/// Registration, step 2.
///
/// 1. The credential id is at most 1023 bytes, and the browser did not say the credential is not discoverable.
/// 2. Take this session's pending registration (once; 410 if there is none or it expired).
/// 3. webauthn-rs verifies the response against it: challenge, origin, RP ID, user verification (403 if not).
/// 4. Store the passkey, with the new account (and the guest order it claims) in the same transaction for
///    sign-up. The username may have been taken since step 1 (409), the order claimed (404).
/// 5. For sign-up, sign the new account in.
pub async fn finish_registration(credential: RegisterPublicKeyCredential) -> Result<CurrentUser, AppError> {
    let cx = RequestContext::current().await?;
    let mut checks = Checks::new(Ceremony::Registration);

    refuse_long_credential_id(&credential.raw_id)?;
    let rk = credential.extensions.cred_props.as_ref().and_then(|props| props.rk);
    refuse_non_discoverable(rk)?;
    checks.passed(Check::RegistrationCredential { max_id_bytes: MAX_CREDENTIAL_ID_BYTES, rk });

    let pending: PendingRegistration = ceremony::finish(&cx, CeremonyKind::Registration).await?;
    checks.call_it(if pending.new_account.is_some() { Ceremony::SignUp } else { Ceremony::AddingPasskey });
    checks.passed(Check::StateTaken);

    let passkey = cx.state.webauthn.finish_passkey_registration(&credential, &pending.registration).map_err(|e| {
        tracing::info!(error = %e, "registration response rejected");
        AppError::PasskeyRejected
    })?;
    checks.passed(Check::RegistrationValid { algorithm: format!("{:?}", passkey.cred_algorithm()) });

    let now = cx.state.clock.now();
    let aaguid = providers::aaguid_of(&credential);
    let passkey = NewPasskey { passkey: &passkey, aaguid };
    let user = match pending.new_account {
        Some(account) => {
            let user = User {
                id: pending.user_id,
                username: account.username,
                display_name: account.display_name,
                created_at: now,
            };
            cx.state
                .store
                .create_user_with_passkey(&user, &passkey, account.claim.as_ref())
                .await
                .map_err(store_error)?;
            checks.passed(Check::StoredNewAccount);
            user
        }
        None => {
            // The session must still belong to the account the ceremony was started for.
            if cx.user_id().await? != Some(pending.user_id) {
                return Err(AppError::Unauthorized);
            }
            cx.state.store.add_passkey(pending.user_id, &passkey, now).await.map_err(store_error)?;
            checks.passed(Check::StoredForAccount);
            session::set_passkey_offer(&cx.session, false).await?;
            cx.user(pending.user_id).await?
        }
    };

    if cx.user_id().await? != Some(user.id) {
        cx.sign_in(user.id).await?;
        checks.passed(Check::SignedIn);
    }
    keep_verdict(&cx, checks, &credential.response.client_data_json, aaguid).await?;
    tracing::info!(user_id = %user.id, "passkey registered");
    Ok(user.into())
}

/// webauthn-rs asks for the `credProps` extension; a browser that answers `rk: false` says the authenticator made
/// a credential it cannot find by itself, which sign-in without a username (the only kind here) never offers.
/// The answer is unsigned, so this only spares an honest user a passkey that would never work.
fn refuse_non_discoverable(rk: Option<bool>) -> Result<(), AppError> {
    if rk == Some(false) {
        tracing::info!("registration refused: the authenticator made no discoverable credential");
        return Err(AppError::PasskeyNotDiscoverable);
    }
    Ok(())
}

fn store_error(error: StoreError) -> AppError {
    match error {
        StoreError::UsernameTaken => AppError::UsernameTaken,
        StoreError::CredentialAlreadyRegistered => AppError::PasskeyAlreadyRegistered,
        StoreError::OrderAlreadyClaimed => AppError::NotFound,
        other => AppError::unexpected("storing the passkey", other),
    }
}
