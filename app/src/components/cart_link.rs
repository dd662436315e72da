use crate::i18n::*;
use crate::shop::use_cart;
use leptos::prelude::*;

/// The header's "Cart" link, with the number of items in the cart.
#[component]
pub fn CartLink() -> impl IntoView {
    let cart = use_cart();
    let i18n = use_i18n();
    let count = move || cart.view.get().and_then(Result::ok).map_or(0, |c| c.count);
    view! {
        <a href="/cart" class="cart-link">
            {td_string!(i18n.get_locale_untracked(), common.nav.cart)}
            <Transition fallback=|| ()>
                {move || {
                    let count = count();
                    (count > 0).then(|| view! { <span class="count">" (" {count} ")"</span> })
                }}
            </Transition>
        </a>
    }
}
