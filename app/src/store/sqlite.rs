//! [`Store`] on SQLite: one file, WAL journal, created and migrated at start-up.

use super::StoreError;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/sqlite");

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, sqlx::Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // In WAL mode, NORMAL syncs the WAL at checkpoints rather than at every commit: a committed
            // transaction survives the process crashing or being killed (it is in the OS's page cache), but the
            // last ones may be lost if the machine itself loses power. See the README's "Durability".
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // sqlx runs each SQLite connection on a thread of its own and hands every command over to it; by default
        // the pool also pings a connection each time it is taken, one more round trip between threads per
        // statement that tells nothing about a local file.
        let pool = SqlitePoolOptions::new().max_connections(8).test_before_acquire(false).connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// The pool, for what lives beside the store in the same database (the session store).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// Maps a unique-key violation on insert to the error that names it; SQLite reports the violated columns.
fn unique_violation(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        // SQLite names the violated columns rather than the constraint.
        let message = db.message();
        if message.contains("users.username") {
            return StoreError::UsernameTaken;
        }
        if message.contains("passkeys.credential_id") {
            return StoreError::CredentialAlreadyRegistered;
        }
    }
    StoreError::Database(error)
}

super::sql::sql_store! { store: SqliteStore, database: sqlx::Sqlite, insertion_order: "rowid" }
