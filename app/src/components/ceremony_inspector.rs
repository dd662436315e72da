//! "How this works": the ceremony inspector. For the last passkey ceremony of this browser tab it shows what the
//! page asked the browser, what the browser answered (decoded here, from the bytes the page already has), and
//! what the server checked (its verdict, asked for once per ceremony, only while the panel is open), with the
//! time each step took.
//!
//! It exists only in the hydrated page: the server renders nothing of it, so a page without wasm (and the first
//! paint of every page) goes without it. Closed, it is one button at the end of the page.

use crate::passkeys::inspector::{CheckedBy, Verdict, last_ceremony_verdict};
use crate::webauthn::decode::{self, AttestationObject, AuthenticatorData};
use crate::webauthn::record::{self, Answer, CeremonyRecord};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;

#[component]
pub fn CeremonyInspector() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move || {
        record::listen_for_activation();
        hydrated.set(true);
    });
    let open = RwSignal::new(false);
    view! {
        <Show when=move || hydrated.get()>
            <aside class="inspector" aria-label="How this works">
                <button
                    type="button"
                    class="secondary"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="ceremony-inspector"
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    "How this works"
                </button>
                <Show when=move || open.get()>
                    <Inspector />
                </Show>
            </aside>
        </Show>
    }
}

/// The open panel.
#[component]
fn Inspector() -> impl IntoView {
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
            <h2 id="inspector-title">"The last passkey ceremony in this tab"</h2>
            {move || match record::last() {
                None => {
                    view! {
                        <p>
                            "None yet. Sign up, sign in or check out with a passkey, and this panel shows what the \
                             page asked the browser, what the browser answered and what the server checked."
                        </p>
                    }
                        .into_any()
                }
                Some(record) => {
                    let verdict = verdict.get().flatten().filter(|v| v.challenge == record.challenge);
                    view! { <Ceremony record verdict /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Ceremony(record: CeremonyRecord, verdict: Option<Verdict>) -> impl IntoView {
    let server = record.server.clone();
    let server_micros = verdict.as_ref().map(|v| v.total_micros);
    view! {
        <p class="call">
            <code>{record.kind.call()}</code>
        </p>
        <h3>"Timing"</h3>
        <dl class="fields">
            <Field name="Click to browser prompt" value=record.click_to_prompt_ms.map(ms) />
            <Field
                name="Requests between the click and the prompt"
                value=record.requests_before_prompt.map(|n| n.to_string())
            />
            <Field name="Prompt to the browser's answer" value=record.prompt_to_answer_ms.map(ms) />
            <Field
                name="Browser's answer to the server's"
                value=server.as_ref().map(|s| ms(s.answer_to_server_ms))
            />
            <Field name="Server's checks" value=server_micros.map(micros) />
        </dl>
        <h3>"What the page asked the browser"</h3>
        <Options record=record.clone() />
        <h3>"What the browser answered"</h3>
        <BrowserAnswer record verdict=verdict.clone() />
        <h3>"What the server checked"</h3>
        {match (server, verdict) {
            (None, _) => view! { <p>"The server has not answered yet."</p> }.into_any(),
            (Some(server), _) if !server.accepted => {
                view! {
                    <p class="refused">
                        "The server refused it: " {server.message.unwrap_or_default()}
                    </p>
                }
                    .into_any()
            }
            (Some(_), None) => view! { <p>"Asking the server for its verdict…"</p> }.into_any(),
            (Some(_), Some(verdict)) => view! { <ServerVerdict verdict /> }.into_any(),
        }}
    }
}

/// A `<dt>`/`<dd>` pair; nothing when there is no value.
#[component]
fn Field(name: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|value| {
        view! {
            <div>
                <dt>{name}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}

fn ms(value: f64) -> String {
    format!("{value:.0} ms")
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
fn BrowserAnswer(record: CeremonyRecord, verdict: Option<Verdict>) -> impl IntoView {
    let provider = verdict.as_ref().and_then(|v| v.provider.clone());
    match record.answer {
        None => view! { <p>"Waiting for the browser…"</p> }.into_any(),
        Some(Answer::Refused(error)) => view! { <p class="refused">"The browser said no: " {error}</p> }.into_any(),
        Some(Answer::Password { username }) => view! {
            <p>"A password the browser had saved for " <strong>{username}</strong> " (not shown here)."</p>
        }
        .into_any(),
        Some(Answer::Assertion(credential)) => {
            let user_handle = credential.response.user_handle.as_deref().map(|h| URL_SAFE_NO_PAD.encode(h));
            let data = AuthenticatorData::parse(&credential.response.authenticator_data);
            let aaguid = verdict.as_ref().and_then(|v| v.aaguid.clone());
            view! {
                <dl class="fields">
                    <Field name="Credential id" value=Some(credential.id.clone()) />
                    <Field name="User handle" value=user_handle />
                    <Field name="AAGUID (stored at registration)" value=aaguid />
                    <Field name="Provider" value=provider />
                </dl>
                <AuthenticatorDataView data rp_id=record.rp_id.clone() />
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
                None => "rk not reported".to_owned(),
            });
            let transports = credential
                .response
                .transports
                .as_ref()
                .map(|list| list.iter().map(|t| format!("{t:?}").to_lowercase()).collect::<Vec<_>>().join(", "));
            view! {
                <dl class="fields">
                    <Field name="Credential id" value=Some(credential.id.clone()) />
                    <Field name="Attestation format" value=format />
                    <Field name="credProps" value=cred_props />
                    <Field name="Transports" value=transports />
                    <Field name="Provider" value=provider />
                </dl>
                <AuthenticatorDataView data rp_id=record.rp_id.clone() />
                <ClientData bytes=credential.response.client_data_json.clone() />
            }
            .into_any()
        }
    }
}

#[component]
fn AuthenticatorDataView(data: Result<AuthenticatorData, decode::DecodeError>, rp_id: String) -> impl IntoView {
    let data = match data {
        Ok(data) => data,
        Err(error) => {
            return view! { <p class="refused">"The authenticator data could not be read: " {error.to_string()}</p> }
                .into_any();
        }
    };
    let for_site = if data.is_for(&rp_id) {
        format!("SHA-256 of \"{rp_id}\": this site's")
    } else {
        format!("not SHA-256 of \"{rp_id}\"")
    };
    let (set, unset): (Vec<_>, Vec<_>) = data.flags.named().into_iter().partition(|(_, on)| *on);
    let names = |list: Vec<(&str, bool)>| list.into_iter().map(|(name, _)| name).collect::<Vec<_>>().join(" ");
    let flags = format!("{:#04x}: {} set; {} not set", data.flags.0, names(set), names(unset));
    let attested = data.attested.clone();
    view! {
        <h4>"Authenticator data"</h4>
        <dl class="fields">
            <Field name="rpIdHash" value=Some(format!("{} ({for_site})", decode::hex(&data.rp_id_hash))) />
            <Field name="Sign count" value=Some(data.sign_count.to_string()) />
            <Field name="Flags" value=Some(flags) />
            <Field name="AAGUID" value=attested.as_ref().map(|a| a.aaguid.clone()) />
            <Field
                name="Public key algorithm"
                value=attested
                    .as_ref()
                    .and_then(|a| a.algorithm)
                    .map(|alg| format!("{alg}: {}", decode::algorithm_name(alg)))
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
fn ServerVerdict(verdict: Verdict) -> impl IntoView {
    let checks = verdict
        .checks
        .into_iter()
        .map(|check| {
            let by = match check.by {
                CheckedBy::WebauthnRs => "webauthn-rs",
                CheckedBy::App => "this app",
            };
            let details = (!check.details.is_empty()).then(|| {
                view! { <ul>{check.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> }
            });
            view! {
                <li>
                    <span class="by">{by}</span> ": " {check.what} " " <span class="took">"(" {micros(check.micros)} ")"</span>
                    {details}
                </li>
            }
        })
        .collect_view();
    view! {
        <p>{verdict.ceremony} ": every check passed."</p>
        <ol class="checks">{checks}</ol>
    }
}
