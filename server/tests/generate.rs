//! `server generate-catalogue`: the same seed writes the same bytes, the real import takes what
//! it writes, every province has services, the text varies from office to office, and the
//! agency's `province` is checked on import.

mod common;

use server::generate::{calibration, generate, Sizes};
use server::seed;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

const SMALL: Sizes = Sizes {
    seed: 14,
    services: 200,
    agencies: 60,
    provinces: 38,
};

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

/// Generates `sizes` into a new temporary folder.
fn run(sizes: &Sizes) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    generate(&seed_dir(), dir.path(), sizes).unwrap();
    dir
}

/// SHA-256 over every file's name and bytes, in name order.
fn digest(dir: &Path) -> String {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut h = Sha256::new();
    for p in names {
        h.update(p.file_name().unwrap().to_string_lossy().as_bytes());
        h.update([0]);
        let bytes = std::fs::read(&p).unwrap();
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    format!("{:x}", h.finalize())
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_others() {
    let a = run(&SMALL);
    let b = run(&SMALL);
    assert_eq!(digest(a.path()), digest(b.path()));
    let c = run(&Sizes { seed: 15, ..SMALL });
    assert_ne!(digest(a.path()), digest(c.path()));
}

#[tokio::test]
async fn the_real_import_takes_it_with_the_services_asked_for() {
    let dir = run(&SMALL);
    let db_dir = tempfile::tempdir().unwrap();
    let pool = common::open(db_dir.path()).await;
    let report = seed::import_path(&pool, dir.path()).await.unwrap();
    assert_eq!(report.added, SMALL.services);
    let active: i64 = common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM services WHERE withdrawn = FALSE")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(active as usize, SMALL.services);
    let agencies: i64 =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM agencies")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(agencies as usize, SMALL.agencies);
    // Importing the same files again changes nothing.
    let again = seed::import_path(&pool, dir.path()).await.unwrap();
    assert_eq!((again.added, again.changed), (0, 0));
    pool.close().await;
}

#[test]
fn every_province_has_an_office_with_services() {
    let dir = run(&SMALL);
    let c = seed::read(dir.path()).unwrap();
    let with_services: BTreeSet<&str> = c
        .services
        .iter()
        .filter_map(|s| s.agency.province.as_deref())
        .collect();
    let codes = [
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35",
        "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        "81", "82", "91", "92", "93", "94", "95", "96",
    ];
    assert_eq!(with_services, codes.into_iter().collect::<BTreeSet<_>>());
    // The seed's agencies are national and kept as they are.
    let seed = seed::read(&seed_dir()).unwrap();
    for s in &seed.services {
        let copy = c.services.iter().find(|g| g.slug == s.slug).unwrap();
        assert_eq!(copy, s);
    }
}

#[test]
fn the_text_varies_and_every_placeholder_is_filled() {
    let dir = run(&SMALL);
    let c = seed::read(dir.path()).unwrap();
    let summaries: HashSet<&str> = c.services.iter().map(|s| s.summary.id.as_str()).collect();
    let summaries_en: HashSet<&str> = c.services.iter().map(|s| s.summary.en.as_str()).collect();
    assert!(
        summaries.len() * 10 >= c.services.len() * 9,
        "{} distinct summaries of {}",
        summaries.len(),
        c.services.len()
    );
    assert!(summaries_en.len() * 10 >= c.services.len() * 9);
    let forms = c.services.iter().filter(|s| s.form.is_some()).count();
    assert!(
        forms * 5 >= c.services.len(),
        "{forms} forms of {}",
        c.services.len()
    );
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (i, _) in text.match_indices('{') {
            let rest = &text[i + 1..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                word.is_empty() || !rest[word.len()..].starts_with('}'),
                "an unfilled placeholder {{{word}}}"
            );
        }
    }
}

#[test]
fn the_calibration_reads_what_was_written() {
    let dir = run(&Sizes {
        provinces: 3,
        agencies: 20,
        services: 120,
        ..SMALL
    });
    let text = calibration(dir.path(), &seed_dir()).unwrap();
    assert!(text.contains("median province"), "{text}");
    assert!(text.contains("seed catalogue"), "{text}");
}

#[test]
fn too_few_agencies_or_services_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let few_agencies = Sizes {
        agencies: 30,
        ..SMALL
    };
    assert!(generate(&seed_dir(), dir.path(), &few_agencies).is_err());
    let few_services = Sizes {
        services: 10,
        ..SMALL
    };
    assert!(generate(&seed_dir(), dir.path(), &few_services).is_err());
}

/// A folder with the seed's taxonomy and one agency naming `province`.
fn one_agency(province: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        seed_dir().join("taxonomy.toml"),
        dir.path().join("taxonomy.toml"),
    )
    .unwrap();
    let agency = format!(
        "[agency]\nslug = \"dinsos-kota-bandung\"\nshort_name = \"Dinsos Kota Bandung\"\nname = {{ id = \"Dinas Sosial Kota Bandung\", en = \"Bandung City Social Affairs Office\" }}\nprovince = \"{province}\"\n"
    );
    std::fs::write(dir.path().join("dinsos.toml"), agency).unwrap();
    dir
}

#[test]
fn an_agency_province_must_be_one_of_the_38_codes() {
    let ok = seed::read(one_agency("32").path()).unwrap();
    assert_eq!(ok.agencies[0].province.as_deref(), Some("32"));
    for wrong in ["99", "3", "032", "+3", "Jawa Barat", ""] {
        let err = seed::read(one_agency(wrong).path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("province"), "{wrong}: {err}");
    }
    // National agencies say nothing, and their documents do not change.
    let seed = seed::read(&seed_dir()).unwrap();
    assert!(seed.agencies.iter().all(|a| a.province.is_none()));
    assert!(!serde_json::to_string(&seed.services[0])
        .unwrap()
        .contains("province"));
}
