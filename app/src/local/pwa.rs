//! The service worker: registration, and offering a waiting new version as "Perbarui / Update"
//! instead of letting it mix old pages with a new WASM.

use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorker, ServiceWorkerRegistration};

thread_local! {
    static WAITING: RefCell<Option<ServiceWorker>> = const { RefCell::new(None) };
}

/// True while the browser says it has no network.
pub fn is_offline() -> bool {
    web_sys::window()
        .map(|w| !w.navigator().on_line())
        .unwrap_or(false)
}

/// Keeps `offline` equal to the browser's network state.
pub fn watch_network(offline: RwSignal<bool>) {
    offline.set(is_offline());
    let Some(window) = web_sys::window() else {
        return;
    };
    for name in ["online", "offline"] {
        let cb = Closure::<dyn Fn()>::new(move || offline.set(is_offline()));
        let _ = window.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        cb.forget();
    }
}

/// Registers `/sw.js`; sets `update_ready` when a new version is installed and waiting.
pub fn register(update_ready: RwSignal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let promise = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        watch_registration(reg.unchecked_into(), update_ready);
    });
    // When the new worker takes over (after "Perbarui"), load the page it serves.
    let reload = Closure::<dyn Fn()>::new(move || {
        if WAITING.with(|w| w.borrow().is_some()) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
}

fn has_controller() -> bool {
    web_sys::window()
        .map(|w| w.navigator().service_worker().controller().is_some())
        .unwrap_or(false)
}

fn offer(worker: ServiceWorker, update_ready: RwSignal<bool>) {
    WAITING.with(|w| *w.borrow_mut() = Some(worker));
    update_ready.set(true);
}

fn watch_registration(reg: ServiceWorkerRegistration, update_ready: RwSignal<bool>) {
    // A first install is not an update: only offer a worker when another already controls us.
    if let Some(waiting) = reg.waiting() {
        if has_controller() {
            offer(waiting, update_ready);
        }
    }
    // A worker may already be installing (the browser checks for updates on every page load,
    // possibly before we got here), or start installing later.
    if let Some(installing) = reg.installing() {
        follow(installing, update_ready);
    }
    let reg2 = reg.clone();
    let on_update = Closure::<dyn Fn()>::new(move || {
        if let Some(installing) = reg2.installing() {
            follow(installing, update_ready);
        }
    });
    reg.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
    on_update.forget();
}

/// Offers `worker` once it has installed, if another worker controls the page.
fn follow(worker: ServiceWorker, update_ready: RwSignal<bool>) {
    let w = worker.clone();
    let on_state = Closure::<dyn Fn()>::new(move || {
        if w.state() == web_sys::ServiceWorkerState::Installed && has_controller() {
            offer(w.clone(), update_ready);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Tells the worker controlling this page that the phone's catalogue changed, so it drops the
/// pages it kept that were drawn from the catalogue: offline, the phone renders them from its
/// newer copy instead of showing the old text.
pub fn catalogue_changed() {
    if let Some(worker) =
        web_sys::window().and_then(|w| w.navigator().service_worker().controller())
    {
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"CATALOGUE_CHANGED".into());
        let _ = worker.post_message(&msg);
    }
}

/// Tells the waiting worker to take over; the page reloads when it does.
pub fn apply_update() {
    WAITING.with(|w| {
        if let Some(worker) = w.borrow().as_ref() {
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &"SKIP_WAITING".into());
            let _ = worker.post_message(&msg);
        }
    });
}
