//! The browser's WebAuthn API (`navigator.credentials`): the only module that calls it.
//!
//! Its types are declared here, once. Its functions have two bodies with the same signatures: the browser's
//! (`browser.rs`, compiled for `hydrate`) and a stand-in for the server (`unavailable.rs`) that fails with
//! [`CeremonyError::Unsupported`]. Components compile for both, but only the browser ever runs an event handler.
//! Whoever wants to see each call and its answer (the ceremony inspector) registers a [`Watcher`].

mod error;
#[cfg_attr(feature = "hydrate", path = "browser.rs")]
#[cfg_attr(not(feature = "hydrate"), path = "unavailable.rs")]
mod imp;
mod watch;

pub use error::CeremonyError;
pub use imp::{
    cancel_conditional, create, get, get_conditional, get_immediate, immediate_get_available,
    signal_all_accepted_credentials, signal_current_user_details, signal_unknown_credential,
};
pub use watch::{Answer, Call, Options, RequestKind, Watcher, watch};
use webauthn_rs_proto::PublicKeyCredential;

/// What immediate mode can return: a passkey, or a password the browser had saved for this site.
pub enum ImmediateCredential {
    Passkey(PublicKeyCredential),
    Password { username: String, password: String },
}

impl std::fmt::Debug for ImmediateCredential {
    /// Never shows the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Passkey(credential) => f.debug_tuple("Passkey").field(&credential.id).finish(),
            Self::Password { username, .. } => f.debug_struct("Password").field("username", username).finish(),
        }
    }
}

/// One autofill request started by [`get_conditional`]. The view that started it aborts it when it goes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionalRequest(u64);

impl ConditionalRequest {
    /// Aborts this request if it is still pending: its answer becomes [`CeremonyError::Aborted`]. A newer request
    /// (another view's) is left alone.
    pub fn abort(self) {
        imp::abort_conditional(self.0);
    }
}
