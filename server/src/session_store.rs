//! The session store: tower-sessions' SQL stores, in the app's own database. On PostgreSQL the library's store as
//! it is; on SQLite with a cheaper way to create a session.
//!
//! The library creates a session in a transaction (`BEGIN`, `INSERT`, `COMMIT`), so that it can retry under a
//! new id when the id is taken. One `INSERT OR ABORT` is just as atomic on its own, and a sign-in creates a
//! session every time (the id changes when someone signs in), so this store creates it with that one statement:
//! two database round trips fewer on the sign-in path. Loading, saving, deleting and the table itself stay the
//! library's.

use async_trait::async_trait;
use sqlx::{PgPool, SqlitePool};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore as LibraryStore};

/// The sessions, in the database the app's store uses.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteSessions),
    /// The library's store; its table is created by the app's migrations (`migrations/postgres/`), so that
    /// processes starting together never race to create it.
    Postgres {
        library: PostgresStore,
        pool: PgPool,
    },
}

impl Sessions {
    /// The SQLite sessions over `pool`, with their table created if needed.
    pub async fn sqlite(pool: SqlitePool) -> Result<Self, sqlx::Error> {
        Ok(Self::Sqlite(SqliteSessions::new(pool).await?))
    }

    /// The PostgreSQL sessions over `pool`, whose database is migrated already.
    pub fn postgres(pool: PgPool) -> Self {
        Self::Postgres { library: PostgresStore::new(pool.clone()), pool }
    }

    /// Deletes the sessions that expired before `now` (by the server's clock, which tests move; tower-sessions'
    /// own `delete_expired` asks the database's); returns how many. Safe while other processes do the same.
    pub async fn delete_expired(&self, now: OffsetDateTime) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(sessions) => {
                sqlx::query("DELETE FROM tower_sessions WHERE datetime(expiry_date) < datetime($1, 'unixepoch')")
                    .bind(now.unix_timestamp())
                    .execute(&sessions.pool)
                    .await?
                    .rows_affected()
            }
            Self::Postgres { pool, .. } => sqlx::query("DELETE FROM tower_sessions.session WHERE expiry_date < $1")
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected(),
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(sessions) => sessions.create(record).await,
            Self::Postgres { library, .. } => library.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(sessions) => sessions.save(record).await,
            Self::Postgres { library, .. } => library.save(record).await,
        }
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(sessions) => sessions.load(session_id).await,
            Self::Postgres { library, .. } => library.load(session_id).await,
        }
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(sessions) => sessions.delete(session_id).await,
            Self::Postgres { library, .. } => library.delete(session_id).await,
        }
    }
}

/// tower-sessions' SQLite store, but for creating a session (see the module's documentation).
#[derive(Clone, Debug)]
pub struct SqliteSessions {
    library: LibraryStore,
    pool: SqlitePool,
}

impl SqliteSessions {
    /// The store over `pool`, with its table created if needed.
    pub async fn new(pool: SqlitePool) -> Result<Self, sqlx::Error> {
        // The library's default table, `tower_sessions`, which `try_insert` and the cleanup also name.
        let library = LibraryStore::new(pool.clone());
        library.migrate().await?;
        Ok(Self { library, pool })
    }

    /// Inserts `record` under its id; `false` if that id is taken.
    async fn try_insert(&self, record: &Record) -> session_store::Result<bool> {
        // The same encoding as the library's own `save`, so that its `load` reads what this wrote.
        let data = rmp_serde::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let inserted = sqlx::query("INSERT OR ABORT INTO tower_sessions (id, data, expiry_date) VALUES ($1, $2, $3)")
            .bind(record.id.to_string())
            .bind(data)
            .bind(record.expiry_date)
            .execute(&self.pool)
            .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(session_store::Error::Backend(e.to_string())),
        }
    }
}

#[async_trait]
impl SessionStore for SqliteSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        while !self.try_insert(record).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.library.save(record).await
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        self.library.load(session_id).await
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.library.delete(session_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use time::{Duration, OffsetDateTime};

    async fn store() -> SqliteSessions {
        let pool = SqlitePool::connect("sqlite::memory:").await.expect("an in-memory database");
        SqliteSessions::new(pool).await.expect("the sessions table")
    }

    fn record(id: Id, value: &str) -> Record {
        let data = HashMap::from([("key".to_owned(), serde_json::json!(value))]);
        Record { id, data, expiry_date: OffsetDateTime::now_utc() + Duration::hours(1) }
    }

    #[tokio::test]
    async fn a_created_session_loads_back_through_the_library() {
        let store = store().await;
        let mut created = record(Id::default(), "one");
        store.create(&mut created).await.expect("created");
        let loaded = store.load(&created.id).await.expect("loads").expect("is there");
        assert_eq!(loaded.data, created.data);
    }

    #[tokio::test]
    async fn creating_under_a_taken_id_takes_a_new_id_and_leaves_the_other_session_alone() {
        let store = store().await;
        let taken = Id::default();
        store.create(&mut record(taken, "first")).await.expect("created");
        let mut second = record(taken, "second");
        store.create(&mut second).await.expect("created");
        assert_ne!(second.id, taken);
        let first = store.load(&taken).await.expect("loads").expect("is there");
        assert_eq!(first.data["key"], "first");
    }
}
