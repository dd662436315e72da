use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Browser, ORIGIN, spawn_app, spawn_app_with, start_server};
use app::auth::CurrentUser;
use app::error::AppError;
use app::passkeys::PasskeySummary;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn a_passkey_signs_its_owner_in_without_a_username() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();

    let options = browser.start_sign_in().await;
    assert!(options.public_key.allow_credentials.is_empty(), "the challenge is for any passkey");
    let answer = browser.finish_sign_in(&authenticator.get(&options)).await;

    assert_eq!(answer.json::<CurrentUser>().username, "alice");
    assert_eq!(browser.current_username().await.as_deref(), Some("alice"));
}

#[tokio::test]
async fn signing_in_records_when_the_passkey_was_last_used() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.sign_up(&mut authenticator, "alice").await;
    browser.sign_out().await;

    let options = browser.start_sign_in().await;
    assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200);

    let passkeys: Vec<PasskeySummary> = browser.call("list_passkeys", &[]).await.json();
    assert!(passkeys[0].last_used_at.is_some(), "last used is set: {:?}", passkeys[0]);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.sign_up(&mut SoftAuthenticator::new(ORIGIN), "alice").await;

    browser.sign_out().await;

    assert_eq!(browser.current_username().await, None);
    browser.call("list_passkeys", &[]).await.assert_error(AppError::Unauthorized);
}

#[tokio::test]
async fn a_replayed_sign_in_response_is_rejected() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let options = browser.start_sign_in().await;
    let credential = authenticator.get(&options);
    assert_eq!(browser.finish_sign_in(&credential).await.status, 200);
    browser.sign_out().await;

    browser.finish_sign_in(&credential).await.assert_error(AppError::CeremonyExpired);
    assert_eq!(browser.current_username().await, None);
}

#[tokio::test]
async fn fifty_concurrent_finishes_of_one_challenge_sign_in_exactly_once() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let options = browser.start_sign_in().await;
    let credential = authenticator.get(&options);

    let answers = futures::future::join_all((0..50).map(|_| browser.finish_sign_in(&credential))).await;

    let won = answers.iter().filter(|answer| answer.status == 200).count();
    assert_eq!(won, 1, "exactly one finish wins");
    for answer in answers.iter().filter(|answer| answer.status != 200) {
        answer.assert_error(AppError::CeremonyExpired);
    }
    let last_used: Vec<Option<i64>> = sqlx::query_scalar("SELECT last_used_at FROM passkeys")
        .fetch_all(&app.database().await)
        .await
        .expect("a query");
    assert_eq!(last_used.len(), 1);
    assert!(last_used[0].is_some(), "the one sign-in was recorded");
}

#[tokio::test]
async fn an_expired_challenge_is_rejected_and_changes_nothing() {
    let app = spawn_app_with(Duration::from_secs(60)).await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let options = browser.start_sign_in().await;
    let credential = authenticator.get(&options);
    let before = app.row_counts().await;

    app.clock.advance(Duration::from_secs(61));

    browser.finish_sign_in(&credential).await.assert_error(AppError::CeremonyExpired);
    assert_eq!(browser.current_username().await, None);
    let after = app.row_counts().await;
    let ceremonies = |counts: &[(String, i64)]| counts.iter().find(|(table, _)| table == "ceremonies").map(|c| c.1);
    assert_eq!(ceremonies(&after), Some(0), "the expired ceremony is gone");
    assert_eq!(
        after.iter().filter(|(table, _)| table != "ceremonies").collect::<Vec<_>>(),
        before.iter().filter(|(table, _)| table != "ceremonies").collect::<Vec<_>>(),
        "nothing else changed"
    );
}

#[tokio::test]
async fn a_challenge_started_in_another_session_is_rejected() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let (victim, attacker) = (app.browser(), app.browser());
    attacker.start_sign_in().await; // the attacker has a ceremony of their own, too
    let options = victim.start_sign_in().await;

    let answer = attacker.finish_sign_in(&authenticator.get(&options)).await;

    answer.assert_error(AppError::PasskeyRejected);
    assert_eq!(attacker.current_username().await, None);
}

#[tokio::test]
async fn a_challenge_never_started_in_this_session_is_rejected() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let options = app.browser().start_sign_in().await;

    let stranger = app.browser();
    stranger.finish_sign_in(&authenticator.get(&options)).await.assert_error(AppError::CeremonyExpired);
}

#[tokio::test]
async fn a_registration_ceremony_cannot_be_finished_as_a_sign_in() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let registration: Value = browser.start_registration("bob").await.json();
    // Sign the registration challenge as if it were a sign-in challenge.
    let options = serde_json::from_value(serde_json::json!({
        "publicKey": {
            "challenge": registration["publicKey"]["challenge"],
            "rpId": "localhost",
            "allowCredentials": [],
            "userVerification": "required",
        }
    }))
    .expect("request options");

    browser.finish_sign_in(&authenticator.get(&options)).await.assert_error(AppError::CeremonyExpired);
}

#[tokio::test]
async fn a_sign_in_response_from_another_origin_is_rejected() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let options = browser.start_sign_in().await;

    authenticator.set_origin("https://evil.example");
    browser.finish_sign_in(&authenticator.get(&options)).await.assert_error(AppError::PasskeyRejected);
    assert_eq!(browser.current_username().await, None);
}

#[tokio::test]
async fn a_passkey_the_site_does_not_know_is_reported_as_unknown() {
    let app = spawn_app().await;
    let other_site = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    other_site.browser().sign_up(&mut authenticator, "alice").await;
    assert_eq!(authenticator.credential_count(), 1);
    let browser = app.browser();
    let options = browser.start_sign_in().await;

    browser.finish_sign_in(&authenticator.get(&options)).await.assert_error(AppError::UnknownPasskey);
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let http = reqwest::Client::builder().cookie_provider(jar.clone()).build().expect("a client");
    let browser = Browser::with_client(&app.address, http);
    let url: reqwest::Url = app.address.parse().expect("a URL");
    use reqwest::cookie::CookieStore;
    let cookie = || jar.cookies(&url).map(|v| v.to_str().unwrap_or_default().to_owned());

    let options = browser.start_sign_in().await;
    let before = cookie().expect("starting a ceremony sets a session cookie");
    assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200);
    let after = cookie().expect("a signed-in session cookie");

    assert_ne!(before, after, "the session id was cycled");
}

#[tokio::test]
async fn a_ceremony_started_before_a_restart_can_be_finished_after_it() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let options = browser.start_sign_in().await;

    // A second server on the same database, as after a restart or behind a load balancer. The
    // cookie jar is keyed by host, not port, so the browser presents the same session to it.
    let restarted = start_server(&app.database.database, Duration::from_secs(300)).await;
    let same_browser = Browser::with_client(&restarted, browser.http.clone());

    let answer = same_browser.finish_sign_in(&authenticator.get(&options)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}
