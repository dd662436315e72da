use crate::components::{ErrorNotice, OrderLine, OrderLines, form_action, query_value};
use crate::error::AppError;
use crate::i18n::*;
use crate::passkeys::use_autofill;
use crate::shop::{CartView, CheckoutView, Details, PlaceOrder, checkout, format_cents, parse_email};
use leptos::prelude::*;

/// `/checkout`: the order review, then
/// - for a signed-in customer, their saved details (editable) and "Place order";
/// - for a guest, first the email field (which offers this device's passkeys by autofill: picking one signs in)
///   with "Continue as guest", then (`?guest=1`) the details form and "Place order".
///
/// Every form also works as a plain HTML form. Each rendering of the page carries an order key, so placing the
/// same page's order twice makes one order.
#[component]
pub fn Checkout() -> impl IntoView {
    let locale = current_locale();
    let guest = query_value("guest").as_deref() == Some("1");
    // Only an email address comes from the URL into the form, never other text.
    let email = query_value("email").and_then(|email| parse_email(&email).ok()).unwrap_or_default();
    view! {
        <h1>{td_string!(locale, shop.checkout.title)}</h1>
        <CheckoutSteps guest email />
    }
}

/// The review and the step the customer is at: an island (the email field's autofill, placing the order).
#[island(lazy)]
fn CheckoutSteps(guest: bool, email: String) -> impl IntoView {
    crate::hydration::use_hydrated();
    let locale = current_locale();
    let page = Resource::new(|| (), |()| checkout());

    let place = form_action::<PlaceOrder>();
    Effect::new(move || {
        if let Some(Ok(id)) = place.value().get() {
            crate::page::go(&format!("/orders/{id}"));
        }
    });
    // Signing in here loads the page again, for the customer.
    let autofill = use_autofill(crate::page::reload);

    let from_form = query_value("error").map(|code| AppError::from_code(&code));
    let error = move || {
        let placing = place.value().get().and_then(Result::err);
        // Without wasm, the server redirects back here with an error code.
        placing.or_else(|| from_form.clone()).map(|e| e.message(locale)).or_else(|| autofill.error.get())
    };

    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, shop.loading)}</p> }>
            {move || {
                let email = email.clone();
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
    let locale = current_locale();
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
    let locale = current_locale();
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
    let locale = current_locale();
    view! {
        <h2>{td_string!(locale, shop.checkout.your_email)}</h2>
        <p>
            {td!(
                locale,
                shop.checkout.returning,
                <a> = |children: ChildrenFn| view! { <a href="/sign-in?next=%2Fcheckout">{children()}</a> }
            )}
        </p>
        <form method="get" action="/checkout" class="card">
            <label for="email">{td_string!(locale, shop.checkout.email)}</label>
            <input id="email" name="email" type="email" autocomplete="email webauthn" required />
            <input type="hidden" name="guest" value="1" />
            <button type="submit">{td_string!(locale, shop.checkout.continue_as_guest)}</button>
        </form>
    }
}

#[component]
fn DetailsForm(order_key: String, details: Details, place: ServerAction<PlaceOrder>) -> impl IntoView {
    let locale = current_locale();
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
