//! A trip (`app::store::trip`): statements sent together, on SQLite as one text. Each
//! statement's rows come back apart and in order, each statement binds its own values (SQLite
//! numbers the text's parameters across its statements), and a statement that fails stops the
//! trip there.

mod common;

use app::store::trip::Trip;

/// Makes the test's own table on `conn` (the same SQL on both backends).
const TABLE: &str = "CREATE TABLE trip_test (n BIGINT NOT NULL, word TEXT NOT NULL)";

#[tokio::test]
async fn each_statement_of_a_trip_answers_with_its_own_rows_in_order() {
    let (_dir, pool) = common::empty_database().await;
    common::on_db!(&pool, p => {
        let mut conn = p.acquire().await.unwrap();
        sqlx::query(TABLE).execute(&mut *conn).await.unwrap();
        let words = [(1i64, "satu"), (2, "dua"), (3, "tiga")];
        let mut trip = Trip::<Backend>::new();
        // Two statements for one part, neither with rows.
        let inserted = trip.part(|trip| {
            for run in [0..2, 2..3] {
                let q = trip.statement("INSERT INTO trip_test (n, word) ");
                q.push_values(&words[run], |mut b, (n, word)| {
                    b.push_bind(*n).push_bind(*word);
                });
            }
        });
        let nothing = trip.part(|trip| {
            trip.statement("SELECT n, word FROM trip_test WHERE word = ").push_bind("empat");
        });
        let some = trip.part(|trip| {
            trip.statement("SELECT n, word FROM trip_test WHERE n >= ")
                .push_bind(2i64)
                .push(" ORDER BY n");
        });
        // A part of two statements: their rows in the statements' order.
        let both = trip.part(|trip| {
            for n in [3i64, 1] {
                trip.statement("SELECT word FROM trip_test WHERE n = ").push_bind(n);
            }
        });
        let counted = trip.part(|trip| {
            trip.statement("SELECT COUNT(*) FROM trip_test WHERE word <> ").push_bind("dua");
        });
        assert!(!trip.is_empty());
        let mut answer = trip.run(&mut conn).await.unwrap();
        assert!(answer.rows(inserted).is_empty());
        assert_eq!(answer.read::<(i64, String)>(nothing).unwrap(), []);
        assert_eq!(
            answer.read::<(i64, String)>(some).unwrap(),
            [(2, "dua".to_string()), (3, "tiga".to_string())]
        );
        assert_eq!(
            answer.read::<(String,)>(both).unwrap(),
            [("tiga".to_string(),), ("satu".to_string(),)]
        );
        assert_eq!(answer.read::<(i64,)>(counted).unwrap(), [(2,)]);
        // A part's rows are taken once.
        assert!(answer.rows(some).is_empty());
    });
}

#[tokio::test]
async fn a_statement_that_fails_stops_the_trip_there() {
    let (_dir, pool) = common::empty_database().await;
    common::on_db!(&pool, p => {
        let mut conn = p.acquire().await.unwrap();
        sqlx::query(TABLE).execute(&mut *conn).await.unwrap();
        let mut trip = Trip::<Backend>::new();
        for (n, word) in [(1i64, Some("satu")), (2, None), (3, Some("tiga"))] {
            trip.statement("INSERT INTO trip_test (n, word) VALUES (")
                .push_bind(n)
                .push(", ")
                .push_bind(word)
                .push(")");
        }
        let failed = trip.run(&mut conn).await;
        assert!(failed.is_err(), "a NULL word is refused");
        // Outside a transaction each statement stands alone: the first is kept, the third was
        // never run.
        let kept: Vec<(i64, String)> = sqlx::query_as("SELECT n, word FROM trip_test ORDER BY n")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        assert_eq!(kept, [(1, "satu".to_string())]);
        // The connection goes on working.
        let mut trip = Trip::<Backend>::new();
        let asked = trip.part(|trip| {
            trip.statement("SELECT COUNT(*) FROM trip_test");
        });
        assert_eq!(trip.run(&mut conn).await.unwrap().read::<(i64,)>(asked).unwrap(), [(1,)]);
    });
}
