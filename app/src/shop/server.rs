//! The server side of [`crate::shop`].

use super::{
    CartLineView, CartView, CheckoutView, Details, MAX_QUANTITY, OrderLineView, OrderSummary, OrderView, ProductView,
};
use crate::error::AppError;
use crate::format;
use crate::i18n::td_string;
use crate::i18n::translate::{current_locale, fill};
use crate::plain_form;
use crate::request::RequestContext;
use crate::session;
use crate::store::{CartLine, CustomerDetails, GuestClaim, NewOrder, Order, StoreError};
use uuid::Uuid;

fn store_error(context: &'static str) -> impl Fn(StoreError) -> AppError {
    move |error| match error {
        StoreError::UnknownProduct => no_such_product(),
        StoreError::EmptyCart => AppError::EmptyCart,
        StoreError::OrderKeyTaken => {
            AppError::InvalidInput(td_string!(current_locale(), shop.errors.page_out_of_date_try_again).to_owned())
        }
        other => AppError::unexpected(context, other),
    }
}

fn no_such_product() -> AppError {
    AppError::InvalidInput(td_string!(current_locale(), shop.errors.no_such_product).to_owned())
}

/// Product ids are short slugs (`security-key`). Anything else names no product and never reaches the database
/// (PostgreSQL refuses text with a NUL in it, which would be a 500 instead of a clear answer).
fn known_product_id(product_id: &str) -> Result<&str, AppError> {
    let slug = !product_id.is_empty()
        && product_id.len() <= 64
        && product_id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if slug { Ok(product_id) } else { Err(no_such_product()) }
}

/// Order ids are 32 hex digits (a simple UUID); anything else is no order, answered before the database is asked.
fn is_order_id(id: &str) -> bool {
    id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit())
}

fn too_many() -> AppError {
    AppError::InvalidInput(fill(td_string!(current_locale(), shop.errors.too_many), &[("max", &MAX_QUANTITY)]))
}

pub async fn list_products() -> Result<Vec<ProductView>, AppError> {
    let cx = RequestContext::current().await?;
    let products = cx.state.store.products().await.map_err(store_error("loading products"))?;
    Ok(products
        .into_iter()
        .map(|p| ProductView {
            id: p.id,
            name: p.name,
            description: p.description,
            price_cents: p.price_cents,
            image: p.image,
        })
        .collect())
}

/// The cart of this session: the account's when signed in, otherwise the guest cart whose id the session holds
/// (created only when `create`, that is, when something is put in it).
async fn cart_id(cx: &RequestContext, create: bool) -> Result<Option<String>, AppError> {
    if let Some(user_id) = cx.user_id().await? {
        return cx
            .state
            .store
            .user_cart(user_id, cx.state.clock.now())
            .await
            .map(Some)
            .map_err(store_error("loading the cart"));
    }
    let existing = session::guest_cart(&cx.session).await?;
    if existing.is_some() || !create {
        return Ok(existing);
    }
    let id = cx.state.store.create_guest_cart(cx.state.clock.now()).await.map_err(store_error("creating a cart"))?;
    session::set_guest_cart(&cx.session, &id).await?;
    Ok(Some(id))
}

fn cart_view(lines: Vec<CartLine>) -> CartView {
    let lines: Vec<CartLineView> = lines
        .into_iter()
        .map(|line| CartLineView {
            line_total_cents: line.product.price_cents * i64::from(line.quantity),
            product_id: line.product.id,
            name: line.product.name,
            image: line.product.image,
            unit_price_cents: line.product.price_cents,
            quantity: line.quantity,
        })
        .collect();
    CartView {
        total_cents: lines.iter().map(|l| l.line_total_cents).sum(),
        count: lines.iter().map(|l| l.quantity).sum(),
        lines,
    }
}

async fn load_cart(cx: &RequestContext, cart_id: Option<&str>) -> Result<CartView, AppError> {
    let Some(cart_id) = cart_id else { return Ok(CartView::default()) };
    let lines = cx.state.store.cart_lines(cart_id).await.map_err(store_error("loading the cart"))?;
    Ok(cart_view(lines))
}

pub async fn cart() -> Result<CartView, AppError> {
    let cx = RequestContext::current().await?;
    let cart_id = cart_id(&cx, false).await?;
    load_cart(&cx, cart_id.as_deref()).await
}

/// Adds one of a product. A plain form post (the catalogue's "Add to cart") is sent back to the product on `/`
/// (`/?added=<id>#product-<id>`), or to `/?error=<code>`.
pub async fn add_to_cart(product_id: &str) -> Result<CartView, AppError> {
    let result = add(product_id).await;
    plain_form::redirect(&result, |_| format!("/?added={product_id}#product-{product_id}"), "/");
    result
}

async fn add(product_id: &str) -> Result<CartView, AppError> {
    let product_id = known_product_id(product_id)?;
    let cx = RequestContext::current().await?;
    // Check the product before creating a cart for it.
    if cx.state.store.product(product_id).await.map_err(store_error("loading a product"))?.is_none() {
        return Err(no_such_product());
    }
    let cart_id = cart_id(&cx, true).await?.ok_or(AppError::Unexpected)?;
    let current = load_cart(&cx, Some(&cart_id)).await?;
    let quantity = current.lines.iter().find(|l| l.product_id == product_id).map_or(0, |l| l.quantity);
    if quantity >= MAX_QUANTITY {
        return Err(too_many());
    }
    cx.state
        .store
        .set_cart_quantity(&cart_id, product_id, quantity + 1, cx.state.clock.now())
        .await
        .map_err(store_error("updating the cart"))?;
    load_cart(&cx, Some(&cart_id)).await
}

/// Sets a line's quantity. A plain form post (the cart's forms) is sent back to `/cart`, with the error's code
/// when refused.
pub async fn update_cart(product_id: &str, quantity: u32) -> Result<CartView, AppError> {
    let result = update(product_id, quantity).await;
    plain_form::redirect(&result, |_| "/cart".to_owned(), "/cart");
    result
}

async fn update(product_id: &str, quantity: u32) -> Result<CartView, AppError> {
    let product_id = known_product_id(product_id)?;
    if quantity > MAX_QUANTITY {
        return Err(too_many());
    }
    let cx = RequestContext::current().await?;
    let Some(cart_id) = cart_id(&cx, quantity > 0).await? else {
        return Ok(CartView::default()); // removing from a cart that does not exist: nothing to do
    };
    cx.state
        .store
        .set_cart_quantity(&cart_id, product_id, quantity, cx.state.clock.now())
        .await
        .map_err(store_error("updating the cart"))?;
    load_cart(&cx, Some(&cart_id)).await
}

fn details_view(details: CustomerDetails) -> Details {
    Details { email: details.email, full_name: details.full_name, address: details.address }
}

pub async fn checkout() -> Result<CheckoutView, AppError> {
    let cx = RequestContext::current().await?;
    let user = cx.user_id().await?;
    let cart_id = cart_id(&cx, false).await?;
    let details = match user {
        Some(user) => cx.state.store.customer_details(user).await.map_err(store_error("loading details"))?,
        None => None,
    };
    Ok(CheckoutView {
        cart: load_cart(&cx, cart_id.as_deref()).await?,
        signed_in: user.is_some(),
        details: details.map(details_view),
        order_key: Uuid::new_v4().simple().to_string(),
    })
}

/// Places the order: 1. check the page's order key and the details; 2. in one transaction, price the cart,
/// write the order and its lines, empty the cart, save the details on the account. The same order key again
/// returns the same order.
pub async fn place_order(order_key: &str, details: Details) -> Result<String, AppError> {
    let result = place(order_key, details).await;
    let form = if matches!(result, Err(AppError::EmptyCart)) { "/cart" } else { "/checkout?guest=1" };
    plain_form::redirect(&result, |id| format!("/orders/{id}"), form);
    result
}

async fn place(order_key: &str, details: Details) -> Result<String, AppError> {
    if order_key.len() != 32 || !order_key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::InvalidInput(td_string!(current_locale(), shop.errors.page_out_of_date).to_owned()));
    }
    let details = Details::parse(&details.email, &details.full_name, &details.address)?;
    let cx = RequestContext::current().await?;
    let state = &cx.state;
    let user_id = cx.user_id().await?;
    let cart_id = cart_id(&cx, false).await?.ok_or(AppError::EmptyCart)?;
    let placed = state
        .store
        .place_order(&NewOrder {
            id: Uuid::new_v4().simple().to_string(),
            order_key: order_key.to_owned(),
            user_id,
            cart_id,
            details: CustomerDetails { email: details.email, full_name: details.full_name, address: details.address },
            created_at: state.clock.now(),
        })
        .await
        .map_err(store_error("placing the order"))?;
    if placed.created {
        tracing::info!(order = %placed.id, "order placed");
        state.metrics.order(user_id.is_some());
    }
    Ok(placed.id)
}

/// Whether this session may see `order`: it belongs to the signed-in account, or it is a guest order placed
/// from this session's cart.
async fn viewable_order(cx: &RequestContext, id: &str) -> Result<Order, AppError> {
    if !is_order_id(id) {
        return Err(AppError::NotFound);
    }
    let order = cx.state.store.order(id).await.map_err(store_error("loading the order"))?.ok_or(AppError::NotFound)?;
    let viewer = cx.user_id().await?;
    let guest_cart = session::guest_cart(&cx.session).await?;
    let allowed = match order.user_id {
        Some(owner) => viewer == Some(owner),
        None => guest_cart.as_deref() == Some(order.cart_id.as_str()),
    };
    // Someone else's order is reported as missing, so order ids cannot be probed.
    if allowed { Ok(order) } else { Err(AppError::NotFound) }
}

/// "Create a passkey for next time": the guest order this session may attach to a new account, with its
/// details. It must be this session's (as for viewing it) and nobody's yet.
pub async fn guest_claim(order_id: &str) -> Result<GuestClaim, AppError> {
    let order = viewable_order(&RequestContext::current().await?, order_id).await?;
    if order.user_id.is_some() {
        return Err(AppError::NotFound);
    }
    Ok(GuestClaim { order_id: order.id, details: order.details })
}

pub async fn order(id: &str) -> Result<OrderView, AppError> {
    let order = viewable_order(&RequestContext::current().await?, id).await?;
    Ok(OrderView {
        can_create_account: order.user_id.is_none(),
        placed_at: format::timestamp(order.created_at),
        details: details_view(order.details),
        lines: order
            .lines
            .into_iter()
            .map(|l| OrderLineView {
                product_id: super::still_named(&l.product_id, &l.name).then_some(l.product_id),
                name: l.name,
                unit_price_cents: l.unit_price_cents,
                quantity: l.quantity,
            })
            .collect(),
        total_cents: order.total_cents,
        id: order.id,
    })
}

pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    let cx = RequestContext::current().await?;
    let user = cx.require_user_id().await?;
    let orders = cx.state.store.orders_of(user).await.map_err(store_error("loading orders"))?;
    Ok(orders
        .into_iter()
        .map(|order| OrderSummary {
            placed_at: format::timestamp(order.created_at),
            total_cents: order.total_cents,
            items: order.item_count,
            id: order.id,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::translate::in_request;

    #[test]
    fn the_quantity_the_shop_allows_is_the_one_the_database_allows() {
        assert_eq!(super::MAX_QUANTITY, crate::store::MAX_CART_QUANTITY);
    }

    #[test]
    fn refusals_are_in_the_language_of_the_request() {
        assert_eq!(in_request("en", too_many), AppError::InvalidInput("You can buy at most 10 of each item.".into()));
        assert_eq!(in_request("en", no_such_product), AppError::InvalidInput("There is no such product.".into()));
        assert_eq!(
            in_request("he", too_many),
            AppError::InvalidInput("אפשר לקנות לכל היותר 10 יחידות מכל פריט.".into())
        );
        assert_eq!(
            in_request("he-IL,he;q=0.9", || Details::parse("ada@example.com", "", "Tel Aviv")),
            Err(AppError::InvalidInput("הזינו את השם המלא שלכם.".into()))
        );
    }
}
