//! Abuse limits: per account for passwords, per real client address (behind trusted proxies too) for passwords,
//! ceremony starts and cart changes, and a cap on password hashes at once. Refusals say when to come back.

use crate::helpers::{Answer, Browser, TestApp, spawn_app_with_settings};
use app::error::AppError;
use std::num::NonZeroU32;
use std::time::Duration;

fn per_minute(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("non-zero")
}

/// A password sign-in as relayed by a proxy that says it came from `client`.
async fn sign_in_via_proxy(browser: &Browser, app: &TestApp, client: &str, username: &str) -> Answer {
    let response = browser
        .http
        .post(format!("{}/api/sign_in_with_password", app.address))
        .header("x-forwarded-for", client)
        .form(&[("username", username), ("password", "wrong guess")])
        .send()
        .await
        .expect("the server answers");
    Answer::from(response).await
}

#[tokio::test]
async fn wrong_guesses_for_one_account_never_lock_out_another_account() {
    let app = spawn_app_with_settings(|settings| settings.limits.password_attempts_per_account = per_minute(2)).await;
    app.browser().create_password_account("kate", "kates password").await.json::<serde_json::Value>();
    app.browser().create_password_account("liam", "liams password").await.json::<serde_json::Value>();
    let browser = app.browser();

    for _ in 0..2 {
        browser.sign_in_with_password("kate", "guess").await.assert_error(AppError::WrongCredentials);
    }
    let locked = app.browser().sign_in_with_password("kate", "kates password").await;

    locked.assert_error(AppError::TooManyAttempts);
    assert_eq!(locked.retry_after.as_deref(), Some("60"));
    browser.sign_in_with_password("liam", "liams password").await.json::<serde_json::Value>();
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_gets_its_own_limit() {
    let app = spawn_app_with_settings(|settings| {
        settings.limits.password_attempts_per_address = per_minute(1);
        settings.trusted_proxies = vec!["127.0.0.1/32".parse().expect("a network")];
    })
    .await;
    let proxy = app.browser();

    sign_in_via_proxy(&proxy, &app, "198.51.100.1", "kate").await.assert_error(AppError::WrongCredentials);
    sign_in_via_proxy(&proxy, &app, "198.51.100.1", "kate").await.assert_error(AppError::TooManyAttempts);
    // A client may prepend what it likes; only the address the proxy appended counts.
    sign_in_via_proxy(&proxy, &app, "198.51.100.2", "kate").await.assert_error(AppError::WrongCredentials);
    sign_in_via_proxy(&proxy, &app, "198.51.100.3, 198.51.100.1", "kate").await.assert_error(AppError::TooManyAttempts);
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_header_cannot_choose_a_fresh_limit() {
    let app = spawn_app_with_settings(|settings| settings.limits.password_attempts_per_address = per_minute(1)).await;
    let client = app.browser();

    sign_in_via_proxy(&client, &app, "198.51.100.1", "kate").await.assert_error(AppError::WrongCredentials);
    sign_in_via_proxy(&client, &app, "198.51.100.2", "kate").await.assert_error(AppError::TooManyAttempts);
}

#[tokio::test]
async fn ceremony_starts_and_cart_changes_from_one_address_are_limited() {
    let app = spawn_app_with_settings(|settings| settings.limits.starts_per_address = per_minute(3)).await;
    let before = {
        for _ in 0..3 {
            app.browser().start_sign_in().await;
        }
        app.row_counts().await
    };

    let refused = [
        app.browser().call("start_sign_in", &[]).await,
        app.browser().start_registration("bot").await,
        app.browser().call("add_to_cart", &[("product_id", "sticker-pack")]).await,
    ];

    for answer in &refused {
        answer.assert_error(AppError::TooManyAttempts);
        assert_eq!(answer.retry_after.as_deref(), Some("60"));
        assert!(!answer.sets_cookie, "a refused request gets no session");
    }
    assert_eq!(app.row_counts().await, before, "the refused requests wrote nothing");
    app.browser().call("list_products", &[]).await.json::<serde_json::Value>();
}

#[tokio::test]
async fn a_plain_add_to_cart_form_over_the_limit_gets_the_shop_back_with_the_message() {
    let app = spawn_app_with_settings(|settings| settings.limits.starts_per_address = per_minute(1)).await;
    let browser = app.browser();
    browser.submit_form("add_to_cart", &[("product_id", "sticker-pack")]).await;

    let refused = browser.submit_form("add_to_cart", &[("product_id", "sticker-pack")]).await;

    assert_eq!(refused.status(), 303);
    let location = refused.headers()["location"].to_str().expect("ASCII").to_owned();
    assert_eq!(location, "/?error=too_many_attempts");
    let page = browser.get_page(&location).await.text().await.expect("a page");
    assert!(page.contains("Too many attempts. Please wait a minute and try again."), "the shop says why");
}

#[tokio::test]
async fn password_hashes_at_once_are_capped_and_the_overflow_is_asked_to_retry() {
    let app = spawn_app_with_settings(|settings| {
        settings.limits.concurrent_hashes = 1;
        settings.limits.hashing_wait = Duration::ZERO;
    })
    .await;

    let app = &app;
    let attempts = (0..8).map(|i| async move {
        let browser = app.browser();
        browser.sign_in_with_password(&format!("user{i}"), "a wrong password").await
    });
    let answers = futures::future::join_all(attempts).await;

    let busy: Vec<&Answer> = answers.iter().filter(|answer| answer.status == 503).collect();
    assert!(!busy.is_empty(), "some attempts found every slot taken: {answers:?}");
    for answer in &busy {
        answer.assert_error(AppError::Busy);
        assert_eq!(answer.retry_after.as_deref(), Some("5"));
    }
    for answer in answers.iter().filter(|answer| answer.status != 503) {
        answer.assert_error(AppError::WrongCredentials);
    }
    app.browser().sign_in_with_password("nobody", "a wrong password").await.assert_error(AppError::WrongCredentials);
}

#[test]
fn every_server_function_has_a_per_address_limit_or_a_reason_to_have_none() {
    let mut unplaced = Vec::new();
    for (path, _) in server_fn::axum::server_fn_paths() {
        let limited = app::endpoints::limit_of(path).is_some();
        let exempt = app::endpoints::EXEMPT.iter().any(|(exempt, _)| *exempt == path);
        if limited == exempt {
            unplaced.push(path.to_owned());
        }
    }
    assert!(unplaced.is_empty(), "in neither or both of LIMITED and EXEMPT (app/src/endpoints.rs): {unplaced:?}");
    let registered = server_fn::axum::server_fn_paths().count();
    assert_eq!(
        registered,
        app::endpoints::LIMITED.len() + app::endpoints::EXEMPT.len(),
        "a listed path that is no server function"
    );
}
