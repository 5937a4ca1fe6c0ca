//! The one state of the application pages while the app runs, held in one place.

use crate::domain::application::Application;
use crate::domain::form::{FieldError, FormSchema};
use crate::domain::l10n::Lang;
use crate::i18n::Msg;
use crate::ui::app::DeviceState;
use std::cell::{Cell, RefCell};

/// The draft shown on the page, with its form.
pub(super) type Draft = (Application, FormSchema);

/// What the application pages remember between events. Each field is its own cell, so a
/// handler reading one (the language) while changing another (the draft) never collides.
pub(super) struct State {
    /// The draft shown on the page, with its form.
    pub current: RefCell<Option<Draft>>,
    /// The language pages are shown in.
    pub lang: Cell<Lang>,
    /// Typed answers wait to be saved (a draft is saved at most `SAVE_AFTER_MS` after a
    /// keystroke).
    pub save_due: Cell<bool>,
    /// The timer of that save (dropping it cancels it).
    pub save_timer: RefCell<Option<gloo_timers::callback::Timeout>>,
    /// Saves completed on this page (written on the save status, for the tests).
    pub saves: Cell<u32>,
    /// The draft `/ajukan/:slug` made for this visit (the slug, with `?baru` when asked for
    /// with it; the id), so re-reading that page does not make two.
    pub started: RefCell<Option<(String, String)>>,
    /// Problems to show on the next section page (found on "check your answers").
    pub pending: RefCell<Vec<FieldError>>,
    /// The storage warning due, if any.
    pub storage_warning: Cell<Option<Msg>>,
    /// The application part has been loaded (a form or list was shown).
    pub loaded: Cell<bool>,
    /// The outbox and the following of requests have been started.
    pub outbox_started: Cell<bool>,
    /// The app's device signals (the badge, the pages' generation).
    pub device: Cell<Option<DeviceState>>,
}

impl State {
    /// The state before anything was shown.
    const fn new() -> State {
        State {
            current: RefCell::new(None),
            lang: Cell::new(Lang::Id),
            save_due: Cell::new(false),
            save_timer: RefCell::new(None),
            saves: Cell::new(0),
            started: RefCell::new(None),
            pending: RefCell::new(Vec::new()),
            storage_warning: Cell::new(None),
            loaded: Cell::new(false),
            outbox_started: Cell::new(false),
            device: Cell::new(None),
        }
    }
}

thread_local! {
    static STATE: State = const { State::new() };
}

/// Runs `f` with the state.
pub(super) fn with<R>(f: impl FnOnce(&State) -> R) -> R {
    STATE.with(f)
}

/// The language pages are shown in.
pub(super) fn lang() -> Lang {
    with(|s| s.lang.get())
}

/// Runs `f` with the draft shown, if any.
pub(super) fn draft<R>(f: impl FnOnce(Option<&Draft>) -> R) -> R {
    with(|s| f(s.current.borrow().as_ref()))
}

/// Runs `f` with the draft shown, to change it, if any.
pub(super) fn draft_mut<R>(f: impl FnOnce(Option<&mut Draft>) -> R) -> R {
    with(|s| f(s.current.borrow_mut().as_mut()))
}

/// Replaces the draft shown (`None`: no form on the page).
pub(super) fn set_draft(d: Option<Draft>) {
    with(|s| *s.current.borrow_mut() = d);
}
