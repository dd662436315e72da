//! Checkout details, parsed: an email address, a full name and a postal address.

use crate::auth::refuse_hidden_characters;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::i18n::translate::current_locale;
use serde::{Deserialize, Serialize};

/// Email, full name and address as a checkout form sends them, once they follow the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub email: String,
    pub full_name: String,
    pub address: String,
}

/// Refuses the input with `message`, already in the request's language.
fn invalid<T>(message: &str) -> Result<T, AppError> {
    Err(AppError::InvalidInput(message.to_owned()))
}

/// An email address, trimmed and lower-cased: `local@domain.tld`, at most 64 characters, so that it can also
/// serve as the username of an account created after a guest order.
pub fn parse_email(input: &str) -> Result<String, AppError> {
    let email = input.trim().to_ascii_lowercase();
    let Some((local, domain)) = email.split_once('@') else {
        return invalid(td_string!(current_locale(), shop.errors.email_required));
    };
    let plausible = !local.is_empty()
        && local.starts_with(|c: char| c.is_ascii_alphanumeric())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.chars().all(|c| c.is_ascii_alphanumeric() || "._-+@".contains(c));
    if !plausible {
        return invalid(td_string!(current_locale(), shop.errors.email_invalid));
    }
    if email.len() > 64 {
        return invalid(td_string!(current_locale(), shop.errors.email_too_long));
    }
    Ok(email)
}

impl Details {
    pub fn parse(email: &str, full_name: &str, address: &str) -> Result<Self, AppError> {
        let email = parse_email(email)?;
        let locale = current_locale();
        let full_name = full_name.trim();
        if full_name.is_empty() {
            return invalid(td_string!(locale, shop.errors.full_name_required));
        }
        if full_name.chars().count() > 100 || full_name.chars().any(char::is_control) {
            return invalid(td_string!(locale, shop.errors.full_name_invalid));
        }
        refuse_hidden_characters(td_string!(locale, shop.checkout.full_name), full_name)?;
        let address = address.trim().replace("\r\n", "\n");
        if address.is_empty() {
            return invalid(td_string!(locale, shop.errors.address_required));
        }
        if address.chars().count() > 300 || address.chars().any(|c| c.is_control() && c != '\n') {
            return invalid(td_string!(locale, shop.errors.address_too_long));
        }
        refuse_hidden_characters(td_string!(locale, shop.checkout.address), &address.replace('\n', " "))?;
        Ok(Self { email, full_name: full_name.to_owned(), address })
    }
}

/// `1234` -> `$12.34`.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}${}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::Owner;

    fn invalid_input(message: &str) -> AppError {
        AppError::InvalidInput(message.to_owned())
    }

    // The messages are looked up in the request's language, which needs a reactive owner (English without a
    // request).
    #[test]
    fn email_addresses_are_normalised_and_checked() {
        Owner::new().with(|| {
            assert_eq!(parse_email("  Ada@Example.COM ").unwrap(), "ada@example.com");
            assert_eq!(parse_email("ada+shop@mail.example.org").unwrap(), "ada+shop@mail.example.org");
            for bad in
                ["", "ada", "ada@", "@example.com", "ada@example", "ada@.com", "ada@example.", "a b@c.de", "a@b@c.de"]
            {
                assert!(parse_email(bad).is_err(), "{bad:?} should be rejected");
            }
            assert!(parse_email(&format!("{}@example.com", "a".repeat(60))).is_err(), "too long");
            assert_eq!(parse_email("ada").unwrap_err(), invalid_input("Please enter your email address."));
            assert_eq!(
                parse_email("ada@example").unwrap_err(),
                invalid_input("That email address does not look right.")
            );
            assert_eq!(
                parse_email(&format!("{}@example.com", "a".repeat(60))).unwrap_err(),
                invalid_input("Email address must be at most 64 characters long.")
            );
        });
    }

    #[test]
    fn details_need_a_name_and_an_address() {
        Owner::new().with(|| {
            let ok = Details::parse("ada@example.com", " Ada Lovelace ", "12 St James's Square\r\nLondon").unwrap();
            assert_eq!(ok.full_name, "Ada Lovelace");
            assert_eq!(ok.address, "12 St James's Square\nLondon");
            assert_eq!(
                Details::parse("ada@example.com", "", "London").unwrap_err(),
                invalid_input("Please enter your full name.")
            );
            assert_eq!(
                Details::parse("ada@example.com", "Ada", "  ").unwrap_err(),
                invalid_input("Please enter your address.")
            );
            assert_eq!(
                Details::parse("ada@example.com", "Ada\nLovelace", "London").unwrap_err(),
                invalid_input("Full name must be at most 100 characters, on one line.")
            );
            assert_eq!(
                Details::parse("ada@example.com", "Ada", &"x".repeat(301)).unwrap_err(),
                invalid_input("Address must be at most 300 characters.")
            );
        });
    }

    #[test]
    fn prices_print_as_dollars_and_cents() {
        assert_eq!(format_cents(0), "$0.00");
        assert_eq!(format_cents(5), "$0.05");
        assert_eq!(format_cents(4900), "$49.00");
        assert_eq!(format_cents(123_456), "$1234.56");
    }
}
