//! The periodic cleanup: everything that a visitor without an account can make the server write is deleted once
//! it is of no use, so that no loop of cookie-less requests grows the database without bound.
//!
//! | what | written by | deleted when |
//! |---|---|---|
//! | ceremonies | starting a sign-in or a registration | expired (`CEREMONY_TTL_SECONDS`) |
//! | sessions | anything stored in a session | idle for `session::SESSION_IDLE` (7 days) |
//! | guest carts | "Add to cart" while signed out | unchanged for as long (their session is gone) |
//! | sign-ins | signing in | expired (`session::SIGN_IN_LIFETIME`); signing out deletes at once |
//! | redeemed sign-in tickets | pre-issued sign-in | expired (an expired ticket is refused before redemption) |
//!
//! Each run is a few indexed deletes; a run that fails is logged and the next one starts from scratch, so the
//! task never stops for good. Every server process runs it: each delete stands alone and removes only rows that
//! no request can use any more, so two processes running it at the same moment delete each row once between them.

use crate::session_store::Sessions;
use app::session::SESSION_IDLE;
use app::state::AppState;
use app::store::StoreError;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Cleanup {
    state: AppState,
    sessions: Sessions,
}

/// How many rows a run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub ceremonies: u64,
    pub sign_ins: u64,
    pub sign_in_tickets: u64,
    pub guest_carts: u64,
    pub sessions: u64,
}

impl Cleanup {
    pub fn new(state: AppState, sessions: Sessions) -> Self {
        Self { state, sessions }
    }

    /// One run, at the state's clock.
    pub async fn run_once(&self) -> Result<Swept, StoreError> {
        let now = self.state.clock.now();
        let store = &self.state.store;
        let swept = Swept {
            ceremonies: store.purge_expired_ceremonies(now).await?,
            sign_ins: store.purge_expired_sign_ins(now).await?,
            sign_in_tickets: store.purge_expired_sign_in_tickets(now).await?,
            guest_carts: store.purge_idle_guest_carts(now - SESSION_IDLE).await?,
            sessions: self.sessions.delete_expired(now).await?,
        };
        self.state.limits.forget_idle();
        Ok(swept)
    }

    /// Runs every `period` until the process ends; errors are logged and the next run tries again.
    pub fn spawn(self, period: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            loop {
                ticks.tick().await;
                match self.run_once().await {
                    Ok(swept) => tracing::debug!(?swept, "cleanup done"),
                    Err(error) => tracing::warn!(%error, "cleanup failed; trying again at the next run"),
                }
            }
        })
    }
}
