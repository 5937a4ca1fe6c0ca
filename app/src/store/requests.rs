//! Submitted applications: stored durably and exactly once per idempotency key.

use super::audit::{self, Audit, Event};
use super::trip::{Answer, Part, Trip};
use super::{AsConn, StoreError};
use crate::domain::form::Answers;
use crate::domain::reference::Reference;
use crate::domain::status::{
    next, Action, Actor, Refused, RequestUpdates, RequestView, Status, TimelineEntry,
};
use crate::domain::submission::{canonical, Envelope, Receipt};
use crate::keys::Secrets;

use std::hash::{BuildHasher, Hasher};

/// The actor of what a citizen does with a request's key (no account needed).
pub const CITIZEN: &str = "citizen";

/// What storing a submission came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored now.
    New(Receipt),
    /// Stored before under the same id, with the same content: the same receipt again.
    Again(Receipt),
    /// The id was used before for different content.
    Conflict,
    /// Not stored: the catalogue or the calendar it was checked against (its
    /// [`Premises::state`]) has changed since; check it again against the new one.
    Stale,
    /// Not stored: these file fields name no complete upload sent under the envelope's id, of
    /// at most the field's size (a file's name is no capability).
    MissingFiles(Vec<String>),
}

/// A fresh random reference number (not a secret: tracking will ask for a PIN too).
fn random_reference() -> Reference {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    Reference::from_number(h.finish())
}

/// How a request's PIN is checked: derived again under the secret named by its id (every
/// request since issue 14), or, for an older request not converted yet, its argon2 hash.
struct PinCheck {
    key: String,
    hash: String,
}

impl PinCheck {
    /// The request's PIN, when a secret in force gives it.
    fn pin(&self, secrets: &Secrets, id: &str) -> Option<String> {
        if self.key.is_empty() {
            secrets.pins(id).find(|p| pin_ok(p, &self.hash))
        } else {
            secrets.pin_under(&self.key, id)
        }
    }
}

/// The receipt of a stored request, with the PIN of the secret that made it (the current one,
/// or an older one when the request was made before a rotation).
fn receipt(
    secrets: &Secrets,
    id: String,
    reference: &str,
    received_at: String,
    check: &PinCheck,
) -> Result<Receipt, StoreError> {
    let reference = Reference::parse(reference)
        .map_err(|e| StoreError::Invalid(format!("stored reference: {e:?}")))?;
    let pin = check.pin(secrets, &id).unwrap_or_else(|| secrets.pin(&id));
    let token = secrets.token(&id);
    Ok(Receipt {
        id,
        reference,
        status: Status::Submitted,
        received_at,
        pin,
        token,
    })
}

/// The secret that migration 0006 kept in the database, before secrets moved to a file of
/// their own; `None` once it is gone (or was never there: a PostgreSQL database never had one).
pub async fn legacy_secret(db: &super::Db) -> Result<Option<Vec<u8>>, StoreError> {
    let super::Db::Sqlite(pool) = db else {
        return Ok(None);
    };
    {
        let table: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'server_secret'", // SQLite only
        )
        .fetch_optional(pool)
        .await?;
        if table.is_none() {
            return Ok(None);
        }
        Ok(
            sqlx::query_scalar("SELECT secret FROM server_secret WHERE id = 1")
                .fetch_optional(pool)
                .await?,
        )
    }
}

/// Removes the database's own copy of the secret (once it is safe in its file), overwriting the
/// freed pages so the bytes do not linger in the file. (Nothing to do on PostgreSQL.)
pub async fn drop_legacy_secret(db: &super::Db) -> Result<(), StoreError> {
    let super::Db::Sqlite(pool) = db else {
        return Ok(());
    };
    {
        let mut conn = pool.acquire().await?;
        sqlx::query("PRAGMA secure_delete = ON") // SQLite only
            .execute(&mut *conn)
            .await?;
        sqlx::query("DROP TABLE IF EXISTS server_secret")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA secure_delete = OFF") // SQLite only
            .execute(&mut *conn)
            .await?;
        // Copy the zeroed pages into the database file now, and empty the write-ahead log.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)") // SQLite only
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// A PIN's stored form: argon2id with light parameters (a six-digit PIN is protected by the
/// guess limit, not by the hash's cost, and submissions must stay fast).
fn hash_pin(pin: &str) -> Result<String, StoreError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let params =
        argon2::Params::new(4096, 1, 1, None).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(argon
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| StoreError::Invalid(e.to_string()))?
        .to_string())
}

fn pin_ok(pin: &str, stored: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(stored).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// Where a new request is filed: its agency, its due date (`YYYY-MM-DD`, empty when the
/// service sets no processing time), the door it came in through and when.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    /// The agency's slug.
    pub agency: String,
    /// The due date.
    pub due_date: String,
    /// Where it was made (the app, until issue 13 opens other doors).
    pub channel: crate::domain::channel::Channel,
    /// When it came in (UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`); `None`: now, by the database's clock.
    /// Given by a caller that replays a history with a fixed clock (tests).
    pub received_at: Option<String>,
    /// What a partner sent beside the answers, for a request filed through Open311.
    pub partner: Option<super::open311::Partner>,
    /// What the submission was checked against that only the transaction storing it can
    /// confirm.
    pub premises: Premises,
}

/// What a submission was checked against outside the transaction that stores it, confirmed in
/// that transaction: a submission is stored only if the catalogue and calendar it was checked
/// against are still the database's and every file it names is there. So the check before it
/// reads nothing from the database (a kept shelf, the answers alone), and a batch confirms all
/// of its submissions in the one trip that reads what it depends on.
#[derive(Clone, Debug, Default)]
pub struct Premises {
    /// The catalogue and calendar state the form and the due date came from (`None`: read
    /// fresh just before, not confirmed again).
    pub state: Option<super::shelf::State>,
    /// Each file answer, to be a complete upload under the envelope's id.
    pub files: Vec<FileAnswer>,
}

/// A file answer: the field, the file it names and the most bytes the field takes.
#[derive(Clone, Debug)]
pub struct FileAnswer {
    pub field: String,
    pub sha256: String,
    pub max_bytes: u64,
}

impl Premises {
    /// What of these premises does not hold in a database at `state` holding `owned` (the
    /// complete uploads by key and sha256, as [`super::files::owned_under_in`] reads them) for
    /// the envelope `key`; `None` when they all do.
    fn broken(
        &self,
        key: &str,
        state: Option<&super::shelf::State>,
        owned: &std::collections::HashMap<(String, String), super::files::StoredFile>,
    ) -> Option<Stored> {
        if let (Some(checked), Some(now)) = (&self.state, state) {
            if !checked.holds_at(now) {
                return Some(Stored::Stale);
            }
        }
        let missing = missing(&self.files, key, owned);
        (!missing.is_empty()).then_some(Stored::MissingFiles(missing))
    }
}

/// The fields of `files` that name no complete upload under `key` within their size, in
/// `owned` (as [`super::files::owned_under_in`] reads it).
fn missing(
    files: &[FileAnswer],
    key: &str,
    owned: &std::collections::HashMap<(String, String), super::files::StoredFile>,
) -> Vec<String> {
    files
        .iter()
        .filter(|f| {
            !owned
                .get(&(key.to_string(), f.sha256.clone()))
                .is_some_and(|o| o.size >= 0 && o.size as u64 <= f.max_bytes)
        })
        .map(|f| f.field.clone())
        .collect()
}

/// The fields of `files` that name no complete upload under `key` within their size, read now
/// (for answers to "more information needed", stored outside the submission writer).
pub async fn missing_files(
    db: &super::Db,
    key: &str,
    files: &[FileAnswer],
) -> Result<Vec<String>, StoreError> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let owned = super::on_db!(db, pool => {
        super::files::owned_under_in(pool.acquire().await?.as_conn(), &[key]).await?
    });
    Ok(missing(files, key, &owned))
}

/// How a request for `service` made through the app on `day` is filed: under the service's
/// agency, due after its processing time in working days counted with `calendar`, the imported
/// one (its holidays, and its cuti bersama when the agency closes on them). The due date is kept
/// with the request; a later calendar import does not move it.
pub fn filing(
    service: &crate::domain::catalogue::Service,
    calendar: &crate::domain::calendar::Calendar,
    day: crate::domain::date::Date,
) -> Filing {
    let due_date = match service.processing_days {
        Some(days) => calendar
            .due_date(day, days, service.agency.cuti_bersama())
            .to_string(),
        None => String::new(),
    };
    Filing {
        agency: service.agency.slug.clone(),
        due_date,
        ..Filing::default()
    }
}

/// Stores a checked submission in one transaction, committed before this returns. The envelope
/// is kept with the cleaned answers only (answers to hidden fields are not kept), and compared
/// that way: the same id with the same envelope returns the first receipt and stores nothing
/// new; the same id with other answers that count is a conflict.
pub async fn submit(
    db: &super::Db,
    secrets: &Secrets,
    envelope: &Envelope,
    clean: &Answers,
    filing: &Filing,
) -> Result<Stored, StoreError> {
    let one = Submission {
        envelope,
        clean,
        filing,
    };
    let mut stored = submit_batch(db, secrets, std::slice::from_ref(&one)).await?;
    stored
        .pop()
        .ok_or_else(|| StoreError::Invalid("a submission came to nothing".into()))
}

/// Stores `batch` in one transaction, committed before this returns, each submission by
/// [`submit`]'s rules, in order: the group commit's step (see [`super::submitter`]). A
/// submission repeated in the batch is stored once and its copies answered as retries (or
/// conflicts). All or nothing: when one cannot be stored, none is.
pub async fn submit_batch(
    db: &super::Db,
    secrets: &Secrets,
    batch: &[Submission<'_>],
) -> Result<Vec<Stored>, StoreError> {
    submit_batch_drawing(db, secrets, batch, &mut random_reference).await
}

/// [`submit_batch`] with the reference numbers drawn by `draw` instead of at random (for tests
/// of a drawn number another request holds).
#[doc(hidden)]
pub async fn submit_batch_drawing(
    db: &super::Db,
    secrets: &Secrets,
    batch: &[Submission<'_>],
    draw: &mut (dyn FnMut() -> Reference + Send),
) -> Result<Vec<Stored>, StoreError> {
    super::on_db!(db, pool => {
        // BEGIN IMMEDIATE: take the write lock first, so two copies of one envelope arriving at
        // once (here or on another server) cannot both find nothing and both insert.
        super::in_transaction(pool, async |conn| submit_all_in(conn.as_conn(), secrets, batch, draw, Frame::Caller).await).await
    })
}

/// [`submit_batch`] on a connection the caller keeps (the submission writer's): no trip
/// through the pool per batch, and on SQLite the transaction begun and committed by the
/// batch's own two trips ([`super::db::Framing`]).
pub async fn submit_batch_on(
    conn: &mut super::db::Reserved,
    secrets: &Secrets,
    batch: &[Submission<'_>],
) -> Result<Vec<Stored>, StoreError> {
    use super::db::Reserved;
    match conn {
        // The batch's two trips begin and commit its transaction themselves.
        Reserved::Sqlite(c) => {
            c.frame(async |c| {
                submit_all_in(
                    c.as_conn(),
                    secrets,
                    batch,
                    &mut random_reference,
                    Frame::Trips,
                )
                .await
            })
            .await
        }
        Reserved::Postgres(c) => {
            super::in_transaction_on::<sqlx::Postgres, _, _>(&mut **c, async |c| {
                submit_all_in(
                    c.as_conn(),
                    secrets,
                    batch,
                    &mut random_reference,
                    Frame::Caller,
                )
                .await
            })
            .await
        }
    }
}

/// A checked submission to store: its envelope, its answers as cleaned against the form, and
/// where it is filed.
pub struct Submission<'a> {
    pub envelope: &'a Envelope,
    pub clean: &'a Answers,
    pub filing: &'a Filing,
}

/// What a submission of a batch comes to, before the new requests are written.
enum Outcome {
    /// Known already: answered from what is stored.
    Done(Stored),
    /// New: the `n`th request of the batch to write.
    New(usize),
    /// The same envelope as the `n`th new request, sent again before it was stored.
    Again(usize),
}

/// A request to write.
struct Fresh<'a> {
    s: &'a Submission<'a>,
    content: String,
    answers: String,
    at: String,
    seq: i64,
    reference: String,
}

/// Who begins and commits a batch's write transaction.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// The caller, around the batch.
    Caller,
    /// The batch's trips: the first statement of the reads begins it (`BEGIN IMMEDIATE`), the
    /// last of the writes commits it. Only on a connection that closes when the work fails
    /// ([`super::db::Framing`]).
    Trips,
}

/// [`submit_batch`] in a write transaction ([`Frame`] says whose), in two [`Trip`]s whatever the
/// batch's size: one reads what the batch depends on (what is stored under its ids or holds the
/// reference numbers drawn for it, the catalogue's state, its uploads, both chains' tails), the
/// other writes the new requests, their first timeline steps, their answers and any partner's
/// part, by multi-row statements. (On SQLite a trip is one hand-off to the connection's
/// thread.) Nothing that can fail comes after the writes: with [`Frame::Trips`] they commit.
async fn submit_all_in(
    conn: super::Conn<'_>,
    secrets: &Secrets,
    batch: &[Submission<'_>],
    draw: &mut (dyn FnMut() -> Reference + Send),
    frame: Frame,
) -> Result<Vec<Stored>, StoreError> {
    use std::collections::HashMap;
    super::on_conn!(conn, conn => {
        let ids: Vec<&str> = batch.iter().map(|s| s.envelope.id.as_str()).collect();
        // A reference number for each, drawn now and confirmed free by the reads; the write
        // lock held since the transaction began keeps it free until the insert.
        let mut references = draw_references(batch.len(), &[], draw)?;
        let mut reads = Trip::<Backend>::new();
        if frame == Frame::Trips {
            reads.statement(super::db::begin_write::<Backend>());
        }
        let stored_asked = ask_stored(&mut reads, &ids, &references);
        // The premises, confirmed here: the catalogue's state once, the uploads under the ids
        // at once (of any that names files: a known one's are read and not needed).
        let state_asked = batch
            .iter()
            .any(|s| s.filing.premises.state.is_some())
            .then(|| super::shelf::ask_state(&mut reads));
        let uploading: Vec<&str> = batch
            .iter()
            .filter(|s| !s.filing.premises.files.is_empty())
            .map(|s| s.envelope.id.as_str())
            .collect();
        let owned_asked = super::files::ask_owned(&mut reads, &uploading);
        let tails_asked = audit::Tails::ask(&mut reads);
        let mut read = reads.run(&mut *conn).await?;
        let (known, taken) = stored_from(&mut read, stored_asked, &references)?;
        let state = match state_asked {
            Some(asked) => Some(super::shelf::state_from(&mut read, asked)?),
            None => None,
        };
        let owned = super::files::owned_from(&mut read, owned_asked)?;
        let mut tails = audit::Tails::from_answer(&mut read, tails_asked)?;
        // The PIN is not stored: the request keeps the id of the secret that derives it.
        let pin_key = secrets.current_id();
        let first_seq = tails.next_event_seq()?;
        let now = super::clock::now();
        let mut fresh: Vec<Fresh> = Vec::new();
        let mut fresh_by_id: HashMap<&str, usize> = HashMap::new();
        let mut outcomes = Vec::with_capacity(batch.len());
        for (s, reference) in batch.iter().zip(references.iter_mut()) {
            let e = s.envelope;
            let content = canonical(&Envelope {
                answers: s.clean.clone(),
                ..e.clone()
            });
            let outcome = if let Some(k) = known.get(e.id.as_str()) {
                // (Stored before hidden answers were dropped, the envelope was kept as sent.)
                let same = k.envelope == content || k.envelope == canonical(e);
                Outcome::Done(if same {
                    Stored::Again(receipt(secrets, e.id.clone(), &k.reference, k.received_at.clone(), &k.check)?)
                } else {
                    Stored::Conflict
                })
            } else if let Some(&n) = fresh_by_id.get(e.id.as_str()) {
                if fresh[n].content == content || fresh[n].content == canonical(e) {
                    Outcome::Again(n)
                } else {
                    Outcome::Done(Stored::Conflict)
                }
            } else if let Some(broken) = s.filing.premises.broken(&e.id, state.as_ref(), &owned) {
                Outcome::Done(broken)
            } else {
                let n = fresh.len();
                fresh_by_id.insert(&e.id, n);
                fresh.push(Fresh {
                    s,
                    content,
                    answers: serde_json::to_string(s.clean)?,
                    at: s.filing.received_at.clone().unwrap_or_else(|| now.clone()),
                    // Each request names its first timeline step, appended in this order below.
                    seq: first_seq + n as i64,
                    reference: std::mem::take(reference),
                });
                Outcome::New(n)
            };
            outcomes.push(outcome);
        }
        if fresh.iter().any(|f| taken.contains(&f.reference)) {
            free_references(conn.as_conn(), &mut fresh, &taken, draw).await?;
        }
        let events: Vec<Event> = fresh
            .iter()
            .map(|f| Event {
                request_id: &f.s.envelope.id,
                at: Some(f.at.as_str()),
                status: "submitted",
                action: "submit",
                note: "",
                internal_note: "",
                actor_id: None,
            })
            .collect();
        // The first set of answers; each answer to "more information needed" appends one.
        let sets: Vec<audit::AnswerSet> = fresh
            .iter()
            .map(|f| audit::AnswerSet {
                request_id: &f.s.envelope.id,
                form_version: f.s.envelope.form_version,
                answers: &f.answers,
                at: Some(f.at.as_str()),
                actor: CITIZEN,
            })
            .collect();
        let check = PinCheck {
            key: pin_key.clone(),
            hash: String::new(),
        };
        let new_receipt = |f: &Fresh| {
            receipt(secrets, f.s.envelope.id.clone(), &f.reference, f.at.clone(), &check)
        };
        let stored = outcomes
            .into_iter()
            .map(|o| match o {
                Outcome::Done(stored) => Ok(stored),
                Outcome::New(n) => Ok(Stored::New(new_receipt(&fresh[n])?)),
                Outcome::Again(n) => Ok(Stored::Again(new_receipt(&fresh[n])?)),
            })
            .collect::<Result<Vec<Stored>, StoreError>>()?;
        let mut writes = Trip::<Backend>::new();
        push_requests(&mut writes, &fresh, &pin_key);
        let seqs = audit::push_events(&mut writes, &mut tails, &events)?;
        debug_assert!(seqs.iter().zip(&fresh).all(|(seq, f)| *seq == f.seq));
        audit::push_answer_sets(&mut writes, &mut tails, &sets)?;
        let partners: Vec<(&str, &super::open311::Partner)> = fresh
            .iter()
            .filter_map(|f| Some((f.s.envelope.id.as_str(), f.s.filing.partner.as_ref()?)))
            .collect();
        super::open311::push_partners(&mut writes, &partners);
        if frame == Frame::Trips {
            writes.statement("COMMIT");
        }
        if !writes.is_empty() {
            writes.run(&mut *conn).await?;
        }
        Ok(stored)
    })
}

/// A request stored before, as a retry is answered from it.
struct Known {
    envelope: String,
    reference: String,
    received_at: String,
    check: PinCheck,
}

/// Asks in `trip` for the requests stored under any of `ids` or holding any of `references`
/// (one statement per run of each), read back by [`stored_from`].
fn ask_stored<'q, DB: sqlx::Database>(
    trip: &mut Trip<'q, DB>,
    ids: &[&'q str],
    references: &'q [String],
) -> Part
where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    trip.part(|trip| {
        for run in super::db::runs(ids.len().max(references.len())) {
            let q = trip.statement(
                "SELECT id, envelope, reference, received_at, pin_key, pin_hash FROM requests WHERE ",
            );
            let lists = [
                ("id", ids.get(run.clone()).unwrap_or_default().to_vec()),
                ("reference", references.get(run).unwrap_or_default().iter().map(String::as_str).collect()),
            ];
            let mut first = true;
            for (column, values) in lists.into_iter().filter(|(_, v)| !v.is_empty()) {
                q.push(if first { "" } else { " OR " }).push(column).push(" IN (");
                let mut list = q.separated(", ");
                for v in values {
                    list.push_bind(v);
                }
                q.push(")");
                first = false;
            }
        }
    })
}

/// What [`ask_stored`] asked for: the requests stored under the ids, by id, and which of
/// `references` are taken.
fn stored_from<R: sqlx::Row>(
    answer: &mut Answer<R>,
    asked: Part,
    references: &[String],
) -> Result<
    (
        std::collections::HashMap<String, Known>,
        std::collections::HashSet<String>,
    ),
    StoreError,
>
where
    for<'r> (String, String, String, String, String, String): sqlx::FromRow<'r, R>,
{
    let mut known = std::collections::HashMap::new();
    let mut taken = std::collections::HashSet::new();
    for (id, envelope, reference, received_at, key, hash) in answer.read(asked)? {
        if references.contains(&reference) {
            taken.insert(reference.clone());
        }
        let check = PinCheck { key, hash };
        known.insert(
            id,
            Known {
                envelope,
                reference,
                received_at,
                check,
            },
        );
    }
    Ok((known, taken))
}

/// `n` reference numbers drawn by `draw`, distinct from each other and from `besides`.
fn draw_references(
    n: usize,
    besides: &[&str],
    draw: &mut (dyn FnMut() -> Reference + Send),
) -> Result<Vec<String>, StoreError> {
    let mut drawn: Vec<String> = Vec::with_capacity(n);
    for _ in 0..64 * (n + 1) {
        if drawn.len() == n {
            break;
        }
        let reference = draw().to_string();
        if !drawn.contains(&reference) && !besides.contains(&reference.as_str()) {
            drawn.push(reference);
        }
    }
    match drawn.len() == n {
        true => Ok(drawn),
        false => Err(no_free_reference()),
    }
}

/// Reference numbers ran out (or the drawing repeats itself).
fn no_free_reference() -> StoreError {
    StoreError::Invalid("could not find a free reference number".into())
}

/// Draws again the reference numbers of `fresh` that another request holds (`taken`), until
/// every one is free: rare (10¹² numbers), so a round trip each time; eight rounds at most (a
/// ninth would mean the numbers are nearly used up).
async fn free_references(
    conn: super::Conn<'_>,
    fresh: &mut [Fresh<'_>],
    taken: &std::collections::HashSet<String>,
    draw: &mut (dyn FnMut() -> Reference + Send),
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        let mut clashing: Vec<usize> = (0..fresh.len()).filter(|&n| taken.contains(&fresh[n].reference)).collect();
        for _ in 0..8 {
            if clashing.is_empty() {
                return Ok(());
            }
            let kept: Vec<&str> = fresh.iter().map(|f| f.reference.as_str()).collect();
            let again = draw_references(clashing.len(), &kept, draw)?;
            let mut trip = Trip::<Backend>::new();
            let asked = ask_stored(&mut trip, &[], &again);
            let (_, taken) = stored_from(&mut trip.run(&mut *conn).await?, asked, &again)?;
            let mut still = Vec::new();
            for (n, reference) in clashing.into_iter().zip(again) {
                if taken.contains(&reference) {
                    still.push(n);
                } else {
                    fresh[n].reference = reference;
                }
            }
            clashing = still;
        }
        match clashing.is_empty() {
            true => Ok(()),
            false => Err(no_free_reference()),
        }
    })
}

/// Adds to `trip` the statements that write the new requests (one per run of them).
fn push_requests<'q, DB: sqlx::Database>(
    trip: &mut Trip<'q, DB>,
    fresh: &'q [Fresh<'q>],
    pin_key: &'q str,
) where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    for run in super::db::runs(fresh.len()) {
        let q = trip.statement(
            "INSERT INTO requests (id, reference, service_slug, form_version, envelope, answers, received_at, channel,
                                   agency_slug, due_date, pin_key, expected_days, expected_cost, expected_ready, last_seq) ",
        );
        q.push_values(&fresh[run], |mut b, f| {
            let (e, filing) = (f.s.envelope, f.s.filing);
            let expect = e.expect.unwrap_or_default();
            b.push_bind(e.id.as_str())
                .push_bind(f.reference.as_str())
                .push_bind(e.service.as_str())
                .push_bind(i64::from(e.form_version))
                .push_bind(f.content.as_str())
                .push_bind(f.answers.as_str())
                .push_bind(f.at.as_str())
                .push_bind(filing.channel.code())
                .push_bind(filing.agency.as_str())
                .push_bind(filing.due_date.as_str())
                .push_bind(pin_key)
                .push_bind(expect.days.map(i64::from))
                .push_bind(expect.cost.map(|c| c as i64))
                .push_bind(expect.ready.map(i64::from))
                .push_bind(f.seq);
        });
    }
}

/// How many requests are stored (for tests and the dashboard).
pub async fn count(db: &super::Db) -> Result<i64, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM requests")
            .fetch_one(pool)
            .await?)
    })
}

/// Requests as their citizens see them, by id, with their timelines.
pub async fn views(db: &super::Db, ids: &[String]) -> Result<Vec<RequestView>, StoreError> {
    super::on_db!(db, pool => {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row: Option<(String, String, String, String)> = sqlx::query_as(
                "SELECT reference, service_slug, status, due_date FROM requests WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let Some((reference, service, status, due_date)) = row else {
                continue;
            };
            let events: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT seq, at, status, note FROM request_events WHERE request_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let status = Status::from_code(&status)
                .ok_or_else(|| StoreError::Invalid(format!("stored status {status}")))?;
            let timeline = events
                .into_iter()
                .map(|(seq, at, st, note)| {
                    Ok(TimelineEntry {
                        seq,
                        at,
                        status: Status::from_code(&st)
                            .ok_or_else(|| StoreError::Invalid(format!("stored status {st}")))?,
                        note,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            out.push(RequestView {
                id: id.clone(),
                reference,
                service,
                status,
                due_date,
                timeline,
            });
        }
        Ok(out)
    })
}

/// What changed after `since` among the requests `ids` and those owned by `owner`: the
/// requests with a newer step, whole, and the cursor to ask with next.
pub async fn updates(
    db: &super::Db,
    since: i64,
    ids: &[String],
    owner: Option<&str>,
) -> Result<RequestUpdates, StoreError> {
    super::on_db!(db, pool => {
        let mut changed_ids = Vec::new();
        let mut cursor = since;
        let mut consider = |id: String, last: i64| {
            cursor = cursor.max(last);
            if last > since && !changed_ids.contains(&id) {
                changed_ids.push(id);
            }
        };
        for id in ids {
            if let Some(last) =
                sqlx::query_scalar::<_, i64>("SELECT last_seq FROM requests WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
            {
                consider(id.clone(), last);
            }
        }
        if let Some(owner) = owner {
            let rows: Vec<(String, i64)> =
                sqlx::query_as("SELECT id, last_seq FROM requests WHERE owner_id = $1")
                    .bind(owner)
                    .fetch_all(pool)
                    .await?;
            for (id, last) in rows {
                consider(id, last);
            }
        }
        Ok(RequestUpdates {
            changed: views(db, &changed_ids).await?,
            cursor,
        })
    })
}

/// The request with this reference, if `pin` is its PIN. An unknown reference takes as long as
/// a wrong PIN (the PIN is derived for a decoy id, or, while older requests still have a hashed
/// PIN, checked against a decoy hash made the same way), so the time of the answer does not tell
/// whether a reference exists.
pub async fn unlock(
    db: &super::Db,
    secrets: &Secrets,
    reference: &str,
    pin: &str,
) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        // One statement, one row, whether the reference exists or not.
        let (id, key, hash, hashed_left): (Option<String>, Option<String>, Option<String>, bool) =
            sqlx::query_as(
                "SELECT r.id, r.pin_key, r.pin_hash,
                        EXISTS (SELECT 1 FROM requests WHERE pin_hash <> '')
                 FROM (SELECT 1) AS one LEFT JOIN requests r ON r.reference = $1",
            )
            .bind(reference)
            .fetch_one(pool)
            .await?;
        let (Some(id), Some(key), Some(hash)) = (id, key, hash) else {
            if hashed_left {
                pin_ok(pin, decoy_pin_hash());
            } else {
                secrets.pin_matches(&secrets.current_id(), "decoy", pin);
            }
            return Ok(None);
        };
        let right = if key.is_empty() {
            pin_ok(pin, &hash)
        } else {
            secrets.pin_matches(&key, &id, pin)
        };
        Ok(right.then_some(id))
    })
}

/// Converts up to `batch` requests whose PIN is still an argon2 hash (made before issue 14),
/// those with an id after `after`, to the id of the secret that derives it. Returns how many
/// were converted and the last id looked at (`None`: none left). A request whose secret is no
/// longer in force keeps its hash (it still checks a typed PIN).
pub async fn convert_hashed_pins(
    db: &super::Db,
    secrets: &Secrets,
    after: &str,
    batch: i64,
) -> Result<(usize, Option<String>), StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, pin_hash FROM requests WHERE pin_hash <> '' AND pin_key = '' AND id > $1
             ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(batch)
        .fetch_all(pool)
        .await?;
        let last = rows.last().map(|(id, _)| id.clone());
        let mut converted = 0;
        for (id, hash) in rows {
            let key = secrets
                .ids()
                .zip(secrets.pins(&id))
                .find(|(_, pin)| pin_ok(pin, &hash))
                .map(|(key, _)| key);
            let Some(key) = key else {
                continue;
            };
            let done = sqlx::query(
                "UPDATE requests SET pin_key = $2, pin_hash = '' WHERE id = $1 AND pin_hash = $3",
            )
            .bind(&id)
            .bind(&key)
            .bind(&hash)
            .execute(pool)
            .await?;
            converted += done.rows_affected() as usize;
        }
        Ok((converted, last))
    })
}

/// A PIN hash with the parameters of [`hash_pin`], of a text no PIN can be.
fn decoy_pin_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_pin("not a PIN").unwrap_or_default())
}

/// Why an action on a request did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// No such request.
    #[error("no such request")]
    NotFound,
    /// The status machine refuses it.
    #[error("refused: {0:?}")]
    Refused(Refused),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ActError {
    fn from(e: sqlx::Error) -> Self {
        ActError::Store(StoreError::Db(e))
    }
}

/// One step along the status machine inside a transaction: checks the move from the stored
/// status (of `agency`'s requests only, when given), appends the timeline step (at `at`, UTC
/// RFC 3339; `None`: now) and records the new status. A step that finishes the request
/// (*Selesai* or *Ditolak*, the first time) keeps when, how and its working days for the
/// figures ([`performance::finish`](super::performance::finish)), in the same transaction.
/// Returns the statuses before and after.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn step(
    conn: super::Conn<'_>,
    id: &str,
    agency: Option<&str>,
    action: Action,
    actor: Actor,
    actor_id: Option<&str>,
    note: &str,
    internal_note: &str,
    at: Option<&str>,
) -> Result<(Status, Status), ActError> {
    super::on_conn!(conn, conn => {
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM requests WHERE id = $1 AND ($2 IS NULL OR agency_slug = $2)",
        )
        .bind(id)
        .bind(agency)
        .fetch_optional(&mut *conn)
        .await?;
        let from = status
            .as_deref()
            .and_then(Status::from_code)
            .ok_or(ActError::NotFound)?;
        let to = next(from, action, actor).map_err(ActError::Refused)?;
        let at = match at {
            Some(at) => at.to_string(),
            None => super::clock::now(),
        };
        let event = Event {
            request_id: id,
            at: Some(&at),
            status: to.code(),
            action: action.code(),
            note,
            internal_note,
            actor_id,
        };
        let seq = audit::append_event(conn.as_conn(), &event).await?;
        sqlx::query("UPDATE requests SET status = $2, last_seq = $3 WHERE id = $1")
            .bind(id)
            .bind(to.code())
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        if matches!(to, Status::Completed | Status::Rejected) {
            super::performance::finish(conn.as_conn(), id, to, &at).await?;
        }
        Ok((from, to))
    })
}

/// Takes `action` on a request, along the status machine only, in one transaction: the new
/// status, one timeline step (with the note to the citizen and the staff-only note) and an
/// audit row (`request.<action>` by `actor_id`; without one, `citizen` or `staff`).
pub async fn act(
    db: &super::Db,
    id: &str,
    action: Action,
    actor: Actor,
    actor_id: Option<&str>,
    note: &str,
    internal_note: &str,
) -> Result<Status, ActError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let (from, to) = step(
                conn.as_conn(),
                id,
                None,
                action,
                actor,
                actor_id,
                note,
                internal_note,
                None,
            )
            .await?;
            let before = serde_json::json!({ "status": from.code() });
            let after = serde_json::json!({ "status": to.code() });
            let action = format!("request.{}", action.code());
            let who = actor_id.unwrap_or(if actor == Actor::Citizen {
                CITIZEN
            } else {
                "staff"
            });
            let audit = Audit {
                actor: who,
                action: &action,
                subject: id,
                before: Some(before),
                after: Some(after),
            };
            audit::append(conn.as_conn(), &audit).await?;
            Ok(to)
        })
        .await
    })
}

/// Lets an account follow requests it proved it holds (a phone's requests, claimed at sign-in),
/// in one transaction with an audit row (`request.claim`) for each request it newly follows.
/// Returns how many of `ids` the account follows now that another account did not have.
pub async fn claim(db: &super::Db, owner: &str, ids: &[String]) -> Result<u64, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let mut n = 0;
            for id in ids {
                let row: Option<(Option<String>,)> =
                    sqlx::query_as("SELECT owner_id FROM requests WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *conn)
                        .await?;
                match row {
                    Some((None,)) => {
                        sqlx::query("UPDATE requests SET owner_id = $2 WHERE id = $1")
                            .bind(id)
                            .bind(owner)
                            .execute(&mut *conn)
                            .await?;
                        let (before, after) = (
                            serde_json::json!({ "owner": null }),
                            serde_json::json!({ "owner": owner }),
                        );
                        let audit = Audit {
                            actor: owner,
                            action: "request.claim",
                            subject: id,
                            before: Some(before),
                            after: Some(after),
                        };
                        audit::append(conn.as_conn(), &audit).await?;
                        n += 1;
                    }
                    Some((Some(o),)) if o == owner => n += 1,
                    _ => {}
                }
            }
            Ok(n)
        })
        .await
    })
}

/// The service a request was made for (its slug), if the request exists.
pub async fn service_of(db: &super::Db, id: &str) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        Ok(
            sqlx::query_scalar("SELECT service_slug FROM requests WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?,
        )
    })
}

/// The citizen's answer to "more information needed", checked by the caller against the
/// request's own service (`service`) and the form in force (`form_version`). In one
/// transaction: the answers are appended as a new set (every earlier set is kept),
/// `requests.answers` becomes the latest, the request goes back to review with a timeline step,
/// and an audit row says which fields changed. `actor`: the signed-in account, or `citizen`.
/// Sent again after it went through, with the same answers, it changes nothing and succeeds.
pub async fn answer(
    db: &super::Db,
    id: &str,
    service: &str,
    form_version: u32,
    clean: &Answers,
    actor: &str,
) -> Result<Status, ActError> {
    super::on_db!(db, pool => {
        let answers = serde_json::to_string(clean).map_err(StoreError::from)?;
        super::in_transaction(pool, async |conn| {
            let row: Option<(String, String, String)> =
                sqlx::query_as("SELECT status, answers, service_slug FROM requests WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
            let (status, stored, own_service) = row.ok_or(ActError::NotFound)?;
            if own_service != service {
                return Err(ActError::Store(StoreError::Invalid(format!("answers for {service} given to a request for {own_service}"))));
            }
            let from = Status::from_code(&status).ok_or(ActError::NotFound)?;
            if from != Status::NeedsInfo && stored == answers {
                return Ok(from);
            }
            let (_, to) = step(conn.as_conn(), id, None, Action::Answer, Actor::Citizen, None, "", "", None).await?;
            audit::append_answers(conn.as_conn(), id, form_version, &answers, None, actor).await?;
            sqlx::query("UPDATE requests SET answers = $2, form_version = $3 WHERE id = $1")
                .bind(id)
                .bind(&answers)
                .bind(i64::from(form_version))
                .execute(&mut *conn)
                .await?;
            let earlier: Answers = serde_json::from_str(&stored).map_err(StoreError::from)?;
            let mut changed: Vec<&String> = clean.keys().chain(earlier.keys()).filter(|k| clean.get(*k) != earlier.get(*k)).collect();
            changed.sort();
            changed.dedup();
            let audit = Audit {
                actor,
                action: "request.answer",
                subject: id,
                before: Some(serde_json::json!({ "status": from.code() })),
                after: Some(serde_json::json!({ "status": to.code(), "form_version": form_version, "changed": changed })),
            };
            audit::append(conn.as_conn(), &audit).await?;
            Ok(to)
        })
        .await
    })
}

/// The receipt of request `id` and its due date (`YYYY-MM-DD`, empty when none), if it exists:
/// what a door that filed it for someone shows again (the PIN is derived, never stored).
pub async fn receipt_of(
    db: &super::Db,
    secrets: &Secrets,
    id: &str,
) -> Result<Option<(Receipt, String)>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT reference, received_at, pin_key, pin_hash, due_date FROM requests WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        let Some((reference, at, key, hash, due)) = row else {
            return Ok(None);
        };
        Ok(Some((
            receipt(
                secrets,
                id.to_string(),
                &reference,
                at,
                &PinCheck { key, hash },
            )?,
            due,
        )))
    })
}
