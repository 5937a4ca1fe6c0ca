//! Rate limits through the real router on a real SQLite file, with the peer address a real
//! connection gives (`ConnectInfo`): the client address is the peer's unless the peer is a
//! configured proxy, so a made-up `X-Forwarded-For` neither dodges nor resets a limit; the
//! guess counters live in the database and survive a restart; a stranger cannot lock out an
//! account (the right password still signs in, after a delay); a wrong PIN takes as long for
//! an unknown reference as for a known one.

mod common;

use app::domain::reference::Reference;
use app::domain::submission::{Envelope, Receipt};
use app::store::limits::ManualClock;
use app::store::limits::{Clock, LimitError, Limited, Limiter, SWEEP_EVERY};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use serde_json::json;
use server::config::Serve;
use server::{cli, http};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const ADMIN: &str = "admin@loket.go.id";
const ADMIN_PASSWORD: &str = "rahasia negara 1945";
const SERVICE: &str = "akta-kelahiran";

/// A seeded database, and the router on it with a hand clock.
struct Server {
    dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
    clock: Arc<ManualClock>,
}

/// An answer: status, headers, body.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Server {
    async fn start() -> Server {
        Server::start_with(|_| {}).await
    }

    /// A server whose settings `tune` changes first.
    async fn start_with(tune: impl Fn(&mut Serve)) -> Server {
        let (dir, pool) = common::database().await;
        let mut serve = common::serve(dir.path());
        tune(&mut serve);
        let clock = Arc::new(ManualClock::default());
        let app = http::router_with_clock(
            pool.clone(),
            &dir.path().join("data"),
            &serve,
            clock.clone(),
        )
        .unwrap();
        Server {
            dir,
            pool,
            app,
            clock,
        }
    }

    /// The server stopped and started again on the same database file (a new pool, a new
    /// router, a new clock: nothing kept in memory survives).
    async fn restart(self) -> Server {
        let Server { dir, pool, .. } = self;
        pool.close().await;
        let pool = common::open(dir.path()).await;
        let clock = Arc::new(ManualClock::default());
        let app = http::router_with_clock(
            pool.clone(),
            &dir.path().join("data"),
            &common::serve(dir.path()),
            clock.clone(),
        )
        .unwrap();
        Server {
            dir,
            pool,
            app,
            clock,
        }
    }

    /// Sends a request from the connection's peer `peer`, with `headers` added.
    async fn send(
        &self,
        peer: &str,
        method: &str,
        path: &str,
        body: String,
        headers: &[(&str, &str)],
    ) -> Reply {
        let form = path.ends_with("-form");
        let kind = if form {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "loket.test")
            .header(header::CONTENT_TYPE, kind)
            .header(header::CONTENT_LENGTH, body.len());
        if form {
            req = req.header(header::ACCEPT, "text/html");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn sign_in(
        &self,
        peer: &str,
        login: &str,
        password: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.send(
            peer,
            "POST",
            "/api/auth/sign-in",
            json!({ "login": login, "password": password }).to_string(),
            headers,
        )
        .await
    }

    async fn track(
        &self,
        peer: &str,
        reference: &str,
        pin: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.send(
            peer,
            "POST",
            "/api/requests/track",
            json!({ "reference": reference, "pin": pin }).to_string(),
            headers,
        )
        .await
    }

    /// One stored request: its receipt (reference and PIN).
    async fn submitted(&self) -> Receipt {
        let f = common::form(&self.pool, SERVICE).await;
        let id: String = "01936f3e-8b2a-7cde-9f01-000000000001".into();
        common::uploaded(&self.pool, &id).await;
        let e = Envelope {
            id,
            service: SERVICE.into(),
            form_version: f.version,
            answers: common::valid_answers(&f),
            expect: None,
        };
        let r = self
            .send(
                "203.0.113.1:1000",
                "POST",
                "/api/requests/submit",
                json!({ "envelope": e }).to_string(),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    }

    /// The system admin, made with the command line's function.
    async fn admin(&self) {
        let mut nothing: &[u8] = b"";
        cli::create_admin(&self.pool, ADMIN, Some(ADMIN_PASSWORD.into()), &mut nothing)
            .await
            .unwrap();
    }
}

/// A PIN that is not `pin`.
fn wrong(pin: &str) -> &'static str {
    if pin == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// A well-formed reference that no request has (the `n`th of many).
fn unknown_reference(n: u64) -> String {
    Reference::from_number(0xAB_CDEF_0000 + n).to_string()
}

#[tokio::test]
async fn a_varied_forwarded_for_from_an_unconfigured_peer_does_not_dodge_the_pin_limit_per_address()
{
    let s = Server::start().await;
    // Thirty wrong guesses per address; each at another reference, so only the address limit
    // can stop them. From loopback (not a configured proxy) and from a remote peer alike.
    for peer in ["127.0.0.1:40000", "203.0.113.5:40000"] {
        for i in 0..30 {
            let xff = format!("198.51.100.{i}");
            let r = s
                .track(
                    peer,
                    &unknown_reference(i),
                    "123456",
                    &[("x-forwarded-for", &xff)],
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{peer} try {i}: {}",
                r.body
            );
        }
        let r = s
            .track(
                peer,
                &unknown_reference(99),
                "123456",
                &[("x-forwarded-for", "192.0.2.77")],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{peer}: a new X-Forwarded-For is not a new client: {}",
            r.body
        );
        assert!(r.headers.contains_key(header::RETRY_AFTER));
    }
}

#[tokio::test]
async fn a_varied_forwarded_for_from_loopback_does_not_dodge_the_sign_in_limit_per_address() {
    let s = Server::start().await;
    for i in 0..20 {
        let xff = format!("10.0.0.{i}");
        let r = s
            .sign_in(
                "127.0.0.1:40000",
                &format!("orang{i}@contoh.id"),
                ADMIN_PASSWORD,
                &[("x-forwarded-for", &xff)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "try {i}: {}", r.body);
    }
    let r = s
        .sign_in(
            "127.0.0.1:40000",
            "orang99@contoh.id",
            ADMIN_PASSWORD,
            &[("x-forwarded-for", "10.0.0.99")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
}

#[tokio::test]
async fn the_pin_cap_per_reference_holds_across_a_restart() {
    let s = Server::start().await;
    let receipt = s.submitted().await;
    let reference = receipt.reference.to_string();
    for i in 0..5 {
        let peer = format!("192.0.2.{}:1000", i + 1);
        assert_eq!(
            s.track(&peer, &reference, wrong(&receipt.pin), &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    let s = s.restart().await;
    let r = s
        .track("192.0.2.50:1000", &reference, &receipt.pin, &[])
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a restart gives no fresh guesses: {}",
        r.body
    );
    let r = s
        .track("192.0.2.51:1000", &reference, wrong(&receipt.pin), &[])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
}

#[tokio::test]
async fn five_and_fifty_wrong_passwords_for_an_admin_do_not_stop_the_right_one() {
    let s = Server::start().await;
    s.admin().await;
    for round in [5, 50] {
        for i in 0..round {
            // A stranger's guesses, from many addresses so no address limit is reached.
            let peer = format!("192.0.2.{}:1000", i + 1);
            let r = s.sign_in(&peer, ADMIN, "tebakan yang salah", &[]).await;
            assert!(
                matches!(
                    r.status,
                    StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
                ),
                "{round}/{i}: {}",
                r.body
            );
        }
        // The login's budget is used up: another wrong password is refused with a wait...
        let r = s
            .sign_in("192.0.2.200:1000", ADMIN, "tebakan yang salah", &[])
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        assert!(r.headers.contains_key(header::RETRY_AFTER));
        // ...but the admin, with the right password, signs in (after a delay).
        let slept = s.clock.slept();
        let r = s
            .sign_in("198.51.100.1:1000", ADMIN, ADMIN_PASSWORD, &[])
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "after {round} wrong passwords: {}",
            r.body
        );
        assert!(r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("loket_session=")));
        assert!(
            s.clock.slept() >= slept + Duration::from_secs(1),
            "the right password waits on a locked login"
        );
    }
    // The back office's plain form too.
    let body = format!(
        "login={}&password={}",
        ADMIN.replace('@', "%40"),
        ADMIN_PASSWORD.replace(' ', "+")
    );
    let r = s
        .send(
            "198.51.100.1:1000",
            "POST",
            "/api/auth/sign-in-form",
            body,
            &[],
        )
        .await;
    assert!(r.status.is_redirection(), "{}: {}", r.status, r.body);
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/staff");
    assert!(r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("loket_session=")));
    let wrong_one = format!("login={}&password=salah", ADMIN.replace('@', "%40"));
    let r = s
        .send(
            "198.51.100.1:1000",
            "POST",
            "/api/auth/sign-in-form",
            wrong_one,
            &[],
        )
        .await;
    assert_eq!(
        r.headers.get(header::LOCATION).unwrap(),
        "/staff?gagal=1",
        "a wrong one goes back to the form"
    );
}

#[tokio::test]
async fn the_address_limit_still_refuses_that_address_even_with_the_right_password() {
    let s = Server::start().await;
    s.admin().await;
    for i in 0..20 {
        let r = s
            .sign_in(
                "203.0.113.66:5000",
                &format!("orang{i}@contoh.id"),
                ADMIN_PASSWORD,
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "try {i}: {}", r.body);
    }
    let r = s
        .sign_in("203.0.113.66:5000", ADMIN, ADMIN_PASSWORD, &[])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.headers.get(header::RETRY_AFTER).unwrap(), "45");
    assert_eq!(
        s.sign_in("203.0.113.67:5000", ADMIN, ADMIN_PASSWORD, &[])
            .await
            .status,
        StatusCode::OK,
        "only that address"
    );
    s.clock.advance(Duration::from_secs(45));
    assert_eq!(
        s.sign_in("203.0.113.66:5000", ADMIN, ADMIN_PASSWORD, &[])
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_wrong_pin_takes_as_long_for_an_unknown_reference_as_for_a_known_one() {
    let s = Server::start().await;
    let receipt = s.submitted().await;
    let reference = receipt.reference.to_string();
    let pin = wrong(&receipt.pin);
    let secrets = common::secrets_of(&s.dir.path().join("data"));
    // In the store: the PIN is checked either way. Known and unknown alternate, so a machine
    // busy for a while slows both alike; each side's shortest time is its own cost.
    let (known, unknown) = shortest_each(
        15,
        |_| async {
            assert_eq!(
                app::store::requests::unlock(&s.pool, &secrets, &reference, pin)
                    .await
                    .unwrap(),
                None
            )
        },
        |i| {
            let r = unknown_reference(i as u64);
            let (pool, secrets) = (s.pool.clone(), secrets.clone());
            async move {
                assert_eq!(
                    app::store::requests::unlock(&pool, &secrets, &r, pin)
                        .await
                        .unwrap(),
                    None
                )
            }
        },
    )
    .await;
    println!("unlock, wrong PIN: known reference {known:?}, unknown {unknown:?}");
    assert!(
        unknown * 4 >= known,
        "an unknown reference answers much faster: {unknown:?} vs {known:?}"
    );
    // Through the router (each from its own address, within the limits).
    let s = &s;
    let (known, unknown) = shortest_each(
        5,
        |i| {
            let reference = &reference;
            async move {
                let r = s
                    .track(&format!("192.0.2.{i}:1"), reference, pin, &[])
                    .await;
                assert_eq!(r.status, StatusCode::NOT_FOUND)
            }
        },
        |i| async move {
            let r = s
                .track(
                    &format!("192.0.2.{}:1", 100 + i),
                    &unknown_reference(i as u64),
                    pin,
                    &[],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        },
    )
    .await;
    println!("requests/track, wrong PIN: known reference {known:?}, unknown {unknown:?}");
    assert!(
        unknown * 4 >= known,
        "an unknown reference answers much faster: {unknown:?} vs {known:?}"
    );
}

/// The shortest of `n` timings of `a` and of `b`, taken in turns (a, b, a, b, …) so that a
/// machine busy for a while weighs on both alike.
async fn shortest_each<A, B>(
    n: usize,
    mut a: impl FnMut(usize) -> A,
    mut b: impl FnMut(usize) -> B,
) -> (Duration, Duration)
where
    A: std::future::Future<Output = ()>,
    B: std::future::Future<Output = ()>,
{
    let (mut ta, mut tb) = (Duration::MAX, Duration::MAX);
    for i in 0..n {
        let start = Instant::now();
        a(i).await;
        ta = ta.min(start.elapsed());
        let start = Instant::now();
        b(i).await;
        tb = tb.min(start.elapsed());
    }
    (ta, tb)
}

/// What the router keyed the limit `name` by.
async fn keys(pool: &app::store::Db, name: &str) -> Vec<String> {
    common::on_db!(&pool, p => sqlx::query_scalar("SELECT key FROM rate_limits WHERE name = $1 ORDER BY key")
        .bind(name)
        .fetch_all(p)
        .await)
        .unwrap()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
    let s = Server::start_with(|serve| {
        serve.trusted_proxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap()
    })
    .await;
    let proxy = "127.0.0.1:40000";
    let cases = [
        ("203.0.113.7", "203.0.113.7"),
        ("6.6.6.6, 203.0.113.8", "203.0.113.8"),
        ("6.6.6.6, 203.0.113.9, 10.1.2.3", "203.0.113.9"),
        ("203.0.113.10, not-an-address, 10.4.5.6", "10.4.5.6"),
    ];
    for (i, (xff, client)) in cases.iter().enumerate() {
        let r = s
            .track(
                proxy,
                &unknown_reference(i as u64),
                "123456",
                &[("x-forwarded-for", xff)],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{xff}: {}", r.body);
        let seen = keys(&s.pool, "pin_per_ip").await;
        assert!(
            seen.contains(&client.to_string()),
            "{xff} is {client}: {seen:?}"
        );
    }
    // A peer that is not a configured proxy is the client, whatever it forwards.
    s.track(
        "198.51.100.77:1",
        &unknown_reference(9),
        "123456",
        &[("x-forwarded-for", "203.0.113.11")],
    )
    .await;
    let all = keys(&s.pool, "pin_per_ip").await;
    assert!(
        all.contains(&"198.51.100.77".to_string()) && !all.contains(&"203.0.113.11".to_string()),
        "{all:?}"
    );
    assert!(
        !all.iter()
            .any(|k| k == "6.6.6.6" || k == "127.0.0.1" || k == "203.0.113.10"),
        "never a left-hand entry: {all:?}"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_a_spoofed_left_hand_entry_changes_nothing() {
    let s = Server::start_with(|serve| serve.trusted_proxies = "127.0.0.1".parse().unwrap()).await;
    for i in 0..30 {
        let xff = format!("198.51.100.{i}, 203.0.113.50");
        let r = s
            .track(
                "127.0.0.1:40000",
                &unknown_reference(i),
                "123456",
                &[("x-forwarded-for", &xff)],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "try {i}: {}", r.body);
    }
    let r = s
        .track(
            "127.0.0.1:40000",
            &unknown_reference(99),
            "123456",
            &[("x-forwarded-for", "192.0.2.1, 203.0.113.50")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // The same client straight to the server (or through the proxy without a header of its own).
    assert_eq!(
        s.track("203.0.113.50:1", &unknown_reference(98), "123456", &[])
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same proxy is not affected.
    let r = s
        .track(
            "127.0.0.1:40000",
            &unknown_reference(97),
            "123456",
            &[("x-forwarded-for", "203.0.113.50, 203.0.113.51")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

// ---- the limiter itself, on a real SQLite file ----------------------------------------------

/// A migrated database file and a hand clock.
async fn limiter_db() -> (tempfile::TempDir, app::store::Db, Arc<ManualClock>) {
    let (dir, pool) = common::empty_database().await;
    (dir, pool, Arc::new(ManualClock::default()))
}

fn limited(e: Result<(), LimitError>) -> Option<u64> {
    match e {
        Ok(()) => None,
        Err(LimitError::Limited(Limited { retry_after_secs })) => Some(retry_after_secs),
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn limiter_five_tries_then_a_wait_then_one_try_back_every_three_minutes() {
    let (_dir, pool, clock) = limiter_db().await;
    let l = Limiter::new("test", 5, Duration::from_secs(15 * 60), pool, clock.clone());
    for _ in 0..5 {
        assert_eq!(limited(l.take("siti@contoh.id").await), None);
    }
    assert_eq!(limited(l.take("siti@contoh.id").await), Some(180));
    assert_eq!(
        limited(l.take("budi@contoh.id").await),
        None,
        "other keys are not affected"
    );
    clock.advance(Duration::from_secs(179));
    assert_eq!(limited(l.take("siti@contoh.id").await), Some(1));
    clock.advance(Duration::from_secs(1));
    assert_eq!(limited(l.take("siti@contoh.id").await), None);
    assert!(limited(l.take("siti@contoh.id").await).is_some());
    clock.advance(Duration::from_secs(15 * 60));
    assert_eq!(
        l.remaining("siti@contoh.id").await.unwrap(),
        5,
        "never more than the capacity"
    );
}

#[tokio::test]
async fn limiter_a_try_given_back_does_not_count() {
    let (_dir, pool, clock) = limiter_db().await;
    let l = Limiter::new("test", 2, Duration::from_secs(60), pool, clock);
    for _ in 0..10 {
        assert_eq!(limited(l.take("k").await), None);
        l.give_back("k").await.unwrap();
    }
    assert_eq!(l.remaining("k").await.unwrap(), 2);
    l.give_back("never-seen").await.unwrap();
    assert_eq!(
        l.keys().await.unwrap(),
        1,
        "giving back to an unknown key remembers nothing"
    );
}

#[tokio::test]
async fn limiter_full_buckets_are_swept_so_the_table_stays_bounded() {
    let (_dir, pool, clock) = limiter_db().await;
    let l = Limiter::new(
        "test",
        1,
        Duration::from_secs(10),
        pool.clone(),
        clock.clone(),
    );
    let other = Limiter::new("other", 1, Duration::from_secs(10), pool, clock.clone());
    other.take("kept").await.unwrap();
    for i in 0..SWEEP_EVERY {
        l.take(&format!("k{i}")).await.unwrap();
    }
    assert_eq!(l.keys().await.unwrap(), SWEEP_EVERY as usize);
    clock.advance(Duration::from_secs(10));
    l.take("new").await.unwrap();
    assert_eq!(
        l.keys().await.unwrap(),
        1,
        "only the key still limited is kept"
    );
    assert_eq!(
        other.keys().await.unwrap(),
        1,
        "another limit's keys are its own to sweep"
    );
}

#[tokio::test]
async fn limiter_two_servers_on_one_database_share_the_tries() {
    let (dir, pool, clock) = limiter_db().await;
    let second = common::open(dir.path()).await;
    let a = Arc::new(Limiter::new(
        "pin",
        5,
        Duration::from_secs(15 * 60),
        pool,
        clock.clone(),
    ));
    let b = Arc::new(Limiter::new(
        "pin",
        5,
        Duration::from_secs(15 * 60),
        second,
        clock.clone(),
    ));
    let mut tries = Vec::new();
    for i in 0..20 {
        let l = if i % 2 == 0 { a.clone() } else { b.clone() };
        tries.push(tokio::spawn(async move {
            limited(l.take("AAAA-AAAA-A").await).is_none()
        }));
    }
    let mut allowed = 0;
    for t in tries {
        allowed += usize::from(t.await.unwrap());
    }
    assert_eq!(
        allowed, 5,
        "twenty tries at once on two pools: exactly five allowed"
    );
    assert!(
        clock.now_ms() > 1_700_000_000_000,
        "wall-clock milliseconds"
    );
}
