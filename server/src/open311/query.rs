//! The query of a GET: its pairs (an empty value counts as absent), the time window and paging.

use app::domain::open311::{datetime, Error};

/// The longest window `start_date`–`end_date`, and the default one.
const WINDOW_MS: i64 = 90 * 86_400_000;
/// The default page size, and the largest a client may ask for.
const PAGE_SIZE: (i64, i64) = (100, 1000);

/// A GET's query, first value of each name.
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Reads a raw query string (`+` as a space, percent-decoded).
    pub fn parse(raw: &str) -> Query {
        Query(
            form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// A comma list (`a,b`), its empty items dropped; `None` when absent.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.get(name).map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
    }

    /// The window as stored UTC text `(from, to)`: no dates, the last 90 days; one date, 90 days
    /// from or up to it; both, at most 90 days apart and in order. Dates are W3C datetimes with
    /// a time zone.
    pub fn window(&self, now_ms: i64) -> Result<(String, String), Vec<Error>> {
        let read = |name: &str| -> Result<Option<i64>, Error> {
            match self.get(name) {
                None => Ok(None),
                Some(v) => datetime::parse(v).map(Some).ok_or_else(|| {
                    Error::new(
                        400,
                        format!(
                            "{name}: bukan tanggal-waktu W3C dengan zona waktu, contoh 2026-12-01T08:00:00+07:00"
                        ),
                    )
                }),
            }
        };
        let (start, end) = (read("start_date"), read("end_date"));
        let (start, end) = match (start, end) {
            (Ok(s), Ok(e)) => (s, e),
            (s, e) => return Err([s.err(), e.err()].into_iter().flatten().collect()),
        };
        let (from, to) = match (start, end) {
            (None, None) => (now_ms - WINDOW_MS, now_ms),
            (Some(s), None) => (s, s + WINDOW_MS),
            (None, Some(e)) => (e - WINDOW_MS, e),
            (Some(s), Some(e)) if e < s => {
                return Err(vec![Error::new(400, "end_date sebelum start_date")])
            }
            (Some(s), Some(e)) if e - s > WINDOW_MS => {
                return Err(vec![Error::new(
                    400,
                    "start_date sampai end_date paling lama 90 hari",
                )])
            }
            (Some(s), Some(e)) => (s, e),
        };
        Ok((datetime::write_stored(from), datetime::write_stored(to)))
    }

    /// `(limit, offset)` from `page_size` (1–1000, default 100) and `page` (from 1).
    pub fn paging(&self) -> Result<(i64, i64), Vec<Error>> {
        let mut errors = Vec::new();
        let size = match self.get("page_size").map(str::parse::<i64>) {
            None => PAGE_SIZE.0,
            Some(Ok(n)) if (1..=PAGE_SIZE.1).contains(&n) => n,
            Some(_) => {
                errors.push(Error::new(400, "page_size: bilangan bulat 1 sampai 1000"));
                0
            }
        };
        let page = match self.get("page").map(str::parse::<i64>) {
            None => 1,
            Some(Ok(n)) if (1..=1_000_000).contains(&n) => n,
            Some(_) => {
                errors.push(Error::new(400, "page: bilangan bulat mulai 1"));
                0
            }
        };
        if errors.is_empty() {
            Ok((size, (page - 1) * size))
        } else {
            Err(errors)
        }
    }
}
