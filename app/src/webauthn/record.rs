//! The last WebAuthn ceremony of this browser tab, as the ceremony inspector shows it: the options as the page
//! sent them, the browser's answer, and how long each step took.
//!
//! [`super::browser`] records every request and answer as it makes them; a flow records the server's answer with
//! [`settled`]. The record lives in the page's memory (each tab has its own; a reload starts afresh): nothing of
//! it is serialised, which keeps its weight in the wasm bundle small. An autofill request is pending until the
//! user picks a passkey: it becomes the last ceremony only then, so an autofill field waiting on a page does not
//! hide the ceremony before it.
//!
//! On the server every function here does nothing and [`last`] is `None`.

use webauthn_rs_proto::{PublicKeyCredential, RegisterPublicKeyCredential};

/// Which browser call a ceremony made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// `navigator.credentials.create()`.
    Create,
    /// `get()` with the browser's dialog.
    Modal,
    /// `get({ uiMode: 'immediate' })`.
    Immediate,
    /// `get({ mediation: 'conditional' })`: autofill.
    Conditional,
}

impl RequestKind {
    /// The call, as the inspector names it, in `locale`.
    pub fn call(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Self::Create => td_string!(locale, inspector.call.create),
            Self::Modal => td_string!(locale, inspector.call.modal),
            Self::Immediate => td_string!(locale, inspector.call.immediate),
            Self::Conditional => td_string!(locale, inspector.call.conditional),
        }
    }
}

/// What the browser answered.
#[derive(Debug, Clone)]
pub enum Answer {
    Registration(Box<RegisterPublicKeyCredential>),
    Assertion(Box<PublicKeyCredential>),
    /// Immediate mode returned a password the browser had saved (the password itself is not recorded).
    Password {
        username: String,
    },
    /// The browser answered with an error.
    Refused(super::CeremonyError),
}

/// What the server said to the browser's answer.
#[derive(Debug, Clone)]
pub struct ServerAnswer {
    pub accepted: bool,
    /// The error, when refused (the inspector shows its message in the page's language).
    pub error: Option<crate::AppError>,
    /// From the browser's answer to the server's.
    pub answer_to_server_ms: f64,
}

/// What a request asked for: the members a reader looks for first, and the whole options object.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Each member (`challenge`, `rpId`, `userVerification`, ...) that the request has, with its value.
    pub fields: Vec<(&'static str, String)>,
    /// The options object exactly as passed to the browser, as indented JSON (binary members base64url).
    pub json: String,
}

/// One ceremony, from the click to the server's answer.
#[derive(Debug, Clone)]
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
    pub click_to_prompt_ms: Option<f64>,
    /// How many requests the page made between that click and the browser call.
    pub requests_before_prompt: Option<u32>,
    /// From the browser call to its answer: mostly the user, choosing and confirming.
    pub prompt_to_answer_ms: Option<f64>,
    pub answer: Option<Answer>,
    pub server: Option<ServerAnswer>,
}

#[cfg(feature = "hydrate")]
pub use imp::{answered, last, listen_for_activation, pretty_json, requested, settled};

#[cfg(not(feature = "hydrate"))]
mod stand_in {
    use super::{Answer, CeremonyRecord, Request, RequestKind};
    pub fn requested(_kind: RequestKind, _request: Request, _rp_id: &str, _challenge: &str) {}
    pub fn answered(_kind: RequestKind, _answer: Answer) {}
    pub fn settled<T>(result: Result<T, crate::AppError>) -> Result<T, crate::AppError> {
        result
    }
    pub fn last() -> Option<CeremonyRecord> {
        None
    }
    pub fn listen_for_activation() {}
    pub fn pretty_json(text: &str) -> String {
        text.to_owned()
    }
}
#[cfg(not(feature = "hydrate"))]
pub use stand_in::{answered, last, listen_for_activation, pretty_json, requested, settled};

#[cfg(feature = "hydrate")]
mod imp {
    use super::{Answer, CeremonyRecord, Request, RequestKind, ServerAnswer};
    use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

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

    fn now() -> f64 {
        web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
    }

    fn publish(record: CeremonyRecord) {
        LAST.with(|last| last.set(Some(record)));
    }

    fn update(change: impl FnOnce(&mut CeremonyRecord)) {
        LAST.with(|last| {
            if let Some(mut record) = last.get_untracked() {
                change(&mut record);
                last.set(Some(record));
            }
        });
    }

    /// Tracked: the last ceremony of this tab.
    pub fn last() -> Option<CeremonyRecord> {
        LAST.with(Get::get)
    }

    /// Notes the time of every click and form submission, before the page's own handlers run (capture phase),
    /// so that a ceremony can say how long it took from the click to the browser call.
    pub fn listen_for_activation() {
        thread_local! { static LISTENING: Cell<bool> = const { Cell::new(false) }; }
        if LISTENING.replace(true) {
            return;
        }
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

    /// A browser call is about to be made with `options`.
    pub fn requested(kind: RequestKind, request: Request, rp_id: &str, challenge: &str) {
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
            click_to_prompt_ms: clicked.map(|clicked| at - clicked),
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
    pub fn answered(kind: RequestKind, answer: Answer) {
        let at = now();
        ANSWERED_AT.set(at);
        if kind == RequestKind::Conditional {
            let Some(mut record) = PENDING_AUTOFILL.with_borrow_mut(Option::take) else { return };
            if matches!(answer, Answer::Refused(_)) {
                return;
            }
            record.number = next_number();
            record.prompt_to_answer_ms = Some(at - PROMPTED_AT.get());
            record.answer = Some(answer);
            publish(record);
            return;
        }
        let prompted = PROMPTED_AT.get();
        update(|record| {
            record.prompt_to_answer_ms = Some(at - prompted);
            record.answer = Some(answer);
        });
    }

    /// Records the server's answer to the last ceremony, and passes it on.
    pub fn settled<T>(result: Result<T, crate::AppError>) -> Result<T, crate::AppError> {
        let took = now() - ANSWERED_AT.get();
        let error = result.as_ref().err().cloned();
        update(|record| {
            record.server = Some(ServerAnswer { accepted: error.is_none(), error, answer_to_server_ms: took });
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
