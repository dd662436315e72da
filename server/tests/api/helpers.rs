//! Booting a test server and calling its server functions the way the hydrated client does.

use crate::test_database::{TEST_ORIGIN, TestDatabase, test_settings};
use app::auth::CurrentUser;
use app::error::AppError;
use app::passkeys::PreparedSignIn;
use app::state::Clock;
use serde::de::DeserializeOwned;
use serde_json::Value;
use server::Database;
use server::cleanup::Cleanup;
use server::{Application, Settings};
use std::time::Duration;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

/// The origin the test relying party is configured for (the server itself listens on a random port).
pub(crate) const ORIGIN: &str = TEST_ORIGIN;

pub(crate) struct TestApp {
    pub(crate) address: String,
    /// The test's own database, on the backend this run uses (`TEST_DATABASE`).
    pub(crate) database: TestDatabase,
    /// The server's clock: move it forward to let things expire without sleeping.
    pub(crate) clock: Clock,
    pub(crate) cleanup: Cleanup,
}

/// A browser: its own cookie jar, so its own session.
pub(crate) struct Browser {
    pub(crate) http: reqwest::Client,
    address: String,
}

/// A server function's answer: its status and JSON body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Value,
    /// Whether the answer set a cookie.
    pub(crate) sets_cookie: bool,
    /// Its `Retry-After` header.
    pub(crate) retry_after: Option<String>,
}

impl Answer {
    pub(crate) async fn from(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let sets_cookie = response.headers().contains_key("set-cookie");
        let retry_after =
            response.headers().get("retry-after").and_then(|value| value.to_str().ok()).map(str::to_owned);
        let text = response.text().await.expect("a response body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Self { status, body, sets_cookie, retry_after }
    }

    pub(crate) fn json<T: DeserializeOwned>(&self) -> T {
        assert!(self.status < 300, "expected success, got {} {}", self.status, self.body);
        serde_json::from_value(self.body.clone()).expect("response has the expected shape")
    }

    /// The [`AppError`] of a failed answer, decoded as the hydrated client decodes it.
    #[track_caller]
    pub(crate) fn error(&self) -> AppError {
        assert!(self.status >= 400, "expected a failure, got {} {}", self.status, self.body);
        serde_json::from_value(self.body.clone()).unwrap_or_else(|e| panic!("not an AppError ({e}): {}", self.body))
    }

    /// Asserts a failure with exactly `expected`, answered with the status it stands for.
    #[track_caller]
    pub(crate) fn assert_error(&self, expected: AppError) {
        assert_eq!(self.error(), expected, "unexpected error");
        assert_eq!(self.status, expected.status(), "unexpected status; body: {}", self.body);
    }

    /// Asserts a 400 for invalid input, and returns its message.
    #[track_caller]
    pub(crate) fn assert_invalid_input(&self) -> String {
        assert_eq!(self.status, 400, "unexpected status; body: {}", self.body);
        match self.error() {
            AppError::InvalidInput(message) => message,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }
}

impl TestApp {
    /// A connection pool to the app's database, for looking at what it stored.
    pub(crate) async fn database(&self) -> sqlx::AnyPool {
        self.database.pool().await
    }

    /// How many rows each table of the app's database holds (migrations' bookkeeping aside).
    pub(crate) async fn row_counts(&self) -> Vec<(String, i64)> {
        self.database.row_counts().await
    }
}

pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(Duration::from_secs(300)).await
}

pub(crate) async fn spawn_app_with(ceremony_ttl: Duration) -> TestApp {
    spawn_app_with_settings(|settings| settings.ceremony_ttl = ceremony_ttl).await
}

pub(crate) async fn spawn_app_with_settings(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::new().await;
    let mut settings = test_settings(&database.database, Duration::from_secs(300));
    adjust(&mut settings);
    let Started { address, clock, cleanup } = start(settings).await;
    TestApp { address, database, clock, cleanup }
}

/// Starts a server on `database` (which may hold another server's data) and returns its base URL.
pub(crate) async fn start_server(database: &Database, ceremony_ttl: Duration) -> String {
    start(test_settings(database, ceremony_ttl)).await.address
}

/// Every test server runs on this one multi-threaded runtime, as the real server runs on `#[tokio::main]`'s,
/// rather than on the single-threaded runtime of the test that started it.
static SERVERS: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for test servers")
});

struct Started {
    address: String,
    clock: Clock,
    cleanup: Cleanup,
}

async fn start(settings: Settings) -> Started {
    let (started_tx, started_rx) = tokio::sync::oneshot::channel();
    SERVERS.spawn(async move {
        let app = Application::build_with_clock(settings, Clock::system()).await.expect("the application builds");
        let _ = started_tx.send((app.port(), app.clock(), app.cleanup()));
        app.run_until_stopped().await
    });
    let (port, clock, cleanup) = started_rx.await.expect("the test server starts");
    Started { address: format!("http://127.0.0.1:{port}"), clock, cleanup }
}

impl TestApp {
    pub(crate) fn browser(&self) -> Browser {
        Browser::at(&self.address)
    }
}

impl Browser {
    pub(crate) fn at(address: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        Self { http, address: address.to_owned() }
    }

    /// The server's address, `http://127.0.0.1:<port>`.
    pub(crate) fn address(&self) -> &str {
        &self.address
    }

    pub(crate) fn with_client(address: &str, http: reqwest::Client) -> Self {
        Self { http, address: address.to_owned() }
    }

    /// Calls a server function that takes URL-encoded arguments (the default encoding).
    pub(crate) async fn call(&self, name: &str, form: &[(&str, &str)]) -> Answer {
        let response =
            self.http.post(format!("{}/api/{name}", self.address)).form(form).send().await.expect("the server answers");
        Answer::from(response).await
    }

    /// Submits a plain HTML form (no wasm) to a server function, as a browser does: `Accept: text/html`.
    pub(crate) async fn submit_form(&self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}/api/{name}", self.address))
            .header("accept", "text/html,application/xhtml+xml")
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    pub(crate) async fn prepare_sign_in(&self) -> (RequestChallengeResponse, String) {
        let prepared: PreparedSignIn = self.call("prepare_sign_in", &[]).await.json();
        (prepared.options, prepared.ticket)
    }

    pub(crate) async fn finish_prepared_sign_in(&self, ticket: &str, credential: &PublicKeyCredential) -> Answer {
        self.call_json("finish_prepared_sign_in", serde_json::json!({ "ticket": ticket, "credential": credential }))
            .await
    }

    pub(crate) async fn create_password_account(&self, username: &str, password: &str) -> Answer {
        self.call("create_password_account", &[("username", username), ("display_name", ""), ("password", password)])
            .await
    }

    pub(crate) async fn sign_in_with_password(&self, username: &str, password: &str) -> Answer {
        self.call("sign_in_with_password", &[("username", username), ("password", password)]).await
    }

    /// Calls a server function that takes JSON arguments.
    pub(crate) async fn call_json(&self, name: &str, body: Value) -> Answer {
        let response = self
            .http
            .post(format!("{}/api/{name}", self.address))
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        Answer::from(response).await
    }

    /// Loads a page as a browser's navigation does (`Accept: text/html`).
    pub(crate) async fn get_page(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .header("accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("the server answers")
    }

    pub(crate) async fn start_registration(&self, username: &str) -> Answer {
        self.call("start_registration", &[("username", username), ("display_name", "")]).await
    }

    pub(crate) async fn finish_registration(&self, credential: &RegisterPublicKeyCredential) -> Answer {
        self.call_json("finish_registration", serde_json::json!({ "credential": credential })).await
    }

    pub(crate) async fn start_sign_in(&self) -> RequestChallengeResponse {
        self.call("start_sign_in", &[]).await.json()
    }

    pub(crate) async fn finish_sign_in(&self, credential: &PublicKeyCredential) -> Answer {
        self.call_json("finish_sign_in", serde_json::json!({ "credential": credential })).await
    }

    /// The signed-in username, or `None`.
    pub(crate) async fn current_username(&self) -> Option<String> {
        let user: Option<CurrentUser> = self.call("current_user", &[]).await.json();
        user.map(|user| user.username)
    }

    /// Signs up `username` with a new passkey on `authenticator`; asserts success.
    pub(crate) async fn sign_up(&self, authenticator: &mut crate::authenticator::SoftAuthenticator, username: &str) {
        let options: CreationChallengeResponse = self.start_registration(username).await.json();
        let credential = authenticator.create(&options);
        let answer = self.finish_registration(&credential).await;
        assert_eq!(answer.status, 200, "sign-up of {username} failed: {}", answer.body);
    }

    pub(crate) async fn sign_out(&self) {
        let answer = self.call("sign_out", &[]).await;
        assert_eq!(answer.status, 200, "sign-out failed: {}", answer.body);
    }
}
