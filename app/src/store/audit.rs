//! The append-only records and their hash chain (migration 0009): `audit_log` (who did what),
//! `request_events` (a request's timeline) and `request_answers` (every set of answers a request
//! had). This is the only code that writes them.
//!
//! Each row stores `prev_hash`, the `hash` of the row before it in the same table ([`GENESIS`]
//! for the first), and its own `hash`: SHA-256 over a fixed encoding of the table's name,
//! `prev_hash` and the row's fields (see [`row_hash`]). It is computed and written in the
//! transaction that writes the row, which holds SQLite's write lock (`BEGIN IMMEDIATE`), so
//! rows chain in `seq` order. Triggers refuse updates and deletes (and `PRAGMA
//! recursive_triggers`, set on every connection, makes `INSERT OR REPLACE` fire them); someone
//! who drops the triggers and rewrites, removes or inserts a row breaks the chain, which
//! [`verify`] (`server audit verify`) walks. Someone who also recomputes every later hash is
//! caught only against a head noted elsewhere: `verify` prints each chain's head, and the
//! server logs them at start.

use super::trip::{Answer, Part, Trip};
use super::{AsConn, StoreError};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The `prev_hash` of each chain's first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A chained table and its fields, in the order they are hashed (all read as text).
struct Table {
    name: &'static str,
    fields: &'static [&'static str],
}

/// Every chain.
const TABLES: [Table; 3] = [
    Table {
        name: "audit_log",
        fields: &[
            "seq", "at", "actor_id", "action", "subject", "before", "after",
        ],
    },
    Table {
        name: "request_events",
        fields: &[
            "seq",
            "request_id",
            "at",
            "status",
            "action",
            "note",
            "internal_note",
            "actor_id",
        ],
    },
    Table {
        name: "request_answers",
        fields: &[
            "seq",
            "request_id",
            "form_version",
            "answers",
            "at",
            "actor_id",
        ],
    },
];

/// A row's hash: SHA-256 (lowercase hex) over `loket-chain-v1`, the table's name and
/// `prev_hash`, each followed by a zero byte, then every field in order: `0x00` for NULL, else
/// `0x01`, its length in bytes (8 bytes, big-endian) and its UTF-8 bytes. Integers are written
/// in decimal.
pub fn row_hash(table: &str, prev_hash: &str, fields: &[Option<&str>]) -> String {
    let mut h = Sha256::new();
    for part in ["loket-chain-v1", table, prev_hash] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    for f in fields {
        match f {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A row's place in its chain: its `seq`, the hash it follows and its own.
struct Link {
    seq: i64,
    prev: String,
    hash: String,
}

/// Chains the next row of `table` after `tail` (the next `seq` and the hash to follow), and
/// moves the tail on past it. `rest` is the row's fields after its `seq`, in hashing order.
fn link(table: &str, tail: &mut (i64, String), rest: &[Option<&str>]) -> Link {
    let seq = tail.0;
    let seq_text = seq.to_string();
    let mut fields = Vec::with_capacity(rest.len() + 1);
    fields.push(Some(seq_text.as_str()));
    fields.extend_from_slice(rest);
    let hash = row_hash(table, &tail.1, &fields);
    let prev = std::mem::replace(&mut tail.1, hash.clone());
    tail.0 += 1;
    Link { seq, prev, hash }
}

/// The next `seq` of `table` and the hash to chain from, read under the caller's write lock.
async fn tail(conn: super::Conn<'_>, table: &str) -> Result<(i64, String), StoreError> {
    super::on_conn!(conn, conn => {
        let last: Option<(i64, String)> = sqlx::query_as(&format!(
            "SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1"
        ))
        .fetch_optional(&mut *conn)
        .await?;
        Ok(last.map_or((1, GENESIS.to_string()), |(seq, hash)| (seq + 1, hash)))
    })
}

// ---- audit_log ------------------------------------------------------------------------------

/// One line of the audit log to write with a change.
#[derive(Clone, Debug)]
pub struct Audit<'a> {
    /// The account that acted, `cli` for the command line, `citizen` for whoever holds a
    /// request's key, `anonymous` for someone not signed in.
    pub actor: &'a str,
    /// What was done, e.g. `staff.invite`, `request.answer`, `auth.sign_in`.
    pub action: &'a str,
    /// What it was done to: an account, a request, `catalogue`.
    pub subject: &'a str,
    /// Its state before (JSON), if it existed.
    pub before: Option<serde_json::Value>,
    /// Its state after (JSON).
    pub after: Option<serde_json::Value>,
}

/// A written line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    /// Order of writing.
    pub seq: i64,
    /// When.
    pub at: String,
    /// Who acted.
    pub actor_id: String,
    /// What was done.
    pub action: String,
    /// On what.
    pub subject: String,
    /// State before (JSON).
    pub before: Option<String>,
    /// State after (JSON).
    pub after: Option<String>,
}

/// Appends `audit` to the log, chained, inside the caller's transaction. Returns its `seq`.
pub async fn append(conn: super::Conn<'_>, audit: &Audit<'_>) -> Result<i64, StoreError> {
    super::on_conn!(conn, conn => {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map(serde_json::to_string).transpose();
        let (before, after) = (json(&audit.before)?, json(&audit.after)?);
        let mut tail = tail(conn.as_conn(), "audit_log").await?;
        let at = super::clock::now();
        let Link { seq, prev, hash } = link(
            "audit_log",
            &mut tail,
            &[
                Some(at.as_str()),
                Some(audit.actor),
                Some(audit.action),
                Some(audit.subject),
                before.as_deref(),
                after.as_deref(),
            ],
        );
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, action, subject, before, after, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(seq)
        .bind(&at)
        .bind(audit.actor)
        .bind(audit.action)
        .bind(audit.subject)
        .bind(&before)
        .bind(&after)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
        Ok(seq)
    })
}

/// Writes `audit` in a transaction of its own: for events that change nothing else (a staff
/// member reading a request, a failed sign-in).
pub async fn record(db: &super::Db, audit: &Audit<'_>) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| append(conn.as_conn(), audit).await.map(|_| ())).await
    })
}

/// Every line of the audit log, oldest first (tests and the dashboard).
pub async fn audit_log(db: &super::Db) -> Result<Vec<AuditRow>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_as(
            "SELECT seq, at, actor_id, action, subject, before, after FROM audit_log ORDER BY seq",
        )
        .fetch_all(pool)
        .await?)
    })
}

/// Records that staff member `actor` of `agency` opened the attachment `sha256` (its subject:
/// the agency's oldest request naming it). False when it could not be written (logged): the
/// file is then not served.
pub async fn file_opened(db: &super::Db, actor: &str, agency: &str, sha256: &str) -> bool {
    super::on_db!(db, pool => {
        let result = async {
            let named = super::db::dialect::contains(PG, "answers", "$2");
            let request: Option<String> = sqlx::query_scalar(&format!(
                "SELECT id FROM requests WHERE agency_slug = $1 AND {named} ORDER BY received_at, id LIMIT 1"
            ))
            .bind(agency)
            .bind(format!("\"{sha256}\""))
            .fetch_optional(pool)
            .await?;
            let subject = request.as_deref().unwrap_or(sha256);
            let after = serde_json::json!({ "file": sha256 });
            record(db, &Audit { actor, action: "request.file_open", subject, before: None, after: Some(after) }).await
        }
        .await;
        if let Err(e) = &result {
            tracing::error!(%e, "audit: attachment opened");
        }
        result.is_ok()
    })
}

// ---- request_events -------------------------------------------------------------------------

/// A step of a request's timeline to append.
#[derive(Clone, Debug)]
pub struct Event<'a> {
    /// The request.
    pub request_id: &'a str,
    /// When (`None`: now).
    pub at: Option<&'a str>,
    /// The status it moved to.
    pub status: &'a str,
    /// What was done (`submit`, `receive`, …).
    pub action: &'a str,
    /// The note to the citizen.
    pub note: &'a str,
    /// The staff-only note.
    pub internal_note: &'a str,
    /// Who did it (an account), when known.
    pub actor_id: Option<&'a str>,
}

/// The next `seq` and the hash to chain from of the two request chains, read once in a
/// transaction and then kept in step by the appends made through them: a batch of submissions
/// appends many rows in one transaction without reading each chain's last row again for each.
/// Valid only inside the one write transaction that made it.
#[derive(Debug, Default)]
pub struct Tails {
    events: Option<(i64, String)>,
    answers: Option<(i64, String)>,
}

impl Tails {
    /// Both chains' tails, read in one statement (a batch of submissions appends to both).
    pub async fn read(conn: super::Conn<'_>) -> Result<Tails, StoreError> {
        super::on_conn!(conn, conn => {
            let mut trip = Trip::<Backend>::new();
            let asked = Tails::ask(&mut trip);
            Tails::from_answer(&mut trip.run(&mut *conn).await?, asked)
        })
    }

    /// Asks in `trip` for both chains' tails, read back by [`Tails::from_answer`].
    pub(crate) fn ask<DB: sqlx::Database>(trip: &mut Trip<'_, DB>) -> Part {
        trip.part(|trip| {
            trip.statement(
                "SELECT 'events', seq, hash FROM (SELECT seq, hash FROM request_events ORDER BY seq DESC LIMIT 1) AS e
                 UNION ALL
                 SELECT 'answers', seq, hash FROM (SELECT seq, hash FROM request_answers ORDER BY seq DESC LIMIT 1) AS a",
            );
        })
    }

    /// Both chains' tails, as [`Tails::ask`] asked for them in a trip's answer.
    pub(crate) fn from_answer<R: sqlx::Row>(
        answer: &mut Answer<R>,
        asked: Part,
    ) -> Result<Tails, StoreError>
    where
        for<'r> (String, i64, String): sqlx::FromRow<'r, R>,
    {
        let rows: Vec<(String, i64, String)> = answer.read(asked)?;
        let after = |chain: &str| {
            rows.iter()
                .find(|(c, _, _)| c == chain)
                .map_or((1, GENESIS.to_string()), |(_, seq, hash)| {
                    (seq + 1, hash.clone())
                })
        };
        Ok(Tails {
            events: Some(after("events")),
            answers: Some(after("answers")),
        })
    }

    /// The `seq` the next timeline step appended through these tails gets, once the events
    /// tail is known ([`Tails::read`] or [`Tails::ask`]).
    pub fn next_event_seq(&self) -> Result<i64, StoreError> {
        self.events
            .as_ref()
            .map(|(seq, _)| *seq)
            .ok_or_else(unknown_tail)
    }
}

/// Appends a timeline step, chained, inside the caller's transaction. Returns its `seq`.
pub async fn append_event(conn: super::Conn<'_>, e: &Event<'_>) -> Result<i64, StoreError> {
    super::on_conn!(conn, conn => {
        let seqs = append_events_in(conn.as_conn(), &mut Tails::default(), std::slice::from_ref(e)).await?;
        Ok(seqs[0])
    })
}

/// Appends timeline steps, chained in the order given, through `tails` (read from the database
/// the first time). Returns their `seq`s.
pub async fn append_events_in(
    conn: super::Conn<'_>,
    tails: &mut Tails,
    events: &[Event<'_>],
) -> Result<Vec<i64>, StoreError> {
    super::on_conn!(conn, conn => {
        if tails.events.is_none() {
            tails.events = Some(tail(conn.as_conn(), "request_events").await?);
        }
        let mut trip = Trip::<Backend>::new();
        let seqs = push_events(&mut trip, tails, events)?;
        if !trip.is_empty() {
            trip.run(&mut *conn).await?;
        }
        Ok(seqs)
    })
}

/// Adds to `trip` the statements that append timeline steps, chained in the order given after
/// the events tail of `tails`, which must be known ([`Tails::read`] or [`Tails::ask`]): one
/// statement per run of rows ([`super::db::runs`]). Returns their `seq`s.
pub(crate) fn push_events<'q, DB: sqlx::Database>(
    trip: &mut Trip<'q, DB>,
    tails: &mut Tails,
    events: &[Event<'q>],
) -> Result<Vec<i64>, StoreError>
where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    /// One row as written.
    struct Row<'q> {
        e: Event<'q>,
        at: String,
        link: Link,
    }
    let tail = tails.events.as_mut().ok_or_else(unknown_tail)?;
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        let at = match e.at {
            Some(at) => at.to_string(),
            None => super::clock::now(),
        };
        let rest = [
            Some(e.request_id),
            Some(at.as_str()),
            Some(e.status),
            Some(e.action),
            Some(e.note),
            Some(e.internal_note),
            e.actor_id,
        ];
        let link = link("request_events", tail, &rest);
        rows.push(Row {
            e: e.clone(),
            at,
            link,
        });
    }
    let seqs = rows.iter().map(|r| r.link.seq).collect();
    let mut rows = rows.into_iter();
    for run in super::db::runs(events.len()) {
        let q = trip.statement(
            "INSERT INTO request_events (seq, request_id, at, status, action, note, internal_note, actor_id, prev_hash, hash) ",
        );
        q.push_values(rows.by_ref().take(run.len()), |mut b, r| {
            b.push_bind(r.link.seq)
                .push_bind(r.e.request_id)
                .push_bind(r.at)
                .push_bind(r.e.status)
                .push_bind(r.e.action)
                .push_bind(r.e.note)
                .push_bind(r.e.internal_note)
                .push_bind(r.e.actor_id)
                .push_bind(r.link.prev)
                .push_bind(r.link.hash);
        });
    }
    Ok(seqs)
}

/// A chain's tail was needed before it was read: a mistake in the caller.
fn unknown_tail() -> StoreError {
    StoreError::Invalid("a chain was appended to before its tail was read".into())
}

// ---- request_answers ------------------------------------------------------------------------

/// Appends a set of answers of a request (the cleaned JSON, as checked against `form_version`),
/// chained, inside the caller's transaction. `at` `None`: now. Returns its `seq`.
pub async fn append_answers(
    conn: super::Conn<'_>,
    request_id: &str,
    form_version: u32,
    answers: &str,
    at: Option<&str>,
    actor: &str,
) -> Result<i64, StoreError> {
    super::on_conn!(conn, conn => {
        let set = AnswerSet {
            request_id,
            form_version,
            answers,
            at,
            actor,
        };
        let seqs = append_answer_sets_in(conn.as_conn(), &mut Tails::default(), std::slice::from_ref(&set)).await?;
        Ok(seqs[0])
    })
}

/// A set of answers to append (see [`append_answers`]).
#[derive(Clone)]
pub struct AnswerSet<'a> {
    pub request_id: &'a str,
    pub form_version: u32,
    pub answers: &'a str,
    pub at: Option<&'a str>,
    pub actor: &'a str,
}

/// Appends sets of answers, chained in the order given, through `tails` (read from the
/// database the first time). Returns their `seq`s.
pub async fn append_answer_sets_in(
    conn: super::Conn<'_>,
    tails: &mut Tails,
    sets: &[AnswerSet<'_>],
) -> Result<Vec<i64>, StoreError> {
    super::on_conn!(conn, conn => {
        if tails.answers.is_none() {
            tails.answers = Some(tail(conn.as_conn(), "request_answers").await?);
        }
        let mut trip = Trip::<Backend>::new();
        let seqs = push_answer_sets(&mut trip, tails, sets)?;
        if !trip.is_empty() {
            trip.run(&mut *conn).await?;
        }
        Ok(seqs)
    })
}

/// Adds to `trip` the statements that append sets of answers, chained in the order given after
/// the answers tail of `tails`, which must be known ([`Tails::read`] or [`Tails::ask`]): one
/// statement per run of rows ([`super::db::runs`]). Returns their `seq`s.
pub(crate) fn push_answer_sets<'q, DB: sqlx::Database>(
    trip: &mut Trip<'q, DB>,
    tails: &mut Tails,
    sets: &[AnswerSet<'q>],
) -> Result<Vec<i64>, StoreError>
where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    /// One row as written.
    struct Row<'q> {
        set: AnswerSet<'q>,
        at: String,
        link: Link,
    }
    let tail = tails.answers.as_mut().ok_or_else(unknown_tail)?;
    let mut rows = Vec::with_capacity(sets.len());
    for set in sets {
        let at = match set.at {
            Some(at) => at.to_string(),
            None => super::clock::now(),
        };
        let version = set.form_version.to_string();
        let rest = [
            Some(set.request_id),
            Some(version.as_str()),
            Some(set.answers),
            Some(at.as_str()),
            Some(set.actor),
        ];
        let link = link("request_answers", tail, &rest);
        rows.push(Row {
            set: set.clone(),
            at,
            link,
        });
    }
    let seqs = rows.iter().map(|r| r.link.seq).collect();
    let mut rows = rows.into_iter();
    for run in super::db::runs(sets.len()) {
        let q = trip.statement(
            "INSERT INTO request_answers (seq, request_id, form_version, answers, at, actor_id, prev_hash, hash) ",
        );
        q.push_values(rows.by_ref().take(run.len()), |mut b, r| {
            b.push_bind(r.link.seq)
                .push_bind(r.set.request_id)
                .push_bind(i64::from(r.set.form_version))
                .push_bind(r.set.answers)
                .push_bind(r.at)
                .push_bind(r.set.actor)
                .push_bind(r.link.prev)
                .push_bind(r.link.hash);
        });
    }
    Ok(seqs)
}

// ---- checking -------------------------------------------------------------------------------

/// The first row of a chain that does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// Its `seq`.
    pub seq: i64,
    /// What is wrong with it.
    pub why: String,
}

/// One chain as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The table.
    pub table: &'static str,
    /// Rows checked (up to the first broken one).
    pub rows: u64,
    /// The last row's `seq` and `hash` (the head to note elsewhere), when there are rows.
    pub head: Option<(i64, String)>,
    /// The first broken row, if any.
    pub broken: Option<Broken>,
}

/// What [`verify`] found, one chain per table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The chains, in a fixed order.
    pub chains: Vec<Chain>,
}

impl Report {
    /// True when every chain holds.
    pub fn ok(&self) -> bool {
        self.chains.iter().all(|c| c.broken.is_none())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for c in &self.chains {
            match (&c.broken, &c.head) {
                (Some(b), _) => writeln!(
                    f,
                    "{}: BROKEN at seq {}: {} ({} rows hold before it)",
                    c.table, b.seq, b.why, c.rows
                )?,
                (None, Some((seq, hash))) => writeln!(
                    f,
                    "{}: ok, {} rows, head seq {seq} hash {hash}",
                    c.table, c.rows
                )?,
                (None, None) => writeln!(f, "{}: ok, no rows", c.table)?,
            }
        }
        Ok(())
    }
}

/// Rows read at a time while walking a chain.
const PAGE: i64 = 1000;

/// Walks every chain from its genesis: each row must name the hash of the row before it and
/// hash to what it stores; rows removed from the end show in `chain_heads`.
pub async fn verify(db: &super::Db) -> Result<Report, StoreError> {
    let mut chains = Vec::new();
    for t in &TABLES {
        chains.push(walk(db, t).await?);
    }
    Ok(Report { chains })
}

async fn walk(db: &super::Db, t: &Table) -> Result<Chain, StoreError> {
    super::on_db!(db, pool => {
        let columns: Vec<String> = t
            .fields
            .iter()
            .map(|f| format!("CAST({f} AS TEXT)"))
            .collect();
        let sql = format!(
            "SELECT seq, {}, prev_hash, hash FROM {t} WHERE {t}.seq > $1 ORDER BY {t}.seq LIMIT {PAGE}",
            columns.join(", "),
            t = t.name
        );
        let mut chain = Chain {
            table: t.name,
            rows: 0,
            head: None,
            broken: None,
        };
        let (mut after, mut prev) = (0i64, GENESIS.to_string());
        loop {
            let rows = sqlx::query(&sql).bind(after).fetch_all(pool).await?;
            for r in &rows {
                let seq: i64 = r.try_get(0)?;
                let fields = (1..=t.fields.len())
                    .map(|i| r.try_get::<Option<String>, _>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                let stored_prev: String = r.try_get(t.fields.len() + 1)?;
                let hash: String = r.try_get(t.fields.len() + 2)?;
                let why = if hash.is_empty() {
                    Some("the row is not chained (no hash)".to_string())
                } else if stored_prev != prev {
                    Some(
                        "it does not follow the row before it: a row was removed, inserted or replaced"
                            .to_string(),
                    )
                } else if row_hash(
                    t.name,
                    &prev,
                    &fields.iter().map(Option::as_deref).collect::<Vec<_>>(),
                ) != hash
                {
                    Some("its fields do not match its hash: the row was changed".to_string())
                } else {
                    None
                };
                if let Some(why) = why {
                    chain.broken = Some(Broken { seq, why });
                    return Ok(chain);
                }
                chain.rows += 1;
                chain.head = Some((seq, hash.clone()));
                (after, prev) = (seq, hash);
            }
            if (rows.len() as i64) < PAGE {
                break;
            }
        }
        // The highest seq the chain ever had (kept by a trigger on every append, never
        // lowered, migration 0021): past the last row left, rows at the end are gone.
        let counter: Option<i64> = sqlx::query_scalar("SELECT seq FROM chain_heads WHERE name = $1")
            .bind(t.name)
            .fetch_optional(pool)
            .await?;
        if let Some(counter) = counter.filter(|c| *c > after) {
            let why = format!("rows up to seq {counter} were written, the last one left is {after}: rows were removed at the end");
            chain.broken = Some(Broken {
                seq: after + 1,
                why,
            });
        }
        Ok(chain)
    })
}

/// Each chain's last row (`seq`, `hash`), without walking it: logged at start, so a later
/// [`verify`] can be compared with heads kept outside the database.
pub async fn heads(
    db: &super::Db,
) -> Result<Vec<(&'static str, Option<(i64, String)>)>, StoreError> {
    super::on_db!(db, pool => {
        let mut out = Vec::new();
        for t in &TABLES {
            let sql = format!("SELECT seq, hash FROM {} ORDER BY seq DESC LIMIT 1", t.name);
            out.push((t.name, sqlx::query_as(&sql).fetch_optional(pool).await?));
        }
        Ok(out)
    })
}

/// Chains the rows written before migration 0009 (SQLite cannot hash them itself), in one
/// transaction, once: only while migration 0009's row in `audit_seal` is there, which this
/// deletes; and a table only while none of its rows is chained. Rows whose hash is blanked
/// later are never adopted: they stay broken for [`verify`]. Returns the rows chained.
pub async fn seal_legacy(db: &super::Db) -> Result<u64, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let mut sealed = 0;
            if sqlx::query("DELETE FROM audit_seal WHERE id = 1")
                .execute(&mut *conn)
                .await?
                .rows_affected()
                == 0
            {
                return Ok(0);
            }
            for t in &TABLES {
                // Usually the first row is chained, and this stops there.
                let chained: bool = sqlx::query_scalar(&format!(
                    "SELECT EXISTS (SELECT 1 FROM {} WHERE hash <> '')",
                    t.name
                ))
                .fetch_one(&mut *conn)
                .await?;
                if chained {
                    continue;
                }
                let columns: Vec<String> = t
                    .fields
                    .iter()
                    .map(|f| format!("CAST({f} AS TEXT)"))
                    .collect();
                let sql = format!(
                    "SELECT seq, {} FROM {t} ORDER BY {t}.seq",
                    columns.join(", "),
                    t = t.name
                );
                let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
                let mut prev = GENESIS.to_string();
                for r in &rows {
                    let seq: i64 = r.try_get(0)?;
                    let fields = (1..=t.fields.len())
                        .map(|i| r.try_get::<Option<String>, _>(i))
                        .collect::<Result<Vec<_>, _>>()?;
                    let hash = row_hash(
                        t.name,
                        &prev,
                        &fields.iter().map(Option::as_deref).collect::<Vec<_>>(),
                    );
                    sqlx::query(&format!(
                        "UPDATE {} SET prev_hash = $2, hash = $3 WHERE seq = $1",
                        t.name
                    ))
                    .bind(seq)
                    .bind(&prev)
                    .bind(&hash)
                    .execute(&mut *conn)
                    .await?;
                    prev = hash;
                    sealed += 1;
                }
            }
            Ok(sealed)
        })
        .await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_tells_fields_apart() {
        let h = |fields: &[Option<&str>]| row_hash("audit_log", GENESIS, fields);
        assert_eq!(h(&[Some("a"), Some("b")]).len(), 64);
        assert_ne!(
            h(&[Some("ab"), Some("")]),
            h(&[Some("a"), Some("b")]),
            "lengths are part of it"
        );
        assert_ne!(h(&[None]), h(&[Some("")]), "NULL is not the empty text");
        assert_ne!(
            row_hash("audit_log", GENESIS, &[Some("a")]),
            row_hash("request_events", GENESIS, &[Some("a")]),
            "the table too"
        );
        assert_ne!(
            h(&[Some("a")]),
            row_hash("audit_log", &"1".repeat(64), &[Some("a")]),
            "and the row before"
        );
    }
}
