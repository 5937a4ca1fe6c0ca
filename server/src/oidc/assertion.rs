//! `private_key_jwt` (OpenID Connect Core §9, RFC 7523): the client proves itself at the token
//! endpoint with a JWT it signs. openidconnect 4.1 / oauth2 5.0 cannot make one, so it is built
//! here: header `{alg, typ, kid?}`, claims `{iss = sub = client_id, aud = token endpoint, jti,
//! iat, exp = iat + 60}`, base64url without padding, signed with ES256 (the 64-byte `r‖s`, not
//! DER) or RS256.

use super::config::KeyAlg;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::PrivateSigningKey;

/// `client_assertion_type` for a JWT assertion.
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is good for, in seconds.
const LIFETIME_SECS: u64 = 60;

/// A key to sign client assertions with, read at start.
pub enum SigningKey {
    /// ECDSA P-256.
    Es256(p256::ecdsa::SigningKey),
    /// RSA (PKCS#1 v1.5, SHA-256).
    Rs256(Box<CoreRsaPrivateSigningKey>),
}

impl SigningKey {
    /// Reads a PEM: PKCS#8 (`BEGIN PRIVATE KEY`) for ES256, PKCS#1 (`BEGIN RSA PRIVATE KEY`)
    /// for RS256.
    pub fn from_pem(pem: &str, alg: KeyAlg) -> Result<SigningKey, String> {
        match alg {
            KeyAlg::Es256 => {
                use p256::pkcs8::DecodePrivateKey;
                p256::ecdsa::SigningKey::from_pkcs8_pem(pem)
                    .map(SigningKey::Es256)
                    .map_err(|e| format!("not a PKCS#8 P-256 key: {e}"))
            }
            KeyAlg::Rs256 => CoreRsaPrivateSigningKey::from_pem(pem, None)
                .map(|k| SigningKey::Rs256(Box::new(k)))
                .map_err(|e| format!("not a PKCS#1 RSA key: {e}")),
        }
    }

    fn alg(&self) -> KeyAlg {
        match self {
            SigningKey::Es256(_) => KeyAlg::Es256,
            SigningKey::Rs256(_) => KeyAlg::Rs256,
        }
    }

    fn sign(&self, input: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            SigningKey::Es256(k) => {
                use p256::ecdsa::signature::Signer;
                let sig: p256::ecdsa::Signature = k.sign(input);
                Ok(sig.to_bytes().to_vec())
            }
            SigningKey::Rs256(k) => k
                .sign(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, input)
                .map_err(|e| e.to_string()),
        }
    }
}

/// What an assertion says.
pub struct Claims<'a> {
    /// The client id (`iss` and `sub`).
    pub client_id: &'a str,
    /// The token endpoint (`aud`).
    pub audience: &'a str,
    /// A random id, never used twice (`jti`).
    pub jti: &'a str,
    /// Now, in seconds since 1970 (`iat`; `exp` is 60 s later).
    pub now_secs: u64,
}

/// A signed client assertion (compact JWS).
pub fn assertion(key: &SigningKey, kid: Option<&str>, c: &Claims<'_>) -> Result<String, String> {
    let mut header = serde_json::json!({ "alg": key.alg().as_str(), "typ": "JWT" });
    if let Some(kid) = kid {
        header["kid"] = kid.into();
    }
    let claims = serde_json::json!({
        "iss": c.client_id,
        "sub": c.client_id,
        "aud": c.audience,
        "jti": c.jti,
        "iat": c.now_secs,
        "exp": c.now_secs + LIFETIME_SECS,
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let sig = key.sign(input.as_bytes())?;
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ES256: &str = include_str!("../../tests/fixtures/oidc/es256.pem");
    const RS256: &str = include_str!("../../tests/fixtures/oidc/rs256.pem");

    fn claims() -> Claims<'static> {
        Claims {
            client_id: "loket-jwt",
            audience: "http://localhost:4011/token",
            jti: "j-1",
            now_secs: 1_800_000_000,
        }
    }

    fn parts(jws: &str) -> (serde_json::Value, serde_json::Value, Vec<u8>, String) {
        let p: Vec<&str> = jws.split('.').collect();
        assert_eq!(p.len(), 3, "{jws}");
        let json = |s: &str| serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).unwrap()).unwrap();
        (
            json(p[0]),
            json(p[1]),
            URL_SAFE_NO_PAD.decode(p[2]).unwrap(),
            format!("{}.{}", p[0], p[1]),
        )
    }

    #[test]
    fn an_es256_assertion_carries_the_claims_and_a_raw_signature_that_verifies() {
        let key = SigningKey::from_pem(ES256, KeyAlg::Es256).unwrap();
        let jws = assertion(&key, Some("kid-1"), &claims()).unwrap();
        let (header, body, sig, input) = parts(&jws);
        assert_eq!(
            header,
            serde_json::json!({"alg": "ES256", "typ": "JWT", "kid": "kid-1"})
        );
        assert_eq!(body["iss"], "loket-jwt");
        assert_eq!(body["sub"], "loket-jwt");
        assert_eq!(body["aud"], "http://localhost:4011/token");
        assert_eq!(body["jti"], "j-1");
        assert_eq!(body["iat"], 1_800_000_000u64);
        assert_eq!(body["exp"], 1_800_000_060u64);
        assert_eq!(sig.len(), 64, "r‖s, not DER");
        use p256::ecdsa::signature::Verifier;
        let SigningKey::Es256(k) = &key else {
            unreachable!()
        };
        let sig = p256::ecdsa::Signature::from_slice(&sig).unwrap();
        assert!(k.verifying_key().verify(input.as_bytes(), &sig).is_ok());
        let mut other = input.into_bytes();
        other[0] ^= 1;
        assert!(
            k.verifying_key().verify(&other, &sig).is_err(),
            "the signature covers the input"
        );
    }

    #[test]
    fn an_rs256_assertion_verifies_with_the_public_key_and_has_no_kid_unless_given() {
        use openidconnect::JsonWebKey;
        let key = SigningKey::from_pem(RS256, KeyAlg::Rs256).unwrap();
        let jws = assertion(&key, None, &claims()).unwrap();
        let (header, _, sig, input) = parts(&jws);
        assert_eq!(header, serde_json::json!({"alg": "RS256", "typ": "JWT"}));
        let SigningKey::Rs256(k) = &key else {
            unreachable!()
        };
        let public = k.as_verification_key();
        let alg = CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256;
        assert!(public
            .verify_signature(&alg, input.as_bytes(), &sig)
            .is_ok());
        assert!(public.verify_signature(&alg, b"other", &sig).is_err());
    }

    #[test]
    fn a_key_of_the_wrong_kind_is_refused() {
        assert!(SigningKey::from_pem(RS256, KeyAlg::Es256).is_err());
        assert!(SigningKey::from_pem(ES256, KeyAlg::Rs256).is_err());
        assert!(SigningKey::from_pem("not a key", KeyAlg::Es256).is_err());
    }
}
