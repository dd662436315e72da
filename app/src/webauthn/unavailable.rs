//! Stand-in for the browser's WebAuthn API when not compiled for the browser: every call fails with
//! [`CeremonyError::Unsupported`]. Nothing on the server calls these; they let components compile for SSR.

#[path = "error.rs"]
mod error;

pub use error::CeremonyError;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

pub async fn create(_options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, CeremonyError> {
    Err(CeremonyError::Unsupported)
}

pub async fn get(_options: RequestChallengeResponse) -> Result<PublicKeyCredential, CeremonyError> {
    Err(CeremonyError::Unsupported)
}
