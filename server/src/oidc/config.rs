//! One OpenID provider's settings (`--oidc-provider`, repeatable; `LOKET_OIDC_PROVIDERS`,
//! entries separated by `;`): comma-separated `key=value` pairs.
//!
//! ```text
//! id=inapas,name=INApas,issuer=https://…,client-id=loket,key-file=/etc/loket/inapas.pem,
//!   key-alg=ES256,key-id=…,scopes=openid profile,staff-agencies=dukcapil polri
//! ```
//!
//! `id` (lower-case letters, digits, `-`) names the provider in its addresses
//! (`/auth/oidc/<id>`, callback `/auth/oidc/<id>/callback`) and in the `identities` table, so it
//! must not change once people have signed in. The client authenticates with `secret-file`
//! (`client_secret_basic`) or `key-file` (`private_key_jwt`, a PEM: PKCS#8 for ES256, PKCS#1
//! for RS256): secrets by file, never on the command line, which `ps` shows. `issuer` is
//! compared with the provider's discovery as an exact string (no trailing slash added).
//! Printed at start without secrets (`Display`).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// How the client proves itself at the token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_basic`, the secret read from this file.
    SecretFile(PathBuf),
    /// `private_key_jwt`: an assertion signed with the key in this PEM file.
    KeyFile {
        /// The PEM file.
        path: PathBuf,
        /// `ES256` or `RS256`.
        alg: KeyAlg,
        /// The `kid` the provider knows the key by, if it wants one.
        kid: Option<String>,
    },
}

/// A signing algorithm Loket can make a client assertion with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlg {
    /// ECDSA P-256 with SHA-256 (a PKCS#8 PEM).
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (a PKCS#1 PEM).
    Rs256,
}

impl KeyAlg {
    /// The JOSE name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAlg::Es256 => "ES256",
            KeyAlg::Rs256 => "RS256",
        }
    }
}

/// One provider as configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSpec {
    /// Its id in addresses and the database.
    pub id: String,
    /// Its name as shown ("Masuk dengan <name>").
    pub name: String,
    /// The issuer URL, exactly as its discovery says it.
    pub issuer: String,
    /// The client id registered there.
    pub client_id: String,
    /// How the client authenticates.
    pub auth: ClientAuth,
    /// The scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// Agencies whose staff must sign in with this provider once linked.
    pub staff_agencies: Vec<String>,
}

/// The longest provider id.
const MAX_ID: usize = 32;

impl FromStr for ProviderSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<ProviderSpec, String> {
        let mut pairs = std::collections::BTreeMap::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not key=value"))?;
            let (k, v) = (k.trim(), v.trim());
            if pairs.insert(k, v).is_some() {
                return Err(format!("`{k}` given twice"));
            }
        }
        let mut take = |k: &str| pairs.remove(k).filter(|v| !v.is_empty());
        let need =
            |v: Option<&str>, k: &str| v.map(str::to_string).ok_or(format!("`{k}=` is missing"));
        let id = need(take("id"), "id")?;
        let valid_id = id.len() <= MAX_ID
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.starts_with('-');
        if !valid_id {
            return Err(format!(
                "id `{id}`: lower-case letters, digits and `-`, at most {MAX_ID}"
            ));
        }
        let name = take("name").map_or_else(|| id.clone(), str::to_string);
        let issuer = need(take("issuer"), "issuer")?;
        if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
            return Err(format!("issuer `{issuer}` is not an http(s) URL"));
        }
        let client_id = need(take("client-id"), "client-id")?;
        let (secret, key) = (take("secret-file"), take("key-file"));
        let (alg, kid) = (take("key-alg"), take("key-id"));
        let auth = match (secret, key) {
            (Some(s), None) => {
                if alg.is_some() || kid.is_some() {
                    return Err("`key-alg`/`key-id` go with `key-file`, not `secret-file`".into());
                }
                ClientAuth::SecretFile(PathBuf::from(s))
            }
            (None, Some(k)) => ClientAuth::KeyFile {
                path: PathBuf::from(k),
                alg: match alg.unwrap_or("ES256") {
                    "ES256" => KeyAlg::Es256,
                    "RS256" => KeyAlg::Rs256,
                    other => return Err(format!("key-alg `{other}`: ES256 or RS256")),
                },
                kid: kid.map(str::to_string),
            },
            (Some(_), Some(_)) => return Err("give `secret-file` or `key-file`, not both".into()),
            (None, None) => return Err("`secret-file=` or `key-file=` is missing".into()),
        };
        let words = |v: Option<&str>| -> Vec<String> {
            v.unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect()
        };
        let scopes = words(take("scopes"))
            .into_iter()
            .filter(|s| s != "openid")
            .collect();
        let staff_agencies = words(take("staff-agencies"));
        if let Some(k) = pairs.keys().next() {
            return Err(format!("unknown setting `{k}`"));
        }
        Ok(ProviderSpec {
            id,
            name,
            issuer,
            client_id,
            auth,
            scopes,
            staff_agencies,
        })
    }
}

impl fmt::Display for ProviderSpec {
    /// Everything but secrets (file paths are shown, never what they hold).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "id={} name={:?} issuer={} client-id={} ",
            self.id, self.name, self.issuer, self.client_id
        )?;
        match &self.auth {
            ClientAuth::SecretFile(p) => {
                write!(f, "client_secret_basic secret-file={}", p.display())?
            }
            ClientAuth::KeyFile { path, alg, kid } => write!(
                f,
                "private_key_jwt key-file={} key-alg={} key-id={}",
                path.display(),
                alg.as_str(),
                kid.as_deref().unwrap_or("-")
            )?,
        }
        write!(
            f,
            " scopes=openid {} staff-agencies={}",
            self.scopes.join(" "),
            self.staff_agencies.join(" ")
        )
    }
}

/// Checks a list of providers together: ids are unique.
pub fn check_all(specs: &[ProviderSpec]) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for s in specs {
        if !seen.insert(s.id.as_str()) {
            return Err(format!("OIDC provider id `{}` given twice", s.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_provider_reads_with_defaults() {
        let p: ProviderSpec =
            "id=uji, issuer=http://localhost:4011, client-id=loket, secret-file=/run/s"
                .parse()
                .unwrap();
        assert_eq!(p.name, "uji");
        assert_eq!(
            p.issuer, "http://localhost:4011",
            "never given a trailing slash"
        );
        assert_eq!(p.auth, ClientAuth::SecretFile("/run/s".into()));
        assert!(p.scopes.is_empty() && p.staff_agencies.is_empty());
    }

    #[test]
    fn a_key_provider_reads_its_algorithm_kid_scopes_and_agencies() {
        let p: ProviderSpec = "id=inapas,name=INApas,issuer=https://op.example,client-id=c,key-file=/k.pem,key-alg=RS256,key-id=abc,scopes=openid profile email,staff-agencies=dukcapil polri"
            .parse()
            .unwrap();
        assert_eq!(
            p.auth,
            ClientAuth::KeyFile {
                path: "/k.pem".into(),
                alg: KeyAlg::Rs256,
                kid: Some("abc".into())
            }
        );
        assert_eq!(p.scopes, ["profile", "email"]);
        assert_eq!(p.staff_agencies, ["dukcapil", "polri"]);
        let es: ProviderSpec = "id=a,issuer=https://x,client-id=c,key-file=/k"
            .parse()
            .unwrap();
        assert!(matches!(
            es.auth,
            ClientAuth::KeyFile {
                alg: KeyAlg::Es256,
                kid: None,
                ..
            }
        ));
    }

    #[test]
    fn bad_settings_are_refused_with_the_reason() {
        let cases = [
            (
                "issuer=https://x,client-id=c,secret-file=/s",
                "`id=` is missing",
            ),
            (
                "id=A b,issuer=https://x,client-id=c,secret-file=/s",
                "lower-case",
            ),
            (
                "id=a,issuer=ftp://x,client-id=c,secret-file=/s",
                "not an http(s) URL",
            ),
            (
                "id=a,issuer=https://x,secret-file=/s",
                "`client-id=` is missing",
            ),
            ("id=a,issuer=https://x,client-id=c", "is missing"),
            (
                "id=a,issuer=https://x,client-id=c,secret-file=/s,key-file=/k",
                "not both",
            ),
            (
                "id=a,issuer=https://x,client-id=c,key-file=/k,key-alg=ES512",
                "ES256 or RS256",
            ),
            (
                "id=a,issuer=https://x,client-id=c,secret-file=/s,key-id=k",
                "go with `key-file`",
            ),
            (
                "id=a,issuer=https://x,client-id=c,secret-file=/s,secret=x",
                "unknown setting `secret`",
            ),
            (
                "id=a,id=b,issuer=https://x,client-id=c,secret-file=/s",
                "given twice",
            ),
            ("id=a,issuer", "not key=value"),
        ];
        for (spec, why) in cases {
            let e = spec.parse::<ProviderSpec>().unwrap_err();
            assert!(e.contains(why), "{spec}: {e}");
        }
    }

    #[test]
    fn printing_shows_no_secret_and_ids_must_be_unique() {
        let p: ProviderSpec =
            "id=uji,issuer=http://localhost:4011,client-id=loket,secret-file=/run/s"
                .parse()
                .unwrap();
        let shown = p.to_string();
        assert!(shown.contains("secret-file=/run/s") && shown.contains("client_secret_basic"));
        assert!(check_all(std::slice::from_ref(&p)).is_ok());
        assert!(check_all(&[p.clone(), p]).unwrap_err().contains("twice"));
    }
}
