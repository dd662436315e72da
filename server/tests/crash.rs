//! Nothing acknowledged is lost when the server process dies: the real server binary takes concurrent
//! registrations, passkey sign-ins and orders, is killed with SIGKILL in the middle of them, and started again on
//! the same database; every request that got a success answer before the kill is found there, and every passkey
//! registered before the kill signs in after it. On this run's backend (`TEST_DATABASE`): `scripts/test.sh` runs
//! it on SQLite and on PostgreSQL.

#[allow(dead_code, unreachable_pub)]
#[path = "api/authenticator.rs"]
mod authenticator;

#[allow(dead_code, unreachable_pub)]
mod remote;

#[allow(dead_code, unreachable_pub)]
#[path = "support/test_database.rs"]
mod test_database;

use remote::{NO_ARGUMENTS, Server, SignInPath, Site, client, free_port, sign_in_by, sign_up};
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use test_database::TestDatabase;

async fn start(database: &str, port: u16) -> Server {
    let env = [("RUST_LOG", "error"), ("STARTS_PER_MINUTE", "1000000")];
    Server::start(Path::new(env!("CARGO_BIN_EXE_server")), port, database, &env).await
}

/// What the server acknowledged before it died.
#[derive(Default)]
struct Acknowledged {
    /// Every acknowledged sign-up, with the authenticator that holds its passkey.
    sign_ups: Vec<(String, authenticator::SoftAuthenticator)>,
    /// (credential id, signature counter) of every acknowledged sign-in.
    sign_ins: Vec<(Vec<u8>, u32)>,
    orders: Vec<String>,
}

/// One passkey sign-in; the credential id and counter if the server acknowledged it.
async fn counted_sign_in(
    path: SignInPath,
    server: &Site,
    http: &reqwest::Client,
    authenticator: &mut authenticator::SoftAuthenticator,
) -> Option<(Vec<u8>, u32)> {
    let credential = sign_in_by(path, server, http, authenticator, |_| {}).await?;
    let data = &credential.response.authenticator_data;
    Some((credential.raw_id.clone(), u32::from_be_bytes([data[33], data[34], data[35], data[36]])))
}

/// A guest order of one sticker pack; its id if the server acknowledged it.
async fn order(server: &Site) -> Option<String> {
    let (http, base) = (client(), &server.address);
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
    let database = TestDatabase::new().await;
    let port = free_port();
    let mut server = start(database.url(), port).await;
    let site = server.site.clone();

    let mut returning = Vec::new();
    for i in 0..8 {
        returning.push(sign_up(&site, &format!("returning{i}")).await.expect("a returning customer signs up"));
    }
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let mut load = Vec::new();
    for worker in 0..6 {
        let (site, acknowledged) = (site.clone(), acknowledged.clone());
        load.push(tokio::spawn(async move {
            for i in 0.. {
                let name = format!("new{worker}x{i}");
                let Some((_, authenticator)) = sign_up(&site, &name).await else { break };
                acknowledged.lock().expect("not poisoned").sign_ups.push((name, authenticator));
            }
        }));
    }
    for (i, (http, mut authenticator)) in returning.into_iter().enumerate() {
        let (site, acknowledged) = (site.clone(), acknowledged.clone());
        // Half sign in as the one-click button does (a pre-issued ticket, redeemed once), half by the modal flow.
        let path = if i % 2 == 0 { SignInPath::OneClick } else { SignInPath::Modal };
        load.push(tokio::spawn(async move {
            while let Some(done) = counted_sign_in(path, &site, &http, &mut authenticator).await {
                acknowledged.lock().expect("not poisoned").sign_ins.push(done);
            }
        }));
    }
    for _ in 0..4 {
        let (site, acknowledged) = (site.clone(), acknowledged.clone());
        load.push(tokio::spawn(async move {
            while let Some(id) = order(&site).await {
                acknowledged.lock().expect("not poisoned").orders.push(id);
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill(); // SIGKILL: no shutdown, no checkpoint, the process is gone mid-write
    for task in load {
        task.await.expect("a load task ends once the server is gone");
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().expect("not poisoned"));
    assert!(
        acknowledged.sign_ups.len() >= 5 && acknowledged.sign_ins.len() >= 5 && acknowledged.orders.len() >= 5,
        "the load did real work before the kill: {} sign-ups, {} sign-ins, {} orders",
        acknowledged.sign_ups.len(),
        acknowledged.sign_ins.len(),
        acknowledged.orders.len()
    );

    eprintln!(
        "{:?}: acknowledged before the kill: {} sign-ups, {} sign-ins, {} orders",
        database.backend,
        acknowledged.sign_ups.len(),
        acknowledged.sign_ins.len(),
        acknowledged.orders.len()
    );
    let restarted = start(database.url(), port).await; // stopped when dropped
    let pool = database.pool().await;
    for (name, _) in &acknowledged.sign_ups {
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
    for (name, mut authenticator) in acknowledged.sign_ups {
        let signed_in = sign_in_by(SignInPath::OneClick, &restarted.site, &client(), &mut authenticator, |_| {}).await;
        assert!(signed_in.is_some(), "the passkey of {name}, acknowledged before the kill, signs in after it");
    }
}
