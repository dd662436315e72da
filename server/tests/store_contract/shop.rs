//! The catalogue, carts and orders.

use super::*;

#[tokio::test]
async fn the_catalogue_lists_its_five_products_in_order_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let products = store.products().await.expect("the catalogue");
        let listed: Vec<(&str, i64)> = products.iter().map(|p| (p.id.as_str(), p.price_cents)).collect();
        assert_eq!(
            listed,
            [
                ("security-key", 4900),
                ("passkey-mug", 1600),
                ("phishing-net", 2200),
                ("webauthn-book", 3400),
                ("sticker-pack", 500)
            ],
            "{backend:?}: the catalogue"
        );
        let mug = store.product("passkey-mug").await.expect("a lookup").expect("the mug");
        assert_eq!(
            (mug.name.as_str(), mug.price_cents, mug.image.as_str()),
            ("Passkey mug", 1600, "/products/passkey-mug.svg"),
            "{backend:?}: the mug"
        );
        assert!(store.product("password-manager").await.expect("a lookup").is_none(), "{backend:?}: no such product");
    })
    .await;
}

#[tokio::test]
async fn a_guest_cart_holds_what_was_set_and_zero_removes_a_line_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("a guest cart");
        let other = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("another guest cart");
        assert_ne!(cart, other, "{backend:?}: two guest carts share an id");
        assert!(lines(&*store, &cart).await.is_empty(), "{backend:?}: a new cart is empty");

        fill(&*store, &cart, &[("sticker-pack", 2), ("security-key", 1)]).await;
        fill(&*store, &other, &[("passkey-mug", 4)]).await;
        assert_eq!(
            lines(&*store, &cart).await,
            owned(&[("security-key", 1), ("sticker-pack", 2)]),
            "{backend:?}: lines in catalogue order"
        );

        store.set_cart_quantity(&cart, "sticker-pack", 5, OffsetDateTime::now_utc()).await.expect("a new quantity");
        store.set_cart_quantity(&cart, "security-key", 0, OffsetDateTime::now_utc()).await.expect("a line removed");
        store
            .set_cart_quantity(&cart, "webauthn-book", 0, OffsetDateTime::now_utc())
            .await
            .expect("removing a line that is not there");
        assert_eq!(lines(&*store, &cart).await, owned(&[("sticker-pack", 5)]), "{backend:?}: after the changes");
        assert_eq!(lines(&*store, &other).await, owned(&[("passkey-mug", 4)]), "{backend:?}: the other cart");
    })
    .await;
}

#[tokio::test]
async fn an_unknown_product_never_gets_into_a_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        for quantity in [1, 0] {
            let unknown = store.set_cart_quantity(&cart, "password-manager", quantity, OffsetDateTime::now_utc()).await;
            assert!(
                matches!(unknown, Err(StoreError::UnknownProduct)),
                "{backend:?}: {quantity} of an unknown product got {unknown:?}"
            );
        }
        assert_eq!(lines(&*store, &cart).await, owned(&[("passkey-mug", 1)]), "{backend:?}: the cart changed");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accounts_cart_is_created_once_even_by_racing_first_uses_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let grace = password_account(&*store, "grace").await;

        let carts = join_all((0..10).map(|_| store.user_cart(ada.id, OffsetDateTime::now_utc()))).await;
        let carts: Vec<String> = carts
            .into_iter()
            .map(|cart| cart.unwrap_or_else(|e| panic!("{backend:?}: user_cart failed: {e}")))
            .collect();
        assert!(carts.iter().all(|cart| *cart == carts[0]), "{backend:?}: racing first uses made carts {carts:?}");
        assert_eq!(
            store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart"),
            carts[0],
            "{backend:?}: a later use"
        );
        assert_ne!(
            store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart"),
            carts[0],
            "{backend:?}: a shared cart"
        );
    })
    .await;
}

#[tokio::test]
async fn merging_a_guest_cart_adds_up_quantities_to_the_cap_and_deletes_it_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let accounts = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        fill(&*store, &accounts, &[("security-key", 7), ("passkey-mug", 1)]).await;
        let guest = guest_cart_with(&*store, &[("security-key", 5), ("passkey-mug", 4), ("sticker-pack", 2)]).await;

        store.merge_cart(&guest, ada.id, OffsetDateTime::now_utc()).await.expect("the carts merge");

        assert_eq!(
            lines(&*store, &accounts).await,
            owned(&[("security-key", MAX_CART_QUANTITY), ("passkey-mug", 5), ("sticker-pack", 2)]),
            "{backend:?}: the account's cart after the merge"
        );
        assert!(lines(&*store, &guest).await.is_empty(), "{backend:?}: the guest cart kept lines");
        let far_future = OffsetDateTime::now_utc() + time::Duration::days(1);
        assert_eq!(
            store.purge_idle_guest_carts(far_future).await.expect("a purge"),
            0,
            "{backend:?}: the merged guest cart still exists"
        );

        // Merging the account's own cart into itself changes nothing.
        store.merge_cart(&accounts, ada.id, OffsetDateTime::now_utc()).await.expect("a merge into itself");
        assert_eq!(lines(&*store, &accounts).await.len(), 3, "{backend:?}: a merge into itself changed the cart");
    })
    .await;
}

#[tokio::test]
async fn idle_guest_carts_are_purged_but_never_an_accounts_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let adas = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        fill(&*store, &adas, &[("passkey-mug", 1)]).await;
        let grace = password_account(&*store, "grace").await;
        let graces = store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart, never touched");
        let idle = guest_cart_with(&*store, &[("sticker-pack", 1)]).await;
        let busy = guest_cart_with(&*store, &[("sticker-pack", 1)]).await;

        // Carts are touched in whole seconds of the real clock: wait for the next one, then touch one guest cart.
        let cutoff =
            OffsetDateTime::from_unix_timestamp(OffsetDateTime::now_utc().unix_timestamp() + 1).expect("a valid time");
        while OffsetDateTime::now_utc() < cutoff {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        store
            .set_cart_quantity(&busy, "sticker-pack", 2, OffsetDateTime::now_utc())
            .await
            .expect("the busy cart changes");

        assert_eq!(store.purge_idle_guest_carts(cutoff).await.expect("a purge"), 1, "{backend:?}: carts purged");
        assert!(lines(&*store, &idle).await.is_empty(), "{backend:?}: the idle cart kept its lines");
        assert_eq!(lines(&*store, &busy).await, owned(&[("sticker-pack", 2)]), "{backend:?}: the busy cart");
        assert_eq!(lines(&*store, &adas).await, owned(&[("passkey-mug", 1)]), "{backend:?}: ada's cart");

        let far_future = OffsetDateTime::now_utc() + time::Duration::days(1);
        assert_eq!(store.purge_idle_guest_carts(far_future).await.expect("a purge"), 1, "{backend:?}: the busy one");
        assert_eq!(lines(&*store, &adas).await, owned(&[("passkey-mug", 1)]), "{backend:?}: ada's cart");
        assert_eq!(
            store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart"),
            adas,
            "{backend:?}: ada's cart was purged"
        );
        assert_eq!(
            store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart"),
            graces,
            "{backend:?}: grace's was purged"
        );
    })
    .await;
}

#[tokio::test]
async fn placing_an_order_prices_it_from_the_catalogue_and_empties_the_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let cart = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        fill(&*store, &cart, &[("sticker-pack", 3), ("security-key", 2)]).await;

        let new = new_order("key", &cart, Some(ada.id), at(50));
        let placed = store.place_order(&new).await.expect("the order is placed");
        assert_eq!(placed, PlacedOrder { id: new.id.clone(), created: true }, "{backend:?}: what placing answered");

        let order = store.order(&new.id).await.expect("a lookup").expect("the order");
        let order_lines: Vec<(&str, i64, u32)> =
            order.lines.iter().map(|l| (l.name.as_str(), l.unit_price_cents, l.quantity)).collect();
        assert_eq!(
            order_lines,
            [("Hardware security key", 4900, 2), ("Sticker pack", 500, 3)],
            "{backend:?}: the order's lines"
        );
        assert_eq!(order.total_cents, 2 * 4900 + 3 * 500, "{backend:?}: the total");
        assert_eq!(
            (order.user_id, order.cart_id.as_str(), &order.details, order.created_at),
            (Some(ada.id), cart.as_str(), &details("Ada Lovelace"), at(50)),
            "{backend:?}: the order"
        );
        assert!(lines(&*store, &cart).await.is_empty(), "{backend:?}: the cart was not emptied");
        assert_eq!(
            store.customer_details(ada.id).await.expect("a lookup"),
            Some(details("Ada Lovelace")),
            "{backend:?}: the details saved on the account"
        );
        assert!(store.order("unknown").await.expect("a lookup").is_none(), "{backend:?}: an unknown order");
    })
    .await;
}

#[tokio::test]
async fn a_resubmitted_checkout_finds_its_order_though_the_cart_is_empty_now_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        let first = store.place_order(&new_order("key", &cart, None, at(50))).await.expect("the order is placed");

        let resubmitted = store.place_order(&new_order("key", &cart, None, at(51))).await;
        assert!(
            matches!(&resubmitted, Ok(PlacedOrder { id, created: false }) if *id == first.id),
            "{backend:?}: the resubmission got {resubmitted:?}, not {first:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_racing_submissions_of_one_checkout_make_one_order_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("webauthn-book", 1), ("sticker-pack", 2)]).await;
        let submissions: Vec<NewOrder> = (0..10).map(|_| new_order("key", &cart, None, at(50))).collect();

        let placed = join_all(submissions.iter().map(|order| store.place_order(order))).await;
        let placed: Vec<PlacedOrder> = placed
            .into_iter()
            .map(|placed| placed.unwrap_or_else(|e| panic!("{backend:?}: a racing submission failed: {e}")))
            .collect();
        let created: Vec<&PlacedOrder> = placed.iter().filter(|placed| placed.created).collect();
        assert_eq!(created.len(), 1, "{backend:?}: orders created by 10 racing submissions: {placed:?}");
        let winner = &created[0].id;
        assert!(placed.iter().all(|placed| placed.id == *winner), "{backend:?}: the answers disagree: {placed:?}");

        let order = store.order(winner).await.expect("a lookup").expect("the order");
        assert_eq!(order.total_cents, 3400 + 2 * 500, "{backend:?}: the order's total");
        assert_eq!(order.lines.len(), 2, "{backend:?}: the order's lines");
        for loser in submissions.iter().filter(|order| order.id != *winner) {
            assert!(store.order(&loser.id).await.expect("a lookup").is_none(), "{backend:?}: a second order");
        }
    })
    .await;
}

#[tokio::test]
async fn an_order_key_is_refused_to_another_cart_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        store.place_order(&new_order("key", &cart, None, at(50))).await.expect("the order is placed");

        let other_cart = guest_cart_with(&*store, &[("security-key", 1)]).await;
        let other = new_order("key", &other_cart, None, at(51));
        let taken = store.place_order(&other).await;
        assert!(matches!(taken, Err(StoreError::OrderKeyTaken)), "{backend:?}: another cart's order got {taken:?}");
        assert!(store.order(&other.id).await.expect("a lookup").is_none(), "{backend:?}: the refused order exists");
        assert_eq!(
            lines(&*store, &other_cart).await,
            owned(&[("security-key", 1)]),
            "{backend:?}: the refused order emptied its cart"
        );
    })
    .await;
}

#[tokio::test]
async fn an_empty_cart_makes_no_order_and_keeps_its_key_free_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = store.create_guest_cart(OffsetDateTime::now_utc()).await.expect("a guest cart");
        let empty = new_order("key", &cart, None, at(50));
        let refused = store.place_order(&empty).await;
        assert!(matches!(refused, Err(StoreError::EmptyCart)), "{backend:?}: an empty cart's order got {refused:?}");
        assert!(store.order(&empty.id).await.expect("a lookup").is_none(), "{backend:?}: the empty order exists");

        fill(&*store, &cart, &[("passkey-mug", 1)]).await;
        let placed = store.place_order(&new_order("key", &cart, None, at(60))).await.expect("the order is placed");
        assert!(placed.created, "{backend:?}: the refused order used up its key");
    })
    .await;
}

#[tokio::test]
async fn an_accounts_orders_are_listed_newest_first_with_counts_and_totals_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let grace = password_account(&*store, "grace").await;
        let cart = store.user_cart(ada.id, OffsetDateTime::now_utc()).await.expect("ada's cart");
        let mut placed = Vec::new();
        // The last two in the same second: the one placed later is listed first.
        for (key, contents, seconds) in [
            ("first", &[("security-key", 1)][..], 0),
            ("second", &[("passkey-mug", 2), ("sticker-pack", 1)][..], 60),
            ("third", &[("webauthn-book", 1)][..], 60),
        ] {
            fill(&*store, &cart, contents).await;
            placed.push(store.place_order(&new_order(key, &cart, Some(ada.id), at(seconds))).await.expect("an order"));
        }
        let graces = store.user_cart(grace.id, OffsetDateTime::now_utc()).await.expect("grace's cart");
        fill(&*store, &graces, &[("phishing-net", 1)]).await;
        store.place_order(&new_order("grace's", &graces, Some(grace.id), at(30))).await.expect("grace's order");
        let guest = guest_cart_with(&*store, &[("phishing-net", 1)]).await;
        store.place_order(&new_order("guest's", &guest, None, at(30))).await.expect("a guest order");

        let listed = store.orders_of(ada.id).await.expect("ada's orders");
        let summaries: Vec<(&str, u32, i64, OffsetDateTime)> =
            listed.iter().map(|o| (o.id.as_str(), o.item_count, o.total_cents, o.created_at)).collect();
        assert_eq!(
            summaries,
            [
                (placed[2].id.as_str(), 1, 3400, at(60)),
                (placed[1].id.as_str(), 3, 2 * 1600 + 500, at(60)),
                (placed[0].id.as_str(), 1, 4900, at(0)),
            ],
            "{backend:?}: ada's orders"
        );
        assert_eq!(store.orders_of(grace.id).await.expect("grace's orders").len(), 1, "{backend:?}: grace's orders");
    })
    .await;
}

#[tokio::test]
async fn a_guest_order_is_claimed_by_the_account_created_for_it_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        let placed = store.place_order(&new_order("key", &cart, None, at(50))).await.expect("a guest order");
        assert_eq!(
            store.order(&placed.id).await.expect("a lookup").expect("the order").user_id,
            None,
            "{backend:?}: a guest order has no account"
        );

        let ada = account("ada");
        let claim = GuestClaim { order_id: placed.id.clone(), details: details("Ada King") };
        store
            .create_user_with_passkey(&ada, &NewPasskey::from(&new_passkey(&ada)), Some(&claim))
            .await
            .expect("ada signs up");

        let order = store.order(&placed.id).await.expect("a lookup").expect("the order");
        assert_eq!(order.user_id, Some(ada.id), "{backend:?}: the claimed order's account");
        let listed: Vec<String> =
            store.orders_of(ada.id).await.expect("ada's orders").into_iter().map(|o| o.id).collect();
        assert_eq!(listed, [placed.id], "{backend:?}: ada's orders");
        assert_eq!(
            store.customer_details(ada.id).await.expect("a lookup"),
            Some(details("Ada King")),
            "{backend:?}: the claim's details saved on the account"
        );
    })
    .await;
}

#[tokio::test]
async fn a_guest_order_is_claimed_once_and_a_second_claimant_gets_no_account_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let cart = guest_cart_with(&*store, &[("passkey-mug", 1)]).await;
        let placed = store.place_order(&new_order("key", &cart, None, at(50))).await.expect("a guest order");
        let claim = GuestClaim { order_id: placed.id.clone(), details: details("Ada King") };
        let ada = account("ada");
        store
            .create_user_with_passkey(&ada, &NewPasskey::from(&new_passkey(&ada)), Some(&claim))
            .await
            .expect("ada signs up");

        let mallory = account("mallory");
        let passkey = new_passkey(&mallory);
        let second = store.create_user_with_passkey(&mallory, &NewPasskey::from(&passkey), Some(&claim)).await;
        assert!(matches!(second, Err(StoreError::OrderAlreadyClaimed)), "{backend:?}: a second claim got {second:?}");
        assert!(store.user(mallory.id).await.expect("a lookup").is_none(), "{backend:?}: mallory was created");
        assert!(!store.username_exists("mallory").await.expect("a lookup"), "{backend:?}: mallory's username");
        assert!(
            store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").is_none(),
            "{backend:?}: mallory's passkey was stored"
        );
        assert_eq!(
            store.order(&placed.id).await.expect("a lookup").expect("the order").user_id,
            Some(ada.id),
            "{backend:?}: the order changed hands"
        );

        let nothing = GuestClaim { order_id: "unknown".to_owned(), details: details("Mallory") };
        let unknown = store.create_user_with_passkey(&mallory, &NewPasskey::from(&passkey), Some(&nothing)).await;
        assert!(
            matches!(unknown, Err(StoreError::OrderAlreadyClaimed)),
            "{backend:?}: a claim of an unknown order got {unknown:?}"
        );
        assert!(!store.username_exists("mallory").await.expect("a lookup"), "{backend:?}: mallory's username");
    })
    .await;
}
