//! [`Store`] on SQLite: one file, WAL journal, created and migrated at start-up.

use super::{AccountStore, CeremonyKind, GuestClaim, StoreError, StoreResult, StoredPasskey, User, expiry_seconds};
use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, migrate::Migrator};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;
use webauthn_rs::prelude::Passkey;

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

pub(super) fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

pub(super) fn from_unix(seconds: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn parse_uuid(text: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn passkey_json(passkey: &Passkey) -> StoreResult<String> {
    serde_json::to_string(passkey).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn stored_passkey(row: &SqliteRow) -> StoreResult<StoredPasskey> {
    let json: String = row.try_get("passkey")?;
    Ok(StoredPasskey {
        user_id: parse_uuid(row.try_get("user_id")?)?,
        passkey: serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        created_at: from_unix(row.try_get("created_at")?)?,
        last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(from_unix).transpose()?,
    })
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

async fn insert_passkey(
    executor: impl sqlx::SqliteExecutor<'_>,
    user_id: Uuid,
    passkey: &Passkey,
    at: OffsetDateTime,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO passkeys (credential_id, user_id, passkey, created_at) VALUES ($1, $2, $3, $4)")
        .bind(passkey.cred_id().as_slice())
        .bind(user_id.to_string())
        .bind(passkey_json(passkey)?)
        .bind(unix(at))
        .execute(executor)
        .await
        .map_err(unique_violation)?;
    Ok(())
}

#[async_trait]
impl AccountStore for SqliteStore {
    async fn username_exists(&self, username: &str) -> StoreResult<bool> {
        let row =
            sqlx::query("SELECT 1 FROM users WHERE username = $1").bind(username).fetch_optional(&self.pool).await?;
        Ok(row.is_some())
    }

    async fn user(&self, id: Uuid) -> StoreResult<Option<User>> {
        let row = sqlx::query("SELECT username, display_name, created_at FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(User {
                id,
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                created_at: from_unix(row.try_get("created_at")?)?,
            })
        })
        .transpose()
    }

    async fn create_user_with_passkey(
        &self,
        user: &User,
        passkey: &Passkey,
        claim: Option<&GuestClaim>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO users (id, username, display_name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(user.id.to_string())
            .bind(&user.username)
            .bind(&user.display_name)
            .bind(unix(user.created_at))
            .execute(&mut *tx)
            .await
            .map_err(unique_violation)?;
        insert_passkey(&mut *tx, user.id, passkey, user.created_at).await?;
        if let Some(claim) = claim {
            super::sqlite_shop::claim_guest_order(&mut tx, user.id, claim).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn create_user_with_password(&self, user: &User, password_hash: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO users (id, username, display_name, created_at, password_hash) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user.id.to_string())
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(unix(user.created_at))
        .bind(password_hash)
        .execute(&self.pool)
        .await
        .map_err(unique_violation)?;
        Ok(())
    }

    async fn set_password_hash(&self, user_id: Uuid, password_hash: &str, keep_sign_in: &str) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_ins WHERE user_id = $1 AND id <> $2")
            .bind(user_id.to_string())
            .bind(keep_sign_in)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn start_sign_in(
        &self,
        id: &str,
        user_id: Uuid,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sign_ins (id, user_id, started_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(user_id.to_string())
            .bind(unix(now))
            .bind(unix(expires_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn signed_in_user(&self, id: &str, now: OffsetDateTime) -> StoreResult<Option<Uuid>> {
        let user_id: Option<String> =
            sqlx::query_scalar("SELECT user_id FROM sign_ins WHERE id = $1 AND expires_at > $2")
                .bind(id)
                .bind(unix(now))
                .fetch_optional(&self.pool)
                .await?;
        user_id.as_deref().map(parse_uuid).transpose()
    }

    async fn end_sign_in(&self, id: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_ins WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    async fn purge_expired_sign_ins(&self, now: OffsetDateTime) -> StoreResult<u64> {
        let done =
            sqlx::query("DELETE FROM sign_ins WHERE expires_at <= $1").bind(unix(now)).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    async fn password_hash_of(&self, username: &str) -> StoreResult<Option<(Uuid, String)>> {
        let row = sqlx::query("SELECT id, password_hash FROM users WHERE username = $1 AND password_hash IS NOT NULL")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((parse_uuid(row.try_get("id")?)?, row.try_get("password_hash")?))).transpose()
    }

    async fn add_passkey(&self, user_id: Uuid, passkey: &Passkey, at: OffsetDateTime) -> StoreResult<()> {
        insert_passkey(&self.pool, user_id, passkey, at).await
    }

    async fn passkeys_of(&self, user_id: Uuid) -> StoreResult<Vec<StoredPasskey>> {
        let rows = sqlx::query(
            "SELECT user_id, passkey, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, rowid",
        )
        .bind(user_id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored_passkey).collect()
    }

    async fn passkey(&self, credential_id: &[u8]) -> StoreResult<Option<StoredPasskey>> {
        let row =
            sqlx::query("SELECT user_id, passkey, created_at, last_used_at FROM passkeys WHERE credential_id = $1")
                .bind(credential_id)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(stored_passkey).transpose()
    }

    async fn passkey_with_owner(&self, credential_id: &[u8]) -> StoreResult<Option<(StoredPasskey, User)>> {
        let row = sqlx::query(
            "SELECT p.user_id, p.passkey, p.created_at, p.last_used_at, \
                    u.username, u.display_name, u.created_at AS user_created_at \
             FROM passkeys p JOIN users u ON u.id = p.user_id WHERE p.credential_id = $1",
        )
        .bind(credential_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let passkey = stored_passkey(&row)?;
        let user = User {
            id: passkey.user_id,
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            created_at: from_unix(row.try_get("user_created_at")?)?,
        };
        Ok(Some((passkey, user)))
    }

    async fn record_passkey_use(&self, passkey: &Passkey, counter: u32, at: OffsetDateTime) -> StoreResult<()> {
        let saved = sqlx::query(
            "UPDATE passkeys SET passkey = $1, sign_count = $2, last_used_at = $3 \
             WHERE credential_id = $4 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))",
        )
        .bind(passkey_json(passkey)?)
        .bind(i64::from(counter))
        .bind(unix(at))
        .bind(passkey.cred_id().as_slice())
        .execute(&self.pool)
        .await?;
        if saved.rows_affected() == 1 { Ok(()) } else { Err(StoreError::CounterRegression) }
    }

    async fn put_ceremony(
        &self,
        id: &str,
        kind: CeremonyKind,
        state: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO ceremonies (id, kind, state, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(kind.as_str())
            .bind(state)
            .bind(expiry_seconds(expires_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn take_ceremony(&self, id: &str, kind: CeremonyKind, now: OffsetDateTime) -> StoreResult<Option<String>> {
        // One statement: the row is gone for everyone else the moment one request has it.
        let row = sqlx::query("DELETE FROM ceremonies WHERE id = $1 AND kind = $2 RETURNING state, expires_at")
            .bind(id)
            .bind(kind.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let expires_at: i64 = row.try_get("expires_at")?;
        if expires_at <= unix(now) {
            return Ok(None);
        }
        Ok(Some(row.try_get("state")?))
    }

    async fn purge_expired_ceremonies(&self, now: OffsetDateTime) -> StoreResult<u64> {
        let done =
            sqlx::query("DELETE FROM ceremonies WHERE expires_at <= $1").bind(unix(now)).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    async fn redeem_sign_in_ticket(&self, id: &str, expires_at: OffsetDateTime) -> StoreResult<bool> {
        let inserted =
            sqlx::query("INSERT INTO redeemed_sign_in_tickets (id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(unix(expires_at))
                .execute(&self.pool)
                .await?;
        Ok(inserted.rows_affected() == 1)
    }

    async fn purge_expired_sign_in_tickets(&self, now: OffsetDateTime) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM redeemed_sign_in_tickets WHERE expires_at <= $1")
            .bind(unix(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn missing_migrations(&self) -> StoreResult<usize> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&self.pool).await?;
        Ok(MIGRATOR.iter().filter(|migration| !applied.contains(&migration.version)).count())
    }

    async fn server_secret(&self, name: &str, generate: &(dyn Fn() -> Vec<u8> + Sync)) -> StoreResult<Vec<u8>> {
        sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(name)
            .bind(generate())
            .execute(&self.pool)
            .await?;
        let value: Vec<u8> = sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(value)
    }
}
