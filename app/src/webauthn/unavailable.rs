//! The server's stand-in bodies of [`crate::webauthn`]: every call fails with [`CeremonyError::Unsupported`].
//! Nothing on the server calls them; they let components compile for SSR.

use super::{CeremonyError, ConditionalRequest, ImmediateCredential};
use std::future::Future;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

pub fn cancel_conditional() {}

pub(super) fn abort_conditional(_number: u64) {}

pub async fn create(_options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, CeremonyError> {
    Err(CeremonyError::Unsupported)
}

pub async fn get(_options: RequestChallengeResponse) -> Result<PublicKeyCredential, CeremonyError> {
    Err(CeremonyError::Unsupported)
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

pub fn signal_all_accepted_credentials(_rp_id: &str, _user_id: &str, _credential_ids: &[String]) {}

pub fn signal_current_user_details(_rp_id: &str, _user_id: &str, _name: &str, _display_name: &str) {}
