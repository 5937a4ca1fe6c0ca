//! `kill -9` during a bounded submission load loses nothing acknowledged (issue 8): the real
//! server binary on 127.0.0.1 with a real SQLite file, clients that keep submitting, then
//! SIGKILL. Every request the server answered 200 must be in the database afterwards, and the
//! server must start again on the same files.
//!
//! The catalogue is the seed catalogue with its file fields taken out (uploads have tests of
//! their own), so each client sends one request per application.

mod built_site;
mod common;

use app::domain::submission::Envelope;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SERVICE: &str = "surat-keterangan-domisili";

/// The seed catalogue without file fields, written under `dir`.
fn catalogue_without_files(dir: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let mut doc: toml::Table =
            toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for service in doc
            .get_mut("service")
            .and_then(|s| s.as_array_mut())
            .into_iter()
            .flatten()
        {
            let Some(sections) = service
                .get_mut("form")
                .and_then(|f| f.get_mut("sections"))
                .and_then(|s| s.as_array_mut())
            else {
                continue;
            };
            for section in sections.iter_mut() {
                if let Some(fields) = section.get_mut("fields").and_then(|f| f.as_array_mut()) {
                    fields.retain(|f| f.get("kind").and_then(|k| k.as_str()) != Some("file"));
                }
            }
            sections.retain(|s| {
                s.get("fields")
                    .and_then(|f| f.as_array())
                    .is_some_and(|f| !f.is_empty())
            });
        }
        std::fs::write(
            dir.join(path.file_name().unwrap()),
            toml::to_string(&doc).unwrap(),
        )
        .unwrap();
    }
}

/// Starts the server binary over `dir` on `port` and waits until `/healthz` answers.
async fn start(dir: &Path, port: u16) -> Child {
    let site = built_site::write(dir);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    for (k, _) in std::env::vars()
        .filter(|(k, _)| k.starts_with("LOKET_") || k == "DATABASE_URL" || k == "LEPTOS_SITE_ROOT")
    {
        cmd.env_remove(k);
    }
    let mut child = cmd
        .args([
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--submits-per-minute",
            "0",
            "--log",
            "warn",
        ])
        .arg("--hash-file")
        .arg(site.join("hash.txt"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--catalogue")
        .arg(dir.join("catalogue"))
        .arg("--site-root")
        .arg(&site)
        .stdout(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok((status, _)) = http(port, "GET", "/healthz", "").await {
            if status == 200 {
                return child;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not answer /healthz within 30 s");
}

/// One HTTP/1.1 request on a new connection; the status and the body.
async fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await?;
    s.write_all(body.as_bytes()).await?;
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .map_err(|_| std::io::ErrorKind::TimedOut)??;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or(std::io::ErrorKind::InvalidData)?;
    Ok((status, text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_no_acknowledged_submission() {
    let dir = tempfile::tempdir().unwrap();
    catalogue_without_files(&dir.path().join("catalogue"));
    let port = common::free_port();
    let mut server = start(dir.path(), port).await;
    let pool = server::db::connect(&format!(
        "sqlite://{}",
        dir.path().join("data/loket.db").display()
    ))
    .await
    .unwrap();
    let form = common::form(&pool, SERVICE).await;
    let answers = common::valid_answers(&form);

    let acked = Arc::new(Mutex::new(BTreeSet::new()));
    let load_for = Duration::from_millis(2500);
    let started = Instant::now();
    let mut clients = Vec::new();
    for c in 0..8u64 {
        let (acked, answers, version) = (acked.clone(), answers.clone(), form.version);
        clients.push(tokio::spawn(async move {
            // Bounded: at most 2,000 requests per client, and only until the server is gone.
            for n in 0..2000u64 {
                let id = format!("01936f3e-8b2a-7{c:03x}-9000-{n:012x}");
                let e = Envelope {
                    id: id.clone(),
                    service: SERVICE.into(),
                    form_version: version,
                    answers: answers.clone(),
                    expect: None,
                };
                match http(
                    port,
                    "POST",
                    "/api/requests/submit",
                    &serde_json::json!({ "envelope": e }).to_string(),
                )
                .await
                {
                    Ok((200, _)) => {
                        acked.lock().unwrap().insert(id);
                    }
                    Ok((status, body)) => {
                        panic!("a valid submission was answered {status}: {body}")
                    }
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    tokio::time::sleep(load_for).await;
    server.kill().expect("SIGKILL"); // kill -9, mid-load
    server.wait().unwrap();
    let killed_at = started.elapsed();
    for c in clients {
        c.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 20,
        "too few submissions before the kill to mean anything: {}",
        acked.len()
    );

    // Start again on the same files: the database recovers from its write-ahead log.
    pool.close().await;
    let mut again = start(dir.path(), port).await;
    let pool = server::db::connect(&format!(
        "sqlite://{}",
        dir.path().join("data/loket.db").display()
    ))
    .await
    .unwrap();
    let stored: BTreeSet<String> =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT id FROM requests")
        .fetch_all(p)
        .await)
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<&String> = acked.difference(&stored).collect();
    println!(
        "crash: {} acknowledged in {:.1} s, killed with SIGKILL, {} stored after restart (the rest were in flight), lost {}",
        acked.len(),
        killed_at.as_secs_f64(),
        stored.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "acknowledged but lost after kill -9: {lost:?}"
    );
    assert!(
        stored.len() <= acked.len() + 8,
        "at most one request in flight per client was stored unanswered"
    );
    again.kill().unwrap();
    again.wait().unwrap();
}
