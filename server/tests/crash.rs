//! Nothing acknowledged is lost when the server process dies: the real server binary takes concurrent
//! registrations, passkey sign-ins and orders, is killed with SIGKILL in the middle of them, and started again on
//! the same database; every request that got a success answer before the kill is found there.

#[allow(dead_code, unreachable_pub)]
#[path = "api/authenticator.rs"]
mod authenticator;

use authenticator::SoftAuthenticator;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

const NO_ARGUMENTS: [(&str, &str); 0] = [];

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Starts the server binary on `database`; returns it once it answers.
async fn start(database: &Path, port: u16) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("RP_ID", "localhost")
        .env("RP_ORIGIN", "http://localhost:3000")
        .env("DATABASE_PATH", database)
        .env("RUST_LOG", "error")
        .env("STARTS_PER_MINUTE", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    for _ in 0..200 {
        if reqwest::get(format!("http://127.0.0.1:{port}/api/current_user")).await.is_ok() {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(5)).build().expect("an HTTP client")
}

/// What the server acknowledged before it died.
#[derive(Default)]
struct Acknowledged {
    usernames: Vec<String>,
    /// (credential id, signature counter) of every acknowledged sign-in.
    sign_ins: Vec<(Vec<u8>, u32)>,
    orders: Vec<String>,
}

async fn register(base: &str, name: &str) -> Option<(reqwest::Client, SoftAuthenticator)> {
    let http = client();
    let mut authenticator = SoftAuthenticator::new("http://localhost:3000");
    let options: CreationChallengeResponse = http
        .post(format!("{base}/api/start_registration"))
        .form(&[("username", name), ("display_name", "")])
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let credential = authenticator.create(&options);
    let answer =
        http.post(format!("{base}/api/finish_registration")).json(&json!({ "credential": credential })).send().await;
    answer.ok()?.status().is_success().then_some((http, authenticator))
}

/// One passkey sign-in; the credential id and counter if the server acknowledged it.
async fn sign_in(base: &str, http: &reqwest::Client, authenticator: &mut SoftAuthenticator) -> Option<(Vec<u8>, u32)> {
    let options: RequestChallengeResponse =
        http.post(format!("{base}/api/start_sign_in")).form(&NO_ARGUMENTS).send().await.ok()?.json().await.ok()?;
    let credential = authenticator.get(&options);
    let data = &credential.response.authenticator_data;
    let counter = u32::from_be_bytes([data[33], data[34], data[35], data[36]]);
    let answer =
        http.post(format!("{base}/api/finish_sign_in")).json(&json!({ "credential": credential })).send().await;
    answer.ok()?.status().is_success().then(|| (credential.raw_id.clone(), counter))
}

/// A guest order of one sticker pack; its id if the server acknowledged it.
async fn order(base: &str) -> Option<String> {
    let http = client();
    let added =
        http.post(format!("{base}/api/add_to_cart")).form(&[("product_id", "sticker-pack")]).send().await.ok()?;
    if !added.status().is_success() {
        return None;
    }
    let checkout: Value =
        http.post(format!("{base}/api/checkout")).form(&NO_ARGUMENTS).send().await.ok()?.json().await.ok()?;
    let order_key = checkout["order_key"].as_str()?.to_owned();
    let placed = http
        .post(format!("{base}/api/place_order"))
        .form(&[
            ("order_key", order_key.as_str()),
            ("email", "ada@example.com"),
            ("full_name", "Ada Lovelace"),
            ("address", "12 St James's Square, London"),
        ])
        .send()
        .await
        .ok()?;
    if !placed.status().is_success() {
        return None;
    }
    placed.json::<String>().await.ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_acknowledged_before_a_sigkill_is_there_after_the_restart() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("crash.sqlite");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&database, port).await;

    let mut returning = Vec::new();
    for i in 0..8 {
        returning.push(register(&base, &format!("returning{i}")).await.expect("a returning customer signs up"));
    }
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let mut load = Vec::new();
    for worker in 0..6 {
        let (base, acknowledged) = (base.clone(), acknowledged.clone());
        load.push(tokio::spawn(async move {
            for i in 0.. {
                let name = format!("new{worker}x{i}");
                let Some(_) = register(&base, &name).await else { break };
                acknowledged.lock().expect("not poisoned").usernames.push(name);
            }
        }));
    }
    for (http, mut authenticator) in returning {
        let (base, acknowledged) = (base.clone(), acknowledged.clone());
        load.push(tokio::spawn(async move {
            while let Some(done) = sign_in(&base, &http, &mut authenticator).await {
                acknowledged.lock().expect("not poisoned").sign_ins.push(done);
            }
        }));
    }
    for _ in 0..4 {
        let (base, acknowledged) = (base.clone(), acknowledged.clone());
        load.push(tokio::spawn(async move {
            while let Some(id) = order(&base).await {
                acknowledged.lock().expect("not poisoned").orders.push(id);
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().expect("SIGKILL"); // no shutdown, no checkpoint: the process is gone mid-write
    server.wait().expect("the server is gone");
    for task in load {
        task.await.expect("a load task ends once the server is gone");
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().expect("not poisoned"));
    assert!(
        acknowledged.usernames.len() >= 5 && acknowledged.sign_ins.len() >= 5 && acknowledged.orders.len() >= 5,
        "the load did real work before the kill: {} sign-ups, {} sign-ins, {} orders",
        acknowledged.usernames.len(),
        acknowledged.sign_ins.len(),
        acknowledged.orders.len()
    );

    eprintln!(
        "acknowledged before the kill: {} sign-ups, {} sign-ins, {} orders",
        acknowledged.usernames.len(),
        acknowledged.sign_ins.len(),
        acknowledged.orders.len()
    );
    let mut restarted = start(&database, port).await;
    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", database.display())).await.expect("the database opens");
    for name in &acknowledged.usernames {
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users u JOIN passkeys p ON p.user_id = u.id WHERE u.username = $1",
        )
        .bind(name)
        .fetch_one(&pool)
        .await
        .expect("a query");
        assert_eq!(found, 1, "the acknowledged sign-up of {name} and its passkey survived");
    }
    for (credential_id, counter) in &acknowledged.sign_ins {
        let stored: i64 = sqlx::query_scalar("SELECT sign_count FROM passkeys WHERE credential_id = $1")
            .bind(credential_id)
            .fetch_one(&pool)
            .await
            .expect("the passkey is there");
        assert!(
            stored >= i64::from(*counter),
            "an acknowledged sign-in's counter {counter} survived (stored {stored})"
        );
    }
    for id in &acknowledged.orders {
        let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("a query");
        assert_eq!(found, 1, "the acknowledged order {id} survived");
    }
    restarted.kill().expect("stopping the restarted server");
    let _ = restarted.wait();
}
