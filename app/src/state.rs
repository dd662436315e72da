//! What every server function gets from Leptos context: the store, the relying party and the settings.

use crate::AppError;
use crate::passkeys::ticket::TicketKey;
use crate::store::Store;
use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};
use std::sync::Arc;
use std::time::Duration;
use webauthn_rs::Webauthn;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub webauthn: Arc<Webauthn>,
    /// How long a started WebAuthn ceremony may be finished. The browser's timeout is only a hint.
    pub ceremony_ttl: Duration,
    /// Signs pre-issued sign-in challenges (see `passkeys::ticket`).
    pub ticket_key: Arc<TicketKey>,
    /// Whether cookies set by the app must be `Secure` (the origin is https).
    pub secure_cookies: bool,
}

impl AppState {
    /// The state provided to the current request.
    pub fn current() -> Result<Self, AppError> {
        use_context::<Self>().ok_or_else(|| AppError::unexpected("app state", "AppState missing from context"))
    }
}
