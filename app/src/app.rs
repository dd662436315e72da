//! The app: what every page provides on the server (meta tags, who is signed in, the prepared sign-ins, the cart,
//! the language), the header, the inspector and the routes; and `hydrate` (in the browser build), what the
//! bundle does when it starts.
//!
//! Pages and components render on the server only. What needs the browser is an island (`#[island]`): the
//! header's "Sign in" and cart link, the cart's "Checkout", the checkout, the sign-in and sign-up forms, the
//! passkey offer, the order page's "Create a passkey for next time", the account page and the inspector. Only
//! their code is in the wasm bundle (the shop and the cart are plain HTML forms); what several of them share is in the page's state ([`page_state`]), owned
//! by the page's root in the browser.

use crate::{auth, components, i18n, inspector, page_state, pages, passkeys, shop};
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::provide_auth();
    passkeys::provide_prepared_sign_ins();
    shop::provide_cart();

    view! {
        <i18n::Languages>
        <Title text="leptos-passkeys" />
        // Every route renders completely on the server before the first byte is sent (SsrMode::Async): the pages
        // are small and their data is one quick query away, and it means a browser without wasm (or before
        // hydration) sees the real header and content, and a server-side redirect can still set its status.
        <Router>
            <components::Header />
            <main>
                <components::PasskeyOffer />
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Home ssr=SsrMode::Async />
                    <Route path=path!("/sign-up") view=pages::SignUp ssr=SsrMode::Async />
                    <Route path=path!("/how-it-works") view=pages::HowItWorks ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=pages::SignIn ssr=SsrMode::Async />
                    <Route path=path!("/account") view=pages::Account ssr=SsrMode::Async />
                    <Route path=path!("/cart") view=pages::CartPage ssr=SsrMode::Async />
                    <Route path=path!("/checkout") view=pages::Checkout ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id") view=pages::OrderPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <inspector::CeremonyInspector />
            <page_state::PageStateScript />
        </Router>
        </i18n::Languages>
    }
}

/// What the bundle does when it starts, before Leptos hydrates the page's islands: it provides, at the page's
/// root that every island is a child of, what they share (the sign-in challenge, the cart's count, the account's
/// changes), and starts the inspector's recording.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
    let page = page_state::read();
    crate::components::provide_form_error_from_url();
    passkeys::start_prepared_sign_ins(page.signed_in, page.sign_in);
    shop::provide_cart_count(page.cart_count);
    auth::provide_account_changes();
    inspector::record::start();
    crate::hydration::mark_page_without_islands();
}
