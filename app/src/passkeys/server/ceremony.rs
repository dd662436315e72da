//! Ceremony state: the server half of a WebAuthn ceremony between its start and its finish.
//!
//! The state is stored in the database under a random id, and the browser session holds that id under a key per
//! ceremony kind. So a ceremony is bound to the session that started it (another session has no id to present),
//! to its kind (the store looks it up by id *and* kind), is consumed exactly once (the store deletes it in the
//! same statement that reads it), and expires after `AppState::ceremony_ttl`, whatever timeout the browser was
//! given.

use crate::error::AppError;
use crate::request::RequestContext;
use crate::session;
use crate::store::CeremonyKind;
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

/// Saves `value` as the pending ceremony of `kind` for this session, replacing any earlier one.
pub(super) async fn begin<T: Serialize>(cx: &RequestContext, kind: CeremonyKind, value: &T) -> Result<(), AppError> {
    let state = &cx.state;
    // Abandoned ceremonies are deleted by the periodic cleanup; an expired one can never be taken anyway.
    let now = state.clock.now();
    let id = Uuid::new_v4().simple().to_string();
    let json = serde_json::to_string(value).map_err(|e| AppError::unexpected("serialising ceremony state", e))?;
    state
        .store
        .put_ceremony(&id, kind, &json, now + state.ceremony_ttl)
        .await
        .map_err(|e| AppError::unexpected("saving ceremony state", e))?;
    session::set_ceremony(&cx.session, kind, &id).await
}

/// Takes the pending ceremony of `kind` for this session. Fails with [`AppError::CeremonyExpired`] when there is
/// none: never started here, already finished (or being finished by a concurrent request), or expired.
pub(super) async fn finish<T: DeserializeOwned>(cx: &RequestContext, kind: CeremonyKind) -> Result<T, AppError> {
    let Some(id) = session::take_ceremony(&cx.session, kind).await? else { return Err(AppError::CeremonyExpired) };
    let state = &cx.state;
    let json = state
        .store
        .take_ceremony(&id, kind, state.clock.now())
        .await
        .map_err(|e| AppError::unexpected("taking ceremony state", e))?
        .ok_or(AppError::CeremonyExpired)?;
    serde_json::from_str(&json).map_err(|e| AppError::unexpected("reading ceremony state", e))
}
