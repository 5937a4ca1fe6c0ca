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
    #[arg(long = "log", env = "LOKET_LOG", default_value = "info,sqlx=warn", global = true)]
    pub log: String,
}

impl Common {
    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("loket.db").display()))
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
    /// Create a system admin. The password comes from `LOKET_ADMIN_PASSWORD`, or else one
    /// line of standard input; the same rules as for every account apply. Prints the account id.
    CreateAdmin {
        /// An e-mail address or an Indonesian mobile number.
        #[arg(long)]
        login: String,
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

/// Settings of `serve`.
#[derive(Debug, Clone, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, env = "LOKET_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The built site (HTML shell assets, `pkg/`, icons) made by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// The catalogue imported on first start, when the database is empty.
    #[arg(long, env = "LOKET_CATALOGUE", default_value = "catalogue")]
    pub catalogue: PathBuf,
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
    /// Mixed into the service worker's version: a new value makes every phone install the
    /// app afresh (offered as "Perbarui / Update"), e.g. after files were changed in place.
    #[arg(long, env = "LOKET_RELEASE_TAG", default_value = "")]
    pub release_tag: String,
    /// Test only, never in production: mount `/__test/faults`, which makes chosen answers
    /// fail after the app has done its work (browser tests of exactly-once delivery).
    #[arg(long, env = "LOKET_TEST_FAULTS", default_value_t = false)]
    pub test_faults: bool,
}

