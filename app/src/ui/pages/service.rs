//! A service's page: the whole *Standar Pelayanan*, with the requirements as a checklist the
//! citizen can tick (remembered on the phone).

use crate::data;
use crate::domain::catalogue::{ChannelKind, Service};
use crate::domain::date::Date;
use crate::domain::l10n::Text;
use crate::domain::money::format_idr;
use crate::i18n::{tr, use_lang, Msg};
use crate::ui::app::DeviceState;
use crate::ui::pages::{not_found::NotFoundPage, LoadFailed, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Today in Indonesia (WIB), from the server's or the phone's clock.
pub fn today() -> Date {
    #[cfg(feature = "hydrate")]
    let millis = js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Date::from_unix_millis_wib(millis)
}

/// `/layanan/:slug`
#[component]
pub fn ServicePage() -> impl IntoView {
    let device = expect_context::<DeviceState>();
    let params = use_params_map();
    let service = Resource::new(
        move || (params.with(|p| p.get("slug").unwrap_or_default()), device.generation.get()),
        |(slug, _)| data::service(slug),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match service.await {
                    Ok(Some(s)) => view! { <ServiceView service=s /> }.into_any(),
                    Ok(None) => view! { <NotFoundPage /> }.into_any(),
                    Err(_) => view! { <LoadFailed /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A bilingual text, reactive to the language.
fn t(text: &Text) -> impl Fn() -> String + Send + Sync + 'static {
    let text = text.clone();
    let lang = use_lang();
    move || text.get(lang.get()).to_string()
}

#[component]
fn ServiceView(service: Service) -> impl IntoView {
    let lang = use_lang();
    let s = service;
    let stale = s.is_stale(today());
    let verified = s.verified_at;
    let category_href = format!("/kategori/{}", s.category.slug);
    let contact = s.effective_contact().clone();
    view! {
        <Title text=t(&s.name) />
        <nav class="crumbs" aria-label="breadcrumb">
            <a href="/">{tr(Msg::Home)}</a>" › "<a href=category_href>{t(&s.category.name)}</a>
        </nav>
        <article class="service" data-testid="service">
            <h1>{t(&s.name)}</h1>
            <p class="agency"><span class="visually-hidden">{tr(Msg::Agency)}": "</span>{t(&s.agency.name)}</p>
            <p class="summary">{t(&s.summary)}</p>
            {stale.then(|| view! {
                <div class="notice warning" role="note" data-testid="stale">
                    <strong>{tr(Msg::MayBeOutdated)}</strong>
                    <p>{tr(Msg::MayBeOutdatedHint)}</p>
                </div>
            })}
            {s.note.as_ref().map(|n| view! {
                <div class="notice" role="note"><strong>{tr(Msg::Note)}": "</strong>{t(n)}</div>
            })}
            <dl class="facts">
                <div><dt>{tr(Msg::Cost)}</dt><dd>{cost_summary(&s)}</dd></div>
                <div><dt>{tr(Msg::ProcessingTime)}</dt><dd>{processing(&s)}</dd></div>
            </dl>

            {view! { <Requirements slug=s.slug.clone() items=s.requirements.clone() /> }.into_any()}

            {view! {
            <section aria-labelledby="steps">
                <h2 id="steps">{tr(Msg::Procedure)}</h2>
                <ol class="steps">{s.steps.iter().map(|st| view! { <li>{t(st)}</li> }).collect_view()}</ol>
            </section>
            }.into_any()}

            {view! {
            <section aria-labelledby="cost">
                <h2 id="cost">{tr(Msg::Cost)}</h2>
                {if s.cost.free {
                    view! { <p class="free">{tr(Msg::Free)}</p> }.into_any()
                } else {
                    view! {
                        <table class="tariffs">
                            <tbody>
                                {s.cost.items.iter().map(|i| view! {
                                    <tr><th scope="row">{t(&i.label)}</th><td>{format_idr(i.amount)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                {s.cost.note.as_ref().map(|n| view! { <p>{t(n)}</p> })}
                {(!s.cost.basis.is_empty()).then(|| view! {
                    <p class="basis">{tr(Msg::CostBasis)}": "{s.cost.basis.clone()}</p>
                })}
            </section>
            }.into_any()}

            {view! {
            <section aria-labelledby="time">
                <h2 id="time">{tr(Msg::ProcessingTime)}</h2>
                <p>{processing(&s)}</p>
            </section>
            }.into_any()}

            {view! {
            <section aria-labelledby="product">
                <h2 id="product">{tr(Msg::Product)}</h2>
                <p>{t(&s.product)}</p>
            </section>
            }.into_any()}

            {view! {
            <section aria-labelledby="where">
                <h2 id="where">{tr(Msg::WhereToApply)}</h2>
                <ul class="channels">
                    {s.channels.iter().map(|c| {
                        let kind = match c.kind { ChannelKind::Online => Msg::Online, ChannelKind::Office => Msg::AtOffice };
                        view! {
                            <li>
                                <span class="badge">{tr(kind)}</span>" "
                                {match &c.url {
                                    Some(url) => view! { <a href=url.clone() rel="noopener" target="_blank">{t(&c.name)}</a> }.into_any(),
                                    None => view! { <strong>{t(&c.name)}</strong> }.into_any(),
                                }}
                                {c.place.as_ref().map(|p| view! { <br /><span class="place">{t(p)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            }.into_any()}

            {view! {
            <section aria-labelledby="legal">
                <h2 id="legal">{tr(Msg::LegalBasis)}</h2>
                <ul>{s.legal_basis.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
            </section>
            }.into_any()}

            {view! {
            <section aria-labelledby="contact">
                <h2 id="contact">{tr(Msg::Contact)}</h2>
                <p class="agency-name">{t(&s.agency.name)}{s.agency.parent.as_ref().map(|p| view! { <br /><small>{t(p)}</small> })}</p>
                {(!contact.is_empty()).then(|| view! {
                    <ul class="contact">
                        {contact.phone.clone().map(|p| view! { <li>{tr(Msg::Phone)}": "<a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></li> })}
                        {contact.email.clone().map(|e| view! { <li>{tr(Msg::Email)}": "<a href=format!("mailto:{e}")>{e.clone()}</a></li> })}
                        {contact.website.clone().map(|w| view! { <li>{tr(Msg::Website)}": "<a href=w.clone() rel="noopener" target="_blank">{w.clone()}</a></li> })}
                    </ul>
                })}
                <p>{tr(Msg::Complaints)}</p>
            </section>
            }.into_any()}

            <p class=move || if stale { "verified stale" } else { "verified" } data-testid="verified">
                {tr(Msg::LastVerified)}": "
                <time datetime=verified.to_string()>{move || verified.long(lang.get())}</time>
            </p>
            {(!s.sources.is_empty()).then(|| view! {
                <details class="sources">
                    <summary>{tr(Msg::Sources)}</summary>
                    <ul>{s.sources.iter().map(|src| view! { <li>{src.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
        </article>
    }
}

fn cost_summary(s: &Service) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_lang();
    let free = s.cost.free;
    let amounts: Vec<u64> = s.cost.items.iter().map(|i| i.amount).collect();
    move || {
        let l = lang.get();
        if free {
            return Msg::Free.get(l).to_string();
        }
        match (amounts.iter().min(), amounts.iter().max()) {
            (Some(lo), Some(hi)) if lo == hi => format_idr(*lo),
            (Some(lo), Some(hi)) => format!("{} – {}", format_idr(*lo), format_idr(*hi)),
            _ => Msg::CostSeeDetails.get(l).to_string(),
        }
    }
}

fn processing(s: &Service) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_lang();
    let text = s.processing.clone();
    let days = s.processing_days;
    move || {
        let l = lang.get();
        match days {
            Some(d) => format!("{} {d} {}. {}", Msg::AtMost.get(l), Msg::WorkingDays.get(l), text.get(l)),
            None => text.get(l).to_string(),
        }
    }
}

/// The requirements as a checklist; ticks are kept on the phone per service.
#[component]
fn Requirements(slug: String, items: Vec<Text>) -> impl IntoView {
    let lang = use_lang();
    let ticked: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    #[cfg(feature = "hydrate")]
    {
        let slug = slug.clone();
        Effect::new(move |_| ticked.set(crate::local::prefs::ticks(&slug)));
    }
    view! {
        <section aria-labelledby="requirements">
            <h2 id="requirements">{tr(Msg::Requirements)}</h2>
            <p class="hint" id="requirements-hint">{tr(Msg::RequirementsHint)}</p>
            <ul class="checklist" aria-describedby="requirements-hint" data-testid="requirements">
                {items.into_iter().enumerate().map(|(i, item)| {
                    let key = item.id.clone();
                    let key2 = key.clone();
                    let slug = slug.clone();
                    let id = format!("req-{i}");
                    let toggle = move |_| {
                        ticked.update(|t| {
                            if let Some(pos) = t.iter().position(|k| *k == key2) { t.remove(pos); } else { t.push(key2.clone()); }
                        });
                        #[cfg(feature = "hydrate")]
                        crate::local::prefs::save_ticks(&slug, &ticked.get_untracked());
                        #[cfg(not(feature = "hydrate"))]
                        let _ = &slug;
                    };
                    view! {
                        <li>
                            <input type="checkbox" id=id.clone() prop:checked=move || ticked.with(|t| t.contains(&key)) on:change=toggle />
                            <label for=id>{move || item.get(lang.get()).to_string()}</label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
