//! The account's orders, newest first, each a link to its page.

use crate::i18n::translate::fill;
use crate::i18n::*;
use crate::shop::{OrderSummary, format_cents};
use leptos::prelude::*;

#[component]
pub(super) fn OrderList(orders: Vec<OrderSummary>) -> impl IntoView {
    let locale = current_locale();
    if orders.is_empty() {
        return view! { <p>{td_string!(locale, account.orders.none)}</p> }.into_any();
    }
    view! {
        <ul class="orders" aria-labelledby="orders-heading">
            {orders
                .into_iter()
                .map(|order| {
                    let href = format!("/orders/{}", order.id);
                    let count = order.items;
                    let items = move || {
                        let locale = locale;
                        if count == 1 {
                            td_string!(locale, account.orders.one_item).to_owned()
                        } else {
                            fill(td_string!(locale, account.orders.many_items), &[("count", &count)])
                        }
                    };
                    let placed_at = order.placed_at;
                    view! {
                        <li>
                            <a href=href>{td!(locale, account.orders.order_of, date = move || placed_at.clone())}</a>
                            <span>{items}</span>
                            <span>{format_cents(order.total_cents)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
