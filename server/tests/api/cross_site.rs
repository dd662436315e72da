//! Requests that change state must come from this site's own pages: every server function refuses a POST from
//! another site, from a sibling subdomain, and any body that is neither a form nor JSON, and changes nothing.

use crate::helpers::{Answer, Browser, ORIGIN, TestApp, spawn_app};
use app::auth::CurrentUser;
use app::error::AppError;

/// Every server function the app registers, as `(path, method)`.
fn server_functions() -> Vec<String> {
    let mut paths: Vec<String> = server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect();
    paths.sort();
    assert!(paths.len() >= 20, "the registry lists the server functions: {paths:?}");
    paths
}

/// A POST to `path` as a page on `origin` makes a browser send it: with the browser's fetch metadata.
async fn post_from(browser: &Browser, app: &TestApp, path: &str, origin: &str, fetch_site: Option<&str>) -> Answer {
    let mut request = browser
        .http
        .post(format!("{}{path}", app.address))
        .header("origin", origin)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("username=mallory&display_name=&password=long+enough+password&product_id=sticker-pack");
    if let Some(site) = fetch_site {
        request = request.header("sec-fetch-site", site);
    }
    Answer::from(request.send().await.expect("the server answers")).await
}

#[tokio::test]
async fn a_post_from_another_site_to_any_server_function_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();
    let before = app.row_counts().await;

    for path in server_functions() {
        for fetch_site in [Some("cross-site"), None] {
            let answer = post_from(&browser, &app, &path, "https://evil.example", fetch_site).await;
            assert_eq!(answer.status, 403, "{path} ({fetch_site:?}): {}", answer.body);
            assert_eq!(answer.error(), AppError::CrossSite, "{path}");
            assert!(!answer.sets_cookie, "{path} set a cookie on a refused request");
        }
    }

    assert_eq!(app.row_counts().await, before, "nothing was written");
    assert_eq!(browser.current_username().await, None, "nobody was signed in");
}

#[tokio::test]
async fn a_post_from_a_sibling_subdomain_is_refused_although_it_is_the_same_site() {
    let app = spawn_app().await;
    let browser = app.browser();

    let answer =
        post_from(&browser, &app, "/api/create_password_account", "http://evil.localhost:3000", Some("same-site"))
            .await;

    answer.assert_error(AppError::CrossSite);
    assert_eq!(browser.current_username().await, None);
}

#[tokio::test]
async fn this_sites_own_pages_and_forms_still_work() {
    let app = spawn_app().await;
    let browser = app.browser();

    let answer = post_from(&browser, &app, "/api/create_password_account", ORIGIN, Some("same-origin")).await;
    assert_eq!(answer.json::<CurrentUser>().username, "mallory", "a same-origin call");

    let other = app.browser();
    let form = [("username", "trent"), ("display_name", ""), ("password", "long enough password")];
    let response = other
        .http
        .post(format!("{}/api/create_password_account", app.address))
        .header("origin", ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "text/html")
        .form(&form)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.headers()["location"], "/account", "a plain HTML form without wasm");
    assert_eq!(other.current_username().await.as_deref(), Some("trent"));
}

#[tokio::test]
async fn a_body_that_is_neither_a_form_nor_json_is_refused_by_every_server_function() {
    let app = spawn_app().await;
    let browser = app.browser();
    let before = app.row_counts().await;

    for path in server_functions() {
        let response = browser
            .http
            .post(format!("{}{path}", app.address))
            .header("content-type", "text/plain")
            .body(r#"{"ticket":"x","credential":{}}"#)
            .send()
            .await
            .expect("the server answers");
        let answer = Answer::from(response).await;
        assert_eq!(answer.status, 415, "{path}: {}", answer.body);
        assert!(matches!(answer.error(), AppError::UnsupportedContent(_)), "{path}");
    }

    assert_eq!(app.row_counts().await, before, "nothing was written");
}
