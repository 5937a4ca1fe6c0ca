//! Sweeping: partial uploads left for longer than their expiry, complete files no request came
//! to claim, and files on disk nothing lists, removed at start and then every hour.

use super::disk::{old_files, remove};
use super::storage::Files;
use super::{unix_now, Swept};
use app::domain::file::parse_name;
use app::domain::submission::parse_upload_key;
use app::store::files as store;
use std::sync::Arc;

impl Files {
    /// Removes what uploads left behind, as of `now` (Unix seconds): partial uploads not
    /// touched for the partial expiry (file and row), complete uploads of keys that never became
    /// a request after the unclaimed expiry, and then the bytes of every file that no key and no
    /// request holds any more. A file a request names is never removed.
    pub async fn sweep(&self, now: i64) -> Result<Swept, String> {
        let mut swept = Swept::default();
        let stale = store::stale_partials(&self.pool, now - self.limits.partial_expiry)
            .await
            .map_err(|e| e.to_string())?;
        for (key, sha) in stale {
            let _turn = self.turns.take(&sha).await.map_err(|e| e.to_string())?;
            // Touched meanwhile? Then it is not stale any more, and stays.
            if store::forget_if_stale(&self.pool, &key, &sha, now - self.limits.partial_expiry)
                .await
                .map_err(|e| e.to_string())?
            {
                remove(&self.partial_path(&key, &sha))
                    .await
                    .map_err(|_| "removing a partial upload failed".to_string())?;
                swept.partials += 1;
            }
        }
        swept.partials += self.sweep_unlisted_partials(now).await?;
        let unclaimed = store::stale_completes(&self.pool, now - self.limits.unclaimed_expiry)
            .await
            .map_err(|e| e.to_string())?;
        let mut candidates: Vec<String> = Vec::new();
        for (key, sha) in unclaimed {
            let _turn = self.turns.take(&sha).await.map_err(|e| e.to_string())?;
            store::forget(&self.pool, &key, &sha)
                .await
                .map_err(|e| e.to_string())?;
            candidates.push(sha);
        }
        candidates.extend(self.unheld_complete_files(now).await?);
        candidates.sort();
        candidates.dedup();
        for sha in candidates {
            let _turn = self.turns.take(&sha).await.map_err(|e| e.to_string())?;
            if store::in_use(&self.pool, &sha)
                .await
                .map_err(|e| e.to_string())?
            {
                continue;
            }
            store::unlist(&self.pool, &sha)
                .await
                .map_err(|e| e.to_string())?;
            remove(&self.complete_path(&sha))
                .await
                .map_err(|_| "removing a file failed".to_string())?;
            swept.files += 1;
        }
        let _ = store::forget_volume(&self.pool, now.div_euclid(3600) - 1).await;
        Ok(swept)
    }

    /// Partial files on disk that no upload counts (left by an older server or a crash), older
    /// than the partial expiry: removed. Returns how many.
    async fn sweep_unlisted_partials(&self, now: i64) -> Result<u64, String> {
        let mut n = 0;
        for name in old_files(&self.dir.join("partial"), now, self.limits.partial_expiry)
            .map_err(|e| e.to_string())?
        {
            let owner = match (
                name.get(..36).and_then(parse_upload_key),
                name.get(36..37),
                name.get(37..).and_then(parse_name),
            ) {
                (Some(key), Some("-"), Some(sha)) => Some((key, sha)),
                _ => None,
            };
            let _turn = match &owner {
                Some((_, sha)) => Some(self.turns.take(sha).await.map_err(|e| e.to_string())?),
                None => None,
            };
            if let Some((key, sha)) = &owner {
                if store::upload(&self.pool, key, sha)
                    .await
                    .map_err(|e| e.to_string())?
                    .is_some()
                {
                    continue;
                }
            }
            remove(&self.dir.join("partial").join(&name))
                .await
                .map_err(|_| "removing a partial file failed".to_string())?;
            n += 1;
        }
        Ok(n)
    }

    /// Complete files nobody may hold any more: on disk but not listed, or listed with no
    /// upload, older than the unclaimed expiry (whether a request names them is checked by the
    /// caller, in the file's turn).
    async fn unheld_complete_files(&self, now: i64) -> Result<Vec<String>, String> {
        let before = now - self.limits.unclaimed_expiry;
        let mut out = store::without_upload(&self.pool, before)
            .await
            .map_err(|e| e.to_string())?;
        for name in
            old_files(&self.dir, now, self.limits.unclaimed_expiry).map_err(|e| e.to_string())?
        {
            if parse_name(&name).is_some_and(|s| s == name)
                && store::stored(&self.pool, &name)
                    .await
                    .map_err(|e| e.to_string())?
                    .is_none()
            {
                out.push(name);
            }
        }
        Ok(out)
    }
}

/// Sweeps uploads at start and then every hour, for as long as the process runs (a no-op
/// outside a tokio runtime).
pub fn start_sweeper(files: &Arc<Files>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let files = Arc::downgrade(files);
    runtime.spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            // A router that is gone (tests build many) needs no sweeping.
            let Some(files) = files.upgrade() else { return };
            match files.sweep(unix_now()).await {
                Ok(s) if s != Swept::default() => {
                    tracing::info!(partials = s.partials, files = s.files, "swept uploads")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(%e, "sweeping uploads"),
            }
        }
    });
}
