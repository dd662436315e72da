//! What every server function gets from Leptos context: the store, the relying party, the settings, the key
//! that signs what the server hands to the client to keep, the clock and the abuse limits.

mod clock;
mod limits;
mod metrics;

pub use clock::Clock;
pub use limits::{LimitSettings, Limits, Spend};
pub use metrics::Metrics;

use crate::error::AppError;
use crate::store::Store;
use axum::extract::FromRef;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use leptos::prelude::{LeptosOptions, use_context};
use serde::{Serialize, de::DeserializeOwned};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use webauthn_rs::Webauthn;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub webauthn: Arc<Webauthn>,
    /// The relying party's id (`RP_ID`), which the Signal API names.
    pub rp_id: Arc<str>,
    /// How long a started WebAuthn ceremony may be finished. The browser's timeout is only a hint.
    pub ceremony_ttl: Duration,
    /// How long a proof of the owner (a passkey or the password) allows changes to the account's sign-in methods.
    #[from_ref(skip)]
    pub reauth_window: Duration,
    /// Signs pre-issued sign-in challenges (see `passkeys::server::prepared`).
    pub ticket_key: Arc<TicketKey>,
    /// Whether cookies set by the app must be `Secure` (the origin is https).
    pub secure_cookies: bool,
    /// What time it is; every expiry is checked against it.
    pub clock: Clock,
    pub limits: Arc<Limits>,
    /// What `/metrics` reports.
    pub metrics: Arc<Metrics>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("origins", &self.webauthn.get_allowed_origins())
            .field("ceremony_ttl", &self.ceremony_ttl)
            .field("secure_cookies", &self.secure_cookies)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// The state provided to the current request.
    pub fn current() -> Result<Self, AppError> {
        use_context::<Self>().ok_or_else(|| AppError::unexpected("app state", "AppState missing from context"))
    }
}

type HmacSha256 = Hmac<Sha256>;

/// The key that signs state the server hands to the client to keep (`payload.HMAC-SHA256(payload)`): 32 random
/// bytes generated on first start and kept in the database, so every instance and every restart agrees.
pub struct TicketKey(Vec<u8>);

impl std::fmt::Debug for TicketKey {
    /// Never shows the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TicketKey(..)")
    }
}

impl TicketKey {
    /// The name the key is stored under in the database.
    pub const SECRET_NAME: &str = "sign_in_ticket_key";

    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// Fresh key material, for the first start.
    pub fn generate() -> Vec<u8> {
        rand::random::<[u8; 32]>().to_vec()
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.0).expect("HMAC accepts keys of any length")
    }

    /// `value` as JSON, signed: readable by anyone, changeable by no one.
    pub fn seal<T: Serialize>(&self, value: &T) -> Result<String, AppError> {
        let json = serde_json::to_vec(value).map_err(|e| AppError::unexpected("serialising a ticket", e))?;
        let payload = URL_SAFE_NO_PAD.encode(json);
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        Ok(format!("{payload}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())))
    }

    /// The value, if it was sealed with this key and not modified since.
    pub fn open<T: DeserializeOwned>(&self, sealed: &str) -> Option<T> {
        let (payload, tag) = sealed.split_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&tag).ok()?; // constant-time comparison
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }
}
