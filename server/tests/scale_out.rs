//! Several servers on one database (issue 14): they keep to one secret, the installation's,
//! recorded by its id; their start-up work runs once however many start together; and a lock
//! named in the database (the uploads' turn of a file) excludes across servers.
//!
//! The secret rule runs on both backends. The tests of servers running at the same time need
//! PostgreSQL (one SQLite file is one server's) and say so on SQLite.

mod built_site;
mod common;

use server::secrets::{adopt, for_installation, load_or_create};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// How many `action` rows the audit log holds.
async fn audited(pool: &app::store::Db, action: &str) -> i64 {
    common::on_db!(pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(p)
        .await)
    .unwrap()
}

/// Puts a new secret on top of the secret file at `path` (a rotation), keeping the others.
fn rotate(path: &Path) {
    let old = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{}\n{old}", "5a".repeat(32))).unwrap();
}

#[tokio::test]
async fn every_server_keeps_to_the_installations_secret() {
    let (dir, pool) = common::empty_database().await;
    let (a, b) = (dir.path().join("a.key"), dir.path().join("b.key"));

    // The first server records its secret (its id, never the secret).
    let first = for_installation(&pool, &a).await.unwrap();
    let recorded = app::store::installation::key_id(&pool).await.unwrap();
    assert_eq!(recorded.as_deref(), Some(first.current_id().as_str()));
    assert!(!recorded.unwrap().is_empty());
    // The same file again: nothing new.
    for_installation(&pool, &a).await.unwrap();
    assert_eq!(audited(&pool, "installation.secret").await, 1);

    // A server whose secret file is missing makes no new secret: it would give other PINs.
    let e = for_installation(&pool, &b).await.unwrap_err().to_string();
    assert!(
        e.contains("is missing") && e.contains("secret adopt"),
        "{e}"
    );
    assert!(!b.exists(), "no new secret file was made");

    // Another installation's file (or a new one made by hand): refused, saying what to do.
    let other = load_or_create(&b).unwrap();
    let e = for_installation(&pool, &b).await.unwrap_err().to_string();
    assert!(
        e.contains("does not hold") && e.contains(&first.current_id()),
        "{e}"
    );
    assert!(e.contains(&other.current_id()), "{e}");

    // A rotation: a new secret on top of the recorded one is recorded as the installation's...
    let old_copy = std::fs::read_to_string(&a).unwrap();
    rotate(&a);
    let rotated = for_installation(&pool, &a).await.unwrap();
    assert_ne!(rotated.current_id(), first.current_id());
    assert_eq!(
        app::store::installation::key_id(&pool).await.unwrap(),
        Some(rotated.current_id())
    );
    // ...and a server still holding the file from before the rotation is refused.
    let stale = dir.path().join("stale.key");
    std::fs::write(&stale, old_copy).unwrap();
    assert!(for_installation(&pool, &stale).await.is_err());

    // A secret lost for good: `server secret adopt` makes another file's secret the
    // installation's, after which servers with that file start.
    let (before, now) = adopt(&pool, &b).await.unwrap();
    assert_eq!(before, Some(rotated.current_id()));
    assert_eq!(now, other.current_id());
    for_installation(&pool, &b).await.unwrap();
    assert!(for_installation(&pool, &a).await.is_err());
    assert_eq!(
        audited(&pool, "installation.secret").await,
        3,
        "recorded, rotated, adopted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_held_through_one_pool_holds_off_another_servers() {
    if common::postgres_server().is_none() {
        eprintln!("skipped on SQLite: one server has the file, so nothing is held");
        return;
    }
    let (dir, first) = common::empty_database().await;
    // A second server: a pool of its own on the same database.
    let second = common::open(dir.path()).await;
    let held = first.hold("loket:file:test").await.unwrap();
    let waiting = tokio::spawn(async move {
        let h = second.hold("loket:file:test").await.unwrap();
        h.release().await.unwrap();
        Instant::now()
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "the second server waited");
    // Another name is not held.
    first
        .hold("loket:file:other")
        .await
        .unwrap()
        .release()
        .await
        .unwrap();
    let let_go = Instant::now();
    held.release().await.unwrap();
    let got = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("the lock was let go")
        .unwrap();
    assert!(got >= let_go);

    // Dropped without a release (a task cancelled mid-upload), the lock is let go too.
    let dropped = first.hold("loket:file:test").await.unwrap();
    drop(dropped);
    let third = common::open(dir.path()).await;
    tokio::time::timeout(Duration::from_secs(10), third.hold("loket:file:test"))
        .await
        .expect("a dropped lock is let go")
        .unwrap()
        .release()
        .await
        .unwrap();
}

/// A server process, killed when dropped: a failed assertion leaves no server running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server binary on `port` over the test database of `dir`, with its own data
/// directory `data` and the shared `secret` file; its log goes to `data.log`.
fn spawn(dir: &Path, data: &Path, secret: &Path, port: u16) -> Running {
    let site = built_site::write(&dir.join(format!("site-{port}")));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    for (k, _) in std::env::vars()
        .filter(|(k, _)| k.starts_with("LOKET_") || k == "DATABASE_URL" || k == "LEPTOS_SITE_ROOT")
    {
        cmd.env_remove(k);
    }
    let log = std::fs::File::create(data.with_extension("log")).unwrap();
    cmd.env("DATABASE_URL", common::database_url(dir))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--log", "info"])
        .arg("--hash-file")
        .arg(site.join("hash.txt"))
        .arg("--site-root")
        .arg(&site)
        .arg("--data-dir")
        .arg(data)
        .arg("--secret-file")
        .arg(secret)
        .arg("--files-dir")
        .arg(dir.join("files"))
        .arg("--catalogue")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue"))
        .arg("--calendar")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../calendar"))
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .map(Running)
        .expect("the server binary starts")
}

/// Waits until `server` answers `/healthz` on `port`; fails when it exits first.
async fn up(server: &mut Running, port: u16) {
    let child = &mut server.0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the server on {port} exited"
        );
        if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            let mut out = String::new();
            if s.write_all(req.as_bytes()).await.is_ok()
                && s.read_to_string(&mut out).await.is_ok()
                && out.starts_with("HTTP/1.1 200")
            {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server on {port} did not answer within 60 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_together_on_an_empty_database_do_the_start_up_work_once() {
    if common::postgres_server().is_none() {
        eprintln!("skipped on SQLite: one SQLite file is one server's");
        return;
    }
    let (dir, pool) = common::empty_database().await;
    let secret = dir.path().join("shared/secret.key");
    let (pa, pb) = (common::free_port(), common::free_port());
    let (da, db) = (dir.path().join("a"), dir.path().join("b"));
    let mut a = spawn(dir.path(), &da, &secret, pa);
    let mut b = spawn(dir.path(), &db, &secret, pb);
    up(&mut a, pa).await;
    up(&mut b, pb).await;

    // One import of the catalogue, not one per server; one secret, made once and recorded.
    assert_eq!(audited(&pool, "catalogue.import").await, 1);
    let logs = [da.with_extension("log"), db.with_extension("log")]
        .map(|p| std::fs::read_to_string(p).unwrap());
    let imported = logs
        .iter()
        .filter(|l| l.contains("empty database: imported the catalogue"))
        .count();
    assert_eq!(imported, 1, "{logs:?}");
    let file = server::secrets::load(&secret).unwrap();
    assert_eq!(
        app::store::installation::key_id(&pool).await.unwrap(),
        Some(file.current_id())
    );
    assert_eq!(audited(&pool, "installation.secret").await, 1);

    // A third server with a secret file of its own is refused, and says why.
    let lone = dir.path().join("lone.key");
    load_or_create(&lone).unwrap();
    let pc = common::free_port();
    let dc = dir.path().join("c");
    let mut c = spawn(dir.path(), &dc, &lone, pc);
    let status = c.0.wait().unwrap();
    assert!(!status.success());
    let said = std::fs::read_to_string(dc.with_extension("log")).unwrap();
    assert!(
        said.contains("does not hold this database's secret"),
        "{said}"
    );
}
