//! Sign-in with OpenID Connect, the stored side (issue 13 §4), on a real SQLite file: a pending
//! sign-in is good once and for 10 minutes only; an identity links to one account and an
//! account to one identity per provider; a new account made for an identity is stored whole
//! with its identity and audit row, or not at all.

mod common;

use app::domain::account::{Login, Role};
use app::store::accounts::{self, Audit, NewAccount};
use app::store::identities::{self, Linked};
use app::store::oidc_pending::{self, Pending};

fn pending(handle: &str) -> Pending {
    Pending {
        handle_hash: handle.into(),
        provider: "uji".into(),
        state: "s".into(),
        nonce: "n".into(),
        verifier: "v".into(),
        account_id: None,
        next: "/akun".into(),
    }
}

fn audit<'a>(who: &'a str) -> Audit<'a> {
    Audit {
        actor: who,
        action: "account.link_identity",
        subject: who,
        before: None,
        after: None,
    }
}

async fn citizen(pool: &app::store::Db, id: &str, login: &str) {
    let login = Login::parse(login).unwrap();
    let new = NewAccount {
        id,
        login: &login,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
        role: Role::Citizen,
        agency: None,
        invited_by: None,
    };
    accounts::create(pool, &new, None).await.unwrap();
}

#[tokio::test]
async fn a_pending_sign_in_is_taken_once_by_its_provider_only() {
    let (_dir, pool) = common::database().await;
    oidc_pending::insert(&pool, &pending("h1")).await.unwrap();
    assert_eq!(
        oidc_pending::take(&pool, "h1", "lain").await.unwrap(),
        None,
        "another provider's callback"
    );
    // ... and that try used it up: a callback is good once, whatever it was.
    assert_eq!(oidc_pending::take(&pool, "h1", "uji").await.unwrap(), None);
    oidc_pending::insert(&pool, &pending("h2")).await.unwrap();
    assert_eq!(
        oidc_pending::take(&pool, "h2", "uji").await.unwrap(),
        Some(pending("h2"))
    );
    assert_eq!(oidc_pending::take(&pool, "h2", "uji").await.unwrap(), None);
    assert_eq!(oidc_pending::count(&pool).await.unwrap(), 0);
}

#[tokio::test]
async fn a_pending_sign_in_older_than_ten_minutes_is_refused_and_swept() {
    let (_dir, pool) = common::database().await;
    oidc_pending::insert(&pool, &pending("old")).await.unwrap();
    oidc_pending::insert(&pool, &pending("older"))
        .await
        .unwrap();
    let eleven_minutes_ago = app::store::clock::Moment::now().plus_minutes(-11).stamp();
    common::on_db!(&pool, p => sqlx::query("UPDATE oidc_pending SET created_at = $1")
    .bind(&eleven_minutes_ago)
    .execute(p)
    .await.map(|r| r.rows_affected()))
    .unwrap();
    assert_eq!(oidc_pending::take(&pool, "old", "uji").await.unwrap(), None);
    assert_eq!(oidc_pending::count(&pool).await.unwrap(), 1);
    oidc_pending::insert(&pool, &pending("new")).await.unwrap();
    assert_eq!(
        oidc_pending::count(&pool).await.unwrap(),
        1,
        "a new one sweeps the stale"
    );
}

#[tokio::test]
async fn an_identity_links_to_one_account_and_an_account_to_one_identity_per_provider() {
    let (_dir, pool) = common::database().await;
    citizen(&pool, "a1", "satu@contoh.go.id").await;
    citizen(&pool, "a2", "dua@contoh.go.id").await;
    let link = |sub: &'static str, account: &'static str| {
        let pool = pool.clone();
        async move {
            identities::link(&pool, "uji", sub, account, &audit(account))
                .await
                .unwrap()
        }
    };
    assert_eq!(link("sub-1", "a1").await, Linked::Yes);
    assert_eq!(link("sub-1", "a1").await, Linked::Yes, "again: nothing new");
    assert_eq!(link("sub-1", "a2").await, Linked::OtherAccount);
    assert_eq!(link("sub-2", "a1").await, Linked::AccountHasOne);
    assert_eq!(identities::count(&pool).await.unwrap(), 1);
    assert_eq!(
        identities::account_of(&pool, "uji", "sub-1").await.unwrap(),
        Some("a1".into())
    );
    assert_eq!(
        identities::account_of(&pool, "lain", "sub-1")
            .await
            .unwrap(),
        None
    );
    assert!(identities::has_identity(&pool, "a1", "uji").await.unwrap());
    assert!(!identities::has_identity(&pool, "a2", "uji").await.unwrap());
    let links = accounts::audit_log(&pool)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "account.link_identity")
        .count();
    assert_eq!(links, 1, "only the link that was made is audited");
}

#[tokio::test]
async fn an_account_for_an_identity_is_stored_with_it_or_not_at_all() {
    let (_dir, pool) = common::database().await;
    let login = app::api::auth::external::synthetic_login("uji", "warga-001").unwrap();
    let new = |id: &'static str| NewAccount {
        id,
        login: &login,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
        role: Role::Citizen,
        agency: None,
        invited_by: None,
    };
    let made = identities::create_account(&pool, &new("b1"), "uji", "warga-001", &audit("b1"))
        .await
        .unwrap();
    assert!(made);
    let again = identities::create_account(&pool, &new("b2"), "uji", "warga-001", &audit("b2"))
        .await
        .unwrap();
    assert!(!again, "the identity has an account already");
    assert!(accounts::by_id(&pool, "b2").await.unwrap().is_none());
    assert_eq!(identities::count(&pool).await.unwrap(), 1);
    let audited = accounts::audit_log(&pool)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.subject == "b1" || r.subject == "b2")
        .count();
    assert_eq!(audited, 1);
}
