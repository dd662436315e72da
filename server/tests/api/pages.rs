use crate::authenticator::SoftAuthenticator;
use crate::helpers::{ORIGIN, spawn_app};

#[tokio::test]
async fn a_signed_out_visit_to_the_account_page_redirects_to_sign_in() {
    let app = spawn_app().await;
    let response = app.browser().get_page("/account").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/sign-in");
}

#[tokio::test]
async fn the_account_page_shows_the_signed_in_user_and_their_passkeys() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.sign_up(&mut SoftAuthenticator::new(ORIGIN), "alice").await;

    let response = browser.get_page("/account").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("a page");
    assert!(html.contains("Your account"));
    assert!(html.contains("alice"));
    assert!(html.contains("Passkey "), "the passkey is listed");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = spawn_app().await;
    let response =
        app.browser().http.post(format!("{}/api/start_sign_in", app.address)).send().await.expect("the server answers");
    let cookie = response.headers()["set-cookie"].to_str().expect("ASCII").to_owned();
    assert!(cookie.starts_with("session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain-http localhost cannot use Secure cookies: {cookie}");
}

#[tokio::test]
async fn browsing_signed_out_sets_no_cookie() {
    let app = spawn_app().await;
    for path in ["/", "/sign-in", "/sign-up"] {
        let response = app.browser().get_page(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().get("set-cookie").is_none(), "{path} set a cookie");
    }
}

#[tokio::test]
async fn unknown_pages_are_not_found() {
    let app = spawn_app().await;
    assert_eq!(app.browser().get_page("/no-such-page").await.status(), 404);
}

#[tokio::test]
async fn pages_cannot_be_framed_or_sniffed_and_keep_the_referrer_on_site() {
    let app = spawn_app().await;
    let response = app.browser().get_page("/sign-in").await;
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-security-policy"], "frame-ancestors 'none'");
    assert_eq!(headers["referrer-policy"], "same-origin");
}
