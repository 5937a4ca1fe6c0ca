//! Which channel is official (issue 10, item 11): the catalogue says whether the agency receives
//! applications in Loket (`intake`); the import refuses data that contradicts itself, and the
//! real router refuses a submission for a service Loket does not take applications for.

mod common;

use app::domain::catalogue::Intake;
use app::domain::submission::Envelope;
use app::store::requests::count;
use axum::http::StatusCode;
use server::seed;
use std::path::{Path, PathBuf};

fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

/// A copy of the catalogue's taxonomy and of `file` changed by `edit`, read as a folder.
fn read_edited(file: &str, edit: impl Fn(String) -> String) -> anyhow::Result<seed::Catalogue> {
    let copy = tempfile::tempdir().unwrap();
    for name in ["taxonomy.toml", file] {
        let text = std::fs::read_to_string(catalogue_dir().join(name)).unwrap();
        let text = if name == file { edit(text) } else { text };
        std::fs::write(copy.path().join(name), text).unwrap();
    }
    seed::read(copy.path())
}

#[test]
fn the_seed_says_where_each_service_is_applied_for() {
    let cat = seed::read(&catalogue_dir()).unwrap();
    let intake = |slug: &str| {
        let s = cat.services.iter().find(|s| s.slug == slug).unwrap();
        (s.intake.unwrap(), s.intake_form().is_some())
    };
    assert_eq!(intake("ktp-el-baru"), (Intake::Loket, true));
    assert_eq!(intake("surat-keterangan-domisili"), (Intake::Loket, true));
    // Official apps: M-Paspor, Coretax, Mobile JKN, SKCK online. Their forms stay (requests
    // already made are read with them), but Loket takes no new applications.
    for slug in [
        "paspor-baru",
        "pendaftaran-npwp",
        "pendaftaran-jkn-mandiri",
        "skck",
    ] {
        assert_eq!(intake(slug), (Intake::Official, false), "{slug}");
    }
    let ktp = cat
        .services
        .iter()
        .find(|s| s.slug == "ktp-el-baru")
        .unwrap();
    assert!(
        ktp.after_submit
            .iter()
            .any(|t| t.id.contains("perekaman biometrik")),
        "KTP-el's next steps name the biometric recording"
    );
    let akta = cat
        .services
        .iter()
        .find(|s| s.slug == "akta-kelahiran")
        .unwrap();
    assert!(
        akta.requirements[0]
            .or
            .as_ref()
            .is_some_and(|o| o.id.contains("SPTJM")),
        "the SPTJM stands in for the birth notification, in one box"
    );
}

#[test]
fn a_loket_intake_without_a_form_or_an_official_one_without_a_channel_is_refused() {
    // Kemenag's one service has no form and a channel of each kind.
    let err = read_edited("kemenag.toml", |t| {
        t.replacen("intake      = \"official\"", "intake      = \"loket\"", 1)
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`pencatatan-nikah-kua`: intake \"loket\" needs a `form`"),
        "{err}"
    );
    let err = read_edited("kemenag.toml", |t| {
        let cut = t.find("[[service.channel]]").unwrap();
        let contact = t.find("[service.contact]").unwrap_or(t.len());
        format!("{}{}", &t[..cut], &t[contact..])
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("needs a `channel` to point to"), "{err}");
    let err = read_edited("kemenag.toml", |t| {
        t.replacen(
            "intake      = \"official\"",
            "intake      = \"official\"\nafter_submit = [{ id = \"Datang\", en = \"Come\" }]",
            1,
        )
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("`after_submit`"), "{err}");
    assert!(
        read_edited("kemenag.toml", |t| t).is_ok(),
        "unchanged: fine"
    );
}

#[tokio::test]
async fn a_submission_for_a_service_not_taken_in_loket_is_refused_and_not_stored() {
    let (dir, pool) = common::database().await;
    let app = server::http::router(
        pool.clone(),
        &dir.path().join("data"),
        &common::serve(dir.path()),
    )
    .unwrap();
    // A complete, valid passport application by the form the catalogue still carries.
    let form = common::form(&pool, "paspor-baru").await;
    let id = "01936f3e-8b2a-7cde-9f01-0000000000a1";
    common::uploaded(&pool, id).await;
    let envelope = Envelope {
        id: id.into(),
        service: "paspor-baru".into(),
        form_version: form.version,
        answers: common::valid_answers(&form),
        expect: None,
    };
    assert!(
        app::domain::submission::check(&envelope, Some(&form)).is_ok(),
        "the answers themselves are valid"
    );
    let body = serde_json::json!({ "envelope": envelope }).to_string();
    let (status, text) = common::send(&app, "POST", "/api/requests/submit", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("unknown_service"), "{text}");
    assert_eq!(count(&pool).await.unwrap(), 0, "nothing stored");
}
