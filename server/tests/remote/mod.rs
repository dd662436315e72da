//! A server binary in its own process, and passkey ceremonies against it over HTTP, for what must look at the
//! process from outside: the crash test (`tests/crash.rs`) and the load generator (`examples/sign_in_load.rs`).
//! Both include this file, and the software authenticator, as modules of their own.

use crate::authenticator::SoftAuthenticator;
use reqwest::Client;
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use webauthn_rs_proto::{CreationChallengeResponse, PublicKeyCredential, RequestChallengeResponse};

pub const NO_ARGUMENTS: [(&str, &str); 0] = [];

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Where a server answers.
#[derive(Debug, Clone)]
pub struct Site {
    /// Where to send requests: `http://127.0.0.1:<port>`.
    pub address: String,
    /// The origin the relying party expects, which the authenticator must write into its answers.
    pub origin: String,
}

/// A running server process; killed when dropped.
pub struct Server {
    pub child: Child,
    pub site: Site,
}

impl Server {
    /// Starts `binary` on `port` with its database at `database` (a `DATABASE_URL`: a SQLite path or a
    /// PostgreSQL URL) and the settings in `env` besides the listener, RP and database ones; returns once it
    /// answers.
    pub async fn start(binary: &Path, port: u16, database: &str, env: &[(&str, &str)]) -> Self {
        Self::start_with_output(binary, port, database, env, Stdio::null()).await
    }

    /// [`start`](Self::start), with the process's standard output (its logs) going to `stdout`.
    pub async fn start_with_output(
        binary: &Path,
        port: u16,
        database: &str,
        env: &[(&str, &str)],
        stdout: Stdio,
    ) -> Self {
        let origin = format!("http://localhost:{port}");
        let child = Command::new(binary)
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("RP_ID", "localhost")
            .env("RP_ORIGIN", &origin)
            .env("DATABASE_URL", database)
            .envs(env.iter().copied())
            .stdout(stdout)
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let server = Self { child, site: Site { address: format!("http://127.0.0.1:{port}"), origin } };
        for _ in 0..200 {
            if reqwest::get(format!("{}/api/current_user", server.site.address)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start"); // `server` is dropped: the process is killed and reaped
    }

    /// Asks the process to stop as an orchestrator does (SIGTERM) and waits for it to exit, for at most `wait`;
    /// its exit status, or `None` if it was still running then (it is then killed).
    pub fn terminate(&mut self, wait: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = std::time::Instant::now() + wait;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        None
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and waits until it is gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A browser: a cookie jar of its own.
pub fn client() -> Client {
    Client::builder().cookie_store(true).timeout(Duration::from_secs(5)).build().expect("an HTTP client")
}

/// Signs up `name` with a new passkey on a new authenticator; both, if the server acknowledged it.
pub async fn sign_up(server: &Site, name: &str) -> Option<(Client, SoftAuthenticator)> {
    let http = client();
    let mut authenticator = SoftAuthenticator::new(&server.origin);
    let options: CreationChallengeResponse = http
        .post(format!("{}/api/start_registration", server.address))
        .form(&[("username", name), ("display_name", "")])
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let credential = authenticator.create(&options);
    let answer = http
        .post(format!("{}/api/finish_registration", server.address))
        .json(&json!({ "credential": credential }))
        .send()
        .await;
    answer.ok()?.status().is_success().then_some((http, authenticator))
}

/// How a sign-in gets its challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInPath {
    /// The modal flow: `start_sign_in` stores the ceremony, `finish_sign_in` takes it.
    Modal,
    /// The one-click button and autofill: `prepare_sign_in` issues a signed ticket (no database write, in the
    /// browser it comes with the page), `finish_prepared_sign_in` redeems it once.
    OneClick,
}

/// One complete passkey sign-in by `path`, its answer first passed through `spoil`; the answer sent, if the
/// server acknowledged it.
pub async fn sign_in_by(
    path: SignInPath,
    server: &Site,
    http: &Client,
    authenticator: &mut SoftAuthenticator,
    spoil: impl FnOnce(&mut PublicKeyCredential),
) -> Option<PublicKeyCredential> {
    #[derive(serde::Deserialize)]
    struct Prepared {
        options: RequestChallengeResponse,
        ticket: String,
    }
    let post = |endpoint: &str| http.post(format!("{}/api/{endpoint}", server.address));
    let (options, ticket, finish) = match path {
        SignInPath::Modal => {
            let options: RequestChallengeResponse =
                post("start_sign_in").form(&NO_ARGUMENTS).send().await.ok()?.json().await.ok()?;
            (options, None, "finish_sign_in")
        }
        SignInPath::OneClick => {
            let prepared: Prepared =
                post("prepare_sign_in").form(&NO_ARGUMENTS).send().await.ok()?.json().await.ok()?;
            (prepared.options, Some(prepared.ticket), "finish_prepared_sign_in")
        }
    };
    let mut credential = authenticator.get(&options);
    spoil(&mut credential);
    let body = match ticket {
        Some(ticket) => json!({ "ticket": ticket, "credential": credential }),
        None => json!({ "credential": credential }),
    };
    let answer = post(finish).json(&body).send().await;
    answer.ok()?.status().is_success().then_some(credential)
}

/// One complete modal passkey sign-in (see [`sign_in_by`]).
pub async fn sign_in(
    server: &Site,
    http: &Client,
    authenticator: &mut SoftAuthenticator,
    spoil: impl FnOnce(&mut PublicKeyCredential),
) -> Option<PublicKeyCredential> {
    sign_in_by(SignInPath::Modal, server, http, authenticator, spoil).await
}
