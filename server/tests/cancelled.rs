//! A request the client gives up on is cancelled wherever it stands, even half-way into opening
//! a transaction. Whatever the point, the pool must never hand out a connection that still holds
//! a transaction (with SQLite's one write lock, or PostgreSQL's advisory lock of the writers):
//! the next writer would be refused ("attempted to call begin_with at non-zero transaction
//! depth"), wait out the busy timeout and fail ("database is locked"), wait for ever for a lock
//! an idle connection holds, or write into a transaction that never commits.

mod common;

use std::time::Duration;

/// One row written in a write transaction of `$pool` (either backend's pool).
macro_rules! insert {
    ($pool:expr, $n:expr) => {
        app::store::in_transaction($pool, async |conn| {
            sqlx::query("INSERT INTO scratch (n) VALUES ($1)")
                .bind($n as i64)
                .execute(&mut *conn)
                .await?;
            Ok::<_, sqlx::Error>(())
        })
    };
}

/// A scratch table on a fresh database of either backend.
async fn scratch() -> (tempfile::TempDir, app::store::Db) {
    let (dir, db) = common::empty_database().await;
    common::on_db!(&db, pool => {
        sqlx::query("CREATE TABLE scratch (n BIGINT NOT NULL)")
            .execute(pool)
            .await
            .unwrap();
    });
    (dir, db)
}

/// The sessions of `pool`'s database (other than the asking one) idle inside a transaction, on
/// PostgreSQL (SQLite has no such view: its pooled connections are asked one by one).
macro_rules! idle_inside {
    ($pool:expr) => {
        sqlx::query_as::<_, (String, Option<String>)>(
            "SELECT state, left(query, 120) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND state LIKE 'idle in transaction%'",
        )
        .fetch_all($pool)
        .await
        .unwrap()
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_cancelled_at_any_point_leaves_no_connection_inside_one() {
    let (_dir, db) = scratch().await;
    common::on_db!(&db, pool => {
        let rounds: u32 = if PG { 2000 } else { 6000 };
        for round in 0..rounds {
            let p = pool.clone();
            let task = tokio::spawn(async move { insert!(&p, round).await });
            // Give the write a different number of turns each round, so the cancellation falls
            // at every await point of acquiring, beginning, locking, writing and committing.
            for _ in 0..(round % 97) {
                tokio::task::yield_now().await;
            }
            task.abort();
            let _ = task.await;
            // The next writer, whichever connection it gets, is served at once.
            let next = tokio::time::timeout(Duration::from_secs(3), insert!(pool, -1)).await;
            match next {
                Ok(Ok(())) => {}
                Ok(Err(e)) => panic!("round {round}: the writer after a cancelled one failed: {e}"),
                Err(_) => panic!("round {round}: the writer after a cancelled one waited 3 s"),
            }
        }
        // The pool takes cancelled writers' connections back in tasks of their own.
        tokio::time::sleep(Duration::from_millis(300)).await;
        if PG {
            let inside = idle_inside!(pool);
            assert!(inside.is_empty(), "sessions left inside a transaction: {inside:?}");
        }
        // No connection in the pool is inside a transaction, and every next writer's row is
        // there (committed, not left in a transaction of a cancelled one).
        let mut held = Vec::new();
        for _ in 0..pool.size() {
            let mut conn = pool.acquire().await.unwrap();
            let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scratch WHERE n = -1")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(rows, i64::from(rounds));
            assert!(
                !sqlx::Connection::is_in_transaction(&*conn),
                "a pooled connection is still inside a transaction"
            );
            held.push(conn);
        }
    });
}

/// A writer whose client gives up while it waits for the writers' lock (another writer holds
/// it) leaves no connection behind with the lock: once the holder commits, the next writer is
/// served at once, and (on PostgreSQL, where the lock is an advisory lock of the transaction)
/// no session of the database is left inside a transaction. Before, PostgreSQL's lock was taken
/// by the statement that began the transaction, where sqlx 0.8 has nothing to roll back yet: the
/// cancelled writer's connection went back to the pool, got the lock when the holder let go,
/// and kept it, idle, while every other writer waited for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_cancelled_while_it_waits_for_the_lock_leaves_it_free() {
    let (_dir, db) = scratch().await;
    common::on_db!(&db, pool => {
        for round in 0..4u32 {
            let (release, released) = tokio::sync::oneshot::channel::<()>();
            let (holding, held) = tokio::sync::oneshot::channel::<()>();
            let p = pool.clone();
            let holder = tokio::spawn(async move {
                app::store::in_transaction(&p, async |conn| {
                    sqlx::query("INSERT INTO scratch (n) VALUES (0)")
                        .execute(&mut *conn)
                        .await?;
                    let _ = holding.send(());
                    let _ = released.await;
                    Ok::<_, sqlx::Error>(())
                })
                .await
            });
            held.await.unwrap();
            let p = pool.clone();
            let waiter = tokio::spawn(async move { insert!(&p, 1).await });
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert!(!waiter.is_finished(), "round {round}: the second writer waits for the first");
            waiter.abort();
            assert!(waiter.await.unwrap_err().is_cancelled());
            release.send(()).unwrap();
            holder.await.unwrap().unwrap();
            // The pool takes the cancelled writer's connection back in a task of its own.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let next = tokio::time::timeout(Duration::from_secs(3), insert!(pool, 2)).await;
            assert!(matches!(next, Ok(Ok(()))), "round {round}: the next writer: {next:?}");
            if PG {
                let inside = idle_inside!(pool);
                assert!(inside.is_empty(), "round {round}: sessions left inside a transaction: {inside:?}");
            }
        }
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scratch")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(rows, 8, "each holder's row and each next writer's, none of the cancelled");
    });
}
