//! Slow clients cannot take the server down (issue 8, item 5): the real server binary on
//! 127.0.0.1, a temp database and a small built site; clients that trickle a request's head or
//! body, or say nothing, are cut off after their timeout while `/healthz` keeps answering, and
//! SIGTERM with slow clients connected stops the process within the grace period.
//!
//! Settings go through environment variables (`LOKET_…`), which a server without these
//! timeouts ignores, so the same tests show the holes on it. Every loop is bounded in count and
//! time.

mod built_site;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest any test waits for something that should have happened.
const BOUND: Duration = Duration::from_secs(15);

/// The server binary, running until dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl Server {
    /// Starts the binary with `settings` (environment variables) and waits until it answers.
    async fn start(settings: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let site = built_site::write(dir.path());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
        for (k, _) in std::env::vars().filter(|(k, _)| {
            k.starts_with("LOKET_") || k == "DATABASE_URL" || k == "LEPTOS_SITE_ROOT"
        }) {
            cmd.env_remove(k);
        }
        cmd.env("LOKET_ADDR", addr.to_string())
            .env("LOKET_DATA_DIR", dir.path().join("data"))
            .env("LEPTOS_SITE_ROOT", &site)
            .env("LOKET_HASH_FILE", site.join("hash.txt"))
            .env(
                "LOKET_CATALOGUE",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue"),
            )
            .env("LOKET_LOG", "info,sqlx=warn")
            .envs(settings.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        let mut server = Server {
            child: cmd.spawn().unwrap(),
            addr,
            dir,
        };
        let started = Instant::now();
        while healthz(addr).await.is_none() {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!(
                    "the server exited ({status}) before answering:\n{}",
                    server.log()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not come up:\n{}",
                server.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Sends SIGTERM.
    fn terminate(&self) {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit; how long it took, or `None`.
    async fn exited_within(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET /healthz` on a new connection: how long the answer took, or `None` without one in 2 s.
async fn healthz(addr: SocketAddr) -> Option<Duration> {
    let started = Instant::now();
    let exchange = async {
        let mut tcp = TcpStream::connect(addr).await.ok()?;
        tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut got = Vec::new();
        tcp.read_to_end(&mut got).await.ok()?;
        got.starts_with(b"HTTP/1.1 200").then_some(())
    };
    tokio::time::timeout(Duration::from_secs(2), exchange)
        .await
        .ok()
        .flatten()?;
    Some(started.elapsed())
}

/// True once the server has closed `tcp` (end of stream or an error), waiting at most `wait`.
/// Whatever the server sent first is appended to `got`.
async fn closed_within(tcp: &mut TcpStream, wait: Duration, got: &mut Vec<u8>) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout_at(deadline, tcp.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Connects and sends one byte of an endless request head every second until the server
/// closes the connection (or [`BOUND`]); how long the connection lived, or `None`.
async fn trickle_head(addr: SocketAddr) -> Option<Duration> {
    let started = Instant::now();
    let mut tcp = TcpStream::connect(addr).await.ok()?;
    let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    let mut got = Vec::new();
    for i in 0.. {
        if started.elapsed() > BOUND {
            return None;
        }
        let byte = head.get(i).copied().unwrap_or(b'a');
        if tcp.write_all(&[byte]).await.is_err() {
            return Some(started.elapsed());
        }
        if closed_within(&mut tcp, Duration::from_secs(1), &mut got).await {
            return Some(started.elapsed());
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_request_heads_are_cut_off_and_healthz_keeps_answering() {
    let server = Server::start(&[("LOKET_HEADER_TIMEOUT_SECS", "2")]).await;
    let addr = server.addr;
    let slow: Vec<_> = (0..200).map(|_| tokio::spawn(trickle_head(addr))).collect();
    let mut answers = Vec::new();
    let watch_until = Instant::now() + Duration::from_secs(6);
    while Instant::now() < watch_until {
        answers.push(healthz(addr).await);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let mut lived = Vec::new();
    for s in slow {
        lived.push(s.await.unwrap());
    }
    let still_open = lived.iter().filter(|l| l.is_none()).count();
    assert_eq!(
        still_open,
        0,
        "slow connections still open after {BOUND:?}\n{}",
        server.log()
    );
    let longest = lived.iter().flatten().max().unwrap();
    assert!(
        *longest <= Duration::from_secs(6),
        "a slow head was cut only after {longest:?} (timeout 2 s)"
    );
    assert!(
        answers
            .iter()
            .all(|a| a.is_some_and(|t| t < Duration::from_secs(2))),
        "healthz while under attack: {answers:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickling_body_is_cut_off_after_the_body_timeout() {
    let server = Server::start(&[("LOKET_BODY_TIMEOUT_SECS", "2")]).await;
    let mut tcp = TcpStream::connect(server.addr).await.unwrap();
    let head = "POST /api/requests/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    tcp.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut got = Vec::new();
    let mut closed = false;
    while !closed && started.elapsed() < BOUND {
        if tcp.write_all(b" ").await.is_err() {
            let _ = closed_within(&mut tcp, Duration::from_secs(1), &mut got).await;
            closed = true;
            break;
        }
        closed = closed_within(&mut tcp, Duration::from_millis(500), &mut got).await;
    }
    let took = started.elapsed();
    assert!(
        closed,
        "a body sent one byte every 500 ms was still being read after {took:?}"
    );
    assert!(
        took <= Duration::from_secs(5),
        "cut only after {took:?} (timeout 2 s)"
    );
    let answer = String::from_utf8_lossy(&got);
    assert!(answer.starts_with("HTTP/1.1 408"), "answered: {answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(healthz(server.addr).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_is_closed_after_the_idle_timeout() {
    let server = Server::start(&[
        ("LOKET_HEADER_TIMEOUT_SECS", "60"),
        ("LOKET_IDLE_TIMEOUT_SECS", "2"),
    ])
    .await;
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    let closed = closed_within(&mut silent, Duration::from_secs(10), &mut Vec::new()).await;
    assert!(
        closed,
        "a connection that said nothing was still open after 10 s (idle timeout 2 s)"
    );
    assert!(
        started.elapsed() <= Duration::from_secs(5),
        "closed only after {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_with_slow_clients_connected_exits_within_the_grace_period() {
    let settings = [
        ("LOKET_HEADER_TIMEOUT_SECS", "60"),
        ("LOKET_BODY_TIMEOUT_SECS", "60"),
        ("LOKET_IDLE_TIMEOUT_SECS", "60"),
        ("LOKET_SHUTDOWN_GRACE_SECS", "2"),
    ];
    let mut server = Server::start(&settings).await;
    // One client halfway through a request's head, one halfway through a body.
    let mut head = TcpStream::connect(server.addr).await.unwrap();
    head.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let mut body = TcpStream::connect(server.addr).await.unwrap();
    let post = "POST /api/requests/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
    body.write_all(post.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;

    server.terminate();
    let keep_trickling = async {
        for _ in 0..(BOUND.as_secs() * 2) {
            let _ = head.write_all(b"X").await;
            let _ = body.write_all(b" ").await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    };
    let exited = tokio::select! {
        exited = server.exited_within(BOUND) => exited,
        _ = keep_trickling => None,
    };
    let exited =
        exited.unwrap_or_else(|| panic!("still running {BOUND:?} after SIGTERM\n{}", server.log()));
    assert!(
        exited <= Duration::from_secs(5),
        "exited {exited:?} after SIGTERM (grace 2 s)"
    );
    assert!(
        server
            .child
            .try_wait()
            .unwrap()
            .is_some_and(|s| s.success()),
        "a clean exit\n{}",
        server.log()
    );
}
