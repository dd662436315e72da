use crate::components::{CheckoutButton, ErrorNotice, error_from_url};
use crate::shop::{CartLineView, MAX_QUANTITY, UpdateCart, format_cents, use_cart};
use leptos::prelude::*;

/// `/cart`: the lines with their quantities (changed by plain forms), the total computed by the server, and
/// "Checkout".
#[component]
pub fn CartPage() -> impl IntoView {
    let cart = use_cart();
    let update = ServerAction::<UpdateCart>::new();
    Effect::new(move || {
        if update.version().get() > 0 {
            cart.changed();
        }
    });
    let from_url = error_from_url();
    let error = move || update.value().get().and_then(Result::err).map(|e| e.to_string()).or_else(from_url);

    view! {
        <h1>"Your cart"</h1>
        <p class="error" role="alert">{error}</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match cart.view.await {
                    Ok(view) if view.lines.is_empty() => {
                        view! {
                            <p>"Your cart is empty. " <a href="/">"Browse the shop"</a></p>
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
                            <p class="total">"Total " <strong>{format_cents(view.total_cents)}</strong></p>
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
    let label = format!("Quantity of {}", line.name);
    let remove_label = format!("Remove {}", line.name);
    let product_id = line.product_id.clone();
    view! {
        <li class="cart-line">
            <img src=line.image alt="" width="56" height="56" />
            <span class="name">{line.name}</span>
            <span class="unit">{format_cents(line.unit_price_cents)}</span>
            <ActionForm action=update attr:class="inline">
                <input type="hidden" name="product_id" value=product_id />
                <input
                    type="number"
                    name="quantity"
                    min="1"
                    max=MAX_QUANTITY
                    value=line.quantity
                    aria-label=label
                    required
                />
                <button type="submit" class="secondary">"Update"</button>
            </ActionForm>
            <ActionForm action=update attr:class="inline">
                <input type="hidden" name="product_id" value=line.product_id />
                <input type="hidden" name="quantity" value="0" />
                <button type="submit" class="secondary" aria-label=remove_label>"Remove"</button>
            </ActionForm>
            <span class="line-total">{format_cents(line.line_total_cents)}</span>
        </li>
    }
}
