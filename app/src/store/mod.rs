//! Storage: the [`Store`] interface that server functions use, and its implementations.
//!
//! Server functions see only `Arc<dyn Store>`. Two backends implement it with the same statements (`sql/`):
//! [`SqliteStore`], the zero-set-up default, and [`PostgresStore`], for several server processes over one
//! database. [`Store`] is [`AccountStore`] (users, passkeys, ceremonies) plus [`ShopStore`] (catalogue, carts,
//! orders).

mod postgres;
mod shop;
mod sql;
mod sqlite;

pub use postgres::PostgresStore;
pub use shop::{
    CartLine, CustomerDetails, GuestClaim, MAX_CART_QUANTITY, NewOrder, Order, OrderLine, OrderSummary, PlacedOrder,
    Product, ShopStore,
};
pub use sqlite::SqliteStore;

/// Everything the app stores.
pub trait Store: AccountStore + ShopStore {}

impl<T: AccountStore + ShopStore> Store for T {}

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;
use webauthn_rs::prelude::Passkey;

pub type StoreResult<T> = Result<T, StoreError>;

/// An expiry time as whole Unix seconds, rounded up: a ceremony never lives shorter than it was promised.
pub fn expiry_seconds(at: OffsetDateTime) -> i64 {
    at.unix_timestamp() + i64::from(at.nanosecond() > 0)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("username already taken")]
    UsernameTaken,
    #[error("credential already registered")]
    CredentialAlreadyRegistered,
    #[error("the cart is empty")]
    EmptyCart,
    #[error("no such product")]
    UnknownProduct,
    /// The order key was already used for an order that belongs to someone else.
    #[error("order key already used")]
    OrderKeyTaken,
    /// A sign-in's signature counter is not above the one stored.
    #[error("signature counter went backwards")]
    CounterRegression,
    /// The guest order to attach to a new account belongs to an account already.
    #[error("order already claimed")]
    OrderAlreadyClaimed,
    /// The account has no passkey (or no account) by that id.
    #[error("no such passkey")]
    PasskeyNotFound,
    /// The change would leave the account with no way to sign in (no passkey and no password).
    #[error("the account's last sign-in method")]
    LastSignInMethod,
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// An account. `id` is random and doubles as the WebAuthn user handle: it says nothing about the person.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub created_at: OffsetDateTime,
}

/// A registered passkey: the webauthn-rs [`Passkey`] (public key, counter, backup state) and our bookkeeping.
#[derive(Debug, Clone)]
pub struct StoredPasskey {
    pub user_id: Uuid,
    pub passkey: Passkey,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    /// The name the user gave it, if any.
    pub label: Option<String>,
    /// The authenticator's AAGUID from the registration (which provider made it), if it gave one.
    pub aaguid: Option<Uuid>,
}

/// A passkey that registration has just verified, with what the authenticator said about itself.
#[derive(Debug, Clone, Copy)]
pub struct NewPasskey<'a> {
    pub passkey: &'a Passkey,
    /// The authenticator's AAGUID; `None` when it sent all zeros.
    pub aaguid: Option<Uuid>,
}

impl<'a> From<&'a Passkey> for NewPasskey<'a> {
    /// A passkey whose authenticator did not say what it is.
    fn from(passkey: &'a Passkey) -> Self {
        Self { passkey, aaguid: None }
    }
}

/// The kinds of WebAuthn ceremony; a ceremony started as one kind can only be finished as the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeremonyKind {
    Registration,
    Authentication,
    /// A passkey assertion of the signed-in account, to confirm it's still its owner.
    Reauthentication,
}

impl CeremonyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registration => "registration",
            Self::Authentication => "authentication",
            Self::Reauthentication => "reauthentication",
        }
    }
}

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    async fn username_exists(&self, username: &str) -> StoreResult<bool>;
    async fn user(&self, id: Uuid) -> StoreResult<Option<User>>;
    /// Creates the user and their first passkey together, or neither. With a `claim`, the same transaction saves
    /// the checkout details on the account and attaches the guest order to it.
    async fn create_user_with_passkey(
        &self,
        user: &User,
        passkey: &NewPasskey<'_>,
        claim: Option<&GuestClaim>,
    ) -> StoreResult<()>;
    /// Creates a user who signs in with a password (an argon2id PHC string).
    async fn create_user_with_password(&self, user: &User, password_hash: &str) -> StoreResult<()>;
    /// Sets the account's password and, in the same transaction, ends every sign-in of the account but
    /// `keep_sign_in` (the session that changed it): whoever knew the old password is signed out everywhere.
    async fn set_password_hash(&self, user_id: Uuid, password_hash: &str, keep_sign_in: &str) -> StoreResult<()>;
    /// The id and password hash of `username`, if that account exists and has a password.
    async fn password_hash_of(&self, username: &str) -> StoreResult<Option<(Uuid, String)>>;
    async fn add_passkey(&self, user_id: Uuid, passkey: &NewPasskey<'_>, at: OffsetDateTime) -> StoreResult<()>;
    async fn passkeys_of(&self, user_id: Uuid) -> StoreResult<Vec<StoredPasskey>>;
    async fn passkey(&self, credential_id: &[u8]) -> StoreResult<Option<StoredPasskey>>;
    /// The passkey and the account it belongs to, in one query: what a sign-in needs before it verifies.
    async fn passkey_with_owner(&self, credential_id: &[u8]) -> StoreResult<Option<(StoredPasskey, User)>>;
    /// Saves the passkey as updated by a sign-in (backup state, its signature `counter`) and when it was used.
    /// The counter never goes backwards: if a higher one is stored already (a racing sign-in with a copy of the
    /// key, or a replay), nothing is saved and this fails with [`StoreError::CounterRegression`]. A counter of
    /// 0 (synced passkeys) is always accepted after 0.
    async fn record_passkey_use(&self, passkey: &Passkey, counter: u32, at: OffsetDateTime) -> StoreResult<()>;

    /// Whether the account has a password.
    async fn has_password(&self, user_id: Uuid) -> StoreResult<bool>;
    /// Gives the account's passkey `credential_id` the name `label` (`None`: no name of its own).
    /// [`StoreError::PasskeyNotFound`] if the account has no such passkey: another account's is never touched.
    async fn rename_passkey(&self, user_id: Uuid, credential_id: &[u8], label: Option<&str>) -> StoreResult<()>;
    /// Deletes the account's passkey `credential_id` and, in the same transaction, every sign-in of the account
    /// but `keep_sign_in`. Refused with [`StoreError::LastSignInMethod`] if it is the account's last passkey and
    /// the account has no password, and with [`StoreError::PasskeyNotFound`] if the account has no such passkey.
    /// Changes to one account's sign-in methods are serialised (the account row is locked first), so two racing
    /// deletions can never remove the last two passkeys of an account without a password.
    async fn delete_passkey(&self, user_id: Uuid, credential_id: &[u8], keep_sign_in: &str) -> StoreResult<()>;
    /// Removes the account's password and ends its other sign-ins; refused with [`StoreError::LastSignInMethod`]
    /// if the account has no passkey.
    async fn remove_password(&self, user_id: Uuid, keep_sign_in: &str) -> StoreResult<()>;
    async fn set_display_name(&self, user_id: Uuid, display_name: &str) -> StoreResult<()>;
    /// Ends every sign-in of the account but `keep_sign_in`; returns how many.
    async fn end_other_sign_ins(&self, user_id: Uuid, keep_sign_in: &str) -> StoreResult<u64>;
    /// Deletes the account with its passkeys, sign-ins and cart. Its orders stay, no longer linked to it.
    async fn delete_user(&self, user_id: Uuid) -> StoreResult<()>;

    /// Records that a session signed `user_id` in at `now` under the random `id`, valid until `expires_at` at the
    /// latest (the absolute lifetime).
    async fn start_sign_in(
        &self,
        id: &str,
        user_id: Uuid,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The account that sign-in `id` is for, if it has not been ended and has not expired at `now`.
    async fn signed_in_user(&self, id: &str, now: OffsetDateTime) -> StoreResult<Option<Uuid>>;
    /// Ends sign-in `id` for good: a session that still names it is signed out.
    async fn end_sign_in(&self, id: &str) -> StoreResult<()>;
    /// Deletes sign-ins that expired before `now`; returns how many.
    async fn purge_expired_sign_ins(&self, now: OffsetDateTime) -> StoreResult<u64>;

    /// Saves the server half of a started ceremony under a fresh random `id`.
    async fn put_ceremony(
        &self,
        id: &str,
        kind: CeremonyKind,
        state: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Removes and returns the state of ceremony `id` if it is of `kind` and has not expired at `now`. Atomic: when
    /// two requests race to take the same ceremony, exactly one gets it.
    async fn take_ceremony(&self, id: &str, kind: CeremonyKind, now: OffsetDateTime) -> StoreResult<Option<String>>;
    /// Deletes ceremonies that expired before `now`; returns how many.
    async fn purge_expired_ceremonies(&self, now: OffsetDateTime) -> StoreResult<u64>;

    /// Records that the pre-issued sign-in ticket `id` (valid until `expires_at`) has been used. Returns `false`
    /// if it already was: the caller must then refuse it.
    async fn redeem_sign_in_ticket(&self, id: &str, expires_at: OffsetDateTime) -> StoreResult<bool>;
    /// Forgets redeemed tickets that expired before `now` (an expired ticket is refused before it is redeemed);
    /// returns how many.
    async fn purge_expired_sign_in_tickets(&self, now: OffsetDateTime) -> StoreResult<u64>;

    /// How many of the migrations this build knows the database has not applied: 0 when it is up to date. Fails
    /// when the database does not answer.
    async fn missing_migrations(&self) -> StoreResult<usize>;
    /// The server secret `name`, generated from `generate` on first use and the same for every process after.
    async fn server_secret(&self, name: &str, generate: &(dyn Fn() -> Vec<u8> + Sync)) -> StoreResult<Vec<u8>>;
}
