//! Who is told about each browser call, and what the browser answered: nobody until a [`Watcher`] is registered
//! (the ceremony inspector registers one once the page has hydrated). The calls are the same either way.

use super::CeremonyError;
use std::cell::Cell;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

/// Which browser call a ceremony made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RequestKind {
    /// `navigator.credentials.create()`.
    Create,
    /// `get()` with the browser's dialog.
    Modal,
    /// `get({ uiMode: 'immediate' })`.
    Immediate,
    /// `get({ mediation: 'conditional' })`: autofill.
    Conditional,
}

/// The server's options a call was made with.
#[derive(Debug, Clone, Copy)]
pub enum Options<'a> {
    Create(&'a CreationChallengeResponse),
    Get(&'a RequestChallengeResponse),
}

/// A browser call, about to be made.
#[derive(Debug)]
pub struct Call<'a> {
    pub kind: RequestKind,
    pub options: Options<'a>,
    /// The members the call sets besides the server's options (`mediation`, `uiMode`, `password`).
    pub added: &'a [(&'static str, &'static str)],
    /// The options object exactly as passed to the browser, as indented JSON (binary members base64url).
    pub json: String,
}

/// What the browser answered.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Answer {
    Registration(Box<RegisterPublicKeyCredential>),
    Assertion(Box<PublicKeyCredential>),
    /// Immediate mode returned a password the browser had saved (the password itself is not passed on).
    Password {
        username: String,
    },
    /// The browser answered with an error.
    Refused(CeremonyError),
}

/// What to call before each browser call and after its answer.
#[derive(Debug, Clone, Copy)]
pub struct Watcher {
    pub called: fn(Call<'_>),
    pub answered: fn(RequestKind, Answer),
}

thread_local! {
    static WATCHER: Cell<Option<Watcher>> = const { Cell::new(None) };
}

/// Registers `watcher` for every later call (replacing an earlier one).
pub fn watch(watcher: Watcher) {
    WATCHER.set(Some(watcher));
}

/// The registered watcher, if any: the browser's bodies tell it about each call.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) fn watcher() -> Option<Watcher> {
    WATCHER.get()
}
