//! Integration tests: the real server on port 0 with a fresh database per test (SQLite, or PostgreSQL with
//! `TEST_DATABASE=postgres`), driven over HTTP the way a browser would drive it, with a software authenticator
//! standing in for the passkey manager.

mod account;
mod authenticator;
mod cleanup;
mod cross_site;
mod fuzz;
mod health;
mod helpers;
mod hostile;
mod inspector;
mod languages;
mod limits;
mod metrics;
mod pages;
mod passwords;
mod prepared_sign_in;
mod registration;
mod sessions;
mod shop;
mod sign_in;
#[allow(dead_code, unreachable_pub)]
#[path = "../support/test_database.rs"]
mod test_database;
mod url_errors;
mod well_known;
