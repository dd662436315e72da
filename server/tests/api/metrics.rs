//! `/metrics`: private unless a token is configured, and counting what whoever runs the site wants to know:
//! request latency by route, every sign-in by the way it came and how it ended, orders by customers and guests.

use crate::authenticator::SoftAuthenticator;
use crate::helpers::{ORIGIN, TestApp, spawn_app, spawn_app_with_settings};
use serde_json::json;

const TOKEN: &str = "scrape-me-8c1f";

async fn app_with_metrics() -> TestApp {
    spawn_app_with_settings(|settings| settings.metrics_token = Some(TOKEN.into())).await
}

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut request = app.browser().http.get(format!("{}/metrics", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("an answer")
}

async fn metrics(app: &TestApp) -> String {
    let answer = scrape(app, Some(TOKEN)).await;
    assert_eq!(answer.status(), 200);
    answer.text().await.expect("text")
}

/// The value of the series `name{labels}` (labels as Prometheus writes them, in order), if it exists.
fn value(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn without_a_token_configured_there_is_no_metrics_endpoint() {
    let app = spawn_app().await;
    assert_eq!(scrape(&app, None).await.status(), 404);
    assert_eq!(scrape(&app, Some("anything")).await.status(), 404);
}

#[tokio::test]
async fn metrics_are_given_only_for_the_configured_token_and_never_cached() {
    let app = app_with_metrics().await;
    assert_eq!(scrape(&app, None).await.status(), 401);
    assert_eq!(scrape(&app, Some("scrape-me-8c1e")).await.status(), 401);
    let answer = scrape(&app, Some(TOKEN)).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert!(answer.text().await.expect("text").contains("# TYPE http_request_duration_seconds histogram"));
}

#[tokio::test]
async fn requests_are_timed_by_route_pattern_not_by_raw_path() {
    let app = app_with_metrics().await;
    let browser = app.browser();
    browser.get_page("/").await;
    browser.get_page("/orders/0123456789abcdef").await;
    browser.get_page("/orders/fedcba9876543210").await;
    browser.get_page("/no/such/page").await;

    let metrics = metrics(&app).await;
    let count = |route: &str, status: u16| {
        value(
            &metrics,
            &format!("http_request_duration_seconds_count{{route=\"{route}\",method=\"GET\",status=\"{status}\"}}"),
        )
    };
    assert_eq!(count("/", 200), Some(1.0), "{metrics}");
    assert_eq!(count("/orders/{id}", 404), Some(2.0), "both orders under one series: {metrics}");
    assert_eq!(count("other", 404), Some(1.0), "an unknown path under `other`: {metrics}");
    assert!(!metrics.contains("0123456789abcdef"), "no raw path becomes a label");
}

#[tokio::test]
async fn every_sign_in_is_counted_by_the_way_it_came_and_how_it_ended() {
    let app = app_with_metrics().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    app.browser().create_password_account("bob", "correct horse battery staple").await;

    // A modal sign-in, and a finish with no ceremony started.
    let modal = app.browser();
    let options = modal.start_sign_in().await;
    assert_eq!(modal.finish_sign_in(&authenticator.get(&options)).await.status, 200);
    let stray = authenticator.get(&app.browser().start_sign_in().await);
    assert_eq!(app.browser().finish_sign_in(&stray).await.status, 410);

    // The checkout button, in immediate mode, with a passkey.
    let checkout = app.browser();
    let (options, ticket) = checkout.prepare_sign_in().await;
    let credential = authenticator.get(&options);
    let body = json!({ "ticket": ticket, "credential": credential, "via": "checkout" });
    assert_eq!(checkout.call_json("finish_prepared_sign_in", body).await.status, 200);

    // The password form, with a wrong password; immediate mode with a saved password.
    assert_eq!(app.browser().sign_in_with_password("bob", "wrong horse").await.status, 401);
    let immediate = [("username", "bob"), ("password", "correct horse battery staple"), ("via", "immediate")];
    assert_eq!(app.browser().call("sign_in_with_password", &immediate).await.status, 200);

    // What only the browser saw.
    let nothing = [("via", "immediate"), ("outcome", "nothing_on_device")];
    assert_eq!(app.browser().call("report_sign_in_outcome", &nothing).await.status, 200);

    let metrics = metrics(&app).await;
    let sign_ins = |via: &str, credential: &str, outcome: &str| {
        value(&metrics, &format!("sign_ins_total{{via=\"{via}\",credential=\"{credential}\",outcome=\"{outcome}\"}}"))
    };
    assert_eq!(sign_ins("modal", "passkey", "success"), Some(1.0), "{metrics}");
    assert_eq!(sign_ins("modal", "passkey", "ceremony_expired"), Some(1.0), "{metrics}");
    assert_eq!(sign_ins("checkout", "passkey", "success"), Some(1.0), "{metrics}");
    assert_eq!(sign_ins("password_form", "password", "wrong_credentials"), Some(1.0), "{metrics}");
    assert_eq!(sign_ins("immediate", "password", "success"), Some(1.0), "{metrics}");
    assert_eq!(sign_ins("immediate", "none", "nothing_on_device"), Some(1.0), "{metrics}");
}

#[tokio::test]
async fn a_report_of_an_outcome_the_server_does_not_know_is_refused_and_counts_nothing() {
    let app = app_with_metrics().await;
    let made_up = [("via", "immediate"), ("outcome", "made_up")];
    assert_eq!(app.browser().call("report_sign_in_outcome", &made_up).await.status, 400);
    assert!(!metrics(&app).await.contains("made_up"));
}

#[tokio::test]
async fn orders_are_counted_as_placed_by_customers_or_guests() {
    let app = app_with_metrics().await;
    let guest = app.browser();
    guest.add("sticker-pack").await;
    assert_eq!(guest.place(&guest.order_key().await).await.status, 200);
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let customer = app.browser();
    customer.sign_up(&mut authenticator, "carol").await;
    customer.add("passkey-mug").await;
    let key = customer.order_key().await;
    assert_eq!(customer.place(&key).await.status, 200);
    assert_eq!(customer.place(&key).await.status, 200, "a double submit is one order");

    let metrics = metrics(&app).await;
    assert_eq!(value(&metrics, "orders_total{customer=\"guest\"}"), Some(1.0), "{metrics}");
    assert_eq!(value(&metrics, "orders_total{customer=\"customer\"}"), Some(1.0), "{metrics}");
}
