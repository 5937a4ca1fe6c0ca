//! A request the client gives up on is cancelled wherever it stands, even half-way into opening
//! a transaction. Whatever the point, the pool must never hand out a connection that still holds
//! a transaction (and with `BEGIN IMMEDIATE`, SQLite's one write lock): the next writer would be
//! refused ("attempted to call begin_with at non-zero transaction depth") or wait out the busy
//! timeout and fail ("database is locked").

mod common;

use common::Raw;

use std::time::Duration;

async fn scratch_pool() -> (tempfile::TempDir, sqlx::SqlitePool) {
    let (dir, db) = common::empty_database().await;
    let pool = db.raw().clone();
    sqlx::query("CREATE TABLE scratch (n BIGINT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    (dir, pool)
}

async fn write_one(pool: &sqlx::SqlitePool, n: i64) -> Result<(), sqlx::Error> {
    app::store::in_transaction(pool, async |conn| {
        sqlx::query("INSERT INTO scratch (n) VALUES ($1)")
            .bind(n)
            .execute(&mut *conn)
            .await?;
        Ok::<_, sqlx::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_cancelled_at_any_point_leaves_no_connection_inside_one() {
    if common::skipped_on_postgres("the gap in sqlx-sqlite's BEGIN IMMEDIATE") {
        return;
    }
    let (_dir, pool) = scratch_pool().await;
    for round in 0..6000u32 {
        let p = pool.clone();
        let task = tokio::spawn(async move { write_one(&p, i64::from(round)).await });
        // Give the write a different number of turns each round, so the cancellation falls at
        // every await point of acquiring, beginning, writing and committing in turn.
        for _ in 0..(round % 97) {
            tokio::task::yield_now().await;
        }
        task.abort();
        let _ = task.await;
        // The next writer, whichever connection it gets, is served at once.
        let next = tokio::time::timeout(Duration::from_secs(3), write_one(&pool, -1)).await;
        match next {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("round {round}: the writer after a cancelled one failed: {e}"),
            Err(_) => panic!("round {round}: the writer after a cancelled one waited 3 s"),
        }
    }
    // No connection in the pool is inside a transaction.
    let mut held = Vec::new();
    for _ in 0..pool.size() {
        let mut conn = pool.acquire().await.unwrap();
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scratch")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert!(rows >= 6000);
        assert!(
            !sqlx::Connection::is_in_transaction(&*conn),
            "a pooled connection is still inside a transaction"
        );
        held.push(conn);
    }
}
