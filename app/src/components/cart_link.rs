use crate::i18n::*;
use crate::shop::use_cart_count;
use leptos::prelude::*;

/// The header's "Cart" link, with the number of items in the cart (`count` as the page was rendered; "Add to
/// cart" and the cart page change it in place). An island: it follows the page's one count.
#[island]
pub fn CartLink(count: u32) -> impl IntoView {
    crate::hydration::use_hydrated();
    let count = use_cart_count(count);
    let locale = current_locale();
    view! {
        <a href="/cart" class="cart-link">
            {td_string!(locale, common.nav.cart)}
            {move || {
                let count = count.get();
                (count > 0).then(|| view! { <span class="count">" (" {count} ")"</span> })
            }}
        </a>
    }
}
