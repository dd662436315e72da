//! Who is signed in: the [`Username`] and [`DisplayName`] rules, the current user, and signing out.

mod names;
mod password;
#[cfg(feature = "ssr")]
pub mod server;

pub use names::{DisplayName, Username, refuse_hidden_characters};
pub use password::{Password, safe_next, sign_in_url};

use crate::AppError;
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
    let result = server::sign_in_with_password(&username, password, next.as_deref()).await;
    let via = via.unwrap_or(crate::outcomes::SignInVia::PasswordForm);
    crate::state::AppState::current()?.metrics.sign_in(via, "password", &result);
    result
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

/// Sets (or replaces) the signed-in user's password.
#[server(endpoint = "set_password")]
pub async fn set_password(password: String) -> Result<(), AppError> {
    server::set_password(password).await
}

/// Ends the session on the server: the session row is deleted and the cookie cleared.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    server::sign_out().await
}

/// The app-wide view of who is signed in. Pages that sign a user in or out call [`Auth::changed`] so the header
/// and every other reader fetch the user again.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    version: RwSignal<u32>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Auth {
    /// Tracked: changes whenever someone signs in or out, for resources that depend on who is signed in.
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

pub fn provide_auth() {
    let version = RwSignal::new(0);
    let user = Resource::new(move || version.get(), |_| signed_in_user());
    provide_context(Auth { version, user });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
