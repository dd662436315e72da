//! The server side of [`crate::passkeys`]: the WebAuthn ceremonies, verified by webauthn-rs.

use super::inspector::Checks;
use super::{PasskeySummary, ceremony, providers};
use crate::AppError;
use crate::auth::{CurrentUser, DisplayName, Username};
use crate::format;
use crate::i18n::td_string;
use crate::session;
use crate::state::AppState;
use crate::store::{CeremonyKind, GuestClaim, NewPasskey, StoreError, User};
use crate::translate::{current_locale, fill};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, RequestChallengeResponse, WebauthnError,
};
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
    start_account_registration(username, display_name, None, AppError::UsernameTaken).await
}

/// Sign-up, step 1, for an account that will own a guest order (`claim`, which the shop resolved: the order is
/// this session's and nobody's yet). The account is named after the order's email.
pub async fn start_claiming_registration(claim: GuestClaim) -> Result<CreationChallengeResponse, AppError> {
    if session::user_id(&session::current().await?).await?.is_some() {
        return Err(AppError::InvalidInput(
            td_string!(current_locale(), inspector.errors.already_signed_in).to_owned(),
        ));
    }
    let username = Username::parse(&claim.details.email)?;
    let display_name = DisplayName::from_full_name(&claim.details.full_name, &username)?;
    start_account_registration(username, display_name, Some(claim), AppError::EmailTaken).await
}

async fn start_account_registration(
    username: Username,
    display_name: DisplayName,
    claim: Option<GuestClaim>,
    taken: AppError,
) -> Result<CreationChallengeResponse, AppError> {
    let state = AppState::current()?;
    ensure_free(&state, &username, taken).await?;
    let new_account =
        NewAccount { username: username.to_string(), display_name: display_name.as_str().to_owned(), claim };
    registration_options(&state, Uuid::new_v4(), Some(new_account), Vec::new()).await
}

/// Fails with `taken` if an account already has this username.
async fn ensure_free(state: &AppState, username: &Username, taken: AppError) -> Result<(), AppError> {
    let exists = state
        .store
        .username_exists(username.as_str())
        .await
        .map_err(|e| AppError::unexpected("checking the username", e))?;
    if exists { Err(taken) } else { Ok(()) }
}

/// Adding a passkey, step 1: like sign-up, for the signed-in account, excluding the passkeys it already has so
/// that an authenticator holding one of them refuses instead of making a duplicate.
pub async fn start_adding_passkey() -> Result<CreationChallengeResponse, AppError> {
    let state = AppState::current()?;
    let user_id = session::require_recent_proof(&state, &session::current().await?).await?.user_id;
    let existing = state
        .store
        .passkeys_of(user_id)
        .await
        .map_err(|e| AppError::unexpected("loading passkeys", e))?
        .into_iter()
        .map(|p| p.passkey.cred_id().clone())
        .collect();
    registration_options(&state, user_id, None, existing).await
}

async fn registration_options(
    state: &AppState,
    user_id: Uuid,
    new_account: Option<NewAccount>,
    exclude: Vec<webauthn_rs::prelude::CredentialID>,
) -> Result<CreationChallengeResponse, AppError> {
    let (user_name, display_name) = match &new_account {
        Some(account) => (account.username.clone(), account.display_name.clone()),
        None => {
            let user = load_user(state, user_id).await?;
            (user.username, user.display_name)
        }
    };
    let exclude = (!exclude.is_empty()).then_some(exclude);
    let (mut options, registration) = state
        .webauthn
        .start_passkey_registration(user_id, &user_name, &display_name, exclude)
        .map_err(|e| AppError::unexpected("starting registration", e))?;
    let selection = options.public_key.authenticator_selection.get_or_insert_with(Default::default);
    selection.resident_key = Some(ResidentKeyRequirement::Required);
    selection.require_resident_key = true;

    let session = session::current().await?;
    let pending = PendingRegistration { user_id, new_account, registration };
    ceremony::begin(state, &session, CeremonyKind::Registration, &pending).await?;
    Ok(options)
}

/// Registration, step 2.
///
/// 1. Take this session's pending registration (once; 410 if there is none or it expired).
/// 2. webauthn-rs verifies the response against it: challenge, origin, RP ID, user verification (403 if not).
/// 3. Store the passkey, with the new account (and the guest order it claims) in the same transaction for
///    sign-up. The username may have been taken since step 1 (409), the order claimed (404).
/// 4. For sign-up, sign the new account in.
pub async fn finish_registration(credential: RegisterPublicKeyCredential) -> Result<CurrentUser, AppError> {
    let state = AppState::current()?;
    let session = session::current().await?;
    let locale = current_locale();
    let mut checks = Checks::new(td_string!(locale, inspector.ceremony.registration));
    refuse_long_credential_id(&credential.raw_id)?;
    refuse_non_discoverable(&credential)?;
    let rk = format!("{:?}", credential.extensions.cred_props.as_ref().and_then(|props| props.rk));
    checks.app(fill(
        td_string!(locale, inspector.checks.registration_credential),
        &[("max", &MAX_CREDENTIAL_ID_BYTES), ("rk", &rk)],
    ));
    let pending: PendingRegistration = ceremony::finish(&state, &session, CeremonyKind::Registration).await?;
    checks.call_it(if pending.new_account.is_some() {
        td_string!(locale, inspector.ceremony.sign_up)
    } else {
        td_string!(locale, inspector.ceremony.adding_passkey)
    });
    checks.app(td_string!(locale, inspector.checks.state_taken));

    let passkey = state.webauthn.finish_passkey_registration(&credential, &pending.registration).map_err(|e| {
        tracing::info!(error = %e, "registration response rejected");
        AppError::PasskeyRejected
    })?;
    let algorithm = format!("{:?}", passkey.cred_algorithm());
    checks.webauthn_rs(
        fill(td_string!(locale, inspector.checks.registration_valid), &[("algorithm", &algorithm)]),
        &[
            td_string!(locale, inspector.details.type_create),
            td_string!(locale, inspector.details.challenge),
            td_string!(locale, inspector.details.origin),
            td_string!(locale, inspector.details.rp_id_hash),
            td_string!(locale, inspector.details.up_uv),
            td_string!(locale, inspector.details.attestation),
            td_string!(locale, inspector.details.algorithm_offered),
        ],
    );

    let now = state.clock.now();
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
            state
                .store
                .create_user_with_passkey(&user, &passkey, account.claim.as_ref())
                .await
                .map_err(registration_store_error)?;
            checks.app(td_string!(locale, inspector.checks.stored_new_account));
            user
        }
        None => {
            // The session must still belong to the account the ceremony was started for.
            if session::user_id(&session).await? != Some(pending.user_id) {
                return Err(AppError::Unauthorized);
            }
            state.store.add_passkey(pending.user_id, &passkey, now).await.map_err(registration_store_error)?;
            checks.app(td_string!(locale, inspector.checks.stored_for_account));
            session::set_passkey_offer(&session, false).await?;
            load_user(&state, pending.user_id).await?
        }
    };

    if session::user_id(&session).await? != Some(user.id) {
        session::sign_in(&state, &session, user.id).await?;
        checks.app(td_string!(locale, inspector.checks.signed_in));
    }
    checks.keep(&session, &credential.response.client_data_json, aaguid).await?;
    tracing::info!(user_id = %user.id, "passkey registered");
    Ok(user.into())
}

fn registration_store_error(error: StoreError) -> AppError {
    match error {
        StoreError::UsernameTaken => AppError::UsernameTaken,
        StoreError::CredentialAlreadyRegistered => AppError::PasskeyAlreadyRegistered,
        StoreError::OrderAlreadyClaimed => AppError::NotFound,
        other => AppError::unexpected("storing the passkey", other),
    }
}

async fn load_user(state: &AppState, id: Uuid) -> Result<User, AppError> {
    state.store.user(id).await.map_err(|e| AppError::unexpected("loading the user", e))?.ok_or(AppError::Unauthorized)
}

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
    let state = AppState::current()?;
    let (options, authentication) = discoverable_challenge(&state)?;
    let session = session::current().await?;
    ceremony::begin(&state, &session, CeremonyKind::Authentication, &authentication).await?;
    Ok(options)
}

/// Sign-in, step 2.
///
/// 1. Take this session's pending sign-in (once; 410 if none or expired).
/// 2. Read the user handle and credential id from the response, and load that passkey; it must belong to that
///    user (403 otherwise, 403 `UnknownPasskey` if we have no such passkey).
/// 3. webauthn-rs verifies signature, challenge, origin, RP ID, user verification and the counter.
/// 4. Save the updated passkey (counter, backup state) and when it was used.
/// 5. Start a signed-in session under a new session id.
pub async fn finish_sign_in(credential: PublicKeyCredential) -> Result<CurrentUser, AppError> {
    let state = AppState::current()?;
    let session = session::current().await?;
    let mut checks = Checks::new(td_string!(current_locale(), inspector.ceremony.modal_sign_in));
    let authentication: DiscoverableAuthentication =
        ceremony::finish(&state, &session, CeremonyKind::Authentication).await?;
    checks.app(td_string!(current_locale(), inspector.checks.state_taken));
    complete_sign_in(&state, &session, &credential, authentication, checks).await
}

/// A signature counter at or below the stored one: the private key may have been copied (or this is a replay
/// that lost a race). Worth a look by whoever runs the site.
fn counter_regression(credential_id: &str, user_id: Uuid) {
    tracing::warn!(credential = credential_id, %user_id, "signature counter went backwards: sign-in refused");
}

/// The longest credential id WebAuthn allows (L3 §6.5.1); webauthn-rs accepts up to 4096 bytes.
const MAX_CREDENTIAL_ID_BYTES: usize = 1023;

fn refuse_long_credential_id(raw_id: &[u8]) -> Result<(), AppError> {
    if raw_id.len() > MAX_CREDENTIAL_ID_BYTES {
        return Err(AppError::InvalidInput(
            td_string!(current_locale(), inspector.errors.credential_id_too_long).to_owned(),
        ));
    }
    Ok(())
}

/// An assertion made in a frame of another origin (`crossOrigin: true` in its client data). webauthn-rs refuses
/// one at registration but not at sign-in (0.6.2), so the sign-in checks it here: this site never asks for
/// passkeys from inside another site's page.
fn refuse_cross_origin(client_data_json: &[u8]) -> Result<(), AppError> {
    let client_data: serde_json::Value = serde_json::from_slice(client_data_json).map_err(|_| {
        tracing::info!("assertion with unreadable client data");
        AppError::PasskeyRejected
    })?;
    if client_data.get("crossOrigin").and_then(serde_json::Value::as_bool) == Some(true) {
        tracing::warn!("assertion made in a cross-origin frame: refused");
        return Err(AppError::PasskeyRejected);
    }
    Ok(())
}

/// webauthn-rs asks for the `credProps` extension; a browser that answers `rk: false` says the authenticator made
/// a credential it cannot find by itself, which sign-in without a username (the only kind here) never offers.
/// The answer is unsigned, so this only spares an honest user a passkey that would never work.
fn refuse_non_discoverable(credential: &RegisterPublicKeyCredential) -> Result<(), AppError> {
    match credential.extensions.cred_props.as_ref().and_then(|props| props.rk) {
        Some(false) => {
            tracing::info!("registration refused: the authenticator made no discoverable credential");
            Err(AppError::PasskeyNotDiscoverable)
        }
        _ => Ok(()),
    }
}

/// Saves what a verified assertion changed in the passkey (counter, backup state) and when it was used; a
/// counter that did not go up (a copied key, or a replay that lost a race) refuses the assertion.
async fn record_use(
    state: &AppState,
    checks: &mut Checks,
    mut passkey: webauthn_rs::prelude::Passkey,
    result: &webauthn_rs::prelude::AuthenticationResult,
    credential_id: &str,
    user_id: Uuid,
) -> Result<(), AppError> {
    let stored_counter = webauthn_rs::prelude::Credential::from(passkey.clone()).counter;
    passkey.update_credential(result);
    state.store.record_passkey_use(&passkey, result.counter(), state.clock.now()).await.map_err(|e| match e {
        StoreError::CounterRegression => {
            counter_regression(credential_id, user_id);
            AppError::PasskeyRejected
        }
        other => AppError::unexpected("updating the passkey", other),
    })?;
    checks.app(fill(
        td_string!(current_locale(), inspector.checks.counter),
        &[("stored", &stored_counter), ("now", &result.counter()), ("backed_up", &result.backup_state())],
    ));
    Ok(())
}

/// Steps 2 to 5 of sign-in, shared by the modal flow and pre-issued challenges (immediate mode, autofill).
pub(super) async fn complete_sign_in(
    state: &AppState,
    session: &tower_sessions::Session,
    credential: &PublicKeyCredential,
    authentication: DiscoverableAuthentication,
    mut checks: Checks,
) -> Result<CurrentUser, AppError> {
    let locale = current_locale();
    refuse_long_credential_id(&credential.raw_id)?;
    refuse_cross_origin(&credential.response.client_data_json)?;
    checks.app(td_string!(locale, inspector.checks.not_cross_origin));
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
    checks.app(td_string!(locale, inspector.checks.handle_owns_credential));

    let passkey = stored.passkey;
    let result =
        state.webauthn.finish_discoverable_authentication_v2(credential, authentication, &passkey).map_err(|e| {
            if matches!(e, WebauthnError::CredentialPossibleCompromise) {
                counter_regression(&credential.id, user_id);
            } else {
                tracing::info!(error = %e, "assertion rejected");
            }
            AppError::PasskeyRejected
        })?;
    checks.webauthn_rs(
        td_string!(locale, inspector.checks.assertion_valid),
        &[
            td_string!(locale, inspector.details.type_get),
            td_string!(locale, inspector.details.challenge),
            td_string!(locale, inspector.details.origin),
            td_string!(locale, inspector.details.rp_id_hash),
            td_string!(locale, inspector.details.up_uv),
            td_string!(locale, inspector.details.signature),
            td_string!(locale, inspector.details.counter),
        ],
    );
    record_use(state, &mut checks, passkey, &result, &credential.id, user_id).await?;

    session::sign_in(state, session, user.id).await?;
    checks.app(td_string!(locale, inspector.checks.signed_in));
    checks.keep(session, &credential.response.client_data_json, stored.aaguid).await?;
    tracing::debug!(user_id = %user.id, "signed in with a passkey");
    Ok(user.into())
}

pub async fn passkey_manager_view() -> Result<super::AccountForPasskeyManager, AppError> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let user_id = session::require_user_id(&session::current().await?).await?;
    let state = AppState::current()?;
    let user = load_user(&state, user_id).await?;
    let passkeys = state.store.passkeys_of(user_id).await.map_err(|e| AppError::unexpected("loading passkeys", e))?;
    Ok(super::AccountForPasskeyManager {
        rp_id: state.rp_id.to_string(),
        // webauthn-rs makes the user handle from the UUID's 16 bytes.
        user_id: URL_SAFE_NO_PAD.encode(user.id.as_bytes()),
        name: user.username,
        display_name: user.display_name,
        credential_ids: passkeys.iter().map(|p| URL_SAFE_NO_PAD.encode(p.passkey.cred_id().as_slice())).collect(),
    })
}

pub async fn list_passkeys() -> Result<Vec<PasskeySummary>, AppError> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let user_id = session::require_user_id(&session::current().await?).await?;
    let state = AppState::current()?;
    let passkeys = state.store.passkeys_of(user_id).await.map_err(|e| AppError::unexpected("loading passkeys", e))?;
    Ok(passkeys
        .into_iter()
        .map(|p| {
            let credential_id = URL_SAFE_NO_PAD.encode(p.passkey.cred_id().as_slice());
            let synced = webauthn_rs::prelude::Credential::from(p.passkey).backup_state;
            let provider = p.aaguid.and_then(providers::provider);
            PasskeySummary {
                credential_id,
                name: p
                    .label
                    .clone()
                    .or_else(|| provider.map(|p| p.name.clone()))
                    .unwrap_or_else(|| td_string!(current_locale(), common.unnamed_passkey).to_owned()),
                label: p.label,
                provider: provider.map(|p| p.name.clone()),
                icon_light: provider.map(providers::Provider::icon_light),
                icon_dark: provider.map(providers::Provider::icon_dark),
                synced,
                created_at: format::timestamp(p.created_at),
                last_used_at: p.last_used_at.map(format::timestamp),
            }
        })
        .collect())
}

/// Whether to offer this user to create a passkey: they signed in with a password in this session, have not
/// said "Not now" or created one since, and that sign-in is recent enough to count as the proof adding one needs.
pub async fn passkey_offer() -> Result<bool, AppError> {
    let state = AppState::current()?;
    let session = session::current().await?;
    if !session::passkey_offer(&session).await? {
        return Ok(false);
    }
    Ok(session::require_recent_proof(&state, &session).await.is_ok())
}

pub async fn dismiss_passkey_offer() -> Result<(), AppError> {
    session::set_passkey_offer(&session::current().await?, false).await
}

/// A credential id as the page names it (base64url); anything else names no passkey.
fn credential_id_of(text: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| AppError::NotFound)?;
    if bytes.is_empty() || bytes.len() > MAX_CREDENTIAL_ID_BYTES {
        return Err(AppError::NotFound);
    }
    Ok(bytes)
}

fn passkey_change_error(error: StoreError) -> AppError {
    match error {
        StoreError::PasskeyNotFound => AppError::NotFound,
        StoreError::LastSignInMethod => AppError::OnlyPasskey,
        other => AppError::unexpected("changing a passkey", other),
    }
}

pub async fn rename_passkey(credential_id: &str, label: &str) -> Result<(), AppError> {
    let label = label.trim();
    if label.chars().count() > super::MAX_PASSKEY_LABEL {
        return Err(AppError::InvalidInput(fill(
            td_string!(current_locale(), inspector.errors.name_too_long),
            &[("max", &super::MAX_PASSKEY_LABEL)],
        )));
    }
    crate::auth::refuse_hidden_characters(td_string!(current_locale(), account.fields.passkey_name), label)?;
    let credential_id = credential_id_of(credential_id)?;
    let state = AppState::current()?;
    let owner = session::require_recent_proof(&state, &session::current().await?).await?;
    let label = (!label.is_empty()).then_some(label);
    state.store.rename_passkey(owner.user_id, &credential_id, label).await.map_err(passkey_change_error)
}

/// Deletes the passkey and ends the account's other sessions: whoever had it (a lost phone) is signed out too.
pub async fn delete_passkey(credential_id: &str) -> Result<(), AppError> {
    let credential_id = credential_id_of(credential_id)?;
    let state = AppState::current()?;
    let owner = session::require_recent_proof(&state, &session::current().await?).await?;
    state.store.delete_passkey(owner.user_id, &credential_id, &owner.sign_in).await.map_err(passkey_change_error)?;
    tracing::info!(user_id = %owner.user_id, "passkey deleted; other sessions signed out");
    Ok(())
}

/// What confirming it's you with a passkey remembers between its two steps.
#[derive(Serialize, Deserialize)]
struct PendingReauthentication {
    user_id: Uuid,
    authentication: webauthn_rs::prelude::PasskeyAuthentication,
}

/// Confirming it's you, step 1: a challenge for this account's passkeys only (webauthn-rs puts them in
/// `allowCredentials` and requires user verification), bound to this session.
pub async fn start_reauthentication() -> Result<RequestChallengeResponse, AppError> {
    let state = AppState::current()?;
    let session = session::current().await?;
    let user_id = session::require_user_id(&session).await?;
    let passkeys: Vec<_> = state
        .store
        .passkeys_of(user_id)
        .await
        .map_err(|e| AppError::unexpected("loading passkeys", e))?
        .into_iter()
        .map(|p| p.passkey)
        .collect();
    if passkeys.is_empty() {
        return Err(AppError::InvalidInput(td_string!(current_locale(), inspector.errors.no_passkey).to_owned()));
    }
    let (options, authentication) = state
        .webauthn
        .start_passkey_authentication(&passkeys)
        .map_err(|e| AppError::unexpected("starting re-authentication", e))?;
    let pending = PendingReauthentication { user_id, authentication };
    ceremony::begin(&state, &session, CeremonyKind::Reauthentication, &pending).await?;
    Ok(options)
}

/// Confirming it's you, step 2: webauthn-rs verifies the assertion (one of the account's passkeys, user
/// verified, signature, challenge, origin, counter); the passkey's use is recorded like a sign-in's and the
/// session holds the proof.
pub async fn finish_reauthentication(credential: PublicKeyCredential) -> Result<(), AppError> {
    let state = AppState::current()?;
    let session = session::current().await?;
    let locale = current_locale();
    let mut checks = Checks::new(td_string!(locale, inspector.ceremony.confirming));
    refuse_long_credential_id(&credential.raw_id)?;
    refuse_cross_origin(&credential.response.client_data_json)?;
    checks.app(td_string!(locale, inspector.checks.not_cross_origin));
    let pending: PendingReauthentication = ceremony::finish(&state, &session, CeremonyKind::Reauthentication).await?;
    checks.app(td_string!(locale, inspector.checks.state_taken));
    if session::user_id(&session).await? != Some(pending.user_id) {
        return Err(AppError::Unauthorized);
    }
    checks.app(td_string!(locale, inspector.checks.session_still_owner));
    let result = state.webauthn.finish_passkey_authentication(&credential, &pending.authentication).map_err(|e| {
        if matches!(e, WebauthnError::CredentialPossibleCompromise) {
            counter_regression(&credential.id, pending.user_id);
        } else {
            tracing::info!(error = %e, "re-authentication assertion rejected");
        }
        AppError::PasskeyRejected
    })?;
    checks.webauthn_rs(
        td_string!(locale, inspector.checks.reauthentication_valid),
        &[
            td_string!(locale, inspector.details.allow_credentials),
            td_string!(locale, inspector.details.type_challenge_origin),
            td_string!(locale, inspector.details.rp_id_hash),
            td_string!(locale, inspector.details.up_uv),
            td_string!(locale, inspector.details.signature_and_counter),
        ],
    );
    if !result.user_verified() {
        return Err(AppError::PasskeyRejected);
    }
    checks.app(td_string!(locale, inspector.checks.user_verified));
    let stored = state
        .store
        .passkey(result.cred_id().as_slice())
        .await
        .map_err(|e| AppError::unexpected("loading the passkey", e))?
        .filter(|stored| stored.user_id == pending.user_id)
        // Deleted between the two steps.
        .ok_or(AppError::UnknownPasskey)?;
    let aaguid = stored.aaguid;
    record_use(&state, &mut checks, stored.passkey, &result, &credential.id, pending.user_id).await?;
    session::record_proof(&state, &session).await?;
    let seconds = state.reauth_window.as_secs();
    checks.app(fill(td_string!(locale, inspector.checks.proof_recorded), &[("seconds", &seconds)]));
    checks.keep(&session, &credential.response.client_data_json, aaguid).await?;
    tracing::debug!(user_id = %pending.user_id, "owner confirmed with a passkey");
    Ok(())
}
