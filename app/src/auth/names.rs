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

/// The name shown to the user and by their passkey manager: up to 64 characters, no control characters.
/// Empty input means "use the username".
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
        if name.chars().any(char::is_control) {
            return Err(AppError::InvalidInput("Display name must not contain control characters.".into()));
        }
        Ok(Self(name.to_owned()))
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
}
