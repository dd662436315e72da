//! Several server processes over one PostgreSQL database, as behind a load balancer: every ceremony, session,
//! ticket and order is the database's, so a request may land on either process and the answer is the same.
//! Each test starts two real server binaries at the same moment on a PostgreSQL database that does not exist yet,
//! so their first starts race (creating the database, migrating it, generating the ticket key), both configured
//! for one public origin, as a proxy in front of them presents it.

#[allow(dead_code, unreachable_pub)]
#[path = "api/authenticator.rs"]
mod authenticator;

#[allow(dead_code, unreachable_pub)]
mod remote;

#[allow(dead_code, unreachable_pub)]
#[path = "support/test_database.rs"]
mod test_database;

use authenticator::SoftAuthenticator;
use futures::future::join_all;
use remote::{NO_ARGUMENTS, Server, Site, client, free_port};
use reqwest::Client;
use serde_json::{Value, json};
use std::path::Path;
use test_database::{Backend, TestDatabase, test_settings};
use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

/// The origin both processes serve, as the browser sees it through the proxy.
const ORIGIN: &str = test_database::TEST_ORIGIN;

/// Two server processes on one PostgreSQL database; stopped, and the database dropped, at the end.
struct Pair {
    a: Server,
    b: Server,
    database: TestDatabase,
}

impl Pair {
    async fn start() -> Self {
        let database = TestDatabase::postgres_to_be_created();
        let env = [("RUST_LOG", "error"), ("RP_ORIGIN", ORIGIN), ("STARTS_PER_MINUTE", "1000000")];
        let binary = Path::new(env!("CARGO_BIN_EXE_server"));
        let (a, b) = tokio::join!(
            Server::start(binary, free_port(), database.url(), &env),
            Server::start(binary, free_port(), database.url(), &env),
        );
        Self { a, b, database }
    }

    fn a(&self) -> &str {
        &self.a.site.address
    }

    fn b(&self) -> &str {
        &self.b.site.address
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.database.pool().await).await.expect("a count")
    }
}

async fn post_form(http: &Client, server: &str, function: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let answer = http.post(format!("{server}/api/{function}")).form(form).send().await.expect("an answer");
    (answer.status().as_u16(), answer.json().await.unwrap_or(Value::Null))
}

async fn post_json(http: &Client, server: &str, function: &str, body: Value) -> (u16, Value) {
    let answer = http.post(format!("{server}/api/{function}")).json(&body).send().await.expect("an answer");
    (answer.status().as_u16(), answer.json().await.unwrap_or(Value::Null))
}

/// The signed-in username as `server` sees the browser `http`.
async fn username_on(http: &Client, server: &str) -> Option<String> {
    let (status, user) = post_form(http, server, "current_user", &NO_ARGUMENTS).await;
    assert_eq!(status, 200);
    user["username"].as_str().map(str::to_owned)
}

/// Signs `name` up with a passkey on `server`; the browser and its authenticator.
async fn sign_up(server: &str, name: &str) -> (Client, SoftAuthenticator) {
    let site = Site { address: server.to_owned(), origin: ORIGIN.to_owned() };
    let (http, authenticator) = remote::sign_up(&site, name).await.expect("the sign-up succeeds");
    (http, authenticator)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_and_a_sign_in_started_on_one_instance_finish_on_the_other() {
    let pair = Pair::start().await;
    let (http, mut authenticator) = (client(), SoftAuthenticator::new(ORIGIN));

    let (status, options) =
        post_form(&http, pair.a(), "start_registration", &[("username", "ada"), ("display_name", "")]).await;
    assert_eq!(status, 200, "{options}");
    let options: CreationChallengeResponse = serde_json::from_value(options).expect("creation options");
    let credential = authenticator.create(&options);
    let (status, body) = post_json(&http, pair.b(), "finish_registration", json!({ "credential": credential })).await;
    assert_eq!(status, 200, "the registration started on A finishes on B: {body}");
    assert_eq!(username_on(&http, pair.a()).await.as_deref(), Some("ada"), "and A sees the new session");

    let other_browser = client();
    let (status, options) = post_form(&other_browser, pair.b(), "start_sign_in", &NO_ARGUMENTS).await;
    assert_eq!(status, 200);
    let options: RequestChallengeResponse = serde_json::from_value(options).expect("request options");
    let credential = authenticator.get(&options);
    let (status, body) =
        post_json(&other_browser, pair.a(), "finish_sign_in", json!({ "credential": credential })).await;
    assert_eq!(status, 200, "the sign-in started on B finishes on A: {body}");
    assert_eq!(username_on(&other_browser, pair.b()).await.as_deref(), Some("ada"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_instance_is_valid_on_the_other_and_a_sign_out_on_one_ends_it_on_both() {
    let pair = Pair::start().await;
    let (http, _) = sign_up(pair.a(), "grace").await;
    assert_eq!(username_on(&http, pair.b()).await.as_deref(), Some("grace"), "B knows A's session");

    let (status, _) = post_form(&http, pair.b(), "sign_out", &NO_ARGUMENTS).await;
    assert_eq!(status, 200);
    assert_eq!(username_on(&http, pair.a()).await, None, "signed out on B is signed out on A");
    assert_eq!(username_on(&http, pair.b()).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pre_issued_ticket_is_redeemed_once_across_both_instances() {
    let pair = Pair::start().await;
    let (_, mut authenticator) = sign_up(pair.a(), "alan").await;
    let http = client();
    let (status, prepared) = post_form(&http, pair.a(), "prepare_sign_in", &NO_ARGUMENTS).await;
    assert_eq!(status, 200);
    let options: RequestChallengeResponse =
        serde_json::from_value(prepared["options"].clone()).expect("request options");
    let body = json!({ "ticket": prepared["ticket"], "credential": authenticator.get(&options) });

    // 50 redemptions of the one answer, at once, split over the two processes.
    let redemptions = (0..50).map(|i| {
        let server = if i % 2 == 0 { pair.a() } else { pair.b() };
        post_json(&http, server, "finish_prepared_sign_in", body.clone())
    });
    let statuses: Vec<u16> = join_all(redemptions).await.into_iter().map(|(status, _)| status).collect();

    let signed_in = statuses.iter().filter(|status| **status == 200).count();
    assert_eq!(signed_in, 1, "exactly one redemption signs in: {statuses:?}");
    assert!(statuses.iter().all(|status| *status == 200 || *status == 410), "the others are refused: {statuses:?}");
    assert_eq!(pair.count("SELECT COUNT(*) FROM sign_ins").await, 2, "the sign-up's and this one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_instances_sign_tickets_with_the_same_key_though_they_started_together() {
    let pair = Pair::start().await;
    assert_eq!(pair.count("SELECT COUNT(*) FROM server_secrets").await, 1, "one key for both");
    let (_, mut authenticator) = sign_up(pair.b(), "edsger").await;

    for (issuer, redeemer) in [(pair.a(), pair.b()), (pair.b(), pair.a())] {
        let http = client();
        let (_, prepared) = post_form(&http, issuer, "prepare_sign_in", &NO_ARGUMENTS).await;
        let options: RequestChallengeResponse =
            serde_json::from_value(prepared["options"].clone()).expect("request options");
        let body = json!({ "ticket": prepared["ticket"], "credential": authenticator.get(&options) });
        let (status, answer) = post_json(&http, redeemer, "finish_prepared_sign_in", body).await;
        assert_eq!(status, 200, "a ticket issued by one instance is good on the other: {answer}");
        assert_eq!(username_on(&http, issuer).await.as_deref(), Some("edsger"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_checkout_submitted_to_both_instances_at_once_makes_one_order() {
    let pair = Pair::start().await;
    let http = client();
    let (status, _) = post_form(&http, pair.a(), "add_to_cart", &[("product_id", "passkey-mug")]).await;
    assert_eq!(status, 200);
    let (status, checkout) = post_form(&http, pair.b(), "checkout", &NO_ARGUMENTS).await;
    assert_eq!(status, 200, "the guest cart made on A is B's too: {checkout}");
    let order_key = checkout["order_key"].as_str().expect("an order key").to_owned();
    let form = [
        ("order_key", order_key.as_str()),
        ("email", "ada@example.com"),
        ("full_name", "Ada Lovelace"),
        ("address", "12 St James's Square, London"),
    ];

    let submissions =
        (0..10).map(|i| post_form(&http, if i % 2 == 0 { pair.a() } else { pair.b() }, "place_order", &form));
    let answers = join_all(submissions).await;

    assert!(answers.iter().all(|(status, _)| *status == 200), "every submission is answered: {answers:?}");
    let first = &answers[0].1;
    assert!(answers.iter().all(|(_, order)| order == first), "all with the same order: {answers:?}");
    assert_eq!(pair.count("SELECT COUNT(*) FROM orders").await, 1, "one order");
    assert_eq!(pair.count("SELECT CAST(SUM(quantity) AS BIGINT) FROM order_lines").await, 1, "one mug");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanups_running_at_once_on_two_instances_both_succeed_and_leave_nothing_expired() {
    let database = TestDatabase::on(Backend::Postgres).await;
    let mut instances = Vec::new();
    for _ in 0..2 {
        let settings = test_settings(&database.database, std::time::Duration::from_secs(300));
        let app = server::Application::build_with_clock(settings, app::state::Clock::system())
            .await
            .expect("the application builds");
        let (address, cleanup, clock) = (format!("http://{}", app.local_addr()), app.cleanup(), app.clock());
        tokio::spawn(app.run_until_stopped());
        instances.push((address, cleanup, clock));
    }
    // Cookie-less visitors start ceremonies on both: a ceremony and a session each.
    for (address, _, _) in &instances {
        for _ in 0..20 {
            let (status, _) = post_form(&client(), address, "start_sign_in", &NO_ARGUMENTS).await;
            assert_eq!(status, 200);
        }
    }
    let count = |counts: &[(String, i64)], table: &str| {
        counts.iter().find(|(name, _)| name == table).map_or(0, |(_, count)| *count)
    };
    let before = database.row_counts().await;
    assert_eq!((count(&before, "ceremonies"), count(&before, "tower_sessions")), (40, 40));

    for (_, _, clock) in &instances {
        clock.advance(std::time::Duration::from_secs(8 * 24 * 3600));
    }
    let (first, second) = tokio::join!(instances[0].1.run_once(), instances[1].1.run_once());
    let (first, second) = (first.expect("the first cleanup runs"), second.expect("the second cleanup runs"));

    assert_eq!(first.ceremonies + second.ceremonies, 40, "each expired ceremony deleted once: {first:?} {second:?}");
    assert_eq!(first.sessions + second.sessions, 40, "each idle session deleted once: {first:?} {second:?}");
    let after = database.row_counts().await;
    assert_eq!((count(&after, "ceremonies"), count(&after, "tower_sessions")), (0, 0));
}
