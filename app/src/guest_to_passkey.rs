//! "Create a passkey for next time", after a guest order: the one place where the shop and the passkeys meet.
//! The shop resolves the guest order this visitor may claim, and a passkey registration starts for an account
//! named after its email, carrying the claim; the ordinary `finish_registration` then creates the account, its
//! passkey and the claim in one transaction. Neither feature calls the other.

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inspector;
use crate::passkeys::{FlowError, finish_registration};
use crate::webauthn;
use leptos::prelude::*;
use webauthn_rs_proto::CreationChallengeResponse;

/// "Create a passkey for next time", step 1, where the shop and the passkeys meet: the shop resolves the guest
/// order this visitor may claim (theirs, nobody's yet), and a registration starts for an account named after its
/// email, carrying the claim. Step 2 is the ordinary `finish_registration`, which creates the account, its
/// passkey and the claim in one transaction.
#[server(endpoint = "start_guest_registration")]
pub async fn start_guest_registration(order_id: String) -> Result<CreationChallengeResponse, AppError> {
    let claim = crate::shop::server::guest_claim(&order_id).await?;
    crate::passkeys::server::start_claiming_registration(claim).await
}

/// Creates an account with a passkey for a guest's order, from the browser.
pub async fn save_guest_order_with_passkey(order_id: String) -> Result<CurrentUser, FlowError> {
    let options = start_guest_registration(order_id).await?;
    let credential = webauthn::create(options).await?;
    Ok(inspector::server_answered(finish_registration(credential).await)?)
}
