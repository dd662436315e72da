use crate::components::{ErrorNotice, error_from_url};
use crate::shop::{AddToCart, ProductView, format_cents, list_products, use_cart};
use leptos::prelude::*;

/// `/`: the catalogue. "Add to cart" is a plain form, so it works without wasm too.
#[component]
pub fn Home() -> impl IntoView {
    let cart = use_cart();
    let products = Resource::new(|| (), |_| list_products());
    let add = ServerAction::<AddToCart>::new();
    Effect::new(move || {
        if add.version().get() > 0 {
            cart.changed();
        }
    });
    let from_url = error_from_url();
    let status = move || match add.value().get() {
        Some(Ok(_)) => Some("Added to your cart.".to_owned()),
        Some(Err(error)) => Some(error.to_string()),
        None => from_url(),
    };

    view! {
        <section class="hero">
            <h1>"Passkeys, done properly"</h1>
            <p>
                "A reference shop for signing in with passkeys: one-click sign-in, autofill, and a checkout that "
                "recognises returning customers before they pay."
            </p>
        </section>
        <p class="status" role="status">{status}</p>
        <Suspense fallback=|| view! { <p>"Loading products…"</p> }>
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
    let heading_id = format!("product-{}", product.id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="product" aria-labelledby=labelled_by>
            <img src=product.image alt="" width="160" height="160" />
            <h2 id=heading_id>{product.name}</h2>
            <p>{product.description}</p>
            <p class="price">{format_cents(product.price_cents)}</p>
            <ActionForm action=add>
                <input type="hidden" name="product_id" value=product.id />
                <button type="submit">"Add to cart"</button>
            </ActionForm>
        </li>
    }
}
