//! The leptos-passkeys application: routes, pages, components and server functions, shared by the server (`ssr`)
//! and the browser (`hydrate`). This file is the crate's face: the modules, and [`App`] and [`shell()`] for the
//! server and the hydrating client.
//!
//! # Layout
//!
//! - [`app`]: the app component and its routes; [`mod@shell`]: the HTML document around it, with the CSP.
//! - [`error`]: [`AppError`](error::AppError), the one error type every server function returns and every page
//!   renders.
//! - [`i18n`]: the site in English and Hebrew (the generated translations, the request's language, the cookie
//!   of a visitor's choice); [`language`]: the header's switch between them.
//! - [`hydration`]: whether an island has hydrated, and the page's `data-hydrated` mark.
//! - [`page`]: where the page is in the browser, and how an island leaves it (a page load).
//! - [`page_state`]: what the islands of a page share, written into the page by the server.
//! - [`outcomes`]: how a sign-in came and how it ended in the browser, as the page tells the server's counters.
//! - [`auth`]: who is signed in: the `Username` rule, the current user, signing out.
//! - [`passkeys`]: the WebAuthn ceremonies (registration and username-less sign-in) as server functions, with
//!   the server side in `passkeys::server` (ssr only), one file per ceremony.
//! - [`inspector`]: "How this works", the ceremony inspector: the panel, the browser's record of the last
//!   ceremony, the decoding of its bytes, and the server's checks as typed values.
//! - [`webauthn`]: the browser's `navigator.credentials` calls, the only place that touches WebAuthn (hydrate).
//! - [`shop`]: catalogue, cart, checkout and orders, with the server side in `shop::server` (ssr only).
//! - [`guest_to_passkey`]: where the shop and the passkeys meet: a guest's order saved with a new passkey.
//! - `store` (ssr only): the storage interface and its SQLite and PostgreSQL implementations.
//! - `state` (ssr only): what every server function gets from context (store, relying party, settings, the key
//!   that signs tickets, the clock, the abuse limits, the metrics).
//! - `session` (ssr only): every session key, and the one way to sign a user in and out.
//! - `request` (ssr only): `RequestContext`, what every server function body starts with.
//! - `cookies` (ssr only): this site's own cookies, read and written in one way.
//! - `plain_form` (ssr only): server functions that also answer plain HTML forms with redirects.
//! - `endpoints` (ssr only): every server function's path, with its abuse limit or the reason it has none.
//! - [`pages`] and [`components`]: the views.
//!
//! Layers point one way (checked by `app/tests/layers.rs`): `store` <- `state` <- `session`, `request` <-
//! `inspector` <- the features (`auth`, `language`, `passkeys`, `shop`; no feature's server half imports
//! another's) <- `guest_to_passkey` <- `pages`, `components`, `endpoints` <- `app`, `shell`.

// leptos' `#[island]` expands into a hydration function that `mem::forget`s the island's view state on purpose
// (an island lives as long as its page); the lint cannot be allowed on the generated function alone.
#![allow(clippy::mem_forget)]
// The app's view type (the document, with its islands) is deeper than rustc's default limit allows.
#![recursion_limit = "256"]

pub mod app;
pub mod auth;
// leptos' `#[component]` expands every component into an inner `pub fn` that `unreachable_pub` cannot see through.
#[allow(unreachable_pub)]
pub mod components;
#[cfg(feature = "ssr")]
pub mod cookies;
#[cfg(feature = "ssr")]
pub mod endpoints;
pub mod error;
#[cfg(feature = "ssr")]
mod format;
pub mod guest_to_passkey;
pub mod hydration;
#[allow(unreachable_pub)]
pub mod i18n;
pub mod inspector;
pub mod language;
pub mod outcomes;
pub mod page;
pub mod page_state;
#[allow(unreachable_pub)]
pub mod pages;
pub mod passkeys;
#[cfg(feature = "ssr")]
pub mod plain_form;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod session;
pub mod shell;
pub mod shop;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
pub mod webauthn;

pub use app::App;
pub use shell::shell;
