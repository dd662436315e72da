//! Errors in a page's URL are codes only: a plain HTML form that failed comes back with its error's fixed message,
//! and a link that carries text of its own (in leptos' `__err` or in `error`) shows none of it.

use crate::helpers::{Browser, spawn_app};
use base64::Engine as _;

const PLANTED: &str = "Your account is locked. Call +1-555-0100";

/// The page at `path`, as a browser whose `Accept-Language` is `language` gets it.
async fn page(browser: &Browser, path: &str, language: &str) -> String {
    let response = browser
        .http
        .get(format!("{}{path}", browser.address()))
        .header("accept", "text/html")
        .header("accept-language", language)
        .send()
        .await
        .expect("the server answers");
    response.text().await.expect("a page")
}

/// A link to `/sign-in` as the issue found it: leptos' error parameters with the planted sentence inside.
fn planted_link() -> String {
    let error = base64::engine::general_purpose::URL_SAFE.encode(format!(r#"{{"InvalidInput":"{PLANTED}"}}"#));
    format!("/sign-in?__path=%2Fapi%2Fsign_in_with_password&__err={error}")
}

#[tokio::test]
async fn a_link_with_text_in_its_error_shows_only_a_fixed_message_in_english_and_hebrew() {
    let app = spawn_app().await;
    let browser = app.browser();
    for (language, fixed) in [("en-US", "Please check the form and try again."), ("he-IL", "בדקו את הטופס ונסו שוב.")]
    {
        let html = page(&browser, &planted_link(), language).await;
        assert!(!html.contains(PLANTED) && !html.contains("locked."), "the planted text is on the page ({language})");
        assert!(html.contains(&format!(r#"<p role="alert" class="error">{fixed}</p>"#)), "{language}: {html}");
    }
}

#[tokio::test]
async fn an_error_code_this_site_does_not_write_shows_the_generic_message() {
    let app = spawn_app().await;
    let browser = app.browser();
    let planted = PLANTED.replace(' ', "%20").replace('+', "%2B");
    for path in [format!("/sign-in?error={planted}"), format!("/cart?error={planted}"), format!("/?error={planted}")] {
        let html = page(&browser, &path, "en-US").await;
        assert!(!html.contains(PLANTED), "the planted text is on {path}");
        assert!(html.contains("Something went wrong on our side. Please try again."), "{path}: {html}");
    }
}

#[tokio::test]
async fn the_checkout_takes_only_an_email_address_from_its_url() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.call("add_to_cart", &[("product_id", "passkey-mug")]).await.json::<serde_json::Value>();

    let html = page(&browser, "/checkout?guest=1&email=ada%40example.com", "en-US").await;
    assert!(html.contains(r#"value="ada@example.com""#), "an email address is filled in");
    let planted = PLANTED.replace(' ', "%20").replace('+', "%2B");
    let html = page(&browser, &format!("/checkout?guest=1&email={planted}"), "en-US").await;
    assert!(!html.contains(PLANTED), "the planted text is in the form");
    assert!(html.contains(r#"type="email" autocomplete="email" required value="""#), "the email field is empty");
}

/// Submits a plain HTML form from the page `from` and loads the page the server sends the browser back to.
async fn submit_from(browser: &Browser, from: &str, name: &str, form: &[(&str, &str)]) -> (String, String) {
    let response = browser
        .http
        .post(format!("{}/api/{name}", browser.address()))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{from}", browser.address()))
        .form(form)
        .send()
        .await
        .expect("the server answers");
    assert!(response.status().is_redirection(), "{name}: {}", response.status());
    let location = response.headers()["location"].to_str().expect("an ASCII location").to_owned();
    let back = location.strip_prefix(browser.address()).unwrap_or(&location).to_owned();
    (back.clone(), page(browser, &back, "en-US").await)
}

/// A plain form post that fails: who sends it, from which page, to which server function, with what; and the
/// message its page then shows.
struct FailingForm<'a> {
    who: &'a Browser,
    from: &'a str,
    function: &'a str,
    form: &'a [(&'a str, &'a str)],
    message: &'a str,
}

#[tokio::test]
async fn every_plain_form_that_fails_comes_back_to_its_page_with_its_message() {
    let app = spawn_app().await;
    let customer = app.browser();
    customer.create_password_account("mallory", "long enough now").await.json::<serde_json::Value>();
    let guest = app.browser();
    let order_key = "0".repeat(32);
    let check_the_form = "Please check the form and try again.";

    let cases = [
        FailingForm {
            who: &guest,
            from: "/sign-in",
            function: "sign_in_with_password",
            form: &[("username", "mallory"), ("password", "wrong password")],
            message: "Wrong username or password.",
        },
        FailingForm {
            who: &guest,
            from: "/sign-up",
            function: "create_password_account",
            form: &[("username", "mallory"), ("display_name", ""), ("password", "long enough now")],
            message: "That username is taken. Please choose another one.",
        },
        FailingForm {
            who: &guest,
            from: "/sign-up",
            function: "create_password_account",
            form: &[("username", "trent"), ("display_name", ""), ("password", "short")],
            message: check_the_form,
        },
        FailingForm {
            who: &guest,
            from: "/",
            function: "add_to_cart",
            form: &[("product_id", "no-such-thing")],
            message: check_the_form,
        },
        FailingForm {
            who: &customer,
            from: "/cart",
            function: "update_cart",
            form: &[("product_id", "passkey-mug"), ("quantity", "11")],
            message: check_the_form,
        },
        FailingForm {
            who: &guest,
            from: "/cart",
            function: "place_order",
            form: &[
                ("order_key", &order_key),
                ("email", "trent@example.com"),
                ("full_name", "T"),
                ("address", "1 Road"),
            ],
            message: "Your cart is empty.",
        },
    ];
    for FailingForm { who, from, function, form, message } in cases {
        let (back, html) = submit_from(who, from, function, form).await;
        assert!(back.starts_with(&format!("{from}?")), "{function} goes back to {from}, not {back}");
        assert!(html.contains(message), "{function}: {message:?} is not on {back}: {html}");
    }
}
