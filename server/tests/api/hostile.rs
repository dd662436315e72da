//! Hostile input to the ceremonies: each case is refused, and nothing in the database changes.

use crate::authenticator::Faults;
use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Browser, ORIGIN, TestApp, spawn_app};
use app::error::AppError;
use app::store::StoreError;
use webauthn_rs_proto::CreationChallengeResponse;

/// The accounts and passkeys as stored: every user, every passkey's counter and last use, every sign-in.
async fn accounts(app: &TestApp) -> Vec<(String, String)> {
    let pool = app.database().await;
    let credential_id = app.database.sql("hex(credential_id)", "upper(encode(credential_id, 'hex'))");
    sqlx::query_as(&format!(
        "SELECT id, username FROM users UNION ALL \
         SELECT {credential_id}, CAST(sign_count AS TEXT) || ' ' || COALESCE(CAST(last_used_at AS TEXT), '-') \
         FROM passkeys UNION ALL \
         SELECT 'sign-in ' || id, user_id FROM sign_ins ORDER BY 1",
    ))
    .fetch_all(&pool)
    .await
    .expect("a query")
}

#[tokio::test]
async fn a_signature_counter_that_goes_backwards_is_refused_and_the_stored_one_is_kept() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    for _ in 0..3 {
        let options = browser.start_sign_in().await;
        assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200);
    }
    browser.sign_out().await;
    let before = accounts(&app).await;

    authenticator.set_counter(1); // a copy of the key taken after its first use
    let options = browser.start_sign_in().await;
    let answer = browser.finish_sign_in(&authenticator.get(&options)).await;

    answer.assert_error(AppError::PasskeyRejected);
    assert_eq!(browser.current_username().await, None);
    assert_eq!(accounts(&app).await, before, "the counter and last use are as they were");
}

#[tokio::test]
async fn saving_a_sign_in_never_writes_the_counter_backwards_even_when_two_race() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let (store, _) = app.database.database.open().await.expect("the test database opens");
    let credential_id = authenticator.get(&app.browser().start_sign_in().await).raw_id;
    let passkey = store.passkey(&credential_id).await.expect("a query").expect("the passkey").passkey;
    let now = time::OffsetDateTime::now_utc();

    // Two sign-ins verified against the same stored counter; the one with the higher counter is saved first.
    store.record_passkey_use(&passkey, 7, now).await.expect("the newer sign-in is saved");
    let late = store.record_passkey_use(&passkey, 6, now).await;

    assert!(matches!(late, Err(StoreError::CounterRegression)), "{late:?}");
    store.record_passkey_use(&passkey, 8, now).await.expect("a higher counter is saved");
}

#[tokio::test]
async fn a_credential_id_over_1023_bytes_is_refused_at_registration_and_at_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let before = accounts(&app).await;

    let options: CreationChallengeResponse = browser.start_registration("alice").await.json();
    let mut credential = authenticator.create(&options);
    credential.raw_id = vec![7; 1024];
    let message = browser.finish_registration(&credential).await.assert_invalid_input();
    assert!(message.contains("1023 bytes"), "{message}");
    assert_eq!(accounts(&app).await, before, "no account, no passkey");

    app.browser().sign_up(&mut authenticator, "bob").await;
    let before = accounts(&app).await;
    let mut assertion = authenticator.get(&browser.start_sign_in().await);
    assertion.raw_id = vec![7; 1024];
    let message = browser.finish_sign_in(&assertion).await.assert_invalid_input();
    assert!(message.contains("1023 bytes"), "{message}");
    assert_eq!(browser.current_username().await, None);
    assert_eq!(accounts(&app).await, before, "the passkey is untouched");
}

#[tokio::test]
async fn names_with_text_direction_or_invisible_characters_are_refused_before_any_passkey_is_made() {
    let app = spawn_app().await;
    let browser = app.browser();
    let before = app.row_counts().await;

    for display_name in ["evil\u{202E}gnp.exe", "Al\u{200B}ice", "\u{2067}Bob"] {
        let answer = browser.call("start_registration", &[("username", "alice"), ("display_name", display_name)]).await;
        assert_eq!(
            answer.assert_invalid_input(),
            "Display name must not contain invisible or text-direction characters.",
            "{display_name:?}"
        );
    }

    assert_eq!(app.row_counts().await, before);
}

/// Signs up alice, then tries to sign in with an answer that `faults` spoils: refused as `expected`, nobody is
/// signed in, and no account, passkey or sign-in changed.
async fn assert_sign_in_refused(faults: Faults, expected: AppError) {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let before = accounts(&app).await;

    authenticator.faults = faults;
    let answer = browser.finish_sign_in(&authenticator.get(&browser.start_sign_in().await)).await;

    answer.assert_error(expected);
    assert_eq!(browser.current_username().await, None);
    assert_eq!(accounts(&app).await, before);
}

/// Tries to sign up with an answer that `faults` spoils: refused as `expected`, and no account exists.
async fn assert_registration_refused(faults: Faults, expected: AppError) {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    authenticator.faults = faults;
    let before = accounts(&app).await;

    let options: CreationChallengeResponse = browser.start_registration("alice").await.json();
    let answer = browser.finish_registration(&authenticator.create(&options)).await;

    answer.assert_error(expected);
    assert_eq!(browser.current_username().await, None);
    assert_eq!(accounts(&app).await, before);
}

#[tokio::test]
async fn a_sign_in_without_user_presence_is_refused_and_changes_nothing() {
    assert_sign_in_refused(Faults { no_user_presence: true, ..Faults::default() }, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_sign_in_without_user_verification_is_refused_and_changes_nothing() {
    assert_sign_in_refused(Faults { no_user_verification: true, ..Faults::default() }, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_registration_without_user_presence_is_refused_and_creates_nothing() {
    assert_registration_refused(Faults { no_user_presence: true, ..Faults::default() }, AppError::PasskeyRejected)
        .await;
}

#[tokio::test]
async fn a_registration_without_user_verification_is_refused_and_creates_nothing() {
    let faults = Faults { no_user_verification: true, ..Faults::default() };
    assert_registration_refused(faults, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_sign_in_from_a_cross_origin_frame_is_refused_and_changes_nothing() {
    assert_sign_in_refused(Faults { cross_origin: true, ..Faults::default() }, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_registration_from_a_cross_origin_frame_is_refused_and_creates_nothing() {
    assert_registration_refused(Faults { cross_origin: true, ..Faults::default() }, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_sign_in_signed_for_another_rp_id_is_refused_and_changes_nothing() {
    let faults = Faults { rp_id_hash_of: Some("evil.example".into()), ..Faults::default() };
    assert_sign_in_refused(faults, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_registration_for_another_rp_id_is_refused_and_creates_nothing() {
    let faults = Faults { rp_id_hash_of: Some("evil.example".into()), ..Faults::default() };
    assert_registration_refused(faults, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn registration_client_data_presented_at_sign_in_is_refused_and_changes_nothing() {
    let faults = Faults { client_data_type: Some("webauthn.create"), ..Faults::default() };
    assert_sign_in_refused(faults, AppError::PasskeyRejected).await;
}

#[tokio::test]
async fn a_registration_the_browser_says_is_not_discoverable_is_refused_with_a_clear_message() {
    let faults = Faults { resident_key: Some(false), ..Faults::default() };
    assert_registration_refused(faults, AppError::PasskeyNotDiscoverable).await;
    assert!(AppError::PasskeyNotDiscoverable.to_string().contains("could not save a passkey"));
}

#[tokio::test]
async fn a_registration_the_browser_says_is_discoverable_is_accepted() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    authenticator.faults = Faults { resident_key: Some(true), ..Faults::default() };

    app.browser().sign_up(&mut authenticator, "alice").await;
}

#[tokio::test]
async fn a_user_handle_that_does_not_own_the_passkey_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (mut alices, mut bobs) = (SoftAuthenticator::new(ORIGIN), SoftAuthenticator::new(ORIGIN));
    app.browser().sign_up(&mut alices, "alice").await;
    app.browser().sign_up(&mut bobs, "bob").await;
    let bob_handle = bobs.get(&app.browser().start_sign_in().await).response.user_handle;
    let browser = app.browser();
    let before = accounts(&app).await;

    let mut assertion = alices.get(&browser.start_sign_in().await);
    assertion.response.user_handle = bob_handle; // alice's signature, claiming to be bob

    browser.finish_sign_in(&assertion).await.assert_error(AppError::PasskeyRejected);
    assert_eq!(browser.current_username().await, None);
    assert_eq!(accounts(&app).await, before);
}

#[tokio::test]
async fn a_registration_response_replayed_into_a_new_ceremony_is_refused_and_creates_nothing() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let (victim, attacker): (Browser, Browser) = (app.browser(), app.browser());
    let options: CreationChallengeResponse = victim.start_registration("alice").await.json();
    let recorded = authenticator.create(&options);
    let before = accounts(&app).await;

    let _: CreationChallengeResponse = attacker.start_registration("mallory").await.json();
    let answer = attacker.finish_registration(&recorded).await;

    answer.assert_error(AppError::PasskeyRejected);
    assert_eq!(attacker.current_username().await, None);
    assert_eq!(accounts(&app).await, before);
}

#[tokio::test]
async fn a_nul_or_any_other_malformed_id_gets_a_clear_answer_and_never_reaches_the_database() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.create_password_account("nul", "a long password").await.json::<app::auth::CurrentUser>();

    for id in ["\0", "%00", "0123456789abcdef0123456789abcde\0", "", "../etc/passwd"] {
        browser.call("order", &[("id", id)]).await.assert_error(AppError::NotFound);
        let cart = browser.call("add_to_cart", &[("product_id", id)]).await;
        assert_eq!(cart.assert_invalid_input(), "There is no such product.", "add_to_cart({id:?})");
        let update = browser.call("update_cart", &[("product_id", id), ("quantity", "1")]).await;
        assert_eq!(update.assert_invalid_input(), "There is no such product.", "update_cart({id:?})");
        browser.call("rename_passkey", &[("credential_id", id), ("label", "x")]).await.assert_error(AppError::NotFound);
        browser.call("delete_passkey", &[("credential_id", id)]).await.assert_error(AppError::NotFound);
    }
    for text in ["Ada\0", "\0"] {
        browser.call("set_display_name", &[("display_name", text)]).await.assert_invalid_input();
        browser.call("reauthenticate_with_password", &[("password", text)]).await.assert_error(AppError::WrongPassword);
    }
}
