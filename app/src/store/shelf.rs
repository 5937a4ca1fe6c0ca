//! The server's catalogue on a shelf: the services parsed, with their search text and the home
//! page's lists worked out, kept in memory for as long as the catalogue does not change. Pages
//! other than a service's read it instead of parsing every stored document on every request.
//! Beside it, the calendar of days off, kept for as long as no import changes it: a filing
//! counts its due date with it, so a submission reads neither a service's document nor the
//! calendar, only their state.
//!
//! The database stays the truth: each use reads the catalogue's state (its id and head revision,
//! and the stamp the calendar's last import left: one indexed read) and loads again what moved,
//! so several servers on one database each keep their own shelf and none serves a catalogue or
//! a calendar older than the one it read the state of. A filing alone takes what is kept
//! without that read ([`Shelves::kept_with_calendar`]): the submission writer confirms the
//! state in the transaction that stores it.

use super::trip::{Answer, Part, Trip};
use super::{AsConn, StoreError};
use crate::domain::calendar::Calendar;
use crate::domain::catalogue::Service;
use crate::domain::form::FormSchema;
use crate::domain::shelf::Shelf;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A value and the label of the database state it was loaded at.
struct Keep<L, T>(Mutex<Option<(L, Arc<T>)>>);

impl<L, T> Default for Keep<L, T> {
    fn default() -> Self {
        Keep(Mutex::new(None))
    }
}

impl<L, T> Keep<L, T> {
    /// The kept value and its label, if the label is still `fresh`.
    fn get(&self, fresh: impl Fn(&L) -> bool) -> Option<(L, Arc<T>)>
    where
        L: Clone,
    {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(label, _)| fresh(label))
            .map(|(label, value)| (label.clone(), value.clone()))
    }

    /// Keeps `value`, loaded at `label`, instead of what was kept.
    fn put(&self, label: L, value: T) -> (L, Arc<T>)
    where
        L: Clone,
    {
        let value = Arc::new(value);
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((label.clone(), value.clone()));
        (label, value)
    }
}

/// The kept shelf and calendar, shared by every request of one server (cheap to clone).
#[derive(Clone, Default)]
pub struct Shelves {
    /// The shelf and its forms, labelled with the catalogue id and head revision it was
    /// loaded at.
    shelf: Arc<Keep<(String, i64), Stock>>,
    /// The calendar, labelled with the catalogue id (its database) and the stamp of the import
    /// it was loaded after.
    calendar: Arc<Keep<(String, String), Calendar>>,
    // One load at a time: the others wait for it instead of loading the same again.
    loading: Arc<tokio::sync::Mutex<()>>,
}

/// What one look at the database says of the catalogue and the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// The catalogue's id (which database it is).
    id: String,
    /// Its head revision: every import, publication and withdrawal raises it.
    head: i64,
    /// The stamp of the calendar's last import (empty before the first).
    calendar: String,
}

impl State {
    /// Whether what was loaded at `self` is still what the database holds at `now` (revisions
    /// only grow, so a shelf loaded at a later head than `now` is as fresh).
    pub fn holds_at(&self, now: &State) -> bool {
        self.id == now.id && self.head >= now.head && self.calendar == now.calendar
    }
}

/// The catalogue and the calendar kept, and the state they were loaded at.
#[derive(Clone)]
pub struct Kept {
    pub shelf: Arc<Shelf>,
    pub calendar: Arc<Calendar>,
    pub state: State,
    /// The forms of the shelf's services, read as filings need them.
    forms: Arc<Forms>,
}

impl Kept {
    /// The shelf with its forms and the calendar, with the labels they were kept under, as one
    /// state.
    fn of(
        ((id, head), stock): ((String, i64), Arc<Stock>),
        ((_, stamp), calendar): ((String, String), Arc<Calendar>),
    ) -> Kept {
        Kept {
            shelf: stock.shelf.clone(),
            calendar,
            state: State {
                id,
                head,
                calendar: stamp,
            },
            forms: stock.forms.clone(),
        }
    }

    /// The active service `slug` on the shelf, with the form it carries (any form, not only an
    /// intake form), read from its JSON once for this shelf.
    pub fn service_with_form(&self, slug: &str) -> Option<(&Service, FormRead)> {
        let service = find(&self.shelf, slug)?;
        Some((service, self.forms.of(service)))
    }
}

/// A shelf and the forms of its services read for filings, kept as one value: the forms live
/// exactly as long as their shelf.
struct Stock {
    shelf: Arc<Shelf>,
    forms: Arc<Forms>,
}

/// A service's form as read: none, the form, or its stored JSON that does not read.
pub type FormRead = Result<Option<Arc<FormSchema>>, serde_json::Error>;

/// The forms of one kept shelf's services, each read from its JSON the first time a filing
/// needs it and kept as long as the shelf (a submission read its form's JSON every time: about
/// 5 % of its CPU). Only services of that shelf come here (through [`Kept`]).
#[derive(Default)]
struct Forms(Mutex<HashMap<String, Arc<FormSchema>>>);

impl Forms {
    fn of(&self, service: &Service) -> FormRead {
        let Some(doc) = &service.form else {
            return Ok(None);
        };
        let read = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(form) = read().get(&service.slug) {
            return Ok(Some(form.clone()));
        }
        // Read outside the lock; two filings reading the same form at once keep one of them.
        let form = Arc::new(doc.schema()?);
        read().insert(service.slug.clone(), form.clone());
        Ok(Some(form))
    }
}

impl Shelves {
    /// The catalogue as it is now (not withdrawn services, in slug order), prepared.
    pub async fn current(&self, db: &super::Db) -> Result<Arc<Shelf>, StoreError> {
        let state = state(db).await?;
        Ok(self.shelf_at(db, &state).await?.1.shelf.clone())
    }

    /// The catalogue and the calendar as they are now, from one look at their state: what a
    /// filing needs (the service, its form, the working days to its due date).
    pub async fn with_calendar(&self, db: &super::Db) -> Result<Kept, StoreError> {
        let state = state(db).await?;
        let shelf = self.shelf_at(db, &state).await?;
        let calendar = self.calendar_at(db, &state).await?;
        Ok(Kept::of(shelf, calendar))
    }

    /// The catalogue and the calendar kept, without a look at the database (only when nothing
    /// is kept yet, as [`with_calendar`](Self::with_calendar)). They may be older than the
    /// database: for a filing whose writer confirms `state` in the transaction that stores it
    /// (see `requests::Premises`), and checks again with `with_calendar` when it moved.
    pub async fn kept_with_calendar(&self, db: &super::Db) -> Result<Kept, StoreError> {
        let shelf = self.shelf.get(|_| true);
        let calendar = self.calendar.get(|_| true);
        match (shelf, calendar) {
            (Some(shelf), Some(calendar)) if shelf.0 .0 == calendar.0 .0 => {
                Ok(Kept::of(shelf, calendar))
            }
            _ => self.with_calendar(db).await,
        }
    }

    /// The shelf of the catalogue `state` names (or a later one: revisions only grow, so a
    /// later one is at least as fresh), loaded when not kept.
    async fn shelf_at(
        &self,
        db: &super::Db,
        state: &State,
    ) -> Result<((String, i64), Arc<Stock>), StoreError> {
        let fresh = |(id, head): &(String, i64)| *id == state.id && *head >= state.head;
        self.kept_or_load(&self.shelf, fresh, async || {
            // The state and the services from one snapshot, so the shelf is labelled truly.
            super::on_db!(db, pool => {
                super::in_snapshot(pool, async |conn| {
                    let state = state_in(conn.as_conn()).await?;
                    let services = super::catalogue::active_services_in(conn.as_conn()).await?;
                    let stock = Stock {
                        shelf: Arc::new(Shelf::new(services)),
                        forms: Default::default(),
                    };
                    Ok::<_, StoreError>(((state.id, state.head), stock))
                })
                .await
            })
        })
        .await
    }

    /// The calendar of `state`'s database and calendar import (stamps do not order: any other
    /// stamp means another import), loaded when not kept.
    async fn calendar_at(
        &self,
        db: &super::Db,
        state: &State,
    ) -> Result<((String, String), Arc<Calendar>), StoreError> {
        let fresh = |(id, stamp): &(String, String)| *id == state.id && *stamp == state.calendar;
        self.kept_or_load(&self.calendar, fresh, async || {
            // The stamp and the days from one snapshot, so the calendar is labelled truly.
            super::on_db!(db, pool => {
                super::in_snapshot(pool, async |conn| {
                    let state = state_in(conn.as_conn()).await?;
                    let calendar = super::calendar::calendar_in(conn.as_conn()).await?;
                    Ok::<_, StoreError>(((state.id, state.calendar), calendar))
                })
                .await
            })
        })
        .await
    }

    /// What `keep` holds while its label is `fresh`; else what `load` reads (with its label),
    /// kept. One load at a time: a request that waited for another's load takes its result.
    async fn kept_or_load<L, T>(
        &self,
        keep: &Keep<L, T>,
        fresh: impl Fn(&L) -> bool,
        load: impl AsyncFnOnce() -> Result<(L, T), StoreError>,
    ) -> Result<(L, Arc<T>), StoreError>
    where
        L: Clone,
    {
        if let Some(kept) = keep.get(&fresh) {
            return Ok(kept);
        }
        let _one = self.loading.lock().await;
        if let Some(kept) = keep.get(&fresh) {
            return Ok(kept);
        }
        let (label, value) = load().await?;
        Ok(keep.put(label, value))
    }
}

/// The service `slug` of a shelf kept here (its services are in slug order), if it is active.
pub fn find<'a>(shelf: &'a Shelf, slug: &str) -> Option<&'a Service> {
    let services = shelf.services();
    services
        .binary_search_by(|s| s.slug.as_str().cmp(slug))
        .ok()
        .map(|i| &services[i])
}

/// Copies of what a page that names services needs of a shelf kept here: the services `slugs`
/// names, and for each agency of `agencies` one of its services (pages name an agency from
/// any of its services), instead of the whole catalogue.
pub fn named<'a>(
    shelf: &'a Shelf,
    slugs: impl IntoIterator<Item = &'a str>,
    agencies: impl IntoIterator<Item = &'a str>,
) -> Vec<Service> {
    use std::collections::BTreeSet;
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let mut named: BTreeSet<&str> = BTreeSet::new();
    let mut out: Vec<Service> = Vec::new();
    for s in slugs.into_iter().filter_map(|slug| find(shelf, slug)) {
        if taken.insert(&s.slug) {
            named.insert(&s.agency.slug);
            out.push(s.clone());
        }
    }
    let wanted: BTreeSet<&str> = agencies
        .into_iter()
        .filter(|a| !named.contains(a))
        .collect();
    if !wanted.is_empty() {
        for s in shelf.services() {
            if wanted.contains(s.agency.slug.as_str()) && named.insert(&s.agency.slug) {
                out.push(s.clone());
            }
        }
    }
    out
}

/// The catalogue's state, on a connection of its own.
async fn state(db: &super::Db) -> Result<State, StoreError> {
    super::on_db!(db, pool => state_in(pool.acquire().await?.as_conn()).await)
}

/// The catalogue's id and head revision (every import, publication and withdrawal raises it),
/// and the stamp of the calendar's last import (empty before the first).
pub(super) async fn state_in(conn: super::Conn<'_>) -> Result<State, StoreError> {
    super::on_conn!(conn, conn => {
        let mut trip = Trip::<Backend>::new();
        let asked = ask_state(&mut trip);
        state_from(&mut trip.run(&mut *conn).await?, asked)
    })
}

/// Asks in `trip` for the catalogue's state ([`state_in`]), read back by [`state_from`].
pub(super) fn ask_state<'q, DB: sqlx::Database>(trip: &mut Trip<'q, DB>) -> Part
where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    trip.part(|trip| {
        trip.statement(
            "SELECT (SELECT value FROM catalogue_meta WHERE key = 'catalogue_id'),
                    (SELECT COALESCE(MAX(revision), 0) FROM services),
                    (SELECT COALESCE(MAX(value), '') FROM catalogue_meta WHERE key = ",
        )
        .push_bind(super::calendar::STAMP)
        .push(")");
    })
}

/// The catalogue's state, as [`ask_state`] asked for it in a trip's answer.
pub(super) fn state_from<R: sqlx::Row>(
    answer: &mut Answer<R>,
    asked: Part,
) -> Result<State, StoreError>
where
    for<'r> (String, i64, String): sqlx::FromRow<'r, R>,
{
    let (id, head, calendar) = answer
        .read(asked)?
        .pop()
        .ok_or_else(|| StoreError::Invalid("the catalogue's state came back empty".into()))?;
    Ok(State { id, head, calendar })
}
