//! The shop: a small catalogue, a cart (a guest's lives in their session and moves into their account when they
//! sign in), and a checkout that places each order exactly once.

mod details;
#[cfg(feature = "ssr")]
pub mod server;

pub use details::{Details, format_cents, parse_email};

use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most of one product a cart may hold.
pub const MAX_QUANTITY: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    pub image: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLineView {
    pub product_id: String,
    pub name: String,
    pub image: String,
    pub unit_price_cents: i64,
    pub quantity: u32,
    pub line_total_cents: i64,
}

/// A cart, priced by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub total_cents: i64,
    /// Number of items (sum of quantities).
    pub count: u32,
}

/// What the checkout page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub cart: CartView,
    pub signed_in: bool,
    /// The customer's saved details (signed in), for the form.
    pub details: Option<Details>,
    /// Identifies this checkout page: submitting it twice places one order.
    pub order_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    /// The catalogue product whose name the line copied, if it still has that name (see [`still_named`]).
    pub product_id: Option<String>,
    pub name: String,
    pub unit_price_cents: i64,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: String,
    pub placed_at: String,
    pub details: Details,
    pub lines: Vec<OrderLineView>,
    pub total_cents: i64,
    /// A guest's order that is not attached to any account yet: offer a passkey for next time.
    pub can_create_account: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: String,
    pub placed_at: String,
    pub total_cents: i64,
    pub items: u32,
}

/// A translated product's name and description in `locale`, by its id (`app/locales/<language>/shop.json`,
/// `shop.products`).
fn product_text(locale: Locale, id: &str) -> Option<(&'static str, &'static str)> {
    Some(match id {
        "security-key" => (
            td_string!(locale, shop.products.security_key.name),
            td_string!(locale, shop.products.security_key.description),
        ),
        "passkey-mug" => (
            td_string!(locale, shop.products.passkey_mug.name),
            td_string!(locale, shop.products.passkey_mug.description),
        ),
        "phishing-net" => (
            td_string!(locale, shop.products.phishing_net.name),
            td_string!(locale, shop.products.phishing_net.description),
        ),
        "webauthn-book" => (
            td_string!(locale, shop.products.webauthn_book.name),
            td_string!(locale, shop.products.webauthn_book.description),
        ),
        "sticker-pack" => (
            td_string!(locale, shop.products.sticker_pack.name),
            td_string!(locale, shop.products.sticker_pack.description),
        ),
        _ => return None,
    })
}

/// The name of product `id` in `locale`; for a product the translations do not know, `stored` (the database's).
pub fn product_name<'a>(locale: Locale, id: &str, stored: &'a str) -> &'a str {
    product_text(locale, id).map_or(stored, |(name, _)| name)
}

/// The description of product `id` in `locale`; for a product the translations do not know, `stored`.
pub fn product_description<'a>(locale: Locale, id: &str, stored: &'a str) -> &'a str {
    product_text(locale, id).map_or(stored, |(_, description)| description)
}

/// Whether product `id` is translated and still has the (English, catalogue) name `name`: an order line copies
/// the name of what was bought, and a name the catalogue no longer has stays as it was.
pub fn still_named(id: &str, name: &str) -> bool {
    product_text(Locale::en, id).is_some_and(|(english, _)| english == name)
}

#[server(endpoint = "list_products")]
pub async fn list_products() -> Result<Vec<ProductView>, AppError> {
    server::list_products().await
}

/// The visitor's cart (a guest's, or the signed-in customer's).
#[server(endpoint = "cart")]
pub async fn get_cart() -> Result<CartView, AppError> {
    server::cart().await
}

/// Adds one of a product. Works as a plain HTML form (the server then redirects back).
#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(product_id: String) -> Result<CartView, AppError> {
    server::add_to_cart(&product_id).await
}

/// Sets the quantity of a product in the cart (0 removes it; at most [`MAX_QUANTITY`]).
#[server(endpoint = "update_cart")]
pub async fn update_cart(product_id: String, quantity: u32) -> Result<CartView, AppError> {
    server::update_cart(&product_id, quantity).await
}

#[server(endpoint = "checkout")]
pub async fn checkout() -> Result<CheckoutView, AppError> {
    server::checkout().await
}

/// Places the order for the cart, once per `order_key`, and returns its id. As a plain HTML form, redirects to
/// the order's page.
#[server(endpoint = "place_order")]
pub async fn place_order(
    order_key: String,
    email: String,
    full_name: String,
    address: String,
) -> Result<String, AppError> {
    server::place_order(&order_key, Details { email, full_name, address }).await
}

/// An order, for its customer (the account it belongs to, or the guest session that placed it).
#[server(endpoint = "order")]
pub async fn order(id: String) -> Result<OrderView, AppError> {
    server::order(&id).await
}

/// The signed-in customer's orders, newest first.
#[server(endpoint = "my_orders")]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    server::my_orders().await
}

/// The cart as the server renders the page (the header's count; the cart page and the checkout load their own).
#[derive(Debug, Clone, Copy)]
pub struct Cart {
    pub view: Resource<Result<CartView, AppError>>,
}

pub fn provide_cart() {
    provide_context(Cart { view: Resource::new(|| (), |()| get_cart()) });
}

pub fn use_cart() -> Cart {
    expect_context::<Cart>()
}

/// The number of items in the cart, as the header's link shows it: in the browser, one signal for the whole page
/// (the page's root owns it, from the page's state), which the islands that change the cart set.
#[derive(Debug, Clone, Copy)]
pub struct CartCount(RwSignal<u32>);

/// In the browser: provides the page's count, as the server wrote it into the page.
pub fn provide_cart_count(count: u32) {
    provide_context(CartCount(RwSignal::new(count)));
}

/// The page's count in the browser; on the server (where islands render once), `rendered`, the count the page
/// is rendered with.
pub fn use_cart_count(rendered: u32) -> RwSignal<u32> {
    use_context::<CartCount>().map_or_else(|| RwSignal::new(rendered), |CartCount(count)| count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of the products the translations know.
    const TRANSLATED_PRODUCTS: [&str; 5] =
        ["security-key", "passkey-mug", "phishing-net", "webauthn-book", "sticker-pack"];

    /// The English name and description of every translated product are the catalogue's, in both schemas.
    #[test]
    fn the_english_product_texts_are_the_catalogues() {
        let schemas = [
            include_str!("../../../migrations/sqlite/20261121000003_shop.sql"),
            include_str!("../../../migrations/postgres/20261122000001_schema.sql"),
        ];
        for id in TRANSLATED_PRODUCTS {
            let (name, description) = product_text(Locale::en, id).unwrap_or_default();
            let row = format!("('{id}', '{name}', '{description}',");
            for schema in schemas {
                assert!(schema.contains(&row), "{row} is not in the catalogue");
            }
            assert!(still_named(id, name), "{id} is named {name}");
            assert_ne!(product_name(Locale::he, id, name), name, "{id} has a Hebrew name");
        }
    }

    #[test]
    fn an_unknown_product_keeps_the_databases_text() {
        assert_eq!(product_name(Locale::he, "password-manager", "Password manager"), "Password manager");
        assert_eq!(product_description(Locale::he, "password-manager", "Forgets nothing."), "Forgets nothing.");
        assert_eq!(product_name(Locale::en, "passkey-mug", "Old mug"), "Passkey mug");
        assert!(!still_named("passkey-mug", "Old mug"), "a line of an old name keeps it");
    }
}
