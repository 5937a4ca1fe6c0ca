//! Keeps the phone's catalogue fresh: follows each scope it keeps (the national services and
//! the chosen provinces) with `catalogue_sync`, at start, whenever the connection comes back,
//! when the app becomes visible again, and every few minutes; a round that fails is tried again
//! on a backoff ([`rounds::Retry`]).

use super::catalogue;
use super::rounds::{self, Retry, Rounds};
use crate::api::catalogue::CatalogueSync;
use crate::domain::sync::follows_outlines;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const PERIOD_MS: i32 = 10 * 60 * 1000;

thread_local! {
    static ROUNDS: Rounds = const { Rounds::new() };
    static RETRY: Retry = const { Retry::new() };
}

/// The signals a sync round updates: how many services the phone holds whole (0 before the
/// first download), and a generation bumped whenever a delta changed the copy, so pages re-read
/// it.
#[derive(Clone, Copy)]
struct Held {
    services: RwSignal<usize>,
    generation: RwSignal<u32>,
}

/// Starts syncing in the background; call once after the app is mounted.
pub fn start(services: RwSignal<usize>, generation: RwSignal<u32>) {
    let state = Held {
        services,
        generation,
    };
    run(state);
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_online = Closure::<dyn Fn()>::new(move || run(state));
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    on_online.forget();
    let on_visible = Closure::<dyn Fn()>::new(move || {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .map(|d| !d.hidden())
            .unwrap_or(false);
        if visible {
            run(state);
        }
    });
    if let Some(doc) = window.document() {
        let _ = doc.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    on_visible.forget();
    let tick = Closure::<dyn Fn()>::new(move || run(state));
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        PERIOD_MS,
    );
    tick.forget();
}

/// One sync round now, or right after the one under way.
fn run(state: Held) {
    spawn_local(async move {
        rounds::run(&ROUNDS, false, move |_| round(state)).await;
    });
}

/// The most pages one round asks for: a national catalogue's first sync for a few provinces
/// is tens of pages; a server that keeps answering "more" cannot keep a phone busy forever.
const MOST_PAGES: usize = 2_000;

/// One round, and its retry when it failed. Loaded with the application part (the first page
/// needs none of it, and the main bundle carries none of the round's work).
#[leptos::lazy]
async fn round(state: Held) {
    let done = sync(state).await;
    if let Err(e) = &done {
        leptos::logging::log!("catalogue sync: {e}");
    }
    RETRY.with(|r| r.after(done.is_err(), move || run(state)));
}

/// Every scope the phone keeps, a page at a time until caught up: first the outlines of the
/// scopes it has not finished (the list and search of every one of them soon), then the
/// documents (`domain::sync`).
async fn sync(state: Held) -> Result<(), String> {
    // Show what the phone already holds before asking the network.
    if let Some(held) = catalogue::snapshot().await? {
        state.services.set(whole(&held));
    }
    let cookies = super::prefs::cookies().unwrap_or_default();
    let scopes = crate::domain::sync::kept_scopes(&cookies);
    // A province no longer kept leaves the phone: a change like any other.
    let mut changed = catalogue::keep_only(&scopes).await?;
    let mut held_from = catalogue::catalogue_id().await?.filter(|id| !id.is_empty());
    let mut pages = 0;
    'round: loop {
        for outline in [true, false] {
            for scope in &scopes {
                let at = catalogue::position(scope, outline).await?;
                if outline
                    && !follows_outlines(
                        catalogue::position(scope, false).await?.is_some(),
                        at.is_some(),
                    )
                {
                    continue;
                }
                let mut from = at.unwrap_or_default();
                loop {
                    pages += 1;
                    if pages > MOST_PAGES {
                        break 'round;
                    }
                    let page = super::client::run(CatalogueSync {
                        scope: scope.clone(),
                        since: from.revision,
                        after: from.slug,
                        catalogue: held_from.clone(),
                        outline: outline.then_some(true),
                    })
                    .await
                    .map_err(|e| e.to_string())?;
                    catalogue::apply(scope, &page, outline).await?;
                    changed |= page.reset || !page.changed.is_empty() || !page.withdrawn.is_empty();
                    held_from = Some(page.catalogue.clone());
                    if page.reset && pages > 1 {
                        // Every scope was dropped (this page is its scope's first again): the
                        // round starts again, outlines first.
                        continue 'round;
                    }
                    if !page.more {
                        break;
                    }
                    from = crate::domain::sync::Position {
                        revision: page.since,
                        slug: page.after,
                    };
                }
            }
            if outline && std::mem::take(&mut changed) {
                // Every scope is listed: the lists and search show it while documents come.
                publish(state).await?;
            }
        }
        break;
    }
    if changed {
        publish(state).await?;
    }
    Ok(())
}

/// Tells the pages (and the service worker) that the phone's copy changed.
async fn publish(state: Held) -> Result<(), String> {
    super::pwa::catalogue_changed();
    let held = catalogue::snapshot().await?.map(|h| whole(&h)).unwrap_or(0);
    state.services.set(held);
    state.generation.update(|g| *g += 1);
    Ok(())
}

/// How many services the phone holds whole (their pages open offline).
fn whole(shelf: &crate::domain::shelf::Shelf) -> usize {
    shelf.iter().filter(|s| !s.outline).count()
}
