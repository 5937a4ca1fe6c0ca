//! The province choice (`/provinsi`, issue 14): the page lists the 38 provinces with their
//! services, `/provinsi/simpan` keeps only valid codes in the cookie the phone's sync reads,
//! and the home page asks until the citizen has chosen.

mod common;

use common::web::Env;
use std::path::Path;

async fn seeded() -> Env {
    let env = Env::new().await;
    server::seed::import_path(
        &env.pool,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue"),
    )
    .await
    .unwrap();
    env
}

/// The provinces whose box is ticked on the page.
fn kept(html: &str) -> Vec<String> {
    html.split("id=\"p")
        .skip(1)
        .filter_map(|rest| {
            let (code, after) = rest.split_once('"')?;
            after.starts_with(" checked").then(|| code.to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_choice_is_kept_in_the_cookie_with_valid_codes_only() {
    let env = seeded().await;
    let saved = env
        .get(
            "/provinsi/simpan?p=32&p=99&p=%3Cb%3E&p=33&p=32&next=//evil.example",
            "",
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(saved.location.as_deref(), Some("/provinsi?tersimpan=1"));
    let cookie = saved
        .set_cookies
        .iter()
        .find(|c| c.starts_with("loket_provinsi="))
        .expect("the choice is a cookie");
    assert!(cookie.starts_with("loket_provinsi=32.33;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000") && cookie.contains("SameSite=Lax"));
    // None chosen is a choice too.
    let none = env.get("/provinsi/simpan", "").await;
    assert!(none
        .set_cookies
        .iter()
        .any(|c| c.starts_with("loket_provinsi=-;")));

    let page = env
        .get("/provinsi?tersimpan=1", "loket_provinsi=32.33")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-testid=\"provinces-saved\""));
    assert_eq!(
        page.body.matches("name=\"p\"").count(),
        38,
        "every province"
    );
    assert_eq!(kept(&page.body), vec!["32", "33"], "the two kept");
    assert!(page.body.contains("value=\"32\" id=\"p32\" checked"));
    assert!(page.body.contains("Jawa Barat"));
    // The seed's services are all national.
    let national = env.get("/provinsi", "").await;
    assert!(national.body.contains("data-testid=\"provinces-national\""));
    assert!(kept(&national.body).is_empty());
}

#[tokio::test]
async fn the_home_page_asks_until_the_citizen_has_chosen() {
    let env = seeded().await;
    let home = env.get("/", "").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("data-testid=\"ask-province\""));
    assert!(home.body.contains("href=\"/provinsi\""));
    for chosen in ["loket_provinsi=32", "loket_provinsi=-"] {
        let home = env.get("/", chosen).await;
        assert!(
            !home.body.contains("data-testid=\"ask-province\""),
            "{chosen}"
        );
    }
    // Only the home page asks.
    let other = env.get("/layanan", "").await;
    assert!(!other.body.contains("data-testid=\"ask-province\""));
}
