//! The password rule, shared by the form (to say what is wrong before a round trip) and the server (which decides).

use crate::error::AppError;
use crate::i18n::td_string;
use crate::i18n::translate::{current_locale, fill};
use std::fmt;

/// A new password: 8 to 128 characters. Never `Serialize`, never printed.
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 8;
    pub const MAX_LEN: usize = 128;

    pub fn parse(input: String) -> Result<Self, AppError> {
        let length = input.chars().count();
        if length < Self::MIN_LEN {
            let template = td_string!(current_locale(), account.validation.password_too_short);
            return Err(AppError::InvalidInput(fill(template, &[("min", &Self::MIN_LEN)])));
        }
        if length > Self::MAX_LEN {
            let template = td_string!(current_locale(), account.validation.password_too_long);
            return Err(AppError::InvalidInput(fill(template, &[("max", &Self::MAX_LEN)])));
        }
        Ok(Self(input))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(redacted)")
    }
}

/// Where to go after signing in: `next` if it is a path on this site, otherwise `fallback`. Anything that could
/// leave the site (`https://…`, `//host`, `/\host`, control characters) is ignored.
pub fn safe_next<'a>(next: Option<&'a str>, fallback: &'a str) -> &'a str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && path.len() <= 1024
                && !path.chars().any(|c| c.is_control() || c == '\\') =>
        {
            path
        }
        _ => fallback,
    }
}

/// `/sign-in?next=<path>`, with `path` percent-encoded.
pub fn sign_in_url(next: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC);
    format!("/sign-in?next={encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::translate::in_request;

    #[test]
    fn passwords_must_be_8_to_128_characters() {
        let refused = |language: &str, password: String| match in_request(language, || Password::parse(password)) {
            Err(AppError::InvalidInput(message)) => message,
            Ok(_) => panic!("should be refused"),
            Err(other) => panic!("should be refused as invalid input, got {other:?}"),
        };
        assert_eq!(refused("en", "short".into()), "Password must be at least 8 characters long.");
        assert!(Password::parse("12345678".into()).is_ok());
        assert!(Password::parse("é".repeat(128)).is_ok());
        assert_eq!(refused("en", "x".repeat(129)), "Password must be at most 128 characters long.");
        assert_eq!(refused("he", "short".into()), "הסיסמה צריכה להכיל 8 תווים לפחות.");
        assert_eq!(refused("he", "x".repeat(129)), "הסיסמה יכולה להכיל 128 תווים לכל היותר.");
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = Password::parse("correct horse battery".into()).unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }

    #[test]
    fn next_accepts_only_paths_on_this_site() {
        for (next, expected) in [
            (Some("/account"), "/account"),
            (Some("/cart?x=1#top"), "/cart?x=1#top"),
            (None, "/fallback"),
            (Some(""), "/fallback"),
            (Some("https://evil.example/"), "/fallback"),
            (Some("//evil.example/"), "/fallback"),
            (Some("/\\evil.example"), "/fallback"),
            (Some("/ok\\..\\x"), "/fallback"),
            (Some("javascript:alert(1)"), "/fallback"),
            (Some("/a\nb"), "/fallback"),
            (Some("account"), "/fallback"),
        ] {
            assert_eq!(safe_next(next, "/fallback"), expected, "next = {next:?}");
        }
    }

    #[test]
    fn the_sign_in_url_encodes_the_next_path() {
        assert_eq!(sign_in_url("/cart?x=1&y=2"), "/sign-in?next=%2Fcart%3Fx%3D1%26y%3D2");
    }
}
