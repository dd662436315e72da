use crate::i18n::*;
use crate::shop::use_cart;
use leptos::prelude::*;

/// The header's "Cart" link, with the number of items in the cart.
#[component]
pub fn CartLink() -> impl IntoView {
    let cart = use_cart();
    let locale = use_i18n().get_locale_untracked();
    let count = move || cart.view.get().and_then(Result::ok).map_or(0, |c| c.count);
    view! {
        <a href="/cart" class="cart-link">
            {td_string!(locale, common.nav.cart)}
            <Transition fallback=|| ()>
                {move || {
                    let count = count();
                    (count > 0).then(|| view! { <span class="count">" (" {count} ")"</span> })
                }}
            </Transition>
        </a>
    }
}
