//! Submitting applications, exactly once: the store on a real SQLite file, and the endpoint
//! through the real router (bad input of every kind: a clear error, no panic, nothing stored).

mod common;

use app::domain::form::{Answer, FieldKind, FormSchema};
use app::domain::submission::{Envelope, Receipt};
use app::store::requests::{count, submit, Filing, Stored};
use axum::http::StatusCode;
use server::http;
use std::path::Path;

const SERVICE: &str = "akta-kelahiran";

async fn setup() -> (tempfile::TempDir, app::store::Db) {
    common::database().await
}

async fn form(pool: &app::store::Db) -> FormSchema {
    common::form(pool, SERVICE).await
}

fn envelope(id: &str, form: &FormSchema) -> Envelope {
    Envelope {
        id: id.into(),
        service: SERVICE.into(),
        form_version: form.version,
        answers: common::valid_answers(form),
        expect: None,
    }
}

const ID: &str = "01936f3e-8b2a-7cde-9f01-23456789abcd";

#[tokio::test]
async fn the_same_envelope_twice_stores_one_request_and_gives_the_same_receipt() {
    let (_dir, pool) = setup().await;
    let f = form(&pool).await;
    let e = envelope(ID, &f);
    let clean = app::domain::submission::check(&e, Some(&f)).expect("valid");
    let Stored::New(first) = submit(&pool, &common::secrets(), &e, &clean, &Filing::default())
        .await
        .unwrap()
    else {
        panic!("first is new")
    };
    let Stored::Again(second) = submit(&pool, &common::secrets(), &e, &clean, &Filing::default())
        .await
        .unwrap()
    else {
        panic!("second is the same")
    };
    assert_eq!(first, second);
    assert_eq!(count(&pool).await.unwrap(), 1);
    assert_eq!(
        app::domain::reference::Reference::parse(&first.reference.to_string()),
        Ok(first.reference)
    );
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict_and_stores_nothing() {
    let (_dir, pool) = setup().await;
    let f = form(&pool).await;
    let e = envelope(ID, &f);
    let clean = app::domain::submission::check(&e, Some(&f)).unwrap();
    submit(&pool, &common::secrets(), &e, &clean, &Filing::default())
        .await
        .unwrap();
    let mut other = e.clone();
    other.answers.insert(
        f.fields()
            .find(|x| matches!(x.kind, FieldKind::Text))
            .unwrap()
            .id
            .clone(),
        Answer::One("Budi".into()),
    );
    let other_clean = app::domain::submission::check(&other, Some(&f)).unwrap();
    assert_eq!(
        submit(
            &pool,
            &common::secrets(),
            &other,
            &other_clean,
            &Filing::default()
        )
        .await
        .unwrap(),
        Stored::Conflict
    );
    assert_eq!(count(&pool).await.unwrap(), 1);
}

#[tokio::test]
async fn many_submissions_at_once_each_get_their_own_reference() {
    let (_dir, pool) = setup().await;
    let f = form(&pool).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        // 20 different envelopes, each sent twice concurrently
        let id = format!("01936f3e-8b2a-7cde-9f01-{:012x}", i / 2);
        let (pool, e) = (pool.clone(), envelope(&id, &f));
        let clean = app::domain::submission::check(&e, Some(&f)).unwrap();
        tasks.push(tokio::spawn(async move {
            submit(&pool, &common::secrets(), &e, &clean, &Filing::default())
                .await
                .unwrap()
        }));
    }
    let mut receipts: Vec<Receipt> = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Stored::New(r) | Stored::Again(r) => receipts.push(r),
            other => panic!("only stored ones expected, not {other:?}"),
        }
    }
    assert_eq!(count(&pool).await.unwrap(), 20);
    receipts.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in receipts.chunks(2) {
        assert_eq!(
            pair[0], pair[1],
            "both copies of an envelope get the same receipt"
        );
    }
    let mut refs: Vec<String> = receipts.iter().map(|r| r.reference.to_string()).collect();
    refs.dedup();
    assert_eq!(refs.len(), 20);
}

// ---- through the HTTP endpoint --------------------------------------------------------------

async fn router(pool: app::store::Db, site: &Path) -> axum::Router {
    let dir = site.parent().unwrap();
    http::router(pool, &dir.join("data"), &common::serve(dir)).unwrap()
}

async fn post(app: &axum::Router, body: String) -> (StatusCode, String) {
    common::send(app, "POST", "/api/requests/submit", body).await
}

/// A database, the real router over it, the form, and a good application under [`ID`] with
/// its photo uploaded (not sent yet).
async fn endpoint() -> (
    tempfile::TempDir,
    app::store::Db,
    axum::Router,
    FormSchema,
    String,
) {
    let (dir, pool) = setup().await;
    let app = router(pool.clone(), &dir.path().join("site")).await;
    let f = form(&pool).await;
    common::uploaded(&pool, ID).await;
    let good = serde_json::json!({ "envelope": envelope(ID, &f) }).to_string();
    (dir, pool, app, f, good)
}

#[tokio::test]
async fn the_endpoint_stores_once_and_refuses_bad_input_clearly() {
    let (_dir, pool, app, f, good) = endpoint().await;

    let (status, body) = post(&app, good.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let receipt: Receipt = serde_json::from_str(&body).unwrap();
    let (status, again) = post(&app, good.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Receipt>(&again).unwrap(), receipt);
    assert_eq!(count(&pool).await.unwrap(), 1);

    let mut changed = envelope(ID, &f);
    changed.answers.insert(
        f.fields()
            .find(|x| matches!(x.kind, FieldKind::Nik))
            .unwrap()
            .id
            .clone(),
        Answer::One("3171054512900001".into()),
    );
    let mut unknown = envelope("01936f3e-8b2a-7cde-9f01-000000000002", &f);
    unknown.service = "tidak-ada".into();
    let mut old_form = envelope("01936f3e-8b2a-7cde-9f01-000000000003", &f);
    old_form.form_version += 1;
    let mut invalid = envelope("01936f3e-8b2a-7cde-9f01-000000000004", &f);
    invalid.answers.insert(
        f.fields()
            .find(|x| matches!(x.kind, FieldKind::Nik))
            .unwrap()
            .id
            .clone(),
        Answer::One("123".into()),
    );
    let mut extra = envelope("01936f3e-8b2a-7cde-9f01-000000000005", &f);
    extra
        .answers
        .insert("is_admin".into(), Answer::One("ya".into()));
    // A photo the server never received (or not completely): the field is refused, not stored.
    let mut missing_file = envelope("01936f3e-8b2a-7cde-9f01-000000000007", &f);
    let photo = f
        .fields()
        .find(|x| {
            matches!(x.kind, FieldKind::File { .. }) && missing_file.answers.contains_key(&x.id)
        })
        .unwrap()
        .id
        .clone();
    missing_file
        .answers
        .insert(photo, Answer::One("cd".repeat(32)));
    let mut bad_id = envelope("1", &f);
    bad_id.id = "not-a-uuid".into();
    for (what, body, status, expect) in [
        (
            "same id, other content",
            serde_json::json!({ "envelope": changed }).to_string(),
            StatusCode::CONFLICT,
            "conflict",
        ),
        (
            "unknown service",
            serde_json::json!({ "envelope": unknown }).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_service",
        ),
        (
            "old form version",
            serde_json::json!({ "envelope": old_form }).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_changed",
        ),
        (
            "invalid answer",
            serde_json::json!({ "envelope": invalid }).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "nik_length",
        ),
        (
            "unknown field",
            serde_json::json!({ "envelope": extra }).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unexpected",
        ),
        (
            "bad id",
            serde_json::json!({ "envelope": bad_id }).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_id",
        ),
        (
            "file not uploaded",
            serde_json::json!({ "envelope": missing_file }).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\"file\"",
        ),
    ] {
        let (got, text) = post(&app, body).await;
        assert_eq!(got, status, "{what}: {text}");
        assert!(text.contains(expect), "{what}: {text}");
    }
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "missing fields",
            r#"{"envelope":{"id":"01936f3e-8b2a-7cde-9f01-000000000006"}}"#.to_string(),
            "BadRequest",
        ),
        (
            "wrong types",
            r#"{"envelope":{"id":7,"service":[],"form_version":"x","answers":1}}"#.to_string(),
            "BadRequest",
        ),
        ("not JSON", "{{{".to_string(), "BadRequest"),
        ("empty", String::new(), "BadRequest"),
    ];
    for (what, body, expect) in cases {
        let (status, text) = post(&app, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {text}");
        assert!(text.contains(expect), "{what}: {text}");
        assert!(!text.to_lowercase().contains("panick"), "{what}: {text}");
    }
    let huge = format!(
        r#"{{"envelope":{{"id":"{ID}","service":"{SERVICE}","form_version":1,"answers":{{"x":"{}"}}}}}}"#,
        "a".repeat(300 * 1024)
    );
    let (status, _) = post(&app, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count(&pool).await.unwrap(), 1, "nothing else was stored");
}

/// The endpoint checks a submission against the catalogue it keeps in memory, without reading
/// the database first; the writer confirms in the storing transaction that the catalogue is
/// still the database's. Another server (here: a direct import) withdrawing the service, or
/// changing its form, after this router kept its shelf: the next submission is checked against
/// the new catalogue, never stored under the old one.
#[tokio::test]
async fn a_catalogue_changed_by_another_server_is_checked_against_before_storing() {
    use app::store::catalogue::{import, ImportScope};
    let (_dir, pool, app, f, good) = endpoint().await;
    let (status, body) = post(&app, good).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Another server's import: the service's form changes (a new version).
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
    let cat = server::seed::read(&catalogue).unwrap();
    let mut services = cat.services.clone();
    let at = services.iter().position(|s| s.slug == SERVICE).unwrap();
    let mut changed = f.clone();
    changed.version += 1;
    services[at].form = Some(app::domain::form::FormDoc::of(&changed).unwrap());
    import(&pool, &cat.agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    let second = "01936f3e-8b2a-7cde-9f01-0000000000b1";
    common::uploaded(&pool, second).await;
    let old = serde_json::json!({ "envelope": envelope(second, &f) }).to_string();
    let (status, text) = post(&app, old.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("form_changed"), "{text}");
    assert_eq!(count(&pool).await.unwrap(), 1);
    // The new version is taken.
    let new = serde_json::json!({ "envelope": envelope(second, &changed) }).to_string();
    let (status, text) = post(&app, new).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(count(&pool).await.unwrap(), 2);

    // Then the service is withdrawn there: unknown here at once, nothing stored.
    services.remove(at);
    import(&pool, &cat.agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    let third = "01936f3e-8b2a-7cde-9f01-0000000000b2";
    common::uploaded(&pool, third).await;
    let late = serde_json::json!({ "envelope": envelope(third, &changed) }).to_string();
    let (status, text) = post(&app, late).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("unknown_service"), "{text}");
    assert_eq!(count(&pool).await.unwrap(), 2);
}
