//! Statements sent to the database together. A trip is a list of statements, each written with
//! sqlx's `QueryBuilder` (values only through `push_bind`, `push_values` or `separated`: never a
//! `$N` in the text), and its answer is each statement's rows, in order.
//!
//! On SQLite the statements go as one text in one command to the connection's thread, which
//! runs them one after the other and sends back every row. sqlx numbers the text's anonymous
//! `?` parameters across its statements. Each command is a hand-off between threads (about
//! 60 µs under load, measured in the submission writer): the writer's batch went from nine of
//! them to two (its reads, which begin its transaction, and its writes, which commit it: see
//! `store::db::Framing`). On PostgreSQL, whose protocol takes one statement per query with
//! parameters, each statement is its own round trip, as before.
//!
//! sqlx 0.8 marks several statements in one SQLite query as deprecated (its issue 3108), while
//! it runs them; this module is the one place that relies on it. Should a later sqlx refuse
//! them, [`JOINED`] set to false sends SQLite's statements one by one as PostgreSQL's are,
//! and nothing else changes.

use sqlx::{Database, QueryBuilder};

/// Whether a backend takes a trip's statements as one text.
const fn joined(backend: &str) -> bool {
    JOINED && matches!(backend.as_bytes(), b"SQLite")
}

/// SQLite's statements go as one text (see the module's comment).
const JOINED: bool = true;

/// Statements to send together (see the module's comment).
pub struct Trip<'q, DB: Database> {
    /// The texts to send: on SQLite one, holding every statement; else one per statement.
    texts: Vec<QueryBuilder<'q, DB>>,
    /// How many statements the texts hold.
    statements: usize,
}

/// Where the rows of one or more consecutive statements come back in a trip's [`Answer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    first: usize,
    end: usize,
}

impl<'q, DB: Database> Default for Trip<'q, DB> {
    fn default() -> Self {
        Trip {
            texts: Vec::new(),
            statements: 0,
        }
    }
}

impl<'q, DB: Database> Trip<'q, DB> {
    /// An empty trip.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the next statement with `sql` and gives its builder, to go on writing it with.
    pub fn statement(&mut self, sql: &str) -> &mut QueryBuilder<'q, DB> {
        self.statements += 1;
        match self.texts.last_mut() {
            Some(text) if joined(DB::NAME) => {
                text.push(";\n").push(sql);
            }
            _ => self.texts.push(QueryBuilder::new(sql)),
        }
        self.texts.last_mut().expect("a text was just written")
    }

    /// Runs `write`, which adds statements, and names where their rows come back.
    pub fn part(&mut self, write: impl FnOnce(&mut Self)) -> Part {
        let first = self.statements;
        write(self);
        Part {
            first,
            end: self.statements,
        }
    }

    /// Whether the trip holds no statement.
    pub fn is_empty(&self) -> bool {
        self.statements == 0
    }
}

/// [`Trip::run`] for each backend. (Written per backend: sqlx's builder gives a query whose
/// arguments' lifetime a generic function cannot shorten to the builder's borrow.)
macro_rules! run_on {
    ($($backend:ty),*) => {$(
        impl<'q> Trip<'q, $backend> {
            /// Sends the statements on `conn` and collects each one's rows. Stops at the first
            /// that fails (on SQLite the rest are not run): the caller's transaction is then to
            /// be rolled back.
            pub async fn run(
                self,
                conn: &mut <$backend as Database>::Connection,
            ) -> Result<Answer<<$backend as Database>::Row>, sqlx::Error> {
                use futures_util::TryStreamExt;
                let mut parts = Vec::with_capacity(self.statements);
                let mut rows = Vec::new();
                for mut text in self.texts {
                    // Each statement's rows come before its result; every statement gives one.
                    #[allow(deprecated)]
                    let mut steps = text.build().fetch_many(&mut *conn);
                    while let Some(step) = steps.try_next().await? {
                        match step {
                            sqlx::Either::Left(_) => parts.push(std::mem::take(&mut rows)),
                            sqlx::Either::Right(row) => rows.push(row),
                        }
                    }
                }
                if parts.len() != self.statements || !rows.is_empty() {
                    return Err(sqlx::Error::Protocol(format!(
                        "a trip of {} statements came back as {}",
                        self.statements,
                        parts.len()
                    )));
                }
                Ok(Answer { parts })
            }
        }
    )*};
}

run_on!(sqlx::Sqlite, sqlx::Postgres);

/// What a trip's statements gave: the rows of each.
pub struct Answer<R> {
    parts: Vec<Vec<R>>,
}

impl<R: sqlx::Row> Answer<R> {
    /// The rows of `part`'s statements, in order (taken: a second call gives none).
    pub fn rows(&mut self, part: Part) -> Vec<R> {
        self.parts[part.first..part.end]
            .iter_mut()
            .flat_map(std::mem::take)
            .collect()
    }

    /// The rows of `part`'s statements, each read as a `T`.
    pub fn read<T>(&mut self, part: Part) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, R>,
    {
        self.rows(part).iter().map(T::from_row).collect()
    }
}
