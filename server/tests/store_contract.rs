//! The storage contract: what every backend of `app::store::Store` promises, checked through `&dyn Store` alone.
//! Every test runs on SQLite and then on PostgreSQL in the same run (whatever `TEST_DATABASE` says), each on a
//! fresh database, so a statement that means something else on one of them fails here, named by its backend.
//! PostgreSQL is the server at `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`).

#[allow(dead_code, unreachable_pub)]
#[path = "api/authenticator.rs"]
mod authenticator;

#[allow(dead_code, unreachable_pub)]
#[path = "support/test_database.rs"]
mod test_database;

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

// Accounts

#[tokio::test]
async fn a_password_account_is_found_by_its_id_and_its_username_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        store.create_user_with_password(&ada, "hash-of-ada").await.expect("the account is created");

        assert!(store.username_exists("ada").await.expect("a lookup"), "{backend:?}: ada exists");
        assert!(!store.username_exists("grace").await.expect("a lookup"), "{backend:?}: grace does not exist");
        let found = store.user(ada.id).await.expect("a lookup").expect("ada is found by id");
        assert_eq!(
            (found.id, found.username.as_str(), found.display_name.as_str(), found.created_at),
            (ada.id, "ada", "ada (display)", at(0)),
            "{backend:?}: the account reads back as written"
        );
        assert!(store.user(Uuid::new_v4()).await.expect("a lookup").is_none(), "{backend:?}: an unknown id");
        assert_eq!(
            store.password_hash_of("ada").await.expect("a lookup"),
            Some((ada.id, "hash-of-ada".to_owned())),
            "{backend:?}: the password hash"
        );
        assert_eq!(store.password_hash_of("grace").await.expect("a lookup"), None, "{backend:?}: no such account");
    })
    .await;
}

#[tokio::test]
async fn a_passkey_account_has_no_password_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        store
            .create_user_with_passkey(&ada, &NewPasskey::from(&new_passkey(&ada)), None)
            .await
            .expect("the account is created");
        assert!(store.username_exists("ada").await.expect("a lookup"), "{backend:?}: ada exists");
        assert_eq!(store.password_hash_of("ada").await.expect("a lookup"), None, "{backend:?}: no password");
    })
    .await;
}

#[tokio::test]
async fn a_username_is_taken_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let first = password_account(&*store, "ada").await;

        let second = account("ada");
        let taken = store.create_user_with_password(&second, "hash-of-the-second").await;
        assert!(matches!(taken, Err(StoreError::UsernameTaken)), "{backend:?}: a second ada got {taken:?}");
        assert!(store.user(second.id).await.expect("a lookup").is_none(), "{backend:?}: the second ada was written");
        assert_eq!(
            store.password_hash_of("ada").await.expect("a lookup").map(|(id, _)| id),
            Some(first.id),
            "{backend:?}: the username still belongs to the first account"
        );
    })
    .await;
}

#[tokio::test]
async fn a_sign_up_with_a_taken_username_leaves_no_passkey_behind_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        password_account(&*store, "ada").await;

        let second = account("ada");
        let passkey = new_passkey(&second);
        let taken = store.create_user_with_passkey(&second, &NewPasskey::from(&passkey), None).await;
        assert!(matches!(taken, Err(StoreError::UsernameTaken)), "{backend:?}: a second ada got {taken:?}");
        assert!(store.user(second.id).await.expect("a lookup").is_none(), "{backend:?}: the second ada was written");
        assert!(
            store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").is_none(),
            "{backend:?}: the refused sign-up left its passkey behind"
        );
        assert!(store.passkeys_of(second.id).await.expect("a lookup").is_empty(), "{backend:?}: passkeys of nobody");
    })
    .await;
}

#[tokio::test]
async fn a_credential_id_is_registered_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;

        let again = store.add_passkey(ada.id, &NewPasskey::from(&passkey), at(10)).await;
        assert!(
            matches!(again, Err(StoreError::CredentialAlreadyRegistered)),
            "{backend:?}: the same passkey added again got {again:?}"
        );

        let grace = password_account(&*store, "grace").await;
        let to_grace = store.add_passkey(grace.id, &NewPasskey::from(&passkey), at(20)).await;
        assert!(
            matches!(to_grace, Err(StoreError::CredentialAlreadyRegistered)),
            "{backend:?}: ada's passkey added to grace got {to_grace:?}"
        );

        let mallory = account("mallory");
        let sign_up = store.create_user_with_passkey(&mallory, &NewPasskey::from(&passkey), None).await;
        assert!(
            matches!(sign_up, Err(StoreError::CredentialAlreadyRegistered)),
            "{backend:?}: a sign-up with ada's passkey got {sign_up:?}"
        );
        assert!(!store.username_exists("mallory").await.expect("a lookup"), "{backend:?}: mallory was created");

        let stored = store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").expect("the passkey");
        assert_eq!(stored.user_id, ada.id, "{backend:?}: the passkey still belongs to ada");
        assert_eq!(store.passkeys_of(ada.id).await.expect("a lookup").len(), 1, "{backend:?}: ada has one passkey");
        assert!(store.passkeys_of(grace.id).await.expect("a lookup").is_empty(), "{backend:?}: grace has none");
    })
    .await;
}

#[tokio::test]
async fn an_accounts_passkeys_are_listed_in_creation_order_even_within_one_second_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        let first = new_passkey(&ada);
        store.create_user_with_passkey(&ada, &NewPasskey::from(&first), None).await.expect("ada signs up");
        // Three in the same second, then one created earlier than those three.
        let same_second: Vec<Passkey> = (0..3).map(|_| new_passkey(&ada)).collect();
        for passkey in &same_second {
            store.add_passkey(ada.id, &NewPasskey::from(passkey), at(5)).await.expect("a passkey is added");
        }
        let earlier = new_passkey(&ada);
        store.add_passkey(ada.id, &NewPasskey::from(&earlier), at(1)).await.expect("a passkey is added");
        let grace = password_account(&*store, "grace").await;

        let listed = store.passkeys_of(ada.id).await.expect("ada's passkeys");
        let ids: Vec<&[u8]> = listed.iter().map(|stored| stored.passkey.cred_id().as_slice()).collect();
        let expected: Vec<&[u8]> = [&first, &earlier, &same_second[0], &same_second[1], &same_second[2]]
            .into_iter()
            .map(|passkey| passkey.cred_id().as_slice())
            .collect();
        assert_eq!(ids, expected, "{backend:?}: ada's passkeys in creation order");
        let created: Vec<OffsetDateTime> = listed.iter().map(|stored| stored.created_at).collect();
        assert_eq!(created, [at(0), at(1), at(5), at(5), at(5)], "{backend:?}: when each was created");
        assert!(listed.iter().all(|stored| stored.user_id == ada.id), "{backend:?}: all ada's");
        assert!(listed.iter().all(|stored| stored.last_used_at.is_none()), "{backend:?}: none used yet");
        assert!(store.passkeys_of(grace.id).await.expect("a lookup").is_empty(), "{backend:?}: grace has none");
    })
    .await;
}

#[tokio::test]
async fn a_passkey_is_found_with_its_owner_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        let id = passkey.cred_id().as_slice();

        let (stored, owner) = store.passkey_with_owner(id).await.expect("a lookup").expect("the passkey is found");
        assert_eq!(stored.passkey.cred_id().as_slice(), id, "{backend:?}: the passkey found");
        assert_eq!(stored.user_id, ada.id, "{backend:?}: whose it is");
        assert_eq!(stored.created_at, at(0), "{backend:?}: created with the account");
        assert_eq!(
            (owner.id, owner.username.as_str(), owner.display_name.as_str(), owner.created_at),
            (ada.id, "ada", "ada (display)", at(0)),
            "{backend:?}: its owner"
        );
        assert!(
            store.passkey_with_owner(&[7; 32]).await.expect("a lookup").is_none(),
            "{backend:?}: an unknown credential id"
        );
        assert!(store.passkey(&[7; 32]).await.expect("a lookup").is_none(), "{backend:?}: an unknown credential id");
    })
    .await;
}

#[tokio::test]
async fn a_signature_counter_never_goes_backwards_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (_, passkey) = signed_up_with_passkey(&*store, "ada").await;

        store.record_passkey_use(&passkey, 5, at(10)).await.expect("counter 5 after 0");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(10)), "{backend:?}: the use is recorded");

        let lower = store.record_passkey_use(&passkey, 3, at(20)).await;
        assert!(matches!(lower, Err(StoreError::CounterRegression)), "{backend:?}: counter 3 after 5 got {lower:?}");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(10)), "{backend:?}: the refused use was recorded");
        // The stored counter is still 5, not 3: 4 is refused too, and so is 5 again.
        let four = store.record_passkey_use(&passkey, 4, at(30)).await;
        assert!(matches!(four, Err(StoreError::CounterRegression)), "{backend:?}: counter 4 after 5 got {four:?}");
        let same = store.record_passkey_use(&passkey, 5, at(30)).await;
        assert!(matches!(same, Err(StoreError::CounterRegression)), "{backend:?}: counter 5 after 5 got {same:?}");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(10)), "{backend:?}: a refused use was recorded");

        store.record_passkey_use(&passkey, 6, at(40)).await.expect("counter 6 after 5");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(40)), "{backend:?}: the use is recorded");
    })
    .await;
}

#[tokio::test]
async fn a_synced_passkey_may_report_zero_after_zero_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (_, passkey) = signed_up_with_passkey(&*store, "ada").await;

        store.record_passkey_use(&passkey, 0, at(10)).await.expect("counter 0 after 0");
        store.record_passkey_use(&passkey, 0, at(20)).await.expect("counter 0 after 0, again");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(20)), "{backend:?}: both uses are recorded");

        store.record_passkey_use(&passkey, 1, at(30)).await.expect("counter 1 after 0");
        let zero = store.record_passkey_use(&passkey, 0, at(40)).await;
        assert!(matches!(zero, Err(StoreError::CounterRegression)), "{backend:?}: counter 0 after 1 got {zero:?}");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(30)), "{backend:?}: the refused use was recorded");
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_ends_the_accounts_other_sign_ins_and_nobody_elses_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let grace = password_account(&*store, "grace").await;
        for id in ["ada-phone", "ada-laptop", "ada-tablet"] {
            store.start_sign_in(id, ada.id, at(0), at(3600)).await.expect("ada signs in");
        }
        store.start_sign_in("grace-laptop", grace.id, at(0), at(3600)).await.expect("grace signs in");

        store.set_password_hash(ada.id, "new-hash-of-ada", "ada-laptop").await.expect("the password changes");

        let signed_in = async |id: &str| store.signed_in_user(id, at(1)).await.expect("a lookup");
        assert_eq!(signed_in("ada-laptop").await, Some(ada.id), "{backend:?}: the kept sign-in");
        assert_eq!(signed_in("ada-phone").await, None, "{backend:?}: another sign-in of ada's survived");
        assert_eq!(signed_in("ada-tablet").await, None, "{backend:?}: another sign-in of ada's survived");
        assert_eq!(signed_in("grace-laptop").await, Some(grace.id), "{backend:?}: grace was signed out");
        assert_eq!(
            store.password_hash_of("ada").await.expect("a lookup"),
            Some((ada.id, "new-hash-of-ada".to_owned())),
            "{backend:?}: the new password"
        );
    })
    .await;
}

// Managing the account's sign-in methods

#[tokio::test]
async fn a_passkey_is_renamed_and_deleted_only_by_its_own_account_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        let (mallory, _) = signed_up_with_passkey(&*store, "mallory").await;
        let id = passkey.cred_id().as_slice();

        let renamed = store.rename_passkey(mallory.id, id, Some("mine")).await;
        assert!(matches!(renamed, Err(StoreError::PasskeyNotFound)), "{backend:?}: renamed by another: {renamed:?}");
        let deleted = store.delete_passkey(mallory.id, id, "mallory-laptop").await;
        assert!(matches!(deleted, Err(StoreError::PasskeyNotFound)), "{backend:?}: deleted by another: {deleted:?}");

        store.rename_passkey(ada.id, id, Some("Phone")).await.expect("ada renames her passkey");
        let stored = store.passkey(id).await.expect("a lookup").expect("still there");
        assert_eq!(stored.label.as_deref(), Some("Phone"), "{backend:?}: the label");
        store.rename_passkey(ada.id, id, None).await.expect("ada removes the label");
        assert_eq!(store.passkey(id).await.expect("a lookup").expect("there").label, None, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_passkey_keeps_the_aaguid_it_was_registered_with_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        let (named, nameless) = (new_passkey(&ada), new_passkey(&ada));
        let aaguid = Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").expect("a UUID");
        let with_aaguid = NewPasskey { passkey: &named, aaguid: Some(aaguid) };
        store.create_user_with_passkey(&ada, &with_aaguid, None).await.expect("ada signs up");
        store.add_passkey(ada.id, &NewPasskey::from(&nameless), at(1)).await.expect("a second passkey");

        let stored = store.passkeys_of(ada.id).await.expect("a lookup");
        let aaguids: Vec<_> = stored.iter().map(|p| p.aaguid).collect();
        assert_eq!(aaguids, [Some(aaguid), None], "{backend:?}");
        let (found, _) = store.passkey_with_owner(named.cred_id().as_slice()).await.expect("a lookup").expect("it");
        assert_eq!(found.aaguid, Some(aaguid), "{backend:?}: with its owner too");
    })
    .await;
}

#[tokio::test]
async fn an_account_always_keeps_a_way_to_sign_in_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        let id = passkey.cred_id().as_slice();

        let last = store.delete_passkey(ada.id, id, "ada-laptop").await;
        assert!(matches!(last, Err(StoreError::LastSignInMethod)), "{backend:?}: the only passkey went: {last:?}");
        assert!(!store.has_password(ada.id).await.expect("a lookup"), "{backend:?}");

        store.set_password_hash(ada.id, "hash-of-ada", "ada-laptop").await.expect("ada sets a password");
        assert!(store.has_password(ada.id).await.expect("a lookup"), "{backend:?}");
        store.delete_passkey(ada.id, id, "ada-laptop").await.expect("with a password, the passkey can go");
        assert!(store.passkeys_of(ada.id).await.expect("a lookup").is_empty(), "{backend:?}");

        let removed = store.remove_password(ada.id, "ada-laptop").await;
        assert!(matches!(removed, Err(StoreError::LastSignInMethod)), "{backend:?}: the password went: {removed:?}");
        assert!(store.has_password(ada.id).await.expect("a lookup"), "{backend:?}: the password stays");
    })
    .await;
}

#[tokio::test]
async fn racing_deletions_of_the_last_two_passkeys_leave_one_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        for round in 0..5 {
            let (ada, first) = signed_up_with_passkey(&*store, &format!("ada{round}")).await;
            let second = new_passkey(&ada);
            store.add_passkey(ada.id, &NewPasskey::from(&second), at(1)).await.expect("a second passkey");

            let (a, b) = tokio::join!(
                store.delete_passkey(ada.id, first.cred_id().as_slice(), "tab-1"),
                store.delete_passkey(ada.id, second.cred_id().as_slice(), "tab-2"),
            );

            let refused = [&a, &b].iter().filter(|r| matches!(r, Err(StoreError::LastSignInMethod))).count();
            assert_eq!(refused, 1, "{backend:?} round {round}: exactly one refused: {a:?} {b:?}");
            assert!(a.is_ok() || b.is_ok(), "{backend:?} round {round}: one deleted: {a:?} {b:?}");
            assert_eq!(store.passkeys_of(ada.id).await.expect("a lookup").len(), 1, "{backend:?} round {round}");
        }
    })
    .await;
}

#[tokio::test]
async fn removing_a_passkey_or_the_password_ends_the_accounts_other_sign_ins_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, first) = signed_up_with_passkey(&*store, "ada").await;
        store.add_passkey(ada.id, &NewPasskey::from(&new_passkey(&ada)), at(1)).await.expect("a second passkey");
        store.set_password_hash(ada.id, "hash-of-ada", "ada-laptop").await.expect("a password");
        let (grace, _) = signed_up_with_passkey(&*store, "grace").await;
        store.start_sign_in("grace-laptop", grace.id, at(0), at(3600)).await.expect("grace signs in");
        let sign_in_everywhere = async || {
            for id in ["ada-phone", "ada-laptop"] {
                store.start_sign_in(id, ada.id, at(0), at(3600)).await.expect("ada signs in");
            }
        };
        let signed_in = async |id: &str| store.signed_in_user(id, at(1)).await.expect("a lookup");

        sign_in_everywhere().await;
        store.delete_passkey(ada.id, first.cred_id().as_slice(), "ada-laptop").await.expect("deleted");
        assert_eq!(signed_in("ada-phone").await, None, "{backend:?}: the phone is signed out");
        assert_eq!(signed_in("ada-laptop").await, Some(ada.id), "{backend:?}: the laptop is not");

        store.end_sign_in("ada-laptop").await.expect("signed out");
        sign_in_everywhere().await;
        store.remove_password(ada.id, "ada-laptop").await.expect("removed");
        assert_eq!(signed_in("ada-phone").await, None, "{backend:?}: the phone is signed out");
        assert_eq!(signed_in("ada-laptop").await, Some(ada.id), "{backend:?}");
        assert!(!store.has_password(ada.id).await.expect("a lookup"), "{backend:?}");

        store.start_sign_in("ada-tablet", ada.id, at(0), at(3600)).await.expect("ada signs in");
        let ended = store.end_other_sign_ins(ada.id, "ada-laptop").await.expect("signed out elsewhere");
        assert_eq!(ended, 1, "{backend:?}: the tablet");
        assert_eq!(signed_in("grace-laptop").await, Some(grace.id), "{backend:?}: grace was never touched");
    })
    .await;
}

#[tokio::test]
async fn a_deleted_account_takes_its_passkeys_and_sign_ins_and_frees_its_name_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        store.start_sign_in("ada-laptop", ada.id, at(0), at(3600)).await.expect("ada signs in");
        store.set_display_name(ada.id, "Countess").await.expect("renamed");
        assert_eq!(store.user(ada.id).await.expect("a lookup").expect("ada").display_name, "Countess", "{backend:?}");

        store.delete_user(ada.id).await.expect("deleted");

        assert!(store.user(ada.id).await.expect("a lookup").is_none(), "{backend:?}: the account");
        assert!(store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").is_none(), "{backend:?}");
        assert_eq!(store.signed_in_user("ada-laptop", at(1)).await.expect("a lookup"), None, "{backend:?}");
        assert!(!store.username_exists("ada").await.expect("a lookup"), "{backend:?}: the name is free");
    })
    .await;
}

// Sign-ins

#[tokio::test]
async fn a_sign_in_lasts_until_it_expires_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        store.start_sign_in("s", ada.id, at(0), at(100)).await.expect("ada signs in");

        let signed_in = async |now: i64| store.signed_in_user("s", at(now)).await.expect("a lookup");
        assert_eq!(signed_in(0).await, Some(ada.id), "{backend:?}: at the start");
        assert_eq!(signed_in(99).await, Some(ada.id), "{backend:?}: a second before it expires");
        assert_eq!(signed_in(100).await, None, "{backend:?}: the moment it expires");
        assert_eq!(signed_in(101).await, None, "{backend:?}: after it expired");
        assert_eq!(
            store.signed_in_user("unknown", at(0)).await.expect("a lookup"),
            None,
            "{backend:?}: an unknown sign-in"
        );
    })
    .await;
}

#[tokio::test]
async fn an_ended_sign_in_signs_nobody_in_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        store.start_sign_in("phone", ada.id, at(0), at(100)).await.expect("ada signs in");
        store.start_sign_in("laptop", ada.id, at(0), at(100)).await.expect("ada signs in");

        store.end_sign_in("phone").await.expect("ada signs out");
        assert_eq!(store.signed_in_user("phone", at(1)).await.expect("a lookup"), None, "{backend:?}: ended");
        assert_eq!(
            store.signed_in_user("laptop", at(1)).await.expect("a lookup"),
            Some(ada.id),
            "{backend:?}: the other sign-in was ended too"
        );
        store.end_sign_in("phone").await.expect("ending it again is no error");
        store.end_sign_in("unknown").await.expect("ending an unknown sign-in is no error");
    })
    .await;
}

#[tokio::test]
async fn purging_sign_ins_deletes_the_expired_ones_and_counts_them_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        for (id, expires) in [("ten", 10), ("twenty", 20), ("thirty", 30)] {
            store.start_sign_in(id, ada.id, at(0), at(expires)).await.expect("ada signs in");
        }

        assert_eq!(store.purge_expired_sign_ins(at(20)).await.expect("a purge"), 2, "{backend:?}: expired by 20");
        assert_eq!(store.purge_expired_sign_ins(at(20)).await.expect("a purge"), 0, "{backend:?}: nothing left");
        // Gone, not just expired: not even a look back in time finds them.
        assert_eq!(store.signed_in_user("ten", at(0)).await.expect("a lookup"), None, "{backend:?}: not purged");
        assert_eq!(store.signed_in_user("twenty", at(0)).await.expect("a lookup"), None, "{backend:?}: not purged");
        assert_eq!(
            store.signed_in_user("thirty", at(20)).await.expect("a lookup"),
            Some(ada.id),
            "{backend:?}: a live sign-in was purged"
        );
    })
    .await;
}

// Ceremonies

#[tokio::test]
async fn a_ceremony_is_taken_once_and_only_as_its_own_kind_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        store.put_ceremony("c", CeremonyKind::Registration, "the state", at(300)).await.expect("a ceremony starts");

        let wrong = store.take_ceremony("c", CeremonyKind::Authentication, at(0)).await.expect("a take");
        assert_eq!(wrong, None, "{backend:?}: a registration was taken as an authentication");
        let right = store.take_ceremony("c", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(right.as_deref(), Some("the state"), "{backend:?}: the wrong kind's take consumed it");
        let again = store.take_ceremony("c", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(again, None, "{backend:?}: a ceremony was taken twice");
        let unknown = store.take_ceremony("unknown", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(unknown, None, "{backend:?}: an unknown ceremony");
    })
    .await;
}

#[tokio::test]
async fn an_expired_ceremony_is_never_taken_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        store.put_ceremony("c", CeremonyKind::Authentication, "state", at(300)).await.expect("a ceremony starts");
        let expired = store.take_ceremony("c", CeremonyKind::Authentication, at(300)).await.expect("a take");
        assert_eq!(expired, None, "{backend:?}: taken the moment it expired");
        let earlier = store.take_ceremony("c", CeremonyKind::Authentication, at(0)).await.expect("a take");
        assert_eq!(earlier, None, "{backend:?}: an expired take left the ceremony to take again");

        // An expiry within a second is rounded up: the ceremony lives to the end of that second.
        let half_past = at(10) + time::Duration::milliseconds(500);
        store.put_ceremony("d", CeremonyKind::Authentication, "state", half_past).await.expect("a ceremony starts");
        let within = store.take_ceremony("d", CeremonyKind::Authentication, at(10)).await.expect("a take");
        assert_eq!(within.as_deref(), Some("state"), "{backend:?}: a ceremony lived shorter than promised");
    })
    .await;
}

#[tokio::test]
async fn purging_ceremonies_deletes_the_expired_ones_and_counts_them_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        for (id, expires) in [("ten", 10), ("twenty", 20), ("thirty", 30)] {
            store.put_ceremony(id, CeremonyKind::Registration, id, at(expires)).await.expect("a ceremony starts");
        }

        assert_eq!(store.purge_expired_ceremonies(at(20)).await.expect("a purge"), 2, "{backend:?}: expired by 20");
        assert_eq!(store.purge_expired_ceremonies(at(20)).await.expect("a purge"), 0, "{backend:?}: nothing left");
        let purged = store.take_ceremony("ten", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(purged, None, "{backend:?}: an expired ceremony was not purged");
        let live = store.take_ceremony("thirty", CeremonyKind::Registration, at(20)).await.expect("a take");
        assert_eq!(live.as_deref(), Some("thirty"), "{backend:?}: a live ceremony was purged");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_racing_takes_of_one_ceremony_get_it_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        store.put_ceremony("c", CeremonyKind::Authentication, "the state", at(300)).await.expect("a ceremony starts");

        let takes = join_all((0..50).map(|_| store.take_ceremony("c", CeremonyKind::Authentication, at(0)))).await;
        let takes: Vec<Option<String>> =
            takes.into_iter().map(|take| take.unwrap_or_else(|e| panic!("{backend:?}: a take failed: {e}"))).collect();
        let got: Vec<&str> = takes.iter().flatten().map(String::as_str).collect();
        assert_eq!(got, ["the state"], "{backend:?}: what the 50 racing takes got");
    })
    .await;
}

// Pre-issued sign-in tickets

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_racing_redemptions_of_one_ticket_succeed_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let redemptions = join_all((0..50).map(|_| store.redeem_sign_in_ticket("ticket", at(300)))).await;
        let redeemed = redemptions
            .into_iter()
            .map(|redemption| redemption.unwrap_or_else(|e| panic!("{backend:?}: a redemption failed: {e}")))
            .filter(|&redeemed| redeemed)
            .count();
        assert_eq!(redeemed, 1, "{backend:?}: how many of 50 racing redemptions succeeded");
        let later = store.redeem_sign_in_ticket("ticket", at(300)).await.expect("a redemption");
        assert!(!later, "{backend:?}: a redeemed ticket was redeemed again later");
        let other = store.redeem_sign_in_ticket("another ticket", at(300)).await.expect("a redemption");
        assert!(other, "{backend:?}: another ticket was refused");
    })
    .await;
}

#[tokio::test]
async fn purging_redeemed_tickets_forgets_only_the_expired_ones_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        assert!(store.redeem_sign_in_ticket("ten", at(10)).await.expect("a redemption"), "{backend:?}: ten");
        assert!(store.redeem_sign_in_ticket("thirty", at(30)).await.expect("a redemption"), "{backend:?}: thirty");

        assert_eq!(store.purge_expired_sign_in_tickets(at(10)).await.expect("a purge"), 1, "{backend:?}: by 10");
        assert_eq!(store.purge_expired_sign_in_tickets(at(10)).await.expect("a purge"), 0, "{backend:?}: again");
        assert!(
            !store.redeem_sign_in_ticket("thirty", at(30)).await.expect("a redemption"),
            "{backend:?}: a live redeemed ticket was forgotten"
        );
        assert!(
            store.redeem_sign_in_ticket("ten", at(10)).await.expect("a redemption"),
            "{backend:?}: an expired redeemed ticket was not forgotten"
        );
        assert_eq!(store.purge_expired_sign_in_tickets(at(100)).await.expect("a purge"), 2, "{backend:?}: by 100");
    })
    .await;
}

// The server secret and the schema

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_first_starts_agree_on_one_server_secret_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ones, twos) = (|| vec![1; 32], || vec![2; 32]);
        let (first, second) = tokio::join!(store.server_secret("key", &ones), store.server_secret("key", &twos));
        let (first, second) = (first.expect("a secret"), second.expect("a secret"));
        assert_eq!(first, second, "{backend:?}: two racing first starts disagree");
        assert!(first == vec![1; 32] || first == vec![2; 32], "{backend:?}: a secret nobody generated: {first:?}");

        let later = store.server_secret("key", &|| vec![3; 32]).await.expect("a secret");
        assert_eq!(later, first, "{backend:?}: a later start got another secret");
        let other = store.server_secret("another key", &|| vec![4; 16]).await.expect("a secret");
        assert_eq!(other, vec![4; 16], "{backend:?}: another name's secret");
    })
    .await;
}

#[tokio::test]
async fn a_fresh_store_misses_no_migration_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        assert_eq!(store.missing_migrations().await.expect("the migrations are readable"), 0, "{backend:?}");
    })
    .await;
}

// The catalogue and carts

#[tokio::test]
async fn the_catalogue_lists_its_five_products_in_order_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let products = store.products().await.expect("the catalogue");
        let listed: Vec<(&str, i64)> = products.iter().map(|p| (p.id.as_str(), p.price_cents)).collect();
        assert_eq!(
            listed,
            [
                ("security-key", 4900),
                ("passkey-mug", 1600),
                ("phishing-net", 2200),
                ("webauthn-book", 3400),
                ("sticker-pack", 500)
            ],
            "{backend:?}: the catalogue"
        );
        let mug = store.product("passkey-mug").await.expect("a lookup").expect("the mug");
        assert_eq!(
            (mug.name.as_str(), mug.price_cents, mug.image.as_str()),
            ("Passkey mug", 1600, "/products/passkey-mug.svg"),
            "{backend:?}: the mug"
        );
        assert!(store.product("password-manager").await.expect("a lookup").is_none(), "{backend:?}: no such product");
    })
    .await;
}

#[tokio::test]
async fn a_guest_cart_holds_what_was_set_and_zero_removes_a_line_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("a guest cart");
        let other = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("another guest cart");
        assert_ne!(cart, other, "{backend:?}: two guest carts share an id");
        assert!(lines(&*store, &cart).await.is_empty(), "{backend:?}: a new cart is empty");

        fill(&*store, &cart, &[("sticker-pack", 2), ("security-key", 1)]).await;
        fill(&*store, &other, &[("passkey-mug", 4)]).await;
        assert_eq!(
            lines(&*store, &cart).await,
            owned(&[("security-key", 1), ("sticker-pack", 2)]),
            "{backend:?}: lines in catalogue order"
        );

        store.set_cart_quantity(&cart, "sticker-pack", 5, OffsetDateTime::now_utc()).await.expect("a new quantity");
        store.set_cart_quantity(&cart, "security-key", 0, OffsetDateTime::now_utc()).await.expect("a line removed");
        store
            .set_cart_quantity(&cart, "webauthn-book", 0, OffsetDateTime::now_utc())
            .await
            .expect("removing a line that is not there");
        assert_eq!(lines(&*store, &cart).await, owned(&[("sticker-pack", 5)]), "{backend:?}: after the changes");
        assert_eq!(lines(&*store, &other).await, owned(&[("passkey-mug", 4)]), "{backend:?}: the other cart");
    })
    .await;
}

#[tokio::test]
async fn an_unknown_product_never_gets_into_a_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        for quantity in [1, 0] {
            let unknown = store.set_cart_quantity(&cart, "password-manager", quantity, OffsetDateTime::now_utc()).await;
            assert!(
                matches!(unknown, Err(StoreError::UnknownProduct)),
                "{backend:?}: {quantity} of an unknown product got {unknown:?}"
            );
        }
        assert_eq!(lines(&*store, &cart).await, owned(&[("passkey-mug", 1)]), "{backend:?}: the cart changed");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accounts_cart_is_created_once_even_by_racing_first_uses_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let grace = password_account(&*store, "grace").await;

        let carts = join_all((0..10).map(|_| store.user_cart(ada.id, OffsetDateTime::now_utc()))).await;
        let carts: Vec<String> = carts
            .into_iter()
            .map(|cart| cart.unwrap_or_else(|e| panic!("{backend:?}: user_cart failed: {e}")))
            .collect();
        assert!(carts.iter().all(|cart| *cart == carts[0]), "{backend:?}: racing first uses made carts {carts:?}");
        assert_eq!(
            store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart"),
            carts[0],
            "{backend:?}: a later use"
        );
        assert_ne!(
            store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart"),
            carts[0],
            "{backend:?}: a shared cart"
        );
    })
    .await;
}

#[tokio::test]
async fn merging_a_guest_cart_adds_up_quantities_to_the_cap_and_deletes_it_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let accounts = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        fill(&*store, &accounts, &[("security-key", 7), ("passkey-mug", 1)]).await;
        let guest = guest_cart_with(&*store, &[("security-key", 5), ("passkey-mug", 4), ("sticker-pack", 2)]).await;

        store.merge_cart(&guest, ada.id, OffsetDateTime::now_utc()).await.expect("the carts merge");

        assert_eq!(
            lines(&*store, &accounts).await,
            owned(&[("security-key", MAX_CART_QUANTITY), ("passkey-mug", 5), ("sticker-pack", 2)]),
            "{backend:?}: the account's cart after the merge"
        );
        assert!(lines(&*store, &guest).await.is_empty(), "{backend:?}: the guest cart kept lines");
        let far_future = OffsetDateTime::now_utc() + time::Duration::days(1);
        assert_eq!(
            store.purge_idle_guest_carts(far_future).await.expect("a purge"),
            0,
            "{backend:?}: the merged guest cart still exists"
        );

        // Merging the account's own cart into itself changes nothing.
        store.merge_cart(&accounts, ada.id, OffsetDateTime::now_utc()).await.expect("a merge into itself");
        assert_eq!(lines(&*store, &accounts).await.len(), 3, "{backend:?}: a merge into itself changed the cart");
    })
    .await;
}

#[tokio::test]
async fn idle_guest_carts_are_purged_but_never_an_accounts_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let adas = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        fill(&*store, &adas, &[("passkey-mug", 1)]).await;
        let grace = password_account(&*store, "grace").await;
        let graces = store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart, never touched");
        let idle = guest_cart_with(&*store, &[("sticker-pack", 1)]).await;
        let busy = guest_cart_with(&*store, &[("sticker-pack", 1)]).await;

        // Carts are touched in whole seconds of the real clock: wait for the next one, then touch one guest cart.
        let cutoff =
            OffsetDateTime::from_unix_timestamp(OffsetDateTime::now_utc().unix_timestamp() + 1).expect("a valid time");
        while OffsetDateTime::now_utc() < cutoff {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        store
            .set_cart_quantity(&busy, "sticker-pack", 2, OffsetDateTime::now_utc())
            .await
            .expect("the busy cart changes");

        assert_eq!(store.purge_idle_guest_carts(cutoff).await.expect("a purge"), 1, "{backend:?}: carts purged");
        assert!(lines(&*store, &idle).await.is_empty(), "{backend:?}: the idle cart kept its lines");
        assert_eq!(lines(&*store, &busy).await, owned(&[("sticker-pack", 2)]), "{backend:?}: the busy cart");
        assert_eq!(lines(&*store, &adas).await, owned(&[("passkey-mug", 1)]), "{backend:?}: ada's cart");

        let far_future = OffsetDateTime::now_utc() + time::Duration::days(1);
        assert_eq!(store.purge_idle_guest_carts(far_future).await.expect("a purge"), 1, "{backend:?}: the busy one");
        assert_eq!(lines(&*store, &adas).await, owned(&[("passkey-mug", 1)]), "{backend:?}: ada's cart");
        assert_eq!(
            store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart"),
            adas,
            "{backend:?}: ada's cart was purged"
        );
        assert_eq!(
            store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart"),
            graces,
            "{backend:?}: grace's was purged"
        );
    })
    .await;
}

// Orders

#[tokio::test]
async fn placing_an_order_prices_it_from_the_catalogue_and_empties_the_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let cart = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        fill(&*store, &cart, &[("sticker-pack", 3), ("security-key", 2)]).await;

        let new = new_order("key", &cart, Some(ada.id), at(50));
        let placed = store.place_order(&new).await.expect("the order is placed");
        assert_eq!(placed, PlacedOrder { id: new.id.clone(), created: true }, "{backend:?}: what placing answered");

        let order = store.order(&new.id).await.expect("a lookup").expect("the order");
        let order_lines: Vec<(&str, i64, u32)> =
            order.lines.iter().map(|l| (l.name.as_str(), l.unit_price_cents, l.quantity)).collect();
        assert_eq!(
            order_lines,
            [("Hardware security key", 4900, 2), ("Sticker pack", 500, 3)],
            "{backend:?}: the order's lines"
        );
        assert_eq!(order.total_cents, 2 * 4900 + 3 * 500, "{backend:?}: the total");
        assert_eq!(
            (order.user_id, order.cart_id.as_str(), &order.details, order.created_at),
            (Some(ada.id), cart.as_str(), &details("Ada Lovelace"), at(50)),
            "{backend:?}: the order"
        );
        assert!(lines(&*store, &cart).await.is_empty(), "{backend:?}: the cart was not emptied");
        assert_eq!(
            store.customer_details(ada.id).await.expect("a lookup"),
            Some(details("Ada Lovelace")),
            "{backend:?}: the details saved on the account"
        );
        assert!(store.order("unknown").await.expect("a lookup").is_none(), "{backend:?}: an unknown order");
    })
    .await;
}

#[tokio::test]
async fn a_resubmitted_checkout_finds_its_order_though_the_cart_is_empty_now_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        let first = store.place_order(&new_order("key", &cart, None, at(50))).await.expect("the order is placed");

        let resubmitted = store.place_order(&new_order("key", &cart, None, at(51))).await;
        assert!(
            matches!(&resubmitted, Ok(PlacedOrder { id, created: false }) if *id == first.id),
            "{backend:?}: the resubmission got {resubmitted:?}, not {first:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_racing_submissions_of_one_checkout_make_one_order_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("webauthn-book", 1), ("sticker-pack", 2)]).await;
        let submissions: Vec<NewOrder> = (0..10).map(|_| new_order("key", &cart, None, at(50))).collect();

        let placed = join_all(submissions.iter().map(|order| store.place_order(order))).await;
        let placed: Vec<PlacedOrder> = placed
            .into_iter()
            .map(|placed| placed.unwrap_or_else(|e| panic!("{backend:?}: a racing submission failed: {e}")))
            .collect();
        let created: Vec<&PlacedOrder> = placed.iter().filter(|placed| placed.created).collect();
        assert_eq!(created.len(), 1, "{backend:?}: orders created by 10 racing submissions: {placed:?}");
        let winner = &created[0].id;
        assert!(placed.iter().all(|placed| placed.id == *winner), "{backend:?}: the answers disagree: {placed:?}");

        let order = store.order(winner).await.expect("a lookup").expect("the order");
        assert_eq!(order.total_cents, 3400 + 2 * 500, "{backend:?}: the order's total");
        assert_eq!(order.lines.len(), 2, "{backend:?}: the order's lines");
        for loser in submissions.iter().filter(|order| order.id != *winner) {
            assert!(store.order(&loser.id).await.expect("a lookup").is_none(), "{backend:?}: a second order");
        }
    })
    .await;
}

#[tokio::test]
async fn an_order_key_is_refused_to_another_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        store.place_order(&new_order("key", &cart, None, at(50))).await.expect("the order is placed");

        let other_cart = guest_cart_with(&*store, &[("security-key", 1)]).await;
        let other = new_order("key", &other_cart, None, at(51));
        let taken = store.place_order(&other).await;
        assert!(matches!(taken, Err(StoreError::OrderKeyTaken)), "{backend:?}: another cart's order got {taken:?}");
        assert!(store.order(&other.id).await.expect("a lookup").is_none(), "{backend:?}: the refused order exists");
        assert_eq!(
            lines(&*store, &other_cart).await,
            owned(&[("security-key", 1)]),
            "{backend:?}: the refused order emptied its cart"
        );
    })
    .await;
}

#[tokio::test]
async fn an_empty_cart_makes_no_order_and_keeps_its_key_free_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("a guest cart");
        let empty = new_order("key", &cart, None, at(50));
        let refused = store.place_order(&empty).await;
        assert!(matches!(refused, Err(StoreError::EmptyCart)), "{backend:?}: an empty cart's order got {refused:?}");
        assert!(store.order(&empty.id).await.expect("a lookup").is_none(), "{backend:?}: the empty order exists");

        fill(&*store, &cart, &[("passkey-mug", 1)]).await;
        let placed = store.place_order(&new_order("key", &cart, None, at(60))).await.expect("the order is placed");
        assert!(placed.created, "{backend:?}: the refused order used up its key");
    })
    .await;
}

#[tokio::test]
async fn an_accounts_orders_are_listed_newest_first_with_counts_and_totals_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let grace = password_account(&*store, "grace").await;
        let cart = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        let mut placed = Vec::new();
        // The last two in the same second: the one placed later is listed first.
        for (key, contents, seconds) in [
            ("first", &[("security-key", 1)][..], 0),
            ("second", &[("passkey-mug", 2), ("sticker-pack", 1)][..], 60),
            ("third", &[("webauthn-book", 1)][..], 60),
        ] {
            fill(&*store, &cart, contents).await;
            placed.push(store.place_order(&new_order(key, &cart, Some(ada.id), at(seconds))).await.expect("an order"));
        }
        let graces = store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart");
        fill(&*store, &graces, &[("phishing-net", 1)]).await;
        store.place_order(&new_order("grace's", &graces, Some(grace.id), at(30))).await.expect("grace's order");
        let guest = guest_cart_with(&*store, &[("phishing-net", 1)]).await;
        store.place_order(&new_order("guest's", &guest, None, at(30))).await.expect("a guest order");

        let listed = store.orders_of(ada.id).await.expect("ada's orders");
        let summaries: Vec<(&str, u32, i64, OffsetDateTime)> =
            listed.iter().map(|o| (o.id.as_str(), o.item_count, o.total_cents, o.created_at)).collect();
        assert_eq!(
            summaries,
            [
                (placed[2].id.as_str(), 1, 3400, at(60)),
                (placed[1].id.as_str(), 3, 2 * 1600 + 500, at(60)),
                (placed[0].id.as_str(), 1, 4900, at(0)),
            ],
            "{backend:?}: ada's orders"
        );
        assert_eq!(store.orders_of(grace.id).await.expect("grace's orders").len(), 1, "{backend:?}: grace's orders");
    })
    .await;
}

#[tokio::test]
async fn a_guest_order_is_claimed_by_the_account_created_for_it_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        let placed = store.place_order(&new_order("key", &cart, None, at(50))).await.expect("a guest order");
        assert_eq!(
            store.order(&placed.id).await.expect("a lookup").expect("the order").user_id,
            None,
            "{backend:?}: a guest order has no account"
        );

        let ada = account("ada");
        let claim = GuestClaim { order_id: placed.id.clone(), details: details("Ada King") };
        store
            .create_user_with_passkey(&ada, &NewPasskey::from(&new_passkey(&ada)), Some(&claim))
            .await
            .expect("ada signs up");

        let order = store.order(&placed.id).await.expect("a lookup").expect("the order");
        assert_eq!(order.user_id, Some(ada.id), "{backend:?}: the claimed order's account");
        let listed: Vec<String> =
            store.orders_of(ada.id).await.expect("ada's orders").into_iter().map(|o| o.id).collect();
        assert_eq!(listed, [placed.id], "{backend:?}: ada's orders");
        assert_eq!(
            store.customer_details(ada.id).await.expect("a lookup"),
            Some(details("Ada King")),
            "{backend:?}: the claim's details saved on the account"
        );
    })
    .await;
}

#[tokio::test]
async fn a_guest_order_is_claimed_once_and_a_second_claimant_gets_no_account_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        let placed = store.place_order(&new_order("key", &cart, None, at(50))).await.expect("a guest order");
        let claim = GuestClaim { order_id: placed.id.clone(), details: details("Ada King") };
        let ada = account("ada");
        store
            .create_user_with_passkey(&ada, &NewPasskey::from(&new_passkey(&ada)), Some(&claim))
            .await
            .expect("ada signs up");

        let mallory = account("mallory");
        let passkey = new_passkey(&mallory);
        let second = store.create_user_with_passkey(&mallory, &NewPasskey::from(&passkey), Some(&claim)).await;
        assert!(matches!(second, Err(StoreError::OrderAlreadyClaimed)), "{backend:?}: a second claim got {second:?}");
        assert!(store.user(mallory.id).await.expect("a lookup").is_none(), "{backend:?}: mallory was created");
        assert!(!store.username_exists("mallory").await.expect("a lookup"), "{backend:?}: mallory's username");
        assert!(
            store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").is_none(),
            "{backend:?}: mallory's passkey was stored"
        );
        assert_eq!(
            store.order(&placed.id).await.expect("a lookup").expect("the order").user_id,
            Some(ada.id),
            "{backend:?}: the order changed hands"
        );

        let nothing = GuestClaim { order_id: "unknown".to_owned(), details: details("Mallory") };
        let unknown = store.create_user_with_passkey(&mallory, &NewPasskey::from(&passkey), Some(&nothing)).await;
        assert!(
            matches!(unknown, Err(StoreError::OrderAlreadyClaimed)),
            "{backend:?}: a claim of an unknown order got {unknown:?}"
        );
        assert!(!store.username_exists("mallory").await.expect("a lookup"), "{backend:?}: mallory's username");
    })
    .await;
}
