-- Sign-in with OpenID Connect (issue 13 §4): identities linked to accounts, and sign-ins on
-- their way through a provider.

-- An identity at a provider (`provider` is the id given in `--oidc-provider`, `subject` the
-- id_token's `sub`) signs in as one account. Never matched by e-mail: only the pair counts.
CREATE TABLE identities (
    provider      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    account_id    TEXT NOT NULL REFERENCES accounts (id),
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL,
    PRIMARY KEY (provider, subject)
) STRICT;

CREATE INDEX identities_by_account ON identities (account_id, provider);

-- A sign-in sent to a provider and not back yet. The browser holds a random handle in a
-- cookie; only its SHA-256 is kept. Read and deleted at once (one use); older than 10 minutes
-- is swept. `account_id`: the account signed in when it started (linking an identity to it).
CREATE TABLE oidc_pending (
    handle_hash   TEXT PRIMARY KEY NOT NULL,
    provider      TEXT NOT NULL,
    state         TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    verifier      TEXT NOT NULL,
    account_id    TEXT NULL REFERENCES accounts (id),
    next          TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

CREATE INDEX oidc_pending_by_age ON oidc_pending (created_at);
