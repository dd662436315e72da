//! Stand-in for the browser's WebAuthn API when not compiled for the browser: every call fails with
//! [`CeremonyError::Unsupported`]. Nothing on the server calls these; they let components compile for SSR.

#[path = "error.rs"]
mod error;

pub use error::CeremonyError;
use std::future::Future;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

pub enum ImmediateCredential {
    Passkey(PublicKeyCredential),
    Password { username: String, password: String },
}

pub fn cancel_conditional() {}

pub async fn create(_options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, CeremonyError> {
    Err(CeremonyError::Unsupported)
}

pub async fn get(_options: RequestChallengeResponse) -> Result<PublicKeyCredential, CeremonyError> {
    Err(CeremonyError::Unsupported)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionalRequest(u64);

impl ConditionalRequest {
    pub fn abort(self) {}
}

pub fn get_conditional(
    _options: RequestChallengeResponse,
) -> (ConditionalRequest, impl Future<Output = Result<PublicKeyCredential, CeremonyError>>) {
    (ConditionalRequest(0), async { Err(CeremonyError::Unsupported) })
}

pub async fn immediate_get_available() -> bool {
    false
}

pub fn get_immediate(
    _options: &RequestChallengeResponse,
) -> impl Future<Output = Result<ImmediateCredential, CeremonyError>> + use<> {
    async { Err(CeremonyError::Unsupported) }
}

pub fn signal_unknown_credential(_rp_id: &str, _credential_id: &str) {}
