use crate::components::{CheckoutButton, ErrorNotice, error_from_url, form_action};
use crate::i18n::translate::fill;
use crate::i18n::*;
use crate::shop::{CartLineView, MAX_QUANTITY, UpdateCart, format_cents, get_cart, product_name, use_cart_count};
use leptos::prelude::*;

/// `/cart`: the lines with their quantities (changed by plain forms), the total computed by the server, and
/// "Checkout".
#[component]
pub fn CartPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1>{td_string!(locale, shop.cart.title)}</h1>
        <CartContents />
    }
}

/// The cart, changed in place: an island, which also keeps the header's count.
#[island(lazy)]
fn CartContents() -> impl IntoView {
    crate::hydration::use_hydrated();
    let locale = current_locale();
    let update = form_action::<UpdateCart>();
    let cart = Resource::new(move || update.version().get(), |_| get_cart());
    let count = use_cart_count(0);
    Effect::new(move || {
        if let Some(Ok(cart)) = update.value().get() {
            count.set(cart.count);
        }
    });
    let from_url = error_from_url();
    let error = move || update.value().get().and_then(Result::err).map(|e| e.message(locale)).or_else(from_url);

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
                                    .map(|line| view! { <CartLineRow line update /> })
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
fn CartLineRow(line: CartLineView, update: ServerAction<UpdateCart>) -> impl IntoView {
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
            <ActionForm action=update attr:class="inline">
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
            </ActionForm>
            <ActionForm action=update attr:class="inline">
                <input type="hidden" name="product_id" value=product_id />
                <input type="hidden" name="quantity" value="0" />
                <button type="submit" class="secondary" aria-label=remove_label>
                    {td_string!(locale, shop.cart.remove)}
                </button>
            </ActionForm>
            <span class="line-total">{format_cents(line_total_cents)}</span>
        </li>
    }
}
