//! The browser session (ssr only): every key the app keeps in it, and the one way to sign a user in and out.
//!
//! Sessions are [`tower_sessions`] sessions stored in the database, behind an HttpOnly cookie. A visitor gets one
//! only when something is stored in it (a ceremony in progress, a guest cart, a signed-in user), so browsing
//! costs no database write. A session expires after [`SESSION_IDLE`] without a write; a signed-in session writes
//! at most once a day to stay alive. What the session holds:
//!
//! | key | what |
//! |---|---|
//! | `sign_in` | the id of this session's row in the store's sign-ins: who is signed in, until when |
//! | `active_day` | the last day a signed-in request came (keeps the session from idling out) |
//! | `proved_at` | when the person at this browser last proved they own the account (Unix seconds): see [`require_recent_proof`] |
//! | `passkey_offer` | set by a password sign-in: offer this user to create a passkey (see `passkeys::passkey_offer`) |
//! | `cart_id` | a guest's cart (until they sign in) |
//! | `ceremony.registration`, `ceremony.authentication`, `ceremony.reauthentication` | the id of this session's pending WebAuthn ceremony |
//! | `inspector.verdict` | what the server checked in the last passkey ceremony it accepted (`inspector::verdict`) |
//!
//! The session never holds the user id itself: a signed-in session names a sign-in, and the sign-in is valid
//! only while its row exists and is younger than [`SIGN_IN_LIFETIME`]. Signing out deletes the row, so a request
//! that was in flight and writes the session back afterwards cannot sign anyone in again; changing the password
//! deletes every other row of the account.
//!
//! Signing in happens only through [`sign_in`], whichever way the user proved who they are:
//!
//! ```text
//!  passkey / password / new account --> sign_in(user) --> 1. new session id (a planted id is worthless after it)
//!                                                         2. a new sign-in row, the session names it
//!                                                         3. the guest cart joins the account's cart (store)
//! ```

use crate::error::AppError;
use crate::state::AppState;
use crate::store::CeremonyKind;
use tower_sessions::Session;
use uuid::Uuid;

/// How long a session lasts without a write (the session layer's expiry).
pub const SESSION_IDLE: time::Duration = time::Duration::days(7);
/// How long a sign-in lasts, however active the session is.
pub const SIGN_IN_LIFETIME: time::Duration = time::Duration::days(30);

const SIGN_IN: &str = "sign_in";
const ACTIVE_DAY: &str = "active_day";
const PROVED_AT: &str = "proved_at";
const PASSKEY_OFFER: &str = "passkey_offer";
const GUEST_CART: &str = "cart_id";
const LAST_VERDICT: &str = "inspector.verdict";

fn ceremony_key(kind: CeremonyKind) -> String {
    format!("ceremony.{}", kind.as_str())
}

fn read_error(error: tower_sessions::session::Error) -> AppError {
    AppError::unexpected("reading the session", error)
}

fn write_error(error: tower_sessions::session::Error) -> AppError {
    AppError::unexpected("writing the session", error)
}

/// The session of the current request (the session layer puts it in the request); server functions get it
/// through [`crate::request::RequestContext`].
pub async fn current() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::unexpected("extracting the session", e))
}

/// The id of the signed-in user, if any: the session names a sign-in that has not ended or expired.
pub async fn user_id(state: &AppState, session: &Session) -> Result<Option<Uuid>, AppError> {
    let Some(sign_in) = session.get::<String>(SIGN_IN).await.map_err(read_error)? else { return Ok(None) };
    let now = state.clock.now();
    let user_id =
        state.store.signed_in_user(&sign_in, now).await.map_err(|e| AppError::unexpected("checking the sign-in", e))?;
    if user_id.is_some() {
        let today = now.unix_timestamp().div_euclid(86_400);
        if session.get::<i64>(ACTIVE_DAY).await.map_err(read_error)? != Some(today) {
            session.insert(ACTIVE_DAY, today).await.map_err(write_error)?;
        }
    }
    Ok(user_id)
}

/// Signs `user_id` in (see the module's diagram). Every way of signing in ends here.
pub async fn sign_in(state: &AppState, session: &Session, user_id: Uuid) -> Result<(), AppError> {
    end_sign_in(state, session).await?;
    session.cycle_id().await.map_err(|e| AppError::unexpected("cycling the session id", e))?;
    let sign_in = Uuid::new_v4().simple().to_string();
    let now = state.clock.now();
    state
        .store
        .start_sign_in(&sign_in, user_id, now, now + SIGN_IN_LIFETIME)
        .await
        .map_err(|e| AppError::unexpected("recording the sign-in", e))?;
    session.insert(SIGN_IN, &sign_in).await.map_err(write_error)?;
    // Every way in is a proof of the owner: a user-verified passkey, the password, or a new account.
    record_proof(state, session).await?;
    set_passkey_offer(session, false).await?;
    let guest_cart: Option<String> = session.remove(GUEST_CART).await.map_err(read_error)?;
    if let Some(guest_cart) = guest_cart {
        state
            .store
            .merge_cart(&guest_cart, user_id, state.clock.now())
            .await
            .map_err(|e| AppError::unexpected("merging carts", e))?;
    }
    Ok(())
}

/// Records that the person at this browser has just proved they own the signed-in account: a user-verified
/// passkey assertion of the account, or its password.
pub async fn record_proof(state: &AppState, session: &Session) -> Result<(), AppError> {
    session.insert(PROVED_AT, state.clock.now().unix_timestamp()).await.map_err(write_error)
}

/// Marks this session for the offer to create a passkey (right after a password sign-in), or clears the mark.
pub async fn set_passkey_offer(session: &Session, offer: bool) -> Result<(), AppError> {
    if offer {
        session.insert(PASSKEY_OFFER, true).await.map_err(write_error)
    } else {
        session.remove::<bool>(PASSKEY_OFFER).await.map(|_| ()).map_err(write_error)
    }
}

/// Whether this session is marked for the offer to create a passkey.
pub async fn passkey_offer(session: &Session) -> Result<bool, AppError> {
    Ok(session.get::<bool>(PASSKEY_OFFER).await.map_err(read_error)?.unwrap_or(false))
}

/// The signed-in account, for a change to its sign-in methods, names or sessions.
#[derive(Debug, Clone)]
pub struct ProvenOwner {
    pub user_id: Uuid,
    /// This session's sign-in: the one a change that ends the account's other sessions keeps.
    pub sign_in: String,
}

/// The signed-in account, if its owner proved who they are within the last `AppState::reauth_window`:
/// [`AppError::Unauthorized`] when nobody is signed in, [`AppError::ReauthRequired`] when the proof is missing or
/// too old (a borrowed laptop, a stolen cookie). The browser asks the user again and retries; the server decides.
pub async fn require_recent_proof(state: &AppState, session: &Session) -> Result<ProvenOwner, AppError> {
    let user_id = user_id(state, session).await?.ok_or(AppError::Unauthorized)?;
    let sign_in = sign_in_id(session).await?.ok_or(AppError::Unauthorized)?;
    let proved_at: Option<i64> = session.get(PROVED_AT).await.map_err(read_error)?;
    let window = i64::try_from(state.reauth_window.as_secs()).unwrap_or(i64::MAX);
    let now = state.clock.now().unix_timestamp();
    match proved_at {
        Some(at) if at <= now && now - at < window => Ok(ProvenOwner { user_id, sign_in }),
        _ => Err(AppError::ReauthRequired),
    }
}

/// The id of this session's sign-in, for changes that keep this session and end the account's others.
pub async fn sign_in_id(session: &Session) -> Result<Option<String>, AppError> {
    session.get(SIGN_IN).await.map_err(read_error)
}

async fn end_sign_in(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(sign_in) = sign_in_id(session).await? {
        state.store.end_sign_in(&sign_in).await.map_err(|e| AppError::unexpected("ending the sign-in", e))?;
    }
    Ok(())
}

/// Ends the session for good: its sign-in is deleted (so nothing can write it back to life), then the session
/// row, and the cookie is cleared.
pub async fn sign_out(state: &AppState, session: &Session) -> Result<(), AppError> {
    end_sign_in(state, session).await?;
    session.flush().await.map_err(|e| AppError::unexpected("deleting the session", e))
}

/// The guest cart this session holds, if any.
pub async fn guest_cart(session: &Session) -> Result<Option<String>, AppError> {
    session.get(GUEST_CART).await.map_err(read_error)
}

pub async fn set_guest_cart(session: &Session, cart_id: &str) -> Result<(), AppError> {
    session.insert(GUEST_CART, cart_id).await.map_err(write_error)
}

/// Remembers `ceremony_id` as this session's pending ceremony of `kind`, replacing any earlier one.
pub async fn set_ceremony(session: &Session, kind: CeremonyKind, ceremony_id: &str) -> Result<(), AppError> {
    session.insert(&ceremony_key(kind), ceremony_id).await.map_err(write_error)
}

/// Takes (forgets and returns) this session's pending ceremony of `kind`.
pub async fn take_ceremony(session: &Session, kind: CeremonyKind) -> Result<Option<String>, AppError> {
    session.remove(&ceremony_key(kind)).await.map_err(read_error)
}

/// Keeps what the server checked in the last passkey ceremony it accepted, for the ceremony inspector.
pub async fn set_last_verdict<T: serde::Serialize>(session: &Session, verdict: &T) -> Result<(), AppError> {
    session.insert(LAST_VERDICT, verdict).await.map_err(write_error)
}

/// What [`set_last_verdict`] kept, if anything.
pub async fn last_verdict<T: serde::de::DeserializeOwned>(session: &Session) -> Result<Option<T>, AppError> {
    session.get(LAST_VERDICT).await.map_err(read_error)
}
