//! [`Store`](super::Store) on PostgreSQL, for several server processes over one database.
//!
//! The same tables with the same meaning as on SQLite (`migrations/postgres/`); the statements are shared
//! (`sql/`). Unique violations are matched by constraint name, never by message text.

use super::StoreError;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/postgres");

/// Connections per server process. PostgreSQL's default limit is 100 connections in all, so a handful of
/// processes fit beside the database's other clients.
const MAX_CONNECTIONS: u32 = 16;

/// PostgreSQL's error codes (SQLSTATE): no such database; that database exists already; and what a `CREATE
/// DATABASE` that loses a race with another gets instead (a unique violation in the catalogue).
const UNDEFINED_DATABASE: &str = "3D000";
const DUPLICATE_DATABASE: &str = "42P04";
const UNIQUE_VIOLATION: &str = "23505";

/// Creates the database `url` names; another process creating it at the same moment is fine.
async fn create_database(url: &str) -> Result<(), sqlx::Error> {
    use sqlx::migrate::MigrateDatabase;
    match sqlx::Postgres::create_database(url).await {
        Err(sqlx::Error::Database(error))
            if matches!(error.code().as_deref(), Some(DUPLICATE_DATABASE | UNIQUE_VIOLATION)) =>
        {
            Ok(())
        }
        created => created,
    }
}

#[derive(Clone, Debug)]
pub struct PostgresStore {
    pub(super) pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/database`), creating the database if the server has none of
    /// that name (and the user may), and brings the schema up to date. Several processes may start at once: sqlx
    /// holds an advisory lock while it migrates, so one migrates and the others wait.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let options = PgConnectOptions::from_str(url)?.application_name("leptos-passkeys");
        let pool_options =
            || PgPoolOptions::new().max_connections(MAX_CONNECTIONS).acquire_timeout(Duration::from_secs(5));
        let pool = match pool_options().connect_with(options.clone()).await {
            Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some(UNDEFINED_DATABASE) => {
                create_database(url).await?;
                pool_options().connect_with(options).await?
            }
            connected => connected?,
        };
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// The pool, for what lives beside the store in the same database (the session store).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Maps a unique-key violation to the error that names it, by the constraint's name (`migrations/postgres/`).
fn unique_violation(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        match db.constraint() {
            Some("users_username_key") => return StoreError::UsernameTaken,
            Some("passkeys_pkey") => return StoreError::CredentialAlreadyRegistered,
            _ => {}
        }
    }
    StoreError::Database(error)
}

super::sql::sql_store! { store: PostgresStore, database: sqlx::Postgres, insertion_order: "seq" }
