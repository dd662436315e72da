use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Browser, ORIGIN, TestApp, spawn_app, spawn_app_with_settings};
use app::auth::CurrentUser;
use app::error::AppError;
use reqwest::Response;

#[tokio::test]
async fn a_password_account_is_created_signed_in_and_can_sign_in_again() {
    let app = spawn_app().await;
    let browser = app.browser();

    let created = browser.create_password_account("Carol", "correct horse battery").await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(browser.current_username().await.as_deref(), Some("carol"));
    browser.sign_out().await;

    let answer = browser.sign_in_with_password("carol", "correct horse battery").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(browser.current_username().await.as_deref(), Some("carol"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_username_get_the_same_answer() {
    let app = spawn_app().await;
    app.browser().create_password_account("carol", "correct horse battery").await.json::<CurrentUser>();
    let browser = app.browser();

    let wrong_password = browser.sign_in_with_password("carol", "wrong horse battery").await;
    let unknown_user = browser.sign_in_with_password("nobody", "correct horse battery").await;
    let invalid_username = browser.sign_in_with_password("not a username", "correct horse battery").await;

    for answer in [&wrong_password, &unknown_user, &invalid_username] {
        answer.assert_error(AppError::WrongCredentials);
    }
    assert_eq!(wrong_password.body, unknown_user.body);
    assert_eq!(browser.current_username().await, None);
}

#[tokio::test]
async fn a_passkey_only_account_cannot_be_signed_in_with_any_password() {
    let app = spawn_app().await;
    app.browser().sign_up(&mut SoftAuthenticator::new(ORIGIN), "dave").await;

    app.browser().sign_in_with_password("dave", "").await.assert_error(AppError::WrongCredentials);
    app.browser().sign_in_with_password("dave", "anything at all").await.assert_error(AppError::WrongCredentials);
}

#[tokio::test]
async fn a_short_password_is_refused_and_creates_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();

    let answer = browser.create_password_account("erin", "short").await;

    assert!(answer.assert_invalid_input().contains("at least 8"));
    assert_eq!(browser.current_username().await, None);
    assert_eq!(browser.create_password_account("erin", "long enough now").await.status, 200, "the name is free");
}

#[tokio::test]
async fn a_taken_username_cannot_get_a_password_account() {
    let app = spawn_app().await;
    app.browser().sign_up(&mut SoftAuthenticator::new(ORIGIN), "frank").await;
    app.browser().create_password_account("frank", "long enough now").await.assert_error(AppError::UsernameTaken);
}

#[tokio::test]
async fn a_passkey_account_can_add_a_password_and_then_use_either() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.sign_up(&mut authenticator, "grace").await;

    let set = browser.call("set_password", &[("password", "grace's password")]).await;
    assert_eq!(set.status, 200, "{}", set.body);
    browser.sign_out().await;

    assert_eq!(browser.sign_in_with_password("grace", "grace's password").await.status, 200);
    browser.sign_out().await;
    let options = browser.start_sign_in().await;
    assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200);
}

#[tokio::test]
async fn setting_a_password_needs_a_signed_in_user() {
    let app = spawn_app().await;
    app.browser().call("set_password", &[("password", "long enough now")]).await.assert_error(AppError::Unauthorized);
}

#[tokio::test]
async fn the_plain_html_sign_in_form_redirects_to_next_on_success() {
    let app = spawn_app().await;
    app.browser().create_password_account("heidi", "long enough now").await.json::<CurrentUser>();
    let browser = app.browser();

    let response = browser
        .submit_form(
            "sign_in_with_password",
            &[("username", "heidi"), ("password", "long enough now"), ("next", "/cart")],
        )
        .await;

    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/cart");
    assert_eq!(browser.current_username().await.as_deref(), Some("heidi"));
}

#[tokio::test]
async fn the_plain_html_sign_in_form_comes_back_with_an_error_on_failure() {
    let app = spawn_app().await;
    let browser = app.browser();

    let response = browser
        .submit_form(
            "sign_in_with_password",
            &[("username", "heidi"), ("password", "wrong password"), ("next", "/cart")],
        )
        .await;

    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/sign-in?next=%2Fcart&error=wrong_credentials");
}

#[tokio::test]
async fn an_unsafe_next_is_ignored_after_signing_in() {
    let app = spawn_app().await;
    app.browser().create_password_account("ivan", "long enough now").await.json::<CurrentUser>();
    for next in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"] {
        let response = app
            .browser()
            .submit_form(
                "sign_in_with_password",
                &[("username", "ivan"), ("password", "long enough now"), ("next", next)],
            )
            .await;
        assert_eq!(response.headers()["location"], "/account", "next = {next:?}");
    }
}

#[tokio::test]
async fn the_plain_html_sign_up_form_creates_the_account_or_says_why_not() {
    let app = spawn_app().await;
    let browser = app.browser();
    let form = |password| [("username", "judy"), ("display_name", ""), ("password", password)];

    let refused = browser.submit_form("create_password_account", &form("short")).await;
    assert_eq!(refused.headers()["location"], "/sign-up?error=invalid_input");

    let created = browser.submit_form("create_password_account", &form("long enough now")).await;
    assert_eq!(created.headers()["location"], "/account");
    assert_eq!(browser.current_username().await.as_deref(), Some("judy"));
}

#[tokio::test]
async fn password_attempts_are_limited_per_address_but_passkeys_are_not() {
    let app = spawn_app_with_settings(|settings| {
        settings.limits.password_attempts_per_address = std::num::NonZeroU32::new(3).expect("non-zero");
    })
    .await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "kate").await;
    let browser = app.browser();

    for _ in 0..3 {
        browser.sign_in_with_password("kate", "guess").await.assert_error(AppError::WrongCredentials);
    }
    let limited = browser.sign_in_with_password("kate", "guess").await;
    limited.assert_error(AppError::TooManyAttempts);
    app.browser().create_password_account("liam", "long enough now").await.assert_error(AppError::TooManyAttempts);

    let options = browser.start_sign_in().await;
    assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200, "passkeys still work");
}

/// A server with room for one password attempt a minute, and a browser that has used it up.
async fn browser_over_the_password_limit(form: &[(&str, &str)]) -> (TestApp, Browser) {
    let app = spawn_app_with_settings(|settings| {
        settings.limits.password_attempts_per_address = std::num::NonZeroU32::new(1).expect("non-zero");
    })
    .await;
    let browser = app.browser();
    let first = browser.submit_form("sign_in_with_password", form).await;
    assert!(first.headers()["location"].to_str().expect("ASCII").ends_with("error=wrong_credentials"));
    (app, browser)
}

/// Posts the plain HTML sign-in form as a browser does from the page `referer`.
async fn submit_sign_in_form_from(browser: &Browser, app: &TestApp, referer: &str, form: &[(&str, &str)]) -> Response {
    browser
        .http
        .post(format!("{}/api/sign_in_with_password", app.address))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", referer)
        .form(form)
        .send()
        .await
        .expect("the server answers")
}

#[tokio::test]
async fn a_plain_html_form_over_the_password_limit_gets_its_page_back_with_the_message() {
    let form = [("username", "kate"), ("password", "guess"), ("next", "/cart")];
    let (app, browser) = browser_over_the_password_limit(&form).await;

    let referer = format!("{}/sign-in?next=%2Fcart&error=wrong_credentials", app.address);
    let limited = submit_sign_in_form_from(&browser, &app, &referer, &form).await;

    assert_eq!(limited.status(), 303, "a redirect, not a JSON body");
    let location = limited.headers()["location"].to_str().expect("ASCII").to_owned();
    assert_eq!(location, "/sign-in?next=%2Fcart&error=too_many_attempts", "back to the form, keeping next");
    let page = browser.get_page(&location).await.text().await.expect("a page");
    assert!(page.contains("Too many attempts. Please wait a minute and try again."), "the page says why");
}

#[tokio::test]
async fn a_limited_form_never_redirects_off_the_form_page_whatever_the_referer_says() {
    let form = [("username", "kate"), ("password", "guess")];
    let (app, browser) = browser_over_the_password_limit(&form).await;

    let limited = submit_sign_in_form_from(&browser, &app, "https://evil.example/phish?x=1", &form).await;

    assert_eq!(limited.headers()["location"], "/sign-in?error=too_many_attempts");
}
