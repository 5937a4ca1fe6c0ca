//! The application pages as HTML text (see `ui::html` for why text): a form section, "check
//! your answers", the outbox state and confirmation, and the list of the phone's applications.
//! The phone renders them from its own storage; `ui::pages::apply` wires them by delegation.
//!
//! Written with `maud::html!`, which escapes every spliced value. `maud` takes attribute
//! names only as literals, so the hook attributes the wiring reads are spelled here and
//! checked against `ui::hook` at compile time ([`HOOK_NAMES`]); their values come from there.

use super::hook::{Action, FormRole, Hook, Slot};
use super::href::Href;
use super::html::Rendered;
use crate::domain::application::{
    section_statuses, sections_done, Application, FileInfo, Notice, SectionStatus, State,
};
use crate::domain::catalogue::{ChannelKind, Service};
use crate::domain::date::Date;
use crate::domain::form::{
    date_parts, parts_date, Answer, Field, FieldError, FieldKind, FormSchema, Problem,
};
use crate::domain::l10n::Lang;
use crate::domain::reference::PIN_FIELD_CHARS;
use crate::domain::route::encode;
use crate::domain::status::{RequestView, Status as ReqStatus};
use crate::domain::submission::Receipt;
use crate::i18n::Msg;
use maud::{html, Markup};

/// Whether two names are the same (usable in constants).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The hook attribute names the templates below spell, each checked against `ui::hook`: a
/// renamed hook fails the build here instead of leaving the wiring looking for a name the
/// page no longer has.
pub const HOOK_NAMES: [(&str, &str); 13] = [
    (FormRole::ATTR, "data-form"),
    (Slot::ATTR, "data-slot"),
    (Hook::Field.attr(), "data-field"),
    (Hook::File.attr(), "data-file"),
    (Hook::FileStatus.attr(), "data-file-status"),
    (Hook::App.attr(), "data-app"),
    (Hook::Section.attr(), "data-section"),
    (Hook::Saves.attr(), "data-saves"),
    (Action::SendNow.attr(), "data-send-now"),
    (Action::Cancel.attr(), "data-cancel"),
    (Action::Delete.attr(), "data-delete"),
    (Action::ConfirmDelete.attr(), "data-confirm-delete"),
    (Action::Keep.attr(), "data-keep"),
];
const _: () = {
    let mut i = 0;
    while i < HOOK_NAMES.len() {
        assert!(same(HOOK_NAMES[i].0, HOOK_NAMES[i].1), "a hook was renamed");
        i += 1;
    }
    assert!(same(Action::CancelRequest.attr(), "data-cancel-request"));
    assert!(same(Action::Answer.attr(), "data-answer"));
};

/// Where an application's pages are and where its forms go. The phone's own pages
/// (`/permohonan/<id>`) are wired by the app (the `data-form` hooks); the server's pages
/// (`page` + the service's slug) send plain forms, multipart, to `post` + the slug, for a
/// browser that runs no scripts and for the counter: no hooks, so the app leaves them alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// The phone's application, kept on the device.
    Phone,
    /// A draft the server keeps.
    Server {
        /// The pages' path, before the slug (`/formulir/`).
        page: &'static str,
        /// Where the forms are posted, before the slug (`/api/formulir/`).
        post: &'static str,
    },
}

impl Door {
    /// The address of `app`'s pages.
    fn href(self, app: &Application) -> Href {
        match self {
            Door::Phone => Href::page("/permohonan/", &app.id),
            Door::Server { page, .. } => Href::page(page, &app.service),
        }
    }

    /// Where a section form (`Some(n)`, 1-based; `changing` from "check your answers") or the
    /// submit form (`None`) is posted: nowhere for the phone (the app sends it).
    fn action(self, app: &Application, section: Option<usize>, changing: bool) -> Option<String> {
        let Door::Server { post, .. } = self else {
            return None;
        };
        let base = Href::page(post, &app.service);
        Some(match section {
            Some(n) if changing => format!("{}&ubah=1", base.query("bagian", n).as_str()),
            Some(n) => base.query("bagian", n).as_str().to_string(),
            None => base.query("kirim", 1).as_str().to_string(),
        })
    }

    /// The form's role for the app's wiring (none on the server's pages).
    fn role(self, role: FormRole) -> Option<&'static str> {
        (self == Door::Phone).then(|| role.value())
    }
}

/// The word for a request's status (GLOSSARY).
pub fn status_word(s: ReqStatus) -> Msg {
    match s {
        ReqStatus::Submitted => Msg::StSubmitted,
        ReqStatus::Received => Msg::StReceived,
        ReqStatus::InReview => Msg::StInReview,
        ReqStatus::NeedsInfo => Msg::StNeedsInfo,
        ReqStatus::Approved => Msg::StApproved,
        ReqStatus::Rejected => Msg::StRejected,
        ReqStatus::Completed => Msg::StCompleted,
        ReqStatus::Cancelled => Msg::StCancelled,
    }
}

/// The day of a UTC timestamp (RFC 3339), written long.
pub fn utc_day(at: &str, lang: Lang) -> String {
    Date::parse(at.get(..10).unwrap_or(""))
        .map(|d| d.long(lang))
        .unwrap_or_else(|| at.to_string())
}

/// The form of a service, for the server's page at `/ajukan/:slug` (read before or without
/// the app: what the form asks, to prepare; the phone starts a draft instead).
pub(crate) fn apply_start(s: &Service, lang: Lang) -> Markup {
    // The phone never shows this page (it starts a draft instead): keep the form reader out of
    // the main bundle.
    #[cfg(feature = "hydrate")]
    let page = {
        let _ = (s, lang);
        html! {}
    };
    #[cfg(not(feature = "hydrate"))]
    let page = apply_start_page(s, lang);
    page
}

/// What [`apply_start`] shows: every section's questions, marked optional or "if applicable".
#[cfg(not(feature = "hydrate"))]
fn apply_start_page(s: &Service, lang: Lang) -> Markup {
    let schema = s.form.as_ref().and_then(|d| d.schema().ok());
    html! {
        p.caption { (s.name.get(lang)) }
        h1 { (Msg::Form.get(lang)) }
        // Without JavaScript the app never starts its draft: the server's own form does.
        (start_without_app(s, lang))
        @if let Some(schema) = &schema {
            @for sec in &schema.sections {
                h2 { (sec.title.get(lang)) }
                ul { @for f in &sec.fields {
                    li {
                        (f.label.get(lang))
                        @if !f.required || f.visible_if.is_some() {
                            " "
                            span.hint { (if f.required { Msg::IfApplicable } else { Msg::Optional }
                                .get(lang)) }
                        }
                    }
                } }
            }
        }
        p { a href=(Href::page("/layanan/", &s.slug)) { (Msg::Back.get(lang)) } }
    }
}

/// The way into the server's own form (`/formulir/<slug>`) from `/ajukan/<slug>`.
#[cfg(feature = "ssr")]
fn start_without_app(s: &Service, lang: Lang) -> Markup {
    super::web_form_html::start_link(&s.slug, lang)
}

/// Without the server (no feature): what the form needs.
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn start_without_app(_: &Service, lang: Lang) -> Markup {
    html! { div.notice role="note" { p { (Msg::FormNeedsApp.get(lang)) } } }
}

/// The frame the server sends for pages held only on the phone.
pub(crate) fn on_device(lang: Lang) -> Markup {
    // Shown until the app replaces it; without JavaScript it stays and says why.
    html! {
        p.loading aria-busy="true" { (Msg::LoadingFromDevice.get(lang)) }
        p.hint { (Msg::OnDeviceNeedsApp.get(lang)) }
    }
}

/// "Lacak permohonan": reference number and PIN (the phone sends them and keeps the request).
pub(crate) fn track_form(lang: Lang) -> Markup {
    html! {
        h1 { (Msg::TrackRequest.get(lang)) }
        p { (Msg::TrackHint.get(lang)) }
        div.error-summary data-testid="track-error" data-slot=(Slot::TrackError.value())
            role="alert" tabindex="-1" hidden {}
        form.form data-testid="track-form" data-form=(FormRole::Track.value()) novalidate {
            div.field {
                label for="f-reference" { (Msg::ReferenceNumber.get(lang)) }
                p.hint { (Msg::ReferenceFormat.get(lang)) }
                input #f-reference .nik type="text" name="reference" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" maxlength="13" required;
            }
            div.field {
                label for="f-pin" { (Msg::Pin.get(lang)) }
                input #f-pin .nik type="text" name="pin" inputmode="numeric" autocomplete="off"
                    maxlength=(PIN_FIELD_CHARS) required;
            }
            div.actions {
                button.button type="submit" data-testid="track" { (Msg::TrackRequest.get(lang)) }
            }
        }
        noscript { p { (Msg::OnDeviceNeedsApp.get(lang)) } }
    }
}

/// A label inside a sentence: its first letter lower-cased unless the first word is an
/// abbreviation ("Nama lengkap" → "nama lengkap", "NIK" stays). ASCII only: the Unicode case
/// tables would cost the phone's bundle kilobytes, and labels start with a Latin letter.
fn lower_first(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = s.to_string();
    if b.len() > 1 && b[0].is_ascii_uppercase() && !b[1].is_ascii_uppercase() {
        out[..1].make_ascii_lowercase();
    }
    out
}

/// What to say when `f` is required and empty, from its kind and label (GOV.UK: say what to
/// do), or the form's own words for it.
fn required_text(f: &Field, lang: Lang) -> String {
    if let Some(e) = &f.error {
        return e.get(lang).to_string();
    }
    let label = f.label.get(lang);
    let verb = match f.kind {
        FieldKind::File { .. } => Msg::PUpload,
        FieldKind::Choice { .. } | FieldKind::MultiChoice { .. } | FieldKind::YesNo => Msg::PSelect,
        _ => Msg::PEnter,
    };
    let verb = verb.get(lang);
    let object = if matches!(f.kind, FieldKind::YesNo) {
        Msg::PYesOrNo
    } else if label.ends_with('?') {
        Msg::PAnAnswer
    } else {
        return [verb, " ", &lower_first(label)].concat();
    };
    [verb, " ", object.get(lang), ": ", label].concat()
}

/// The citizen's words for a problem with an answer to `field`: one sentence that names the
/// field and says what to do. The server's refusal and the phone's check both say it. (Built
/// by joining words rather than `format!`, which costs the phone's bundle per call.)
pub fn problem_text(field: Option<&Field>, p: &Problem, lang: Lang) -> String {
    let m = |msg: Msg| msg.get(lang);
    let Some(f) = field else {
        return m(Msg::PUnexpected).to_string();
    };
    let is_date = matches!(f.kind, FieldKind::Date | FieldKind::MemorableDate);
    let label = f.label.get(lang);
    // The sentence's subject: the label, or "The answer" when the label is a question.
    let subject = if label.ends_with('?') {
        m(Msg::PTheAnswer)
    } else {
        label
    };
    let bound = |v: f64| {
        let n = v as u32;
        let day = Date::new((n / 10_000) as i32, (n / 100 % 100) as u8, (n % 100) as u8);
        match day.filter(|_| is_date) {
            Some(d) => d.long(lang),
            None => v.to_string(),
        }
    };
    let (msg, tail) = match p {
        Problem::Required | Problem::UnknownOption | Problem::NotYesNo => {
            return required_text(f, lang)
        }
        Problem::Phone | Problem::Email | Problem::File => {
            let msg = match p {
                Problem::Phone => Msg::PPhone,
                Problem::Email => Msg::PEmail,
                _ => Msg::PAgain,
            };
            return [required_text(f, lang).as_str(), m(msg)].join(" ");
        }
        Problem::NikRegion => return m(Msg::PNikRegion).to_string(),
        Problem::NikBirthDate => return m(Msg::PNikBirth).to_string(),
        Problem::NikSerial => return m(Msg::PNikSerial).to_string(),
        Problem::Unexpected | Problem::WrongShape => return m(Msg::PUnexpected).to_string(),
        Problem::ControlCharacter => return m(Msg::PControl).to_string(),
        Problem::TooShort { min } => (
            Msg::PAtLeast,
            [&min.to_string(), m(Msg::PCharacters)].join(" "),
        ),
        Problem::TooLong { max } => (
            Msg::PAtMost,
            [&max.to_string(), m(Msg::PCharacters)].join(" "),
        ),
        Problem::TooSmall { min } if is_date => (Msg::PNotBefore, bound(*min)),
        Problem::TooSmall { min } => (Msg::PSmallest, bound(*min)),
        Problem::TooLarge { max } if is_date => (Msg::PNotAfter, bound(*max)),
        Problem::TooLarge { max } => (Msg::PLargest, bound(*max)),
        Problem::DateMissing { parts } => {
            let words: Vec<&str> = parts
                .iter()
                .map(|&i| m([Msg::PDay, Msg::PMonth, Msg::PYear][usize::from(i.min(2))]))
                .collect();
            (
                Msg::PDateMissing,
                words.join([" ", m(Msg::PAnd), " "].concat().as_str()),
            )
        }
        Problem::NotANumber => (Msg::PNumber, String::new()),
        Problem::Pattern => (Msg::PPattern, String::new()),
        Problem::NotADate => (Msg::PDate, String::new()),
        Problem::Future => (Msg::PFuture, String::new()),
        Problem::NikLength => (Msg::PNikLength, String::new()),
    };
    [subject, m(msg), tail.as_str()]
        .join(" ")
        .trim_end()
        .to_string()
}

/// Where an error summary's link for `e` lands: the field, or for a date typed in parts the
/// first part to fix (the year when it is too early).
fn error_target(schema: &FormSchema, e: &FieldError) -> String {
    let parts = schema
        .field(&e.field)
        .is_some_and(|f| matches!(f.kind, FieldKind::MemorableDate));
    let part = match &e.problem {
        Problem::DateMissing { parts } if parts.first() == Some(&1) => "-month",
        Problem::DateMissing { parts } if parts.first() == Some(&2) => "-year",
        Problem::TooSmall { .. } => "-year",
        _ => "",
    };
    e.field.clone() + if parts { part } else { "" }
}

/// "Bagian 2 dari 3".
fn progress(n: usize, of: usize, lang: Lang) -> Markup {
    html! {
        p.progress data-testid="progress" {
            (Msg::SectionWord.get(lang)) " " (n) " " (Msg::Of.get(lang)) " " (of)
        }
    }
}

/// The error summary at the top of a page (GOV.UK pattern): empty and hidden when there is
/// nothing to fix; the form fills it when a check fails.
pub fn error_summary_markup(schema: &FormSchema, errors: &[FieldError], lang: Lang) -> Markup {
    html! {
        div.error-summary data-testid="error-summary" data-slot=(Slot::ErrorSummary.value())
            role="alert" tabindex="-1" hidden[errors.is_empty()] {
            h2 { (Msg::ThereIsAProblem.get(lang)) }
            ul { @for e in errors {
                li { a href=(Href::fragment("f-", &error_target(schema, e))) {
                    (problem_text(schema.field(&e.field), &e.problem, lang))
                } }
            } }
        }
    }
}

/// The line saying a file is kept on the phone (and replaced by choosing another).
pub fn file_status_markup(field: &str, info: &FileInfo, lang: Lang) -> Markup {
    file_status_line(field, info, Msg::SavedOnDevice, lang)
}

/// A kept file's line: its name, kind and size, then where it is (`kept`).
fn file_status_line(field: &str, info: &FileInfo, kept: Msg, lang: Lang) -> Markup {
    html! {
        p.file-status data-testid="file-status" data-field=(field) data-size=(info.size)
            data-type=(info.media_type) {
            span aria-hidden="true" { "📎 " }
            (info.name) " (" (file_kind(&info.media_type)) ", " (kilobytes(info.size)) ") — "
            (kept.get(lang))
        }
    }
}

/// What a field's message line holds while it shows a problem (`text`).
pub fn field_error_markup(text: &str, lang: Lang) -> Markup {
    html! { span.visually-hidden { (Msg::ErrorPrefix.get(lang)) ": " } (text) }
}

/// A file's status line while the photo is being prepared.
pub fn file_working_markup(lang: Lang) -> Markup {
    html! { p.hint aria-live="polite" { (Msg::FileWorking.get(lang)) } }
}

/// One paragraph of text (what the track and account error summaries show).
pub fn paragraph_markup(text: &str) -> Markup {
    html! { p { (text) } }
}

/// The kind of a kept file in a word (the phone keeps only these three).
fn file_kind(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "PNG",
        "application/pdf" => "PDF",
        _ => "JPEG",
    }
}

/// A size in kB (or MB from a million bytes).
fn kilobytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{}.{} MB", n / 1_000_000, n / 100_000 % 10)
    } else {
        format!("{} KB", n.div_ceil(1000))
    }
}

/// What a field is given, the same for every kind of input.
struct FieldCtx<'a> {
    /// The field.
    f: &'a Field,
    /// Its answer when it is one text.
    one: &'a str,
    /// Its answer when it is several choices.
    many: &'a [String],
    /// The ids of the hint and message lines (`aria-describedby`).
    described: String,
    /// `aria-invalid`, when the field shows a problem.
    invalid: Option<&'static str>,
    /// Where the form goes.
    door: Door,
}

/// On the server's form, a question that an answer in its own section reveals: no script
/// reveals it there as that answer is given, so it is shown from the start, its hint first
/// saying when to answer it (GOV.UK's way without JavaScript); the validator still asks for it
/// only when the answer reveals it. `None` on the phone, and for every other question.
#[cfg(feature = "ssr")]
fn shown_early(schema: &FormSchema, section: &[Field], f: &Field, door: Door) -> Option<Field> {
    let cond = f.visible_if.as_ref()?;
    if door == Door::Phone || !section.iter().any(|o| o.id == cond.field) {
        return None;
    }
    let other = schema.field(&cond.field)?;
    // Each revealing answer in words, as "Periksa jawaban Anda" writes it.
    let as_answer = |v: &String| match other.kind {
        FieldKind::MultiChoice { .. } => Answer::Many(vec![v.clone()]),
        _ => Answer::One(v.clone()),
    };
    let when = |lang: Lang| {
        let answers: Vec<String> = cond
            .any_of
            .iter()
            .map(|v| answer_words(&other.kind, &as_answer(v), lang))
            .collect();
        let line = Msg::AnswerOnlyIf.fill(
            lang,
            &[("q", other.label.get(lang)), ("a", &answers.join(" / "))],
        );
        match &f.hint {
            Some(h) => format!("{line} {}", h.get(lang)),
            None => line,
        }
    };
    let mut early = f.clone();
    early.hint = Some(crate::domain::l10n::Text {
        id: when(Lang::Id),
        en: when(Lang::En),
    });
    Some(early)
}

/// The phone reveals such a question with its script as the answer is given.
#[cfg(not(feature = "ssr"))]
fn shown_early(_: &FormSchema, _: &[Field], _: &Field, _: Door) -> Option<Field> {
    None
}

/// One field: its label, hint, message line and input, hidden while `visible_if` says so.
fn field(
    f: &Field,
    app: &Application,
    error: Option<&Problem>,
    visible: bool,
    door: Door,
    lang: Lang,
) -> Markup {
    let answer = app.answers.get(&f.id);
    let ctx = FieldCtx {
        f,
        one: match answer {
            Some(Answer::One(s)) => s.as_str(),
            _ => "",
        },
        many: match answer {
            Some(Answer::Many(v)) => v,
            _ => &[],
        },
        described: match (&f.hint, &f.kind) {
            (Some(_), _) | (_, FieldKind::MemorableDate) => format!("f-{0}-hint f-{0}-error", f.id),
            _ => format!("f-{}-error", f.id),
        },
        invalid: error.map(|_| "true"),
        door,
    };
    let group = matches!(
        f.kind,
        FieldKind::Choice { .. }
            | FieldKind::MultiChoice { .. }
            | FieldKind::YesNo
            | FieldKind::MemorableDate
    );
    let example = matches!(f.kind, FieldKind::MemorableDate).then(|| Msg::DateExample.get(lang));
    let label = html! {
        (f.label.get(lang))
        @if !f.required { " " span.optional { (Msg::Optional.get(lang)) } }
    };
    let body = html! {
        @if f.hint.is_some() || example.is_some() {
            p.hint id={ "f-" (f.id) "-hint" } {
                @if let Some(h) = &f.hint { (h.get(lang)) @if example.is_some() { " " } }
                @if let Some(e) = example { (e) }
            }
        }
        p.field-error data-testid="field-error" id={ "f-" (f.id) "-error" } hidden[error.is_none()] {
            @if let Some(p) = error { (field_error_markup(&problem_text(Some(f), p, lang), lang)) }
        }
        (input(&ctx, app, lang))
    };
    html! {
        @if group {
            fieldset.field.has-error[error.is_some()] data-field=(f.id) hidden[!visible] {
                legend { (label) } (body)
            }
        } @else {
            div.field.has-error[error.is_some()] data-field=(f.id) hidden[!visible] {
                label for={ "f-" (f.id) } { (label) } (body)
            }
        }
    }
}

/// A one-line input: its type and the attributes its kind adds.
struct LineKind {
    /// `type`.
    ty: &'static str,
    /// `inputmode`.
    mode: Option<&'static str>,
    /// `autocomplete`.
    complete: Option<&'static str>,
    /// `spellcheck`.
    spell: Option<&'static str>,
    /// `class`.
    class: Option<&'static str>,
}

/// The one-line input of a kind of field (none for choices, long text and files).
fn line_kind(kind: &FieldKind) -> Option<LineKind> {
    let k = |ty, mode, complete, spell, class| LineKind {
        ty,
        mode,
        complete,
        spell,
        class,
    };
    Some(match kind {
        FieldKind::Text => k("text", None, None, None, None),
        FieldKind::Number => k("text", Some("decimal"), None, None, None),
        FieldKind::Date => k("date", None, None, None, None),
        FieldKind::Nik => k(
            "text",
            Some("numeric"),
            Some("off"),
            Some("false"),
            Some("nik"),
        ),
        FieldKind::Phone => k("tel", Some("tel"), Some("tel"), None, None),
        FieldKind::Email => k("email", Some("email"), Some("email"), Some("false"), None),
        _ => return None,
    })
}

/// The input of a field, by its kind, holding the answer so far.
fn input(c: &FieldCtx, app: &Application, lang: Lang) -> Markup {
    let f = c.f;
    if let Some(k) = line_kind(&f.kind) {
        return html! {
            input type=(k.ty) id={ "f-" (f.id) } name=(f.id) aria-describedby=(c.described)
                aria-invalid=[c.invalid] inputmode=[k.mode] autocomplete=[k.complete]
                spellcheck=[k.spell] class=[k.class] value=(c.one) maxlength=[f.max_length];
        };
    }
    html! {
        @match &f.kind {
            FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
                @let multi = matches!(f.kind, FieldKind::MultiChoice { .. });
                div.choices { @for (i, o) in options.iter().enumerate() {
                    @let checked = if multi { c.many.contains(&o.value) } else { c.one == o.value };
                    (choice(c, i, if multi { "checkbox" } else { "radio" }, &o.value,
                        o.label.get(lang), checked))
                } }
            }
            FieldKind::MemorableDate => (date_parts_input(c, lang)),
            FieldKind::YesNo => div.choices.inline {
                (choice(c, 0, "radio", "ya", Msg::Yes.get(lang), c.one == "ya"))
                (choice(c, 1, "radio", "tidak", Msg::No.get(lang), c.one == "tidak"))
            },
            FieldKind::File { .. } => {
                div data-file-status=(f.id) {
                    @if let Some(info) = app.files.get(c.one) {
                        @if c.door == Door::Phone { (file_status_markup(&f.id, info, lang)) }
                        @else { (file_status_line(&f.id, info, Msg::Sent, lang)) }
                    }
                }
                @if c.door == Door::Phone {
                    label.button.secondary.file-button {
                        span aria-hidden="true" { "📷 " } (Msg::TakePhoto.get(lang))
                        input.visually-hidden type="file" accept="image/*,application/pdf" data-file
                            id={ "f-" (f.id) } name=(f.id) aria-describedby=(c.described)
                            aria-invalid=[c.invalid];
                    }
                } @else {
                    // A plain file field (the server's form): a counter's camera or its files.
                    input type="file" accept="image/*,application/pdf" capture="environment"
                        id={ "f-" (f.id) } name=(f.id) aria-describedby=(c.described)
                        aria-invalid=[c.invalid];
                }
            }
            _ => textarea rows="4" id={ "f-" (f.id) } name=(f.id) aria-describedby=(c.described)
                aria-invalid=[c.invalid] { (c.one) },
        }
    }
}

/// A date typed as day, month and year (GOV.UK's date input): the day carries the field's
/// id, the month and year `-month` and `-year`; all three its name, so a keystroke in any of
/// them checks the field.
fn date_parts_input(c: &FieldCtx, lang: Lang) -> Markup {
    let id = &c.f.id;
    let typed = date_parts(c.one).unwrap_or_default();
    let parts = [
        ("", Msg::PDay, 2, typed[0]),
        ("-month", Msg::PMonth, 2, typed[1]),
        ("-year", Msg::PYear, 4, typed[2]),
    ];
    html! {
        div.date-input { @for (suffix, word, len, value) in parts {
            div.date-part {
                label for={ "f-" (id) (suffix) } { (upper_first(word.get(lang))) }
                input type="text" inputmode="numeric" id={ "f-" (id) (suffix) } name=(id)
                    class={ "date-" (len) } maxlength=(len) value=(value)
                    aria-describedby=(c.described) aria-invalid=[c.invalid];
            }
        } }
    }
}

/// A word with its first letter upper-cased ("tanggal" → "Tanggal"; ASCII, as [`lower_first`]).
fn upper_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// One option of a choice: the first carries the field's id, so the error summary's link
/// lands on it.
fn choice(c: &FieldCtx, i: usize, ty: &str, value: &str, label: &str, checked: bool) -> Markup {
    let id = &c.f.id;
    html! {
        label.choice {
            @if i == 0 {
                input type=(ty) id={ "f-" (id) } name=(id) value=(value)
                    aria-describedby=(c.described) aria-invalid=[c.invalid] checked[checked];
            } @else {
                input type=(ty) id={ "f-" (id) "-" (i) } name=(id) value=(value)
                    aria-describedby=(c.described) aria-invalid=[c.invalid] checked[checked];
            }
            " " span { (label) }
        }
    }
}

/// The warning that the phone may clear its storage (the wiring fills and shows it).
fn storage_warning() -> Markup {
    html! {
        div.notice.warning data-testid="storage-warning" data-slot=(Slot::StorageWarning.value())
            hidden {}
    }
}

/// The address of an application on the phone.
fn app_href(app: &Application) -> Href {
    Door::Phone.href(app)
}

/// The word for a section's status in the task list.
fn status_msg(s: SectionStatus) -> Msg {
    match s {
        SectionStatus::NotStarted => Msg::TaskNotStarted,
        SectionStatus::InProgress => Msg::TaskInProgress,
        SectionStatus::Done => Msg::TaskDone,
    }
}

/// "2 dari 4 bagian selesai".
fn done_line(app: &Application, schema: &FormSchema, lang: Lang) -> Markup {
    let (done, of) = sections_done(&section_statuses(app, schema));
    html! {
        span data-testid="sections-done" {
            (done) " " (Msg::Of.get(lang)) " " (of) " " (Msg::SectionsDone.get(lang))
        }
    }
}

/// Forms longer than this get a task list.
const TASK_LIST_FROM: usize = 4;

/// GOV.UK's task list (forms of more than 3 sections): each section that asks something, its
/// status, and a link to it; `current` (from 0) is marked as the page the citizen is on.
pub fn task_list(
    app: &Application,
    schema: &FormSchema,
    current: Option<usize>,
    door: Door,
    lang: Lang,
) -> Markup {
    if schema.sections.len() < TASK_LIST_FROM {
        return html! {};
    }
    let statuses = section_statuses(app, schema);
    html! {
        nav.task-list aria-labelledby="task-list-title" data-testid="task-list" {
            h2 #task-list-title { (Msg::FormSections.get(lang)) }
            ol { @for (i, sec) in schema.sections.iter().enumerate() {
                @if let Some(Some(st)) = statuses.get(i) {
                    li data-testid="task" data-section=(i + 1) data-status=(st.code()) {
                        a href=(door.href(app).query("bagian", i + 1))
                            aria-current=[(current == Some(i)).then_some("step")] {
                            (sec.title.get(lang))
                        }
                        " "
                        strong class={ "tag task-" (st.code()) } {
                            (status_msg(*st).get(lang))
                        }
                    }
                }
            } }
        }
    }
}

/// One section of the form, with what the citizen has answered so far and `errors` on its
/// fields (the server's, when the application came back). `changing`: reached by *Ubah* from
/// "check your answers", to which it returns.
pub fn section(
    app: &Application,
    schema: &FormSchema,
    idx: usize,
    lang: Lang,
    errors: &[FieldError],
    changing: bool,
) -> Rendered {
    section_at(app, schema, idx, lang, errors, changing, Door::Phone)
}

/// [`section`] behind `door`.
pub fn section_at(
    app: &Application,
    schema: &FormSchema,
    idx: usize,
    lang: Lang,
    errors: &[FieldError],
    changing: bool,
    door: Door,
) -> Rendered {
    let idx = idx.min(schema.sections.len().saturating_sub(1));
    let Some(sec) = schema.sections.get(idx) else {
        return Rendered::default();
    };
    let here: Vec<FieldError> = errors
        .iter()
        .filter(|e| sec.fields.iter().any(|f| f.id == e.field))
        .cloned()
        .collect();
    let back = if changing {
        door.href(app).query("periksa", 1)
    } else if idx == 0 {
        Href::page("/layanan/", &app.service)
    } else {
        door.href(app).query("bagian", idx)
    };
    let phone = door == Door::Phone;
    let button = if changing {
        Msg::SaveAndReturn
    } else {
        Msg::Continue
    };
    let page = html! {
        p.caption { (app.service_name.get(lang)) }
        (progress(idx + 1, schema.sections.len(), lang))
        p.hint { (done_line(app, schema, lang)) }
        h1 { (sec.title.get(lang)) }
        (answering_notice(app, lang))
        (notice(app, lang))
        (error_summary_markup(schema, &here, lang))
        form.form data-testid="section-form" data-form=[door.role(FormRole::Section)] novalidate
            method=[(!phone).then_some("post")] action=[door.action(app, Some(idx + 1), changing)]
            enctype=[(!phone).then_some("multipart/form-data")]
            data-app=[phone.then_some(&app.id)] data-section=(idx + 1) data-sections=(schema.sections.len()) {
            @for f in &sec.fields {
                @let err = here.iter().find(|e| e.field == f.id).map(|e| &e.problem);
                @let early = shown_early(schema, &sec.fields, f, door);
                @let visible = early.is_some() || schema.is_visible(f, &app.answers);
                (field(early.as_ref().unwrap_or(f), app, err, visible, door, lang))
            }
            div.actions {
                button.button type="submit" data-testid="next" { (button.get(lang)) }
            }
        }
        p.saved data-testid="save-status" data-slot=(Slot::SaveStatus.value()) data-saves="0"
            aria-live="polite" {}
        p {
            a data-testid="back" href=(back) { (Msg::Back.get(lang)) }
            @if phone {
                " · "
                a href="/permohonan" { (Msg::MyApplications.get(lang)) }
            }
        }
        (task_list(app, schema, Some(idx), door, lang))
        // Said once per application, on its first page, not on every section.
        @if idx == 0 && !changing && phone { (storage_warning()) }
    };
    let mut title = format!("{} · {}", sec.title.get(lang), app.service_name.get(lang));
    if !here.is_empty() {
        title = format!("{}: {title}", Msg::ErrorPrefix.get(lang));
    }
    Rendered::page(title, page)
}

/// The agency's latest request for more information, if any.
fn needs_info_note(app: &Application) -> Option<&str> {
    app.request
        .as_ref()?
        .timeline
        .iter()
        .rev()
        .find(|e| e.status == ReqStatus::NeedsInfo)
        .map(|e| e.note.as_str())
}

/// While answering the agency: what it asked, above the form.
fn answering_notice(app: &Application, lang: Lang) -> Markup {
    html! {
        @if app.answering {
            div.notice role="note" data-testid="answering" {
                strong { (Msg::AnsweringAgency.get(lang)) }
                @if let Some(note) = needs_info_note(app) { p { (note) } }
            }
        }
    }
}

/// Why an application came back or stopped, when it did.
fn notice(app: &Application, lang: Lang) -> Markup {
    let Some(n) = &app.notice else {
        return html! {};
    };
    let text = match n {
        Notice::Returned => Msg::NoticeReturned,
        Notice::FormChanged => Msg::NoticeFormChanged,
        Notice::Conflict => Msg::NoticeConflict,
        Notice::FileRefused => Msg::NoticeFileRefused,
        Notice::UnknownService => Msg::NoticeUnknownService,
        Notice::Refused { .. } => Msg::NoticeRefused,
    };
    let id = if app.state == State::Draft {
        "returned-notice"
    } else {
        "attention-message"
    };
    html! {
        div.notice.warning role="alert" data-testid=(id) {
            p {
                (text.get(lang))
                @if let Notice::Refused { status } = n { " (HTTP " (status) ")" }
            }
        }
    }
}

/// The text shown for an answer on "check your answers" (a file by its name).
pub fn answer_text(f: &Field, a: &Answer, app: &Application, lang: Lang) -> String {
    match (&f.kind, a) {
        (FieldKind::File { .. }, Answer::One(sha)) => app
            .files
            .get(sha)
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        _ => answer_words(&f.kind, a, lang),
    }
}

/// An answer in words: a choice's label, Ya/Tidak, a long date, else as given. (A file answer
/// is its hash here; pages say how to show it.)
pub fn answer_words(kind: &FieldKind, a: &Answer, lang: Lang) -> String {
    let label_of = |options: &[crate::domain::form::Choice], v: &str| {
        options
            .iter()
            .find(|c| c.value == v)
            .map(|c| c.label.get(lang).to_string())
            .unwrap_or_else(|| v.to_string())
    };
    match (kind, a) {
        (FieldKind::Choice { options }, Answer::One(v)) => label_of(options, v),
        (FieldKind::MultiChoice { options }, Answer::Many(vs)) => vs
            .iter()
            .map(|v| label_of(options, v))
            .collect::<Vec<_>>()
            .join(", "),
        (FieldKind::YesNo, Answer::One(v)) => (if v == "ya" { Msg::Yes } else { Msg::No })
            .get(lang)
            .to_string(),
        (FieldKind::Date | FieldKind::MemorableDate, Answer::One(v)) => parts_date(v)
            .map(|d| d.long(lang))
            .unwrap_or_else(|| v.clone()),
        (_, Answer::One(v)) => v.clone(),
        (_, Answer::Many(vs)) => vs.join(", "),
    }
}

/// "Check your answers": every visible answer, a change link per answer, and the submit button.
pub fn check(app: &Application, schema: &FormSchema, promise: Option<u32>, lang: Lang) -> Rendered {
    check_at(app, schema, promise, lang, Door::Phone)
}

/// [`check`] behind `door`.
pub fn check_at(
    app: &Application,
    schema: &FormSchema,
    promise: Option<u32>,
    lang: Lang,
    door: Door,
) -> Rendered {
    let phone = door == Door::Phone;
    let page = html! {
        p.caption { (app.service_name.get(lang)) }
        h1 { (Msg::CheckAnswers.get(lang)) }
        div.error-summary data-slot=(Slot::ErrorSummary.value()) role="alert" tabindex="-1" hidden {}
        (answering_notice(app, lang))
        (notice(app, lang))
        div data-testid="check-answers" {
            @for (i, sec) in schema.sections.iter().enumerate() {
                h2 { (sec.title.get(lang)) }
                dl.answers { @for f in sec.fields.iter().filter(|f| schema.is_visible(f, &app.answers)) {
                    div data-testid="answer" data-field=(f.id) {
                        dt { (f.label.get(lang)) }
                        dd { (app.answers.get(&f.id).map(|a| answer_text(f, a, app, lang))
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| Msg::NotAnswered.get(lang).into())) }
                        dd { a data-testid="change" href=(change_href(app, i, &f.id, door)) {
                            (Msg::Change.get(lang))
                            span.visually-hidden { " " (f.label.get(lang)) }
                        } }
                    }
                } }
            }
        }
        h2 { (Msg::SubmitNowHeading.get(lang)) }
        p { (Msg::SubmitHint.get(lang)) }
        form data-testid="submit-form" data-form=[door.role(FormRole::Submit)]
            data-app=[phone.then_some(&app.id)] novalidate method=[(!phone).then_some("post")]
            action=[door.action(app, None, false)]
            enctype=[(!phone).then_some("multipart/form-data")] {
            (expectations(app, promise, lang))
            button.button type="submit" data-testid="submit" { (Msg::SubmitApplication.get(lang)) }
        }
        p { a data-testid="back" href=(door.href(app).query("bagian", schema.sections.len())) {
            (Msg::Back.get(lang))
        } }
    };
    let title = format!(
        "{} · {}",
        Msg::CheckAnswers.get(lang),
        app.service_name.get(lang)
    );
    Rendered::page(title, page)
}

/// The three optional questions of what the citizen expects (kept with the application when
/// sent): working days (the standard's promise filled in), cost, readiness.
fn expectations(app: &Application, promise: Option<u32>, lang: Lang) -> Markup {
    let t = |m: Msg| m.get(lang);
    let e = app.expect.unwrap_or_default();
    let days = e
        .days
        .or(promise)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let cost = e.cost.map(|c| c.to_string()).unwrap_or_default();
    let line = |id: &str, label: Msg, hint: Option<Msg>, value: &str| {
        html! {
            div.field data-field=(id) {
                label for={ "f-" (id) } { (t(label)) }
                @if let Some(h) = hint { p.hint id={ "f-" (id) "-hint" } { (t(h)) } }
                p.field-error id={ "f-" (id) "-error" } hidden {}
                input type="text" inputmode="numeric" id={ "f-" (id) } name=(id) value=(value)
                    autocomplete="off" aria-describedby=[hint.map(|_| format!("f-{id}-hint"))];
            }
        }
    };
    html! {
        fieldset.form.expect data-testid="expect" {
            legend { (t(Msg::ExpectTitle)) }
            p.hint { (t(Msg::ExpectHint)) }
            (line("expect_days", Msg::ExpectDays, promise.map(|_| Msg::ExpectDaysHint), &days))
            (line("expect_cost", Msg::ExpectCost, None, &cost))
            fieldset.field data-field="expect_ready" {
                legend { (t(Msg::ExpectReady)) }
                p.field-error id="f-expect_ready-error" hidden {}
                div.choices { @for (i, m) in [Msg::Ready1, Msg::Ready2, Msg::Ready3, Msg::Ready4].into_iter().enumerate() {
                    label.choice {
                        input type="radio"
                            id=(if i == 0 { "f-expect_ready".to_string() } else { format!("f-expect_ready-{i}") })
                            name="expect_ready" value=(i + 1) checked[e.ready == Some(i as u8 + 1)];
                        " " span { (t(m)) }
                    }
                } }
            }
        }
    }
}

/// The address of *Ubah* for the field `field` in section `idx` (from 0): that section, in
/// "change" mode (`&ubah=`: focus on the field, then back to "check your answers").
fn change_href(app: &Application, idx: usize, field: &str, door: Door) -> String {
    let section = door.href(app).query("bagian", idx + 1);
    format!("{}&ubah={}", section.as_str(), encode(field))
}

/// The word for where an application stands on the phone.
fn state_word(s: State) -> Msg {
    match s {
        State::Draft => Msg::Draft,
        State::Queued => Msg::WaitingForSignal,
        State::Sending => Msg::Sending,
        State::Sent => Msg::Sent,
        State::Attention => Msg::NeedsAttention,
    }
}

/// The day of a moment (milliseconds since 1970, read in WIB), written long.
fn when(millis: i64, lang: Lang) -> Markup {
    let d = Date::from_unix_millis_wib(millis);
    html! { time datetime=(d) { (d.long(lang)) } }
}

/// A submitted application: where it stands in the outbox, or the confirmation once sent,
/// with next steps from `service` (the phone's copy of it, when it has one).
pub fn status(app: &Application, service: Option<&Service>, lang: Lang) -> Rendered {
    let state = app.state;
    let page = html! {
        div data-testid="app-state" data-state=(state.code()) {
            @if let (State::Sent, Some(r)) = (state, &app.receipt) {
                (confirmation(app, r, service, lang))
            } @else {
                (outbox_state(app, lang))
            }
        }
        p { a href="/permohonan" { (Msg::MyApplications.get(lang)) } }
    };
    let title = if state == State::Sent {
        sent_or_tracked(app).0
    } else {
        state_word(state)
    };
    Rendered::page(title.get(lang).to_string(), page)
}

/// The heading and the hint of a sent request: sent from this phone, or added to it by
/// reference number and PIN (it was never submitted here).
fn sent_or_tracked(app: &Application) -> (Msg, Msg) {
    match app.submitted {
        Some(_) => (Msg::ApplicationSent, Msg::ReferenceHint),
        None => (Msg::TrackedRequest, Msg::TrackedHint),
    }
}

/// A sent request: its reference, facts, timeline, what happens next, then cancelling.
fn confirmation(app: &Application, r: &Receipt, s: Option<&Service>, lang: Lang) -> Markup {
    let now = app.request.as_ref().map(|q| q.status).unwrap_or(r.status);
    let (heading, hint) = sent_or_tracked(app);
    html! {
        div.panel data-testid="confirmation" {
            h1 { (heading.get(lang)) }
            p {
                (Msg::ReferenceNumber.get(lang)) br;
                strong.reference data-testid="reference" { (r.reference) }
            }
        }
        p data-testid="confirmation-hint" { (hint.get(lang)) }
        (request_facts(app, r, now, lang))
        @if let Some(q) = &app.request { (timeline(q, lang)) }
        (survey(app, lang))
        @if now == ReqStatus::NeedsInfo {
            div.notice.warning role="note" data-testid="needs-info" {
                strong { (Msg::StNeedsInfo.get(lang)) }
                @if let Some(note) = needs_info_note(app) { p { (note) } }
                p { button.button type="button" data-testid="answer" data-answer=(app.id) {
                    (Msg::AnswerRequest.get(lang))
                } }
            }
        }
        (next_steps(s, lang))
        @if matches!(now, ReqStatus::Submitted | ReqStatus::Received) {
            p.hint { (Msg::CancelRequestHint.get(lang)) }
            p { button.button.secondary type="button" data-testid="cancel-request"
                data-cancel-request=(app.id) { (Msg::CancelRequest.get(lang)) } }
        }
    }
}

/// The satisfaction survey of a closed request: the nine questions until answered, then
/// whether the answers are still on the phone or with the agency.
fn survey(app: &Application, lang: Lang) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        @if app.survey_due() {
            section #survey aria-labelledby="survey-h" data-testid="survey" {
                h2 #survey-h { (t(Msg::SurveyTitle)) }
                p { (t(Msg::SurveyIntro)) }
                div.error-summary data-slot=(Slot::ErrorSummary.value()) role="alert" tabindex="-1" hidden {}
                form.form data-form=(FormRole::Survey.value()) data-app=(app.id) novalidate {
                    (super::survey_html::questions(lang, &[], &[], ""))
                    div.actions { button.button type="submit" data-testid="survey-send" {
                        (t(Msg::SurveySend))
                    } }
                }
            }
        } @else if let Some(r) = &app.survey {
            div.notice role="status" data-testid="survey-state" data-sent=(r.sent) {
                p { (t(if r.sent { Msg::SurveyThanks } else { Msg::SurveyWaiting })) }
            }
        }
    }
}

/// What happens next, from the service standard: the office to go to, the originals to
/// bring, the service's own steps after sending and how long it takes.
fn next_steps(s: Option<&Service>, lang: Lang) -> Markup {
    let office = s.and_then(|s| s.channels.iter().find(|c| c.kind == ChannelKind::Office));
    html! {
        section aria-labelledby="next" data-testid="next-steps" {
            h2 #next { (Msg::WhatNext.get(lang)) }
            @if let Some(s) = s { ol.steps {
                @if let Some(c) = office { li data-testid="next-office" {
                    (Msg::GoTo.get(lang)) " " (c.name.get(lang)) "."
                    @if let Some(p) = &c.place { " " (p.get(lang)) }
                } }
                li data-testid="next-bring" { (Msg::BringOriginals.get(lang)) ul {
                    @for r in &s.requirements { li {
                        (r.get(lang))
                        @if let Some(o) = &r.or { " " (Msg::Or.get(lang)) " " (o.get(lang)) }
                    } }
                } }
                @for t in &s.after_submit { li { (t.get(lang)) } }
                li { (Msg::ProcessingTime.get(lang)) ": " (super::html::processing_summary(s, lang)) }
            } }
            p { (Msg::WhatNextText.get(lang)) }
        }
    }
}

/// A sent request's status, service, day received, due date and PIN.
fn request_facts(app: &Application, r: &Receipt, now: ReqStatus, lang: Lang) -> Markup {
    let due = app
        .request
        .as_ref()
        .map(|q| q.due_date.as_str())
        .filter(|d| !d.is_empty())
        .map(|due| {
            Date::parse(due)
                .map(|d| d.long(lang))
                .unwrap_or_else(|| due.to_string())
        });
    html! {
        dl.facts {
            div { dt { (Msg::CurrentStatus.get(lang)) }
                dd data-testid="request-status" data-status=(now.code()) {
                    (status_word(now).get(lang))
                } }
            div { dt { (Msg::Service.get(lang)) } dd { (app.service_name.get(lang)) } }
            div { dt { (Msg::ReceivedAt.get(lang)) }
                dd { time datetime=(r.received_at) { (utc_day(&r.received_at, lang)) } } }
            @if let Some(due) = due {
                div { dt { (Msg::Due.get(lang)) } dd { (due) } }
            }
            @if !r.pin.is_empty() {
                div { dt { (Msg::Pin.get(lang)) } dd {
                    strong.pin data-testid="pin" { (r.pin) }
                    p.hint { (Msg::PinHint.get(lang)) }
                } }
            }
        }
    }
}

/// A sent request's steps, each with its day and the agency's note.
fn timeline(q: &RequestView, lang: Lang) -> Markup {
    html! {
        h2 { (Msg::Timeline.get(lang)) }
        ol.timeline data-testid="timeline" { @for e in &q.timeline {
            li data-status=(e.status.code()) {
                strong { (status_word(e.status).get(lang)) }
                " "
                small { time datetime=(e.at) { (utc_day(&e.at, lang)) } }
                @if !e.note.is_empty() { p { (e.note) } }
            }
        } }
    }
}

/// An application in the outbox: its state, attempts, and *Kirim sekarang* / *Batalkan*.
fn outbox_state(app: &Application, lang: Lang) -> Markup {
    let state = app.state;
    let text = match state {
        State::Sending => Msg::SendingText,
        State::Attention => Msg::AttentionText,
        _ => Msg::QueuedText,
    };
    html! {
        p.caption { (app.service_name.get(lang)) }
        h1 { (state_word(state).get(lang)) }
        (notice(app, lang))
        p { (text.get(lang)) }
        @if app.attempts > 0 {
            p.hint { (Msg::Attempts.get(lang)) ": " (app.attempts) }
        }
        @if let Some(t) = app.submitted {
            p.hint { (Msg::SubmittedOn.get(lang)) " " (when(t, lang)) }
        }
        div.actions { @if state != State::Sending {
            button.button type="button" data-testid="send-now" data-send-now=(app.id) {
                (Msg::SendNow.get(lang))
            }
            " "
            button.button.secondary type="button" data-testid="cancel" data-cancel=(app.id) {
                (Msg::CancelSending.get(lang))
            }
        } }
    }
}

/// *Ajukan permohonan* on a service with a draft on this device: continue that draft (with its
/// progress), or start a new one (the draft is kept: a phone is often shared by a family).
pub fn draft_prompt(app: &Application, schema: &FormSchema, lang: Lang) -> Rendered {
    let page = html! {
        div data-testid="continue-draft" {
            p.caption { (app.service_name.get(lang)) }
            h1 { (Msg::DraftExists.get(lang)) }
            p { (Msg::DraftExistsHint.get(lang)) }
            p { (Msg::LastChanged.get(lang)) " " (when(app.updated, lang)) " · "
                (done_line(app, schema, lang)) }
            p { a.button data-testid="continue" href=(app_href(app)) {
                (Msg::ContinueDraft.get(lang))
            } }
            (task_list(app, schema, None, Door::Phone, lang))
            h2 { (Msg::StartNew.get(lang)) }
            p { (Msg::StartNewHint.get(lang)) }
            p { a.button.secondary data-testid="start-new"
                href=(format!("{}?baru=1", Href::page("/ajukan/", &app.service).as_str())) {
                (Msg::StartNew.get(lang))
            } }
        }
    };
    Rendered::page(Msg::DraftExists.get(lang).to_string(), page)
}

/// The phone's applications in groups (the outbox, drafts, sent), newest first; empty groups
/// left out.
fn grouped(apps: &[Application]) -> Vec<(Msg, Vec<&Application>)> {
    let groups = [
        (Msg::Outbox, State::in_outbox as fn(State) -> bool),
        (Msg::Drafts, |s| s == State::Draft),
        (Msg::Sent, |s| s == State::Sent),
    ];
    groups
        .into_iter()
        .map(|(heading, belongs)| {
            let mut items: Vec<&Application> = apps.iter().filter(|a| belongs(a.state)).collect();
            items.sort_by_key(|a| std::cmp::Reverse(a.updated));
            (heading, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// The phone's applications: the outbox first, then drafts, then what was sent.
pub fn list(apps: &[Application], lang: Lang) -> Rendered {
    let page = html! {
        h1 { (Msg::MyApplications.get(lang)) }
        p {
            a href="/lacak" data-testid="track-link" { (Msg::TrackRequest.get(lang)) }
            " · "
            a href="/akun" data-testid="account-link" { (Msg::Account.get(lang)) }
        }
        (storage_warning())
        div data-testid="my-applications" {
            @if apps.is_empty() {
                p { (Msg::NoApplications.get(lang)) " " a href="/layanan" { (Msg::AllServices.get(lang)) } }
            }
            @for (heading, items) in grouped(apps) {
                h2 { (heading.get(lang)) }
                ul.apps { @for a in items { (list_item(a, lang)) } }
            }
        }
    };
    Rendered::page(Msg::MyApplications.get(lang).to_string(), page)
}

/// One application in the list: its service, state, reference or last change, and for a
/// draft the delete button with its confirmation.
fn list_item(a: &Application, lang: Lang) -> Markup {
    let word = match (&a.request, a.state) {
        (Some(q), State::Sent) => status_word(q.status),
        _ => state_word(a.state),
    };
    html! {
        li data-testid="app-item" data-id=(a.id) data-state=(a.state.code()) {
            a href=(app_href(a)) { (a.service_name.get(lang)) }
            " "
            span class={ "tag " (a.state.code()) } { (word.get(lang)) }
            @if a.unseen() {
                " " span.badge.new data-testid="new-update" { (Msg::NewUpdate.get(lang)) }
            }
            @if a.survey_due() {
                " " a.badge href={ (app_href(a)) "#survey" } data-testid="survey-invite" {
                    (Msg::SurveyInvite.get(lang))
                }
            }
            br;
            small { @if let Some(r) = &a.receipt {
                (Msg::ReferenceNumber.get(lang)) ": " strong { (r.reference) }
            } @else {
                (Msg::LastChanged.get(lang)) " " (when(a.updated, lang))
                @if let (State::Draft, Ok(schema)) = (a.state, a.form.schema()) {
                    " · " (done_line(a, &schema, lang))
                }
            } }
            @if a.state == State::Draft {
                div.delete {
                    button.link type="button" data-testid="delete" data-delete=(a.id) {
                        (Msg::DeleteDraft.get(lang))
                    }
                    span.confirm hidden {
                        (Msg::ConfirmDelete.get(lang)) " "
                        button.button.warning type="button" data-testid="confirm-delete"
                            data-confirm-delete=(a.id) { (Msg::DeleteDraft.get(lang)) }
                        " "
                        button.button.secondary type="button" data-testid="keep" data-keep {
                            (Msg::KeepDraft.get(lang))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::{FormDoc, Section};
    use crate::domain::l10n::Text;

    fn text(s: &str) -> Text {
        Text {
            id: s.into(),
            en: s.into(),
        }
    }

    fn schema() -> FormSchema {
        let f = |id: &str, kind: FieldKind| Field::new(id, text(&format!("<{id}>")), kind, true);
        FormSchema {
            version: 1,
            sections: vec![Section {
                id: "a".into(),
                title: text("A"),
                fields: vec![
                    f("nik", FieldKind::Nik),
                    f("foto", FieldKind::File { max_bytes: 1000 }),
                ],
            }],
        }
    }

    #[test]
    fn escapes_answers_and_marks_errors() {
        let s = schema();
        let mut app = Application::new(
            "x\"".into(),
            "svc".into(),
            text("S"),
            FormDoc::of(&s).unwrap(),
            1,
            0,
        );
        app.answers
            .insert("nik".into(), Answer::One("\"><script>".into()));
        let errors = vec![FieldError {
            field: "nik".into(),
            problem: Problem::NikLength,
        }];
        let r = section(&app, &s, 0, Lang::Id, &errors, false);
        assert!(
            !r.html.contains("<script>") && !r.html.contains("<nik>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("inputmode=\"numeric\""));
        assert!(
            r.html.contains("aria-invalid=\"true\"")
                && r.html.contains(Msg::PNikLength.get(Lang::Id))
        );
        assert!(
            r.html.contains("href=\"#f-nik\""),
            "summary links to the field"
        );
        let c = check(&app, &s, None, Lang::En);
        assert!(c.html.contains("data-field=\"nik\"") && !c.html.contains("<script>"));
    }

    #[test]
    fn changes_return_to_check_answers_and_blanks_say_not_answered() {
        let s = schema();
        let app = Application::new(
            "a".into(),
            "svc".into(),
            text("S"),
            FormDoc::of(&s).unwrap(),
            1,
            0,
        );
        let c = check(&app, &s, None, Lang::Id);
        assert!(c
            .html
            .contains("href=\"/permohonan/a?bagian=1&amp;ubah=nik\""));
        assert_eq!(
            c.html.matches(Msg::NotAnswered.get(Lang::Id)).count(),
            2,
            "{}",
            c.html
        );
        let changing = section(&app, &s, 0, Lang::En, &[], true).html;
        assert!(changing.contains(Msg::SaveAndReturn.get(Lang::En)));
        assert!(changing.contains("href=\"/permohonan/a?periksa=1\""));
        assert!(
            !changing.contains("storage-warning"),
            "said on the first visit only"
        );
        let first = section(&app, &s, 0, Lang::Id, &[], false).html;
        assert!(first.contains("storage-warning") && first.contains("0 dari 1 bagian selesai"));
    }

    #[test]
    fn the_expected_days_come_filled_in_with_the_standards_promise() {
        let s = schema();
        let mut app = Application::new(
            "a".into(),
            "svc".into(),
            text("S"),
            FormDoc::of(&s).unwrap(),
            1,
            0,
        );
        let days =
            |html: &str| html.contains("id=\"f-expect_days\" name=\"expect_days\" value=\"14\"");
        assert!(days(&check(&app, &s, Some(14), Lang::Id).html));
        assert!(!days(&check(&app, &s, None, Lang::Id).html));
        // What the citizen gave before wins over the promise.
        app.expect = Some(crate::domain::skm::Expectation {
            days: Some(20),
            cost: None,
            ready: Some(2),
        });
        let html = check(&app, &s, Some(14), Lang::Id).html;
        assert!(html.contains("value=\"20\"") && !days(&html));
        assert!(html.contains("value=\"2\" checked"), "{html}");
    }

    /// A field labelled "`id` / `en`".
    /// The server's form shows a question revealed by an answer in its own section from the
    /// start, saying when to answer it; the phone keeps it hidden until its script reveals it.
    #[cfg(feature = "ssr")]
    #[test]
    fn without_a_script_a_question_revealed_in_its_own_section_says_when_to_answer_it() {
        use crate::domain::form::{Choice, VisibleIf};
        let mut s = schema();
        let status = Field::new(
            "status",
            text("Status <kawin>"),
            FieldKind::Choice {
                options: vec![
                    Choice {
                        value: "kawin".into(),
                        label: text("Kawin"),
                    },
                    Choice {
                        value: "belum".into(),
                        label: text("Belum kawin"),
                    },
                ],
            },
            true,
        );
        let mut spouse = Field::new("pasangan", text("Nama pasangan"), FieldKind::Text, true);
        spouse.visible_if = Some(VisibleIf {
            field: "status".into(),
            any_of: vec!["kawin".into()],
        });
        s.sections[0].fields = vec![status, spouse];
        let app = Application::new(
            "a".into(),
            "svc".into(),
            text("S"),
            FormDoc::of(&s).unwrap(),
            1,
            0,
        );
        let door = Door::Server {
            page: "/formulir/",
            post: "/api/formulir/",
        };
        let server = section_at(&app, &s, 0, Lang::Id, &[], false, door).html;
        let field = server
            .split("data-field=\"pasangan\"")
            .nth(1)
            .expect("the question is on the page");
        assert!(
            !field.split('>').next().unwrap().contains("hidden"),
            "{server}"
        );
        assert!(
            server.contains("Jawab hanya bila “Status &lt;kawin&gt;” dijawab: Kawin."),
            "{server}"
        );
        assert!(server.contains("aria-describedby=\"f-pasangan-hint f-pasangan-error\""));
        let phone = section(&app, &s, 0, Lang::Id, &[], false).html;
        assert!(!phone.contains("Jawab hanya bila"), "{phone}");
        let field = phone.split("data-field=\"pasangan\"").nth(1).unwrap();
        assert!(
            field.split('>').next().unwrap().contains("hidden"),
            "{phone}"
        );
    }

    fn labelled(id: &str, kind: FieldKind, label_id: &str, label_en: &str) -> Field {
        let mut f = schema().sections[0].fields[0].clone();
        f.id = id.into();
        f.kind = kind;
        f.label = Text {
            id: label_id.into(),
            en: label_en.into(),
        };
        f
    }

    /// What the citizen reads for `problem` on `f`, in both languages.
    fn words(f: &Field, problem: Problem) -> (String, String) {
        (
            problem_text(Some(f), &problem, Lang::Id),
            problem_text(Some(f), &problem, Lang::En),
        )
    }

    #[test]
    fn a_missing_answer_says_what_to_do_in_the_fields_own_words() {
        let name = labelled("nama", FieldKind::Text, "Nama lengkap", "Full name");
        assert_eq!(
            words(&name, Problem::Required),
            ("Masukkan nama lengkap".into(), "Enter full name".into())
        );
        let options = vec![
            crate::domain::form::Choice {
                value: "l".into(),
                label: text("L"),
            },
            crate::domain::form::Choice {
                value: "p".into(),
                label: text("P"),
            },
        ];
        let sex = labelled("jk", FieldKind::Choice { options }, "Jenis kelamin", "Sex");
        assert_eq!(words(&sex, Problem::Required).0, "Pilih jenis kelamin");
        assert_eq!(words(&sex, Problem::UnknownOption).1, "Select sex");
        let photo = labelled(
            "foto",
            FieldKind::File { max_bytes: 9 },
            "Foto KTP-el",
            "KTP-el photo",
        );
        assert_eq!(
            words(&photo, Problem::Required),
            ("Lampirkan foto KTP-el".into(), "Upload KTP-el photo".into())
        );
        // An abbreviation keeps its capitals; a question is quoted after the verb.
        let nik = labelled("nik", FieldKind::Nik, "NIK", "NIK");
        assert_eq!(words(&nik, Problem::Required).0, "Masukkan NIK");
        assert_eq!(words(&nik, Problem::NikLength).0, "NIK harus 16 angka");
        let yes_no = labelled("kawin", FieldKind::YesNo, "Sudah menikah?", "Married?");
        assert_eq!(
            words(&yes_no, Problem::Required),
            (
                "Pilih ya atau tidak: Sudah menikah?".into(),
                "Select yes or no: Married?".into()
            )
        );
        // The form's own words win where the built ones would read badly.
        let mut own = name.clone();
        own.error = Some(Text {
            id: "Masukkan nama Anda seperti di KTP-el".into(),
            en: "Enter your name as on your KTP-el".into(),
        });
        assert_eq!(
            words(&own, Problem::Required).1,
            "Enter your name as on your KTP-el"
        );
    }

    #[test]
    fn other_problems_name_the_field_and_the_limit() {
        let name = labelled("nama", FieldKind::Text, "Nama lengkap", "Full name");
        assert_eq!(
            words(&name, Problem::TooLong { max: 100 }),
            (
                "Nama lengkap paling banyak 100 karakter".into(),
                "Full name must be at most 100 characters".into()
            )
        );
        let phone = labelled("hp", FieldKind::Phone, "Nomor HP", "Mobile number");
        assert_eq!(
            words(&phone, Problem::Phone).0,
            "Masukkan nomor HP yang benar, contoh 0812 3456 7890"
        );
        let born = labelled(
            "lahir",
            FieldKind::MemorableDate,
            "Tanggal lahir",
            "Date of birth",
        );
        assert_eq!(
            words(&born, Problem::DateMissing { parts: vec![2] }).0,
            "Tanggal lahir harus berisi tahun"
        );
        assert_eq!(
            words(&born, Problem::DateMissing { parts: vec![1, 2] }).1,
            "Date of birth must include a month and year"
        );
        assert_eq!(
            words(&born, Problem::NotADate).0,
            "Tanggal lahir harus tanggal yang ada"
        );
        assert_eq!(
            words(&born, Problem::TooSmall { min: 19_000_101.0 }).0,
            "Tanggal lahir tidak boleh sebelum 1 Januari 1900"
        );
        assert_eq!(
            words(&born, Problem::Future).1,
            "Date of birth must be today or in the past"
        );
    }
}
