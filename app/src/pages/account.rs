use crate::AppError;
use crate::auth::use_auth;
use crate::components::ErrorNotice;
use crate::passkeys::{PasskeySummary, add_passkey, list_passkeys, passkey_manager_view, sync_passkey_manager};
use crate::shop::{OrderSummary, format_cents, my_orders};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/account`: the signed-in user and their passkeys. Signed-out visitors are sent to `/sign-in` (by a 302 when
/// the page is rendered on the server: the route renders in `SsrMode::Async`).
#[component]
pub fn Account() -> impl IntoView {
    let auth = use_auth();
    let version = RwSignal::new(0);
    let passkeys = Resource::new(move || version.get(), |_| list_passkeys());
    let orders = Resource::new(|| (), |_| my_orders());
    let add = Action::new_unsync(|_: &()| add_passkey());
    Effect::new(move || {
        if let Some(Ok(_)) = add.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let add_error = move || add.value().get().and_then(Result::err).map(|e| e.to_string());
    // The passkey manager learns the account's passkeys and names when the page loads and after every change
    // (Signal API): asked for in the browser only, once the page is interactive, and never on the server.
    let manager_view = LocalResource::new(move || {
        version.track();
        passkey_manager_view()
    });
    Effect::new(move || {
        if let Some(Ok(view)) = manager_view.get() {
            sync_passkey_manager(&view);
        }
    });

    view! {
        <h1>"Your account"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (auth.user.await, passkeys.await) {
                    (Ok(Some(user)), Ok(list)) => {
                        let display_name =
                            (user.display_name != user.username).then(|| format!(" ({})", user.display_name));
                        view! {
                            <p class="who">
                                "Signed in as " <strong>{user.username}</strong>
                                {display_name}
                            </p>
                            <h2 id="passkeys-heading">"Your passkeys"</h2>
                            <PasskeyList passkeys=list />
                            <h2 id="orders-heading">"Your orders"</h2>
                            <OrderList orders=orders.await.unwrap_or_default() />
                        }
                            .into_any()
                    }
                    (Ok(None), _) | (_, Err(AppError::Unauthorized)) => {
                        view! { <Redirect path="/sign-in" /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <button type="button" class="secondary" on:click=move |_| {
            add.dispatch(());
        }>"Add a passkey"</button>
        <p class="error" role="alert">{add_error}</p>
    }
}

#[component]
fn PasskeyList(passkeys: Vec<PasskeySummary>) -> impl IntoView {
    view! {
        <ul class="passkeys" aria-labelledby="passkeys-heading">
            {passkeys
                .into_iter()
                .map(|p| {
                    view! {
                        <li>
                            <span class="passkey-name">"Passkey " <code>{p.id}</code></span>
                            <span>"Created " {p.created_at}</span>
                            <span>
                                "Last used "
                                {p.last_used_at.unwrap_or_else(|| "never".to_owned())}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn OrderList(orders: Vec<OrderSummary>) -> impl IntoView {
    if orders.is_empty() {
        return view! { <p>"No orders yet."</p> }.into_any();
    }
    view! {
        <ul class="orders" aria-labelledby="orders-heading">
            {orders
                .into_iter()
                .map(|order| {
                    let href = format!("/orders/{}", order.id);
                    let items = if order.items == 1 { "1 item".to_owned() } else { format!("{} items", order.items) };
                    view! {
                        <li>
                            <a href=href>"Order of " {order.placed_at}</a>
                            <span>{items}</span>
                            <span>{format_cents(order.total_cents)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
