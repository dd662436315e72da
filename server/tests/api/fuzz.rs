//! Malformed, truncated, oversized and random bodies to every server function: the answer is always below 500
//! and, when it is a refusal, a clear [`AppError`]; nothing panics, and the server keeps answering.

use crate::helpers::{Answer, Browser, TestApp, spawn_app};
use app::error::AppError;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

/// Every server function the app registers.
fn server_functions() -> Vec<String> {
    let mut paths: Vec<String> = server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect();
    paths.sort();
    paths
}

/// Names the server functions' arguments use, so that random bodies often reach the argument decoders, and a
/// form with all of them decodes for every function whose arguments are text and so reaches its own checks.
const FIELDS: [&str; 19] = [
    "address",
    "credential",
    "credential_id",
    "display_name",
    "email",
    "full_name",
    "id",
    "label",
    "language",
    "next",
    "order_id",
    "order_key",
    "outcome",
    "password",
    "product_id",
    "quantity",
    "ticket",
    "username",
    "via",
];

fn field() -> impl Strategy<Value = String> {
    prop_oneof![proptest::sample::select(FIELDS.to_vec()).prop_map(str::to_owned), ".{0,12}"]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(field(), inner, 0..6).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A request body and the content type it is sent as.
#[derive(Debug, Clone)]
enum Body {
    Json(String),
    Form(String),
}

fn body() -> impl Strategy<Value = Body> {
    let form_pairs = vec((field(), ".{0,40}"), 0..6).prop_map(|pairs| form(pairs.iter().map(|(k, v)| (&**k, &**v))));
    // Every argument name with a random value (any text, digits or nothing): past the decoders, into the
    // functions' own checks.
    let value = prop_oneof![".{0,40}", "[0-9]{1,10}", Just(String::new())];
    let every_field =
        vec(value, FIELDS.len()).prop_map(|values| form(FIELDS.into_iter().zip(values.iter().map(|v| &**v))));
    prop_oneof![
        3 => every_field,
        1 => json().prop_map(|value| Body::Json(value.to_string())),
        // Valid JSON cut short anywhere.
        1 => (json(), any::<prop::sample::Index>()).prop_map(|(value, cut)| {
            let text = value.to_string();
            let mut end = cut.index(text.len() + 1);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            Body::Json(text[..end].to_owned())
        }),
        1 => form_pairs,
        // Random bytes, as either kind.
        1 => (vec(any::<u8>(), 0..256), any::<bool>()).prop_map(|(bytes, as_json)| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if as_json { Body::Json(text) } else { Body::Form(text) }
        }),
        // Nesting deeper than any decoder should follow.
        1 => (1usize..2000).prop_map(|depth| Body::Json(format!("{}{}", "[".repeat(depth), "]".repeat(depth)))),
    ]
}

/// A URL-encoded form of these names and values.
fn form<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Body {
    Body::Form(pairs.map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&"))
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

async fn post(browser: &Browser, app: &TestApp, path: &str, body: &Body) -> Answer {
    let (content_type, text) = match body {
        Body::Json(text) => ("application/json", text.clone()),
        Body::Form(text) => ("application/x-www-form-urlencoded", text.clone()),
    };
    let response = browser
        .http
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .body(text)
        .send()
        .await
        .expect("the server answers");
    Answer::from(response).await
}

/// An answer a client can act on: success, or a 4xx whose body is an [`AppError`].
fn assert_clear(path: &str, body: &Body, answer: &Answer) -> Result<(), TestCaseError> {
    prop_assert!(answer.status < 500, "{path} answered {} to {body:?}: {}", answer.status, answer.body);
    if answer.status >= 400 {
        let error: Result<AppError, _> = serde_json::from_value(answer.body.clone());
        prop_assert!(error.is_ok(), "{path} refused {body:?} without an AppError: {}", answer.body);
    }
    Ok(())
}

#[test]
fn random_bodies_to_every_server_function_get_a_clear_answer_below_500() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let app = runtime.block_on(spawn_app());
    let browser = app.browser();
    let paths = server_functions();
    let mut runner = TestRunner::new(Config { cases: 600, failure_persistence: None, ..Config::default() });

    let cases = (proptest::sample::select(paths), body());
    runner
        .run(&cases, |(path, body)| {
            let answer = runtime.block_on(post(&browser, &app, &path, &body));
            assert_clear(&path, &body, &answer)
        })
        .expect("every answer is clear");

    let still: Answer = runtime.block_on(browser.call("list_products", &[]));
    assert_eq!(still.status, 200, "the server still answers");
}

#[tokio::test]
async fn an_oversized_body_to_any_server_function_is_refused_without_an_error_on_our_side() {
    let app = spawn_app().await;
    // A new connection for each request, as a refused body may leave its connection unusable.
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("an HTTP client");
    let browser = Browser::with_client(&app.address, http);
    let filler = "a".repeat(server::cross_site::MAX_BODY_BYTES + 1);
    let before = app.row_counts().await;

    for path in server_functions() {
        for body in [Body::Json(format!("{{\"username\":\"{filler}\"}}")), Body::Form(format!("username={filler}"))] {
            post(&browser, &app, &path, &body).await.assert_error(AppError::TooLarge);
        }
    }
    assert_eq!(app.row_counts().await, before, "nothing was written");
    assert_eq!(browser.call("list_products", &[]).await.status, 200, "the server still answers");
}
