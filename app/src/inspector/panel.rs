//! "How this works": the ceremony inspector. For the last passkey ceremony of this browser tab it shows what the
//! page asked the browser, what the browser answered (decoded here, from the bytes the page already has), and
//! what the server checked (its verdict, asked for once per ceremony, only while the panel is open), with the
//! time each step took.
//!
//! An island that exists only in the hydrated page: the server renders nothing of it, so a page without wasm
//! (and the first paint of every page) goes without it. Closed, it is one button at the end of the page.

use super::decode::{self, AttestationObject, AuthenticatorData};
use super::record::{self, Answer, CeremonyRecord, RequestKind};
use super::verdict::{CheckedBy, Verdict, last_ceremony_verdict};
use crate::i18n::translate::fill;
use crate::i18n::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;

/// The button, on every page. Recording starts when the bundle does (`app::app::hydrate`), before any island can
/// make a browser call; the panel's code (decoding, the checks' words) is loaded only when it is first opened.
#[island]
pub fn CeremonyInspector() -> impl IntoView {
    let hydrated = crate::hydration::use_hydrated();
    let open = RwSignal::new(false);
    let locale = current_locale();
    view! {
        <Show when=move || hydrated.get()>
            <aside class="inspector" aria-label=td_string!(locale, inspector.toggle)>
                <button
                    type="button"
                    class="secondary"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="ceremony-inspector"
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    {td_string!(locale, inspector.toggle)}
                </button>
                <Show when=move || open.get()>
                    <Suspense>{Suspend::new(async { open_panel().await })}</Suspense>
                </Show>
            </aside>
        </Show>
    }
}

/// The open panel, in a part of the bundle of its own (fetched when first opened).
#[lazy]
fn open_panel() -> AnyView {
    view! { <Inspector /> }.into_any()
}

#[component]
fn Inspector() -> impl IntoView {
    let locale = current_locale();
    // The last ceremony of an earlier page of this tab, if this page has had none yet.
    record::restore();
    // The server's verdict, once the server has accepted the ceremony; asked again for each new ceremony.
    let accepted =
        Memo::new(move |_| record::last().filter(|r| r.server.as_ref().is_some_and(|s| s.accepted)).map(|r| r.number));
    let verdict = LocalResource::new(move || {
        let wanted = accepted.get();
        async move {
            match wanted {
                Some(_) => last_ceremony_verdict().await.ok().flatten(),
                None => None,
            }
        }
    });
    view! {
        <section id="ceremony-inspector" class="inspector-panel" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{td_string!(locale, inspector.title)}</h2>
            {move || {
                match record::last() {
                    None => view! { <p>{td_string!(locale, inspector.none_yet)}</p> }.into_any(),
                    Some(record) => {
                        let verdict = verdict.get().flatten().filter(|v| v.challenge == record.challenge);
                        view! { <Ceremony record verdict locale /> }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
fn Ceremony(record: CeremonyRecord, verdict: Option<Verdict>, locale: Locale) -> impl IntoView {
    let server = record.server.clone();
    let server_micros = verdict.as_ref().map(|v| v.total_micros);
    view! {
        <p class="call">
            <code>{call_name(record.kind, locale)}</code>
        </p>
        <h3>{td_string!(locale, inspector.timing.heading)}</h3>
        <dl class="fields">
            <Field
                name=td_string!(locale, inspector.timing.click_to_prompt)
                value=record.click_to_prompt_ms.map(ms)
            />
            <Field
                name=td_string!(locale, inspector.timing.requests_before_prompt)
                value=record.requests_before_prompt.map(|n| n.to_string())
            />
            <Field
                name=td_string!(locale, inspector.timing.prompt_to_answer)
                value=record.prompt_to_answer_ms.map(ms)
            />
            <Field
                name=td_string!(locale, inspector.timing.answer_to_server)
                value=server.as_ref().map(|s| ms(s.answer_to_server_ms))
            />
            <Field name=td_string!(locale, inspector.timing.server_checks) value=server_micros.map(micros) />
        </dl>
        <h3>{td_string!(locale, inspector.asked)}</h3>
        <Options record=record.clone() />
        <h3>{td_string!(locale, inspector.answered)}</h3>
        <BrowserAnswer record verdict=verdict.clone() locale />
        <h3>{td_string!(locale, inspector.checked)}</h3>
        {match (server, verdict) {
            (None, _) => view! { <p>{td_string!(locale, inspector.server_pending)}</p> }.into_any(),
            (Some(server), _) if !server.accepted => {
                let message = server.error.map(|error| error.message(locale)).unwrap_or_default();
                view! {
                    <p class="refused">
                        {fill(td_string!(locale, inspector.server_refused), &[("message", &message)])}
                    </p>
                }
                    .into_any()
            }
            (Some(_), None) => view! { <p>{td_string!(locale, inspector.asking_verdict)}</p> }.into_any(),
            (Some(_), Some(verdict)) => view! { <ServerVerdict verdict locale /> }.into_any(),
        }}
    }
}

/// The browser call, as the inspector names it.
fn call_name(kind: RequestKind, locale: Locale) -> &'static str {
    match kind {
        RequestKind::Create => td_string!(locale, inspector.call.create),
        RequestKind::Modal => td_string!(locale, inspector.call.modal),
        RequestKind::Immediate => td_string!(locale, inspector.call.immediate),
        RequestKind::Conditional => td_string!(locale, inspector.call.conditional),
    }
}

/// A `<dt>`/`<dd>` pair; nothing when there is no value.
#[component]
fn Field(#[prop(into)] name: String, value: Option<String>) -> impl IntoView {
    value.map(|value| {
        view! {
            <div>
                <dt>{name}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}

fn ms(value: u64) -> String {
    format!("{value} ms")
}

fn micros(value: u64) -> String {
    if value >= 1000 { format!("{:.1} ms", value as f64 / 1000.0) } else { format!("{value} µs") }
}

/// The options as sent: the members a reader looks for first, then the whole object.
#[component]
fn Options(record: CeremonyRecord) -> impl IntoView {
    let fields = record
        .request
        .fields
        .into_iter()
        .map(|(name, value)| view! { <Field name value=Some(value) /> })
        .collect_view();
    view! {
        <dl class="fields">{fields}</dl>
        <pre class="json" tabindex="0">{record.request.json}</pre>
    }
}

/// The browser's answer, decoded.
#[component]
fn BrowserAnswer(record: CeremonyRecord, verdict: Option<Verdict>, locale: Locale) -> impl IntoView {
    let provider = verdict.as_ref().and_then(|v| v.provider.clone());
    match record.answer {
        None => view! { <p>{td_string!(locale, inspector.answer.waiting)}</p> }.into_any(),
        Some(Answer::Refused(error)) => {
            let error = format!("{error:?}: {}", error.message(locale));
            view! { <p class="refused">{fill(td_string!(locale, inspector.answer.refused), &[("error", &error)])}</p> }
                .into_any()
        }
        Some(Answer::Password { username }) => view! {
            <p>
                {td!(
                    locale,
                    inspector.answer.password,
                    username = move || username.clone(),
                    <strong> = |children: ChildrenFn| view! { <strong>{children()}</strong> }
                )}
            </p>
        }
        .into_any(),
        Some(Answer::Assertion(credential)) => {
            let user_handle = credential.response.user_handle.as_deref().map(|h| URL_SAFE_NO_PAD.encode(h));
            let data = AuthenticatorData::parse(&credential.response.authenticator_data);
            let aaguid = verdict.as_ref().and_then(|v| v.aaguid.clone());
            view! {
                <dl class="fields">
                    <Field name=td_string!(locale, inspector.answer.credential_id) value=Some(credential.id.clone()) />
                    <Field name=td_string!(locale, inspector.answer.user_handle) value=user_handle />
                    <Field name=td_string!(locale, inspector.answer.aaguid_stored) value=aaguid />
                    <Field name=td_string!(locale, inspector.answer.provider) value=provider />
                </dl>
                <AuthenticatorDataView data rp_id=record.rp_id.clone() locale />
                <ClientData bytes=credential.response.client_data_json.clone() />
            }
            .into_any()
        }
        Some(Answer::Registration(credential)) => {
            let object = AttestationObject::parse(&credential.response.attestation_object);
            let format = object.as_ref().ok().map(|o| o.format.clone());
            let data = object.and_then(|o| AuthenticatorData::parse(&o.auth_data));
            let cred_props = credential.extensions.cred_props.as_ref().map(|props| match props.rk {
                Some(rk) => format!("rk: {rk}"),
                None => td_string!(locale, inspector.answer.rk_not_reported).to_owned(),
            });
            let transports = credential
                .response
                .transports
                .as_ref()
                .map(|list| list.iter().map(|t| format!("{t:?}").to_lowercase()).collect::<Vec<_>>().join(", "));
            view! {
                <dl class="fields">
                    <Field name=td_string!(locale, inspector.answer.credential_id) value=Some(credential.id.clone()) />
                    <Field name=td_string!(locale, inspector.answer.attestation_format) value=format />
                    <Field name="credProps" value=cred_props />
                    <Field name=td_string!(locale, inspector.answer.transports) value=transports />
                    <Field name=td_string!(locale, inspector.answer.provider) value=provider />
                </dl>
                <AuthenticatorDataView data rp_id=record.rp_id.clone() locale />
                <ClientData bytes=credential.response.client_data_json.clone() />
            }
            .into_any()
        }
    }
}

#[component]
fn AuthenticatorDataView(
    data: Result<AuthenticatorData, decode::DecodeError>,
    rp_id: String,
    locale: Locale,
) -> impl IntoView {
    let data = match data {
        Ok(data) => data,
        Err(error) => {
            let message = error.message(locale);
            return view! {
                <p class="refused">{fill(td_string!(locale, inspector.data.unreadable), &[("error", &message)])}</p>
            }
            .into_any();
        }
    };
    let for_site = if data.is_for(&rp_id) {
        fill(td_string!(locale, inspector.data.for_this_site), &[("rp_id", &rp_id)])
    } else {
        fill(td_string!(locale, inspector.data.not_for_this_site), &[("rp_id", &rp_id)])
    };
    let (set, unset): (Vec<_>, Vec<_>) = data.flags.named().into_iter().partition(|(_, on)| *on);
    let names = |list: Vec<(&str, bool)>| list.into_iter().map(|(name, _)| name).collect::<Vec<_>>().join(" ");
    let flags = fill(
        td_string!(locale, inspector.data.flags_value),
        &[("byte", &format!("{:#04x}", data.flags.0)), ("set", &names(set)), ("unset", &names(unset))],
    );
    let attested = data.attested.clone();
    let algorithm = move |alg: i64| {
        let name = decode::algorithm_name(alg).unwrap_or(td_string!(locale, inspector.data.another_algorithm));
        format!("{alg}: {name}")
    };
    view! {
        <h4>{td_string!(locale, inspector.data.heading)}</h4>
        <dl class="fields">
            <Field name="rpIdHash" value=Some(format!("{} ({for_site})", decode::hex(&data.rp_id_hash))) />
            <Field name=td_string!(locale, inspector.data.sign_count) value=Some(data.sign_count.to_string()) />
            <Field name=td_string!(locale, inspector.data.flags) value=Some(flags) />
            <Field name="AAGUID" value=attested.as_ref().map(|a| a.aaguid.clone()) />
            <Field
                name=td_string!(locale, inspector.data.algorithm)
                value=attested.as_ref().and_then(|a| a.algorithm).map(algorithm)
            />
        </dl>
    }
    .into_any()
}

#[component]
fn ClientData(bytes: Vec<u8>) -> impl IntoView {
    view! {
        <h4>"clientDataJSON"</h4>
        <pre class="json" tabindex="0">{record::pretty_json(&String::from_utf8_lossy(&bytes))}</pre>
    }
}

#[component]
fn ServerVerdict(verdict: Verdict, locale: Locale) -> impl IntoView {
    let checks = verdict
        .checks
        .into_iter()
        .map(|passed| {
            let check = passed.check;
            let by = match check.by() {
                CheckedBy::WebauthnRs => "webauthn-rs",
                CheckedBy::App => td_string!(locale, inspector.verdict.this_app),
            };
            let details = check.details(locale);
            let details = (!details.is_empty())
                .then(|| view! { <ul>{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> });
            view! {
                <li>
                    <span class="by">{by}</span> ": " {check.what(locale)} " "
                    <span class="took">"(" {micros(passed.micros)} ")"</span>
                    {details}
                </li>
            }
        })
        .collect_view();
    let ceremony = verdict.ceremony.name(locale);
    view! {
        <p>{fill(td_string!(locale, inspector.verdict.passed), &[("ceremony", &ceremony)])}</p>
        <ol class="checks">{checks}</ol>
    }
}
