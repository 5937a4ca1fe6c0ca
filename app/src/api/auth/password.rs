//! Passwords: argon2id hashes, made and checked off the async threads a few at a time, and the
//! random bytes salts, tokens and ids are made of.

use crate::error::AppError;
use std::sync::OnceLock;

/// `N` random bytes from the operating system.
pub(super) fn random<const N: usize>() -> Result<[u8; N], AppError> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| AppError::internal("random bytes", e))?;
    Ok(b)
}

/// At most this many hashes at once: each takes about 19 MiB and a core for a moment.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Runs password work off the async threads, a few at a time.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| AppError::internal("password hashing", e))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::internal("password hashing", e))
}

fn hash_now(password: &[u8], salt: [u8; 16]) -> Result<String, String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(password, &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// An argon2id hash of `password` (default parameters, a random salt) as a PHC string.
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let (password, salt) = (password.as_bytes().to_vec(), random::<16>()?);
    hashing(move || hash_now(&password, salt))
        .await?
        .map_err(|e| AppError::internal("password hashing", e))
}

/// A hash of a random password, checked against when a login has no account, so that a
/// wrong login takes as long as a wrong password.
static DECOY: OnceLock<Result<String, String>> = OnceLock::new();

/// True when `password` matches the PHC string `phc` (`None`: check against a decoy and
/// say no, taking the same time).
pub(super) async fn verify_password(password: &str, phc: Option<String>) -> Result<bool, AppError> {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let password = password.as_bytes().to_vec();
    let decoy_salt = random::<16>()?;
    let decoy_password = random::<16>()?;
    hashing(move || {
        let real = phc.is_some();
        let phc = match phc {
            Some(p) => p,
            None => DECOY
                .get_or_init(|| hash_now(&decoy_password, decoy_salt))
                .clone()?,
        };
        let parsed = PasswordHash::new(&phc).map_err(|e| e.to_string())?;
        Ok::<bool, String>(
            argon2::Argon2::default()
                .verify_password(&password, &parsed)
                .is_ok()
                && real,
        )
    })
    .await?
    .map_err(|e| AppError::internal("password check", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_to_argon2id_and_verify() {
        let h = hash_password("kopi tubruk pagi").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(verify_password("kopi tubruk pagi", Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify_password("kopi tubruk sore", Some(h)).await.unwrap());
        assert!(
            !verify_password("kopi tubruk pagi", None).await.unwrap(),
            "the decoy never matches"
        );
    }
}
