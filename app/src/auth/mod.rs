//! Who is signed in: the [`Username`] and [`DisplayName`] rules, the current user, and signing out.

mod names;
#[cfg(feature = "ssr")]
pub mod server;

pub use names::{DisplayName, Username};

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

/// Ends the session on the server: the session row is deleted and the cookie cleared.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    server::sign_out().await
}

/// The app-wide view of who is signed in. Pages that sign a user in or out call [`Auth::changed`] so the header
/// and every other reader fetch the user again.
#[derive(Clone, Copy)]
pub struct Auth {
    version: RwSignal<u32>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Auth {
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
