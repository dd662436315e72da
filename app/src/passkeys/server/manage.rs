//! The signed-in account's passkeys: the list the account page shows, renaming and deleting one, the offer to
//! create one after a password sign-in, and what the passkey manager is told through the Signal API.

use super::super::input::{credential_id_of, passkey_label, unnamed_passkey};
use super::super::{AccountForPasskeyManager, PasskeySummary, providers};
use crate::error::AppError;
use crate::format;
use crate::request::RequestContext;
use crate::session;
use crate::store::StoreError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub async fn passkey_manager_view() -> Result<AccountForPasskeyManager, AppError> {
    let cx = RequestContext::current().await?;
    let user = cx.signed_in_user().await?;
    let passkeys = super::passkeys_of(&cx, user.id).await?;
    Ok(AccountForPasskeyManager {
        rp_id: cx.state.rp_id.to_string(),
        // webauthn-rs makes the user handle from the UUID's 16 bytes.
        user_id: URL_SAFE_NO_PAD.encode(user.id.as_bytes()),
        name: user.username,
        display_name: user.display_name,
        credential_ids: passkeys.iter().map(|p| URL_SAFE_NO_PAD.encode(p.passkey.cred_id().as_slice())).collect(),
    })
}

pub async fn list_passkeys() -> Result<Vec<PasskeySummary>, AppError> {
    let cx = RequestContext::current().await?;
    let user_id = cx.require_user_id().await?;
    let passkeys = super::passkeys_of(&cx, user_id).await?;
    Ok(passkeys
        .into_iter()
        .map(|p| {
            let credential_id = URL_SAFE_NO_PAD.encode(p.passkey.cred_id().as_slice());
            let synced = webauthn_rs::prelude::Credential::from(p.passkey).backup_state;
            let provider = p.aaguid.and_then(providers::provider);
            PasskeySummary {
                credential_id,
                name: p.label.clone().or_else(|| provider.map(|p| p.name.clone())).unwrap_or_else(unnamed_passkey),
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
    let cx = RequestContext::current().await?;
    if !session::passkey_offer(&cx.session).await? {
        return Ok(false);
    }
    Ok(cx.recent_proof().await.is_ok())
}

pub async fn dismiss_passkey_offer() -> Result<(), AppError> {
    session::set_passkey_offer(&RequestContext::current().await?.session, false).await
}

fn change_error(error: StoreError) -> AppError {
    match error {
        StoreError::PasskeyNotFound => AppError::NotFound,
        StoreError::LastSignInMethod => AppError::OnlyPasskey,
        other => AppError::unexpected("changing a passkey", other),
    }
}

pub async fn rename_passkey(credential_id: &str, label: &str) -> Result<(), AppError> {
    let label = passkey_label(label)?;
    let credential_id = credential_id_of(credential_id)?;
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    cx.state.store.rename_passkey(owner.user_id, &credential_id, label).await.map_err(change_error)
}

/// Deletes the passkey and ends the account's other sessions: whoever had it (a lost phone) is signed out too.
pub async fn delete_passkey(credential_id: &str) -> Result<(), AppError> {
    let credential_id = credential_id_of(credential_id)?;
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    cx.state.store.delete_passkey(owner.user_id, &credential_id, &owner.sign_in).await.map_err(change_error)?;
    tracing::info!(user_id = %owner.user_id, "passkey deleted; other sessions signed out");
    Ok(())
}
