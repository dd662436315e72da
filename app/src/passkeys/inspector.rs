//! The server's half of the ceremony inspector: what the server checked in the last passkey ceremony that it
//! accepted for this session, each check with who made it (webauthn-rs or this app) and how long it took.
//!
//! The finishing step of every ceremony (registration, sign-in, confirming it's you) notes its checks in a
//! [`Checks`] as it passes them and, once all have passed, keeps them in the session as a [`Verdict`], which
//! [`last_ceremony_verdict`] returns. Nothing secret is in it: no session id, no ticket, no key.

use crate::AppError;
use leptos::server;
use serde::{Deserialize, Serialize};

/// Who made a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckedBy {
    WebauthnRs,
    App,
}

/// One check the server made, and passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub by: CheckedBy,
    pub what: String,
    /// What the check consists of, when it is several (webauthn-rs verifies many things in one call).
    pub details: Vec<String>,
    /// How long it took, in microseconds.
    pub micros: u64,
}

/// What the server checked in the last passkey ceremony it accepted for this session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Which ceremony it was.
    pub ceremony: String,
    /// The challenge the browser signed (base64url), as its client data said: the inspector matches it against
    /// the options it recorded.
    pub challenge: String,
    pub checks: Vec<Check>,
    /// The passkey's AAGUID, as stored at registration, and the provider it stands for, if the list knows it.
    pub aaguid: Option<String>,
    pub provider: Option<String>,
    /// The whole finishing step on the server, in microseconds.
    pub total_micros: u64,
}

/// What the server checked in the last passkey ceremony it accepted for this session, if any.
#[server(endpoint = "last_ceremony_verdict")]
pub async fn last_ceremony_verdict() -> Result<Option<Verdict>, AppError> {
    crate::session::last_verdict(&crate::session::current().await?).await
}

#[cfg(feature = "ssr")]
pub(super) use recorder::Checks;

#[cfg(feature = "ssr")]
mod recorder {
    use super::{Check, CheckedBy, Verdict};
    use crate::AppError;
    use crate::session;
    use std::time::Instant;
    use tower_sessions::Session;
    use uuid::Uuid;

    /// The checks of one ceremony's finishing step, in the order they were passed.
    #[derive(Debug)]
    pub(in crate::passkeys) struct Checks {
        ceremony: &'static str,
        started: Instant,
        last: Instant,
        list: Vec<Check>,
    }

    impl Checks {
        pub(in crate::passkeys) fn new(ceremony: &'static str) -> Self {
            let now = Instant::now();
            Self { ceremony, started: now, last: now, list: Vec::new() }
        }

        /// Names the ceremony, once the server knows which one it is.
        pub(in crate::passkeys) fn call_it(&mut self, ceremony: &'static str) {
            self.ceremony = ceremony;
        }

        fn passed(&mut self, by: CheckedBy, what: String, details: &[&str]) {
            let now = Instant::now();
            let micros = u64::try_from(now.duration_since(self.last).as_micros()).unwrap_or(u64::MAX);
            self.last = now;
            let details = details.iter().map(|d| (*d).to_owned()).collect();
            self.list.push(Check { by, what, details, micros });
        }

        /// This app's check `what` has passed (since the previous one).
        pub(in crate::passkeys) fn app(&mut self, what: impl Into<String>) {
            self.passed(CheckedBy::App, what.into(), &[]);
        }

        /// A webauthn-rs call that verified each of `details` has passed.
        pub(in crate::passkeys) fn webauthn_rs(&mut self, what: impl Into<String>, details: &[&str]) {
            self.passed(CheckedBy::WebauthnRs, what.into(), details);
        }

        /// Keeps the verdict in the session, for [`super::last_ceremony_verdict`]. `client_data_json` is the
        /// browser's, verified by then; `aaguid` the passkey's.
        pub(in crate::passkeys) async fn keep(
            self,
            session: &Session,
            client_data_json: &[u8],
            aaguid: Option<Uuid>,
        ) -> Result<(), AppError> {
            let challenge = serde_json::from_slice::<serde_json::Value>(client_data_json)
                .ok()
                .and_then(|data| data["challenge"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let verdict = Verdict {
                ceremony: self.ceremony.to_owned(),
                challenge,
                total_micros: u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX),
                checks: self.list,
                aaguid: aaguid.map(|a| a.hyphenated().to_string()),
                provider: aaguid.and_then(crate::passkeys::providers::provider).map(|p| p.name.clone()),
            };
            session::set_last_verdict(session, &verdict).await
        }
    }
}
