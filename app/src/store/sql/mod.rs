//! The SQL that both backends run, written once.
//!
//! SQLite and PostgreSQL hold the same tables with the same meaning (`migrations/sqlite/`,
//! `migrations/postgres/`): ids are TEXT, times are whole Unix seconds in 64-bit integers, passkeys are
//! webauthn-rs JSON, so every statement here means the same on both. sqlx types each query by its database, so the
//! implementations are generated per backend by [`sql_store!`]; a backend module supplies only what truly differs:
//!
//! - how it connects and tunes its pool,
//! - `unique_violation`, which maps a unique-key violation to the [`StoreError`](super::StoreError) that names it
//!   (by constraint name on PostgreSQL; SQLite reports only the violated columns),
//! - the column that orders rows inserted in the same second (`rowid` on SQLite, an identity `seq` on PostgreSQL).
//!
//! Everything else is portable SQL: `$n` parameters, `ON CONFLICT`, `DELETE … RETURNING`, `CASE` rather than the
//! two-argument `MIN` / `LEAST`, `CAST(… AS BIGINT)`.

mod accounts;
mod shop;

pub(super) use accounts::account_store;
pub(super) use shop::shop_store;

use super::{StoreError, StoreResult};
use time::OffsetDateTime;
use uuid::Uuid;
use webauthn_rs::prelude::Passkey;

pub(super) fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

pub(super) fn from_unix(seconds: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn parse_uuid(text: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn passkey_json(passkey: &Passkey) -> StoreResult<String> {
    serde_json::to_string(passkey).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn passkey_from_json(json: &str) -> StoreResult<Passkey> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn count(value: i64) -> StoreResult<u32> {
    u32::try_from(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// [`AccountStore`](super::AccountStore) and [`ShopStore`](super::ShopStore) for `$store` (a struct with a
/// `pool: sqlx::Pool<$db>` field), in a module `sql_store` inside the module that calls it. That module defines
/// `fn unique_violation(sqlx::Error) -> StoreError` and `static MIGRATOR: Migrator`.
macro_rules! sql_store {
    (store: $store:ty, database: $db:ty, insertion_order: $seq:literal $(,)?) => {
        /// The generated implementations; the backend's module supplies `unique_violation` and `MIGRATOR`.
        mod sql_store {
            use super::*;
            use sqlx::Row as _;
            use time::OffsetDateTime;
            use uuid::Uuid;
            use webauthn_rs::prelude::Passkey;
            use $crate::store::sql::{count, from_unix, parse_uuid, passkey_from_json, passkey_json, unix};
            use $crate::store::{
                AccountStore, CartLine, CeremonyKind, CustomerDetails, GuestClaim, MAX_CART_QUANTITY, NewOrder,
                NewPasskey, Order, OrderLine, OrderSummary, PlacedOrder, Product, ShopStore, StoreError, StoreResult,
                StoredPasskey, User, expiry_seconds,
            };

            $crate::store::sql::account_store!($store, $db, $seq);
            $crate::store::sql::shop_store!($store, $db, $seq);
        }
    };
}
pub(super) use sql_store;
