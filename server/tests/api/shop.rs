use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Answer, Browser, ORIGIN, spawn_app};
use app::error::AppError;
use app::shop::{CartView, CheckoutView, OrderSummary, OrderView};

impl Browser {
    pub(crate) async fn add(&self, product_id: &str) -> Answer {
        self.call("add_to_cart", &[("product_id", product_id)]).await
    }

    async fn set_quantity(&self, product_id: &str, quantity: &str) -> Answer {
        self.call("update_cart", &[("product_id", product_id), ("quantity", quantity)]).await
    }

    async fn cart(&self) -> CartView {
        self.call("cart", &[]).await.json()
    }

    pub(crate) async fn order_key(&self) -> String {
        self.call("checkout", &[]).await.json::<CheckoutView>().order_key
    }

    pub(crate) async fn place(&self, order_key: &str) -> Answer {
        self.call(
            "place_order",
            &[
                ("order_key", order_key),
                ("email", "ada@example.com"),
                ("full_name", "Ada Lovelace"),
                ("address", "12 St James's Square, London"),
            ],
        )
        .await
    }
}

#[tokio::test]
async fn the_cart_counts_items_and_the_server_computes_the_totals() {
    let app = spawn_app().await;
    let browser = app.browser();

    browser.add("passkey-mug").await.json::<CartView>();
    browser.add("passkey-mug").await.json::<CartView>();
    let cart: CartView = browser.add("sticker-pack").await.json();

    assert_eq!(cart.count, 3);
    assert_eq!(cart.total_cents, 2 * 1600 + 500);
    assert_eq!(cart.lines[0].product_id, "passkey-mug");
    assert_eq!(cart.lines[0].line_total_cents, 3200);
    assert_eq!(browser.cart().await, cart, "the cart is kept in the session");
}

#[tokio::test]
async fn quantities_are_bounded_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();
    for _ in 0..10 {
        browser.add("sticker-pack").await.json::<CartView>();
    }
    let before = browser.cart().await;

    for (answer, case) in [
        (browser.add("sticker-pack").await, "an eleventh add"),
        (browser.set_quantity("sticker-pack", "11").await, "a quantity over 10"),
        (browser.set_quantity("sticker-pack", "-1").await, "a negative quantity"),
        (browser.set_quantity("sticker-pack", "two").await, "a quantity that is not a number"),
        (browser.add("no-such-product").await, "an unknown product"),
        (browser.set_quantity("no-such-product", "1").await, "an unknown product's quantity"),
    ] {
        assert_eq!(answer.status, 400, "{case}: {}", answer.body);
    }
    assert_eq!(browser.cart().await, before, "nothing changed");

    let emptied: CartView = browser.set_quantity("sticker-pack", "0").await.json();
    assert_eq!(emptied.count, 0, "quantity 0 removes the line");
}

#[tokio::test]
async fn a_guest_cart_joins_the_account_cart_at_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.sign_up(&mut authenticator, "alice").await;
    browser.add("passkey-mug").await.json::<CartView>();
    browser.sign_out().await;

    browser.add("passkey-mug").await.json::<CartView>();
    browser.add("security-key").await.json::<CartView>();
    let options = browser.start_sign_in().await;
    assert_eq!(browser.finish_sign_in(&authenticator.get(&options)).await.status, 200);

    let cart = browser.cart().await;
    assert_eq!(cart.count, 3, "{cart:?}");
    assert_eq!(cart.total_cents, 2 * 1600 + 4900);
}

#[tokio::test]
async fn placing_an_order_stores_it_and_empties_the_cart() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.add("webauthn-book").await.json::<CartView>();
    browser.add("sticker-pack").await.json::<CartView>();

    let id: String = browser.place(&browser.order_key().await).await.json();

    assert_eq!(browser.cart().await.count, 0);
    let order: OrderView = browser.call("order", &[("id", &id)]).await.json();
    assert_eq!(order.total_cents, 3400 + 500);
    assert_eq!(order.lines.len(), 2);
    assert_eq!(order.details.full_name, "Ada Lovelace");
    assert!(order.can_create_account, "a guest order can be saved to a new account");
}

#[tokio::test]
async fn placing_the_same_order_twice_creates_one_order() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.add("webauthn-book").await.json::<CartView>();
    let key = browser.order_key().await;

    let (first, second) = tokio::join!(browser.place(&key), browser.place(&key));
    let third = browser.place(&key).await;

    let first: String = first.json();
    assert_eq!(second.json::<String>(), first, "a double click gets the same order");
    assert_eq!(third.json::<String>(), first, "a resubmission gets the same order");
}

#[tokio::test]
async fn another_customers_order_key_does_not_reveal_their_order() {
    let app = spawn_app().await;
    let (ada, eve) = (app.browser(), app.browser());
    ada.add("webauthn-book").await.json::<CartView>();
    let key = ada.order_key().await;
    let id: String = ada.place(&key).await.json();
    eve.add("sticker-pack").await.json::<CartView>();

    eve.place(&key).await.assert_invalid_input();
    eve.call("order", &[("id", &id)]).await.assert_error(AppError::NotFound);
}

#[tokio::test]
async fn an_empty_cart_cannot_be_ordered() {
    let app = spawn_app().await;
    let browser = app.browser();
    let key = browser.order_key().await;
    browser.place(&key).await.assert_error(AppError::EmptyCart);
}

#[tokio::test]
async fn checkout_details_are_checked_and_a_refused_order_keeps_the_cart() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.add("passkey-mug").await.json::<CartView>();
    let key = browser.order_key().await;
    for (email, name, address, case) in [
        ("not-an-email", "Ada", "London", "email"),
        ("ada@example.com", "", "London", "name"),
        ("ada@example.com", "Ada", "", "address"),
    ] {
        let answer = browser
            .call("place_order", &[("order_key", &key), ("email", email), ("full_name", name), ("address", address)])
            .await;
        assert!(!answer.assert_invalid_input().is_empty(), "{case} has a message");
    }
    browser.place("not-a-key").await.assert_invalid_input();
    assert_eq!(browser.cart().await.count, 1, "the cart is untouched");
}

#[tokio::test]
async fn a_guest_can_save_their_order_to_a_new_passkey_account() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.add("security-key").await.json::<CartView>();
    let id: String = browser.place(&browser.order_key().await).await.json();

    let options = browser.call("start_guest_registration", &[("order_id", &id)]).await;
    let options = serde_json::from_value(options.body.clone()).expect("creation options");
    let answer = browser.finish_registration(&authenticator.create(&options)).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(browser.current_username().await.as_deref(), Some("ada@example.com"));
    let orders: Vec<OrderSummary> = browser.call("my_orders", &[]).await.json();
    assert_eq!(orders[0].id, id, "the order is the account's");
    let checkout: CheckoutView = browser.call("checkout", &[]).await.json();
    let details = checkout.details.expect("saved details");
    assert_eq!(details.address, "12 St James's Square, London", "details are saved");

    let again = app.browser();
    again.add("sticker-pack").await.json::<CartView>();
    let other: String = again.place(&again.order_key().await).await.json();
    again.call("start_guest_registration", &[("order_id", &other)]).await.assert_error(AppError::EmailTaken);
}

#[tokio::test]
async fn the_plain_html_order_form_redirects_to_the_order() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.add("passkey-mug").await.json::<CartView>();
    let key = browser.order_key().await;
    let form = [
        ("order_key", key.as_str()),
        ("email", "ada@example.com"),
        ("full_name", "Ada Lovelace"),
        ("address", "London"),
    ];

    let first = browser.submit_form("place_order", &form).await;
    let again = browser.submit_form("place_order", &form).await;

    assert_eq!(first.status(), 302);
    let location = first.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(location.starts_with("/orders/"), "{location}");
    assert_eq!(again.headers()["location"], location.as_str(), "resubmitting shows the same order");
    let page = browser.get_page(&location).await.text().await.expect("a page");
    assert!(page.contains("Order confirmed"));
}

#[tokio::test]
async fn someone_elses_order_page_answers_404_and_says_so() {
    let app = spawn_app().await;
    let customer = app.browser();
    customer.add("passkey-mug").await.json::<CartView>();
    let id: String = customer.place(&customer.order_key().await).await.json();
    assert_eq!(customer.get_page(&format!("/orders/{id}")).await.status(), 200, "the customer sees it");

    let response = app.browser().get_page(&format!("/orders/{id}")).await;

    assert_eq!(response.status(), 404);
    assert!(response.text().await.expect("a page").contains("Order not found"));
}

#[tokio::test]
async fn the_plain_html_cart_forms_come_back_to_the_product_and_to_the_cart() {
    let app = spawn_app().await;
    let browser = app.browser();

    let added = browser.submit_form("add_to_cart", &[("product_id", "passkey-mug")]).await;
    assert_eq!(added.status(), 302);
    let location = added.headers()["location"].to_str().expect("ascii").to_owned();
    assert_eq!(location, "/?added=passkey-mug#product-passkey-mug", "back to the product that was added");
    let shop = browser.get_page(&location).await.text().await.expect("a page");
    let card = shop.split(r#"id="product-passkey-mug""#).nth(1).expect("the product's card");
    let card = card.split("</li>").next().expect("its end");
    assert!(card.contains("Added to your cart."), "the product says it was added: {card}");
    assert_eq!(shop.matches("Added to your cart.").count(), 1, "and no other product does");

    let updated = browser.submit_form("update_cart", &[("product_id", "passkey-mug"), ("quantity", "3")]).await;
    assert_eq!(updated.status(), 302);
    assert_eq!(updated.headers()["location"], "/cart", "back to the cart");
    assert_eq!(browser.cart().await.count, 3, "the cart holds the new quantity");
}
