//! The storage contract: what every backend of `app::store::Store` promises, checked through `&dyn Store` alone.
//! Every test runs on SQLite and then on PostgreSQL in the same run (whatever `TEST_DATABASE` says), each on a
//! fresh database, so a statement that means something else on one of them fails here, named by its backend.
//! PostgreSQL is the server at `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
//!
//! One file per promise: [`accounts`] (accounts, passkeys, passwords, their management), [`sign_ins`] (sign-ins,
//! ceremonies, tickets), [`shop`] (catalogue, carts, orders), [`schema`] (the server secret, the migrations); the
//! helpers they share are here.

#[allow(dead_code, unreachable_pub)]
#[path = "../api/authenticator.rs"]
mod authenticator;

#[allow(dead_code, unreachable_pub)]
#[path = "../support/test_database.rs"]
mod test_database;

mod accounts;
mod schema;
mod shop;
mod sign_ins;

use app::store::{
    CeremonyKind, CustomerDetails, GuestClaim, MAX_CART_QUANTITY, NewOrder, NewPasskey, PlacedOrder, Store, StoreError,
    User,
};
use authenticator::SoftAuthenticator;
use futures::future::join_all;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use test_database::{Backend, TestDatabase};
use time::OffsetDateTime;
use uuid::Uuid;
use webauthn_rs::WebauthnBuilder;
use webauthn_rs::prelude::{Passkey, Url};

const ORIGIN: &str = "http://localhost:3000";

/// The moment the tests' times count from: whole seconds, as the store keeps them.
const T0: i64 = 1_800_000_000;

/// Runs `test` on a fresh SQLite store, then on a fresh PostgreSQL store.
async fn on_both_backends<F, Fut>(test: F)
where
    F: Fn(Backend, Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let db = TestDatabase::on(backend).await;
        let (store, _sessions) =
            db.database.open().await.unwrap_or_else(|e| panic!("{backend:?}: opening a fresh store: {e}"));
        let _names_the_backend = NamesTheBackendOnFailure(backend);
        test(backend, store).await;
    }
}

/// Says which backend was running when a test panics, `expect` included.
struct NamesTheBackendOnFailure(Backend);

impl Drop for NamesTheBackendOnFailure {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("the store contract failed on {:?}", self.0);
        }
    }
}

/// `T0 + seconds`.
fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(T0 + seconds).expect("a valid time")
}

fn account(username: &str) -> User {
    User {
        id: Uuid::new_v4(),
        username: username.to_owned(),
        display_name: format!("{username} (display)"),
        created_at: at(0),
    }
}

/// A passkey as webauthn-rs makes it from a real registration by a software authenticator.
fn new_passkey(user: &User) -> Passkey {
    let origin = Url::parse(ORIGIN).expect("the origin is a URL");
    let webauthn = WebauthnBuilder::new("localhost", &origin).expect("a relying party").build().expect("a webauthn");
    let (options, registration) = webauthn
        .start_passkey_registration(user.id, &user.username, &user.display_name, None)
        .expect("registration options");
    let credential = SoftAuthenticator::new(ORIGIN).create(&options);
    webauthn.finish_passkey_registration(&credential, &registration).expect("the registration verifies")
}

/// A new account with a passkey, stored.
async fn signed_up_with_passkey(store: &dyn Store, username: &str) -> (User, Passkey) {
    let user = account(username);
    let passkey = new_passkey(&user);
    store.create_user_with_passkey(&user, &NewPasskey::from(&passkey), None).await.expect("the account signs up");
    (user, passkey)
}

/// When `passkey`, which must be stored, was last used.
async fn last_used(store: &dyn Store, passkey: &Passkey) -> Option<OffsetDateTime> {
    store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").expect("the passkey").last_used_at
}

fn details(full_name: &str) -> CustomerDetails {
    CustomerDetails {
        email: format!("{}@example.com", full_name.to_lowercase().replace(' ', ".")),
        full_name: full_name.to_owned(),
        address: "12 St James's Square, London".to_owned(),
    }
}

fn new_order(order_key: &str, cart_id: &str, user_id: Option<Uuid>, created_at: OffsetDateTime) -> NewOrder {
    NewOrder {
        id: Uuid::new_v4().simple().to_string(),
        order_key: order_key.to_owned(),
        user_id,
        cart_id: cart_id.to_owned(),
        details: details("Ada Lovelace"),
        created_at,
    }
}

/// (product id, quantity) of each line of the cart, in the order the store lists them.
async fn lines(store: &dyn Store, cart_id: &str) -> Vec<(String, u32)> {
    let lines = store.cart_lines(cart_id).await.expect("the cart's lines");
    lines.into_iter().map(|line| (line.product.id, line.quantity)).collect()
}

fn owned(lines: &[(&str, u32)]) -> Vec<(String, u32)> {
    lines.iter().map(|&(id, quantity)| (id.to_owned(), quantity)).collect()
}

/// A guest cart holding `lines`.
async fn guest_cart_with(store: &dyn Store, lines: &[(&str, u32)]) -> String {
    let cart = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("a guest cart");
    fill(store, &cart, lines).await;
    cart
}

async fn fill(store: &dyn Store, cart_id: &str, lines: &[(&str, u32)]) {
    for &(product, quantity) in lines {
        store
            .set_cart_quantity(cart_id, product, quantity, OffsetDateTime::now_utc())
            .await
            .expect("a line in the cart");
    }
}

async fn password_account(store: &dyn Store, username: &str) -> User {
    let user = account(username);
    store.create_user_with_password(&user, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA").await.expect("an account");
    user
}
