//! The well-known documents that passkey managers and browsers fetch from the site.

use crate::helpers::{ORIGIN, TestApp, spawn_app, spawn_app_with_settings};
use serde_json::{Value, json};

/// Status, content type, cache policy and body of `GET path`, fetched as a passkey manager does (no cookie).
async fn fetch(app: &TestApp, path: &str) -> (u16, String, String, String) {
    let answer = reqwest::get(format!("{}{path}", app.address)).await.expect("an answer");
    let header =
        |name: &str| answer.headers().get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    let (status, content_type, cache) = (answer.status().as_u16(), header("content-type"), header("cache-control"));
    (status, content_type, cache, answer.text().await.expect("a body"))
}

#[tokio::test]
async fn passkey_managers_find_where_to_create_and_manage_passkeys() {
    let app = spawn_app().await;

    let (status, content_type, cache, body) = fetch(&app, "/.well-known/passkey-endpoints").await;

    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert_eq!(cache, "public, max-age=3600", "the same for everyone, so caches may keep it");
    let account = format!("{ORIGIN}/account");
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON"), json!({ "enroll": account, "manage": account }));
    let page = app.browser().get_page("/account").await;
    let location = page.headers().get("location").and_then(|value| value.to_str().ok()).map(str::to_owned);
    assert_eq!(
        (page.status().as_u16(), location.as_deref()),
        (302, Some("/sign-in")),
        "the account page exists and sends a signed-out visitor to sign in first"
    );
}

#[tokio::test]
async fn without_related_origins_there_is_no_webauthn_document() {
    let app = spawn_app().await;
    assert_eq!(fetch(&app, "/.well-known/webauthn").await.0, 404);
}

#[tokio::test]
async fn the_related_origins_are_listed_as_the_browser_expects() {
    let related = ["https://leptos-passkeys.co.uk", "https://shop.leptos-passkeys.de:8443"];
    let app = spawn_app_with_settings(|settings| {
        settings.related_origins = related.iter().map(|origin| origin.parse().expect("a URL")).collect();
    })
    .await;

    let (status, content_type, _, body) = fetch(&app, "/.well-known/webauthn").await;

    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON"), json!({ "origins": related }));
}
