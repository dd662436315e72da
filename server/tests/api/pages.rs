use crate::authenticator::SoftAuthenticator;
use crate::helpers::{ORIGIN, spawn_app, spawn_app_with_settings};

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
    assert!(html.contains(">Passkey<"), "the passkey is listed");
    assert!(html.contains("This device only"), "not backed up, so it lives on one device");
    for control in ["Rename", "Delete", "Add a passkey", "Set a password", "Sign out everywhere else", "Delete account"]
    {
        assert!(html.contains(&format!(">{control}<")), "the page offers {control:?}");
    }
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
async fn on_https_both_cookies_carry_the_host_prefix_and_are_secure() {
    let app = spawn_app_with_settings(|settings| {
        settings.rp_origin = "https://localhost:3000".parse().expect("a URL");
    })
    .await;
    let http = app.browser().http;

    let session = http.post(format!("{}/api/start_sign_in", app.address)).send().await.expect("an answer");
    let binding = http.post(format!("{}/api/prepare_sign_in", app.address)).send().await.expect("an answer");

    for (response, name) in [(session, "__Host-session="), (binding, "__Host-sign_in_binding=")] {
        let cookie = response.headers()["set-cookie"].to_str().expect("ASCII").to_owned();
        assert!(cookie.starts_with(name), "{cookie}");
        assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    }
}

#[tokio::test]
async fn browsing_signed_out_starts_no_session_and_writes_nothing() {
    let app = spawn_app().await;
    let before = app.row_counts().await;
    for path in ["/", "/sign-in", "/sign-up"] {
        let response = app.browser().get_page(path).await;
        assert_eq!(response.status(), 200, "{path}");
        // The page carries its sign-in challenge, bound to this browser by the binding cookie, and nothing else.
        let cookies: Vec<&str> =
            response.headers().get_all("set-cookie").iter().filter_map(|value| value.to_str().ok()).collect();
        assert_eq!(cookies.len(), 1, "{path}: {cookies:?}");
        assert!(cookies[0].starts_with("sign_in_binding="), "{path}: {cookies:?}");
    }
    assert_eq!(app.row_counts().await, before, "browsing wrote nothing");
}

#[tokio::test]
async fn a_signed_out_page_comes_with_its_sign_in_challenge_and_a_signed_in_one_without() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = browser.get_page("/").await.text().await.expect("a page");
    assert!(page.contains("ticket") && page.contains("challenge"), "the challenge is in the page");

    browser.sign_up(&mut crate::authenticator::SoftAuthenticator::new(crate::helpers::ORIGIN), "alice").await;
    let page = browser.get_page("/").await.text().await.expect("a page");
    assert!(!page.contains("ticket"), "a signed-in page carries no sign-in challenge");
}

#[tokio::test]
async fn unknown_pages_are_not_found() {
    let app = spawn_app().await;
    assert_eq!(app.browser().get_page("/no-such-page").await.status(), 404);
}

#[tokio::test]
async fn pages_run_only_their_own_scripts_cannot_be_framed_or_sniffed_and_keep_the_referrer_on_site() {
    let app = spawn_app().await;
    let response = app.browser().get_page("/sign-in").await;
    let headers = response.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
    let policy = headers["content-security-policy"].to_str().expect("ASCII").to_owned();
    for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("scripts are allowed by a nonce")
        .to_owned();
    assert!(!policy.contains("unsafe-inline"), "{policy}");

    let html = response.text().await.expect("a page");
    let scripts = html.matches("<script").count();
    assert!(scripts > 0, "the page has its hydration script");
    assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), scripts, "every script carries the nonce");

    let again = app.browser().get_page("/sign-in").await;
    let policy_again = again.headers()["content-security-policy"].to_str().expect("ASCII").to_owned();
    assert!(!policy_again.contains(&nonce), "a new nonce for every response");
}

#[tokio::test]
async fn pages_and_server_function_answers_are_never_stored_by_caches() {
    let app = spawn_app().await;
    let browser = app.browser();
    assert_eq!(browser.get_page("/").await.headers()["cache-control"], "no-store", "a page");
    let answer = browser.http.post(format!("{}/api/current_user", app.address)).send().await.expect("an answer");
    assert_eq!(answer.headers()["cache-control"], "no-store", "a server function");
}

#[tokio::test]
async fn https_sites_tell_browsers_to_keep_to_https_and_plain_http_ones_do_not() {
    let plain = spawn_app().await;
    assert!(plain.browser().get_page("/").await.headers().get("strict-transport-security").is_none());

    let https = spawn_app_with_settings(|settings| {
        settings.rp_origin = "https://localhost:3000".parse().expect("a URL");
    })
    .await;
    let response = https.browser().get_page("/").await;
    assert_eq!(response.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
}
