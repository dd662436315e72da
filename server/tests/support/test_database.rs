//! A fresh database for one test, on the backend the run asks for, dropped when the test ends.
//!
//! `TEST_DATABASE=postgres` runs the tests on PostgreSQL: each test creates its own database on the server at
//! `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`, as where CI runs) and drops it at
//! the end. Otherwise each test gets a SQLite file in a temporary directory. `scripts/test.sh` runs the suite
//! both ways.

use app::state::LimitSettings;
use server::{Database, Settings};
use sqlx::AnyPool;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;
use tempfile::TempDir;

/// The origin test relying parties are configured for (servers themselves listen on random ports).
pub const TEST_ORIGIN: &str = "http://localhost:3000";

/// Settings for a test server on `database`, listening on a random port, with the per-address limits out of the
/// way of tests that send everything from one address.
pub fn test_settings(database: &Database, ceremony_ttl: Duration) -> Settings {
    let many = |n| NonZeroU32::new(n).expect("non-zero");
    Settings {
        rp_id: "localhost".into(),
        rp_origin: TEST_ORIGIN.parse().expect("a valid origin"),
        rp_name: "leptos-passkeys tests".into(),
        database: database.clone(),
        listen_addr: ([127, 0, 0, 1], 0).into(),
        ceremony_ttl,
        reauth_window: Duration::from_secs(300),
        limits: LimitSettings {
            password_attempts_per_address: many(1000),
            password_attempts_per_account: many(1000),
            starts_per_address: many(10_000),
            ..LimitSettings::default()
        },
        trusted_proxies: Vec::new(),
        site_root: "target/site".into(),
        metrics_token: None,
        related_origins: Vec::new(),
    }
}

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend this run asks for (`TEST_DATABASE`, SQLite by default).
    pub fn of_this_run() -> Self {
        match std::env::var("TEST_DATABASE").as_deref() {
            Ok("postgres") => Self::Postgres,
            Ok("sqlite") | Err(_) => Self::Sqlite,
            Ok(other) => panic!("TEST_DATABASE={other:?}: use `sqlite` or `postgres`"),
        }
    }
}

/// A database of its own for one test.
pub struct TestDatabase {
    pub backend: Backend,
    /// What a server is configured with (`Settings::database`, or `DATABASE_URL` for a process).
    pub database: Database,
    url: String,
    _dir: Option<TempDir>,
    /// The PostgreSQL database's name, dropped with this.
    postgres_name: Option<String>,
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

impl TestDatabase {
    /// A fresh database on this run's backend.
    pub async fn new() -> Self {
        Self::on(Backend::of_this_run()).await
    }

    pub async fn on(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let path: PathBuf = dir.path().join("test.sqlite");
                let url = format!("sqlite://{}", path.display());
                Self { backend, database: Database::Sqlite(path), url, _dir: Some(dir), postgres_name: None }
            }
            Backend::Postgres => {
                let database = Self::postgres_to_be_created();
                let admin = admin(&admin_url()).await;
                let name = database.postgres_name.as_deref().expect("a PostgreSQL database has a name");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("creating a test database at {}: {e}", admin_url()));
                admin.close().await;
                database
            }
        }
    }

    /// The name of a PostgreSQL database that does not exist yet (the server under test creates it), dropped at
    /// the end all the same.
    pub fn postgres_to_be_created() -> Self {
        let name = format!("lp_test_{}", uuid::Uuid::new_v4().simple());
        let mut url = url::Url::parse(&admin_url()).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&name);
        let url = url.to_string();
        Self {
            backend: Backend::Postgres,
            database: Database::Postgres(url.clone().into()),
            url,
            _dir: None,
            postgres_name: Some(name),
        }
    }

    /// The database's URL, for `DATABASE_URL`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A connection pool to look at what a server stored, in SQL that both backends understand.
    pub async fn pool(&self) -> AnyPool {
        sqlx::any::install_default_drivers();
        AnyPool::connect(&self.url).await.expect("the test database opens")
    }

    /// `sqlite` on SQLite and `postgres` on PostgreSQL, for the few statements that differ.
    pub fn sql<'a>(&self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self.backend {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        }
    }

    /// How many rows each table holds (migrations' bookkeeping aside), by names that are the same on both
    /// backends (PostgreSQL's `tower_sessions.session` is `tower_sessions`).
    pub async fn row_counts(&self) -> Vec<(String, i64)> {
        let pool = self.pool().await;
        let tables: Vec<String> = sqlx::query_scalar(self.sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name",
            "SELECT CASE table_schema WHEN 'public' THEN table_name ELSE table_schema || '.' || table_name END \
             FROM information_schema.tables WHERE table_schema IN ('public', 'tower_sessions') \
             AND table_name <> '_sqlx_migrations' ORDER BY 1",
        ))
        .fetch_all(&pool)
        .await
        .expect("the schema is readable");
        let mut counts = Vec::new();
        for table in tables {
            let count: i64 =
                sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.expect("a count");
            let name = if table == "tower_sessions.session" { "tower_sessions".to_owned() } else { table };
            counts.push((name, count));
        }
        pool.close().await;
        counts.sort();
        counts
    }
}

/// A connection to the PostgreSQL server the tests use, or a panic with one line saying how to point them at one.
async fn admin(url: &str) -> sqlx::PgPool {
    sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await.unwrap_or_else(|error| {
        panic!(
            "PostgreSQL tests need a PostgreSQL server, and none answered at {url} ({error}): set \
             TEST_DATABASE_URL=postgres://user@host:port/database (a user allowed to CREATE DATABASE)"
        )
    })
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else { return };
        // Drop runs inside the test's runtime, which cannot block on itself: a thread of its own does it.
        let url = admin_url();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async {
                let admin = admin(&url).await;
                // FORCE ends the connections of servers that the test left running.
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(_))) {
            eprintln!("could not drop the test database: {dropped:?}");
        }
    }
}
