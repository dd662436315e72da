use crate::i18n::current_locale;
use crate::shop::{format_cents, product_name};
use leptos::prelude::*;

/// One line of an order, as a review or a confirmation lists it.
#[derive(Debug)]
pub struct OrderLine {
    pub quantity: u32,
    /// The catalogue product, whose name is shown in the page's language; `None` shows `name` as it is.
    pub product_id: Option<String>,
    pub name: String,
    pub total_cents: i64,
}

/// The lines of an order: "2 × Passkey mug … €24.00".
#[component]
pub fn OrderLines(lines: Vec<OrderLine>) -> impl IntoView {
    let locale = current_locale();
    view! {
        <ul class="review-lines">
            {lines
                .into_iter()
                .map(|line| {
                    let OrderLine { quantity, product_id, name, total_cents } = line;
                    let name = move || {
                        product_name(locale, product_id.as_deref().unwrap_or_default(), &name).to_owned()
                    };
                    view! {
                        <li>
                            <span>{quantity} " × " {name}</span>
                            <span>{format_cents(total_cents)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
