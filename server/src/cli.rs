//! The command line: `server` serves; `server import PATH` imports catalogue files;
//! `server import-calendar PATH` imports the days off;
//! `server create-admin --login …` creates a system admin; `server secret adopt` makes the
//! secret file's secret the database's; `server audit verify` checks the
//! append-only records' hash chains; `server generate-history` makes a benchmark's database;
//! `server generate-catalogue DIR` writes a national-size catalogue for benchmarks.

use crate::config::{AuditCommand, Cli, Command, Open311KeyCommand, SecretCommand};
use crate::{db, generate, history, holidays, http, seed, serve};
use clap::Parser;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// Runs the command line.
pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    // Everything Loket writes (database, uploads, the secret file) is for this user only.
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_new(&cli.common.log).unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let result = match &cli.command {
        None => serve(&cli).await,
        Some(Command::Import { path }) => import(&cli, path).await,
        Some(Command::ImportCalendar { path }) => import_calendar(&cli, path).await,
        Some(Command::CreateAdmin { login }) => create_admin_command(&cli, login).await,
        Some(Command::GenerateHistory { requests, seed }) => {
            generate_history(&cli, *requests, *seed).await
        }
        Some(Command::GenerateCatalogue {
            seed,
            services,
            agencies,
            provinces,
            dir,
        }) => {
            let sizes = generate::Sizes {
                seed: *seed,
                services: *services,
                agencies: *agencies,
                provinces: *provinces,
            };
            generate::command(&cli.serve.catalogue, dir, &sizes)
        }
        Some(Command::Audit {
            what: AuditCommand::Verify,
        }) => audit_verify(&cli).await,
        Some(Command::Open311Key { what }) => open311_key(&cli, what).await,
        Some(Command::Secret {
            what: SecretCommand::Adopt,
        }) => secret_adopt(&cli).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn import(cli: &Cli, path: &std::path::Path) -> anyhow::Result<()> {
    let pool = db::connect(&cli.common.database_url()).await?;
    let r = seed::import_path_as(&pool, path, "cli").await?;
    println!(
        "imported {}: {} added, {} changed, {} unchanged, {} withdrawn; catalogue revision {}",
        path.display(),
        r.added,
        r.changed,
        r.unchanged,
        r.withdrawn,
        r.revision
    );
    pool.close().await;
    Ok(())
}

async fn import_calendar(cli: &Cli, path: &std::path::Path) -> anyhow::Result<()> {
    let pool = db::connect(&cli.common.database_url()).await?;
    for (file, done) in holidays::import_path(&pool, path, "cli").await? {
        println!("calendar {}", holidays::describe(&file, &done));
    }
    pool.close().await;
    Ok(())
}

/// `server generate-history`: the catalogue and calendar imported into a new database, then a
/// made-up history written in one transaction.
async fn generate_history(cli: &Cli, requests: u64, seed: u64) -> anyhow::Result<()> {
    std::fs::create_dir_all(&cli.common.data_dir)?;
    db::make_private(&cli.common.data_dir, 0o700)?;
    let pool = db::connect(&cli.common.database_url()).await?;
    if app::store::catalogue::is_empty(&pool).await? {
        seed::import_path_as(&pool, &cli.serve.catalogue, "cli").await?;
    }
    if cli.serve.calendar.exists() {
        holidays::import_path(&pool, &cli.serve.calendar, "cli").await?;
    }
    let started = std::time::Instant::now();
    let made = history::generate(&pool, requests, seed, app::clock::today()).await;
    pool.close().await;
    let made = made?;
    println!(
        "generated {} requests ({} finished, {} surveyed), {} questions, {} corrections in {:.1} s",
        made.requests,
        made.finished,
        made.surveys,
        made.questions,
        made.corrections,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `server audit verify`: walks every chain, prints the report, fails on a break.
async fn audit_verify(cli: &Cli) -> anyhow::Result<()> {
    let pool = db::connect(&cli.common.database_url()).await?;
    let report = app::store::audit::verify(&pool).await;
    pool.close().await;
    let report = report?;
    print!("{report}");
    if !report.ok() {
        anyhow::bail!("the audit chain is broken: a row was changed, removed or inserted outside Loket (first broken row above)");
    }
    println!("every chain holds");
    Ok(())
}

/// `server secret adopt`.
async fn secret_adopt(cli: &Cli) -> anyhow::Result<()> {
    let pool = db::connect(&cli.common.database_url()).await?;
    let path = crate::secrets::path(cli.serve.secret_file.as_deref(), &cli.common.data_dir);
    let done = crate::secrets::adopt(&pool, &path).await;
    pool.close().await;
    match done? {
        (Some(before), now) if before != now => {
            println!(
                "this database's secret is now {now} (was {before}): copy {} to every server",
                path.display()
            )
        }
        (_, now) => println!(
            "this database's secret is {now}: copy {} to every server",
            path.display()
        ),
    }
    Ok(())
}

/// `server open311-key create|list|revoke`.
async fn open311_key(cli: &Cli, what: &Open311KeyCommand) -> anyhow::Result<()> {
    let pool = db::connect(&cli.common.database_url()).await?;
    let done = open311_key_on(&pool, what, &mut std::io::stdout()).await;
    pool.close().await;
    done
}

/// Runs an `open311-key` command on `pool`, writing what it prints to `out`. `create` prints
/// `id<TAB>key` (the key is not kept and cannot be shown again); `list` one line per key.
pub async fn open311_key_on(
    pool: &app::store::Db,
    what: &Open311KeyCommand,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    use app::store::open311;
    match what {
        Open311KeyCommand::Create { name } => {
            let (id, key) = open311::create_key(pool, name, "cli").await?;
            writeln!(out, "{id}\t{key}")?;
            eprintln!(
                "key {id} for {:?}: give it to the partner now; Loket keeps only its hash",
                name.trim()
            );
        }
        Open311KeyCommand::List => {
            for k in open311::keys(pool).await? {
                let state = k
                    .revoked_at
                    .map_or_else(|| "active".to_string(), |at| format!("revoked {at}"));
                writeln!(out, "{}\t{}\t{}\t{}", k.id, k.name, k.created_at, state)?;
            }
        }
        Open311KeyCommand::Revoke { id } => {
            if !open311::revoke_key(pool, *id, "cli").await? {
                anyhow::bail!("no active key {id} (see `server open311-key list`)");
            }
            writeln!(out, "revoked key {id}")?;
        }
    }
    Ok(())
}

/// The environment variable `create-admin` reads the password from.
pub const ADMIN_PASSWORD_ENV: &str = "LOKET_ADMIN_PASSWORD";

async fn create_admin_command(cli: &Cli, login: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let pool = db::connect(&cli.common.database_url()).await?;
    let from_env = std::env::var(ADMIN_PASSWORD_ENV).ok();
    if from_env.is_none() && std::io::stdin().is_terminal() {
        eprint!(
            "Password for {login} (at least 10 characters, one line; it is shown as you type): "
        );
    }
    let id = create_admin(&pool, login, from_env, &mut std::io::stdin().lock()).await;
    pool.close().await;
    println!("{}", id?);
    Ok(())
}

/// Creates a system admin with `login`. The password is `password` when given (from
/// `LOKET_ADMIN_PASSWORD`), else one line read from `input`. Weak passwords and taken logins
/// are refused with the rule in both languages. Returns the new account's id.
pub async fn create_admin(
    pool: &app::store::Db,
    login: &str,
    password: Option<String>,
    input: &mut dyn std::io::BufRead,
) -> anyhow::Result<String> {
    use app::domain::l10n::Lang;
    use app::error::AppError;
    use app::i18n::Msg;
    let password = match password {
        Some(p) => p,
        None => {
            let mut line = String::new();
            input.read_line(&mut line).map_err(|e| {
                anyhow::anyhow!("cannot read the password from standard input: {e}")
            })?;
            line.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    if password.is_empty() {
        anyhow::bail!(
            "no password: set {ADMIN_PASSWORD_ENV} or give it as one line on standard input"
        );
    }
    match app::api::auth::create_system_admin(pool, login, &password).await {
        Ok(id) => Ok(id),
        Err(AppError::Account(r)) => {
            anyhow::bail!(
                "{} / {}",
                Msg::from(r).get(Lang::En),
                Msg::from(r).get(Lang::Id)
            )
        }
        Err(e) => anyhow::bail!("could not create the admin: {e} (details in the log above)"),
    }
}

async fn serve(cli: &Cli) -> anyhow::Result<()> {
    let s = &cli.serve;
    let url = cli.common.database_url();
    tracing::info!(
        addr = %s.addr, public_url = %s.public_url(), data_dir = %cli.common.data_dir.display(), database = %db::without_password(&url),
        site_root = %s.site_root.display(), catalogue = %s.catalogue.display(), calendar = %s.calendar.display(), log = %cli.common.log,
        hash_file = ?s.hash_file, max_body = s.max_body, secure_cookies = s.secure_cookies, release_tag = %s.release_tag,
        test_faults = s.test_faults, trusted_proxies = %s.trusted_proxies,
        "Loket {} starting", env!("CARGO_PKG_VERSION")
    );
    std::fs::create_dir_all(&cli.common.data_dir)?;
    db::make_private(&cli.common.data_dir, 0o700)?;
    let pool = db::connect(&url).await?;
    // Servers of one PostgreSQL database start one at a time from here to the end of the
    // start-up work (the secret, the first import, the calendar), so two starting together on
    // an empty database do it once. On SQLite, one server has the file: nothing to wait for.
    let start = pool.hold("loket:start").await?;
    let secret_file = crate::secrets::path(s.secret_file.as_deref(), &cli.common.data_dir);
    crate::secrets::adopt_legacy(&pool, &secret_file).await?;
    let secrets = crate::secrets::for_installation(&pool, &secret_file).await?;
    if app::store::catalogue::is_empty(&pool).await? {
        let r = seed::import_path_as(&pool, &s.catalogue, "cli").await?;
        tracing::info!(
            added = r.added,
            "empty database: imported the catalogue from {}",
            s.catalogue.display()
        );
    }
    // The days off: every start, so a deployed revision of a year's file takes effect (due
    // dates given before keep theirs). Without the folder, only weekends are days off.
    if s.calendar.exists() {
        for (file, done) in holidays::import_path(&pool, &s.calendar, "cli").await? {
            tracing::info!("calendar {}", holidays::describe(&file, &done));
        }
    } else {
        tracing::warn!(
            "no calendar folder at {}: due dates count weekends only",
            s.calendar.display()
        );
    }
    // Requests finished before their finishing day and working days were kept (migration 0015)
    // get them now, once, counted with the calendar just imported.
    let filled = app::store::performance::fill_finished(&pool).await?;
    if filled > 0 {
        tracing::info!(
            filled,
            "kept the finishing day and working days of finished requests"
        );
    }
    start.release().await?;
    // The chains' heads, in the log (off the database): what a later `audit verify` can be held to.
    for (table, head) in app::store::audit::heads(&pool).await? {
        tracing::info!(
            table,
            seq = head.as_ref().map(|h| h.0),
            hash = head.as_ref().map(|h| h.1.as_str()),
            "audit chain head"
        );
    }
    // Requests from before PINs were derived again keep an argon2 hash of theirs: converted in
    // the background, a batch at a time, so the server answers at once.
    tokio::spawn(crate::secrets::convert_hashed_pins(pool.clone(), secrets));
    let listener = tokio::net::TcpListener::bind(s.addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", s.addr))?;
    let router = http::router(pool.clone(), &cli.common.data_dir, s)?;
    let timeouts = serve::Timeouts::from_settings(s);
    tracing::info!(?timeouts, "listening on http://{}", s.addr);
    serve::run(listener, router, timeouts, serve::stop_signal()).await;
    // A request cut at the deadline may still hold a connection for a moment: don't wait long.
    if tokio::time::timeout(std::time::Duration::from_secs(2), pool.close())
        .await
        .is_err()
    {
        tracing::warn!("the database did not close within 2 s");
    }
    tracing::info!("stopped");
    Ok(())
}
