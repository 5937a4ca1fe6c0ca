//! A category's or life event's services, and all services.

use crate::data;
use crate::domain::catalogue::ListKind;
use crate::i18n::{tr, use_lang, Msg};
use crate::ui::app::DeviceState;
use crate::ui::components::cards::ServiceList;
use crate::ui::pages::{not_found::NotFoundPage, LoadFailed, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/kategori/:slug`
#[component]
pub fn CategoryPage() -> impl IntoView {
    view! { <TermPage kind=ListKind::Category /> }
}

/// `/peristiwa/:slug`
#[component]
pub fn LifeEventPage() -> impl IntoView {
    view! { <TermPage kind=ListKind::LifeEvent /> }
}

#[component]
fn TermPage(kind: ListKind) -> impl IntoView {
    let lang = use_lang();
    let device = expect_context::<DeviceState>();
    let params = use_params_map();
    let listing = Resource::new(
        move || (params.with(|p| p.get("slug").unwrap_or_default()), lang.get(), device.generation.get()),
        move |(slug, lang, _)| data::listing(kind, slug, lang),
    );
    let heading = match kind {
        ListKind::Category => Msg::Categories,
        ListKind::LifeEvent => Msg::LifeEvents,
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(Some(l)) => {
                        let name = l.term.name.clone();
                        let title = name.clone();
                        view! {
                            <Title text=move || title.get(lang.get()).to_string() />
                            <nav class="crumbs" aria-label="breadcrumb"><a href="/">{tr(Msg::Home)}</a>" › "{tr(heading)}</nav>
                            <h1>{move || name.get(lang.get()).to_string()}</h1>
                            <p class="count">{l.services.len()}" "{tr(Msg::ServicesUnit)}</p>
                            <ServiceList services=l.services />
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFoundPage /> }.into_any(),
                    Err(_) => view! { <LoadFailed /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/layanan`
#[component]
pub fn AllServicesPage() -> impl IntoView {
    let lang = use_lang();
    let device = expect_context::<DeviceState>();
    let all = Resource::new(move || (lang.get(), device.generation.get()), |(lang, _)| data::all(lang));
    view! {
        <Title text=tr(Msg::AllServices) />
        <nav class="crumbs" aria-label="breadcrumb"><a href="/">{tr(Msg::Home)}</a></nav>
        <h1>{tr(Msg::AllServices)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match all.await {
                    Ok(list) => view! {
                        <p class="count">{list.len()}" "{tr(Msg::ServicesUnit)}</p>
                        <ServiceList services=list />
                    }.into_any(),
                    Err(_) => view! { <LoadFailed /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
