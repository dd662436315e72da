//! The browser's bodies of [`crate::webauthn`], for the hydrated client.
//!
//! webauthn-rs-proto converts the server's options to the browser's types and the browser's credentials back.
//! Chromium allows one pending request at a time, so every request first aborts a pending autofill
//! (conditional) request.

use super::watch::watcher;
use super::{Answer, Call, CeremonyError, ConditionalRequest, ImmediateCredential, Options, RequestKind};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::cell::{Cell, RefCell};
use std::future::Future;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

thread_local! {
    /// The pending autofill request, if any, with the number that tells it apart from earlier ones.
    static CONDITIONAL: RefCell<Option<(u64, web_sys::AbortController)>> = const { RefCell::new(None) };
    /// The number of the last autofill request started.
    static CONDITIONAL_COUNT: Cell<u64> = const { Cell::new(0) };
}

fn credentials() -> Result<web_sys::CredentialsContainer, CeremonyError> {
    let window = web_sys::window().ok_or(CeremonyError::Unsupported)?;
    let supported = js_sys::Reflect::has(&window, &JsValue::from_str("PublicKeyCredential")).unwrap_or(false);
    if !supported {
        return Err(CeremonyError::Unsupported);
    }
    Ok(window.navigator().credentials())
}

impl CeremonyError {
    fn from_js(value: JsValue) -> Self {
        if let Some(e) = value.dyn_ref::<web_sys::DomException>() {
            return match e.name().as_str() {
                "NotAllowedError" => Self::NotAllowed,
                "InvalidStateError" => Self::AlreadyRegistered,
                "AbortError" => Self::Aborted,
                name => Self::Other(format!("{name}: {}", e.message())),
            };
        }
        if value.is_instance_of::<js_sys::TypeError>() {
            return Self::TypeError(js_sys::Error::from(value).message().into());
        }
        Self::Other(format!("{value:?}"))
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a plain options object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// Awaits a WebAuthn promise (or the error that prevented the request).
async fn settle(promise: Result<js_sys::Promise, CeremonyError>) -> Result<JsValue, CeremonyError> {
    JsFuture::from(promise?).await.map_err(CeremonyError::from_js)
}

fn public_key_credential(value: JsValue) -> Result<web_sys::PublicKeyCredential, CeremonyError> {
    value.dyn_into::<web_sys::PublicKeyCredential>().map_err(|_| CeremonyError::NoCredential)
}

/// The options object `options` as passed to the browser, as indented JSON: the browser's own `JSON.stringify`,
/// with binary members (`ArrayBuffer`s and typed arrays) written base64url, as the server sent them.
fn json_as_sent(options: &JsValue) -> String {
    let replacer = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|_key: JsValue, value: JsValue| {
        if value.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(&value) {
            JsValue::from_str(&URL_SAFE_NO_PAD.encode(js_sys::Uint8Array::new(&value).to_vec()))
        } else {
            value
        }
    });
    js_sys::JSON::stringify_with_replacer_and_space(options, replacer.as_ref().unchecked_ref(), &2.into())
        .map(String::from)
        .unwrap_or_default()
}

/// Tells the watcher, if there is one, that a call of `kind` is about to be made with `options` (`sent` as
/// passed to the browser, `added` the members the call set itself).
fn called(kind: RequestKind, options: Options<'_>, sent: &JsValue, added: &[(&'static str, &'static str)]) {
    if let Some(watcher) = watcher() {
        (watcher.called)(Call { kind, options, added, json: json_as_sent(sent) });
    }
}

/// Tells the watcher, if there is one, what the browser answered to a call of `kind`.
fn answered<T>(kind: RequestKind, answer: &Result<T, CeremonyError>, credential: impl FnOnce(&T) -> Answer) {
    if let Some(watcher) = watcher() {
        let answer = match answer {
            Ok(value) => credential(value),
            Err(error) => Answer::Refused(error.clone()),
        };
        (watcher.answered)(kind, answer);
    }
}

/// Aborts the pending autofill request, if any. Every other request calls this first.
pub fn cancel_conditional() {
    if let Some((_, controller)) = CONDITIONAL.with_borrow_mut(Option::take) {
        controller.abort();
    }
}

/// Aborts autofill request `number` if it is still the pending one.
pub(super) fn abort_conditional(number: u64) {
    let mine = CONDITIONAL.with_borrow_mut(|pending| match pending {
        Some((pending_number, _)) if *pending_number == number => pending.take(),
        _ => None,
    });
    if let Some((_, controller)) = mine {
        controller.abort();
    }
}

/// `navigator.credentials.create()`: makes a passkey.
pub async fn create(options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, CeremonyError> {
    cancel_conditional();
    let sent = web_sys::CredentialCreationOptions::from(options.clone());
    called(RequestKind::Create, Options::Create(&options), &sent, &[]);
    let options = sent;
    let created = async {
        let credential = public_key_credential(
            settle(credentials()?.create_with_options(&options).map_err(CeremonyError::from_js)).await?,
        )?;
        Ok(RegisterPublicKeyCredential::from(credential))
    }
    .await;
    answered(RequestKind::Create, &created, |c| Answer::Registration(Box::new(c.clone())));
    created
}

/// `navigator.credentials.get()`, modal: the browser shows its passkey dialog.
pub async fn get(options: RequestChallengeResponse) -> Result<PublicKeyCredential, CeremonyError> {
    cancel_conditional();
    let sent = web_sys::CredentialRequestOptions::from(options.clone());
    called(RequestKind::Modal, Options::Get(&options), &sent, &[]);
    let options = sent;
    let asserted = async {
        let credential = public_key_credential(
            settle(credentials()?.get_with_options(&options).map_err(CeremonyError::from_js)).await?,
        )?;
        Ok(PublicKeyCredential::from(credential))
    }
    .await;
    answered(RequestKind::Modal, &asserted, |c| Answer::Assertion(Box::new(c.clone())));
    asserted
}

/// `navigator.credentials.get({ mediation: 'conditional' })`: offers this site's passkeys in the autofill of
/// fields marked `autocomplete="… webauthn"`, and resolves when the user picks one. Replaces any earlier one.
/// The request is made before this returns; the future only awaits the answer.
pub fn get_conditional(
    options: RequestChallengeResponse,
) -> (ConditionalRequest, impl Future<Output = Result<PublicKeyCredential, CeremonyError>>) {
    cancel_conditional();
    let number = CONDITIONAL_COUNT.get() + 1;
    CONDITIONAL_COUNT.set(number);
    let controller = web_sys::AbortController::new().map_err(CeremonyError::from_js);
    let request = controller.and_then(|controller| {
        let typed = options.clone();
        let options = web_sys::CredentialRequestOptions::from(options);
        set(&options, "mediation", &JsValue::from_str("conditional"));
        called(RequestKind::Conditional, Options::Get(&typed), &options, &[("mediation", "conditional")]);
        options.set_signal(&controller.signal());
        let promise = credentials()?.get_with_options(&options).map_err(CeremonyError::from_js)?;
        CONDITIONAL.with_borrow_mut(|pending| *pending = Some((number, controller)));
        Ok(promise)
    });
    let answer = async move {
        let asserted = async { Ok(PublicKeyCredential::from(public_key_credential(settle(request).await?)?)) }.await;
        answered(RequestKind::Conditional, &asserted, |c| Answer::Assertion(Box::new(c.clone())));
        asserted
    };
    (ConditionalRequest(number), answer)
}

/// Whether the browser reports WebAuthn immediate mode (`getClientCapabilities().immediateGet`).
pub async fn immediate_get_available() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(class) = js_sys::Reflect::get(&window, &JsValue::from_str("PublicKeyCredential")) else { return false };
    let Ok(method) = js_sys::Reflect::get(&class, &JsValue::from_str("getClientCapabilities")) else { return false };
    let Some(method) = method.dyn_ref::<js_sys::Function>() else { return false };
    let Ok(promise) = method.call0(&class).and_then(|p| p.dyn_into::<js_sys::Promise>()) else {
        return false;
    };
    let Ok(capabilities) = JsFuture::from(promise).await else { return false };
    js_sys::Reflect::get(&capabilities, &JsValue::from_str("immediateGet")).is_ok_and(|v| v.is_truthy())
}

/// Chromium refuses a third immediate request within five seconds; we do not make it.
const IMMEDIATE_LIMIT: usize = 2;
const IMMEDIATE_WINDOW_MS: u64 = 5_000;
/// Where the times of the last immediate requests are kept: the site's `localStorage`, because Chromium counts
/// per site, across page loads and tabs.
const IMMEDIATE_CALLS_KEY: &str = "leptos-passkeys.immediate-requests";

fn immediate_allowed(now: f64) -> bool {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let kept = storage.as_ref().and_then(|s| s.get_item(IMMEDIATE_CALLS_KEY).ok().flatten()).unwrap_or_default();
    // Whole milliseconds: integers keep float formatting and parsing out of the bundle.
    let now = now as u64;
    let mut calls: Vec<u64> = kept
        .split(',')
        .filter_map(|t| t.parse().ok())
        .filter(|&t| now.saturating_sub(t) < IMMEDIATE_WINDOW_MS)
        .collect();
    let allowed = calls.len() < IMMEDIATE_LIMIT;
    if allowed {
        calls.push(now);
    }
    if let Some(storage) = storage {
        let text: Vec<String> = calls.iter().map(u64::to_string).collect();
        // Without storage the browser's own limit still holds: a refused request then says "Throttled" itself.
        let _ = storage.set_item(IMMEDIATE_CALLS_KEY, &text.join(","));
    }
    allowed
}

fn immediate_request(typed: &RequestChallengeResponse, legacy: bool) -> Result<js_sys::Promise, CeremonyError> {
    let mut options = typed.clone();
    options.mediation = None;
    let options = web_sys::CredentialRequestOptions::from(options);
    set(&options, "password", &JsValue::TRUE);
    if legacy {
        set(&options, "mediation", &JsValue::from_str("immediate"));
        called(
            RequestKind::Immediate,
            Options::Get(typed),
            &options,
            &[("password", "true"), ("mediation", "immediate")],
        );
    } else {
        set(&options, "uiMode", &JsValue::from_str("immediate"));
        called(RequestKind::Immediate, Options::Get(typed), &options, &[("password", "true"), ("uiMode", "immediate")]);
    }
    credentials()?.get_with_options(&options).map_err(CeremonyError::from_js)
}

/// Immediate mode: `navigator.credentials.get({ publicKey, password: true, uiMode: 'immediate' })`.
///
/// **Call it straight from a click handler**: the request is made before this function returns (the browser
/// requires the click's user activation); only the answer is awaited. No `allowCredentials`, no abort signal.
/// Resolves with a passkey or a saved password, or fails with [`CeremonyError::NotAllowed`] when the browser has
/// nothing for this site (and shows nothing), or [`CeremonyError::Throttled`] when the browser's limit of two
/// requests in five seconds would be exceeded (no request is made then).
pub fn get_immediate(
    options: &RequestChallengeResponse,
) -> impl Future<Output = Result<ImmediateCredential, CeremonyError>> + use<> {
    cancel_conditional();
    let request = if immediate_allowed(js_sys::Date::now()) {
        immediate_request(options, false)
    } else {
        Err(CeremonyError::Throttled)
    };
    let asked = !matches!(request, Err(CeremonyError::Throttled));
    let options = options.clone();
    async move {
        let answer = immediate_answer(request, &options).await;
        if asked {
            answered(RequestKind::Immediate, &answer, |answer| match answer {
                ImmediateCredential::Passkey(credential) => Answer::Assertion(Box::new(credential.clone())),
                ImmediateCredential::Password { username, .. } => Answer::Password { username: username.clone() },
            });
        }
        answer
    }
}

/// The answer to an immediate request: a passkey or a saved password.
async fn immediate_answer(
    request: Result<js_sys::Promise, CeremonyError>,
    options: &RequestChallengeResponse,
) -> Result<ImmediateCredential, CeremonyError> {
    let answer = match settle(request).await {
        // A browser that reports immediateGet but only knows the older `mediation: 'immediate'` form rejects
        // `uiMode` as a TypeError; the click's activation is still valid for the retry.
        Err(CeremonyError::TypeError(_)) => settle(immediate_request(options, true)).await?,
        other => other?,
    };
    let kind = js_sys::Reflect::get(&answer, &JsValue::from_str("type")).ok().and_then(|t| t.as_string());
    if kind.as_deref() == Some("password") {
        let field = |name: &str| {
            js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok().and_then(|v| v.as_string()).unwrap_or_default()
        };
        return Ok(ImmediateCredential::Password { username: field("id"), password: field("password") });
    }
    Ok(ImmediateCredential::Passkey(public_key_credential(answer)?.into()))
}

/// Calls `PublicKeyCredential.<name>(details)` of the Signal API if this browser has it; best effort, a browser
/// without it is told nothing. The promise only reports whether the browser took the signal: nothing depends on it.
fn signal(name: &str, details: &[(&str, JsValue)]) {
    let Some(window) = web_sys::window() else { return };
    let Ok(class) = js_sys::Reflect::get(&window, &JsValue::from_str("PublicKeyCredential")) else { return };
    let Ok(method) = js_sys::Reflect::get(&class, &JsValue::from_str(name)) else { return };
    let Some(method) = method.dyn_ref::<js_sys::Function>() else { return };
    let object = js_sys::Object::new();
    for (key, value) in details {
        set(&object, key, value);
    }
    let _ = method.call1(&class, &object);
}

/// Signal API: this site has no such passkey (deleted here, or from another deployment), so the passkey manager
/// stops offering it.
pub fn signal_unknown_credential(rp_id: &str, credential_id: &str) {
    signal("signalUnknownCredential", &[("rpId", rp_id.into()), ("credentialId", credential_id.into())]);
}

/// Signal API: these are all the passkeys the account `user_id` has here; the passkey manager drops the others
/// it holds for that account.
pub fn signal_all_accepted_credentials(rp_id: &str, user_id: &str, credential_ids: &[String]) {
    let ids: js_sys::Array = credential_ids.iter().map(|id| JsValue::from_str(id)).collect();
    signal(
        "signalAllAcceptedCredentials",
        &[("rpId", rp_id.into()), ("userId", user_id.into()), ("allAcceptedCredentialIds", ids.into())],
    );
}

/// Signal API: the account `user_id` is now called `name` (`display_name`); the passkey manager renames its
/// passkeys for it.
pub fn signal_current_user_details(rp_id: &str, user_id: &str, name: &str, display_name: &str) {
    signal(
        "signalCurrentUserDetails",
        &[
            ("rpId", rp_id.into()),
            ("userId", user_id.into()),
            ("name", name.into()),
            ("displayName", display_name.into()),
        ],
    );
}
