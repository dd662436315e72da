//! How sign-ins come and end, as the browser tells the server for its counters (`/metrics`).

use serde::{Deserialize, Serialize};

/// The way a sign-in came. The browser says it: the server cannot tell an immediate-mode answer from an
/// autofill one, both finish a pre-issued challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInVia {
    /// The header's "Sign in" button, in immediate mode.
    Immediate,
    /// The "Checkout" button, in immediate mode.
    Checkout,
    /// A passkey picked from the username field's autofill.
    Autofill,
    /// "Sign in with a passkey": the browser's own dialog.
    Modal,
    /// The username and password form.
    PasswordForm,
    /// A client that did not say (another program calling the endpoint).
    Other,
}

impl SignInVia {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Checkout => "checkout",
            Self::Autofill => "autofill",
            Self::Modal => "modal",
            Self::PasswordForm => "password_form",
            Self::Other => "other",
        }
    }
}

/// How an attempt ended in the browser without reaching the server, as the page reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrowserOutcome {
    /// Immediate mode found no passkey and no password for this site on the device (`NotAllowedError`).
    NothingOnDevice,
    /// The browser refused because of too many immediate requests.
    Throttled,
    /// The user dismissed the browser's dialog.
    Cancelled,
    /// Any other error of the browser's WebAuthn call.
    BrowserError,
}

impl BrowserOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NothingOnDevice => "nothing_on_device",
            Self::Throttled => "throttled",
            Self::Cancelled => "cancelled",
            Self::BrowserError => "browser_error",
        }
    }
}
