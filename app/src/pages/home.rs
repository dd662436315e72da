use crate::components::{ErrorNotice, error_from_url, form_action};
use crate::i18n::*;
use crate::shop::{
    AddToCart, ProductView, format_cents, list_products, product_description, product_name, use_cart_count,
};
use leptos::prelude::*;

/// `/`: the catalogue, rendered on the server. "Add to cart" is a plain form, so it works without wasm too; with
/// wasm it is an island that updates the header's count in place.
#[component]
pub fn Home() -> impl IntoView {
    let locale = current_locale();
    let products = Resource::new(|| (), |_| list_products());
    // Without wasm, the server redirects back here with an error code.
    let status = error_from_url()();

    view! {
        <section class="hero">
            <h1>{td_string!(locale, shop.home.title)}</h1>
            <p>{td_string!(locale, shop.home.intro)}</p>
        </section>
        <p class="status" role="status">{status}</p>
        <Suspense fallback=move || view! { <p>{td_string!(locale, shop.home.loading_products)}</p> }>
            {move || Suspend::new(async move {
                match products.await {
                    Ok(products) => {
                        view! {
                            <ul class="products">
                                {products
                                    .into_iter()
                                    .map(|product| view! { <ProductCard product /> })
                                    .collect_view()}
                            </ul>
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
fn ProductCard(product: ProductView) -> impl IntoView {
    let locale = current_locale();
    let ProductView { id, name, description, price_cents, image } = product;
    let heading_id = format!("product-{id}");
    let labelled_by = heading_id.clone();
    let name = {
        let id = id.clone();
        move || product_name(locale, &id, &name).to_owned()
    };
    let description = {
        let id = id.clone();
        move || product_description(locale, &id, &description).to_owned()
    };
    view! {
        <li class="product" aria-labelledby=labelled_by>
            <img src=image alt="" width="160" height="160" />
            <h2 id=heading_id>{name}</h2>
            <p>{description}</p>
            <p class="price">{format_cents(price_cents)}</p>
            <AddToCartButton product_id=id />
        </li>
    }
}

/// "Add to cart" for one product, and what became of it.
#[island(lazy)]
fn AddToCartButton(product_id: String) -> impl IntoView {
    crate::hydration::use_hydrated();
    let locale = current_locale();
    let add = form_action::<AddToCart>();
    let count = use_cart_count(0);
    Effect::new(move || {
        if let Some(Ok(cart)) = add.value().get() {
            count.set(cart.count);
        }
    });
    let status = move || match add.value().get() {
        Some(Ok(_)) => Some(td_string!(locale, shop.home.added).to_owned()),
        Some(Err(error)) => Some(error.message(locale)),
        None => None,
    };
    view! {
        <ActionForm action=add>
            <input type="hidden" name="product_id" value=product_id />
            <button type="submit">{td_string!(locale, shop.home.add_to_cart)}</button>
        </ActionForm>
        <p class="status" role="status">{status}</p>
    }
}
