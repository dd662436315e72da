//! The app: what every page provides (meta tags, the hydrated flag, who is signed in, the prepared sign-ins, the
//! cart, the language), the header, the inspector, and the routes.

use crate::{auth, components, hydration, i18n, inspector, pages, passkeys, shop};
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
    hydration::provide_hydrated();
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
            <components::FocusOnNavigation />
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
        </Router>
        </i18n::Languages>
    }
}
