//! The search box: a plain GET form (works without JavaScript); once the app runs, the router
//! handles it on the phone, so it also works offline.

use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;

/// The search form, prefilled with `value`.
#[component]
pub fn SearchForm(#[prop(into, optional)] value: Signal<String>) -> impl IntoView {
    view! {
        <Form method="GET" action="/cari" attr:class="search" attr:role="search">
            <label for="q" class="search-label">{tr(Msg::SearchServices)}</label>
            <div class="search-row">
                <input
                    id="q"
                    type="search"
                    name="q"
                    maxlength="100"
                    autocomplete="off"
                    enterkeyhint="search"
                    prop:value=move || value.get()
                    aria-describedby="q-hint"
                />
                <button type="submit">{tr(Msg::Search)}</button>
            </div>
            <p id="q-hint" class="hint">{tr(Msg::SearchHint)}</p>
        </Form>
    }
}
