//! Search results.

use crate::data;
use crate::i18n::{tr, use_lang, Msg};
use crate::ui::app::DeviceState;
use crate::ui::components::cards::ServiceList;
use crate::ui::components::search_form::SearchForm;
use crate::ui::pages::{LoadFailed, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/cari?q=…`
#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let device = expect_context::<DeviceState>();
    let query = use_query_map();
    let q = Signal::derive(move || query.with(|m| m.get("q").unwrap_or_default()));
    let results = Resource::new(move || (q.get(), lang.get(), device.generation.get()), |(q, lang, _)| data::search(q, lang));
    let results_for = tr(Msg::ResultsFor);
    view! {
        <Title text=move || format!("{} “{}”", results_for(), q.get()) />
        <section class="hero compact">
            <SearchForm value=q />
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let words = q.get_untracked();
                match results.await {
                    Ok(_) if crate::domain::search::query_words(&words).is_empty() => {
                        view! { <p class="notice">{tr(Msg::EmptyQuery)}</p> }.into_any()
                    }
                    Ok(hits) => view! {
                        <h1 class="results-title">{tr(Msg::ResultsFor)}" “"{words}"”"</h1>
                        <p class="count" role="status" data-testid="result-count">{hits.len()}" "{tr(Msg::Found)}</p>
                        {if hits.is_empty() {
                            view! { <p class="notice">{tr(Msg::NoResults)}</p> }.into_any()
                        } else {
                            view! { <ServiceList services=hits /> }.into_any()
                        }}
                    }.into_any(),
                    Err(_) => view! { <LoadFailed /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
