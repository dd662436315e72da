//! [`AppError`]: what a server function can tell the user. Each variant is a message fit to show on the page;
//! the causes of unexpected failures are logged on the server and never sent.
//!
//! `AppError::row` is the one table of what each error is: its HTTP status and its message (in
//! `app/locales/<language>/common.json`); its code (for counters, logs and URLs) is its name in snake case.

use crate::i18n::translate::{current_locale, fill};
use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use strum::IntoEnumIterator as _;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum AppError {
    /// The request was malformed or a field broke a rule; the message says which.
    InvalidInput(String),
    UsernameTaken,
    PasskeyAlreadyRegistered,
    Unauthorized,
    /// A change to the account needs a fresh proof that its owner is here (a passkey or the password, within
    /// `REAUTH_SECONDS`). The account page asks for one and tries again.
    ReauthRequired,
    /// The current password, given to confirm it's you, is not the account's.
    WrongPassword,
    /// The account's only passkey, and the account has no password: deleting it would lock the owner out.
    OnlyPasskey,
    /// The account has no passkey: removing the password would lock the owner out.
    OnlyPassword,
    /// The one answer for a wrong username or a wrong password, so neither can be probed on its own.
    WrongCredentials,
    /// No pending ceremony of this kind for this browser session: never started, already used, or expired.
    CeremonyExpired,
    /// The authenticator's answer failed verification (signature, origin, challenge, user verification...).
    PasskeyRejected,
    /// A passkey this site does not know (deleted here, or made for another account database).
    UnknownPasskey,
    /// An account already has the email a guest order gave.
    EmailTaken,
    NotFound,
    EmptyCart,
    TooManyAttempts,
    /// Every password hashing slot stayed busy: the server is under load (or attack).
    Busy,
    /// At registration the browser said the authenticator made no discoverable credential (`credProps.rk` false):
    /// nothing could find it to sign in without a username.
    PasskeyNotDiscoverable,
    /// A request that changes state came from another site (or another subdomain of this one).
    CrossSite,
    /// A request body larger than any server function takes.
    TooLarge,
    /// A server function was sent something other than a form or JSON; the message says what it takes.
    UnsupportedContent(String),
    /// Something failed on the server; the cause is in the server log.
    Unexpected,
    /// The request did not reach the server or its answer could not be read (made in the browser, never sent).
    Network(String),
}

impl AppError {
    /// The one table: each error's HTTP status, and its message in `locale` (`None` for an error that carries
    /// its own, made by the server in the request's language).
    fn row(&self, locale: Locale) -> (u16, Option<&'static str>) {
        match self {
            Self::InvalidInput(_) => (400, None),
            Self::EmptyCart => (400, Some(td_string!(locale, common.errors.empty_cart))),
            Self::PasskeyNotDiscoverable => (400, Some(td_string!(locale, common.errors.passkey_not_discoverable))),
            Self::Unauthorized => (401, Some(td_string!(locale, common.errors.unauthorized))),
            Self::WrongCredentials => (401, Some(td_string!(locale, common.errors.wrong_credentials))),
            Self::ReauthRequired => (401, Some(td_string!(locale, common.errors.reauth_required))),
            Self::WrongPassword => (401, Some(td_string!(locale, common.errors.wrong_password))),
            Self::PasskeyRejected => (403, Some(td_string!(locale, common.errors.passkey_rejected))),
            Self::UnknownPasskey => (403, Some(td_string!(locale, common.errors.unknown_passkey))),
            Self::CrossSite => (403, Some(td_string!(locale, common.errors.cross_site))),
            Self::NotFound => (404, Some(td_string!(locale, common.errors.not_found))),
            Self::UsernameTaken => (409, Some(td_string!(locale, common.errors.username_taken))),
            Self::EmailTaken => (409, Some(td_string!(locale, common.errors.email_taken))),
            Self::PasskeyAlreadyRegistered => (409, Some(td_string!(locale, common.errors.passkey_already_registered))),
            Self::OnlyPasskey => (409, Some(td_string!(locale, common.errors.only_passkey))),
            Self::OnlyPassword => (409, Some(td_string!(locale, common.errors.only_password))),
            Self::CeremonyExpired => (410, Some(td_string!(locale, common.errors.ceremony_expired))),
            Self::TooLarge => (413, Some(td_string!(locale, common.errors.too_large))),
            Self::UnsupportedContent(_) => (415, None),
            Self::TooManyAttempts => (429, Some(td_string!(locale, common.errors.too_many_attempts))),
            Self::Unexpected => (500, Some(td_string!(locale, common.errors.unexpected))),
            Self::Network(_) => (500, Some(td_string!(locale, common.errors.network))),
            Self::Busy => (503, Some(td_string!(locale, common.errors.busy))),
        }
    }

    /// The HTTP status a server function answers with when it fails with this error.
    pub fn status(&self) -> u16 {
        self.row(Locale::en).0
    }

    /// The error's name in snake case, for counters and logs.
    pub fn reason(&self) -> &'static str {
        self.into()
    }

    /// The message to show the user, in `locale` (`Display` is the English one, for logs). An `InvalidInput`
    /// carries its message, made by the server in the request's language.
    pub fn message(&self, locale: Locale) -> String {
        match (self, self.row(locale).1) {
            (Self::InvalidInput(message) | Self::UnsupportedContent(message), _) => message.clone(),
            (_, text) => text.unwrap_or_default().to_owned(),
        }
    }

    /// This error's code in a page's URL (`?error=<code>`, see `plain_form`): its [`reason`](Self::reason).
    pub fn code(&self) -> &'static str {
        self.reason()
    }

    /// The error a URL's code stands for, with that code's fixed message: the URL chooses a code, never the
    /// text. An `invalid_input` comes back with a fixed message of its own, and any code this site does not
    /// write (`unexpected` among them, and `network`, which only the browser makes) is
    /// [`Unexpected`](Self::Unexpected), whose message says nothing but that something went wrong.
    pub fn from_code(code: &str) -> Self {
        if code == "invalid_input" {
            return Self::InvalidInput(td_string!(current_locale(), common.errors.check_the_form).to_owned());
        }
        Self::iter()
            .filter(|error| error.row(Locale::en).1.is_some() && !matches!(error, Self::Network(_)))
            .find(|error| error.code() == code)
            .unwrap_or(Self::Unexpected)
    }

    /// The error that leptos put in a page's URL (`__err`, URL-safe base64 of the error's JSON) when a plain HTML
    /// form's post failed, reduced to its code (see [`from_code`](Self::from_code)): whoever writes such a link
    /// chooses at most which fixed message the page shows. What does not decode is
    /// [`Unexpected`](Self::Unexpected).
    pub fn from_url(encoded: &str) -> Self {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE
            .decode(encoded)
            .ok()
            .and_then(|json| <JsonEncoding as server_fn::Decodes<Self>>::decode(json.into()).ok())
            .map_or(Self::Unexpected, |error| Self::from_code(error.code()))
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::en))
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// Arguments that did not decode, with the decoder's own (English) words.
    fn invalid_request(detail: &str) -> Self {
        Self::InvalidInput(fill(td_string!(current_locale(), common.errors.invalid_request), &[("message", &detail)]))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not decode are the caller's mistake.
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => Self::invalid_request(&message),
            // On the server, what failed to deserialize is the request; in the browser, the response.
            ServerFnErrorErr::Deserialization(message) if cfg!(feature = "ssr") => Self::invalid_request(&message),
            ServerFnErrorErr::Request(message)
            | ServerFnErrorErr::Response(message)
            | ServerFnErrorErr::Deserialization(message) => Self::Network(message),
            _ => Self::Unexpected,
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::response::Response;
    use server_fn::error::SERVER_FN_ERROR_HEADER;

    impl AppError {
        /// Seconds a client should wait before trying again, for the errors that are about load.
        pub fn retry_after(&self) -> Option<u32> {
            match self {
                Self::TooManyAttempts => Some(60),
                Self::Busy => Some(5),
                _ => None,
            }
        }

        /// Logs the cause of an unexpected failure and hides it from the client.
        pub fn unexpected(context: &str, cause: impl std::fmt::Display) -> Self {
            tracing::error!(%cause, "{context}");
            Self::Unexpected
        }

        /// This error as a middleware answers before any server function runs: its status and JSON body.
        pub fn response(&self) -> Response {
            let mut response = Response::new(Body::from(serde_json::to_string(self).unwrap_or_default()));
            *response.status_mut() = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            response
                .headers_mut()
                .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
            if let Some(seconds) = self.retry_after() {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
            }
            response
        }
    }

    /// The one place where errors become status codes: server_fn answers every failed server function with 500
    /// (whether the function body failed or its arguments did not decode). This response mapper reads the
    /// [`AppError`] in the body and sets the status it stands for.
    pub async fn set_error_status(response: Response) -> Response {
        if response.status() != StatusCode::INTERNAL_SERVER_ERROR
            || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
        {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        // Error bodies are small JSON values; anything larger is not ours to reinterpret.
        let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024).await else {
            return Response::from_parts(parts, Body::empty());
        };
        if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
            parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            if let Some(seconds) = error.retry_after() {
                parts.headers.insert(axum::http::header::RETRY_AFTER, seconds.into());
            }
            if parts.status.is_client_error() {
                tracing::info!(%error, status = %parts.status, "server function refused");
            }
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

#[cfg(feature = "ssr")]
pub use ssr::set_error_status;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use base64::Engine as _;

    /// What leptos writes into the URL for a failed plain form: the error's JSON in URL-safe base64.
    fn in_url(json: &str) -> String {
        base64::engine::general_purpose::URL_SAFE.encode(json)
    }

    #[test]
    fn every_error_with_a_fixed_message_comes_back_from_its_code() {
        for error in [
            AppError::UsernameTaken,
            AppError::WrongCredentials,
            AppError::ReauthRequired,
            AppError::EmailTaken,
            AppError::EmptyCart,
            AppError::TooManyAttempts,
            AppError::Busy,
            AppError::NotFound,
            AppError::PasskeyNotDiscoverable,
        ] {
            assert_eq!(AppError::from_code(error.code()), error, "the code {}", error.code());
        }
        assert_eq!(AppError::from_code("unexpected"), AppError::Unexpected);
    }

    #[test]
    fn a_code_this_site_does_not_write_gets_the_generic_message() {
        for code in ["", "Call +1-555-0100", "network", "unsupported_content", "WrongCredentials"] {
            assert_eq!(AppError::from_code(code), AppError::Unexpected, "the code {code:?}");
        }
    }

    #[test]
    fn text_in_an_error_from_the_url_never_reaches_the_page() {
        let planted = in_url(r#"{"InvalidInput":"Your account is locked. Call +1-555-0100"}"#);
        for locale in [Locale::en, Locale::he] {
            let message = AppError::from_url(&planted).message(locale);
            assert!(!message.contains("555"), "{message:?}");
        }
        assert_eq!(
            AppError::from_url(&planted).message(Locale::en),
            "Please check the form and try again.",
            "an invalid input shows its fixed message"
        );
        let unsupported = in_url(r#"{"UnsupportedContent":"Call +1-555-0100"}"#);
        assert_eq!(AppError::from_url(&unsupported), AppError::Unexpected);
        assert_eq!(AppError::from_url(&in_url(r#""WrongCredentials""#)), AppError::WrongCredentials);
        for garbage in ["", "%%%", &in_url("not json"), &in_url(r#"{"NoSuchError":1}"#)] {
            assert_eq!(AppError::from_url(garbage), AppError::Unexpected, "{garbage:?}");
        }
    }
}
