//! Abuse limits: how often one client address may start what costs the server, how often one account's password
//! may be tried, and how many password hashes run at once. GCRA limiters from `governor`; each keyed limiter
//! forgets a key once it is back to full, when [`Limits::forget_idle`] runs (the periodic cleanup calls it).
//!
//! | limit | key | default | refused with |
//! |---|---|---|---|
//! | password attempts (sign-in, sign-up, change) | client address | 10 a minute | 429 `TooManyAttempts` |
//! | password attempts for one account | username | 5 a minute | 429 `TooManyAttempts` |
//! | ceremony starts and cart changes | client address | 60 a minute | 429 `TooManyAttempts` |
//! | password hashes at once (argon2id, 19 MiB each) | the server | 4 | 503 `Busy`, after waiting 5 s |
//!
//! The client address is the peer, or, when the peer is a trusted proxy, the address that proxy forwarded
//! (the server's `client_address` module).

use crate::error::AppError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The settings of [`Limits`].
#[derive(Debug, Clone)]
pub struct LimitSettings {
    pub password_attempts_per_address: NonZeroU32,
    pub password_attempts_per_account: NonZeroU32,
    pub starts_per_address: NonZeroU32,
    pub concurrent_hashes: usize,
    /// How long a password check waits for a free hashing slot before answering 503.
    pub hashing_wait: Duration,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            password_attempts_per_address: NonZeroU32::new(10).unwrap_or(NonZeroU32::MIN),
            password_attempts_per_account: NonZeroU32::new(5).unwrap_or(NonZeroU32::MIN),
            starts_per_address: NonZeroU32::new(60).unwrap_or(NonZeroU32::MIN),
            concurrent_hashes: 4,
            hashing_wait: Duration::from_secs(5),
        }
    }
}

/// What a request is about to spend, for the per-address limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spend {
    /// Checking or setting a password.
    PasswordAttempt,
    /// Starting a WebAuthn ceremony or changing a cart: a database write for anyone, signed in or not.
    Start,
}

pub struct Limits {
    passwords_by_address: DefaultKeyedRateLimiter<IpAddr>,
    passwords_by_account: DefaultKeyedRateLimiter<String>,
    starts_by_address: DefaultKeyedRateLimiter<IpAddr>,
    hashing: Arc<Semaphore>,
    hashing_wait: Duration,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits").field("hashing_wait", &self.hashing_wait).finish_non_exhaustive()
    }
}

impl Limits {
    pub fn new(settings: &LimitSettings) -> Self {
        Self {
            passwords_by_address: RateLimiter::keyed(Quota::per_minute(settings.password_attempts_per_address)),
            passwords_by_account: RateLimiter::keyed(Quota::per_minute(settings.password_attempts_per_account)),
            starts_by_address: RateLimiter::keyed(Quota::per_minute(settings.starts_per_address)),
            hashing: Arc::new(Semaphore::new(settings.concurrent_hashes.max(1))),
            hashing_wait: settings.hashing_wait,
        }
    }

    /// Counts one request from `address`; fails with [`AppError::TooManyAttempts`] when it is over its limit.
    pub fn check_address(&self, spend: Spend, address: IpAddr) -> Result<(), AppError> {
        let limiter = match spend {
            Spend::PasswordAttempt => &self.passwords_by_address,
            Spend::Start => &self.starts_by_address,
        };
        limiter.check_key(&address).map_err(|_| AppError::TooManyAttempts)
    }

    /// Counts one password attempt for the account `username` (already normalised), whoever makes it.
    pub fn check_account(&self, username: &str) -> Result<(), AppError> {
        self.passwords_by_account.check_key(&username.to_owned()).map_err(|_| AppError::TooManyAttempts)
    }

    /// A slot to hash a password in; waits for one at most `hashing_wait`, then fails with [`AppError::Busy`].
    /// Move the slot into the hashing task: it stays taken until the hash is done, even if the request is
    /// dropped meanwhile.
    pub async fn hashing_slot(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(self.hashing_wait, Arc::clone(&self.hashing).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(closed)) => Err(AppError::unexpected("waiting for a hashing slot", closed)),
            Err(_) => {
                tracing::warn!("every password hashing slot stayed busy: request refused");
                Err(AppError::Busy)
            }
        }
    }

    /// Forgets the keys whose limit is full again, so that the limiters hold only recent clients.
    pub fn forget_idle(&self) {
        for limiter in [&self.passwords_by_address, &self.starts_by_address] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        self.passwords_by_account.retain_recent();
        self.passwords_by_account.shrink_to_fit();
    }
}
