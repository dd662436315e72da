use crate::components::{ErrorNotice, OrderLine, OrderLines, set_page_status};
use crate::error::AppError;
use crate::guest_to_passkey::save_guest_order_with_passkey;
use crate::hydration::use_hydrated;
use crate::i18n::*;
use crate::shop::{OrderView, format_cents, order};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/orders/:id`: the confirmation of an order, for its customer. After a guest order, offers "Create a passkey
/// for next time": an account for the order's email, with a passkey, that the order is attached to.
#[component]
pub fn OrderPage() -> impl IntoView {
    let locale = current_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let order = Resource::new(id, order);

    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, shop.loading)}</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(order) => view! { <Confirmation order /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(404);
                        view! {
                            <h1>{td_string!(locale, shop.order.not_found)}</h1>
                            <p>{td_string!(locale, shop.order.not_found_hint)}</p>
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
fn Confirmation(order: OrderView) -> impl IntoView {
    let locale = current_locale();
    let OrderView { id, placed_at, details, lines, total_cents, can_create_account } = order;
    let offer = can_create_account.then(|| view! { <SaveForNextTime order_id=id /> });
    // The customer's own words may be in either direction: each is isolated from the sentence around it.
    let name = details.full_name.clone();
    let email = details.email;
    view! {
        <h1>{td_string!(locale, shop.order.confirmed)}</h1>
        <p>
            {td!(
                locale,
                shop.order.thanks,
                name = move || view! { <bdi>{name.clone()}</bdi> },
                placed_at = move || view! { <bdi dir="ltr">{placed_at.clone()}</bdi> }
            )}
        </p>
        <section class="card" aria-labelledby="lines-heading">
            <h2 id="lines-heading">{td_string!(locale, shop.order.items)}</h2>
            <OrderLines lines=lines
                .into_iter()
                .map(|line| OrderLine {
                    total_cents: line.unit_price_cents * i64::from(line.quantity),
                    quantity: line.quantity,
                    product_id: line.product_id,
                    name: line.name,
                })
                .collect() />
            <p class="total">{td_string!(locale, shop.total)} " " <strong>{format_cents(total_cents)}</strong></p>
            <h2>{td_string!(locale, shop.order.ships_to)}</h2>
            <p class="address"><bdi>{details.full_name}</bdi> <br /> <bdi>{details.address}</bdi></p>
            <p>{td!(locale, shop.order.confirmation_sent, email = move || view! { <bdi>{email.clone()}</bdi> })}</p>
        </section>
        {offer}
    }
}

/// "Create a passkey for next time": an island.
#[island(lazy)]
fn SaveForNextTime(order_id: String) -> impl IntoView {
    let locale = current_locale();
    let hydrated = use_hydrated();
    let save = Action::new_unsync(|id: &String| save_guest_order_with_passkey(id.clone()));
    Effect::new(move || {
        if let Some(Ok(_)) = save.value().get() {
            crate::page::reload(); // signed in now: the order page loads again, as the account's
        }
    });
    let error = move || save.value().get().and_then(Result::err).map(|e| e.message(locale));
    view! {
        <section class="card offer">
            <h2>{td_string!(locale, shop.order.offer_title)}</h2>
            <p>{td_string!(locale, shop.order.offer_text)}</p>
            <button
                type="button"
                on:click=move |_| {
                    save.dispatch(order_id.clone());
                }
                disabled=move || !hydrated.get() || save.pending().get()
            >
                {td_string!(locale, shop.order.offer_button)}
            </button>
            <p class="error" role="alert">{error}</p>
        </section>
    }
}
