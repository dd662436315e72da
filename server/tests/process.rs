//! The server process as whoever runs it sees it: asked to stop (SIGTERM, as orchestrators do), it finishes the
//! requests it has taken and exits cleanly, losing nothing it acknowledged; and it can log JSON for a collector.

#[allow(dead_code, unreachable_pub)]
#[path = "api/authenticator.rs"]
mod authenticator;

#[allow(dead_code, unreachable_pub)]
mod remote;

#[allow(dead_code, unreachable_pub)]
#[path = "support/test_database.rs"]
mod test_database;

use remote::{Server, client, free_port};
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use test_database::TestDatabase;

const PASSWORD: &str = "correct horse battery staple";
const ACCOUNTS: usize = 40;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_server"))
}

async fn create_password_account(address: &str, username: &str) -> Option<u16> {
    let form = [("username", username), ("display_name", ""), ("password", PASSWORD)];
    let answer = client().post(format!("{address}/api/create_password_account")).form(&form).send().await.ok()?;
    Some(answer.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sigterm_the_server_finishes_the_requests_it_took_then_exits_cleanly() {
    let database = TestDatabase::new().await;
    // One address sends every request here; the per-address password limit would refuse some.
    let env = [
        ("RUST_LOG", "error"),
        ("PASSWORD_ATTEMPTS_PER_MINUTE", "1000"),
        ("PASSWORD_ATTEMPTS_PER_ACCOUNT_PER_MINUTE", "1000"),
    ];
    let mut server = Server::start(binary(), free_port(), database.url(), &env).await;
    let address = server.site.address.clone();

    // Password sign-ups hash with argon2, at most four at a time: forty keep the server busy for a while.
    let sign_ups: Vec<_> = (0..ACCOUNTS)
        .map(|i| {
            let address = address.clone();
            tokio::spawn(async move { create_password_account(&address, &format!("user{i}")).await })
        })
        .collect();
    // The signal comes once the first few are answered: by then the server has taken every request (accepting a
    // connection is far quicker than a round of hashes), and most are still being worked on. A fixed pause was
    // not enough on a loaded machine, where some requests had not reached the server yet and were refused.
    let answered = || sign_ups.iter().filter(|sign_up| sign_up.is_finished()).count();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while answered() < 4 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let answered = answered();
    assert!(answered < ACCOUNTS, "requests are still in flight when the signal comes ({answered} answered)");
    let exit = tokio::task::spawn_blocking(move || server.terminate(Duration::from_secs(20)))
        .await
        .expect("the wait finishes");

    for (i, sign_up) in sign_ups.into_iter().enumerate() {
        assert_eq!(sign_up.await.expect("a request task"), Some(200), "sign-up {i} was answered in full");
    }
    let exit = exit.expect("the server exits within 20 s of SIGTERM");
    assert!(exit.success(), "a clean exit, not a crash: {exit}");

    // Every acknowledged account is there after a restart.
    let server = Server::start(binary(), free_port(), database.url(), &env).await;
    for i in 0..ACCOUNTS {
        let form = [("username", format!("user{i}")), ("password", PASSWORD.to_owned())];
        let answer = client()
            .post(format!("{}/api/sign_in_with_password", server.site.address))
            .form(&form)
            .send()
            .await
            .expect("an answer");
        assert_eq!(answer.status(), 200, "user{i} signs in after the restart");
    }
}

#[tokio::test]
async fn with_log_format_json_every_log_line_is_one_json_object() {
    let database = TestDatabase::new().await;
    let env = [("RUST_LOG", "info"), ("LOG_FORMAT", "json")];
    let mut server = Server::start_with_output(binary(), free_port(), database.url(), &env, Stdio::piped()).await;
    let mut stdout = server.child.stdout.take().expect("the logs");
    server.terminate(Duration::from_secs(10)).expect("the server stops");
    let mut logs = String::new();
    stdout.read_to_string(&mut logs).expect("the logs are UTF-8");

    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let messages: Vec<&str> = lines.iter().filter_map(|line| line["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("listening on http://")), "{logs}");
    assert!(messages.contains(&"stopped"), "{logs}");
    assert!(lines.iter().all(|line| line["level"].is_string() && line["timestamp"].is_string()), "{logs}");
}
