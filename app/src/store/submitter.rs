//! Group commit for submissions. SQLite has one writer, and a commit with `synchronous=FULL`
//! waits for the disk (an fsync: 2.8 ms on this machine): one transaction per submission caps a
//! server at a few hundred a second however many cores it has. So submissions go to one writer task, which
//! stores every submission waiting when it starts a batch in one transaction and answers each
//! only after that transaction committed. Nothing waits on purpose: alone, a submission is a
//! batch of one; under load, the submissions that arrive during a commit form the next batch.
//!
//! A batch is all or nothing. When it fails, its submissions are stored again one transaction
//! each, through the pool, so one bad submission fails alone, and a batch that failed because
//! the writer's own connection broke (a database server restarted) is stored all the same; the
//! writer then takes another connection for its next batch. A submission whose caller stopped
//! waiting is still stored (and its retry gets the same receipt: the envelope id is the
//! idempotency key).

use super::requests::{self, Filing, Stored};
use super::StoreError;
use crate::domain::form::Answers;
use crate::domain::submission::Envelope;
use crate::keys::Secrets;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

/// At most this many submissions share one transaction.
const MOST: usize = 256;
/// Submissions waiting for the writer; a caller waits for room when it is full.
const QUEUE: usize = 4096;

/// One checked submission, as [`requests::submit`] takes it.
struct Job {
    envelope: Envelope,
    clean: Answers,
    filing: Filing,
    answer: oneshot::Sender<Result<Stored, StoreError>>,
}

/// How the writer has batched so far.
#[derive(Debug, Default)]
pub struct Batches {
    /// Transactions committed for batches.
    pub batches: AtomicU64,
    /// Submissions answered from them.
    pub submissions: AtomicU64,
    /// The largest batch.
    pub largest: AtomicU64,
    /// Batches that failed and were stored again one by one.
    pub split: AtomicU64,
    /// Microseconds the writer spent storing batches (transaction and commit).
    pub busy_micros: AtomicU64,
}

/// The way in to the writer: cheap to clone, one per server process.
#[derive(Clone)]
pub struct Submitter {
    queue: mpsc::Sender<Job>,
    batches: Arc<Batches>,
    /// What the writer needs, until the first submission starts it.
    idle: Arc<std::sync::Mutex<Option<Idle>>>,
}

/// The writer before it runs.
struct Idle {
    pool: super::Db,
    secrets: Arc<Secrets>,
    waiting: mpsc::Receiver<Job>,
}

impl Submitter {
    /// The writer for `pool`. It starts with the first submission, on that submission's Tokio
    /// runtime (a router may be built outside one), and stops once every `Submitter` is dropped
    /// and the queue is empty.
    pub fn new(pool: super::Db, secrets: Arc<Secrets>) -> Submitter {
        let (queue, waiting) = mpsc::channel(QUEUE);
        let idle = Idle {
            pool,
            secrets,
            waiting,
        };
        Submitter {
            queue,
            batches: Arc::new(Batches::default()),
            idle: Arc::new(std::sync::Mutex::new(Some(idle))),
        }
    }

    /// Starts the writer unless it runs already.
    fn wake(&self) {
        let idle = match self.idle.lock() {
            Ok(mut idle) => idle.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(Idle {
            pool,
            secrets,
            waiting,
        }) = idle
        {
            tokio::spawn(supervise(pool, secrets, waiting, self.batches.clone()));
        }
    }

    /// Stores a checked submission (see [`requests::submit`]), committed before this returns.
    pub async fn submit(
        &self,
        envelope: &Envelope,
        clean: &Answers,
        filing: &Filing,
    ) -> Result<Stored, StoreError> {
        self.wake();
        let (answer, answered) = oneshot::channel();
        let job = Job {
            envelope: envelope.clone(),
            clean: clean.clone(),
            filing: filing.clone(),
            answer,
        };
        self.queue.send(job).await.map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }

    /// How the writer has batched so far.
    pub fn batches(&self) -> &Batches {
        &self.batches
    }
}

fn stopped() -> StoreError {
    StoreError::Invalid("the submission writer stopped".into())
}

/// Runs the writer, and starts it again if it panics (the submissions of the batch it held get
/// no answer, so their callers answer 500 and the phones send them again).
async fn supervise(
    pool: super::Db,
    secrets: Arc<Secrets>,
    waiting: mpsc::Receiver<Job>,
    batches: Arc<Batches>,
) {
    let waiting = Arc::new(Mutex::new(waiting));
    loop {
        let run = tokio::spawn(write(
            pool.clone(),
            secrets.clone(),
            waiting.clone(),
            batches.clone(),
        ));
        match run.await {
            Ok(()) => return,
            Err(e) => {
                tracing::error!(error = %e, "the submission writer failed; starting it again");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
}

/// The writer: takes every submission waiting, stores them in one transaction, answers them.
async fn write(
    pool: super::Db,
    secrets: Arc<Secrets>,
    waiting: Arc<Mutex<mpsc::Receiver<Job>>>,
    batches: Arc<Batches>,
) {
    let mut waiting = waiting.lock().await;
    let mut batch = Vec::with_capacity(MOST);
    // The writer's own connection, kept from batch to batch.
    let mut reserved = None;
    while waiting.recv_many(&mut batch, MOST).await > 0 {
        let began = std::time::Instant::now();
        let all: Vec<requests::Submission> = batch
            .iter()
            .map(|job| requests::Submission {
                envelope: &job.envelope,
                clean: &job.clean,
                filing: &job.filing,
            })
            .collect();
        let stored = async {
            let mut conn = match reserved.take() {
                Some(conn) => conn,
                None => pool.reserve().await?,
            };
            let stored = requests::submit_batch_on(&mut conn, &secrets, &all).await;
            // After a failure the connection may be broken: the next batch takes another.
            if stored.is_ok() {
                reserved = Some(conn);
            }
            stored
        }
        .await;
        drop(all);
        let n = batch.len() as u64;
        let micros = began.elapsed().as_micros() as u64;
        batches.busy_micros.fetch_add(micros, Ordering::Relaxed);
        match stored {
            Ok(stored) => {
                batches.batches.fetch_add(1, Ordering::Relaxed);
                batches.submissions.fetch_add(n, Ordering::Relaxed);
                batches.largest.fetch_max(n, Ordering::Relaxed);
                for (job, stored) in batch.drain(..).zip(stored) {
                    let _ = job.answer.send(Ok(stored));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, submissions = n, "a batch failed; storing its submissions one by one");
                batches.split.fetch_add(1, Ordering::Relaxed);
                for job in batch.drain(..) {
                    let one =
                        requests::submit(&pool, &secrets, &job.envelope, &job.clean, &job.filing);
                    let _ = job.answer.send(one.await);
                }
            }
        }
    }
    tracing::info!(
        batches = batches.batches.load(Ordering::Relaxed),
        submissions = batches.submissions.load(Ordering::Relaxed),
        largest = batches.largest.load(Ordering::Relaxed),
        split = batches.split.load(Ordering::Relaxed),
        busy_ms = batches.busy_micros.load(Ordering::Relaxed) / 1000,
        "submission writer stopped"
    );
}
