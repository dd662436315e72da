use crate::components::{ErrorNotice, error_from_url, query_value};
use crate::i18n::*;
use crate::shop::{AddToCart, ProductView, format_cents, list_products, product_description, product_name};
use leptos::prelude::*;
use server_fn::ServerFn;

/// `/`: the catalogue, rendered on the server with no island of its own. "Add to cart" is a plain HTML form: the
/// server adds the product and sends the browser back to it (`/?added=<id>#product-<id>`), so the page shows the
/// header's new count and says what was added, scrolled to that product, with or without wasm.
#[component]
pub fn Home() -> impl IntoView {
    let locale = current_locale();
    let products = Resource::new(|| (), |_| list_products());
    // A refused "Add to cart" comes back here with an error code; an accepted one names the product.
    let status = error_from_url()();
    let added = StoredValue::new(query_value("added"));

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
                                    .map(|product| {
                                        let added = added.with_value(|added| added.as_ref() == Some(&product.id));
                                        view! { <ProductCard product added /> }
                                    })
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

/// One product, and whether the visitor has just added it to the cart.
#[component]
fn ProductCard(product: ProductView, added: bool) -> impl IntoView {
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
            <form method="post" action=AddToCart::PATH>
                <input type="hidden" name="product_id" value=id />
                <button type="submit">{td_string!(locale, shop.home.add_to_cart)}</button>
            </form>
            <p class="status" role="status">{added.then(|| td_string!(locale, shop.home.added))}</p>
        </li>
    }
}
