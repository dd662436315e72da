//! [`ShopStore`](crate::store::ShopStore) in SQL: catalogue, carts, orders.

/// Generates the shop store for `$store` on database `$db`; `$seq` orders rows inserted in the same second.
macro_rules! shop_store {
    ($store:ty, $db:ty, $seq:literal) => {
        const PRODUCT_COLUMNS: &str = "p.id, p.name, p.description, p.price_cents, p.image";

        fn product(row: &<$db as sqlx::Database>::Row) -> StoreResult<Product> {
            Ok(Product {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                description: row.try_get("description")?,
                price_cents: row.try_get("price_cents")?,
                image: row.try_get("image")?,
            })
        }

        fn quantity(row: &<$db as sqlx::Database>::Row) -> StoreResult<u32> {
            count(row.try_get("quantity")?)
        }

        async fn lines_of(
            executor: impl sqlx::Executor<'_, Database = $db>,
            cart_id: &str,
        ) -> StoreResult<Vec<CartLine>> {
            let rows = sqlx::query(&format!(
                "SELECT {PRODUCT_COLUMNS}, c.quantity FROM cart_items c JOIN products p ON p.id = c.product_id \
                 WHERE c.cart_id = $1 ORDER BY p.position"
            ))
            .bind(cart_id)
            .fetch_all(executor)
            .await?;
            rows.iter().map(|row| Ok(CartLine { product: product(row)?, quantity: quantity(row)? })).collect()
        }

        /// Saves checkout details on the account, so that its next checkout is filled in.
        async fn save_customer_details(
            executor: impl sqlx::Executor<'_, Database = $db>,
            user_id: Uuid,
            details: &CustomerDetails,
        ) -> StoreResult<()> {
            sqlx::query("UPDATE users SET email = $1, full_name = $2, address = $3 WHERE id = $4")
                .bind(&details.email)
                .bind(&details.full_name)
                .bind(&details.address)
                .bind(user_id.to_string())
                .execute(executor)
                .await?;
            Ok(())
        }

        /// Attaches a guest order to a new account, with its details; fails if another account has claimed it
        /// since.
        async fn claim_guest_order(
            tx: &mut <$db as sqlx::Database>::Connection,
            user_id: Uuid,
            claim: &GuestClaim,
        ) -> StoreResult<()> {
            save_customer_details(&mut *tx, user_id, &claim.details).await?;
            let claimed = sqlx::query("UPDATE orders SET user_id = $1 WHERE id = $2 AND user_id IS NULL")
                .bind(user_id.to_string())
                .bind(&claim.order_id)
                .execute(&mut *tx)
                .await?;
            if claimed.rows_affected() == 1 { Ok(()) } else { Err(StoreError::OrderAlreadyClaimed) }
        }

        fn order_summary(row: &<$db as sqlx::Database>::Row) -> StoreResult<OrderSummary> {
            Ok(OrderSummary {
                id: row.try_get("id")?,
                total_cents: row.try_get("total_cents")?,
                created_at: from_unix(row.try_get("created_at")?)?,
                item_count: count(row.try_get("item_count")?)?,
            })
        }

        #[async_trait::async_trait]
        impl ShopStore for $store {
            async fn products(&self) -> StoreResult<Vec<Product>> {
                let rows = sqlx::query(&format!("SELECT {PRODUCT_COLUMNS} FROM products p ORDER BY p.position"))
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(product).collect()
            }

            async fn product(&self, id: &str) -> StoreResult<Option<Product>> {
                let row = sqlx::query(&format!("SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(product).transpose()
            }

            async fn user_cart(&self, user_id: Uuid, now: OffsetDateTime) -> StoreResult<String> {
                sqlx::query(
                    "INSERT INTO carts (id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING",
                )
                .bind(Uuid::new_v4().simple().to_string())
                .bind(user_id.to_string())
                .bind(unix(now))
                .execute(&self.pool)
                .await?;
                let id = sqlx::query_scalar("SELECT id FROM carts WHERE user_id = $1")
                    .bind(user_id.to_string())
                    .fetch_one(&self.pool)
                    .await?;
                Ok(id)
            }

            async fn create_guest_cart(&self, now: OffsetDateTime) -> StoreResult<String> {
                let id = Uuid::new_v4().simple().to_string();
                sqlx::query("INSERT INTO carts (id, created_at, touched_at) VALUES ($1, $2, $2)")
                    .bind(&id)
                    .bind(unix(now))
                    .execute(&self.pool)
                    .await?;
                Ok(id)
            }

            async fn cart_lines(&self, cart_id: &str) -> StoreResult<Vec<CartLine>> {
                lines_of(&self.pool, cart_id).await
            }

            async fn set_cart_quantity(
                &self,
                cart_id: &str,
                product_id: &str,
                quantity: u32,
                now: OffsetDateTime,
            ) -> StoreResult<()> {
                if self.product(product_id).await?.is_none() {
                    return Err(StoreError::UnknownProduct);
                }
                if quantity == 0 {
                    sqlx::query("DELETE FROM cart_items WHERE cart_id = $1 AND product_id = $2")
                        .bind(cart_id)
                        .bind(product_id)
                        .execute(&self.pool)
                        .await?;
                } else {
                    sqlx::query(
                        "INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ($1, $2, $3) \
                         ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity",
                    )
                    .bind(cart_id)
                    .bind(product_id)
                    .bind(i64::from(quantity))
                    .execute(&self.pool)
                    .await?;
                }
                sqlx::query("UPDATE carts SET touched_at = $1 WHERE id = $2")
                    .bind(unix(now))
                    .bind(cart_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn purge_idle_guest_carts(&self, touched_before: OffsetDateTime) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM carts WHERE user_id IS NULL AND touched_at < $1")
                    .bind(unix(touched_before))
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn merge_cart(&self, guest_cart_id: &str, user_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
                let user_cart = self.user_cart(user_id, now).await?;
                if user_cart == guest_cart_id {
                    return Ok(());
                }
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO cart_items (cart_id, product_id, quantity) \
                     SELECT $1, product_id, quantity FROM cart_items WHERE cart_id = $2 \
                     ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = \
                     CASE WHEN cart_items.quantity + excluded.quantity > $3 THEN $3 \
                     ELSE cart_items.quantity + excluded.quantity END",
                )
                .bind(&user_cart)
                .bind(guest_cart_id)
                .bind(i64::from(MAX_CART_QUANTITY))
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM carts WHERE id = $1 AND user_id IS NULL")
                    .bind(guest_cart_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn place_order(&self, order: &NewOrder) -> StoreResult<PlacedOrder> {
                let mut tx = self.pool.begin().await?;
                // The order row is written first. On SQLite that takes the write lock before anything is read; on
                // PostgreSQL a second insert of the same key waits on the first's unique-index entry until that
                // transaction ends. Either way two submissions of one key, on one server or two, are one after the
                // other: the second inserts nothing and finds the first's row.
                let inserted = sqlx::query(
                    "INSERT INTO orders \
                     (id, order_key, user_id, cart_id, email, full_name, address, total_cents, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) ON CONFLICT (order_key) DO NOTHING",
                )
                .bind(&order.id)
                .bind(&order.order_key)
                .bind(order.user_id.map(|id| id.to_string()))
                .bind(&order.cart_id)
                .bind(&order.details.email)
                .bind(&order.details.full_name)
                .bind(&order.details.address)
                .bind(unix(order.created_at))
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    // The same checkout page submitted again: answer with the order it already made (if theirs).
                    let (id, cart_id): (String, String) =
                        sqlx::query_as("SELECT id, cart_id FROM orders WHERE order_key = $1")
                            .bind(&order.order_key)
                            .fetch_one(&mut *tx)
                            .await?;
                    return if cart_id == order.cart_id {
                        Ok(PlacedOrder { id, created: false })
                    } else {
                        Err(StoreError::OrderKeyTaken)
                    };
                }

                let lines = lines_of(&mut *tx, &order.cart_id).await?;
                if lines.is_empty() {
                    return Err(StoreError::EmptyCart); // dropping `tx` rolls the order back
                }
                for line in &lines {
                    sqlx::query(
                        "INSERT INTO order_lines (order_id, product_id, name, unit_price_cents, quantity) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&order.id)
                    .bind(&line.product.id)
                    .bind(&line.product.name)
                    .bind(line.product.price_cents)
                    .bind(i64::from(line.quantity))
                    .execute(&mut *tx)
                    .await?;
                }
                let total: i64 = lines.iter().map(|l| l.product.price_cents * i64::from(l.quantity)).sum();
                sqlx::query("UPDATE orders SET total_cents = $1 WHERE id = $2")
                    .bind(total)
                    .bind(&order.id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM cart_items WHERE cart_id = $1")
                    .bind(&order.cart_id)
                    .execute(&mut *tx)
                    .await?;
                if let Some(user_id) = order.user_id {
                    save_customer_details(&mut *tx, user_id, &order.details).await?;
                }
                tx.commit().await?;
                Ok(PlacedOrder { id: order.id.clone(), created: true })
            }

            async fn order(&self, id: &str) -> StoreResult<Option<Order>> {
                let Some(row) = sqlx::query(
                    "SELECT id, user_id, cart_id, email, full_name, address, total_cents, created_at \
                     FROM orders WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let lines = sqlx::query(concat!(
                    "SELECT product_id, name, unit_price_cents, quantity FROM order_lines WHERE order_id = $1 ORDER BY ",
                    $seq
                ))
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|line| {
                    Ok(OrderLine {
                        product_id: line.try_get("product_id")?,
                        name: line.try_get("name")?,
                        unit_price_cents: line.try_get("unit_price_cents")?,
                        quantity: quantity(line)?,
                    })
                })
                .collect::<StoreResult<_>>()?;
                Ok(Some(Order {
                    id: row.try_get("id")?,
                    user_id: row.try_get::<Option<String>, _>("user_id")?.as_deref().map(parse_uuid).transpose()?,
                    cart_id: row.try_get("cart_id")?,
                    details: CustomerDetails {
                        email: row.try_get("email")?,
                        full_name: row.try_get("full_name")?,
                        address: row.try_get("address")?,
                    },
                    total_cents: row.try_get("total_cents")?,
                    created_at: from_unix(row.try_get("created_at")?)?,
                    lines,
                }))
            }

            async fn orders_of(&self, user_id: Uuid) -> StoreResult<Vec<OrderSummary>> {
                let rows = sqlx::query(concat!(
                    "SELECT id, total_cents, created_at, \
                     (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines WHERE order_id = orders.id) \
                     AS item_count FROM orders WHERE user_id = $1 ORDER BY created_at DESC, ",
                    $seq,
                    " DESC"
                ))
                .bind(user_id.to_string())
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(order_summary).collect()
            }

            async fn customer_details(&self, user_id: Uuid) -> StoreResult<Option<CustomerDetails>> {
                let row = sqlx::query("SELECT email, full_name, address FROM users WHERE id = $1")
                    .bind(user_id.to_string())
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let email: Option<String> = row.try_get("email")?;
                let full_name: Option<String> = row.try_get("full_name")?;
                let address: Option<String> = row.try_get("address")?;
                Ok(Some(CustomerDetails {
                    email: email.unwrap_or_default(),
                    full_name: full_name.unwrap_or_default(),
                    address: address.unwrap_or_default(),
                }))
            }
        }
    };
}
pub(crate) use shop_store;
