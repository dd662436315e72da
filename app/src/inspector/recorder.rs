//! The server's notebook for one ceremony's finishing step (ssr only): each [`Check`] as it passes, timed, then
//! the whole [`Verdict`] kept in the session once the ceremony is accepted.

use super::{Ceremony, Check, Passed, Verdict};
use crate::error::AppError;
use crate::session;
use std::time::Instant;
use tower_sessions::Session;
use uuid::Uuid;

/// The checks of one ceremony's finishing step, in the order they were passed.
#[derive(Debug)]
pub struct Checks {
    ceremony: Ceremony,
    started: Instant,
    last: Instant,
    list: Vec<Passed>,
}

/// The passkey a verdict is about: its AAGUID as stored at registration, and the provider's name, if known.
#[derive(Debug, Clone, Default)]
pub struct PasskeyMaker {
    pub aaguid: Option<Uuid>,
    pub provider: Option<String>,
}

impl Checks {
    pub fn new(ceremony: Ceremony) -> Self {
        let now = Instant::now();
        Self { ceremony, started: now, last: now, list: Vec::new() }
    }

    /// Names the ceremony, once the server knows which one it is.
    pub fn call_it(&mut self, ceremony: Ceremony) {
        self.ceremony = ceremony;
    }

    /// `check` has passed (since the previous one).
    pub fn passed(&mut self, check: Check) {
        let now = Instant::now();
        let micros = u64::try_from(now.duration_since(self.last).as_micros()).unwrap_or(u64::MAX);
        self.last = now;
        self.list.push(Passed { check, micros });
    }

    /// Keeps the verdict in the session, for [`super::last_ceremony_verdict`]. `client_data_json` is the
    /// browser's, verified by then.
    pub async fn keep(self, session: &Session, client_data_json: &[u8], maker: PasskeyMaker) -> Result<(), AppError> {
        let challenge = serde_json::from_slice::<serde_json::Value>(client_data_json)
            .ok()
            .and_then(|data| data["challenge"].as_str().map(str::to_owned))
            .unwrap_or_default();
        let verdict = Verdict {
            ceremony: self.ceremony,
            challenge,
            total_micros: u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX),
            checks: self.list,
            aaguid: maker.aaguid.map(|a| a.hyphenated().to_string()),
            provider: maker.provider,
        };
        session::set_last_verdict(session, &verdict).await
    }
}
