//! One request for staff (`/staff/permohonan/:id`): its facts, who has it, what can be done,
//! the answers and how they changed, the timeline with staff notes, and the audit trail.

use super::nav;
use crate::domain::catalogue::Service;
use crate::domain::date::Date;
use crate::domain::form::{Answer, Answers, Field, FieldKind, FormSchema};
use crate::domain::l10n::Lang;
use crate::domain::screen::StaffMember;
use crate::domain::staff::{AnswerSet, QueueRow, StaffRequest};
use crate::domain::status::Action;
use crate::i18n::Msg;
use crate::ui::form_html::{answer_words as answer_text, status_word, utc_day as day};
use crate::ui::href::Href;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// One request. An agency admin may change any of the agency's requests; an officer only
/// those assigned to them or to nobody. `failed`: the last action was refused.
pub fn request(
    lang: Lang,
    me: &StaffMember,
    r: &StaffRequest,
    service: Option<&Service>,
    today: Date,
    failed: bool,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let row = &r.row;
    let name = service
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_else(|| row.service.clone());
    let schema = service
        .and_then(|s| s.form.as_ref())
        .and_then(|d| d.schema().ok());
    // A colleague's request: an officer sees it, but cannot change it.
    let theirs = !me.admin
        && row
            .assigned_to
            .as_deref()
            .is_some_and(|a| a != me.account_id);
    let body = html! {
        (nav(lang, &me.login))
        p class="caption" { (name) }
        h1 data-testid="staff-reference" { (row.reference) }
        (super::alert(failed, "action-error", t(Msg::ActionFailed)))
        (facts(lang, row, today))
        (channel(lang, r))
        @if theirs {
            p class="hint" data-testid="assigned-to-colleague" { (t(Msg::AssignedToColleague)) }
        } @else {
            (claim_or_release(lang, &row.id, row.assigned_to.as_deref() == Some(&me.account_id)))
        }
        @if !r.actions.is_empty() && !theirs {
            h2 { (t(Msg::NextStep)) }
            @for a in &r.actions {
                (action_form(lang, &row.id, *a))
            }
        }
        (answers(lang, r, schema.as_ref()))
        (expectation(lang, r, service))
        (answer_changes(lang, &r.answer_sets, schema.as_ref()))
        (timeline(lang, r))
        (audit(lang, r))
    };
    Rendered::page(format!("{} · {}", row.reference, name), body)
}

/// For a partner's request, what the partner sent (its link only through [`Href`], which
/// writes `#` for anything but a web address). The channel itself is among the [`facts`].
fn channel(lang: Lang, r: &StaffRequest) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        @if let Some(p) = &r.partner {
            h2 { (t(Msg::PartnerHeading)) }
            p class="hint" data-testid="partner-documents" { (t(Msg::PartnerDocuments)) }
            dl class="facts" data-testid="partner" {
                div { dt { (t(Msg::PartnerName)) } dd data-testid="partner-name" { (p.partner) } }
                div { dt { (t(Msg::PartnerAddress)) } dd { (p.address) } }
                @if !p.description.is_empty() {
                    div {
                        dt { (t(Msg::PartnerDescription)) }
                        dd style="white-space: pre-wrap" { (p.description) }
                    }
                }
                @if !p.contact.name.is_empty() {
                    div { dt { (t(Msg::PartnerApplicant)) } dd data-testid="partner-applicant" { (p.contact.name) } }
                }
                @if !p.contact.email.is_empty() {
                    div { dt { (t(Msg::Email)) } dd data-testid="partner-email" { (p.contact.email) } }
                }
                @if !p.contact.phone.is_empty() {
                    div { dt { (t(Msg::PartnerPhone)) } dd data-testid="partner-phone" { (p.contact.phone) } }
                }
                @if !p.media_url.is_empty() {
                    div {
                        dt { (t(Msg::PartnerMedia)) }
                        dd { a href=(Href::external(&p.media_url)) rel="noopener noreferrer" { (p.media_url) } }
                    }
                }
            }
        }
    }
}

/// What the citizen expected when sending, beside what happened: working days (once completed)
/// and the standard's cost (reported apart from the survey, never blended into the IKM).
fn expectation(lang: Lang, r: &StaffRequest, service: Option<&Service>) -> Markup {
    use crate::domain::skm::tariff;
    let t = |m: Msg| m.get(lang);
    let actual = r.worked_days;
    let standard = service.and_then(|s| tariff(&s.cost));
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".into());
    let ready = [Msg::Ready1, Msg::Ready2, Msg::Ready3, Msg::Ready4];
    html! {
        @if let Some(e) = &r.expect {
            h2 { (t(Msg::StaffExpect)) }
            dl class="facts" data-testid="staff-expect" {
                div { dt { (t(Msg::StaffExpectDays)) }
                    dd data-testid="expect-days" { (or_dash(e.days.map(|d| d.to_string()))) " / " (or_dash(actual.map(|d| d.to_string()))) } }
                div { dt { (t(Msg::StaffExpectCost)) }
                    dd { (or_dash(e.cost.map(crate::domain::money::format_idr))) " / " (or_dash(standard.map(crate::domain::money::format_idr))) } }
                div { dt { (t(Msg::ExpectReady)) }
                    dd { (or_dash(e.ready.and_then(|r| ready.get(usize::from(r).checked_sub(1)?)).map(|m| t(*m).to_string()))) } }
            }
        }
    }
}

/// Status, arrival, due date (marked when overdue) and who has it.
fn facts(lang: Lang, row: &QueueRow, today: Date) -> Markup {
    let t = |m: Msg| m.get(lang);
    let overdue = row.overdue(today);
    html! {
        dl class="facts" {
            div {
                dt { (t(Msg::CurrentStatus)) }
                dd data-testid="staff-status" data-status=(row.status.code()) {
                    (t(status_word(row.status)))
                }
            }
            div { dt { (t(Msg::ReceivedAt)) } dd { (day(&row.received_at, lang)) } }
            div {
                dt { (t(Msg::WfChannel)) }
                dd data-testid="staff-channel" data-channel=(row.channel.code()) {
                    (t(crate::ui::kinerja_html::tables::channel_word(row.channel)))
                }
            }
            @if !row.due_date.is_empty() {
                div {
                    dt { (t(Msg::Due)) }
                    dd class=[overdue.then_some("overdue")] {
                        (day(&row.due_date, lang))
                        @if overdue {
                            " " span class="tag attention" { (t(Msg::Overdue)) }
                        }
                    }
                }
            }
            div {
                dt { (t(Msg::AssignedTo)) }
                dd data-testid="assigned" {
                    @match &row.assigned_login {
                        Some(l) => (l),
                        None => (t(Msg::Nobody)),
                    }
                }
            }
        }
    }
}

/// The form that claims a request (`to=me`) or, when it is `mine`, releases it.
fn claim_or_release(lang: Lang, id: &str, mine: bool) -> Markup {
    let (to, testid, word) = if mine {
        ("", "release", Msg::Release)
    } else {
        ("me", "claim", Msg::Claim)
    };
    html! {
        form method="post" action="/api/staff/assign" class="inline" {
            input type="hidden" name="id" value=(id);
            input type="hidden" name="to" value=(to);
            button type="submit" class="button secondary" data-testid=(testid) {
                (word.get(lang))
            }
        }
    }
}

/// The word on an action's button.
fn action_word(a: Action) -> Msg {
    match a {
        Action::Receive => Msg::AcReceive,
        Action::Review => Msg::AcReview,
        Action::AskInfo => Msg::AcAskInfo,
        Action::Answer => Msg::AcAnswer,
        Action::Approve => Msg::AcApprove,
        Action::Reject => Msg::AcReject,
        Action::Complete => Msg::AcComplete,
        Action::Cancel => Msg::AcCancel,
    }
}

/// One action on request `id` as a form, with the note to the citizen (required when asking
/// for information) and the staff-only note.
fn action_form(lang: Lang, id: &str, a: Action) -> Markup {
    let t = |m: Msg| m.get(lang);
    let code = serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let asks = a == Action::AskInfo;
    html! {
        form method="post" action="/api/staff/act" class="form action"
            data-testid=(format!("act-{code}")) {
            input type="hidden" name="id" value=(id);
            input type="hidden" name="action" value=(code);
            div class="field" {
                label for=(format!("n-{code}")) {
                    (t(Msg::NoteToCitizen))
                    @if !asks { " " span class="optional" { (t(Msg::Optional)) } }
                }
                textarea rows="2" id=(format!("n-{code}")) name="note" required[asks] {}
            }
            div class="field" {
                label for=(format!("i-{code}")) {
                    (t(Msg::InternalNote)) " " span class="optional" { (t(Msg::Optional)) }
                }
                textarea rows="2" id=(format!("i-{code}")) name="internal_note" {}
            }
            button type="submit" class=(if a == Action::Reject { "button warning" } else { "button" }) {
                (t(action_word(a)))
            }
        }
    }
}

/// The answers, labelled by the service's current form, in its order (then any answer the
/// form no longer has).
fn answers(lang: Lang, r: &StaffRequest, schema: Option<&FormSchema>) -> Markup {
    let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
    let mut order: Vec<&String> = schema
        .map(|s| {
            s.fields()
                .filter_map(|f| answers.get_key_value(&f.id).map(|(k, _)| k))
                .collect()
        })
        .unwrap_or_default();
    let rest: Vec<&String> = answers.keys().filter(|k| !order.contains(k)).collect();
    order.extend(rest);
    html! {
        h2 { (Msg::Answers.get(lang)) }
        dl class="answers" data-testid="staff-answers" {
            @for id in order {
                (answer(lang, id, &answers[id], schema.and_then(|s| s.field(id))))
            }
        }
    }
}

/// One answer: its label and value; a file as a link that only the agency's staff can open
/// (`server::files::for_staff`).
fn answer(lang: Lang, id: &str, a: &Answer, field: Option<&Field>) -> Markup {
    let label = field
        .map(|f| f.label.get(lang).to_string())
        .unwrap_or_else(|| id.to_string());
    let text = answer_text(field.map_or(&FieldKind::Text, |f| &f.kind), a, lang);
    let file = field.is_some_and(|f| matches!(f.kind, FieldKind::File { .. }));
    html! {
        div data-field=(id) {
            dt { (label) }
            dd {
                @if file {
                    a rel="external" target="_blank" data-testid="attachment"
                        href=(Href::page("/staff/berkas/", &text)) {
                        (Msg::ViewAttachment.get(lang))
                    }
                } @else {
                    (text)
                }
            }
        }
    }
}

/// How an answer reads in a list of changes (a file by the start of its name; "no answer"
/// when none).
fn change_text(field: Option<&Field>, a: Option<&Answer>, lang: Lang) -> String {
    let Some(a) = a else {
        return Msg::NoAnswer.get(lang).to_string();
    };
    match field.map(|f| &f.kind) {
        Some(FieldKind::File { .. }) => format!(
            "{}…",
            answer_text(&FieldKind::Text, a, lang)
                .chars()
                .take(12)
                .collect::<String>()
        ),
        Some(kind) => answer_text(kind, a, lang),
        None => answer_text(&FieldKind::Text, a, lang),
    }
}

/// What changed from one set of answers to the next (every set is kept): per answer, when and
/// by whom, each changed field with its earlier and new value. Nothing when never answered.
fn answer_changes(lang: Lang, sets: &[AnswerSet], schema: Option<&FormSchema>) -> Markup {
    if sets.len() < 2 {
        return html! {};
    }
    html! {
        h2 { (Msg::AnswerChanges.get(lang)) }
        ol class="timeline" data-testid="answer-changes" {
            @for pair in sets.windows(2) {
                (answer_change(lang, &pair[0], &pair[1], schema))
            }
        }
    }
}

/// The ids of the answers that differ between `before` and `after`: in the form's order,
/// then any answer the form no longer has.
fn changed_ids<'a>(
    before: &'a Answers,
    after: &'a Answers,
    schema: Option<&'a FormSchema>,
) -> Vec<&'a String> {
    let mut ids: Vec<&String> = schema
        .map(|s| s.fields().map(|f| &f.id).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|id| before.contains_key(*id) || after.contains_key(*id))
        .collect();
    for k in before.keys().chain(after.keys()) {
        if !ids.contains(&k) {
            ids.push(k);
        }
    }
    ids.retain(|id| before.get(*id) != after.get(*id));
    ids
}

/// One change of answers, from the set `from` to the set `to`.
fn answer_change(
    lang: Lang,
    from: &AnswerSet,
    to: &AnswerSet,
    schema: Option<&FormSchema>,
) -> Markup {
    let t = |m: Msg| m.get(lang);
    let before: Answers = serde_json::from_str(&from.answers).unwrap_or_default();
    let after: Answers = serde_json::from_str(&to.answers).unwrap_or_default();
    let ids = changed_ids(&before, &after, schema);
    let (since, at) = (day(&from.at, lang), day(&to.at, lang));
    html! {
        li data-testid="answer-change" {
            strong { (t(Msg::AnswersChanged)) } " "
            small {
                (at)
                @if to.actor != "citizen" { " · " (to.actor) }
            }
            @if ids.is_empty() {
                p { (t(Msg::NothingChanged)) }
            } @else {
                dl class="answers" {
                    @for id in ids {
                        @let field = schema.and_then(|s| s.field(id));
                        div data-field=(id) {
                            dt { (field.map_or(id.as_str(), |f| f.label.get(lang))) }
                            dd {
                                del { (change_text(field, before.get(id), lang)) } " → "
                                ins { (change_text(field, after.get(id), lang)) } " "
                                small { "(" (since) " → " (at) ")" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The request's steps, with the note to the citizen and the staff-only note.
fn timeline(lang: Lang, r: &StaffRequest) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        h2 { (t(Msg::Timeline)) }
        ol class="timeline" data-testid="staff-timeline" {
            @for s in &r.steps {
                li data-status=(s.status.code()) {
                    strong { (t(status_word(s.status))) } " "
                    small {
                        (day(&s.at, lang))
                        @if let Some(a) = &s.actor { " · " (a) }
                    }
                    @if !s.note.is_empty() { p { (s.note) } }
                    @if !s.internal_note.is_empty() {
                        p class="internal" { em { (t(Msg::InternalNote)) ":" } " " (s.internal_note) }
                    }
                }
            }
        }
    }
}

/// Who did what to the request, with the values before and after.
fn audit(lang: Lang, r: &StaffRequest) -> Markup {
    html! {
        h2 { (Msg::AuditTrail.get(lang)) }
        ul class="audit" data-testid="audit" {
            @for e in &r.audit {
                li {
                    small { (e.at) } " " strong { (e.actor) } " " (e.action) " "
                    code {
                        (e.before.as_deref().unwrap_or("")) " → " (e.after.as_deref().unwrap_or(""))
                    }
                }
            }
        }
    }
}
