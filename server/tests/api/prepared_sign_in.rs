//! Pre-issued challenges (immediate mode, autofill): signed tickets, single use, bound to the browser.

use crate::authenticator::SoftAuthenticator;
use crate::helpers::{ORIGIN, spawn_app, spawn_app_with};
use app::error::AppError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::time::Duration;

#[tokio::test]
async fn a_prepared_challenge_signs_the_user_in() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();

    let (options, ticket) = browser.prepare_sign_in().await;
    assert!(options.public_key.allow_credentials.is_empty(), "immediate mode needs an empty allow list");
    assert!(options.mediation.is_none());
    let answer = browser.finish_prepared_sign_in(&ticket, &authenticator.get(&options)).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(browser.current_username().await.as_deref(), Some("alice"));
}

#[tokio::test]
async fn preparing_a_challenge_writes_nothing_to_the_database() {
    let app = spawn_app().await;
    app.browser().sign_up(&mut SoftAuthenticator::new(ORIGIN), "alice").await;
    let before = app.row_counts().await;

    for _ in 0..5 {
        app.browser().prepare_sign_in().await;
    }

    assert_eq!(app.row_counts().await, before);
}

#[tokio::test]
async fn a_prepared_challenge_is_used_at_most_once() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let (options, ticket) = browser.prepare_sign_in().await;
    let credential = authenticator.get(&options);

    let (first, second) = tokio::join!(
        browser.finish_prepared_sign_in(&ticket, &credential),
        browser.finish_prepared_sign_in(&ticket, &credential)
    );
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [200, 410], "exactly one finish wins: {first:?} / {second:?}");

    browser.sign_out().await;
    browser.finish_prepared_sign_in(&ticket, &credential).await.assert_error(AppError::CeremonyExpired);
}

#[tokio::test]
async fn a_prepared_challenge_cannot_be_finished_from_another_browser() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let (victim, attacker) = (app.browser(), app.browser());
    attacker.prepare_sign_in().await; // the attacker has a binding cookie of their own
    let (options, ticket) = victim.prepare_sign_in().await;

    let answer = attacker.finish_prepared_sign_in(&ticket, &authenticator.get(&options)).await;

    answer.assert_error(AppError::CeremonyExpired);
    assert_eq!(attacker.current_username().await, None);
}

#[tokio::test]
async fn an_expired_prepared_challenge_is_rejected() {
    let app = spawn_app_with(Duration::from_secs(60)).await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let (options, ticket) = browser.prepare_sign_in().await;
    let credential = authenticator.get(&options);

    app.clock.advance(Duration::from_secs(61));

    browser.finish_prepared_sign_in(&ticket, &credential).await.assert_error(AppError::CeremonyExpired);
    assert_eq!(browser.current_username().await, None);
}

#[tokio::test]
async fn a_ticket_changed_by_the_client_is_refused() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let (options, ticket) = browser.prepare_sign_in().await;
    let (payload, tag) = ticket.split_once('.').expect("payload.tag");
    let mut body: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("json");
    body["expires_at"] = serde_json::json!(i64::MAX);
    let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(body.to_string()));

    let answer = browser.finish_prepared_sign_in(&forged, &authenticator.get(&options)).await;

    answer.assert_invalid_input();
    assert_eq!(browser.current_username().await, None);
}

#[tokio::test]
async fn a_prepared_challenge_signed_for_another_origin_is_rejected() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let (options, ticket) = browser.prepare_sign_in().await;

    authenticator.set_origin("https://evil.example");
    browser
        .finish_prepared_sign_in(&ticket, &authenticator.get(&options))
        .await
        .assert_error(AppError::PasskeyRejected);
}

#[tokio::test]
async fn the_binding_cookie_is_set_once_and_http_only() {
    let app = spawn_app().await;
    let browser = app.browser();
    let first = browser.http.post(format!("{}/api/prepare_sign_in", app.address)).send().await.expect("answer");
    let cookie = first.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    assert!(cookie.starts_with("sign_in_binding="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    let second = browser.http.post(format!("{}/api/prepare_sign_in", app.address)).send().await.expect("answer");
    assert!(second.headers().get("set-cookie").is_none(), "the browser keeps its binding");
}
