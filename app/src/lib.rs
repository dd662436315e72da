//! The leptos-passkeys application: routes, pages, components and server functions, shared by the server (`ssr`)
//! and the browser (`hydrate`).
//!
//! # Layout
//!
//! - [`error`]: [`AppError`], the one error type every server function returns and every page renders.
//! - [`outcomes`]: how a sign-in came and how it ended in the browser, as the page tells the server's counters.
//! - [`auth`]: who is signed in: the `Username` rule, the current user, signing out.
//! - [`passkeys`]: the WebAuthn ceremonies (registration and username-less sign-in) as server functions, with
//!   the server side in `passkeys::server` (ssr only), one file per ceremony.
//! - [`inspector`]: "How this works", the ceremony inspector: the panel, the browser's record of the last
//!   ceremony, the decoding of its bytes, and the server's checks as typed values.
//! - [`webauthn`]: the browser's `navigator.credentials` calls, the only place that touches WebAuthn (hydrate).
//! - `store` (ssr only): the storage interface and its SQLite implementation.
//! - `state` (ssr only): what every server function gets from context (store, relying party, settings, the key
//!   that signs tickets, the clock, the abuse limits, the metrics).
//! - `session` (ssr only): every session key, and the one way to sign a user in and out.
//! - `request` (ssr only): `RequestContext`, what every server function body starts with.
//!
//! Layers point one way (checked by `app/tests/layers.rs`): `store` <- `state` <- `session`, `request` <-
//! `inspector` <- the features
//! (`auth`, `passkeys`, `shop`; no feature's server half imports another's) <- `pages` and `components`.
//! - [`i18n`] (generated from `app/locales/<language>/<part>.json`), [`translate`] and [`language`]: the
//!   site in English and Hebrew, and the switch between them.
//! - [`shop`]: catalogue, cart, checkout and orders, with the server side in `shop::server` (ssr only).
//! - `plain_form` (ssr only): server functions that also answer plain HTML forms with redirects.
//! - [`pages`] and [`components`]: the views.

pub mod auth;
// leptos' `#[component]` expands every component into an inner `pub fn` that `unreachable_pub` cannot see through.
#[allow(unreachable_pub)]
pub mod components;
#[cfg(feature = "ssr")]
pub mod endpoints;
pub mod error;
#[cfg(feature = "ssr")]
mod format;
pub mod guest_to_passkey;
pub mod inspector;
pub mod language;
pub mod outcomes;
#[allow(unreachable_pub)]
pub mod pages;
pub mod passkeys;
#[cfg(feature = "ssr")]
pub mod plain_form;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod session;
pub mod shop;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
pub mod translate;
pub mod webauthn;

// The `i18n` module: `Locale` (en, he), `I18nContextProvider`, `use_i18n` and the `t!` macros over the keys of
// `app/locales/<language>/<part>.json` (parts listed in app/Cargo.toml), checked at compile time: a key missing
// in one language is a warning, a key used in code and missing in English an error.
//
// leptos_i18n 0.6 deprecates this macro for a build script (`leptos_i18n_build`) that runs the same code
// generator, but that crate also brings ICU4X's data generator with its networking (a thousand more lines in
// Cargo.lock, compiled into every build) for data this app does not use (no plurals, dates or numbers from ICU).
#[allow(deprecated)]
mod generated {
    leptos_i18n::load_locales!();
}
pub use generated::i18n;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

pub use error::AppError;

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                // Content-hashed in release builds (`hash-files`), so it can be cached for good.
                <HashedStylesheet options id="leptos" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site, and only those the page itself starts (the
/// hydration script carries this response's nonce; what it imports is trusted through it, `'strict-dynamic'`);
/// WebAssembly may be compiled; styles, images, fetches and form posts only from this site; no plugins, no
/// `<base>`, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Provides the i18n context for the request's language (see `translate::current_locale`) and sets `lang` and
/// `dir` on `<html>`, where the hydrating client reads the language back. (leptos_i18n's own provider also
/// renders an empty inline `<script>`, which would be the page's only script without this response's nonce.)
#[component]
fn Languages(children: Children) -> impl IntoView {
    use leptos_i18n::Locale as _;
    let i18n = leptos_i18n::context::init_i18n_context_with_options::<i18n::Locale>(translate::context_options());
    provide_context(i18n);
    // A page keeps its language while it is open (the switch loads it again).
    let locale = i18n.get_locale_untracked();
    view! {
        {children()}
        <Html attr:lang=locale.as_str() attr:dir=locale.direction().as_str() />
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::provide_auth();
    passkeys::provide_prepared_sign_ins();
    shop::provide_cart();

    // Marks the page once the wasm bundle has taken over, so that tests (and curious readers) can tell a hydrated
    // page from server-rendered HTML.
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Languages>
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
        </Languages>
    }
}
