//! No loop of cookie-less requests can grow the database without bound: what such requests write is deleted by
//! the periodic cleanup once it is of no use, and nothing an account owns is.

use crate::authenticator::SoftAuthenticator;
use crate::helpers::{ORIGIN, spawn_app};
use server::cleanup::Swept;
use std::time::Duration;

const LOOPS: usize = 30;

fn count(counts: &[(String, i64)], table: &str) -> i64 {
    counts.iter().find(|(name, _)| name == table).map_or(0, |(_, count)| *count)
}

#[tokio::test]
async fn rows_written_by_cookie_less_requests_are_all_removed_by_the_cleanup() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    let customer = app.browser();
    customer.sign_up(&mut authenticator, "alice").await;
    customer.call("add_to_cart", &[("product_id", "passkey-mug")]).await.json::<serde_json::Value>();
    let before = app.row_counts().await;

    for i in 0..LOOPS {
        // Each request from a new client without a cookie, as a loop would send them.
        app.browser().start_sign_in().await;
        let _ = app.browser().start_registration(&format!("bot{i}")).await.json::<serde_json::Value>();
        app.browser().call("add_to_cart", &[("product_id", "sticker-pack")]).await.json::<serde_json::Value>();
    }
    let grown = app.row_counts().await;
    assert_eq!(count(&grown, "ceremonies"), count(&before, "ceremonies") + 2 * LOOPS as i64);
    assert_eq!(count(&grown, "tower_sessions"), count(&before, "tower_sessions") + 3 * LOOPS as i64);
    assert_eq!(count(&grown, "carts"), count(&before, "carts") + LOOPS as i64);

    let nothing_expired = app.cleanup.run_once().await.expect("the cleanup runs");
    assert_eq!(nothing_expired, Swept::default(), "nothing is deleted before it is of no use");

    app.clock.advance(Duration::from_secs(7 * 24 * 3600 + 60));
    let swept = app.cleanup.run_once().await.expect("the cleanup runs");

    assert_eq!(swept.ceremonies, 2 * LOOPS as u64);
    assert_eq!(swept.guest_carts, LOOPS as u64);
    let after = app.row_counts().await;
    assert_eq!(count(&after, "tower_sessions"), 0, "every session idle for a week is gone, the customer's too");
    let without_sessions = |counts: &[(String, i64)]| {
        counts.iter().filter(|(name, _)| name != "tower_sessions").cloned().collect::<Vec<_>>()
    };
    assert_eq!(without_sessions(&after), without_sessions(&before), "the account, its passkey and cart remain");
}

#[tokio::test]
async fn a_guest_cart_in_use_survives_the_cleanup() {
    let app = spawn_app().await;
    let guest = app.browser();
    guest.call("add_to_cart", &[("product_id", "sticker-pack")]).await.json::<serde_json::Value>();

    app.clock.advance(Duration::from_secs(6 * 24 * 3600));
    app.cleanup.run_once().await.expect("the cleanup runs");

    let cart: serde_json::Value = guest.call("cart", &[]).await.json();
    assert_eq!(cart["count"], 1, "six days on, the guest's cart is still there: {cart}");
}

#[tokio::test]
async fn a_redeemed_sign_in_ticket_is_forgotten_once_expired_and_still_refused() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let (options, ticket) = browser.prepare_sign_in().await;
    let credential = authenticator.get(&options);
    assert_eq!(browser.finish_prepared_sign_in(&ticket, &credential).await.status, 200);
    assert_eq!(count(&app.row_counts().await, "redeemed_sign_in_tickets"), 1);

    assert_eq!(app.cleanup.run_once().await.expect("the cleanup runs").sign_in_tickets, 0, "not yet expired");
    app.clock.advance(Duration::from_secs(6 * 60));
    assert_eq!(app.cleanup.run_once().await.expect("the cleanup runs").sign_in_tickets, 1);
    assert_eq!(count(&app.row_counts().await, "redeemed_sign_in_tickets"), 0);

    browser.sign_out().await;
    let again = browser.finish_prepared_sign_in(&ticket, &credential).await;
    assert_eq!(again.status, 410, "an expired ticket is refused before it could be redeemed again: {again:?}");
    assert_eq!(browser.current_username().await, None);
}
