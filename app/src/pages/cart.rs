use crate::components::{CheckoutButton, ErrorNotice, error_from_url};
use crate::i18n::translate::fill;
use crate::i18n::*;
use crate::shop::{CartLineView, MAX_QUANTITY, UpdateCart, format_cents, get_cart, product_name};
use leptos::prelude::*;
use server_fn::ServerFn;

/// `/cart`: the lines with their quantities, the total computed by the server, and "Checkout". Rendered on the
/// server only: a quantity is changed by a plain HTML form (the server sends the browser back here), and only
/// "Checkout" is an island.
#[component]
pub fn CartPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1>{td_string!(locale, shop.cart.title)}</h1>
        <CartContents />
    }
}

/// The cart's lines and total, as the server has them now.
#[component]
fn CartContents() -> impl IntoView {
    let locale = current_locale();
    let cart = Resource::new(|| (), |()| get_cart());
    // A refused change comes back here with an error code.
    let error = error_from_url()();

    view! {
        <p class="error" role="alert">{error}</p>
        <Suspense fallback=move || view! { <p>{td_string!(locale, shop.loading)}</p> }>
            {move || Suspend::new(async move {
                match cart.await {
                    Ok(view) if view.lines.is_empty() => {
                        view! {
                            <p>
                                {td!(locale, shop.empty_cart, <a> = |children: ChildrenFn| view! { <a href="/">{children()}</a> })}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(view) => {
                        view! {
                            <ul class="cart-lines">
                                {view
                                    .lines
                                    .into_iter()
                                    .map(|line| view! { <CartLineRow line /> })
                                    .collect_view()}
                            </ul>
                            <p class="total">
                                {td_string!(locale, shop.total)} " " <strong>{format_cents(view.total_cents)}</strong>
                            </p>
                            <CheckoutButton />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CartLineRow(line: CartLineView) -> impl IntoView {
    let locale = current_locale();
    let CartLineView { product_id, name, image, unit_price_cents, quantity, line_total_cents } = line;
    let update_id = product_id.clone();
    let name = {
        let product_id = product_id.clone();
        Signal::derive(move || product_name(locale, &product_id, &name).to_owned())
    };
    let label = move || fill(td_string!(locale, shop.cart.quantity_of), &[("name", &name.get())]);
    let remove_label = move || fill(td_string!(locale, shop.cart.remove_named), &[("name", &name.get())]);
    view! {
        <li class="cart-line">
            <img src=image alt="" width="56" height="56" />
            <span class="name">{name}</span>
            <span class="unit">{format_cents(unit_price_cents)}</span>
            <form method="post" action=UpdateCart::PATH class="inline">
                <input type="hidden" name="product_id" value=update_id />
                <input
                    type="number"
                    name="quantity"
                    min="1"
                    max=MAX_QUANTITY
                    value=quantity
                    aria-label=label
                    required
                />
                <button type="submit" class="secondary">{td_string!(locale, shop.cart.update)}</button>
            </form>
            <form method="post" action=UpdateCart::PATH class="inline">
                <input type="hidden" name="product_id" value=product_id />
                <input type="hidden" name="quantity" value="0" />
                <button type="submit" class="secondary" aria-label=remove_label>
                    {td_string!(locale, shop.cart.remove)}
                </button>
            </form>
            <span class="line-total">{format_cents(line_total_cents)}</span>
        </li>
    }
}
