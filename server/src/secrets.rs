//! The secret file: the keys PINs and device tokens are derived from (`app::keys`), kept apart
//! from the database so that a copy of the database alone unlocks no request.
//!
//! Format: one secret per line, 64 hex digits (32 bytes), newest first; blank lines and lines
//! starting with `#` are ignored. The first line derives everything new; the others are still
//! accepted (rotation: put a new line on top, keep the old ones while their requests are
//! followed). Created on first start with one random secret, mode 0600; a file that others can
//! read is refused, as ssh refuses a readable private key.

use app::keys::Secrets;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the secret file is: `--secret-file`, else `<data-dir>/secret.key`.
pub fn path(configured: Option<&Path>, data_dir: &Path) -> PathBuf {
    configured.map_or_else(|| data_dir.join("secret.key"), Path::to_path_buf)
}

/// Reads the secrets at `path`, creating the file with one new random secret when it is
/// missing (another server sharing the file may create it first: then its secret is read).
pub fn load_or_create(path: &Path) -> anyhow::Result<Secrets> {
    if !path.exists() {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key)
            .map_err(|e| anyhow::anyhow!("no random bytes for a new secret: {e}"))?;
        match write_new(path, &key) {
            Ok(()) => {
                tracing::info!(path = %path.display(), "created a new secret file: back it up apart from the database")
            }
            Err(e) if path.exists() => {
                tracing::debug!("another server made the secret file first: {e}")
            }
            Err(e) => return Err(e),
        }
    }
    load(path)
}

/// What a server does with its secret file, given the secret the database records as the
/// installation's.
#[derive(Debug, PartialEq, Eq)]
pub enum Installation {
    /// The file's newest secret is the installation's: go on.
    Same,
    /// Record the file's newest secret as the installation's: none was recorded (a new
    /// database, or one from before secrets were recorded), or the file has a newer secret on
    /// top of the recorded one (a rotation).
    Record,
    /// Refuse to start: the file does not hold the installation's secret, so this server would
    /// give other PINs and refuse the others' device tokens.
    Refuse,
}

/// The rule: `recorded` is the database's secret id, `file` the ids of the file's secrets,
/// newest first.
pub fn installation(recorded: Option<&str>, file: &[String]) -> Installation {
    match recorded {
        None => Installation::Record,
        Some(r) if file.first().is_some_and(|newest| newest == r) => Installation::Same,
        Some(r) if file.iter().any(|id| id == r) => Installation::Record,
        Some(_) => Installation::Refuse,
    }
}

/// Reads this server's secrets and holds them to the installation's (call it under the
/// start-up lock): a new installation records the file's newest secret, a rotated file
/// records its new one, and a file without the installation's secret (another installation's,
/// an old copy, or a new one made because the file was lost) stops the start with what to do.
/// When the database names a secret, a missing file is never replaced by a new one.
pub async fn for_installation(pool: &app::store::Db, path: &Path) -> anyhow::Result<Secrets> {
    let recorded = app::store::installation::key_id(pool).await?;
    if let Some(r) = &recorded {
        if !path.exists() {
            anyhow::bail!(
                "the secret file {} is missing, and this database's requests were made under secret {r}: \
                 restore the file from its backup (or copy it from another server of this database). \
                 If it is lost for good, `server secret adopt` makes a new one this installation's; \
                 requests made before can then no longer be followed by PIN or device token",
                path.display()
            );
        }
    }
    let secrets = load_or_create(path)?;
    let ids: Vec<String> = secrets.ids().collect();
    match installation(recorded.as_deref(), &ids) {
        Installation::Same => {}
        Installation::Record => {
            app::store::installation::record_key_id(pool, &ids[0], "cli").await?;
            match &recorded {
                None => {
                    tracing::info!(key_id = %ids[0], "recorded this installation's secret (its id, not the secret)")
                }
                Some(before) => {
                    tracing::info!(key_id = %ids[0], before = %before, "the secret file has a new secret on top: recorded it as this installation's; copy the file to every server")
                }
            }
        }
        Installation::Refuse => anyhow::bail!(
            "the secret file {} does not hold this database's secret {} (the file's newest is {}): \
             every server of one database needs the same secret file; copy it from a server that \
             has it. If the database's secret is lost for good, `server secret adopt` makes this \
             file's secret the installation's; requests made before can then no longer be \
             followed by PIN or device token",
            path.display(),
            recorded.as_deref().unwrap_or_default(),
            ids[0]
        ),
    }
    Ok(secrets)
}

/// `server secret adopt`: records the secret file's newest secret as the installation's,
/// whatever was recorded (creating the file when it is missing). Returns the ids before and
/// after.
pub async fn adopt(pool: &app::store::Db, path: &Path) -> anyhow::Result<(Option<String>, String)> {
    let id = load_or_create(path)?.current_id();
    let before = app::store::installation::record_key_id(pool, &id, "cli").await?;
    Ok((before, id))
}

/// Reads the secrets at `path`.
pub fn load(path: &Path) -> anyhow::Result<Secrets> {
    check_private(path)?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read the secret file {}: {e}", path.display()))?;
    let mut keys = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = parse_key(line).ok_or_else(|| {
            anyhow::anyhow!(
                "secret file {} line {}: expected 64 hexadecimal digits (32 bytes)",
                path.display(),
                n + 1
            )
        })?;
        keys.push(key);
    }
    Secrets::new(keys)
        .ok_or_else(|| anyhow::anyhow!("secret file {} holds no secret", path.display()))
}

/// Moves the secret an older Loket kept in the database (migration 0006) into the secret file,
/// so requests made before keep their PINs and tokens, then removes it from the database. When
/// the file exists already, the database's copy is only removed (a warning says when the two
/// differ: requests made under the database's secret can then no longer be followed by token).
pub async fn adopt_legacy(pool: &app::store::Db, path: &Path) -> anyhow::Result<()> {
    let Some(old) = app::store::requests::legacy_secret(pool).await? else {
        return Ok(());
    };
    let old: [u8; 32] = old
        .try_into()
        .map_err(|_| anyhow::anyhow!("the database's old secret is not 32 bytes"))?;
    if path.exists() {
        if load(path)?.token("probe")
            != Secrets::new(vec![old])
                .map(|s| s.token("probe"))
                .unwrap_or_default()
        {
            tracing::warn!(path = %path.display(), "the database held a secret other than the secret file's: the file's is kept");
        }
    } else {
        write_new(path, &old)?;
        tracing::info!(path = %path.display(), "moved the secret out of the database into its own file");
    }
    app::store::requests::drop_legacy_secret(pool).await?;
    Ok(())
}

fn parse_key(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
}

/// Writes a new secret file holding `key`, readable by its owner only, durably.
fn write_new(path: &Path, key: &[u8; 32]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot create the secret file {}: {e}", path.display()))?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    writeln!(file, "# Loket's secret: PINs and device tokens are derived from it. Keep it private and backed up")?;
    writeln!(file, "# apart from the database. Rotation: add a new line on top; keep older lines while needed.")?;
    writeln!(file, "{hex}")?;
    file.sync_all()?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Refuses a secret file that anyone but its owner may read or write.
fn check_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| anyhow::anyhow!("cannot read the secret file {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            anyhow::bail!(
                "the secret file {} can be read or changed by others (mode {:o}): run `chmod 600 {}`",
                path.display(),
                mode & 0o777,
                path.display()
            );
        }
    }
    Ok(())
}

/// Converts every request whose PIN is still an argon2 hash (see
/// `app::store::requests::convert_hashed_pins`), 100 per round in order of id, yielding between
/// rounds.
pub async fn convert_hashed_pins(pool: app::store::Db, secrets: Secrets) {
    let (mut total, mut after) = (0, String::new());
    loop {
        match app::store::requests::convert_hashed_pins(&pool, &secrets, &after, 100).await {
            Ok((n, Some(last))) => (total, after) = (total + n, last),
            Ok((_, None)) => break,
            Err(e) => {
                tracing::warn!("converting hashed PINs stopped: {e}");
                break;
            }
        }
        tokio::task::yield_now().await;
    }
    if total > 0 {
        tracing::info!(
            total,
            "requests' PINs are now derived again, no longer hashed"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/secret.key");
        let a = load_or_create(&p).unwrap();
        let b = load_or_create(&p).unwrap();
        assert_eq!(
            a.token("x"),
            b.token("x"),
            "the same secret on the next start"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            let e = load(&p).unwrap_err().to_string();
            assert!(e.contains("chmod 600"), "{e}");
        }
    }

    #[test]
    fn a_server_keeps_to_the_installations_secret() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        use Installation::*;
        assert_eq!(installation(None, &ids(&["a"])), Record, "a new database");
        assert_eq!(installation(Some("a"), &ids(&["a", "z"])), Same);
        assert_eq!(
            installation(Some("a"), &ids(&["b", "a"])),
            Record,
            "a rotation: a new secret on top of the recorded one"
        );
        assert_eq!(
            installation(Some("b"), &ids(&["a"])),
            Refuse,
            "an old copy of the file, from before the rotation"
        );
        assert_eq!(
            installation(Some("a"), &ids(&["c"])),
            Refuse,
            "another file"
        );
    }

    #[test]
    fn bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secret.key");
        write_new(&p, &[7; 32]).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{}\nnot hex\n", text.trim_end())).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("line 4"), "{e}");
    }
}
