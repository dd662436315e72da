//! The site's language: from `Accept-Language`, or from the visitor's choice kept in the `language` cookie.

use crate::helpers::spawn_app;

/// The page at `path` as a browser asking for `accept_language` gets it.
async fn page_in(browser: &crate::helpers::Browser, path: &str, accept_language: &str) -> String {
    let response = browser
        .http
        .get(format!("{}{path}", browser.address()))
        .header("accept", "text/html")
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), 200);
    response.text().await.expect("a page")
}

#[tokio::test]
async fn a_browser_that_prefers_hebrew_gets_the_page_in_hebrew_right_to_left() {
    let app = spawn_app().await;
    let browser = app.browser();

    let html = page_in(&browser, "/sign-in", "he-IL,he;q=0.9,en;q=0.8").await;
    assert!(html.contains(r#"<html lang="he" dir="rtl""#), "{}", &html[..html.len().min(300)]);
    assert!(html.contains("כניסה עם מפתח גישה"), "the page's own text is Hebrew");
    assert!(!html.contains("Sign in with a passkey"));

    let html = page_in(&browser, "/sign-in", "fr-FR,en;q=0.5").await;
    assert!(html.contains(r#"<html lang="en" dir="ltr""#), "English for a language the site does not have");
    assert!(html.contains("Sign in with a passkey"));
}

#[tokio::test]
async fn the_chosen_language_is_kept_in_a_cookie_and_wins_over_accept_language() {
    let app = spawn_app().await;
    let browser = app.browser();

    let answer = browser.call("set_language", &[("language", "he")]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.sets_cookie);

    let html = page_in(&browser, "/", "en-US,en;q=0.9").await;
    assert!(html.contains(r#"<html lang="he" dir="rtl""#), "the choice wins over the browser's English");

    browser.call("set_language", &[("language", "en")]).await;
    let html = page_in(&browser, "/", "he-IL").await;
    assert!(html.contains(r#"<html lang="en" dir="ltr""#), "and back to English, whatever the browser asks for");
}

#[tokio::test]
async fn the_language_cookie_is_for_the_whole_site_for_a_year_and_only_set_by_a_choice() {
    let app = spawn_app().await;
    let browser = app.browser();

    let page = browser.get_page("/").await;
    let cookies: Vec<_> = page.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(!cookies.iter().any(|c| c.starts_with("language=")), "a visit alone chooses nothing: {cookies:?}");

    let response = browser
        .http
        .post(format!("{}/api/set_language", browser.address()))
        .form(&[("language", "he")])
        .send()
        .await
        .expect("the server answers");
    let header = response.headers()["set-cookie"].to_str().expect("ASCII").to_owned();
    let cookie = tower_sessions::cookie::Cookie::parse(header.as_str()).expect("a cookie");
    let year = tower_sessions::cookie::time::Duration::seconds(31_536_000);
    assert_eq!(
        (cookie.name(), cookie.value(), cookie.path(), cookie.max_age(), cookie.same_site()),
        ("language", "he", Some("/"), Some(year), Some(tower_sessions::cookie::SameSite::Lax)),
        "{header}"
    );
    assert_eq!((cookie.http_only(), cookie.secure()), (None, None), "no HttpOnly or Secure flag: {header}");
}

#[tokio::test]
async fn a_language_the_site_does_not_have_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();

    for language in ["fr", "", "he; Path=/evil", "he\r\nSet-Cookie: x=1", &"h".repeat(5000)] {
        let answer = browser.call("set_language", &[("language", language)]).await;
        let message = answer.assert_invalid_input();
        assert!(message.starts_with("There is no language"), "{message}");
        assert!(!answer.sets_cookie, "no cookie for {language:?}");
    }
}

#[tokio::test]
async fn the_switch_sends_the_browser_back_to_its_page_and_only_to_a_page_of_this_site() {
    let app = spawn_app().await;
    let browser = app.browser();
    for (next, expected) in
        [("/sign-in?next=%2Fcart", "/sign-in?next=%2Fcart"), ("https://evil.example/", "/"), ("//evil.example", "/")]
    {
        let response = browser.submit_form("set_language", &[("language", "he"), ("next", next)]).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(response.headers()["location"], expected, "for next={next}");
    }
}

#[tokio::test]
async fn server_messages_come_in_the_language_of_the_request() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser
        .http
        .post(format!("{}/api/create_password_account", browser.address()))
        .header("accept-language", "he")
        .form(&[("username", "dana"), ("display_name", ""), ("password", "short")])
        .send()
        .await
        .expect("the server answers");
    let answer = crate::helpers::Answer::from(response).await;
    let message = answer.assert_invalid_input();
    assert!(message.chars().any(|c| ('\u{05D0}'..='\u{05EA}').contains(&c)), "a Hebrew message: {message}");

    let answer = browser.create_password_account("dana", "short").await;
    assert_eq!(answer.assert_invalid_input(), "Password must be at least 8 characters long.");
}
