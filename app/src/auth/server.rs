//! The server side of [`crate::auth`]: the browser session and who it belongs to.
//!
//! Sessions are [`tower_sessions`] sessions stored in the database. A visitor gets one only when something is
//! stored in it (a ceremony in progress, a signed-in user), so browsing costs no database write.

use super::CurrentUser;
use crate::AppError;
use crate::state::AppState;
use tower_sessions::Session;
use uuid::Uuid;

const USER_ID: &str = "user_id";

/// The session of the current request (the session layer puts it in the request).
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::unexpected("extracting the session", e))
}

/// The id of the signed-in user, if any.
pub async fn user_id(session: &Session) -> Result<Option<Uuid>, AppError> {
    session.get::<Uuid>(USER_ID).await.map_err(|e| AppError::unexpected("reading the session", e))
}

/// Signs `user_id` in: the session gets a new id first, so an id planted before sign-in is worthless after it.
pub async fn start_signed_in_session(session: &Session, user_id: Uuid) -> Result<(), AppError> {
    session.cycle_id().await.map_err(|e| AppError::unexpected("cycling the session id", e))?;
    session.insert(USER_ID, user_id).await.map_err(|e| AppError::unexpected("writing the session", e))
}

pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let session = session().await?;
    let Some(id) = user_id(&session).await? else { return Ok(None) };
    let state = AppState::current()?;
    let user = state.store.user(id).await.map_err(|e| AppError::unexpected("loading the user", e))?;
    Ok(user.map(|u| CurrentUser { username: u.username, display_name: u.display_name }))
}

/// The signed-in user's id, or [`AppError::Unauthorized`].
pub async fn require_user_id() -> Result<Uuid, AppError> {
    user_id(&session().await?).await?.ok_or(AppError::Unauthorized)
}

pub async fn sign_out() -> Result<(), AppError> {
    let session = session().await?;
    session.flush().await.map_err(|e| AppError::unexpected("deleting the session", e))
}
