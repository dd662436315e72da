//! The abuse limits of each server function (ssr only), named by the function's own path
//! (`<Fn as ServerFn>::PATH`), so that a renamed function keeps its limit and a new one must be placed here:
//! `server/tests/api/limits.rs` fails for any server function in neither [`LIMITED`] nor [`EXEMPT`]. The server's
//! middleware (`server/src/limits.rs`) applies them before the function runs.

use crate::state::Spend;
use crate::{auth, guest_to_passkey, inspector, language, passkeys, shop};
use server_fn::ServerFn;

/// The prefix of every server function's path; what the cross-site check guards.
pub const PREFIX: &str = "/api/";

/// A server function that spends what a per-address limit counts, and the pages whose plain HTML forms post to
/// it (the first is where a refused form goes back to when the `Referer` names none of them).
#[derive(Debug, Clone, Copy)]
pub struct Limited {
    pub path: &'static str,
    pub spend: Spend,
    pub pages: &'static [&'static str],
}

const fn limited(path: &'static str, spend: Spend, pages: &'static [&'static str]) -> Limited {
    Limited { path, spend, pages }
}

pub const LIMITED: [Limited; 13] = [
    limited(auth::SignInWithPassword::PATH, Spend::PasswordAttempt, &["/sign-in"]),
    limited(auth::CreatePasswordAccount::PATH, Spend::PasswordAttempt, &["/sign-up"]),
    limited(auth::SetPassword::PATH, Spend::PasswordAttempt, &["/account"]),
    limited(auth::ReauthenticateWithPassword::PATH, Spend::PasswordAttempt, &["/account"]),
    limited(passkeys::StartReauthentication::PATH, Spend::Start, &[]),
    limited(passkeys::StartSignIn::PATH, Spend::Start, &[]),
    limited(passkeys::StartRegistration::PATH, Spend::Start, &[]),
    limited(passkeys::StartAddingPasskey::PATH, Spend::Start, &[]),
    limited(guest_to_passkey::StartGuestRegistration::PATH, Spend::Start, &[]),
    limited(shop::AddToCart::PATH, Spend::Start, &["/", "/cart"]),
    limited(shop::UpdateCart::PATH, Spend::Start, &["/cart"]),
    limited(shop::PlaceOrder::PATH, Spend::Start, &["/checkout"]),
    limited(passkeys::ReportSignInOutcome::PATH, Spend::Start, &[]),
];

/// The server functions without a per-address limit, each with the reason.
pub const EXEMPT: [(&str, &str); 25] = [
    (auth::SignedInUser::PATH, "reads only"),
    (auth::AccountSettings::PATH, "reads only, for the signed-in account"),
    (auth::SignOut::PATH, "ends this session only"),
    (auth::RemovePassword::PATH, "needs a recent proof of the owner"),
    (auth::SetDisplayName::PATH, "needs a recent proof of the owner"),
    (auth::SignOutEverywhereElse::PATH, "needs a recent proof of the owner"),
    (auth::DeleteAccount::PATH, "needs a recent proof of the owner"),
    (passkeys::FinishRegistration::PATH, "needs the state a limited start wrote"),
    (passkeys::FinishSignIn::PATH, "needs the state a limited start wrote"),
    (passkeys::FinishReauthentication::PATH, "needs the state a limited start wrote"),
    (passkeys::PrepareSignIn::PATH, "writes nothing: the state travels in a signed ticket"),
    (passkeys::FinishPreparedSignIn::PATH, "needs a ticket signed by this server, used once"),
    (passkeys::ListPasskeys::PATH, "reads only, for the signed-in account"),
    (passkeys::PasskeyManagerView::PATH, "reads only, for the signed-in account"),
    (passkeys::PasskeyOffer::PATH, "reads only"),
    (passkeys::DismissPasskeyOffer::PATH, "writes only to a session that already exists"),
    (passkeys::RenamePasskey::PATH, "needs a recent proof of the owner"),
    (passkeys::DeletePasskey::PATH, "needs a recent proof of the owner"),
    (inspector::verdict::LastCeremonyVerdict::PATH, "reads only"),
    (language::SetLanguage::PATH, "sets a cookie; writes nothing on the server"),
    (shop::ListProducts::PATH, "reads only"),
    (shop::GetCart::PATH, "reads only"),
    (shop::Checkout::PATH, "reads only"),
    (shop::Order::PATH, "reads only, for the order's customer"),
    (shop::MyOrders::PATH, "reads only, for the signed-in account"),
];

/// The limit of the server function at `path`, if it has one.
pub fn limit_of(path: &str) -> Option<&'static Limited> {
    LIMITED.iter().find(|limited| limited.path == path)
}
