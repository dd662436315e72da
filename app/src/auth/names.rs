//! Parsed names: a value of these types has passed the rules, so code that holds one never checks again.

use crate::AppError;
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
        let invalid = |why: &str| Err(AppError::InvalidInput(format!("Username {why}.")));
        if name.is_empty() {
            return invalid("is required");
        }
        if name.chars().count() < Self::MIN_LEN || name.chars().count() > Self::MAX_LEN {
            return invalid("must be 3 to 64 characters long");
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-+@".contains(c)) {
            return invalid("may contain only letters, digits, '.', '_', '-', '+' and '@'");
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return invalid("must start with a letter or a digit");
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

/// Refuses text with control characters or [hidden](hidden) ones, naming the `field`.
pub fn refuse_hidden_characters(field: &str, value: &str) -> Result<(), AppError> {
    if value.chars().any(char::is_control) {
        return Err(AppError::InvalidInput(format!("{field} must not contain control characters.")));
    }
    if value.chars().any(hidden) {
        return Err(AppError::InvalidInput(format!(
            "{field} must not contain invisible or text-direction characters."
        )));
    }
    Ok(())
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
            return Err(AppError::InvalidInput("Display name must be at most 64 characters long.".into()));
        }
        refuse_hidden_characters("Display name", name)?;
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
            match Username::parse(input) {
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
        assert!(DisplayName::parse(&"x".repeat(65), &username).is_err());
        assert!(DisplayName::parse("Alice\u{0}", &username).is_err());
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
            let error = DisplayName::parse(input, &username).expect_err(what);
            assert_eq!(
                error,
                AppError::InvalidInput("Display name must not contain invisible or text-direction characters.".into()),
                "{what}"
            );
        }
        assert!(DisplayName::parse("Zoë Ærøskøbing 李", &username).is_ok(), "letters of every script are fine");
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
