//! The browser session (ssr only): every key the app keeps in it, and the one way to sign a user in and out.
//!
//! Sessions are [`tower_sessions`] sessions stored in the database, behind an HttpOnly cookie. A visitor gets one
//! only when something is stored in it (a ceremony in progress, a guest cart, a signed-in user), so browsing
//! costs no database write. What the session holds:
//!
//! | key | what |
//! |---|---|
//! | `user_id` | the signed-in account |
//! | `cart_id` | a guest's cart (until they sign in) |
//! | `ceremony.registration`, `ceremony.authentication` | the id of this session's pending WebAuthn ceremony |
//!
//! Signing in happens only through [`sign_in`], whichever way the user proved who they are:
//!
//! ```text
//!  passkey / password / new account --> sign_in(user) --> 1. new session id (a planted id is worthless after it)
//!                                                         2. record the user
//!                                                         3. the guest cart joins the account's cart (store)
//! ```

use crate::AppError;
use crate::state::AppState;
use crate::store::CeremonyKind;
use tower_sessions::Session;
use uuid::Uuid;

const USER_ID: &str = "user_id";
const GUEST_CART: &str = "cart_id";

fn ceremony_key(kind: CeremonyKind) -> String {
    format!("ceremony.{}", kind.as_str())
}

fn read_error(error: tower_sessions::session::Error) -> AppError {
    AppError::unexpected("reading the session", error)
}

fn write_error(error: tower_sessions::session::Error) -> AppError {
    AppError::unexpected("writing the session", error)
}

/// The session of the current request (the session layer puts it in the request).
pub async fn current() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::unexpected("extracting the session", e))
}

/// The id of the signed-in user, if any.
pub async fn user_id(session: &Session) -> Result<Option<Uuid>, AppError> {
    session.get::<Uuid>(USER_ID).await.map_err(read_error)
}

/// The signed-in user's id, or [`AppError::Unauthorized`].
pub async fn require_user_id(session: &Session) -> Result<Uuid, AppError> {
    user_id(session).await?.ok_or(AppError::Unauthorized)
}

/// Signs `user_id` in (see the module's diagram). Every way of signing in ends here.
pub async fn sign_in(state: &AppState, session: &Session, user_id: Uuid) -> Result<(), AppError> {
    session.cycle_id().await.map_err(|e| AppError::unexpected("cycling the session id", e))?;
    session.insert(USER_ID, user_id).await.map_err(write_error)?;
    let guest_cart: Option<String> = session.remove(GUEST_CART).await.map_err(read_error)?;
    if let Some(guest_cart) = guest_cart {
        state.store.merge_cart(&guest_cart, user_id).await.map_err(|e| AppError::unexpected("merging carts", e))?;
    }
    Ok(())
}

/// Ends the session: its row is deleted and the cookie cleared.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
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
