//! Sessions end for good: signing out cannot be undone by a request that was in flight, a password change signs
//! every other browser out, and a sign-in has an absolute lifetime however active it is.

use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Browser, ORIGIN, TestApp, spawn_app};
use app::error::AppError;
use std::time::Duration;

/// The stored session rows, as a concurrent request holds its copy: `(id, data, expiry_date)`.
async fn session_rows(app: &TestApp) -> Vec<(String, Vec<u8>, String)> {
    sqlx::query_as(app.database.sql(
        "SELECT id, data, expiry_date FROM tower_sessions",
        "SELECT id, data, CAST(expiry_date AS TEXT) FROM tower_sessions.session",
    ))
    .fetch_all(&app.database().await)
    .await
    .expect("the session table is readable")
}

/// A browser that presents `session_id` as its session cookie (a second tab, or a stolen copy).
fn browser_with_session(app: &TestApp, session_id: &str) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("session={session_id}").parse().expect("a header value"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    Browser::with_client(&app.address, http)
}

#[tokio::test]
async fn a_session_written_back_after_sign_out_by_a_request_in_flight_stays_signed_out() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.sign_up(&mut SoftAuthenticator::new(ORIGIN), "alice").await;
    let rows = session_rows(&app).await;
    assert_eq!(rows.len(), 1, "one signed-in session");
    let (id, data, expiry) = rows[0].clone();
    let in_flight = browser_with_session(&app, &id);
    assert_eq!(in_flight.current_username().await.as_deref(), Some("alice"), "the copy is signed in at first");

    browser.sign_out().await;
    // A request that loaded the session before the sign-out saves its copy after it (the store's save upserts).
    sqlx::query(app.database.sql(
        "INSERT INTO tower_sessions (id, data, expiry_date) VALUES ($1, $2, $3)",
        "INSERT INTO tower_sessions.session (id, data, expiry_date) VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ))",
    ))
    .bind(&id)
    .bind(&data)
    .bind(&expiry)
    .execute(&app.database().await)
    .await
    .expect("the write-back");

    assert_eq!(in_flight.current_username().await, None);
    in_flight.call("list_passkeys", &[]).await.assert_error(AppError::Unauthorized);
}

#[tokio::test]
async fn changing_the_password_signs_the_account_out_everywhere_else_but_not_here() {
    let app = spawn_app().await;
    let (here, elsewhere) = (app.browser(), app.browser());
    here.create_password_account("kate", "first password").await.json::<serde_json::Value>();
    elsewhere.sign_in_with_password("kate", "first password").await.json::<serde_json::Value>();
    assert_eq!(elsewhere.current_username().await.as_deref(), Some("kate"));

    let changed = here.call("set_password", &[("password", "second password")]).await;

    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(here.current_username().await.as_deref(), Some("kate"), "this browser stays signed in");
    assert_eq!(elsewhere.current_username().await, None, "the other browser is signed out");
    elsewhere.sign_in_with_password("kate", "first password").await.assert_error(AppError::WrongCredentials);
    elsewhere.sign_in_with_password("kate", "second password").await.json::<serde_json::Value>();
}

#[tokio::test]
async fn a_sign_in_ends_after_thirty_days_however_active_the_session_is() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.sign_up(&mut SoftAuthenticator::new(ORIGIN), "alice").await;

    app.clock.advance(Duration::from_secs(29 * 24 * 3600));
    assert_eq!(browser.current_username().await.as_deref(), Some("alice"), "still signed in on day 29");

    app.clock.advance(Duration::from_secs(2 * 24 * 3600));
    assert_eq!(browser.current_username().await, None, "signed out on day 31");
    browser.call("list_passkeys", &[]).await.assert_error(AppError::Unauthorized);
}

#[tokio::test]
async fn signing_in_again_ends_the_sessions_earlier_sign_in() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let browser = app.browser();
    browser.sign_up(&mut authenticator, "alice").await;

    let options = browser.start_sign_in().await;
    assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200);

    let sign_ins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_ins").fetch_one(&app.database().await).await.expect("a count");
    assert_eq!(sign_ins, 1, "one browser, one sign-in");
}
