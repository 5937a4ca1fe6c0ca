//! The home page: search, life events, categories.

use crate::data;
use crate::domain::catalogue::TermCount;
use crate::i18n::{tr, use_lang, Msg};
use crate::ui::app::DeviceState;
use crate::ui::components::search_form::SearchForm;
use crate::ui::pages::{LoadFailed, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    let device = expect_context::<DeviceState>();
    let overview = Resource::new(move || device.generation.get(), |_| data::overview());
    view! {
        <Title text="" />
        <section class="hero">
            <h1>{tr(Msg::Tagline)}</h1>
            <SearchForm />
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <section aria-labelledby="life-events">
                            <h2 id="life-events">{tr(Msg::LifeEvents)}</h2>
                            <Tiles terms=o.life_events base="/peristiwa" />
                        </section>
                        <section aria-labelledby="categories">
                            <h2 id="categories">{tr(Msg::Categories)}</h2>
                            <Tiles terms=o.categories base="/kategori" />
                        </section>
                        <p class="all"><a href="/layanan">{tr(Msg::AllServices)}" ("{o.total}")"</a></p>
                    }.into_any(),
                    Err(_) => view! { <LoadFailed /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Tiles(terms: Vec<TermCount>, base: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="tiles">
            {terms
                .into_iter()
                .map(|t| {
                    let name = t.term.name.clone();
                    view! {
                        <li>
                            <a href=format!("{base}/{}", t.term.slug)>
                                <span class="tile-name">{move || name.get(lang.get()).to_string()}</span>
                                <span class="tile-count">{t.count}" "{tr(Msg::ServicesUnit)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
