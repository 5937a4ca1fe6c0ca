//! `GET /api/catalogue/changes` from the start. The catalogue's open delta
//! (`app::api::catalogue::catalogue_changes`) for a cursor of 0, or for one that must start
//! again, is every service of the catalogue: 57 MB of JSON at 10,000 services (2.5 MB brotli),
//! which took 0.3 s of a core to read and write and 0.3 s more to compress, on every request.
//! Those two answers are written once per catalogue state and compressed once per coding a
//! client asks for ([`Coded`]); any other cursor goes on to the server function, as before.

use crate::encoding::{self, Coded, Coding};
use app::domain::catalogue::{self, Cursor};
use app::store::{Db, StoreError};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The answers from the start as last written: at most one of each kind (a first sync, a
/// restart), labelled with the catalogue id and head revision they were read at.
#[derive(Clone, Default)]
pub struct FromStart {
    kept: Arc<Mutex<Vec<Kept>>>,
    /// One writing at a time: the requests that find nothing kept wait for it rather than each
    /// reading and writing the whole catalogue (16 at once took seconds and a gigabyte).
    writing: Arc<tokio::sync::Mutex<()>>,
    /// Answers written so far.
    writes: Arc<AtomicU64>,
}

/// A kept answer and the state it was read at.
struct Kept {
    catalogue: String,
    head: i64,
    reset: bool,
    answer: Arc<Coded>,
}

/// What a query asks, as the server function reads it (`since`, and `catalogue` when given);
/// `None` when it is anything else (the server function then answers it, or refuses it).
pub fn asked(query: &str) -> Option<(i64, Option<String>)> {
    let (mut since, mut client) = (None, None);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "since" if since.is_none() => since = Some(value.parse::<i64>().ok()?),
            "catalogue" if client.is_none() => client = Some(value.into_owned()),
            _ => return None,
        }
    }
    Some((since?, client))
}

impl FromStart {
    /// The answer to a request from `since` of catalogue `client` with `headers`, when it is one
    /// from the start; `None` when its cursor is one to follow.
    pub async fn answer(
        &self,
        db: &Db,
        since: i64,
        client: Option<&str>,
        headers: &HeaderMap,
    ) -> Result<Option<Response>, StoreError> {
        let since = Cursor(since.max(0));
        let (head, id) = app::store::catalogue::head(db).await?;
        let reset = catalogue::must_reset(since, client, Cursor(head), &id);
        if since.0 > 0 && !reset {
            return Ok(None);
        }
        let answer = match self.find(&id, head, reset) {
            Some(answer) => answer,
            None => self.write(db, since, client, (&id, head, reset)).await?,
        };
        let coding = Coding::chosen(headers, |_| true);
        let body = match answer.ready(coding) {
            Some(body) => body,
            None => {
                // One compression at a time too, for the same reason.
                let _one = self.writing.lock().await;
                answer
                    .coded(coding)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?
            }
        };
        let mut res = (StatusCode::OK, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        encoding::mark(h, coding);
        Ok(Some(res))
    }

    /// Writes the answer for `since` of `client` (one from the start, at the state `seen`),
    /// unless the writing this one waited for kept it.
    async fn write(
        &self,
        db: &Db,
        since: Cursor,
        client: Option<&str>,
        (id, head, reset): (&str, i64, bool),
    ) -> Result<Arc<Coded>, StoreError> {
        let _one = self.writing.lock().await;
        if let Some(answer) = self.find(id, head, reset) {
            return Ok(answer);
        }
        let delta = app::store::catalogue::changes_since(db, since, client).await?;
        let answer = Arc::new(Coded::new(serde_json::to_vec(&delta)?));
        self.writes.fetch_add(1, Ordering::Relaxed);
        // Labelled with the state it was read at: the cursor of an answer from the start is the
        // head revision then (the catalogue may have moved since `head`).
        self.keep(Kept {
            catalogue: delta.catalogue.clone(),
            head: delta.cursor.0,
            reset: delta.reset,
            answer: answer.clone(),
        });
        Ok(answer)
    }

    /// How many answers were written so far.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Vec<Kept>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer kept for this state and kind, if any.
    fn find(&self, catalogue: &str, head: i64, reset: bool) -> Option<Arc<Coded>> {
        self.kept()
            .iter()
            .find(|k| k.catalogue == catalogue && k.head == head && k.reset == reset)
            .map(|k| k.answer.clone())
    }

    /// Keeps `new`, and of the others only the other kind's of the same state.
    fn keep(&self, new: Kept) {
        let mut kept = self.kept();
        kept.retain(|k| k.catalogue == new.catalogue && k.head == new.head && k.reset != new.reset);
        kept.push(new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_read_as_the_server_function_reads_it_or_left_to_it() {
        assert_eq!(asked("since=0"), Some((0, None)));
        assert_eq!(
            asked("since=42&catalogue=c%2D1"),
            Some((42, Some("c-1".into())))
        );
        assert_eq!(asked("catalogue=c&since=-3"), Some((-3, Some("c".into()))));
        for other in [
            "",
            "since=",
            "since=x",
            "since=1&since=2",
            "since=0&more=1",
            "catalogue=c",
        ] {
            assert_eq!(asked(other), None, "{other:?}");
        }
    }
}
