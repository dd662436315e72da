//! Reads what a browser's WebAuthn answer says, for the ceremony inspector: the authenticator data (its fixed layout: RP ID hash, flags, signature counter, then the attested credential at registration),
//! and the CBOR inside it (the attestation object, the COSE public key), parsed by `ciborium`.
//!
//! The server never trusts this: webauthn-rs verifies the same bytes on its side. This only shows them.

use crate::i18n::translate::fill;
use crate::i18n::{Locale, td_string};
use ciborium::Value;
use sha2::{Digest, Sha256};

/// Why the bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the authenticator data is shorter than its fields ({0} bytes)")]
    TooShort(usize),
    #[error("the CBOR could not be read: {0}")]
    Cbor(String),
    #[error("the attestation object has no authData")]
    NoAuthData,
}

impl DecodeError {
    /// The message to show the user, in `locale` (`Display` is the English one).
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::TooShort(length) => fill(td_string!(locale, inspector.data.too_short), &[("length", length)]),
            Self::Cbor(error) => fill(td_string!(locale, inspector.data.bad_cbor), &[("error", error)]),
            Self::NoAuthData => td_string!(locale, inspector.data.no_auth_data).to_owned(),
        }
    }
}

/// The flags byte of the authenticator data (WebAuthn §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags(pub u8);

impl Flags {
    /// User present: someone touched or confirmed.
    pub fn user_present(self) -> bool {
        self.0 & 0x01 != 0
    }
    /// User verified: by biometrics, PIN or the device's screen lock.
    pub fn user_verified(self) -> bool {
        self.0 & 0x04 != 0
    }
    /// Backup eligible: the passkey can be synced.
    pub fn backup_eligible(self) -> bool {
        self.0 & 0x08 != 0
    }
    /// Backed up: it is synced now.
    pub fn backed_up(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Attested credential data follows (registration).
    pub fn attested_data(self) -> bool {
        self.0 & 0x40 != 0
    }
    /// Extension data follows.
    pub fn extension_data(self) -> bool {
        self.0 & 0x80 != 0
    }

    /// Every flag by its short name, with whether it is set: UP, UV, BE, BS, AT, ED.
    pub fn named(self) -> [(&'static str, bool); 6] {
        [
            ("UP", self.user_present()),
            ("UV", self.user_verified()),
            ("BE", self.backup_eligible()),
            ("BS", self.backed_up()),
            ("AT", self.attested_data()),
            ("ED", self.extension_data()),
        ]
    }
}

/// The new credential, in a registration's authenticator data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestedCredential {
    /// The authenticator model's id, as a UUID (all zeros when it does not say).
    pub aaguid: String,
    pub credential_id: Vec<u8>,
    /// The COSE algorithm of the public key (`3` in the key's map): -7 is ES256.
    pub algorithm: Option<i64>,
}

/// An authenticator data structure, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorData {
    pub rp_id_hash: [u8; 32],
    pub flags: Flags,
    pub sign_count: u32,
    pub attested: Option<AttestedCredential>,
}

impl AuthenticatorData {
    /// Decodes `bytes`: 32 bytes of RP ID hash, a flags byte, a 4-byte big-endian counter, then (flag AT) the
    /// AAGUID, a 2-byte credential id length, the id and the public key in COSE (CBOR).
    pub fn parse(bytes: &[u8]) -> Result<Self, DecodeError> {
        let short = || DecodeError::TooShort(bytes.len());
        let rp_id_hash: [u8; 32] = bytes.get(..32).and_then(|b| b.try_into().ok()).ok_or_else(short)?;
        let flags = Flags(*bytes.get(32).ok_or_else(short)?);
        let sign_count = u32::from_be_bytes(bytes.get(33..37).and_then(|b| b.try_into().ok()).ok_or_else(short)?);
        let attested = if flags.attested_data() {
            let aaguid = bytes.get(37..53).ok_or_else(short)?;
            let length = bytes.get(53..55).ok_or_else(short)?;
            let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
            let credential_id = bytes.get(55..55 + length).ok_or_else(short)?.to_vec();
            let key: Value =
                ciborium::from_reader(&bytes[55 + length..]).map_err(|e| DecodeError::Cbor(e.to_string()))?;
            Some(AttestedCredential { aaguid: uuid_text(aaguid), credential_id, algorithm: int_entry(&key, 3) })
        } else {
            None
        };
        Ok(Self { rp_id_hash, flags, sign_count, attested })
    }

    /// Whether the RP ID hash is SHA-256 of `rp_id`: the passkey is this site's.
    pub fn is_for(&self, rp_id: &str) -> bool {
        Sha256::digest(rp_id.as_bytes())[..] == self.rp_id_hash[..]
    }
}

/// A registration's attestation object (CBOR): its format and its authenticator data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestationObject {
    /// `none` unless the site asked for attestation (this one does not).
    pub format: String,
    pub auth_data: Vec<u8>,
}

impl AttestationObject {
    pub fn parse(bytes: &[u8]) -> Result<Self, DecodeError> {
        let value: Value = ciborium::from_reader(bytes).map_err(|e| DecodeError::Cbor(e.to_string()))?;
        let entry = |name: &str| {
            value.as_map()?.iter().find(|(key, _)| key.as_text() == Some(name)).map(|(_, value)| value.clone())
        };
        let format = entry("fmt").and_then(|v| v.as_text().map(str::to_owned)).unwrap_or_default();
        let auth_data = entry("authData").and_then(|v| v.as_bytes().cloned()).ok_or(DecodeError::NoAuthData)?;
        Ok(Self { format, auth_data })
    }
}

/// The name of a COSE algorithm (IANA's registry), for the ones passkeys use; `None` for another one.
pub fn algorithm_name(algorithm: i64) -> Option<&'static str> {
    match algorithm {
        -7 => Some("ES256 (ECDSA P-256, SHA-256)"),
        -8 => Some("EdDSA (Ed25519)"),
        -35 => Some("ES384 (ECDSA P-384, SHA-384)"),
        -257 => Some("RS256 (RSASSA-PKCS1-v1_5, SHA-256)"),
        _ => None,
    }
}

/// Lower-case hex, for hashes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 16 bytes as a hyphenated UUID.
fn uuid_text(bytes: &[u8]) -> String {
    let hex = hex(bytes);
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The integer under integer key `key` of a CBOR map.
fn int_entry(map: &Value, key: i64) -> Option<i64> {
    map.as_map()?
        .iter()
        .find(|(k, _)| k.as_integer().and_then(|k| i64::try_from(k).ok()) == Some(key))
        .and_then(|(_, v)| v.as_integer())
        .and_then(|v| i64::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Authenticator data as an authenticator makes it: for `rp_id`, with `flags`, `count` and, if given, an
    /// attested ES256 credential.
    fn auth_data(rp_id: &str, flags: u8, count: u32, attested: Option<(&[u8; 16], &[u8])>) -> Vec<u8> {
        let mut bytes = Sha256::digest(rp_id.as_bytes()).to_vec();
        bytes.push(flags);
        bytes.extend(count.to_be_bytes());
        if let Some((aaguid, id)) = attested {
            bytes.extend(aaguid);
            bytes.extend(u16::try_from(id.len()).unwrap().to_be_bytes());
            bytes.extend(id);
            let key = Value::Map(vec![
                (Value::from(1), Value::from(2)),
                (Value::from(3), Value::from(-7)),
                (Value::from(-1), Value::from(1)),
                (Value::from(-2), Value::Bytes(vec![1; 32])),
                (Value::from(-3), Value::Bytes(vec![2; 32])),
            ]);
            ciborium::into_writer(&key, &mut bytes).unwrap();
        }
        bytes
    }

    #[test]
    fn an_assertions_authenticator_data_gives_its_flags_counter_and_site() {
        let data = AuthenticatorData::parse(&auth_data("localhost", 0x1d, 7, None)).unwrap();
        assert!(data.is_for("localhost"));
        assert!(!data.is_for("example.com"));
        assert_eq!(data.sign_count, 7);
        let set: Vec<_> = data.flags.named().into_iter().filter(|(_, on)| *on).map(|(name, _)| name).collect();
        assert_eq!(set, ["UP", "UV", "BE", "BS"]);
        assert_eq!(data.attested, None);
    }

    #[test]
    fn a_registrations_attestation_object_gives_the_aaguid_credential_id_and_algorithm() {
        let aaguid = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8];
        let inner = auth_data("localhost", 0x45, 0, Some((&aaguid, b"credential")));
        let object = Value::Map(vec![
            (Value::from("fmt"), Value::from("none")),
            (Value::from("attStmt"), Value::Map(vec![])),
            (Value::from("authData"), Value::Bytes(inner)),
        ]);
        let mut bytes = Vec::new();
        ciborium::into_writer(&object, &mut bytes).unwrap();

        let object = AttestationObject::parse(&bytes).unwrap();
        assert_eq!(object.format, "none");
        let data = AuthenticatorData::parse(&object.auth_data).unwrap();
        let attested = data.attested.unwrap();
        assert_eq!(attested.aaguid, "01020304-0506-0708-0102-030405060708");
        assert_eq!(attested.credential_id, b"credential");
        assert_eq!(attested.algorithm, Some(-7));
        assert_eq!(algorithm_name(-7), Some("ES256 (ECDSA P-256, SHA-256)"));
        assert_eq!(algorithm_name(-1), None);
    }

    #[test]
    fn truncated_or_garbled_bytes_are_reported_not_panicked_on() {
        assert_eq!(AuthenticatorData::parse(&[0; 36]), Err(DecodeError::TooShort(36)));
        let mut cut = auth_data("localhost", 0x45, 0, Some((&[0; 16], b"id")));
        cut.truncate(56);
        assert!(AuthenticatorData::parse(&cut).is_err());
        let mut long_id = auth_data("localhost", 0x41, 0, None);
        long_id.extend([0; 16]);
        long_id.extend([0xff, 0xff]);
        assert_eq!(AuthenticatorData::parse(&long_id), Err(DecodeError::TooShort(55)));
        assert!(AttestationObject::parse(b"not cbor").is_err());
    }

    #[test]
    fn a_decode_error_reads_the_same_in_english_as_its_display() {
        for error in [DecodeError::TooShort(36), DecodeError::Cbor("EOF".into()), DecodeError::NoAuthData] {
            assert_eq!(error.message(Locale::en), error.to_string());
            assert_ne!(error.message(Locale::he), error.to_string());
        }
    }
}
