//! The server's keyed derivations: a request's PIN and its device token are HMACs of its id
//! under a secret that is kept OUTSIDE the database (the server's `secrets` module reads it
//! from its own file), so a copy of the database alone unlocks no request.
//!
//! Several secrets may be in force: the first derives everything new; the others (older ones,
//! after a rotation) are still accepted for device tokens, and still give back the PIN of a
//! request made under them. A request keeps the *id* of the secret that made it (a digest of
//! the secret, which reveals nothing of it), so its PIN is checked by deriving it again: no
//! hash of a PIN is stored, and a copy of the database gives no PIN even to a patient guesser.

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

    /// The id of the secret that derives for new requests (stored with each request).
    pub fn current_id(&self) -> String {
        key_id(self.current())
    }

    /// The ids of the secrets in force, newest first.
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.keys.iter().map(|k| key_id(k.as_slice()))
    }

    /// The PIN of request `id` under the secret whose id is `key`; `None` when that secret is
    /// no longer in force.
    pub fn pin_under(&self, key: &str, id: &str) -> Option<String> {
        self.keys
            .iter()
            .find(|k| key_id(k.as_slice()) == key)
            .map(|k| pin_for(k, id))
    }

    /// True when `pin` is request `id`'s PIN under the secret whose id is `key` (compared in
    /// constant time; a retired secret opens nothing).
    pub fn pin_matches(&self, key: &str, id: &str, pin: &str) -> bool {
        self.pin_under(key, id).is_some_and(|p| same(&p, pin))
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

/// A secret's id: 16 hex digits of an HMAC under it, stored with each request to say which
/// secret made its PIN.
fn key_id(secret: &[u8]) -> String {
    hmac(secret, b"loket-key-id")[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
        // Each request keeps the id of the secret that made it: its PIN is derived again.
        let made_under = before.current_id();
        assert_eq!(made_under.len(), 16);
        assert_ne!(made_under, after.current_id());
        assert_eq!(after.ids().nth(1), Some(made_under.clone()));
        assert_eq!(after.pin_under(&made_under, "r1"), Some(before.pin("r1")));
        assert!(after.pin_matches(&made_under, "r1", &before.pin("r1")));
        assert!(
            !after.pin_matches(&made_under, "r1", &after.pin("r1"))
                || before.pin("r1") == after.pin("r1")
        );
        assert!(
            !Secrets::new(vec![new])
                .unwrap()
                .pin_matches(&made_under, "r1", &before.pin("r1")),
            "a retired secret opens nothing"
        );
        assert_eq!(format!("{after:?}"), "Secrets(2 in force)");
    }
}
