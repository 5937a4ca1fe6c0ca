//! The OpenID Connect exchanges with one provider, through the `openidconnect` crate:
//! discovery (with the JWKS), the authorization URL (code flow, PKCE S256, nonce, state), the
//! code exchange (`client_secret_basic`, or `private_key_jwt` with an assertion made in
//! [`super::assertion`]) and the id_token's checks (signature from the JWKS with an algorithm
//! the discovery lists, `iss` exactly, `aud` holding this client and no one untrusted, `exp`,
//! `nonce`).
//!
//! Discovery runs at every step (two requests to the provider): a provider's key that changed
//! (the test provider makes a new one at every start) is then always known. A provider whose
//! discovery says it names itself in the authorization response (RFC 9207,
//! `authorization_response_iss_parameter_supported`) must do so: a callback without `iss` is
//! then refused (the caller checks an `iss` that is given).

use super::assertion::{self, SigningKey, ASSERTION_TYPE};
use super::config::{ClientAuth, ProviderSpec};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient,
    CoreClientAuthMethod, CoreGrantType, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, ProviderMetadata, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What Loket reads of a provider's discovery beyond the core fields: RFC 9207's flag.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct Rfc9207 {
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}
impl AdditionalProviderMetadata for Rfc9207 {}

/// A provider's discovery document.
type Metadata = ProviderMetadata<
    Rfc9207,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The client once discovery set its endpoints.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The HTTP client to providers: no redirects followed (a provider's answer is never
/// forwarded elsewhere), a deadline.
pub type Http = openidconnect::reqwest::Client;

/// Makes the HTTP client to providers.
pub fn http() -> anyhow::Result<Http> {
    Ok(openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()?)
}

/// How the client proves itself, read from its file at start.
enum Credential {
    /// `client_secret_basic`.
    Secret(ClientSecret),
    /// `private_key_jwt`.
    Key {
        key: SigningKey,
        kid: Option<String>,
    },
}

/// One provider, ready to use.
pub struct Provider {
    /// Its settings.
    pub spec: ProviderSpec,
    issuer: IssuerUrl,
    redirect: RedirectUrl,
    credential: Credential,
}

/// Why an exchange failed.
#[derive(Debug)]
pub enum Failure {
    /// The provider could not be reached, or refused (discovery, the token endpoint:
    /// `invalid_grant` for a code used twice).
    Provider(String),
    /// The provider's answer failed a check (the id_token, or no id_token).
    Token(String),
    /// The callback did not name its issuer though the provider says it always does (RFC
    /// 9207): perhaps another provider's answer (a mix-up).
    NoIssuer,
}

/// A sign-in sent to the provider: where the browser goes, and what the callback must match.
pub struct Started {
    /// The provider's authorization URL.
    pub url: String,
    /// `state`.
    pub state: String,
    /// `nonce`.
    pub nonce: String,
    /// The PKCE verifier.
    pub verifier: String,
}

impl Provider {
    /// Reads the provider's secret or key file; `callback` is this site's callback URL for it.
    pub fn new(spec: ProviderSpec, callback: String) -> anyhow::Result<Provider> {
        let what = |p: &std::path::Path| format!("OIDC provider {}: {}", spec.id, p.display());
        let credential = match &spec.auth {
            ClientAuth::SecretFile(p) => {
                let secret =
                    std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", what(p)))?;
                let secret = secret.trim_end_matches(['\r', '\n']).to_string();
                if secret.is_empty() {
                    anyhow::bail!("{}: the secret file is empty", what(p));
                }
                Credential::Secret(ClientSecret::new(secret))
            }
            ClientAuth::KeyFile { path, alg, kid } => {
                let pem = std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", what(path)))?;
                let key = SigningKey::from_pem(&pem, *alg)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", what(path)))?;
                Credential::Key {
                    key,
                    kid: kid.clone(),
                }
            }
        };
        Ok(Provider {
            issuer: IssuerUrl::new(spec.issuer.clone())?,
            redirect: RedirectUrl::new(callback)?,
            credential,
            spec,
        })
    }

    /// Discovers the provider (metadata and JWKS) and makes the client; also whether the
    /// provider names itself in every authorization response (RFC 9207).
    async fn client(&self, http: &Http) -> Result<(Client, bool), Failure> {
        let meta = Metadata::discover_async(self.issuer.clone(), http)
            .await
            .map_err(|e| Failure::Provider(format!("discovery: {}", chain(&e))))?;
        let names_itself = meta
            .additional_metadata()
            .authorization_response_iss_parameter_supported;
        let secret = match &self.credential {
            Credential::Secret(s) => Some(s.clone()),
            Credential::Key { .. } => None,
        };
        let client = CoreClient::from_provider_metadata(
            meta,
            ClientId::new(self.spec.client_id.clone()),
            secret,
        )
        .set_redirect_uri(self.redirect.clone());
        Ok((client, names_itself))
    }

    /// The authorization URL of a new sign-in (code flow, PKCE S256, nonce, state).
    pub async fn start(&self, http: &Http) -> Result<Started, Failure> {
        let (client, _) = self.client(http).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut req = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for s in &self.spec.scopes {
            req = req.add_scope(Scope::new(s.clone()));
        }
        let (url, state, nonce) = req.set_pkce_challenge(challenge).url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the PKCE verifier) and checks the id_token against `nonce`:
    /// the identity's `sub`. `iss_given`: the callback carried `iss` (already compared); a
    /// provider that says it always sends it and did not is refused before the code is used.
    pub async fn finish(
        &self,
        http: &Http,
        code: String,
        verifier: String,
        nonce: String,
        iss_given: bool,
    ) -> Result<String, Failure> {
        let (client, names_itself) = self.client(http).await?;
        if names_itself && !iss_given {
            return Err(Failure::NoIssuer);
        }
        let mut req = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| Failure::Provider(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier));
        if let Credential::Key { key, kid } = &self.credential {
            let audience = client
                .token_uri()
                .map(|u| u.to_string())
                .ok_or_else(|| Failure::Provider("no token endpoint".into()))?;
            let jti = app::api::auth::new_token().map_err(|e| Failure::Provider(e.to_string()))?;
            let now_secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| Failure::Provider(e.to_string()))?
                .as_secs();
            let claims = assertion::Claims {
                client_id: &self.spec.client_id,
                audience: &audience,
                jti: &jti,
                now_secs,
            };
            let signed = assertion::assertion(key, kid.as_deref(), &claims)
                .map_err(|e| Failure::Provider(format!("client assertion: {e}")))?;
            req = req
                .add_extra_param("client_assertion_type", ASSERTION_TYPE)
                .add_extra_param("client_assertion", signed);
        }
        let token = req
            .request_async(http)
            .await
            .map_err(|e| Failure::Provider(format!("token endpoint: {}", chain(&e))))?;
        let id_token = token
            .id_token()
            .ok_or_else(|| Failure::Token("no id_token in the token response".into()))?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce))
            .map_err(|e| Failure::Token(chain(&e)))?;
        Ok(claims.subject().as_str().to_string())
    }
}

/// An error with its causes, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
