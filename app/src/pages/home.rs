use crate::components::{ErrorNotice, error_from_url, form_action};
use crate::i18n::*;
use crate::shop::{AddToCart, ProductView, format_cents, list_products, product_description, product_name, use_cart};
use leptos::prelude::*;

/// `/`: the catalogue. "Add to cart" is a plain form, so it works without wasm too.
#[component]
pub fn Home() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let cart = use_cart();
    let products = Resource::new(|| (), |_| list_products());
    let add = form_action::<AddToCart>();
    Effect::new(move || {
        if add.version().get() > 0 {
            cart.changed();
        }
    });
    let from_url = error_from_url();
    let status = move || match add.value().get() {
        Some(Ok(_)) => Some(td_string!(locale, shop.home.added).to_owned()),
        Some(Err(error)) => Some(error.message(locale)),
        None => from_url(),
    };

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
                                    .map(|product| view! { <ProductCard product add /> })
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
fn ProductCard(product: ProductView, add: ServerAction<AddToCart>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
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
            <ActionForm action=add>
                <input type="hidden" name="product_id" value=id />
                <button type="submit">{td_string!(locale, shop.home.add_to_cart)}</button>
            </ActionForm>
        </li>
    }
}
