//! Reading the calendar of days off (`calendar/<year>.toml`: a year's national holidays and
//! cuti bersama with the decree they come from) and importing it: at every start from the
//! `--calendar` folder, and by `server import-calendar PATH` for a new year or a revised decree.

use app::domain::calendar::CalendarFile;
use app::store::calendar::Imported;
use app::store::Db;
use std::path::{Path, PathBuf};

/// Reads one year's file, or every `*.toml` of a folder (sorted by name), checked: a file with
/// problems is an error naming the file and every problem.
pub fn read(path: &Path) -> anyhow::Result<Vec<(PathBuf, CalendarFile)>> {
    let files = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let parsed: CalendarFile =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let problems = parsed.problems();
        if !problems.is_empty() {
            anyhow::bail!("{}: {}", file.display(), problems.join("; "));
        }
        out.push((file, parsed));
    }
    Ok(out)
}

/// Reads and imports `path` (a file or a folder) as `actor` (`cli`); what happened to each
/// year, in the order read. Nothing is imported when any file has a problem.
pub async fn import_path(
    pool: &Db,
    path: &Path,
    actor: &str,
) -> anyhow::Result<Vec<(CalendarFile, Imported)>> {
    let mut out = Vec::new();
    for (_, file) in read(path)? {
        let done = app::store::calendar::import(pool, &file, actor).await?;
        out.push((file, done));
    }
    Ok(out)
}

/// One line per year for the command line and the log: `2026 (revision 2025-09-19): new, 25 days`.
pub fn describe(file: &CalendarFile, done: &Imported) -> String {
    let what = match done {
        Imported::New => "new".to_string(),
        Imported::Revised(before) => format!("revised from {before}"),
        Imported::Unchanged => "unchanged".to_string(),
    };
    format!(
        "{} (revision {}): {what}, {} days",
        file.year,
        file.revision,
        file.day.len()
    )
}
