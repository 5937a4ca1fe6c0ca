//! The server's keyed derivations: a request's PIN and its device token are HMACs of its id
//! under a secret that is kept OUTSIDE the database (the server's `secrets` module reads it
//! from its own file), so a copy of the database alone unlocks no request.
//!
//! Several secrets may be in force: the first derives everything new; the others (older ones,
//! after a rotation) are still accepted for device tokens, and still give back the PIN of a
//! request made under them.

/// The secrets in force, newest first. Provided to server functions in context (as
/// `Arc<Secrets>`).
#[derive(Clone)]
pub struct Secrets {
    keys: Vec<[u8; 32]>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a secret, not even in a debug log.
        write!(f, "Secrets({} in force)", self.keys.len())
    }
}

impl Secrets {
    /// Secrets from `keys`, newest first; `None` when there is none.
    pub fn new(keys: Vec<[u8; 32]>) -> Option<Secrets> {
        (!keys.is_empty()).then_some(Secrets { keys })
    }

    /// The secret that derives PINs and tokens for new requests.
    fn current(&self) -> &[u8; 32] {
        &self.keys[0]
    }

    /// The PIN of request `id` under the current secret.
    pub fn pin(&self, id: &str) -> String {
        pin_for(self.current(), id)
    }

    /// The PINs request `id` may have, newest secret first (a request made before a rotation
    /// has the PIN of an older secret).
    pub fn pins(&self, id: &str) -> impl Iterator<Item = String> + '_ {
        let id = id.to_string();
        self.keys.iter().map(move |k| pin_for(k, &id))
    }

    /// The device token of request `id` under the current secret.
    pub fn token(&self, id: &str) -> String {
        token_for(self.current(), id)
    }

    /// True when `token` is the device token of request `id` under any secret in force
    /// (compared in constant time).
    pub fn token_matches(&self, id: &str, token: &str) -> bool {
        self.keys
            .iter()
            .fold(false, |found, k| found | same(&token_for(k, id), token))
    }
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// HMAC-SHA256 (RFC 2104).
fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// A request's PIN: six digits derived from a secret, so every receipt for the same request
/// carries the same PIN without the PIN being stored.
fn pin_for(secret: &[u8], id: &str) -> String {
    let h = hmac(secret, format!("pin:{id}").as_bytes());
    let n = u64::from_be_bytes(h[..8].try_into().unwrap_or([0; 8])) % 1_000_000;
    format!("{n:06}")
}

/// A request's device token (32 hex digits), derived like the PIN.
fn token_for(secret: &[u8], id: &str) -> String {
    hmac(secret, format!("token:{id}").as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn old_secrets_still_open_their_requests_and_new_ones_derive() {
        let (old, new) = ([1u8; 32], [2u8; 32]);
        let before = Secrets::new(vec![old]).unwrap();
        let after = Secrets::new(vec![new, old]).unwrap();
        let token = before.token("r1");
        assert!(
            after.token_matches("r1", &token),
            "a token from before the rotation still works"
        );
        assert_ne!(
            after.token("r1"),
            token,
            "new tokens come from the new secret"
        );
        assert!(after.pins("r1").any(|p| p == before.pin("r1")));
        assert!(
            !Secrets::new(vec![new]).unwrap().token_matches("r1", &token),
            "a retired secret opens nothing"
        );
        assert!(Secrets::new(Vec::new()).is_none());
        assert_eq!(format!("{after:?}"), "Secrets(2 in force)");
    }
}
