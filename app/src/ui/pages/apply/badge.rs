//! The outbox badge and the pages of the phone's applications, kept in step with what the
//! outbox and the following of requests change.

use super::{draft, state};
use crate::local::{apps, prefs, questions, tracking};
use leptos::prelude::{Set, Update};
use leptos::task::spawn_local;

/// The outbox badge from the count kept beside the applications, and the outbox itself when
/// something waits in it (which loads the application part).
pub fn connect(device: crate::ui::app::DeviceState) {
    state::with(|s| s.device.set(Some(device)));
    let waiting = prefs::outbox_count();
    device.outbox.set(waiting);
    if waiting > 0 || prefs::followed_count() > 0 || prefs::listening_count() > 0 {
        spawn_local(async { super::outbox_up().await });
    }
}

/// Re-reads the outbox badge and, when the page shows applications, the page (never a form
/// being filled in, which would lose the citizen's place).
pub fn refresh() {
    update(true);
}

/// The outbox changed something: re-read, and follow what was just sent.
pub(super) fn sent_or_changed() {
    update(true);
    tracking::soon(refresh);
}

/// Re-reads the badge only.
pub(super) fn changed_count() {
    update(false);
}

/// Counts what waits and what is new, and re-reads the page when `page` is asked.
fn update(page: bool) {
    let Some(device) = state::with(|s| s.device.get()) else {
        return;
    };
    spawn_local(async move {
        let all = apps::all().await.unwrap_or_default();
        let n = all.iter().filter(|a| a.state.in_outbox()).count();
        prefs::set_outbox_count(n);
        let surveys = all
            .iter()
            .filter(|a| a.survey.as_ref().is_some_and(|r| !r.sent))
            .count();
        let questions = questions::pending().len();
        prefs::set_listening_count(surveys + questions);
        device.outbox.set(n);
        device
            .updates
            .set(all.iter().filter(|a| a.unseen()).count());
        if page && draft::current_form().is_none() {
            device.local_gen.update(|g| *g += 1);
        }
    });
}
