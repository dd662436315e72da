//! The browser's WebAuthn API (`navigator.credentials`), for the hydrated client. The only module that calls it.
//!
//! webauthn-rs-proto converts the server's options to the browser's types and the browser's credentials back.

#[path = "error.rs"]
mod error;

pub use error::CeremonyError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

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
        match value.dyn_ref::<web_sys::DomException>() {
            Some(e) => match e.name().as_str() {
                "NotAllowedError" => Self::NotAllowed,
                "InvalidStateError" => Self::AlreadyRegistered,
                "AbortError" => Self::Aborted,
                name => Self::Other(format!("{name}: {}", e.message())),
            },
            None => Self::Other(format!("{value:?}")),
        }
    }
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<web_sys::PublicKeyCredential, CeremonyError> {
    let credential = JsFuture::from(promise.map_err(CeremonyError::from_js)?).await.map_err(CeremonyError::from_js)?;
    credential
        .dyn_into::<web_sys::PublicKeyCredential>()
        .map_err(|_| CeremonyError::Other("the browser returned no passkey".into()))
}

/// `navigator.credentials.create()`: makes a passkey.
pub async fn create(options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, CeremonyError> {
    let options = web_sys::CredentialCreationOptions::from(options);
    let credential = settle(credentials()?.create_with_options(&options)).await?;
    Ok(credential.into())
}

/// `navigator.credentials.get()`, modal: the browser shows its passkey dialog.
pub async fn get(options: RequestChallengeResponse) -> Result<PublicKeyCredential, CeremonyError> {
    let options = web_sys::CredentialRequestOptions::from(options);
    let credential = settle(credentials()?.get_with_options(&options)).await?;
    Ok(credential.into())
}
