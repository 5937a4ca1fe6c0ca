//! Lists of services.

use crate::domain::catalogue::ServiceCard;
use crate::i18n::{tr, use_lang, Msg};
use leptos::prelude::*;

/// A list of services as cards, each a link to its page.
#[component]
pub fn ServiceList(services: Vec<ServiceCard>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="cards" data-testid="service-list">
            {services
                .into_iter()
                .map(|c| {
                    let href = format!("/layanan/{}", c.slug);
                    let name = c.name.clone();
                    let summary = c.summary.clone();
                    view! {
                        <li class="card">
                            <a href=href>
                                <strong class="card-title">{move || name.get(lang.get()).to_string()}</strong>
                                <span class="card-meta">
                                    {c.agency.clone()}
                                    {c.free.then(|| view! { " · " <span class="free">{tr(Msg::Free)}</span> })}
                                </span>
                                <span class="card-summary">{move || summary.get(lang.get()).to_string()}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
