//! The agency's `province`, which a national-size catalogue needs: checked on import, absent
//! for national agencies.

use server::seed;
use std::path::{Path, PathBuf};

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
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
