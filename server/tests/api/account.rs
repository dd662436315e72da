//! The account security page's server functions: every change needs a recent proof of the owner, touches only
//! the owner's own passkeys, never locks the owner out, and ends the account's other sessions where it should.

use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Answer, Browser, ORIGIN, TestApp, spawn_app};
use app::auth::{AccountOverview, CurrentUser};
use app::error::AppError;
use app::passkeys::{AccountForPasskeyManager, PasskeySummary};
use std::time::Duration;
use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

/// Longer than `REAUTH_SECONDS` (300 in the test settings): every proof given before is too old after it.
const PAST_THE_PROOF: Duration = Duration::from_secs(301);

impl Browser {
    async fn passkeys(&self) -> Vec<PasskeySummary> {
        self.call("list_passkeys", &[]).await.json()
    }

    async fn account(&self) -> AccountOverview {
        self.call("account_settings", &[]).await.json()
    }

    async fn rename_passkey(&self, credential_id: &str, label: &str) -> Answer {
        self.call("rename_passkey", &[("credential_id", credential_id), ("label", label)]).await
    }

    async fn delete_passkey(&self, credential_id: &str) -> Answer {
        self.call("delete_passkey", &[("credential_id", credential_id)]).await
    }

    /// Adds a passkey made on `authenticator`; asserts success.
    async fn add_passkey(&self, authenticator: &mut SoftAuthenticator) {
        let options: CreationChallengeResponse = self.call("start_adding_passkey", &[]).await.json();
        let answer = self.finish_registration(&authenticator.create(&options)).await;
        assert_eq!(answer.status, 200, "adding a passkey failed: {}", answer.body);
    }

    /// Confirms it's you with the first passkey `authenticator` holds for the site.
    async fn confirm_with_passkey(&self, authenticator: &mut SoftAuthenticator) -> Answer {
        let options: RequestChallengeResponse = self.call("start_reauthentication", &[]).await.json();
        let credential = authenticator.get(&options);
        self.call_json("finish_reauthentication", serde_json::json!({ "credential": credential })).await
    }

    async fn confirm_with_password(&self, password: &str) -> Answer {
        self.call("reauthenticate_with_password", &[("password", password)]).await
    }
}

/// A signed-in passkey account (`username`) on its own browser and authenticator.
async fn passkey_account(app: &TestApp, username: &str) -> (Browser, SoftAuthenticator) {
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.sign_up(&mut authenticator, username).await;
    (browser, authenticator)
}

/// A second browser signed in to the same passkey account: the account's "other session".
async fn second_session(app: &TestApp, authenticator: &mut SoftAuthenticator) -> Browser {
    let other = app.browser();
    let options = other.start_sign_in().await;
    let answer = other.finish_sign_in(&authenticator.get(&options)).await;
    assert_eq!(answer.status, 200, "the second sign-in failed: {}", answer.body);
    other
}

#[tokio::test]
async fn another_accounts_passkey_can_be_neither_renamed_nor_deleted() {
    let app = spawn_app().await;
    let (alice, _) = passkey_account(&app, "alice").await;
    let (mallory, mut mallorys_key) = passkey_account(&app, "mallory").await;
    mallory.add_passkey(&mut mallorys_key).await;
    let alices = alice.passkeys().await;

    mallory.rename_passkey(&alices[0].credential_id, "owned").await.assert_error(AppError::NotFound);
    mallory.delete_passkey(&alices[0].credential_id).await.assert_error(AppError::NotFound);
    mallory.delete_passkey("not base64 at all!").await.assert_error(AppError::NotFound);

    assert_eq!(alice.passkeys().await, alices, "alice's passkey is unchanged");
    assert_eq!(alice.current_username().await.as_deref(), Some("alice"), "and alice is still signed in");
}

#[tokio::test]
async fn every_change_without_a_recent_proof_is_refused_with_reauth_required_and_changes_nothing() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "bob").await;
    browser.add_passkey(&mut authenticator).await;
    browser.call("set_password", &[("password", "bob's first password")]).await.json::<()>();
    let other = second_session(&app, &mut authenticator).await;
    let before = browser.passkeys().await;
    let id = before[0].credential_id.as_str();

    app.clock.advance(PAST_THE_PROOF);
    let refused = [
        browser.call("start_adding_passkey", &[]).await,
        browser.rename_passkey(id, "Work laptop").await,
        browser.delete_passkey(id).await,
        browser.call("set_password", &[("password", "mallory's password")]).await,
        browser.call("remove_password", &[]).await,
        browser.call("set_display_name", &[("display_name", "Mallory")]).await,
        browser.call("sign_out_everywhere_else", &[]).await,
        browser.call("delete_account", &[]).await,
    ];

    for answer in &refused {
        answer.assert_error(AppError::ReauthRequired);
    }
    assert_eq!(browser.passkeys().await, before, "passkeys unchanged");
    assert_eq!(browser.account().await.display_name, "bob", "display name unchanged");
    assert_eq!(other.current_username().await.as_deref(), Some("bob"), "the other session is still signed in");
    browser.sign_out().await;
    browser.sign_in_with_password("bob", "bob's first password").await.json::<CurrentUser>();
}

#[tokio::test]
async fn a_change_without_any_sign_in_is_unauthorized() {
    let app = spawn_app().await;
    let stranger = app.browser();
    stranger.call("delete_account", &[]).await.assert_error(AppError::Unauthorized);
    stranger.call("start_reauthentication", &[]).await.assert_error(AppError::Unauthorized);
    stranger.confirm_with_password("anything at all").await.assert_error(AppError::Unauthorized);
}

#[tokio::test]
async fn confirming_with_one_of_the_accounts_passkeys_allows_changes_again() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "carol").await;
    app.clock.advance(PAST_THE_PROOF);
    let id = browser.passkeys().await[0].credential_id.clone();
    browser.rename_passkey(&id, "Phone").await.assert_error(AppError::ReauthRequired);

    let confirmed = browser.confirm_with_passkey(&mut authenticator).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);

    assert_eq!(browser.rename_passkey(&id, "  Phone  ").await.status, 200);
    let passkeys = browser.passkeys().await;
    assert_eq!((passkeys[0].name.as_str(), passkeys[0].label.as_deref()), ("Phone", Some("Phone")));
    assert!(passkeys[0].last_used_at.is_some(), "confirming counts as a use of the passkey");
    assert_eq!(browser.rename_passkey(&id, "").await.status, 200, "an empty name removes the label");
    assert_eq!(browser.passkeys().await[0].name, "Passkey");
}

#[tokio::test]
async fn confirming_asks_only_for_the_accounts_own_passkeys_and_refuses_anyone_elses() {
    let app = spawn_app().await;
    let (browser, _) = passkey_account(&app, "dave").await;
    let (_, mut mallorys_key) = passkey_account(&app, "mallory").await;
    let daves = browser.passkeys().await;

    let options: RequestChallengeResponse = browser.call("start_reauthentication", &[]).await.json();
    let allowed = &options.public_key.allow_credentials;
    assert_eq!(allowed.len(), 1, "exactly dave's one passkey is allowed");
    assert_eq!(options.public_key.user_verification, webauthn_rs_proto::UserVerificationPolicy::Required);

    app.clock.advance(PAST_THE_PROOF);
    let answer = browser.confirm_with_passkey(&mut mallorys_key).await;
    answer.assert_error(AppError::PasskeyRejected);
    browser.delete_passkey(&daves[0].credential_id).await.assert_error(AppError::ReauthRequired);
}

#[tokio::test]
async fn confirming_with_the_password_works_only_with_the_right_one() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.create_password_account("erin", "erin's password").await.json::<CurrentUser>();
    app.clock.advance(PAST_THE_PROOF);

    browser.confirm_with_password("not erin's password").await.assert_error(AppError::WrongPassword);
    browser.call("set_display_name", &[("display_name", "Erin")]).await.assert_error(AppError::ReauthRequired);

    assert_eq!(browser.confirm_with_password("erin's password").await.status, 200);
    let renamed: CurrentUser = browser.call("set_display_name", &[("display_name", " Erin E. ")]).await.json();
    assert_eq!(renamed.display_name, "Erin E.");
    assert_eq!(browser.account().await.display_name, "Erin E.");
}

#[tokio::test]
async fn a_proof_is_good_for_five_minutes_and_no_longer() {
    let app = spawn_app().await;
    let (browser, _) = passkey_account(&app, "frank").await;
    app.clock.advance(Duration::from_secs(299));
    assert_eq!(browser.call("set_display_name", &[("display_name", "Frank")]).await.status, 200);
    app.clock.advance(Duration::from_secs(2));
    browser.call("set_display_name", &[("display_name", "F.")]).await.assert_error(AppError::ReauthRequired);
}

#[tokio::test]
async fn the_last_passkey_of_an_account_without_a_password_cannot_be_deleted() {
    let app = spawn_app().await;
    let (browser, _) = passkey_account(&app, "grace").await;
    let only = browser.passkeys().await[0].credential_id.clone();

    browser.delete_passkey(&only).await.assert_error(AppError::OnlyPasskey);

    assert_eq!(browser.passkeys().await.len(), 1);
    browser.call("set_password", &[("password", "grace's password")]).await.json::<()>();
    assert_eq!(browser.delete_passkey(&only).await.status, 200, "with a password, the last passkey can go");
    assert!(browser.passkeys().await.is_empty());
    browser.call("remove_password", &[]).await.assert_error(AppError::OnlyPassword);
    assert!(browser.account().await.has_password, "the password stays: it is the only way in");
}

#[tokio::test]
async fn two_racing_deletions_never_remove_both_of_the_last_two_passkeys() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "heidi").await;
    browser.add_passkey(&mut authenticator).await;
    let ids: Vec<String> = browser.passkeys().await.into_iter().map(|p| p.credential_id).collect();

    let (first, second) = tokio::join!(browser.delete_passkey(&ids[0]), browser.delete_passkey(&ids[1]));

    let mut statuses = [first.status, second.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "one deletion wins, the other is refused: {first:?} {second:?}");
    assert_eq!(browser.passkeys().await.len(), 1, "the account keeps a way in");
}

#[tokio::test]
async fn deleting_a_passkey_signs_the_account_out_everywhere_else() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "ivan").await;
    browser.add_passkey(&mut authenticator).await;
    let other = second_session(&app, &mut authenticator).await;
    let lost = browser.passkeys().await[0].credential_id.clone();

    assert_eq!(browser.delete_passkey(&lost).await.status, 200);

    assert_eq!(other.current_username().await, None, "the other session is signed out");
    assert_eq!(browser.current_username().await.as_deref(), Some("ivan"), "this one is not");
    let remaining = browser.passkeys().await;
    assert_eq!(remaining.len(), 1);
    assert_ne!(remaining[0].credential_id, lost);
    let view: AccountForPasskeyManager = browser.call("passkey_manager_view", &[]).await.json();
    assert_eq!(view.credential_ids, vec![remaining[0].credential_id.clone()], "the manager is told the one left");
}

#[tokio::test]
async fn removing_or_changing_the_password_signs_the_account_out_everywhere_else() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "judy").await;
    browser.call("set_password", &[("password", "judy's password")]).await.json::<()>();
    let other = second_session(&app, &mut authenticator).await;

    assert_eq!(browser.call("remove_password", &[]).await.status, 200);

    assert_eq!(other.current_username().await, None);
    assert!(!browser.account().await.has_password);
    app.browser().sign_in_with_password("judy", "judy's password").await.assert_error(AppError::WrongCredentials);
}

#[tokio::test]
async fn signing_out_everywhere_else_keeps_only_this_session() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "ken").await;
    let others = [second_session(&app, &mut authenticator).await, second_session(&app, &mut authenticator).await];

    let ended: u64 = browser.call("sign_out_everywhere_else", &[]).await.json();

    assert_eq!(ended, 2);
    for other in &others {
        assert_eq!(other.current_username().await, None);
    }
    assert_eq!(browser.current_username().await.as_deref(), Some("ken"));
}

#[tokio::test]
async fn a_deleted_account_is_gone_its_passkey_unknown_and_its_name_free() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "leo").await;
    let other = second_session(&app, &mut authenticator).await;

    assert_eq!(browser.call("delete_account", &[]).await.status, 200);

    assert_eq!(browser.current_username().await, None, "this browser is signed out");
    assert_eq!(other.current_username().await, None, "and every other");
    let options = browser.start_sign_in().await;
    browser.finish_sign_in(&authenticator.get(&options)).await.assert_error(AppError::UnknownPasskey);
    let counts = app.row_counts().await;
    for table in ["users", "passkeys", "sign_ins"] {
        let rows = counts.iter().find(|(name, _)| name == table).map(|(_, n)| *n);
        assert_eq!(rows, Some(0), "{table} is empty: {counts:?}");
    }
    app.browser().sign_up(&mut SoftAuthenticator::new(ORIGIN), "leo").await;
}

#[tokio::test]
async fn a_passkey_name_with_hidden_characters_or_too_long_is_refused() {
    let app = spawn_app().await;
    let (browser, _) = passkey_account(&app, "mia").await;
    let id = browser.passkeys().await[0].credential_id.clone();

    assert!(browser.rename_passkey(&id, "Work\u{202E}pot").await.assert_invalid_input().contains("Passkey name"));
    assert!(browser.rename_passkey(&id, &"x".repeat(65)).await.assert_invalid_input().contains("64"));
    assert_eq!(browser.passkeys().await[0].label, None);
}

#[tokio::test]
async fn a_password_sign_in_is_offered_a_passkey_until_one_is_made_or_declined() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.create_password_account("nina", "nina's password").await.json::<CurrentUser>();
    let offered = async |browser: &Browser| browser.call("passkey_offer", &[]).await.json::<bool>();
    assert!(!offered(&browser).await, "not for a new account");
    browser.sign_out().await;

    browser.sign_in_with_password("nina", "nina's password").await.json::<CurrentUser>();
    assert!(offered(&browser).await, "offered right after the password sign-in");
    browser.add_passkey(&mut SoftAuthenticator::new(ORIGIN)).await;
    assert!(!offered(&browser).await, "not once a passkey is made");

    browser.sign_out().await;
    browser.sign_in_with_password("nina", "nina's password").await.json::<CurrentUser>();
    assert_eq!(browser.call("dismiss_passkey_offer", &[]).await.status, 200);
    assert!(!offered(&browser).await, "not after \"Not now\"");
}

#[tokio::test]
async fn the_passkey_offer_lasts_only_as_long_as_the_password_sign_in_proves_the_owner() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.create_password_account("olga", "olga's password").await.json::<CurrentUser>();
    browser.sign_out().await;
    browser.sign_in_with_password("olga", "olga's password").await.json::<CurrentUser>();

    app.clock.advance(PAST_THE_PROOF);

    assert!(!browser.call("passkey_offer", &[]).await.json::<bool>());
}

#[tokio::test]
async fn a_passkey_sign_in_ends_the_offer_of_a_passkey() {
    let app = spawn_app().await;
    let (browser, mut authenticator) = passkey_account(&app, "pia").await;
    browser.call("set_password", &[("password", "pia's password")]).await.json::<()>();
    browser.sign_out().await;
    browser.sign_in_with_password("pia", "pia's password").await.json::<CurrentUser>();
    assert!(browser.call("passkey_offer", &[]).await.json::<bool>());

    // The same browser signs in again, with the passkey this time.
    let options = browser.start_sign_in().await;
    browser.finish_sign_in(&authenticator.get(&options)).await.json::<CurrentUser>();

    assert!(!browser.call("passkey_offer", &[]).await.json::<bool>());
}

#[tokio::test]
async fn a_passkey_shows_its_providers_name_and_icon_and_an_unknown_one_shows_passkey() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut google = SoftAuthenticator::new(ORIGIN);
    google.faults.aaguid = *uuid::Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").expect("a UUID").as_bytes();
    browser.sign_up(&mut google, "quinn").await;
    let mut unknown = SoftAuthenticator::new(ORIGIN);
    unknown.faults.aaguid = [7; 16];
    browser.add_passkey(&mut unknown).await;
    browser.add_passkey(&mut SoftAuthenticator::new(ORIGIN)).await;

    let passkeys = browser.passkeys().await;

    assert_eq!(passkeys[0].name, "Google Password Manager");
    assert_eq!(passkeys[0].provider.as_deref(), Some("Google Password Manager"));
    let icon = passkeys[0].icon_light.as_deref().expect("an icon");
    assert!(icon.starts_with("/provider-icons/") && passkeys[0].icon_dark.is_some(), "{icon}");
    for nameless in &passkeys[1..] {
        assert_eq!((nameless.name.as_str(), nameless.provider.as_deref()), ("Passkey", None));
        assert_eq!(nameless.icon_light, None);
    }
    let id = passkeys[0].credential_id.clone();
    assert_eq!(browser.rename_passkey(&id, "My phone").await.status, 200);
    let renamed = &browser.passkeys().await[0];
    assert_eq!((renamed.name.as_str(), renamed.provider.as_deref()), ("My phone", Some("Google Password Manager")));
}

#[tokio::test]
async fn guessing_the_current_password_to_confirm_its_you_is_limited_like_signing_in() {
    let app = crate::helpers::spawn_app_with_settings(|settings| {
        settings.limits.password_attempts_per_account = std::num::NonZeroU32::new(3).expect("non-zero");
    })
    .await;
    let browser = app.browser();
    browser.create_password_account("rita", "rita's password").await.json::<CurrentUser>();
    app.clock.advance(PAST_THE_PROOF);

    for _ in 0..3 {
        browser.confirm_with_password("a guess").await.assert_error(AppError::WrongPassword);
    }
    let limited = browser.confirm_with_password("rita's password").await;

    limited.assert_error(AppError::TooManyAttempts);
    browser.call("delete_account", &[]).await.assert_error(AppError::ReauthRequired);
}
