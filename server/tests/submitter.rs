//! Group commit: submissions that arrive together share one transaction, each is answered only
//! once it is stored, a retry in the same batch gets the first receipt, and a submission that
//! cannot be stored fails alone.

mod common;

use app::domain::form::FormSchema;
use app::domain::submission::Envelope;
use app::store::requests::{count, Filing, Stored};
use app::store::submitter::Submitter;
use std::sync::atomic::Ordering;
use std::sync::Arc;

const SERVICE: &str = "akta-kelahiran";

fn envelope(n: usize, form: &FormSchema) -> Envelope {
    Envelope {
        id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
        service: SERVICE.into(),
        form_version: form.version,
        answers: common::valid_answers(form),
        expect: None,
    }
}

async fn setup() -> (tempfile::TempDir, app::store::Db, FormSchema, Submitter) {
    let (dir, pool) = common::database().await;
    let form = common::form(&pool, SERVICE).await;
    let submitter = Submitter::new(pool.clone(), Arc::new(common::secrets()));
    (dir, pool, form, submitter)
}

/// A batch of `envelopes`, answered `cleaned`, all filed as `filing`.
fn submissions<'a>(
    envelopes: &'a [Envelope],
    cleaned: &'a [app::domain::form::Answers],
    filing: &'a Filing,
) -> Vec<app::store::requests::Submission<'a>> {
    envelopes
        .iter()
        .zip(cleaned)
        .map(|(envelope, clean)| app::store::requests::Submission {
            envelope,
            clean,
            filing,
        })
        .collect()
}

/// Sends every envelope at once and waits for every answer.
async fn all_at_once(
    submitter: &Submitter,
    form: &FormSchema,
    envelopes: Vec<Envelope>,
) -> Vec<Result<Stored, String>> {
    let sends = envelopes.into_iter().map(|e| {
        let submitter = submitter.clone();
        let clean = app::domain::submission::check(&e, Some(form)).expect("valid");
        tokio::spawn(async move {
            submitter
                .submit(&e, &clean, &Filing::default())
                .await
                .map_err(|e| e.to_string())
        })
    });
    let mut out = Vec::new();
    for send in sends.collect::<Vec<_>>() {
        out.push(send.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submissions_that_arrive_together_share_transactions_and_are_all_stored() {
    let (_dir, pool, form, submitter) = setup().await;
    let envelopes: Vec<Envelope> = (0..300).map(|n| envelope(n, &form)).collect();
    let stored = all_at_once(&submitter, &form, envelopes).await;
    let mut references = std::collections::HashSet::new();
    for s in &stored {
        let Ok(Stored::New(receipt)) = s else {
            panic!("every submission is stored new: {s:?}")
        };
        references.insert(receipt.reference);
    }
    assert_eq!(references.len(), 300, "each has its own reference");
    assert_eq!(count(&pool).await.unwrap(), 300);
    let b = submitter.batches();
    assert_eq!(b.submissions.load(Ordering::Relaxed), 300);
    let (batches, largest) = (
        b.batches.load(Ordering::Relaxed),
        b.largest.load(Ordering::Relaxed),
    );
    assert!(
        batches < 300 && largest > 1,
        "{batches} transactions, the largest with {largest}: no batching"
    );
    // Every request has its event and its answers, as when stored one at a time.
    let events: i64 =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM request_events")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(events, 300);
    let chained: i64 = common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE last_seq > 0")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(chained, 300);
    let report = app::store::audit::verify(&pool).await.unwrap();
    assert!(report.ok(), "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_that_arrives_with_its_first_copy_gets_the_same_receipt() {
    let (_dir, pool, form, submitter) = setup().await;
    let mut envelopes: Vec<Envelope> = (0..40).map(|n| envelope(n, &form)).collect();
    // Each envelope twice, side by side: many pairs meet in one batch.
    envelopes = envelopes.into_iter().flat_map(|e| [e.clone(), e]).collect();
    let stored = all_at_once(&submitter, &form, envelopes).await;
    for pair in stored.chunks(2) {
        let receipts: Vec<_> = pair
            .iter()
            .map(|s| match s {
                Ok(Stored::New(r)) | Ok(Stored::Again(r)) => r.clone(),
                other => panic!("stored: {other:?}"),
            })
            .collect();
        assert_eq!(receipts[0], receipts[1]);
        let new = pair
            .iter()
            .filter(|s| matches!(s, Ok(Stored::New(_))))
            .count();
        assert_eq!(
            new, 1,
            "one of the two copies is new, the other the same again"
        );
    }
    assert_eq!(count(&pool).await.unwrap(), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_that_cannot_be_stored_fails_alone() {
    let (_dir, pool, form, submitter) = setup().await;
    // Whether the bad one shares a batch depends on timing: it may arrive alone, and then its
    // batch of one fails with it and nothing is split. Send rounds until one of them split a
    // batch, checking every round; sixty sent at once batch in practice (see the test above).
    let mut stored_so_far = 0;
    for round in 0..20 {
        let before = submitter.batches().submissions.load(Ordering::Relaxed);
        let split_before = submitter.batches().split.load(Ordering::Relaxed);
        let mut envelopes: Vec<Envelope> =
            (0..60).map(|n| envelope(round * 60 + n, &form)).collect();
        // A service the database does not know: its row breaks a foreign key, so its batch fails.
        envelopes[30].service = "no-such-service".into();
        let stored = all_at_once(&submitter, &form, envelopes).await;
        for (n, s) in stored.iter().enumerate() {
            if n == 30 {
                assert!(s.is_err(), "the bad one is refused: {s:?}");
            } else {
                assert!(matches!(s, Ok(Stored::New(_))), "{n}: {s:?}");
            }
        }
        stored_so_far += 59;
        assert_eq!(count(&pool).await.unwrap(), stored_so_far);
        let batched = submitter.batches().submissions.load(Ordering::Relaxed) - before;
        // A failed batch is always split (a batch of the bad one alone too).
        assert!(submitter.batches().split.load(Ordering::Relaxed) > split_before);
        if batched < 59 {
            // The bad one shared a batch: its good ones were stored one by one, outside the
            // batch figures.
            return;
        }
        // The bad one failed alone, and every good one was batched.
        assert_eq!(batched, 59, "round {round}");
    }
    panic!("in 20 rounds the bad submission never shared a batch: no split was tested");
}

/// The writer keeps one connection from batch to batch. When the database drops it (a server
/// restarted, a connection killed), the batch on it is stored one by one through the pool, and
/// the writer takes another connection for the next: no submission fails for it. PostgreSQL
/// only (an embedded SQLite file has no server to drop a connection).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_writer_connection_loses_no_submission() {
    let (_dir, pool, form, submitter) = setup().await;
    let app::store::Db::Postgres(pg) = &pool else {
        return;
    };
    let mut sent = 0;
    for round in 0..3 {
        // The writer's connection (and every other of this database but the one asking) ends.
        if round > 0 {
            sqlx::query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .execute(pg)
            .await
            .unwrap();
        }
        for n in 0..3 {
            let stored = all_at_once(&submitter, &form, vec![envelope(sent + n, &form)]).await;
            assert!(
                matches!(stored[0], Ok(Stored::New(_))),
                "round {round}, {n}: {stored:?}"
            );
        }
        sent += 3;
        assert_eq!(count(&pool).await.unwrap(), sent as i64);
    }
    assert!(
        submitter.batches().split.load(Ordering::Relaxed) >= 2,
        "the broken ones were split"
    );
}

#[tokio::test]
async fn a_batch_is_stored_in_order_with_its_repeats_answered_from_the_first() {
    use app::domain::form::Answer;
    use app::store::requests::{submit, submit_batch};
    let (_dir, pool, form, _submitter) = setup().await;
    let secrets = common::secrets();
    let filing = Filing::default();
    let clean = |e: &Envelope| app::domain::submission::check(e, Some(&form)).expect("valid");
    // Stored before the batch.
    let first = envelope(0, &form);
    let Stored::New(before) = submit(&pool, &secrets, &first, &clean(&first), &filing)
        .await
        .unwrap()
    else {
        panic!("stored new")
    };
    // 70 new ones (more than one multi-row statement holds), then the stored one again, a
    // repeat of the 5th, and the 6th's id with another name.
    let mut envelopes: Vec<Envelope> = (1..=70).map(|n| envelope(n, &form)).collect();
    envelopes.push(first.clone());
    envelopes.push(envelope(5, &form));
    let mut other = envelope(6, &form);
    let name = form
        .fields()
        .find(|f| matches!(other.answers.get(&f.id), Some(Answer::One(v)) if v == "Siti Aminah"))
        .expect("a name field");
    other
        .answers
        .insert(name.id.clone(), Answer::One("Budi Santoso".into()));
    envelopes.push(other);
    let cleaned: Vec<_> = envelopes.iter().map(clean).collect();
    let batch = submissions(&envelopes, &cleaned, &filing);
    let stored = submit_batch(&pool, &secrets, &batch).await.unwrap();
    assert_eq!(stored.len(), 73);
    let mut references = std::collections::HashSet::new();
    for (n, s) in stored[..70].iter().enumerate() {
        let Stored::New(r) = s else {
            panic!("{n}: {s:?}")
        };
        assert_eq!(r.id, envelopes[n].id);
        references.insert(r.reference);
    }
    assert_eq!(references.len(), 70, "each its own reference");
    assert_eq!(stored[70], Stored::Again(before));
    let Stored::New(fifth) = &stored[4] else {
        unreachable!()
    };
    assert_eq!(stored[71], Stored::Again(fifth.clone()));
    assert_eq!(stored[72], Stored::Conflict);
    assert_eq!(count(&pool).await.unwrap(), 71);
    // Each request names its own submit step, and the steps follow the batch's order.
    let order: Vec<String> = common::on_db!(&pool, p => sqlx::query_scalar(
        "SELECT r.id FROM requests r JOIN request_events e ON e.seq = r.last_seq AND e.request_id = r.id
         WHERE e.action = 'submit' ORDER BY e.seq")
        .fetch_all(p)
        .await)
    .unwrap();
    let expected: Vec<String> = (0..=70).map(|n| envelope(n, &form).id).collect();
    assert_eq!(order, expected);
    let answers: i64 =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM request_answers")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(answers, 71);
    let report = app::store::audit::verify(&pool).await.unwrap();
    assert!(report.ok(), "{report}");
}

/// A batch confirms, in the transaction that stores it, what its submissions were checked
/// against: the catalogue and calendar state (a calendar import since: checked again, nothing
/// stored) and every file answer, a complete upload under the submission's own id within the
/// field's size. A stored one sent again is answered from what is stored.
#[tokio::test]
async fn a_batch_confirms_the_state_and_the_uploads_it_was_checked_against() {
    use app::store::requests::{submit_batch, FileAnswer, Premises, Submission};
    let (_dir, pool, form, _submitter) = setup().await;
    let secrets = common::secrets();
    let shelves = app::store::shelf::Shelves::default();
    let then = shelves.with_calendar(&pool).await.unwrap().state;
    let photo = |field: &str, max_bytes| FileAnswer {
        field: field.into(),
        sha256: common::PHOTO.into(),
        max_bytes,
    };
    let filed = |state: &app::store::shelf::State, files: Vec<FileAnswer>| Filing {
        premises: Premises {
            state: Some(state.clone()),
            files,
        },
        ..Filing::default()
    };
    let envelopes: Vec<Envelope> = (1..=5).map(|n| envelope(n, &form)).collect();
    // 1 and 3 uploaded their photo; 2 names 1's; 4's field takes fewer bytes than it has.
    for n in [0, 2, 3] {
        common::uploaded(&pool, &envelopes[n].id).await;
    }
    let filings = [
        filed(&then, vec![photo("foto", 1000)]),
        filed(&then, vec![photo("foto", 1000)]),
        filed(&then, vec![photo("foto", 1000), photo("pdf", 1000)]),
        filed(&then, vec![photo("foto", 999)]),
        filed(&then, vec![]),
    ];
    let cleaned: Vec<_> = envelopes
        .iter()
        .map(|e| app::domain::submission::check(e, Some(&form)).expect("valid"))
        .collect();
    let batch: Vec<Submission> = (0..5)
        .map(|n| Submission {
            envelope: &envelopes[n],
            clean: &cleaned[n],
            filing: &filings[n],
        })
        .collect();
    let stored = submit_batch(&pool, &secrets, &batch).await.unwrap();
    assert!(matches!(stored[0], Stored::New(_)), "{:?}", stored[0]);
    assert_eq!(stored[1], Stored::MissingFiles(vec!["foto".into()]));
    assert!(matches!(stored[2], Stored::New(_)), "{:?}", stored[2]);
    assert_eq!(stored[3], Stored::MissingFiles(vec!["foto".into()]));
    assert!(matches!(stored[4], Stored::New(_)), "{:?}", stored[4]);
    assert_eq!(count(&pool).await.unwrap(), 3);

    // A calendar import moves the state: what was checked before it is checked again.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calendar/2026.toml"),
    )
    .unwrap();
    let mut file: app::domain::calendar::CalendarFile = toml::from_str(&text).unwrap();
    file.revision = "premises-test".into();
    file.day.retain(|d| d.date.to_string() != "2026-12-25");
    app::store::calendar::import(&pool, &file, "test")
        .await
        .unwrap();
    let now = shelves.with_calendar(&pool).await.unwrap().state;
    assert!(!then.holds_at(&now) && now.holds_at(&now));
    let late = envelope(6, &form);
    common::uploaded(&pool, &late.id).await;
    let late_clean = app::domain::submission::check(&late, Some(&form)).unwrap();
    let stale = filed(&then, vec![photo("foto", 1000)]);
    let fresh = filed(&now, vec![photo("foto", 1000)]);
    let again = [
        // The first, stored: its receipt again, whatever it was checked against.
        Submission {
            envelope: &envelopes[0],
            clean: &cleaned[0],
            filing: &stale,
        },
        Submission {
            envelope: &late,
            clean: &late_clean,
            filing: &stale,
        },
    ];
    let stored = submit_batch(&pool, &secrets, &again).await.unwrap();
    assert!(matches!(stored[0], Stored::Again(_)), "{:?}", stored[0]);
    assert_eq!(stored[1], Stored::Stale);
    assert_eq!(count(&pool).await.unwrap(), 3);
    let stored = app::store::requests::submit(&pool, &secrets, &late, &late_clean, &fresh)
        .await
        .unwrap();
    assert!(matches!(stored, Stored::New(_)), "{stored:?}");
    assert_eq!(count(&pool).await.unwrap(), 4);
}

/// A batch's reference numbers are drawn before its reads and confirmed free by them; one
/// another request holds is drawn again (and again, when the new one is taken too), and a
/// drawing that finds nothing free stores nothing.
#[tokio::test]
async fn a_drawn_reference_number_another_request_holds_is_drawn_again() {
    use app::domain::reference::Reference;
    use app::store::requests::{submit, submit_batch_drawing, Submission};
    use std::collections::VecDeque;
    let (_dir, pool, form, _submitter) = setup().await;
    let secrets = common::secrets();
    let filing = Filing::default();
    let clean = |e: &Envelope| app::domain::submission::check(e, Some(&form)).expect("valid");
    let mut held = Vec::new();
    for n in 0..2 {
        let e = envelope(n, &form);
        let Stored::New(r) = submit(&pool, &secrets, &e, &clean(&e), &filing)
            .await
            .unwrap()
        else {
            panic!("stored new")
        };
        held.push(r.reference);
    }
    let envelopes: Vec<Envelope> = (10..13).map(|n| envelope(n, &form)).collect();
    let cleaned: Vec<_> = envelopes.iter().map(clean).collect();
    let batch = submissions(&envelopes, &cleaned, &filing);
    let free = |n| Reference::from_number(n);
    // The first is drawn a held number, then (drawn again) the other held one, then a free one.
    let mut drawn = VecDeque::from([held[0], free(1), free(2), held[1], free(3)]);
    let mut draw = move || drawn.pop_front().expect("drawn no more than needed");
    let stored = submit_batch_drawing(&pool, &secrets, &batch, &mut draw)
        .await
        .unwrap();
    let references: Vec<Reference> = stored
        .iter()
        .map(|s| match s {
            Stored::New(r) => r.reference,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(references, [free(3), free(1), free(2)]);
    assert_eq!(count(&pool).await.unwrap(), 5);
    // Each is found by its own number.
    for (e, reference) in envelopes.iter().zip(&references) {
        let id: String = common::on_db!(&pool, p => sqlx::query_scalar(
            "SELECT id FROM requests WHERE reference = $1")
            .bind(reference.to_string())
            .fetch_one(p)
            .await)
        .unwrap();
        assert_eq!(id, e.id);
    }

    // Only held numbers to draw: nothing of the batch is stored, and it says why.
    let late = envelope(20, &form);
    let late_clean = clean(&late);
    let one = [Submission {
        envelope: &late,
        clean: &late_clean,
        filing: &filing,
    }];
    let mut only_held = || held[0];
    let refused = submit_batch_drawing(&pool, &secrets, &one, &mut only_held).await;
    let error = refused.expect_err("no free number").to_string();
    assert!(error.contains("free reference number"), "{error}");
    assert_eq!(count(&pool).await.unwrap(), 5);
    let report = app::store::audit::verify(&pool).await.unwrap();
    assert!(report.ok(), "{report}");
}

/// On SQLite the writer's batch begins and commits its own transaction with statements sqlx
/// does not count (`store::db::Framing`). Left open (its holder cancelled half-way) or failed,
/// it must not go back to the pool holding SQLite's one write lock: the connection is closed,
/// and every other writer goes on.
#[tokio::test]
async fn a_framed_transaction_left_open_or_failed_never_holds_the_write_lock_for_others() {
    use app::store::db::Reserved;
    use app::store::requests::submit;
    if common::skipped_on_postgres("the writer frames its own transactions on SQLite only") {
        return;
    }
    let (_dir, pool, form, submitter) = setup().await;
    let secrets = common::secrets();
    let filing = Filing::default();
    let store = async |n| {
        let e = envelope(n, &form);
        let clean = app::domain::submission::check(&e, Some(&form)).unwrap();
        submit(&pool, &secrets, &e, &clean, &filing).await
    };
    // Cancelled half-way: its transaction begun and holding the write lock, its holder gone.
    let mut reserved = pool.reserve().await.unwrap();
    let Reserved::Sqlite(framing) = &mut reserved else {
        unreachable!("SQLite")
    };
    let begun = framing.frame(async |c| {
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *c).await?;
        std::future::pending::<()>().await;
        Ok::<(), sqlx::Error>(())
    });
    let cancelled = tokio::time::timeout(std::time::Duration::from_millis(300), begun).await;
    assert!(cancelled.is_err(), "still waiting when cancelled");
    drop(reserved);
    // Every pooled connection writes (one given back inside the transaction would refuse to
    // begin another, and any other would wait for its lock and fail).
    for n in 0..12 {
        let stored = store(n).await.unwrap();
        assert!(matches!(stored, Stored::New(_)), "{stored:?}");
    }

    // Failed half-way: rolled back at once, so others write while it is still held, and never
    // framed again.
    let mut reserved = pool.reserve().await.unwrap();
    let Reserved::Sqlite(framing) = &mut reserved else {
        unreachable!("SQLite")
    };
    let failed = framing
        .frame(async |c| {
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *c).await?;
            sqlx::query("INSERT INTO no_such_table VALUES (1)")
                .execute(&mut *c)
                .await?;
            Ok::<(), sqlx::Error>(())
        })
        .await;
    assert!(failed.is_err());
    let stored = store(20).await.unwrap();
    assert!(matches!(stored, Stored::New(_)), "{stored:?}");
    let again = framing.frame(async |_| Ok::<(), sqlx::Error>(())).await;
    assert!(
        again.is_err(),
        "a failed frame's connection is not used again"
    );
    drop(reserved);
    assert_eq!(count(&pool).await.unwrap(), 13);
    // The writer itself, on the same pool, goes on storing.
    let stored = all_at_once(&submitter, &form, vec![envelope(30, &form)]).await;
    assert!(matches!(stored[0], Ok(Stored::New(_))), "{:?}", stored[0]);
}

/// A batch keeps each Open311 filing's partner part with its own request, by multi-row
/// statements like the requests' rows: more filings than one statement holds, mixed with the
/// app's, each part under its request and none under the app's.
#[tokio::test]
async fn a_batch_keeps_each_partner_part_with_its_own_request() {
    use app::domain::channel::Channel;
    use app::store::open311::{create_key, partner_view, Partner};
    use app::store::requests::submit_batch;
    let (_dir, pool, form, _submitter) = setup().await;
    let secrets = common::secrets();
    let (key_id, _) = create_key(&pool, "Mitra Uji", "admin@loket.go.id")
        .await
        .unwrap();
    let partnered = |n: usize| n % 4 != 3; // 3 of 4 through Open311
    let envelopes: Vec<Envelope> = (0..56).map(|n| envelope(n, &form)).collect();
    let cleaned: Vec<_> = envelopes
        .iter()
        .map(|e| app::domain::submission::check(e, Some(&form)).expect("valid"))
        .collect();
    let filings: Vec<Filing> = (0..envelopes.len())
        .map(|n| Filing {
            channel: if partnered(n) {
                Channel::Open311
            } else {
                Channel::App
            },
            partner: partnered(n).then(|| Partner {
                key_id,
                address: format!("Jalan Uji {n}"),
                address_id: None,
                lat: Some(-6.2 - n as f64 / 1000.0),
                long: Some(106.8),
                description: format!("Permohonan mitra nomor {n}"),
                media_url: String::new(),
                contact: serde_json::json!({ "first_name": format!("Warga {n}") }),
            }),
            ..Filing::default()
        })
        .collect();
    let batch: Vec<_> = envelopes
        .iter()
        .zip(&cleaned)
        .zip(&filings)
        .map(
            |((envelope, clean), filing)| app::store::requests::Submission {
                envelope,
                clean,
                filing,
            },
        )
        .collect();
    let stored = submit_batch(&pool, &secrets, &batch).await.unwrap();
    assert!(stored.iter().all(|s| matches!(s, Stored::New(_))));
    let mut parts = 0;
    for (n, e) in envelopes.iter().enumerate() {
        let part = partner_view(&pool, &e.id).await.unwrap();
        if partnered(n) {
            let part = part.unwrap_or_else(|| panic!("{n}: no partner part"));
            assert_eq!(part.partner, "Mitra Uji");
            assert_eq!(part.address, format!("Jalan Uji {n}"));
            assert_eq!(part.description, format!("Permohonan mitra nomor {n}"));
            parts += 1;
        } else {
            assert!(part.is_none(), "{n}: the app's request has no partner part");
        }
    }
    assert_eq!(parts, 42, "more than one multi-row statement's worth");
}
