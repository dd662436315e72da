//! Who is signed in: the [`Username`] and [`DisplayName`] rules, the current user, and signing out.

mod names;
mod password;
#[cfg(feature = "ssr")]
pub mod server;

pub use names::{DisplayName, Username, refuse_hidden_characters};
pub use password::{Password, safe_next, sign_in_url};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user, as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub username: String,
    pub display_name: String,
}

/// Returns the signed-in user, or `None` for a signed-out visitor.
#[server(endpoint = "current_user")]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    server::current_user().await
}

/// Signs in with a username and password. The same check serves the plain HTML form (which then gets a redirect
/// to `next`, or back to the form with an error) and a password that the browser returned to immediate mode.
/// A wrong username and a wrong password get the same answer.
#[server(endpoint = "sign_in_with_password")]
pub async fn sign_in_with_password(
    username: String,
    password: String,
    next: Option<String>,
    via: Option<crate::outcomes::SignInVia>,
) -> Result<CurrentUser, AppError> {
    let via = via.unwrap_or(crate::outcomes::SignInVia::PasswordForm);
    server::sign_in_with_password(&username, password, next.as_deref(), via).await
}

/// Creates an account that signs in with a password only, and signs it in. Works as a plain HTML form.
#[server(endpoint = "create_password_account")]
pub async fn create_password_account(
    username: String,
    display_name: String,
    password: String,
) -> Result<CurrentUser, AppError> {
    server::create_password_account(&username, &display_name, password).await
}

/// The signed-in account as its security page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub username: String,
    pub display_name: String,
    pub has_password: bool,
}

/// The signed-in account's names and whether it has a password.
#[server(endpoint = "account_settings")]
pub async fn account_settings() -> Result<AccountOverview, AppError> {
    server::account_settings().await
}

/// Sets (or replaces) the signed-in user's password and signs the account out everywhere else. Needs a recent
/// proof of the owner (a fresh sign-up is one).
#[server(endpoint = "set_password")]
pub async fn set_password(password: String) -> Result<(), AppError> {
    server::set_password(password).await
}

/// Confirms it's you with the account's current password; the account may then be changed for `REAUTH_SECONDS`.
#[server(endpoint = "reauthenticate_with_password")]
pub async fn reauthenticate_with_password(password: String) -> Result<(), AppError> {
    server::reauthenticate_with_password(password).await
}

/// Removes the signed-in account's password (it then signs in with its passkeys only) and signs it out
/// everywhere else. Needs a recent proof; refused for an account without a passkey (409).
#[server(endpoint = "remove_password")]
pub async fn remove_password() -> Result<(), AppError> {
    server::remove_password().await
}

/// Changes the name the site and passkey managers show for the account. Needs a recent proof.
#[server(endpoint = "set_display_name")]
pub async fn set_display_name(display_name: String) -> Result<CurrentUser, AppError> {
    server::set_display_name(&display_name).await
}

/// Ends every other session of the signed-in account; returns how many were signed out. Needs a recent proof.
#[server(endpoint = "sign_out_everywhere_else")]
pub async fn sign_out_everywhere_else() -> Result<u64, AppError> {
    server::sign_out_everywhere_else().await
}

/// Deletes the signed-in account, its passkeys, password and sessions, and signs this browser out. Needs a
/// recent proof. Orders placed stay on record without the account.
#[server(endpoint = "delete_account")]
pub async fn delete_account() -> Result<(), AppError> {
    server::delete_account().await
}

/// Ends the session on the server: the session row is deleted and the cookie cleared.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    server::sign_out().await
}

/// Who is signed in, as the server renders the page (pages are the server's: a sign-in or sign-out in the browser
/// loads the next page).
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

pub fn provide_auth() {
    provide_context(Auth { user: Resource::new(|| (), |()| signed_in_user()) });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// In the browser, counts the changes one island made to the account (the passkey offer made a passkey), so that
/// another island (the account page) loads what it shows again. The page's root owns it.
#[derive(Debug, Clone, Copy)]
pub struct AccountChanges(RwSignal<u32>);

/// In the browser: provides the page's counter (the bundle does, once).
pub fn provide_account_changes() {
    provide_context(AccountChanges(RwSignal::new(0)));
}

/// The page's counter (a counter of its own on the server, where nothing changes).
pub fn use_account_changes() -> RwSignal<u32> {
    use_context::<AccountChanges>().map_or_else(|| RwSignal::new(0), |AccountChanges(changes)| changes)
}
