use crate::auth::use_auth;
use crate::components::{ErrorNotice, OrderLine, OrderLines, form_action};
use crate::error::AppError;
use crate::i18n::*;
use crate::passkeys::use_autofill;
use crate::shop::{CartView, CheckoutView, Details, PlaceOrder, checkout, format_cents, parse_email, use_cart};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/checkout`: the order review, then
/// - for a signed-in customer, their saved details (editable) and "Place order";
/// - for a guest, first the email field (which offers this device's passkeys by autofill: picking one signs in)
///   with "Continue as guest", then (`?guest=1`) the details form and "Place order".
///
/// Every form also works as a plain HTML form. Each rendering of the page carries an order key, so placing the
/// same page's order twice makes one order.
#[component]
pub fn Checkout() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let auth = use_auth();
    let cart = use_cart();
    let navigate = use_navigate();
    let query = use_query_map();
    let page = Resource::new(move || (auth.version(), cart.version()), |_| checkout());

    let place = form_action::<PlaceOrder>();
    Effect::new(move || {
        if let Some(Ok(id)) = place.value().get() {
            cart.changed();
            navigate(&format!("/orders/{id}"), Default::default());
        }
    });
    // Signing in here re-renders the page for the customer: `page` follows `auth`, which autofill tells.
    let autofill = use_autofill(|| {});

    let error = move || {
        let placing = place.value().get().and_then(Result::err);
        // Without wasm, the server redirects back here with an error code.
        let from_form = || query.read().get_str("error").map(AppError::from_code);
        placing.or_else(from_form).map(|e| e.message(locale)).or_else(|| autofill.error.get())
    };

    view! {
        <h1>{td_string!(locale, shop.checkout.title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(locale, shop.loading)}</p> }>
            {move || {
                // Read outside the async block, so that "Continue as guest" (a change of query) re-renders.
                let guest = query.read().get_str("guest") == Some("1");
                // Only an email address comes from the URL into the form, never other text.
                let email = query.read().get_str("email").and_then(|email| parse_email(email).ok()).unwrap_or_default();
                Suspend::new(async move {
                match page.await {
                    Ok(view) if view.cart.lines.is_empty() => {
                        view! {
                            <p>
                                {td!(locale, shop.empty_cart, <a> = |children: ChildrenFn| view! { <a href="/">{children()}</a> })}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(view) => {
                        view! {
                            <Review cart=view.cart.clone() />
                            {checkout_form(view, guest, email, place)}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
                })
            }}
        </Suspense>
        <p class="error" role="alert">{error}</p>
    }
}

fn checkout_form(view: CheckoutView, guest: bool, email: String, place: ServerAction<PlaceOrder>) -> AnyView {
    let locale = use_i18n().get_locale_untracked();
    if view.signed_in {
        let details =
            view.details.unwrap_or(Details { email: String::new(), full_name: String::new(), address: String::new() });
        view! {
            <h2>{td_string!(locale, shop.checkout.your_details)}</h2>
            <DetailsForm order_key=view.order_key details place />
        }
        .into_any()
    } else if guest {
        let details = Details { email, full_name: String::new(), address: String::new() };
        view! {
            <h2>{td_string!(locale, shop.checkout.your_details)}</h2>
            <DetailsForm order_key=view.order_key details place />
        }
        .into_any()
    } else {
        view! { <GuestStart /> }.into_any()
    }
}

#[component]
fn Review(cart: CartView) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <section class="card review" aria-labelledby="review-heading">
            <h2 id="review-heading">{td_string!(locale, shop.checkout.review)}</h2>
            <OrderLines lines=cart
                .lines
                .into_iter()
                .map(|line| OrderLine {
                    quantity: line.quantity,
                    product_id: Some(line.product_id),
                    name: line.name,
                    total_cents: line.line_total_cents,
                })
                .collect() />
            <p class="total">{td_string!(locale, shop.total)} " " <strong>{format_cents(cart.total_cents)}</strong></p>
        </section>
    }
}

/// A signed-out visitor's first step: sign in (autofill on the email field, or the sign-in page) or go on as a
/// guest with that email.
#[component]
fn GuestStart() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <h2>{td_string!(locale, shop.checkout.your_email)}</h2>
        <p>
            {td!(
                locale,
                shop.checkout.returning,
                <a> = |children: ChildrenFn| view! { <a href="/sign-in?next=%2Fcheckout">{children()}</a> }
            )}
        </p>
        <Form method="GET" action="/checkout" attr:class="card">
            <label for="email">{td_string!(locale, shop.checkout.email)}</label>
            <input id="email" name="email" type="email" autocomplete="email webauthn" required />
            <input type="hidden" name="guest" value="1" />
            <button type="submit">{td_string!(locale, shop.checkout.continue_as_guest)}</button>
        </Form>
    }
}

#[component]
fn DetailsForm(order_key: String, details: Details, place: ServerAction<PlaceOrder>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <ActionForm action=place attr:class="card">
            <input type="hidden" name="order_key" value=order_key />
            <label for="email">{td_string!(locale, shop.checkout.email)}</label>
            <input id="email" name="email" type="email" autocomplete="email" required value=details.email />
            <label for="full-name">{td_string!(locale, shop.checkout.full_name)}</label>
            <input id="full-name" name="full_name" autocomplete="name" required value=details.full_name />
            <label for="address">{td_string!(locale, shop.checkout.address)}</label>
            <textarea id="address" name="address" autocomplete="street-address" rows="3" required>
                {details.address}
            </textarea>
            <button type="submit" disabled=move || place.pending().get()>
                {td_string!(locale, shop.checkout.place_order)}
            </button>
        </ActionForm>
    }
}
