//! Keeps the phone's catalogue fresh: asks `catalogue_changes(cursor)` at start, whenever the
//! connection comes back, when the app becomes visible again, and every few minutes.

use super::catalogue;
use super::rounds::{self, Rounds};
use crate::api::catalogue::CatalogueChanges;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const PERIOD_MS: i32 = 10 * 60 * 1000;

thread_local! {
    static ROUNDS: Rounds = const { Rounds::new() };
}

/// The signals a sync round updates: how many services the phone holds (0 before the first
/// download), and a generation bumped whenever a delta changed the copy, so pages re-read it.
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
        rounds::run(&ROUNDS, false, move |_| async move {
            if let Err(e) = round(state).await {
                leptos::logging::log!("catalogue sync: {e}");
            }
        })
        .await;
    });
}

async fn round(state: Held) -> Result<(), String> {
    // Show what the phone already holds before asking the network.
    if let Some(held) = catalogue::snapshot().await? {
        state.services.set(held.len());
    }
    let since = catalogue::cursor().await?.map(|c| c.0).unwrap_or(0);
    let held_from = catalogue::catalogue_id().await?.filter(|id| !id.is_empty());
    let delta = super::client::run(CatalogueChanges {
        since,
        catalogue: held_from,
    })
    .await
    .map_err(|e| e.to_string())?;
    let first = since == 0;
    if first
        || delta.reset
        || !delta.changed.is_empty()
        || !delta.withdrawn.is_empty()
        || delta.cursor.0 != since
    {
        catalogue::apply(&delta).await?;
        if delta.reset || !delta.changed.is_empty() || !delta.withdrawn.is_empty() {
            super::pwa::catalogue_changed();
        }
        let held = catalogue::snapshot().await?.map(|h| h.len()).unwrap_or(0);
        state.services.set(held);
        state.generation.update(|g| *g += 1);
    }
    Ok(())
}
