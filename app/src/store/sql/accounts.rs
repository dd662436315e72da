//! [`AccountStore`](crate::store::AccountStore) in SQL: users, passkeys, sign-ins, ceremonies, tickets, secrets.

/// Generates the account store for `$store` on database `$db`; `$seq` orders rows inserted in the same second.
macro_rules! account_store {
    ($store:ty, $db:ty, $seq:literal) => {
        fn stored_passkey(row: &<$db as sqlx::Database>::Row) -> StoreResult<StoredPasskey> {
            Ok(StoredPasskey {
                user_id: parse_uuid(row.try_get("user_id")?)?,
                passkey: passkey_from_json(row.try_get("passkey")?)?,
                created_at: from_unix(row.try_get("created_at")?)?,
                last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(from_unix).transpose()?,
                label: row.try_get("label")?,
                aaguid: row.try_get::<Option<&str>, _>("aaguid")?.map(parse_uuid).transpose()?,
            })
        }

        /// Locks the account's row until the transaction ends, so that changes to its sign-in methods happen one
        /// after another (a no-op write: SQLite takes its write lock, PostgreSQL a row lock). `false`: no account.
        async fn lock_account(tx: &mut sqlx::Transaction<'_, $db>, user_id: Uuid) -> StoreResult<bool> {
            let locked = sqlx::query("UPDATE users SET password_hash = password_hash WHERE id = $1")
                .bind(user_id.to_string())
                .execute(&mut **tx)
                .await?;
            Ok(locked.rows_affected() == 1)
        }

        /// How many passkeys the account has, and whether it has a password.
        async fn sign_in_methods(tx: &mut sqlx::Transaction<'_, $db>, user_id: Uuid) -> StoreResult<(i64, bool)> {
            let row = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM passkeys WHERE user_id = $1) AS passkeys, \
                        CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password \
                 FROM users WHERE id = $1",
            )
            .bind(user_id.to_string())
            .fetch_one(&mut **tx)
            .await?;
            let has_password: i32 = row.try_get("has_password")?;
            Ok((row.try_get("passkeys")?, has_password == 1))
        }

        async fn end_sign_ins_but(
            executor: impl sqlx::Executor<'_, Database = $db>,
            user_id: Uuid,
            keep_sign_in: &str,
        ) -> StoreResult<u64> {
            let done = sqlx::query("DELETE FROM sign_ins WHERE user_id = $1 AND id <> $2")
                .bind(user_id.to_string())
                .bind(keep_sign_in)
                .execute(executor)
                .await?;
            Ok(done.rows_affected())
        }

        async fn insert_passkey(
            executor: impl sqlx::Executor<'_, Database = $db>,
            user_id: Uuid,
            new: &NewPasskey<'_>,
            at: OffsetDateTime,
        ) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO passkeys (credential_id, user_id, passkey, created_at, aaguid) VALUES ($1, $2, $3, $4, $5)",
            )
                .bind(new.passkey.cred_id().as_slice())
                .bind(user_id.to_string())
                .bind(passkey_json(new.passkey)?)
                .bind(unix(at))
                .bind(new.aaguid.map(|aaguid| aaguid.to_string()))
                .execute(executor)
                .await
                .map_err(unique_violation)?;
            Ok(())
        }

        #[async_trait::async_trait]
        impl AccountStore for $store {
            async fn username_exists(&self, username: &str) -> StoreResult<bool> {
                let row = sqlx::query("SELECT 1 FROM users WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&self.pool)
                    .await?;
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
                passkey: &NewPasskey<'_>,
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
                    claim_guest_order(&mut tx, user.id, claim).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn create_user_with_password(&self, user: &User, password_hash: &str) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO users (id, username, display_name, created_at, password_hash) \
                     VALUES ($1, $2, $3, $4, $5)",
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

            async fn set_password_hash(
                &self,
                user_id: Uuid,
                password_hash: &str,
                keep_sign_in: &str,
            ) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(user_id.to_string())
                    .execute(&mut *tx)
                    .await?;
                end_sign_ins_but(&mut *tx, user_id, keep_sign_in).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn has_password(&self, user_id: Uuid) -> StoreResult<bool> {
                let row = sqlx::query("SELECT 1 FROM users WHERE id = $1 AND password_hash IS NOT NULL")
                    .bind(user_id.to_string())
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.is_some())
            }

            async fn rename_passkey(
                &self,
                user_id: Uuid,
                credential_id: &[u8],
                label: Option<&str>,
            ) -> StoreResult<()> {
                let done = sqlx::query("UPDATE passkeys SET label = $1 WHERE credential_id = $2 AND user_id = $3")
                    .bind(label)
                    .bind(credential_id)
                    .bind(user_id.to_string())
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 1 { Ok(()) } else { Err(StoreError::PasskeyNotFound) }
            }

            async fn delete_passkey(&self, user_id: Uuid, credential_id: &[u8], keep_sign_in: &str) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                if !lock_account(&mut tx, user_id).await? {
                    return Err(StoreError::PasskeyNotFound);
                }
                let deleted = sqlx::query("DELETE FROM passkeys WHERE credential_id = $1 AND user_id = $2")
                    .bind(credential_id)
                    .bind(user_id.to_string())
                    .execute(&mut *tx)
                    .await?;
                if deleted.rows_affected() == 0 {
                    return Err(StoreError::PasskeyNotFound);
                }
                // Returning early drops the transaction, which undoes the deletion.
                if sign_in_methods(&mut tx, user_id).await? == (0, false) {
                    return Err(StoreError::LastSignInMethod);
                }
                end_sign_ins_but(&mut *tx, user_id, keep_sign_in).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn remove_password(&self, user_id: Uuid, keep_sign_in: &str) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                if !lock_account(&mut tx, user_id).await? {
                    return Err(StoreError::LastSignInMethod);
                }
                let (passkeys, _) = sign_in_methods(&mut tx, user_id).await?;
                if passkeys == 0 {
                    return Err(StoreError::LastSignInMethod);
                }
                sqlx::query("UPDATE users SET password_hash = NULL WHERE id = $1")
                    .bind(user_id.to_string())
                    .execute(&mut *tx)
                    .await?;
                end_sign_ins_but(&mut *tx, user_id, keep_sign_in).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_display_name(&self, user_id: Uuid, display_name: &str) -> StoreResult<()> {
                sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
                    .bind(display_name)
                    .bind(user_id.to_string())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn end_other_sign_ins(&self, user_id: Uuid, keep_sign_in: &str) -> StoreResult<u64> {
                end_sign_ins_but(&self.pool, user_id, keep_sign_in).await
            }

            async fn delete_user(&self, user_id: Uuid) -> StoreResult<()> {
                // Passkeys, sign-ins and the cart go with the account (ON DELETE CASCADE); orders keep their
                // lines and lose the link (ON DELETE SET NULL).
                sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id.to_string()).execute(&self.pool).await?;
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
                let done = sqlx::query("DELETE FROM sign_ins WHERE expires_at <= $1")
                    .bind(unix(now))
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn password_hash_of(&self, username: &str) -> StoreResult<Option<(Uuid, String)>> {
                let row = sqlx::query(
                    "SELECT id, password_hash FROM users WHERE username = $1 AND password_hash IS NOT NULL",
                )
                .bind(username)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| Ok((parse_uuid(row.try_get("id")?)?, row.try_get("password_hash")?))).transpose()
            }

            async fn add_passkey(&self, user_id: Uuid, passkey: &NewPasskey<'_>, at: OffsetDateTime) -> StoreResult<()> {
                insert_passkey(&self.pool, user_id, passkey, at).await
            }

            async fn passkeys_of(&self, user_id: Uuid) -> StoreResult<Vec<StoredPasskey>> {
                let rows = sqlx::query(concat!(
                    "SELECT user_id, passkey, created_at, last_used_at, label, aaguid FROM passkeys WHERE user_id = $1 \
                     ORDER BY created_at, ",
                    $seq
                ))
                .bind(user_id.to_string())
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(stored_passkey).collect()
            }

            async fn passkey(&self, credential_id: &[u8]) -> StoreResult<Option<StoredPasskey>> {
                let row = sqlx::query(
                    "SELECT user_id, passkey, created_at, last_used_at, label, aaguid FROM passkeys WHERE credential_id = $1",
                )
                .bind(credential_id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(stored_passkey).transpose()
            }

            async fn passkey_with_owner(&self, credential_id: &[u8]) -> StoreResult<Option<(StoredPasskey, User)>> {
                let row = sqlx::query(
                    "SELECT p.user_id, p.passkey, p.created_at, p.last_used_at, p.label, p.aaguid, \
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

            async fn take_ceremony(
                &self,
                id: &str,
                kind: CeremonyKind,
                now: OffsetDateTime,
            ) -> StoreResult<Option<String>> {
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
                let done = sqlx::query("DELETE FROM ceremonies WHERE expires_at <= $1")
                    .bind(unix(now))
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn redeem_sign_in_ticket(&self, id: &str, expires_at: OffsetDateTime) -> StoreResult<bool> {
                // The primary key decides: of any number of racing redemptions, on any number of servers, one
                // inserts and the others insert nothing.
                let inserted = sqlx::query(
                    "INSERT INTO redeemed_sign_in_tickets (id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
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
                let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(MIGRATOR.iter().filter(|migration| !applied.contains(&migration.version)).count())
            }

            async fn server_secret(&self, name: &str, generate: &(dyn Fn() -> Vec<u8> + Sync)) -> StoreResult<Vec<u8>> {
                // Racing first starts agree: one insert wins, and every process then reads that row.
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
    };
}
pub(crate) use account_store;
