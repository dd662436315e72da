//! Parsed names: a value of these types has passed the rules, so code that holds one never checks again.

use crate::error::AppError;
use crate::i18n::translate::{current_locale, fill};
use crate::i18n::{Locale, td_string};
use std::fmt;

/// A username: 3 to 64 characters, lower-case ASCII letters, digits, `.`, `_`, `-`, `+` and `@` (so an email
/// address works too), starting with a letter or digit. Input is trimmed and lower-cased first, so `Alice` and
/// `alice` are the same account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 64;

    pub fn parse(input: &str) -> Result<Self, AppError> {
        let name = input.trim().to_ascii_lowercase();
        let invalid = |message: String| Err(AppError::InvalidInput(message));
        if name.is_empty() {
            return invalid(td_string!(current_locale(), account.validation.username_required).to_owned());
        }
        if name.chars().count() < Self::MIN_LEN || name.chars().count() > Self::MAX_LEN {
            let template = td_string!(current_locale(), account.validation.username_length);
            return invalid(fill(template, &[("min", &Self::MIN_LEN), ("max", &Self::MAX_LEN)]));
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-+@".contains(c)) {
            return invalid(td_string!(current_locale(), account.validation.username_characters).to_owned());
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return invalid(td_string!(current_locale(), account.validation.username_start).to_owned());
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `c` changes how text around it is shown without being seen itself: text-direction controls (a
/// right-to-left override makes `evil<U+202E>gnp.exe` read as `evilexe.png`) and zero-width characters (which
/// make two names that look the same differ). Such names end up in the operating system's passkey dialog, so
/// they are refused.
fn hidden(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' // direction
        | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' // zero width
    )
}

/// Refuses text with control characters or hidden ones, naming the `field` (in the request's language,
/// such as `td_string!(current_locale(), account.fields.passkey_name)`).
pub fn refuse_hidden_characters(field: &str, value: &str) -> Result<(), AppError> {
    refuse_hidden(value, |_| field.to_owned())
}

/// [`refuse_hidden_characters`], with the field's name made only for the message, in the request's language.
fn refuse_hidden(value: &str, field: impl FnOnce(Locale) -> String) -> Result<(), AppError> {
    let control = value.chars().any(char::is_control);
    if !control && !value.chars().any(hidden) {
        return Ok(());
    }
    let locale = current_locale();
    let template = if control {
        td_string!(locale, account.validation.control_characters)
    } else {
        td_string!(locale, account.validation.hidden_characters)
    };
    Err(AppError::InvalidInput(fill(template, &[("field", &field(locale))])))
}

/// The name shown to the user and by their passkey manager: up to 64 characters, no control, invisible or
/// text-direction characters. Empty input means "use the username".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_LEN: usize = 64;

    pub fn parse(input: &str, username: &Username) -> Result<Self, AppError> {
        let name = input.trim();
        if name.is_empty() {
            return Ok(Self(username.as_str().to_owned()));
        }
        if name.chars().count() > Self::MAX_LEN {
            let template = td_string!(current_locale(), account.validation.display_name_too_long);
            return Err(AppError::InvalidInput(fill(template, &[("max", &Self::MAX_LEN)])));
        }
        refuse_hidden(name, |locale| td_string!(locale, account.fields.display_name).to_owned())?;
        Ok(Self(name.to_owned()))
    }

    /// A display name made from a customer's full name (up to 100 characters at checkout): its first 64
    /// characters, so that a long name never keeps anyone from saving a passkey.
    pub fn from_full_name(full_name: &str, username: &Username) -> Result<Self, AppError> {
        let shortened: String = full_name.trim().chars().take(Self::MAX_LEN).collect();
        Self::parse(&shortened, username)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::translate::in_request;

    #[test]
    fn usernames_that_follow_the_rules_are_accepted_and_normalised() {
        for (input, expected) in [
            ("alice", "alice"),
            ("  Alice  ", "alice"),
            ("bob.smith_2-x", "bob.smith_2-x"),
            ("007", "007"),
            ("abc", "abc"),
            ("ada@example.com", "ada@example.com"),
            (&"a".repeat(64), &"a".repeat(64)),
        ] {
            let parsed = Username::parse(input).unwrap_or_else(|e| panic!("{input:?} was rejected: {e}"));
            assert_eq!(parsed.as_str(), expected, "normalising {input:?}");
        }
    }

    #[test]
    fn usernames_that_break_a_rule_are_rejected_with_the_reason() {
        for (input, reason) in [
            ("", "is required"),
            ("   ", "is required"),
            ("ab", "3 to 64"),
            (&"a".repeat(65), "3 to 64"),
            ("al ice", "only letters"),
            ("ålice", "only letters"),
            ("alice<script>", "only letters"),
            ("_alice", "start with a letter"),
            (".alice", "start with a letter"),
        ] {
            match in_request("en", || Username::parse(input)) {
                Err(AppError::InvalidInput(message)) => {
                    assert!(message.contains(reason), "{input:?}: {message:?} should mention {reason:?}")
                }
                other => panic!("{input:?} should be rejected, got {other:?}"),
            }
        }
    }

    #[test]
    fn an_empty_display_name_falls_back_to_the_username() {
        let username = Username::parse("alice").unwrap();
        assert_eq!(DisplayName::parse("  ", &username).unwrap().as_str(), "alice");
        assert_eq!(DisplayName::parse(" Alice Liddell ", &username).unwrap().as_str(), "Alice Liddell");
    }

    #[test]
    fn display_names_that_are_too_long_or_hold_control_characters_are_rejected() {
        let username = Username::parse("alice").unwrap();
        assert_eq!(
            in_request("en", || DisplayName::parse(&"x".repeat(65), &username)),
            Err(AppError::InvalidInput("Display name must be at most 64 characters long.".into()))
        );
        assert_eq!(
            in_request("en", || DisplayName::parse("Alice\u{0}", &username)),
            Err(AppError::InvalidInput("Display name must not contain control characters.".into()))
        );
        assert!(DisplayName::parse(&"é".repeat(64), &username).is_ok());
    }

    #[test]
    fn names_with_text_direction_or_invisible_characters_are_refused_with_a_clear_message() {
        let username = Username::parse("alice").unwrap();
        for (input, what) in [
            ("evil\u{202E}gnp.exe", "right-to-left override"),
            ("Ali\u{2067}ce", "right-to-left isolate"),
            ("Al\u{200B}ice", "zero-width space"),
            ("Alice\u{200D}", "zero-width joiner"),
            ("\u{FEFF}Alice", "byte order mark"),
        ] {
            let error = in_request("en", || DisplayName::parse(input, &username)).expect_err(what);
            assert_eq!(
                error,
                AppError::InvalidInput("Display name must not contain invisible or text-direction characters.".into()),
                "{what}"
            );
        }
        assert!(DisplayName::parse("Zoë Ærøskøbing 李", &username).is_ok(), "letters of every script are fine");
    }

    #[test]
    fn a_request_in_hebrew_is_refused_in_hebrew_with_the_field_and_the_lengths_filled_in() {
        let refused = |result: Result<(), AppError>| match result {
            Err(AppError::InvalidInput(message)) => message,
            other => panic!("should be refused, got {other:?}"),
        };
        let username = refused(in_request("he-IL,he;q=0.9", || Username::parse("ab").map(drop)));
        assert_eq!(username, "שם המשתמש צריך להיות באורך של 3 עד 64 תווים.");
        let alice = Username::parse("alice").unwrap();
        let display_name = refused(in_request("he", || DisplayName::parse("Al\u{200B}ice", &alice).map(drop)));
        assert_eq!(display_name, "השדה \"שם לתצוגה\" לא יכול להכיל תווים בלתי נראים או תווים שמשנים את כיוון הטקסט.");
        let passkey_name = refused(in_request("he", || {
            refuse_hidden_characters(td_string!(current_locale(), account.fields.passkey_name), "a\u{7}")
        }));
        assert_eq!(passkey_name, "השדה \"שם מפתח הגישה\" לא יכול להכיל תווי בקרה.");
    }

    #[test]
    fn a_display_name_from_a_long_full_name_keeps_its_first_64_characters() {
        let username = Username::parse("ada@example.com").unwrap();
        let long = "Augusta Ada King, Countess of Lovelace, née Byron, of Ockham Park in Surrey, England";
        let name = DisplayName::from_full_name(long, &username).unwrap();
        assert_eq!(name.as_str().chars().count(), 64);
        assert!(long.starts_with(name.as_str().trim_end()));
    }
}
