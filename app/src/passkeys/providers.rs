//! Who made a passkey: its provider's name and icons, from the AAGUID its authenticator reported at registration,
//! looked up in the community list of passkey provider AAGUIDs (vendored in `app/data/`, with its licence; the
//! icons are static files under `/provider-icons/`; `scripts/vendor-passkey-providers.py` refreshes both).

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;
use uuid::Uuid;
use webauthn_rs::prelude::RegisterPublicKeyCredential;

/// A provider as the list describes it; each icon is a file name under `/provider-icons/`.
#[derive(Debug, Deserialize)]
pub(crate) struct Provider {
    pub(crate) name: String,
    icon_light: String,
    icon_dark: String,
}

impl Provider {
    pub(crate) fn icon_light(&self) -> String {
        format!("/provider-icons/{}", self.icon_light)
    }

    pub(crate) fn icon_dark(&self) -> String {
        format!("/provider-icons/{}", self.icon_dark)
    }
}

static PROVIDERS: LazyLock<HashMap<Uuid, Provider>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../data/passkey-providers.json")).unwrap_or_else(|error| {
        tracing::error!(%error, "the vendored list of passkey providers does not parse");
        HashMap::new()
    })
});

/// The provider that `aaguid` stands for, if the list knows it.
pub(crate) fn provider(aaguid: Uuid) -> Option<&'static Provider> {
    PROVIDERS.get(&aaguid)
}

/// The AAGUID in a registration's authenticator data, parsed by webauthn-rs-core; `None` if it is all zeros
/// (the authenticator does not say what it is) or the attestation object does not hold one. Only read once
/// webauthn-rs has verified the registration, and only used to label the passkey.
pub(crate) fn aaguid_of(credential: &RegisterPublicKeyCredential) -> Option<Uuid> {
    use webauthn_rs_core::internals::AuthenticatorData;
    use webauthn_rs_core::proto::Registration;
    let object: ciborium::Value = ciborium::from_reader(credential.response.attestation_object.as_slice()).ok()?;
    let auth_data = object
        .as_map()?
        .iter()
        .find(|(key, _)| key.as_text() == Some("authData"))
        .and_then(|(_, value)| value.as_bytes())?;
    let aaguid = AuthenticatorData::<Registration>::try_from(auth_data.as_slice()).ok()?.acd?.aaguid;
    Some(Uuid::from_bytes(aaguid)).filter(|aaguid| !aaguid.is_nil())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_list_names_well_known_providers_and_has_their_icons() {
        let google = provider(Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").expect("a UUID"));
        assert_eq!(google.map(|p| p.name.as_str()), Some("Google Password Manager"));
        assert!(PROVIDERS.len() > 300, "the whole list: {}", PROVIDERS.len());
        let icons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/provider-icons");
        for provider in PROVIDERS.values() {
            for icon in [&provider.icon_light, &provider.icon_dark] {
                assert!(icons.join(icon).is_file(), "{} has its icon {icon}", provider.name);
            }
        }
    }

    #[test]
    fn an_unknown_or_zero_aaguid_names_no_provider() {
        assert!(provider(Uuid::nil()).is_none());
        assert!(provider(Uuid::parse_str("01020304-0506-0708-0102-030405060708").expect("a UUID")).is_none());
    }
}
