//! "How this works": the ceremony inspector, a feature of its own. For the last passkey ceremony of a browser
//! tab it shows what the page asked the browser, what the browser answered, and what the server checked.
//!
//! | part | where | what |
//! |---|---|---|
//! | [`record`] | browser | the last ceremony of this tab: every `navigator.credentials` call and its answer (through [`crate::webauthn::Watcher`]), and the server's answer, which each flow passes through [`server_answered`] |
//! | [`decode`] | browser | reads the answer's bytes: authenticator data, attestation object, COSE key |
//! | [`verdict`] | both | what the server checked, as typed [`Check`]s, and their words in each language |
//! | `recorder` | server | [`Checks`]: the verifier notes each check as it passes; the verdict is kept in the session |
//! | `panel` | browser | [`CeremonyInspector`], the button and the panel at the end of every page |
//!
//! The verifier (`crate::passkeys`) only notes typed checks; the words are the panel's. Nothing secret is shown:
//! no session id, ticket or key.

pub mod decode;
// leptos' `#[component]` expands every component into an inner `pub fn` that `unreachable_pub` cannot see through.
#[allow(unreachable_pub)]
mod panel;
pub mod record;
#[cfg(feature = "ssr")]
mod recorder;
pub mod verdict;

pub use panel::CeremonyInspector;
pub use record::server_answered;
#[cfg(feature = "ssr")]
pub use recorder::{Checks, PasskeyMaker};
pub use verdict::{Ceremony, Check, CheckedBy, Passed, Verdict, last_ceremony_verdict};
