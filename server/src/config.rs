//! Configuration from flags and environment variables (a flag wins), printed at start.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Loket: public services, even when the signal drops.
#[derive(Debug, Parser)]
#[command(name = "server", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub serve: Serve,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings every subcommand shares.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Where Loket keeps its data (the SQLite database, uploaded files in `files/`).
    #[arg(long, env = "LOKET_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// A database URL; defaults to `sqlite://<data-dir>/loket.db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Log filter, e.g. `info`, `server=debug,tower_http=debug`.
    #[arg(
        long = "log",
        env = "LOKET_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,
}

impl Common {
    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("loket.db").display()))
    }
}

/// What to do; without a subcommand, serve the app.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import catalogue TOML: a folder (the whole catalogue) or one agency's file.
    Import {
        /// `catalogue/` or `catalogue/polri.toml`.
        path: PathBuf,
    },
    /// Import the days off (national holidays, cuti bersama): one year's file or a folder of
    /// them. A year is replaced whole; due dates already given are kept.
    ImportCalendar {
        /// `calendar/` or `calendar/2027.toml`.
        path: PathBuf,
    },
    /// Create a system admin. The password comes from `LOKET_ADMIN_PASSWORD`, or else one
    /// line of standard input; the same rules as for every account apply. Prints the account id.
    CreateAdmin {
        /// An e-mail address or an Indonesian mobile number.
        #[arg(long)]
        login: String,
    },
    /// Fill a new database with a made-up history for the benchmark of the performance figures
    /// (`scripts/bench-kinerja.sh`): requests over this year, survey answers, questions and
    /// corrections, from a seed. Imports the catalogue and the calendar first (`--catalogue`,
    /// `--calendar`); refuses a database that already holds requests.
    GenerateHistory {
        /// How many requests.
        #[arg(long, default_value_t = 100_000)]
        requests: u64,
        /// The seed: the same seed gives the same history.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a made-up catalogue of national size into DIR, as the seed's TOML (`--catalogue`'s
    /// files copied, national agencies and regional offices per province added), for
    /// benchmarks; then print what its documents weigh raw and at brotli 5. Import it with
    /// `server import DIR`. The same seed and sizes give the same bytes.
    GenerateCatalogue {
        /// The seed: the same seed gives the same catalogue.
        #[arg(long, default_value_t = 14)]
        seed: u64,
        /// Services in all, the seed catalogue's included.
        #[arg(long, default_value_t = 10_000)]
        services: usize,
        /// Agencies in all, the seed catalogue's included.
        #[arg(long, default_value_t = 500)]
        agencies: usize,
        /// Provinces (the first by code), 1 to 38.
        #[arg(long, default_value_t = 38)]
        provinces: usize,
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// API keys of partner systems for Open311 (`/open311/v2`): one per system.
    #[command(name = "open311-key")]
    Open311Key {
        /// What to do with them.
        #[command(subcommand)]
        what: Open311KeyCommand,
    },
    /// The installation's secret (the secret file every server of one database shares).
    Secret {
        /// What to do with it.
        #[command(subcommand)]
        what: SecretCommand,
    },
    /// The append-only records (`audit_log`, `request_events`, `request_answers`).
    Audit {
        /// What to do with them.
        #[command(subcommand)]
        what: AuditCommand,
    },
}

/// `server audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk every hash chain from its first row; print what was checked, each chain's head and
    /// the first broken row. Exits non-zero when a chain is broken (e.g. after restoring a backup).
    Verify,
}

/// `server secret …`.
#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Make the secret file's newest secret (`--secret-file`, created when missing) this
    /// database's, when the one it was made under is lost for good: a server refuses to start
    /// with a secret file that does not hold the database's secret. Requests made under the
    /// lost secret can no longer be followed by PIN or device token. Audited.
    Adopt,
}

/// `server open311-key …`.
#[derive(Debug, Subcommand)]
pub enum Open311KeyCommand {
    /// Make a key for a partner system and print it, once: only its SHA-256 is kept. Audited.
    Create {
        /// The partner system's name (1 to 100 characters), shown to staff beside its requests.
        #[arg(long)]
        name: String,
    },
    /// List the keys: id, name, when made, and when revoked (never the keys themselves).
    List,
    /// Revoke a key by its id: from then on it files nothing (403). Audited.
    Revoke {
        /// The key's id (from `list`).
        id: i64,
    },
}

/// Settings of `serve`.
#[derive(Debug, Clone, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, env = "LOKET_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The address people reach the site at, `https://host[:port]`: the base of every absolute
    /// URL a page writes (its canonical link and Open Graph tags, which crawlers keep). Never
    /// taken from a request's `Host` header. Default: `http://<addr>`.
    #[arg(long, env = "LOKET_PUBLIC_URL")]
    pub public_url: Option<app::domain::share::PublicUrl>,
    /// The built site (HTML shell assets, `pkg/`, icons) made by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// The catalogue imported on first start, when the database is empty.
    #[arg(long, env = "LOKET_CATALOGUE", default_value = "catalogue")]
    pub catalogue: PathBuf,
    /// The days off (`<year>.toml` per year), imported at every start (a year whose file is
    /// unchanged is left as it is).
    #[arg(long, env = "LOKET_CALENDAR", default_value = "calendar")]
    pub calendar: PathBuf,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "LOKET_MAX_BODY", default_value_t = 256 * 1024)]
    pub max_body: usize,
    /// Mark cookies `Secure` (set when served behind HTTPS).
    #[arg(long, env = "LOKET_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Submissions accepted per client address per minute (0: no limit). Phones behind one
    /// carrier address share it, so it is generous; it stops a runaway script, not a crowd.
    #[arg(long, env = "LOKET_SUBMITS_PER_MINUTE", default_value_t = 600)]
    pub submits_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed, comma-separated addresses and
    /// networks (`127.0.0.1,10.0.0.0/8`). None by default: the connection's peer is the client
    /// (loopback too). From a listed peer, the rightmost entry that is not listed is the client.
    #[arg(long, env = "LOKET_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: crate::limits::TrustedProxies,
    /// Mixed into the service worker's version: a new value makes every phone install the
    /// app afresh (offered as "Perbarui / Update"), e.g. after files were changed in place.
    #[arg(long, env = "LOKET_RELEASE_TAG", default_value = "")]
    pub release_tag: String,
    /// Where uploaded files are kept (complete ones by their SHA-256, unfinished ones in
    /// `partial/`); default `<data-dir>/files`. Servers behind one address on one PostgreSQL
    /// share one: a volume every server mounts, where a rename within it is atomic.
    #[arg(long, env = "LOKET_FILES_DIR")]
    pub files_dir: Option<PathBuf>,
    /// The secret file PINs and device tokens are derived from (created on first start, mode
    /// 0600); default `<data-dir>/secret.key`. Back it up apart from the database.
    #[arg(long, env = "LOKET_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
    /// cargo-leptos' list of the hashed file names (`hash.txt`); empty: `hash.txt` beside this
    /// binary, when it exists. A start refuses a site that lacks a file this list names.
    #[arg(long, env = "LOKET_HASH_FILE")]
    pub hash_file: Option<PathBuf>,
    /// Seconds a client has to send a request's head (line and headers), counted from when the
    /// server starts waiting for it: on a kept-alive connection, from the end of the last
    /// answer, so this is also how long an idle kept-alive connection stays open.
    #[arg(long, env = "LOKET_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a request's whole body once its head has arrived; a
    /// slower body is refused (408) and the connection closed.
    #[arg(long, env = "LOKET_BODY_TIMEOUT_SECS", default_value_t = 60)]
    pub body_timeout_secs: u64,
    /// Seconds a connection may go without a byte moving either way (a client that stops
    /// reading an answer, a request that hangs) before it is closed.
    #[arg(long, env = "LOKET_IDLE_TIMEOUT_SECS", default_value_t = 60)]
    pub idle_timeout_secs: u64,
    /// Connections served at once; past it, new ones wait in the kernel's queue. Keep it below
    /// the open-file limit (`ulimit -n`), which the database and uploads also need.
    #[arg(long, env = "LOKET_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
    /// On SIGTERM or Ctrl-C: seconds requests in flight get to finish before every
    /// connection still open is closed and the process exits.
    #[arg(long, env = "LOKET_SHUTDOWN_GRACE_SECS", default_value_t = 10)]
    pub shutdown_grace_secs: u64,
    /// Upload quota per application (its upload key), in MB (10^6 bytes): its partial and
    /// complete files together.
    #[arg(long, env = "LOKET_UPLOAD_MB_PER_KEY", default_value_t = 25)]
    pub upload_mb_per_key: u64,
    /// Upload quota per client address, in MB received per clock hour (kept in the database,
    /// so a restart does not reset it). Phones behind one carrier address share it.
    #[arg(long, env = "LOKET_UPLOAD_MB_PER_ADDRESS_HOUR", default_value_t = 200)]
    pub upload_mb_per_address_hour: u64,
    /// The most all partial (unfinished) uploads together may hold on disk, in MB.
    #[arg(long, env = "LOKET_UPLOAD_PARTIAL_MB", default_value_t = 1000)]
    pub upload_partial_mb: u64,
    /// Uploads are refused (507) when they would leave less than this many MB free on the
    /// filesystem of the files folder (`--files-dir`).
    #[arg(long, env = "LOKET_UPLOAD_FREE_MB", default_value_t = 1000)]
    pub upload_free_mb: u64,
    /// A partial upload not continued for this many hours is swept (file and record).
    #[arg(long, env = "LOKET_UPLOAD_EXPIRY_HOURS", default_value_t = 24)]
    pub upload_expiry_hours: u64,
    /// A complete upload whose application never arrived is swept after this many days (a
    /// file an application names is never swept).
    #[arg(long, env = "LOKET_UPLOAD_UNCLAIMED_DAYS", default_value_t = 7)]
    pub upload_unclaimed_days: u64,
    /// Open311 requests (POSTs) one partner key may file per minute; past it, 429 with
    /// `Retry-After` (counted in the database, like every limit).
    #[arg(long, env = "LOKET_OPEN311_POSTS_PER_MINUTE", default_value_t = crate::limits::OPEN311_POSTS_PER_KEY_PER_MINUTE)]
    pub open311_posts_per_minute: u32,
    /// An OpenID provider to sign in with (repeatable; in `LOKET_OIDC_PROVIDERS` separated by
    /// `;`): `id=…,name=…,issuer=…,client-id=…,secret-file=…|key-file=…[,key-alg=ES256|RS256]
    /// [,key-id=…][,scopes=…][,staff-agencies=…]` (see `server::oidc::config`). Its callback is
    /// `<public-url>/auth/oidc/<id>/callback`.
    #[arg(
        long = "oidc-provider",
        env = "LOKET_OIDC_PROVIDERS",
        value_delimiter = ';'
    )]
    pub oidc_providers: Vec<crate::oidc::config::ProviderSpec>,
    /// Test only, never in production: mount `/__test/faults`, which makes chosen answers
    /// fail after the app has done its work (browser tests of exactly-once delivery).
    #[arg(long, env = "LOKET_TEST_FAULTS", default_value_t = false)]
    pub test_faults: bool,
}

impl Serve {
    /// The public URL in force: `--public-url`, else `http://<addr>`.
    pub fn public_url(&self) -> app::domain::share::PublicUrl {
        self.public_url
            .clone()
            .unwrap_or_else(|| app::domain::share::PublicUrl::of_addr(self.addr))
    }

    /// The uploads' folder in force: `--files-dir`, else `<data_dir>/files`.
    pub fn files_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        self.files_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("files"))
    }

    /// The upload quotas and expiry times these settings give.
    pub fn upload_limits(&self) -> crate::files::UploadLimits {
        const MB: u64 = 1_000_000;
        let bytes = |mb: u64| i64::try_from(mb.saturating_mul(MB)).unwrap_or(i64::MAX);
        let secs = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
        crate::files::UploadLimits {
            quotas: app::store::files::Quotas {
                per_key: bytes(self.upload_mb_per_key),
                per_address_hour: bytes(self.upload_mb_per_address_hour),
                partial_total: bytes(self.upload_partial_mb),
            },
            free_floor: self.upload_free_mb.saturating_mul(MB),
            partial_expiry: secs(self.upload_expiry_hours.saturating_mul(3600)),
            unclaimed_expiry: secs(self.upload_unclaimed_days.saturating_mul(24 * 3600)),
        }
    }
}
