//! What a server function body works with (ssr only): the app's state, this request's browser session, and who
//! is signed in. Every body starts with one line, `let cx = RequestContext::current().await?;`, then asks it what
//! it needs: nothing here is looked up before it is asked for.
//!
//! ```text
//!  cx.user_id()          the signed-in user, if any          cx.require_user_id()  or 401 Unauthorized
//!  cx.signed_in_user()   that user's account row             cx.user(id)           any account, or 401
//!  cx.recent_proof()     the owner proved it's them lately, or 401 / 401 ReauthRequired (see `session`)
//!  cx.sign_in(id)        every way of signing in ends here   cx.sign_out()         ends the session for good
//! ```

use crate::error::AppError;
use crate::session::{self, ProvenOwner};
use crate::state::AppState;
use crate::store::User;
use tower_sessions::Session;
use uuid::Uuid;

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub state: AppState,
    pub session: Session,
}

impl RequestContext {
    /// The context of the request being served.
    pub async fn current() -> Result<Self, AppError> {
        Ok(Self { state: AppState::current()?, session: session::current().await? })
    }

    /// The id of the signed-in user, if any.
    pub async fn user_id(&self) -> Result<Option<Uuid>, AppError> {
        session::user_id(&self.state, &self.session).await
    }

    /// The signed-in user's id, or [`AppError::Unauthorized`].
    pub async fn require_user_id(&self) -> Result<Uuid, AppError> {
        self.user_id().await?.ok_or(AppError::Unauthorized)
    }

    /// The account `id`; [`AppError::Unauthorized`] if it is gone (deleted by another session meanwhile).
    pub async fn user(&self, id: Uuid) -> Result<User, AppError> {
        self.state
            .store
            .user(id)
            .await
            .map_err(|e| AppError::unexpected("loading the user", e))?
            .ok_or(AppError::Unauthorized)
    }

    /// The signed-in user's account, or [`AppError::Unauthorized`].
    pub async fn signed_in_user(&self) -> Result<User, AppError> {
        self.user(self.require_user_id().await?).await
    }

    /// The signed-in account, if its owner proved who they are recently (see [`session::require_recent_proof`]).
    pub async fn recent_proof(&self) -> Result<ProvenOwner, AppError> {
        session::require_recent_proof(&self.state, &self.session).await
    }

    /// Records that the person at this browser has just proved they own the signed-in account.
    pub async fn record_proof(&self) -> Result<(), AppError> {
        session::record_proof(&self.state, &self.session).await
    }

    /// Signs `user_id` in, under a new session id (see [`session::sign_in`]).
    pub async fn sign_in(&self, user_id: Uuid) -> Result<(), AppError> {
        session::sign_in(&self.state, &self.session, user_id).await
    }

    /// Ends the session for good (see [`session::sign_out`]).
    pub async fn sign_out(&self) -> Result<(), AppError> {
        session::sign_out(&self.state, &self.session).await
    }
}
