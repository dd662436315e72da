//! Well-known URLs that passkey managers and browsers fetch from the site itself.
//!
//! - `/.well-known/passkey-endpoints` (W3C, "A Well-Known URL for Relying Party Passkey Endpoints"): where a
//!   passkey manager sends its user to create a passkey for this site (`enroll`) and to manage them (`manage`).
//!   Both are the account page, which has "Add a passkey" and the list of passkeys (signed-out visitors are sent
//!   to sign in first).
//! - `/.well-known/webauthn` (WebAuthn Level 3, related origin requests): the other origins that may use this
//!   site's RP ID (`RELATED_ORIGINS`). With none configured there is no such document: 404, as the browser then
//!   expects.
//!
//! Both are public documents, the same for every visitor, so caches may keep them for an hour.

use axum::Extension;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use url::Url;

/// The documents, made once at start-up from the settings.
#[derive(Debug, Clone)]
pub struct WellKnown {
    passkey_endpoints: Arc<str>,
    related_origins: Option<Arc<str>>,
}

impl WellKnown {
    /// The documents for the site at `origin`, whose RP ID the `related` origins may also use.
    pub fn new(origin: &Url, related: &[Url]) -> Self {
        let account = format!("{}/account", origin.origin().ascii_serialization());
        let passkey_endpoints = json!({ "enroll": account, "manage": account }).to_string();
        let related_origins = (!related.is_empty()).then(|| {
            let origins: Vec<Value> =
                related.iter().map(|url| Value::from(url.origin().ascii_serialization())).collect();
            json!({ "origins": origins }).to_string()
        });
        Self { passkey_endpoints: passkey_endpoints.into(), related_origins: related_origins.map(Into::into) }
    }
}

fn document(body: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        body.to_owned(),
    )
        .into_response()
}

/// `GET /.well-known/passkey-endpoints`.
pub async fn passkey_endpoints(Extension(documents): Extension<WellKnown>) -> Response {
    document(&documents.passkey_endpoints)
}

/// `GET /.well-known/webauthn`: the related origins, or 404 when there are none.
pub async fn related_origins(Extension(documents): Extension<WellKnown>) -> Response {
    match &documents.related_origins {
        Some(body) => document(body),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
