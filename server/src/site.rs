//! The built site's static files (`pkg/`, icons, the manifest), read into memory once at start
//! and served from there, so a rebuild under a running server changes nothing it serves: the
//! pages, `/sw.js` and the files they name stay one consistent version until a restart.
//!
//! A start refuses a site that lacks a file the pages or the service worker would ask for:
//! the hashed CSS, JS and WASM and the split loader and manifest named by cargo-leptos'
//! `hash.txt`, every WASM part that manifest lists, the icons and the manifest.

use crate::assets;
use crate::encoding::{compress, decompress, ByCoding, Coding, Effort};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files every page links to or the service worker precaches, besides the hashed ones.
pub const FIXED_FILES: &[&str] = &[
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/maskable-512.png",
];

/// Hashed assets live for a year: a new build gives them new names.
const HASHED_CACHE: &str = "public, max-age=31536000, immutable";
/// Icons and the manifest keep their names across builds: a day.
const NAMED_CACHE: &str = "public, max-age=86400";

/// One file as served, with its precompressed copies.
#[derive(Debug)]
pub struct StaticFile {
    /// The bytes as built.
    pub identity: Bytes,
    /// Its brotli and gzip copies, when the file is worth compressing.
    pub compressed: ByCoding<Option<Bytes>>,
    content_type: &'static str,
    cache_control: &'static str,
    /// The first 16 hex digits of the SHA-256 of `identity`.
    tag: String,
}

/// cargo-leptos' `hash.txt`: the hashes in the names of the main JS, WASM and CSS, and of the
/// split loader and its manifest (with `--split`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hashes {
    /// Every `name: hash` line, in order.
    pub lines: Vec<(String, String)>,
}

impl Hashes {
    /// Reads `name: hash` lines.
    pub fn parse(text: &str) -> Hashes {
        let lines = text
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .filter(|(k, v)| !k.is_empty() && !v.is_empty())
            .collect();
        Hashes { lines }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.lines
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The site paths these hashes name (`/pkg/loket.<hash>.js`, …).
    pub fn named_files(&self, output_name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (key, ext) in [("js", "js"), ("wasm", "wasm"), ("css", "css")] {
            if let Some(h) = self.get(key) {
                out.push(format!("/pkg/{output_name}.{h}.{ext}"));
            }
        }
        if let Some(h) = self.get("split") {
            out.push(format!("/pkg/__wasm_split.{h}.js"));
        }
        if let Some(h) = self.get("manifest") {
            out.push(format!("/pkg/__wasm_split_manifest.{h}.json"));
        }
        out
    }

    /// The split manifest's site path, when the build was split.
    pub fn manifest_file(&self) -> Option<String> {
        self.get("manifest")
            .map(|h| format!("/pkg/__wasm_split_manifest.{h}.json"))
    }
}

/// The site as read at start.
#[derive(Debug)]
pub struct Site {
    /// By site path (`/pkg/…`, `/icons/…`, `/manifest.webmanifest`).
    pub files: BTreeMap<String, StaticFile>,
    /// The hashed names in force, when the site was built with them.
    pub hashes: Option<Hashes>,
}

impl Site {
    /// Reads the site at `root` (writing missing compressed copies beside the files first) and
    /// checks that it holds every file `hashes` names. `output_name` is cargo-leptos' name of
    /// the front end (`loket`).
    pub fn load(root: &Path, hashes: Option<Hashes>, output_name: &str) -> anyhow::Result<Site> {
        if !root.join("pkg").is_dir() {
            anyhow::bail!(
                "no built site at {} (run scripts/build.sh, or set --site-root)",
                root.display()
            );
        }
        let compressed = assets::precompress(root)?;
        if compressed > 0 {
            tracing::info!(files = compressed, "compressed static files");
        }
        let mut files = BTreeMap::new();
        let mut sources = assets::files_under(&root.join("pkg"));
        sources.extend(assets::files_under(&root.join("icons")));
        sources.push(root.join("manifest.webmanifest"));
        for p in sources {
            if assets::is_compressed_copy(&p) || !p.is_file() {
                continue;
            }
            let Ok(rel) = p.strip_prefix(root) else {
                continue;
            };
            let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            let cache_control = if url.starts_with("/pkg/") {
                HASHED_CACHE
            } else {
                NAMED_CACHE
            };
            files.insert(url, read_file(&p, cache_control)?);
        }
        let site = Site { files, hashes };
        site.check(output_name)?;
        Ok(site)
    }

    /// Refuses a site that lacks a file the pages or the service worker name.
    fn check(&self, output_name: &str) -> anyhow::Result<()> {
        let Some(hashes) = &self.hashes else {
            let hashed = self.files.keys().any(|k| {
                k.starts_with(&format!("/pkg/{output_name}.")) && k.matches('.').count() >= 2
            });
            if hashed {
                anyhow::bail!(
                    "the site's files have hashed names but there is no hash.txt (cargo-leptos writes it beside the server \
                     binary): copy it there, or name it with --hash-file"
                );
            }
            tracing::warn!("no hash.txt: file names are not checked (a development build)");
            return Ok(());
        };
        let mut wanted = hashes.named_files(output_name);
        if hashes.lines.iter().all(|(k, _)| k != "js" && k != "wasm") {
            anyhow::bail!("the hash file names no JS or WASM file: is it cargo-leptos' hash.txt?");
        }
        if let Some(manifest) = hashes.manifest_file() {
            if let Some(file) = self.files.get(&manifest) {
                wanted.extend(
                    split_parts(&file.identity).map_err(|e| anyhow::anyhow!("{manifest}: {e}"))?,
                );
            }
        }
        wanted.extend(FIXED_FILES.iter().map(|f| f.to_string()));
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|f| !self.files.contains_key(*f))
            .collect();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            anyhow::bail!(
                "the built site lacks {} file(s) its pages or service worker name: {} (a build in progress, or hash.txt \
                 from another build? rebuild with scripts/build.sh)",
                list.len(),
                list.join(", ")
            );
        }
        Ok(())
    }

    /// Writes what Leptos reads from disk while rendering, as this process holds it: `hash.txt`
    /// and the split manifest, into `dir` (emptied first). Returns `dir`, absolute.
    pub fn pin(&self, hashes: &Hashes, dir: &Path) -> anyhow::Result<PathBuf> {
        let fail = |e: std::io::Error| {
            anyhow::anyhow!(
                "cannot write the served site's names to {}: {e}",
                dir.display()
            )
        };
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(fail)?;
        }
        std::fs::create_dir_all(dir.join("pkg")).map_err(fail)?;
        let text: String = hashes
            .lines
            .iter()
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect();
        std::fs::write(dir.join("hash.txt"), text).map_err(fail)?;
        if let Some(manifest) = hashes.manifest_file() {
            if let Some(bytes) = self.get(&manifest) {
                std::fs::write(dir.join(manifest.trim_start_matches('/')), bytes).map_err(fail)?;
            }
        }
        std::path::absolute(dir).map_err(fail)
    }

    /// The bytes of a file as built.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path).map(|f| &f.identity)
    }

    /// Serves the files at their paths.
    pub fn routes(self: Arc<Self>) -> Router {
        Router::new()
            .route("/pkg/{*file}", get(serve_file))
            .route("/icons/{*file}", get(serve_file))
            .route("/manifest.webmanifest", get(serve_file))
            .with_state(self)
    }
}

/// The WASM parts a split manifest lists (`{"name": ["part", …]}`), as site paths.
fn split_parts(manifest: &[u8]) -> anyhow::Result<Vec<String>> {
    let value: serde_json::Value = serde_json::from_slice(manifest)?;
    let mut out = Vec::new();
    let Some(entries) = value.as_object() else {
        anyhow::bail!("not a JSON object")
    };
    for parts in entries.values() {
        for part in parts
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
        {
            let path = format!("/pkg/{part}.wasm");
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// Reads `p` and its `.br`/`.gz` copies; a copy that does not decompress to the file's bytes
/// (written for another build) is made again in memory.
fn read_file(p: &Path, cache_control: &'static str) -> anyhow::Result<StaticFile> {
    let identity =
        std::fs::read(p).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
    // A copy kept beside the file, when it holds the file's bytes; else made again.
    let kept = |coding: Coding| -> anyhow::Result<Option<Bytes>> {
        let Ok(c) = std::fs::read(assets::compressed_copy(p, coding)) else {
            return Ok(None);
        };
        if decompress(&c, coding).as_deref() == Some(&identity[..]) {
            return Ok(Some(Bytes::from(c)));
        }
        Ok(Some(Bytes::from(compress(
            &identity,
            coding,
            Effort::Best,
        )?)))
    };
    let compressed = ByCoding {
        br: kept(Coding::Br)?,
        gzip: kept(Coding::Gzip)?,
    };
    let digest = Sha256::digest(&identity);
    let tag = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    Ok(StaticFile {
        identity: Bytes::from(identity),
        compressed,
        content_type: content_type(p),
        cache_control,
        tag,
    })
}

/// The media type by extension.
fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|x| x.to_str()).unwrap_or("") {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "html" => "text/html; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET` (and `HEAD`) of a static file: brotli, else gzip, else the bytes as built, by what
/// the request accepts; `304` when the request already holds this version.
async fn serve_file(State(site): State<Arc<Site>>, req: Request) -> Response {
    let Some(file) = site.files.get(req.uri().path()) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let headers = req.headers();
    let coding = Coding::chosen(headers, |c| file.compressed.get(c).is_some());
    let body = coding
        .and_then(|c| file.compressed.get(c).as_ref())
        .unwrap_or(&file.identity)
        .clone();
    let encoding = coding.map(Coding::name);
    let etag = match encoding {
        Some(e) => format!("\"{}-{e}\"", file.tag),
        None => format!("\"{}\"", file.tag),
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|t| {
                t.trim() == etag || t.trim() == "*" || t.trim().strip_prefix("W/") == Some(&etag)
            })
        });
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(body))
    };
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(file.cache_control),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if Coding::ALL
        .iter()
        .any(|&c| file.compressed.get(c).is_some())
    {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if !fresh {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(file.content_type),
        );
        if let Some(e) = encoding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
    }
    res
}
