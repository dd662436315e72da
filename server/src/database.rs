//! Which database the server keeps its state in, and opening it: the store and the session store beside it.
//!
//! `DATABASE_URL=postgres://…` selects PostgreSQL, for any number of server processes over one database. Without
//! it, or with a SQLite path, the state is one SQLite file (`DATABASE_PATH`, `data/leptos-passkeys.sqlite` by
//! default): nothing to set up, one process.

use crate::session_store::Sessions;
use app::store::{PostgresStore, SqliteStore, Store};
use secrecy::{ExposeSecret, SecretString};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Database {
    /// A SQLite file, created with its directory if needed.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL, which may hold a password: `Debug` shows it as `[REDACTED]`.
    Postgres(SecretString),
}

impl Database {
    /// `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite:<path>`, `sqlite://<path>` or a bare path is a
    /// SQLite file.
    pub fn from_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Self::Postgres(url.into());
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        Self::Sqlite(path.into())
    }

    /// Opens the database, bringing its schema up to date, and returns the app's store and the session store in
    /// the same database.
    pub async fn open(&self) -> Result<(Arc<dyn Store>, Sessions), sqlx::Error> {
        match self {
            Self::Sqlite(path) => {
                let store = SqliteStore::open(path).await?;
                let sessions = Sessions::sqlite(store.pool().clone()).await?;
                Ok((Arc::new(store), sessions))
            }
            Self::Postgres(url) => {
                let store = PostgresStore::connect(url.expose_secret()).await?;
                let sessions = Sessions::postgres(store.pool().clone());
                Ok((Arc::new(store), sessions))
            }
        }
    }

    /// The backend's name, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postgres_url(database: &Database) -> Option<&str> {
        match database {
            Database::Postgres(url) => Some(url.expose_secret()),
            Database::Sqlite(_) => None,
        }
    }

    fn sqlite_path(database: &Database) -> Option<&std::path::Path> {
        match database {
            Database::Sqlite(path) => Some(path),
            Database::Postgres(_) => None,
        }
    }

    #[test]
    fn a_postgres_url_selects_postgres_and_anything_else_is_a_sqlite_file() {
        let url = "postgres://postgres@127.0.0.1:5432/shop";
        assert_eq!(postgres_url(&Database::from_url(url)), Some(url));
        let url = "postgresql://app:secret@db.internal/shop?sslmode=require";
        assert_eq!(postgres_url(&Database::from_url(url)), Some(url));
        assert_eq!(sqlite_path(&Database::from_url("sqlite://data/app.sqlite")), Some("data/app.sqlite".as_ref()));
        assert_eq!(sqlite_path(&Database::from_url("sqlite:app.sqlite")), Some("app.sqlite".as_ref()));
        assert_eq!(sqlite_path(&Database::from_url("/var/lib/app.sqlite")), Some("/var/lib/app.sqlite".as_ref()));
    }

    #[test]
    fn the_password_in_a_database_url_is_never_printed_by_debug() {
        let database = Database::from_url("postgresql://app:hunter2@db.internal/shop");
        assert!(!format!("{database:?}").contains("hunter2"), "{database:?}");
    }
}
