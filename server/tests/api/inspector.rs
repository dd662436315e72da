//! The ceremony inspector's server half: after each passkey ceremony the server accepted, the session can ask
//! what was checked, for that very challenge, and nothing secret is in the answer.

use crate::authenticator::SoftAuthenticator;
use crate::helpers::{Browser, ORIGIN, spawn_app};
use app::i18n::Locale;
use app::inspector::{CheckedBy, Verdict};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

impl Browser {
    async fn verdict(&self) -> Option<Verdict> {
        self.call("last_ceremony_verdict", &[]).await.json()
    }
}

/// The checks `by` made, in the words the inspector shows them in (English).
fn whats(verdict: &Verdict, by: CheckedBy) -> Vec<String> {
    verdict.checks.iter().filter(|c| c.check.by() == by).map(|c| c.check.what(Locale::en)).collect()
}

#[tokio::test]
async fn after_a_one_click_sign_in_the_verdict_lists_the_ticket_checks_and_webauthn_rs_for_that_challenge() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    let (options, ticket) = browser.prepare_sign_in().await;
    browser.finish_prepared_sign_in(&ticket, &authenticator.get(&options)).await.json::<serde_json::Value>();

    let verdict = browser.verdict().await.expect("a verdict after the sign-in");

    assert_eq!(verdict.ceremony.name(Locale::en), "Sign-in with a pre-issued challenge (immediate mode or autofill)");
    assert_eq!(verdict.challenge, URL_SAFE_NO_PAD.encode(&options.public_key.challenge));
    let app_checks = whats(&verdict, CheckedBy::App);
    for expected in ["HMAC-SHA256", "not expired", "bound to this browser", "used once", "user handle owns", "counter"]
    {
        assert!(app_checks.iter().any(|what| what.contains(expected)), "no check about {expected:?}: {app_checks:?}");
    }
    let by_webauthn_rs = whats(&verdict, CheckedBy::WebauthnRs);
    assert_eq!(by_webauthn_rs, ["finish_discoverable_authentication_v2: the assertion is valid"]);
    let counter = app_checks.iter().find(|what| what.contains("counter")).unwrap();
    assert!(counter.contains("stored 0, now 1"), "the soft authenticator counts from 0: {counter}");
    assert!(verdict.total_micros >= verdict.checks.iter().map(|c| c.micros).sum::<u64>());
    let body = browser.call("last_ceremony_verdict", &[]).await.body.to_string();
    assert!(!body.contains(&ticket) && !body.contains(ticket.split('.').next_back().unwrap()), "no ticket in it");
}

#[tokio::test]
async fn a_refused_ceremony_leaves_no_verdict_and_a_new_session_has_none() {
    let app = spawn_app().await;
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    app.browser().sign_up(&mut authenticator, "alice").await;
    let browser = app.browser();
    assert_eq!(browser.verdict().await, None);

    let (options, ticket) = browser.prepare_sign_in().await;
    let mut credential = authenticator.get(&options);
    credential.response.signature[8] ^= 1;
    assert_eq!(browser.finish_prepared_sign_in(&ticket, &credential).await.status, 403);

    assert_eq!(browser.verdict().await, None, "only an accepted ceremony has a verdict");
}

#[tokio::test]
async fn sign_up_names_the_passkeys_provider_from_its_aaguid_and_the_checks_webauthn_rs_made() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut google = SoftAuthenticator::new(ORIGIN);
    google.faults.aaguid = *uuid::Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").unwrap().as_bytes();
    let options: CreationChallengeResponse = browser.start_registration("quinn").await.json();
    browser.finish_registration(&google.create(&options)).await.json::<serde_json::Value>();

    let verdict = browser.verdict().await.expect("a verdict after sign-up");

    assert_eq!(verdict.ceremony.name(Locale::en), "Sign-up");
    assert_eq!(verdict.challenge, URL_SAFE_NO_PAD.encode(&options.public_key.challenge));
    assert_eq!(verdict.aaguid.as_deref(), Some("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"));
    assert_eq!(verdict.provider.as_deref(), Some("Google Password Manager"));
    let by_webauthn_rs = whats(&verdict, CheckedBy::WebauthnRs);
    assert_eq!(by_webauthn_rs.len(), 1);
    assert!(by_webauthn_rs[0].starts_with("finish_passkey_registration"), "{by_webauthn_rs:?}");
    assert!(by_webauthn_rs[0].contains("ES256"), "the algorithm is named: {by_webauthn_rs:?}");
    let webauthn_rs = verdict.checks.iter().find(|c| c.check.by() == CheckedBy::WebauthnRs).unwrap();
    let details = webauthn_rs.check.details(Locale::en);
    assert!(details.iter().any(|d| d.contains("challenge")), "{details:?}");
    assert!(whats(&verdict, CheckedBy::App).iter().any(|what| what.starts_with("Signed in")));
}

#[tokio::test]
async fn confirming_its_you_replaces_the_verdict_with_the_reauthentications() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut authenticator = SoftAuthenticator::new(ORIGIN);
    browser.sign_up(&mut authenticator, "rita").await;
    let options: RequestChallengeResponse = browser.call("start_reauthentication", &[]).await.json();
    let credential = authenticator.get(&options);
    let answer = browser.call_json("finish_reauthentication", serde_json::json!({ "credential": credential })).await;
    assert_eq!(answer.status, 200, "{}", answer.body);

    let verdict = browser.verdict().await.expect("a verdict");

    assert_eq!(verdict.ceremony.name(Locale::en), "Confirming it's you");
    assert_eq!(verdict.challenge, URL_SAFE_NO_PAD.encode(&options.public_key.challenge));
    let app_checks = whats(&verdict, CheckedBy::App);
    assert!(app_checks.iter().any(|what| what.contains("user was verified (UV)")), "{app_checks:?}");
    assert!(app_checks.iter().any(|what| what.starts_with("Proof recorded")), "{app_checks:?}");
}
