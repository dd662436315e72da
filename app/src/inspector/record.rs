//! The last WebAuthn ceremony of this browser tab, as the ceremony inspector shows it: the options as the page
//! sent them, the browser's answer, and how long each step took.
//!
//! [`start`] registers a [`crate::webauthn::Watcher`], so every browser call and its answer are recorded as they
//! are made; a flow passes the server's answer through [`server_answered`], the one hook flows call. The record
//! is kept in the tab's `sessionStorage` as well, so that the page a ceremony led to (a sign-in loads the next
//! page) still shows it; each tab has its own. An autofill request is pending until the
//! user picks a passkey: it becomes the last ceremony only then, so an autofill field waiting on a page does not
//! hide the ceremony before it.
//!
//! On the server every function here does nothing and [`last`] is `None`.

pub use crate::webauthn::{Answer, RequestKind};

use serde::{Deserialize, Serialize};

/// What the server said to the browser's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerAnswer {
    pub accepted: bool,
    /// The error, when refused (the inspector shows its message in the page's language).
    pub error: Option<crate::error::AppError>,
    /// From the browser's answer to the server's.
    pub answer_to_server_ms: u64,
}

/// What a request asked for: the members a reader looks for first, and the whole options object.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Request {
    /// Each member (`challenge`, `rpId`, `userVerification`, ...) that the request has, with its value.
    pub fields: Vec<(String, String)>,
    /// The options object exactly as passed to the browser, as indented JSON (binary members base64url).
    pub json: String,
}

/// One ceremony, from the click to the server's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CeremonyRecord {
    /// Counts the ceremonies of this tab; the inspector fetches the server's verdict once per number.
    pub number: u64,
    pub kind: RequestKind,
    pub request: Request,
    pub rp_id: String,
    /// The challenge, base64url: the server's verdict names it too.
    pub challenge: String,
    /// From the user's last click (or form submission) to the browser call; `None` for autofill, which is asked
    /// when the page loads.
    pub click_to_prompt_ms: Option<u64>,
    /// How many requests the page made between that click and the browser call.
    pub requests_before_prompt: Option<u32>,
    /// From the browser call to its answer: mostly the user, choosing and confirming.
    pub prompt_to_answer_ms: Option<u64>,
    pub answer: Option<Answer>,
    pub server: Option<ServerAnswer>,
}

#[cfg(feature = "hydrate")]
pub use imp::{last, pretty_json, restore, server_answered, start};

#[cfg(not(feature = "hydrate"))]
mod stand_in {
    use super::CeremonyRecord;
    pub fn server_answered<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
        result
    }
    pub fn last() -> Option<CeremonyRecord> {
        None
    }
    pub fn start() {}
    pub fn restore() {}
    pub fn pretty_json(text: &str) -> String {
        text.to_owned()
    }
}
#[cfg(not(feature = "hydrate"))]
pub use stand_in::{last, pretty_json, restore, server_answered, start};

#[cfg(feature = "hydrate")]
mod imp {
    use super::{Answer, CeremonyRecord, Request, RequestKind, ServerAnswer};
    use crate::i18n::td_string;
    use crate::i18n::translate::fill;
    use crate::webauthn::{Call, Options, Watcher};
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use webauthn_rs_proto::{PublicKeyCredentialHints, ResidentKeyRequirement, UserVerificationPolicy};

    thread_local! {
        /// The last ceremony.
        static LAST: ArcRwSignal<Option<CeremonyRecord>> = ArcRwSignal::new(None);
        /// A pending autofill request, until the user picks a passkey.
        static PENDING_AUTOFILL: RefCell<Option<CeremonyRecord>> = const { RefCell::new(None) };
        /// When the user last clicked or submitted a form (`performance.now()` time).
        static LAST_ACTIVATION: Cell<Option<f64>> = const { Cell::new(None) };
        /// When the last browser call was made and when it was answered.
        static PROMPTED_AT: Cell<f64> = const { Cell::new(0.0) };
        static ANSWERED_AT: Cell<f64> = const { Cell::new(0.0) };
    }

    /// Milliseconds, rounded: the record keeps whole ones (its JSON then needs no float formatting).
    fn whole_ms(value: f64) -> u64 {
        value.max(0.0).round() as u64
    }

    fn now() -> f64 {
        web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
    }

    /// Where the tab keeps the last ceremony across its page loads.
    const STORAGE_KEY: &str = "leptos-passkeys.last-ceremony";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// Shows the last ceremony of an earlier page of this tab, if this page has had none yet (the panel asks, so
    /// that reading a record back is the panel's code, not every page's).
    pub fn restore() {
        let kept = || {
            let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
            leptos::serde_json::from_str::<CeremonyRecord>(&text).ok()
        };
        LAST.with(|last| {
            if last.get_untracked().is_none()
                && let Some(record) = kept()
            {
                last.set(Some(record));
            }
        });
    }

    fn publish(record: CeremonyRecord) {
        if let (Some(storage), Ok(text)) = (storage(), leptos::serde_json::to_string(&record)) {
            // Full or forbidden storage only costs the next page the record.
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
        LAST.with(|last| last.set(Some(record)));
    }

    fn update(change: impl FnOnce(&mut CeremonyRecord)) {
        if let Some(mut record) = LAST.with(GetUntracked::get_untracked) {
            change(&mut record);
            publish(record);
        }
    }

    /// Tracked: the last ceremony of this tab.
    pub fn last() -> Option<CeremonyRecord> {
        LAST.with(Get::get)
    }

    /// Starts recording: every browser call from now on, and the time of every click and form submission
    /// (noted before the page's own handlers run, in the capture phase), so that a ceremony can say how long it
    /// took from the click to the browser call.
    pub fn start() {
        thread_local! { static LISTENING: Cell<bool> = const { Cell::new(false) }; }
        if LISTENING.replace(true) {
            return;
        }
        crate::webauthn::watch(Watcher { called, answered });
        let Some(window) = web_sys::window() else { return };
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            LAST_ACTIVATION.set(Some(event.time_stamp()));
        });
        for kind in ["click", "submit"] {
            let _ = window.add_event_listener_with_callback_and_bool(kind, listener.as_ref().unchecked_ref(), true);
        }
        // Listens for the life of the page.
        listener.forget();
    }

    /// The number of requests (fetches, scripts, images) the page started at or after `since`.
    fn requests_since(since: f64) -> u32 {
        let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return 0 };
        let entries = performance.get_entries_by_type("resource");
        let started = |entry: &wasm_bindgen::JsValue| {
            js_sys::Reflect::get(entry, &"startTime".into()).ok().and_then(|t| t.as_f64()).unwrap_or_default()
        };
        u32::try_from(entries.iter().filter(|entry| started(entry) >= since).count()).unwrap_or(u32::MAX)
    }

    /// The number the next ceremony shown gets: one more than the last one's.
    fn next_number() -> u64 {
        LAST.with(|last| last.get_untracked().map_or(0, |r| r.number)) + 1
    }

    /// A browser call is about to be made: what it asks for, as the inspector lists it.
    fn called(call: Call<'_>) {
        let ((mut fields, rp_id, challenge), hints) = match call.options {
            Options::Create(options) => (creation_fields(options), options.public_key.hints.as_ref()),
            Options::Get(options) => (request_fields(options), options.public_key.hints.as_ref()),
        };
        fields.extend(call.added.iter().map(|(name, value)| (*name, (*value).to_owned())));
        fields.extend(hints.map(|hints| ("hints", hint_names(hints))));
        let fields = fields.into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
        requested(call.kind, Request { fields, json: call.json }, &rp_id, &challenge);
    }

    /// The members of a `create()` call a reader looks for first, with its RP ID and challenge.
    fn creation_fields(
        options: &webauthn_rs_proto::CreationChallengeResponse,
    ) -> (Vec<(&'static str, String)>, String, String) {
        let public_key = &options.public_key;
        let selection = public_key.authenticator_selection.as_ref();
        let resident_key = selection.and_then(|s| s.resident_key.as_ref()).map(|requirement| match requirement {
            ResidentKeyRequirement::Required => "required",
            ResidentKeyRequirement::Preferred => "preferred",
            ResidentKeyRequirement::Discouraged => "discouraged",
        });
        let challenge = URL_SAFE_NO_PAD.encode(&public_key.challenge);
        let excluded = public_key.exclude_credentials.as_ref().map_or(0, Vec::len);
        let mut fields = vec![("challenge", challenge.clone()), ("rpId", public_key.rp.id.clone())];
        fields.extend(selection.map(|s| ("userVerification", user_verification(&s.user_verification))));
        fields.extend(resident_key.map(|r| ("residentKey", r.to_owned())));
        fields.push(("excludeCredentials", excluded.to_string()));
        (fields, public_key.rp.id.clone(), challenge)
    }

    /// The members of a `get()` call a reader looks for first, with its RP ID and challenge.
    fn request_fields(
        options: &webauthn_rs_proto::RequestChallengeResponse,
    ) -> (Vec<(&'static str, String)>, String, String) {
        let public_key = &options.public_key;
        let challenge = URL_SAFE_NO_PAD.encode(&public_key.challenge);
        let locale = crate::i18n::translate::current_locale();
        let allowed = match public_key.allow_credentials.len() {
            0 => td_string!(locale, inspector.request.allow_none).to_owned(),
            n => fill(td_string!(locale, inspector.request.allow_some), &[("count", &n)]),
        };
        let fields = vec![
            ("challenge", challenge.clone()),
            ("rpId", public_key.rp_id.clone()),
            ("userVerification", user_verification(&public_key.user_verification)),
            ("allowCredentials", allowed),
        ];
        (fields, public_key.rp_id.clone(), challenge)
    }

    fn user_verification(policy: &UserVerificationPolicy) -> String {
        match policy {
            UserVerificationPolicy::Required => "required",
            UserVerificationPolicy::Preferred => "preferred",
            UserVerificationPolicy::Discouraged_DO_NOT_USE => "discouraged",
        }
        .to_owned()
    }

    fn hint_names(hints: &[PublicKeyCredentialHints]) -> String {
        let names: Vec<_> = hints
            .iter()
            .map(|hint| match hint {
                PublicKeyCredentialHints::SecurityKey => "security-key",
                PublicKeyCredentialHints::ClientDevice => "client-device",
                PublicKeyCredentialHints::Hybrid => "hybrid",
            })
            .collect();
        names.join(", ")
    }

    fn requested(kind: RequestKind, request: Request, rp_id: &str, challenge: &str) {
        let at = now();
        PROMPTED_AT.set(at);
        let number = next_number();
        let clicked = LAST_ACTIVATION.get().filter(|_| kind != RequestKind::Conditional);
        let record = CeremonyRecord {
            number,
            kind,
            request,
            rp_id: rp_id.to_owned(),
            challenge: challenge.to_owned(),
            click_to_prompt_ms: clicked.map(|clicked| whole_ms(at - clicked)),
            requests_before_prompt: clicked.map(requests_since),
            prompt_to_answer_ms: None,
            answer: None,
            server: None,
        };
        if kind == RequestKind::Conditional {
            PENDING_AUTOFILL.with_borrow_mut(|pending| *pending = Some(record));
        } else {
            publish(record);
        }
    }

    /// The browser answered the call of `kind`. An aborted autofill request is not a ceremony: it is dropped.
    fn answered(kind: RequestKind, answer: Answer) {
        let at = now();
        ANSWERED_AT.set(at);
        if kind == RequestKind::Conditional {
            let Some(mut record) = PENDING_AUTOFILL.with_borrow_mut(Option::take) else { return };
            if matches!(answer, Answer::Refused(_)) {
                return;
            }
            record.number = next_number();
            record.prompt_to_answer_ms = Some(whole_ms(at - PROMPTED_AT.get()));
            record.answer = Some(answer);
            publish(record);
            return;
        }
        let prompted = PROMPTED_AT.get();
        update(|record| {
            record.prompt_to_answer_ms = Some(whole_ms(at - prompted));
            record.answer = Some(answer);
        });
    }

    /// Records the server's answer to the last ceremony, and passes it on: every flow passes the answer to its
    /// ceremony's finishing step through this, once.
    pub fn server_answered<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
        let took = now() - ANSWERED_AT.get();
        let error = result.as_ref().err().cloned();
        update(|record| {
            record.server =
                Some(ServerAnswer { accepted: error.is_none(), error, answer_to_server_ms: whole_ms(took) });
        });
        result
    }

    /// `text` (JSON) indented by the browser's own `JSON`, or as it is if it is not JSON.
    pub fn pretty_json(text: &str) -> String {
        js_sys::JSON::parse(text)
            .and_then(|value| js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &2.into()))
            .map(String::from)
            .unwrap_or_else(|_| text.to_owned())
    }
}
