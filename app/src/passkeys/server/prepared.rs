//! Pre-issued sign-in challenges, carried by the client as server-signed tickets.
//!
//! Immediate mode must call `navigator.credentials.get()` straight from the click, so the challenge has to be in
//! the page before the click. Issuing one for every page view must not cost a database write (crawlers see these
//! pages too), so the ceremony state travels with the client instead:
//!
//! ```text
//!  page load:  prepare_sign_in  -> options + ticket = HMAC-SHA256(key, {id, binding, expiry, webauthn state})
//!                                  + cookie `sign_in_binding` (random, HttpOnly) if the browser has none
//!  click:      navigator.credentials.get(options)        (no request in between)
//!  finish:     finish_prepared_sign_in(ticket, credential)
//!              1. MAC valid?          (the state is the server's own, unmodified)
//!              2. not expired?        (5 minutes, enforced here)
//!              3. binding == cookie?  (bound to the browser that asked for it)
//!              4. INSERT id into redeemed_sign_in_tickets: fails if already there (single use)
//!              5. verify the assertion as any discoverable sign-in
//! ```
//!
//! Only step 4 writes, and only when someone actually signs in.

use super::super::PreparedSignIn;
use super::super::input::Refused;
use super::sign_in::{complete_sign_in, discoverable_challenge};
use crate::auth::CurrentUser;
use crate::cookies::{request_cookie, set_cookie};
use crate::error::AppError;
use crate::inspector::{Ceremony, Check, Checks};
use crate::outcomes::SignInVia;
use crate::request::RequestContext;
use crate::state::AppState;
use crate::store::expiry_seconds;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use tower_sessions::cookie::{Cookie, SameSite};
use uuid::Uuid;
use webauthn_rs::prelude::{DiscoverableAuthentication, PublicKeyCredential};

/// Name of the cookie that binds tickets to one browser; on https with the `__Host-` prefix (Secure, this host
/// only, every path), so a sibling subdomain cannot plant one.
fn binding_cookie_name(state: &AppState) -> &'static str {
    if state.secure_cookies { "__Host-sign_in_binding" } else { "sign_in_binding" }
}

/// What a ticket carries. Not secret (the challenge is in the page anyway), but signed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    /// SHA-256 of the browser's binding cookie, so the ticket alone cannot be replayed from another browser.
    pub binding: String,
    pub expires_at: i64,
    pub state: DiscoverableAuthentication,
}

/// How a binding cookie value is recorded in a ticket.
pub fn binding_digest(cookie_value: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(cookie_value.as_bytes()))
}

impl Ticket {
    pub fn expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at <= now.unix_timestamp()
    }
}

/// Issues a sign-in challenge ahead of time, for immediate mode and autofill. Writes nothing to the database:
/// the state goes to the client in a signed ticket (see the module documentation), bound to this browser by a
/// cookie.
pub async fn prepare_sign_in() -> Result<PreparedSignIn, AppError> {
    let cx = RequestContext::current().await?;
    let state = &cx.state;
    let (options, authentication) = discoverable_challenge(state)?;

    let binding = match binding_cookie(state) {
        Some(value) => value,
        None => {
            let value = Uuid::new_v4().simple().to_string();
            set_binding_cookie(state, &value);
            value
        }
    };
    let ttl = state.ceremony_ttl;
    let expires_at = state.clock.now() + ttl;
    let ticket = Ticket {
        id: Uuid::new_v4().simple().to_string(),
        binding: binding_digest(&binding),
        expires_at: expiry_seconds(expires_at),
        state: authentication,
    };
    Ok(PreparedSignIn {
        options,
        ticket: state.ticket_key.seal(&ticket)?,
        expires_in_ms: u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX),
    })
}

/// Finishes a sign-in whose challenge was issued by [`prepare_sign_in`], counted in the metrics under `via`.
pub async fn finish_prepared_sign_in(
    ticket: &str,
    credential: PublicKeyCredential,
    via: SignInVia,
) -> Result<CurrentUser, AppError> {
    let cx = RequestContext::current().await?;
    let result = redeem(&cx, ticket, credential).await;
    cx.state.metrics.sign_in(via, "passkey", &result);
    result
}

/// Steps 1 to 4 of the module documentation, then [`complete_sign_in`].
async fn redeem(cx: &RequestContext, ticket: &str, credential: PublicKeyCredential) -> Result<CurrentUser, AppError> {
    let state = &cx.state;
    let mut checks = Checks::new(Ceremony::PreparedSignIn);
    let ticket: Ticket = state.ticket_key.open(ticket).ok_or(Refused::TicketInvalid)?;
    checks.passed(Check::TicketMac);

    let now = state.clock.now();
    if ticket.expired(now) {
        return Err(AppError::CeremonyExpired);
    }
    checks.passed(Check::TicketNotExpired { seconds: state.ceremony_ttl.as_secs() });

    if binding_cookie(state).map(|value| binding_digest(&value)) != Some(ticket.binding.clone()) {
        return Err(AppError::CeremonyExpired);
    }
    checks.passed(Check::TicketBound);

    let expires_at = OffsetDateTime::from_unix_timestamp(ticket.expires_at).unwrap_or(now);
    let first_use = state
        .store
        .redeem_sign_in_ticket(&ticket.id, expires_at)
        .await
        .map_err(|e| AppError::unexpected("redeeming a sign-in ticket", e))?;
    if !first_use {
        return Err(AppError::CeremonyExpired);
    }
    checks.passed(Check::TicketUsedOnce);
    complete_sign_in(cx, &credential, ticket.state, checks).await
}

fn binding_cookie(state: &AppState) -> Option<String> {
    request_cookie(binding_cookie_name(state)).filter(|value| !value.is_empty() && value.len() <= 64)
}

fn set_binding_cookie(state: &AppState, value: &str) {
    set_cookie(
        &Cookie::build((binding_cookie_name(state), value.to_owned()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.secure_cookies)
            .build(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::TicketKey;

    fn ticket() -> Ticket {
        let url = url::Url::parse("http://localhost:3000").unwrap();
        let webauthn = webauthn_rs::WebauthnBuilder::new("localhost", &url).unwrap().build().unwrap();
        let (_, state) = webauthn.start_discoverable_authentication().unwrap();
        Ticket { id: "t1".into(), binding: binding_digest("cookie"), expires_at: 42, state }
    }

    #[test]
    fn a_sealed_ticket_opens_with_the_same_key() {
        let key = TicketKey::new(vec![7; 32]);
        let opened: Ticket = key.open(&key.seal(&ticket()).unwrap()).expect("opens");
        assert_eq!(opened.id, "t1");
        assert_eq!(opened.expires_at, 42);
    }

    #[test]
    fn a_ticket_does_not_open_with_another_key_or_after_any_change() {
        let key = TicketKey::new(vec![7; 32]);
        let sealed = key.seal(&ticket()).unwrap();
        assert!(TicketKey::new(vec![8; 32]).open::<Ticket>(&sealed).is_none(), "other key");

        let (payload, tag) = sealed.split_once('.').unwrap();
        let mut json: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        json["expires_at"] = serde_json::json!(i64::MAX);
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(json.to_string()));
        assert!(key.open::<Ticket>(&forged).is_none(), "modified payload");
        assert!(key.open::<Ticket>("garbage").is_none());
        assert!(key.open::<Ticket>(&format!("{payload}.")).is_none(), "missing tag");
    }
}
