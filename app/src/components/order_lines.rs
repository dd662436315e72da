use crate::shop::format_cents;
use leptos::prelude::*;

/// One line of an order, as a review or a confirmation lists it.
#[derive(Debug)]
pub struct OrderLine {
    pub quantity: u32,
    pub name: String,
    pub total_cents: i64,
}

/// The lines of an order: "2 × Passkey mug … €24.00".
#[component]
pub fn OrderLines(lines: Vec<OrderLine>) -> impl IntoView {
    view! {
        <ul class="review-lines">
            {lines
                .into_iter()
                .map(|line| {
                    view! {
                        <li>
                            <span>{line.quantity} " × " {line.name}</span>
                            <span>{format_cents(line.total_cents)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
