//! The shop's half of the store: catalogue, carts and orders.

use super::StoreResult;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The most of one product a cart line may hold: the schema's `CHECK (quantity BETWEEN 1 AND 10)`.
pub const MAX_CART_QUANTITY: u32 = 10;

#[derive(Debug, Clone)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    pub image: String,
}

#[derive(Debug, Clone)]
pub struct CartLine {
    pub product: Product,
    pub quantity: u32,
}

/// Who an order goes to. Saved on the account at checkout, so a returning customer finds it filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetails {
    pub email: String,
    pub full_name: String,
    pub address: String,
}

#[derive(Debug, Clone)]
pub struct NewOrder {
    pub id: String,
    /// From the checkout page that was submitted: the same key twice means the same order.
    pub order_key: String,
    pub user_id: Option<Uuid>,
    pub cart_id: String,
    pub details: CustomerDetails,
    pub created_at: OffsetDateTime,
}

/// The result of placing an order: its id, and whether this call created it (false: it already existed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedOrder {
    pub id: String,
    pub created: bool,
}

/// A guest order, and its checkout details, to attach to an account created after it (the shop decides which
/// order a visitor may claim).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GuestClaim {
    pub order_id: String,
    pub details: CustomerDetails,
}

/// A line of an order: name and price as they were when it was placed.
#[derive(Debug, Clone)]
pub struct OrderLine {
    pub product_id: String,
    /// The product's name when it was bought.
    pub name: String,
    pub unit_price_cents: i64,
    pub quantity: u32,
}

#[derive(Debug, Clone)]
pub struct Order {
    pub id: String,
    pub user_id: Option<Uuid>,
    pub cart_id: String,
    pub details: CustomerDetails,
    pub total_cents: i64,
    pub created_at: OffsetDateTime,
    pub lines: Vec<OrderLine>,
}

/// An order as an account's list of orders shows it.
#[derive(Debug, Clone)]
pub struct OrderSummary {
    pub id: String,
    pub total_cents: i64,
    pub created_at: OffsetDateTime,
    /// Number of items (sum of the lines' quantities).
    pub item_count: u32,
}

#[async_trait]
pub trait ShopStore: Send + Sync + 'static {
    async fn products(&self) -> StoreResult<Vec<Product>>;
    async fn product(&self, id: &str) -> StoreResult<Option<Product>>;

    /// The account's cart id, created (at `now`) on first use.
    async fn user_cart(&self, user_id: Uuid, now: OffsetDateTime) -> StoreResult<String>;
    /// A new, empty guest cart, made and touched at `now`.
    async fn create_guest_cart(&self, now: OffsetDateTime) -> StoreResult<String>;
    async fn cart_lines(&self, cart_id: &str) -> StoreResult<Vec<CartLine>>;
    /// Sets a line's quantity (the cart is touched at `now`); 0 removes the line. Fails with `UnknownProduct` for a
    /// product not in the catalogue.
    async fn set_cart_quantity(
        &self,
        cart_id: &str,
        product_id: &str,
        quantity: u32,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Moves the guest cart's lines into the account's cart (quantities add up, capped at [`MAX_CART_QUANTITY`])
    /// and deletes the guest cart; an account's cart it makes is made at `now`.
    async fn merge_cart(&self, guest_cart_id: &str, user_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Deletes guest carts that nobody changed since `touched_before` (their sessions expired before them);
    /// returns how many.
    async fn purge_idle_guest_carts(&self, touched_before: OffsetDateTime) -> StoreResult<u64>;

    /// In one transaction: prices the cart from the catalogue, writes the order and its lines, empties the cart,
    /// and saves the details on the account (if any). If an order with the same key exists for the same cart,
    /// returns it instead (`created: false`).
    async fn place_order(&self, order: &NewOrder) -> StoreResult<PlacedOrder>;
    async fn order(&self, id: &str) -> StoreResult<Option<Order>>;
    /// The account's orders, newest first.
    async fn orders_of(&self, user_id: Uuid) -> StoreResult<Vec<OrderSummary>>;
    async fn customer_details(&self, user_id: Uuid) -> StoreResult<Option<CustomerDetails>>;
}
