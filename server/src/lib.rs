//! The leptos-passkeys server: configuration, start-up, and the axum router around the Leptos app.
//!
//! `main.rs` only reads [`Settings`] and runs an [`Application`]; tests build the same [`Application`] on port 0
//! with a fresh database.

pub mod cleanup;
pub mod config;
pub mod cross_site;
pub mod database;
pub mod headers;
pub mod health;
pub mod limits;
pub mod metrics;
pub mod session_store;
pub mod startup;
pub mod well_known;

pub use config::Settings;
pub use database::Database;
pub use startup::Application;
