//! The server side of [`crate::auth`]: who is signed in, passwords, signing out. The session itself, and signing
//! in, are [`crate::session`]'s.

use super::{CurrentUser, DisplayName, Password, Username, safe_next};
use crate::error::AppError;
use crate::outcomes::SignInVia;
use crate::plain_form;
use crate::request::RequestContext;
use crate::session;
use crate::state::AppState;
use crate::store::{StoreError, User};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::LazyLock;
use uuid::Uuid;

impl From<User> for CurrentUser {
    fn from(user: User) -> Self {
        Self { username: user.username, display_name: user.display_name }
    }
}

pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let cx = RequestContext::current().await?;
    let Some(id) = cx.user_id().await? else { return Ok(None) };
    let user = cx.state.store.user(id).await.map_err(|e| AppError::unexpected("loading the user", e))?;
    Ok(user.map(CurrentUser::from))
}

pub async fn sign_out() -> Result<(), AppError> {
    let result = RequestContext::current().await?.sign_out().await;
    plain_form::redirect(&result, |()| "/".to_owned(), "/");
    result
}

/// Hashes with argon2id (the crate's defaults: 19 MiB, 2 passes) off the async runtime, in one of the server's
/// few hashing slots.
async fn hash_password(state: &AppState, password: Password) -> Result<String, AppError> {
    let slot = state.limits.hashing_slot().await?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.expose().as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(|e| AppError::unexpected("hashing task", e))?
    .map_err(|e| AppError::unexpected("hashing the password", e))
}

/// A hash of a password nobody knows: checked when the username does not exist, so that a wrong username takes
/// as long as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(Uuid::new_v4().as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
});

async fn verify_password(state: &AppState, password: String, hash: Option<String>) -> Result<bool, AppError> {
    let slot = state.limits.hashing_slot().await?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let matches = PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && matches
    })
    .await
    .map_err(|e| AppError::unexpected("password check task", e))
}

/// Passwords longer than this are not hashed at all: they cannot be right, and hashing costs the server.
const MAX_PASSWORD_BYTES: usize = 1024;

/// Signs in with a password, counted in the metrics under `via`; a plain form is sent on to `next` (or back).
pub async fn sign_in_with_password(
    username: &str,
    password: String,
    next: Option<&str>,
    via: SignInVia,
) -> Result<CurrentUser, AppError> {
    let cx = RequestContext::current().await?;
    let result = check_password_sign_in(&cx, username, password).await;
    cx.state.metrics.sign_in(via, "password", &result);
    let next = safe_next(next, "/account");
    plain_form::redirect(&result, |_| next.to_owned(), &super::sign_in_url(next));
    result
}

async fn check_password_sign_in(
    cx: &RequestContext,
    username: &str,
    password: String,
) -> Result<CurrentUser, AppError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::WrongCredentials);
    }
    let state = &cx.state;
    let found = match Username::parse(username) {
        Ok(username) => {
            // Counted per account whoever tries, so that guessing one account's password never slows another's.
            state.limits.check_account(username.as_str())?;
            state
                .store
                .password_hash_of(username.as_str())
                .await
                .map_err(|e| AppError::unexpected("loading the password hash", e))?
        }
        Err(_) => None,
    };
    let user_id = found.as_ref().map(|(id, _)| *id);
    if !verify_password(state, password, found.map(|(_, hash)| hash)).await? {
        return Err(AppError::WrongCredentials);
    }
    let user_id = user_id.ok_or(AppError::WrongCredentials)?;
    let user = state
        .store
        .user(user_id)
        .await
        .map_err(|e| AppError::unexpected("loading the user", e))?
        .ok_or(AppError::WrongCredentials)?;
    cx.sign_in(user.id).await?;
    // Signed in with something that can be phished and forgotten: the page offers a passkey in one tap, and this
    // sign-in is the proof that adding one needs.
    session::set_passkey_offer(&cx.session, true).await?;
    tracing::debug!(user_id = %user.id, "signed in with a password");
    Ok(user.into())
}

pub async fn create_password_account(
    username: &str,
    display_name: &str,
    password: String,
) -> Result<CurrentUser, AppError> {
    let result = create_account(username, display_name, password).await;
    plain_form::redirect(&result, |_| "/account".to_owned(), "/sign-up");
    result
}

async fn create_account(username: &str, display_name: &str, password: String) -> Result<CurrentUser, AppError> {
    let username = Username::parse(username)?;
    let display_name = DisplayName::parse(display_name, &username)?;
    let password = Password::parse(password)?;
    let cx = RequestContext::current().await?;
    let state = &cx.state;
    let user = User {
        id: Uuid::new_v4(),
        username: username.to_string(),
        display_name: display_name.as_str().to_owned(),
        created_at: state.clock.now(),
    };
    let hash = hash_password(state, password).await?;
    state.store.create_user_with_password(&user, &hash).await.map_err(|e| match e {
        StoreError::UsernameTaken => AppError::UsernameTaken,
        other => AppError::unexpected("creating the account", other),
    })?;
    cx.sign_in(user.id).await?;
    tracing::info!(user_id = %user.id, "password account created");
    Ok(user.into())
}

pub async fn account_settings() -> Result<super::AccountOverview, AppError> {
    let cx = RequestContext::current().await?;
    let user = cx.signed_in_user().await?;
    let has_password =
        cx.state.store.has_password(user.id).await.map_err(|e| AppError::unexpected("loading the account", e))?;
    Ok(super::AccountOverview { username: user.username, display_name: user.display_name, has_password })
}

/// Sets the signed-in account's password and signs the account out of every other browser.
pub async fn set_password(password: String) -> Result<(), AppError> {
    let password = Password::parse(password)?;
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    let hash = hash_password(&cx.state, password).await?;
    cx.state
        .store
        .set_password_hash(owner.user_id, &hash, &owner.sign_in)
        .await
        .map_err(|e| AppError::unexpected("saving the password", e))?;
    tracing::info!(user_id = %owner.user_id, "password changed; other sessions signed out");
    Ok(())
}

/// Checks the signed-in account's current password, under the same per-account limit as signing in with it, and
/// records the proof in the session.
pub async fn reauthenticate_with_password(password: String) -> Result<(), AppError> {
    let cx = RequestContext::current().await?;
    let state = &cx.state;
    let user_id = cx.require_user_id().await?;
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::WrongPassword);
    }
    let user = cx.user(user_id).await?;
    state.limits.check_account(&user.username)?;
    let hash = state
        .store
        .password_hash_of(&user.username)
        .await
        .map_err(|e| AppError::unexpected("loading the password hash", e))?
        .filter(|(id, _)| *id == user_id)
        .map(|(_, hash)| hash);
    if !verify_password(state, password, hash).await? {
        return Err(AppError::WrongPassword);
    }
    cx.record_proof().await?;
    tracing::debug!(%user_id, "owner confirmed with the password");
    Ok(())
}

pub async fn remove_password() -> Result<(), AppError> {
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    cx.state.store.remove_password(owner.user_id, &owner.sign_in).await.map_err(|e| match e {
        StoreError::LastSignInMethod => AppError::OnlyPassword,
        other => AppError::unexpected("removing the password", other),
    })?;
    tracing::info!(user_id = %owner.user_id, "password removed; other sessions signed out");
    Ok(())
}

pub async fn set_display_name(display_name: &str) -> Result<CurrentUser, AppError> {
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    let mut user = cx.user(owner.user_id).await?;
    let username = Username::parse(&user.username)?;
    let display_name = DisplayName::parse(display_name, &username)?;
    cx.state
        .store
        .set_display_name(owner.user_id, display_name.as_str())
        .await
        .map_err(|e| AppError::unexpected("saving the display name", e))?;
    user.display_name = display_name.as_str().to_owned();
    Ok(user.into())
}

pub async fn sign_out_everywhere_else() -> Result<u64, AppError> {
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    let ended = cx
        .state
        .store
        .end_other_sign_ins(owner.user_id, &owner.sign_in)
        .await
        .map_err(|e| AppError::unexpected("ending sessions", e))?;
    tracing::info!(user_id = %owner.user_id, ended, "signed out everywhere else");
    Ok(ended)
}

pub async fn delete_account() -> Result<(), AppError> {
    let cx = RequestContext::current().await?;
    let owner = cx.recent_proof().await?;
    cx.state.store.delete_user(owner.user_id).await.map_err(|e| AppError::unexpected("deleting the account", e))?;
    cx.sign_out().await?;
    tracing::info!(user_id = %owner.user_id, "account deleted");
    Ok(())
}
