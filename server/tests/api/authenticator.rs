//! A software passkey authenticator: P-256 keys, discoverable credentials, `none` attestation, user verification.
//! It plays the browser's part too (it writes `clientDataJSON` for a given origin), so tests can lie about the
//! origin or replay responses.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ciborium::Value;
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use webauthn_rs_proto::{
    AuthenticatorAssertionResponseRaw, AuthenticatorAttestationResponseRaw, CreationChallengeResponse, CredProps,
    PublicKeyCredential, RegisterPublicKeyCredential, RegistrationExtensionsClientOutputs, RequestChallengeResponse,
};

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

struct Credential {
    id: Vec<u8>,
    key: SigningKey,
    rp_id: String,
    user_handle: Vec<u8>,
    counter: u32,
}

pub(crate) struct SoftAuthenticator {
    origin: String,
    credentials: Vec<Credential>,
    /// What the next answers get wrong on purpose; all off for an honest authenticator.
    pub(crate) faults: Faults,
}

/// Ways to make the authenticator's (or the browser's) answers wrong, one field per hostile case.
#[derive(Default)]
pub(crate) struct Faults {
    /// Leave the user-present flag unset.
    pub(crate) no_user_presence: bool,
    /// Leave the user-verified flag unset.
    pub(crate) no_user_verification: bool,
    /// Client data that says the request came from a cross-origin iframe.
    pub(crate) cross_origin: bool,
    /// Sign for this RP ID's hash instead of the one asked for.
    pub(crate) rp_id_hash_of: Option<String>,
    /// Client data of this type instead of the right one (`webauthn.create` at sign-in, say).
    pub(crate) client_data_type: Option<&'static str>,
    /// The browser's `credProps` answer at registration.
    pub(crate) resident_key: Option<bool>,
    /// The AAGUID to report at registration (all zeros, "not saying", by default).
    pub(crate) aaguid: [u8; 16],
}

impl Faults {
    fn flags(&self) -> u8 {
        let mut flags = UP | UV;
        if self.no_user_presence {
            flags &= !UP;
        }
        if self.no_user_verification {
            flags &= !UV;
        }
        flags
    }

    fn rp_id_hash(&self, rp_id: &str) -> Vec<u8> {
        Sha256::digest(self.rp_id_hash_of.as_deref().unwrap_or(rp_id).as_bytes()).to_vec()
    }

    fn client_data(&self, kind: &'static str, challenge: &[u8], origin: &str) -> Vec<u8> {
        serde_json::json!({
            "type": self.client_data_type.unwrap_or(kind),
            "challenge": URL_SAFE_NO_PAD.encode(challenge),
            "origin": origin,
            "crossOrigin": self.cross_origin,
        })
        .to_string()
        .into_bytes()
    }
}

fn cbor(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).expect("CBOR encodes into a Vec");
    out
}

impl SoftAuthenticator {
    /// An authenticator used from pages at `origin`, e.g. `http://localhost:3000`.
    pub(crate) fn new(origin: &str) -> Self {
        Self { origin: origin.to_owned(), credentials: Vec::new(), faults: Faults::default() }
    }

    /// Winds every credential's signature counter back to `counter`, as a copy of the key made earlier would be.
    pub(crate) fn set_counter(&mut self, counter: u32) {
        for credential in &mut self.credentials {
            credential.counter = counter;
        }
    }

    /// The same keys, used from pages at another origin (a phishing site, say).
    pub(crate) fn set_origin(&mut self, origin: &str) {
        self.origin = origin.to_owned();
    }

    pub(crate) fn credential_count(&self) -> usize {
        self.credentials.len()
    }

    /// `navigator.credentials.create()`.
    pub(crate) fn create(&mut self, options: &CreationChallengeResponse) -> RegisterPublicKeyCredential {
        let options = &options.public_key;
        let rp_id = options.rp.id.clone();
        let mut id = vec![0u8; 32];
        OsRng.fill_bytes(&mut id);
        let key = SigningKey::random(&mut OsRng);
        let point = key.verifying_key().to_encoded_point(false);
        let cose_key = cbor(&Value::Map(vec![
            (1.into(), 2.into()),    // kty: EC2
            (3.into(), (-7).into()), // alg: ES256
            ((-1).into(), 1.into()), // crv: P-256
            ((-2).into(), Value::Bytes(point.x().expect("uncompressed point").to_vec())),
            ((-3).into(), Value::Bytes(point.y().expect("uncompressed point").to_vec())),
        ]));

        let mut auth_data = self.faults.rp_id_hash(&rp_id);
        auth_data.push(self.faults.flags() | AT);
        auth_data.extend_from_slice(&0u32.to_be_bytes());
        auth_data.extend_from_slice(&self.faults.aaguid);
        auth_data.extend_from_slice(&(id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&id);
        auth_data.extend_from_slice(&cose_key);
        let attestation_object = cbor(&Value::Map(vec![
            ("fmt".into(), "none".into()),
            ("attStmt".into(), Value::Map(vec![])),
            ("authData".into(), Value::Bytes(auth_data)),
        ]));

        let challenge: &[u8] = options.challenge.as_ref();
        let credential = RegisterPublicKeyCredential {
            id: URL_SAFE_NO_PAD.encode(&id),
            raw_id: id.clone(),
            response: AuthenticatorAttestationResponseRaw {
                attestation_object,
                client_data_json: self.faults.client_data("webauthn.create", challenge, &self.origin),
                transports: None,
            },
            type_: "public-key".into(),
            extensions: RegistrationExtensionsClientOutputs {
                cred_props: self.faults.resident_key.map(|rk| CredProps { rk: Some(rk) }),
                ..Default::default()
            },
        };
        let user_handle: &[u8] = options.user.id.as_ref();
        self.credentials.push(Credential { id, key, rp_id, user_handle: user_handle.to_vec(), counter: 0 });
        credential
    }

    /// `navigator.credentials.get()` with an empty allow list: answers with the first discoverable credential
    /// for the RP.
    pub(crate) fn get(&mut self, options: &RequestChallengeResponse) -> PublicKeyCredential {
        let options = &options.public_key;
        let credential = self
            .credentials
            .iter_mut()
            .find(|c| c.rp_id == options.rp_id)
            .expect("the authenticator holds a passkey for this RP");
        credential.counter += 1;

        let mut auth_data = self.faults.rp_id_hash(&credential.rp_id);
        auth_data.push(self.faults.flags());
        auth_data.extend_from_slice(&credential.counter.to_be_bytes());
        let challenge: &[u8] = options.challenge.as_ref();
        let client_data_json = self.faults.client_data("webauthn.get", challenge, &self.origin);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data_json));
        let signature: Signature = credential.key.sign(&signed);

        PublicKeyCredential {
            id: URL_SAFE_NO_PAD.encode(&credential.id),
            raw_id: credential.id.clone(),
            response: AuthenticatorAssertionResponseRaw {
                authenticator_data: auth_data,
                client_data_json,
                signature: signature.to_der().as_bytes().to_vec(),
                user_handle: Some(credential.user_handle.clone()),
            },
            extensions: Default::default(),
            type_: "public-key".into(),
        }
    }
}
