use crate::authenticator::SoftAuthenticator;
use crate::helpers::{ORIGIN, spawn_app};
use app::error::AppError;
use app::passkeys::{AccountForPasskeyManager, PasskeySummary};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use webauthn_rs_proto::{CreationChallengeResponse, ResidentKeyRequirement, UserVerificationPolicy};

#[tokio::test]
async fn signing_up_with_a_passkey_creates_the_account_and_signs_it_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);

    browser.sign_up(&mut authenticator, "Alice").await;

    assert_eq!(browser.current_username().await.as_deref(), Some("alice"));
    let passkeys: Vec<PasskeySummary> = browser.call("list_passkeys", &[]).await.json();
    assert_eq!(passkeys.len(), 1, "the new account has its passkey");
    assert!(passkeys[0].last_used_at.is_none(), "a new passkey has not been used yet");
}

#[tokio::test]
async fn registration_asks_for_a_discoverable_passkey_with_user_verification_and_a_random_user_handle() {
    let app = spawn_app().await;
    let options: CreationChallengeResponse = app.browser().start_registration("alice").await.json();
    let selection = options.public_key.authenticator_selection.expect("authenticator selection is set");

    assert_eq!(selection.resident_key, Some(ResidentKeyRequirement::Required));
    assert!(selection.require_resident_key);
    assert_eq!(selection.user_verification, UserVerificationPolicy::Required);
    let handle: &[u8] = options.public_key.user.id.as_ref();
    assert_eq!(handle.len(), 16, "the user handle is a UUID");
    assert!(!handle.windows(5).any(|w| w == b"alice"), "the user handle does not contain the username");
    assert_eq!(options.public_key.user.name, "alice");
}

#[tokio::test]
async fn a_taken_username_is_refused_before_the_passkey_is_made() {
    let app = spawn_app().await;
    app.browser().sign_up(&mut SoftAuthenticator::new(ORIGIN), "alice").await;

    app.browser().start_registration("ALICE").await.assert_error(AppError::UsernameTaken);
}

#[tokio::test]
async fn a_username_taken_while_the_passkey_was_being_made_is_refused_at_finish() {
    let app = spawn_app().await;
    let (first, second) = (app.browser(), app.browser());
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let first_options: CreationChallengeResponse = first.start_registration("alice").await.json();
    let second_options: CreationChallengeResponse = second.start_registration("alice").await.json();

    let first_answer = first.finish_registration(&authenticator.create(&first_options)).await;
    let second_answer = second.finish_registration(&authenticator.create(&second_options)).await;

    assert_eq!(first_answer.status, 200);
    second_answer.assert_error(AppError::UsernameTaken);
    assert_eq!(second.current_username().await, None, "the loser is not signed in");
}

#[tokio::test]
async fn invalid_usernames_get_a_clear_message_and_create_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();
    for (username, says) in
        [("", "required"), ("ab", "3 to 64"), ("has space", "only letters"), ("-dash", "start with a letter")]
    {
        let answer = browser.start_registration(username).await;
        let message = answer.assert_invalid_input();
        assert!(message.contains(says), "{username:?}: {message:?} should say {says:?}");
    }
    // Nothing was started, so there is nothing to finish.
    let options: CreationChallengeResponse = app.browser().start_registration("valid").await.json();
    let credential = SoftAuthenticator::new(ORIGIN).create(&options);
    browser.finish_registration(&credential).await.assert_error(AppError::CeremonyExpired);
}

#[tokio::test]
async fn a_registration_response_for_another_origin_is_rejected() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new("http://localhost.evil.example:3000");
    let options: CreationChallengeResponse = browser.start_registration("alice").await.json();

    browser.finish_registration(&authenticator.create(&options)).await.assert_error(AppError::PasskeyRejected);
    assert_eq!(browser.current_username().await, None);
    app.browser().start_registration("alice").await.json::<CreationChallengeResponse>(); // the username is still free
}

#[tokio::test]
async fn a_registration_can_be_finished_only_once() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let options: CreationChallengeResponse = browser.start_registration("alice").await.json();
    let credential = authenticator.create(&options);

    assert_eq!(browser.finish_registration(&credential).await.status, 200);
    browser.finish_registration(&credential).await.assert_error(AppError::CeremonyExpired);
}

#[tokio::test]
async fn a_signed_in_user_can_add_a_second_passkey_and_existing_ones_are_excluded() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.sign_up(&mut authenticator, "alice").await;

    let options: CreationChallengeResponse = browser.call("start_adding_passkey", &[]).await.json();
    let excluded = options.public_key.exclude_credentials.clone().unwrap_or_default();
    assert_eq!(excluded.len(), 1, "the existing passkey is excluded");
    let answer = browser.finish_registration(&authenticator.create(&options)).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    let passkeys: Vec<PasskeySummary> = browser.call("list_passkeys", &[]).await.json();
    assert_eq!(passkeys.len(), 2);
}

#[tokio::test]
async fn adding_a_passkey_needs_a_signed_in_user() {
    let app = spawn_app().await;
    app.browser().call("start_adding_passkey", &[]).await.assert_error(AppError::Unauthorized);
    app.browser().call("list_passkeys", &[]).await.assert_error(AppError::Unauthorized);
}

#[tokio::test]
async fn a_malformed_credential_is_a_bad_request() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.start_registration("alice").await.json::<CreationChallengeResponse>();

    let answer = browser.call_json("finish_registration", serde_json::json!({ "credential": { "id": 1 } })).await;

    answer.assert_invalid_input();
}

#[tokio::test]
async fn the_passkey_manager_is_told_the_accounts_handle_names_and_every_passkey_and_only_its_owner_asks() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.call("passkey_manager_view", &[]).await.assert_error(AppError::Unauthorized);

    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let options: CreationChallengeResponse =
        browser.call("start_registration", &[("username", "ada"), ("display_name", "Ada Lovelace")]).await.json();
    let first = authenticator.create(&options);
    assert_eq!(browser.finish_registration(&first).await.status, 200);
    let more: CreationChallengeResponse = browser.call("start_adding_passkey", &[]).await.json();
    let second = SoftAuthenticator::new(ORIGIN).create(&more);
    assert_eq!(browser.finish_registration(&second).await.status, 200);
    app.browser().sign_up(&mut SoftAuthenticator::new(ORIGIN), "grace").await;

    let view: AccountForPasskeyManager = browser.call("passkey_manager_view", &[]).await.json();

    let handle: &[u8] = options.public_key.user.id.as_ref();
    assert_eq!(view.user_id, URL_SAFE_NO_PAD.encode(handle), "the user handle the passkeys were made with");
    assert_eq!(
        (view.rp_id.as_str(), view.name.as_str(), view.display_name.as_str()),
        ("localhost", "ada", "Ada Lovelace")
    );
    assert_eq!(view.credential_ids, vec![first.id, second.id], "both of ada's passkeys, and nobody else's");
}
