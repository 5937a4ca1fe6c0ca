//! The application pages as HTML text (see `ui::html` for why text): a form section, "check
//! your answers", the outbox state and confirmation, and the list of the phone's applications.
//! The phone renders them from its own storage; `ui::pages::apply` wires them by delegation.

use super::html::{esc, Out, Rendered};
use crate::domain::application::{Application, FileInfo, Notice, State};
use crate::domain::catalogue::Service;
use crate::domain::date::Date;
use crate::domain::form::{Answer, Field, FieldError, FieldKind, FormSchema, Problem};
use crate::domain::l10n::Lang;
use crate::domain::status::Status as ReqStatus;
use crate::i18n::Msg;

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
pub(crate) fn apply_start(o: &mut Out, s: &Service) {
    // The phone never shows this page (it starts a draft instead): keep the form reader out of
    // the main bundle.
    #[cfg(feature = "hydrate")]
    let _ = (o, s);
    #[cfg(not(feature = "hydrate"))]
    apply_start_page(o, s);
}

#[cfg(not(feature = "hydrate"))]
fn apply_start_page(o: &mut Out, s: &Service) {
    o.raw("<p class=\"caption\">")
        .t(&s.name)
        .raw("</p><h1>")
        .msg(Msg::Form)
        .raw("</h1>");
    o.raw("<div class=\"notice\" role=\"note\"><p>")
        .msg(Msg::FormNeedsApp)
        .raw("</p></div>");
    if let Some(schema) = s.form.as_ref().and_then(|d| d.schema().ok()) {
        for sec in &schema.sections {
            o.raw("<h2>").t(&sec.title).raw("</h2><ul>");
            for f in &sec.fields {
                o.raw("<li>").t(&f.label);
                if !f.required || f.visible_if.is_some() {
                    o.raw(" <span class=\"hint\">")
                        .msg(if f.required {
                            Msg::IfApplicable
                        } else {
                            Msg::Optional
                        })
                        .raw("</span>");
                }
                o.raw("</li>");
            }
            o.raw("</ul>");
        }
    }
    o.raw("<p><a href=\"/layanan/")
        .text(&s.slug)
        .raw("\">")
        .msg(Msg::Back)
        .raw("</a></p>");
}

/// The frame the server sends for pages held only on the phone.
pub(crate) fn on_device(o: &mut Out) {
    // Shown until the app replaces it; without JavaScript it stays and says why.
    o.raw("<p class=\"loading\" aria-busy=\"true\">")
        .msg(Msg::LoadingFromDevice)
        .raw("</p><p class=\"hint\">");
    o.msg(Msg::OnDeviceNeedsApp).raw("</p>");
}

/// "Lacak permohonan": reference number and PIN (the phone sends them and keeps the request).
pub(crate) fn track_form(o: &mut Out) {
    o.raw("<h1>")
        .msg(Msg::TrackRequest)
        .raw("</h1><p>")
        .msg(Msg::TrackHint)
        .raw("</p>");
    o.raw("<div class=\"error-summary\" data-testid=\"track-error\" data-slot=\"track-error\" role=\"alert\" tabindex=\"-1\" hidden></div>");
    o.raw("<form class=\"form\" data-testid=\"track-form\" data-form=\"track\" novalidate><div class=\"field\"><label for=\"f-reference\">").msg(Msg::ReferenceNumber);
    o.raw("</label><p class=\"hint\">")
        .msg(Msg::ReferenceFormat)
        .raw(
            "</p><input type=\"text\" id=\"f-reference\" name=\"reference\" autocomplete=\"off\" ",
        );
    o.raw("autocapitalize=\"characters\" spellcheck=\"false\" class=\"nik\" maxlength=\"13\" required></div><div class=\"field\"><label for=\"f-pin\">");
    o.msg(Msg::Pin).raw("</label><input type=\"text\" id=\"f-pin\" name=\"pin\" inputmode=\"numeric\" autocomplete=\"off\" class=\"nik\" maxlength=\"6\" required></div>");
    o.raw("<div class=\"actions\"><button type=\"submit\" class=\"button\" data-testid=\"track\">")
        .msg(Msg::TrackRequest)
        .raw("</button></div></form>");
    o.raw("<noscript><p>")
        .msg(Msg::OnDeviceNeedsApp)
        .raw("</p></noscript>");
}

/// The citizen's words for a problem with an answer to `field`.
pub fn problem_text(field: Option<&Field>, p: &Problem, lang: Lang) -> String {
    let is_date = field.is_some_and(|f| matches!(f.kind, FieldKind::Date));
    let is_file = field.is_some_and(|f| matches!(f.kind, FieldKind::File { .. }));
    let bound = |v: f64| {
        if is_date {
            let n = v as u32;
            Date::parse(&format!(
                "{:04}-{:02}-{:02}",
                n / 10_000,
                n / 100 % 100,
                n % 100
            ))
            .map(|d| d.long(lang))
            .unwrap_or_else(|| v.to_string())
        } else {
            v.to_string()
        }
    };
    let m = |msg: Msg| msg.get(lang).to_string();
    match p {
        Problem::Required if is_file => m(Msg::PFileRequired),
        Problem::Required => m(Msg::PRequired),
        Problem::TooShort { min } => format!("{} {min} {}", m(Msg::PAtLeast), m(Msg::PCharacters)),
        Problem::TooLong { max } => format!("{} {max} {}", m(Msg::PAtMost), m(Msg::PCharacters)),
        Problem::NotANumber => m(Msg::PNumber),
        Problem::TooSmall { min } if is_date => format!("{} {}", m(Msg::PNotBefore), bound(*min)),
        Problem::TooSmall { min } => format!("{} {}", m(Msg::PSmallest), bound(*min)),
        Problem::TooLarge { max } if is_date => format!("{} {}", m(Msg::PNotAfter), bound(*max)),
        Problem::TooLarge { max } => format!("{} {}", m(Msg::PLargest), bound(*max)),
        Problem::Pattern => m(Msg::PPattern),
        Problem::NotADate => m(Msg::PDate),
        Problem::UnknownOption | Problem::NotYesNo => m(Msg::PChoose),
        Problem::NikLength => m(Msg::PNikLength),
        Problem::NikRegion => m(Msg::PNikRegion),
        Problem::NikBirthDate => m(Msg::PNikBirth),
        Problem::NikSerial => m(Msg::PNikSerial),
        Problem::Phone => m(Msg::PPhone),
        Problem::Email => m(Msg::PEmail),
        Problem::File => m(Msg::PFile),
        Problem::Unexpected | Problem::WrongShape => m(Msg::PUnexpected),
        Problem::ControlCharacter => m(Msg::PControl),
    }
}

fn progress(o: &mut Out, n: usize, of: usize) {
    o.raw("<p class=\"progress\" data-testid=\"progress\">")
        .msg(Msg::SectionWord)
        .raw(" ")
        .num(n)
        .raw(" ");
    o.msg(Msg::Of).raw(" ").num(of).raw("</p>");
}

/// The error summary at the top of a page (GOV.UK pattern): empty and hidden when there is
/// nothing to fix; the form fills it when a check fails.
pub(crate) fn error_summary(o: &mut Out, schema: &FormSchema, errors: &[FieldError]) {
    o.raw(
        "<div class=\"error-summary\" data-testid=\"error-summary\" data-slot=\"error-summary\" role=\"alert\" tabindex=\"-1\"",
    );
    if errors.is_empty() {
        o.raw(" hidden");
    }
    o.raw("><h2>").msg(Msg::ThereIsAProblem).raw("</h2><ul>");
    for e in errors {
        let f = schema.field(&e.field);
        o.raw("<li><a href=\"#f-").text(&e.field).raw("\">");
        let text = problem_text(f, &e.problem, o.lang);
        match f {
            Some(f) => {
                let label = f.label.get(o.lang).to_string();
                o.text(&label).raw(": ")
            }
            None => o,
        }
        .text(&text)
        .raw("</a></li>");
    }
    o.raw("</ul></div>");
}

/// The line saying a file is kept on the phone (and replaced by choosing another).
pub(crate) fn file_status(o: &mut Out, field: &str, info: &FileInfo) {
    o.raw("<p class=\"file-status\" data-testid=\"file-status\" data-field=\"")
        .text(field)
        .raw("\" data-size=\"");
    o.raw(&info.size.to_string())
        .raw("\"><span aria-hidden=\"true\">📎 </span>")
        .text(&info.name)
        .raw(" (");
    o.raw(&kilobytes(info.size))
        .raw(") — ")
        .msg(Msg::SavedOnDevice)
        .raw("</p>");
}

fn kilobytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{}.{} MB", n / 1_000_000, n / 100_000 % 10)
    } else {
        format!("{} KB", n.div_ceil(1000))
    }
}

fn field(o: &mut Out, f: &Field, app: &Application, error: Option<&Problem>, visible: bool) {
    let id = esc(&f.id);
    let one = match app.answers.get(&f.id) {
        Some(Answer::One(s)) => s.as_str(),
        _ => "",
    };
    let many: &[String] = match app.answers.get(&f.id) {
        Some(Answer::Many(v)) => v,
        _ => &[],
    };
    let group = matches!(
        f.kind,
        FieldKind::Choice { .. } | FieldKind::MultiChoice { .. } | FieldKind::YesNo
    );
    let tag = if group { "fieldset" } else { "div" };
    o.raw("<")
        .raw(tag)
        .raw(" class=\"field")
        .raw(if error.is_some() { " has-error" } else { "" });
    o.raw("\" data-field=\"").raw(&id).raw("\"");
    if !visible {
        o.raw(" hidden");
    }
    o.raw(">");
    o.raw(if group { "<legend>" } else { "<label for=\"f-" });
    if !group {
        o.raw(&id).raw("\">");
    }
    o.t(&f.label);
    if !f.required {
        o.raw(" <span class=\"optional\">")
            .msg(Msg::Optional)
            .raw("</span>");
    }
    o.raw(if group { "</legend>" } else { "</label>" });
    let mut described = String::new();
    if let Some(h) = &f.hint {
        o.raw("<p class=\"hint\" id=\"f-")
            .raw(&id)
            .raw("-hint\">")
            .t(h)
            .raw("</p>");
        described = format!("f-{id}-hint ");
    }
    described.push_str(&format!("f-{id}-error"));
    o.raw("<p class=\"field-error\" data-testid=\"field-error\" id=\"f-")
        .raw(&id)
        .raw("-error\"");
    match error {
        Some(p) => {
            let text = problem_text(Some(f), p, o.lang);
            o.raw("><span class=\"visually-hidden\">")
                .msg(Msg::ErrorPrefix)
                .raw(": </span>")
                .text(&text)
        }
        None => o.raw(" hidden>"),
    };
    o.raw("</p>");
    let invalid = if error.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let common = format!(" id=\"f-{id}\" name=\"{id}\" aria-describedby=\"{described}\"{invalid}");
    let input = |o: &mut Out, ty: &str, extra: &str| {
        o.raw("<input type=\"")
            .raw(ty)
            .raw("\"")
            .raw(&common)
            .raw(extra)
            .raw(" value=\"")
            .text(one)
            .raw("\"");
        if let Some(max) = f.max_length {
            o.raw(" maxlength=\"").raw(&max.to_string()).raw("\"");
        }
        o.raw(">");
    };
    match &f.kind {
        FieldKind::Text => input(o, "text", ""),
        FieldKind::Number => input(o, "text", " inputmode=\"decimal\""),
        FieldKind::Date => input(o, "date", ""),
        FieldKind::Nik => input(
            o,
            "text",
            " inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\" class=\"nik\"",
        ),
        FieldKind::Phone => input(o, "tel", " inputmode=\"tel\" autocomplete=\"tel\""),
        FieldKind::Email => input(
            o,
            "email",
            " inputmode=\"email\" autocomplete=\"email\" spellcheck=\"false\"",
        ),
        FieldKind::LongText => {
            o.raw("<textarea rows=\"4\"")
                .raw(&common)
                .raw(">")
                .text(one)
                .raw("</textarea>");
        }
        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
            let multi = matches!(f.kind, FieldKind::MultiChoice { .. });
            o.raw("<div class=\"choices\">");
            for (i, c) in options.iter().enumerate() {
                let checked = if multi {
                    many.contains(&c.value)
                } else {
                    one == c.value
                };
                choice(
                    o,
                    &id,
                    i,
                    if multi { "checkbox" } else { "radio" },
                    &c.value,
                    c.label.get(o.lang).to_string(),
                    checked,
                    &described,
                    invalid,
                );
            }
            o.raw("</div>");
        }
        FieldKind::YesNo => {
            o.raw("<div class=\"choices inline\">");
            choice(
                o,
                &id,
                0,
                "radio",
                "ya",
                Msg::Yes.get(o.lang).to_string(),
                one == "ya",
                &described,
                invalid,
            );
            choice(
                o,
                &id,
                1,
                "radio",
                "tidak",
                Msg::No.get(o.lang).to_string(),
                one == "tidak",
                &described,
                invalid,
            );
            o.raw("</div>");
        }
        FieldKind::File { .. } => {
            o.raw("<div data-file-status=\"").raw(&id).raw("\">");
            if let Some(info) = app.files.get(one) {
                file_status(o, &f.id, info);
            }
            o.raw("</div><label class=\"button secondary file-button\"><span aria-hidden=\"true\">📷 </span>");
            o.msg(Msg::TakePhoto).raw("<input type=\"file\" accept=\"image/*,application/pdf\" data-file class=\"visually-hidden\"");
            o.raw(&common).raw("></label>");
        }
    }
    o.raw("</").raw(tag).raw(">");
}

#[allow(clippy::too_many_arguments)]
fn choice(
    o: &mut Out,
    id: &str,
    i: usize,
    ty: &str,
    value: &str,
    label: String,
    checked: bool,
    described: &str,
    invalid: &str,
) {
    // The first option carries the field's id, so the error summary's link lands on it.
    let input_id = if i == 0 {
        format!("f-{id}")
    } else {
        format!("f-{id}-{i}")
    };
    o.raw("<label class=\"choice\"><input type=\"")
        .raw(ty)
        .raw("\" id=\"")
        .raw(&input_id)
        .raw("\" name=\"")
        .raw(id);
    o.raw("\" value=\"")
        .text(value)
        .raw("\" aria-describedby=\"")
        .raw(described)
        .raw("\"")
        .raw(invalid);
    if checked {
        o.raw(" checked");
    }
    o.raw("> <span>").text(&label).raw("</span></label>");
}

fn storage_warning(o: &mut Out) {
    o.raw("<div class=\"notice warning\" data-testid=\"storage-warning\" data-slot=\"storage-warning\" hidden></div>");
}

fn app_href(app: &Application) -> String {
    format!("/permohonan/{}", esc(&app.id))
}

/// One section of the form, with what the citizen has answered so far and `errors` on its
/// fields (the server's, when the application came back).
pub fn section(
    app: &Application,
    schema: &FormSchema,
    idx: usize,
    lang: Lang,
    errors: &[FieldError],
) -> Rendered {
    let mut o = Out::new(lang);
    let idx = idx.min(schema.sections.len().saturating_sub(1));
    let Some(sec) = schema.sections.get(idx) else {
        return Rendered::default();
    };
    let here: Vec<&FieldError> = errors
        .iter()
        .filter(|e| sec.fields.iter().any(|f| f.id == e.field))
        .collect();
    o.raw("<p class=\"caption\">")
        .t(&app.service_name)
        .raw("</p>");
    progress(&mut o, idx + 1, schema.sections.len());
    o.raw("<h1>").t(&sec.title).raw("</h1>");
    answering_notice(&mut o, app);
    notice(&mut o, app);
    let shown: Vec<FieldError> = here.iter().map(|e| (*e).clone()).collect();
    error_summary(&mut o, schema, &shown);
    o.raw("<form class=\"form\" data-testid=\"section-form\" data-form=\"section\" novalidate data-app=\"")
        .text(&app.id)
        .raw("\" data-section=\"");
    o.num(idx + 1)
        .raw("\" data-sections=\"")
        .num(schema.sections.len())
        .raw("\">");
    for f in &sec.fields {
        let err = here.iter().find(|e| e.field == f.id).map(|e| &e.problem);
        field(&mut o, f, app, err, schema.is_visible(f, &app.answers));
    }
    o.raw("<div class=\"actions\"><button type=\"submit\" class=\"button\" data-testid=\"next\">")
        .msg(Msg::Continue)
        .raw("</button></div></form>");
    o.raw(
        "<p class=\"saved\" data-testid=\"save-status\" data-slot=\"save-status\" data-saves=\"0\" aria-live=\"polite\"></p>",
    );
    let back = if idx == 0 {
        format!("/layanan/{}", esc(&app.service))
    } else {
        format!("{}?bagian={idx}", app_href(app))
    };
    o.raw("<p><a data-testid=\"back\" href=\"")
        .raw(&back)
        .raw("\">")
        .msg(Msg::Back)
        .raw("</a> · <a href=\"/permohonan\">");
    o.msg(Msg::MyApplications).raw("</a></p>");
    storage_warning(&mut o);
    Rendered {
        title: format!("{} · {}", sec.title.get(lang), app.service_name.get(lang)),
        html: o.s,
        not_found: false,
    }
}

/// While answering the agency: what it asked, above the form.
fn answering_notice(o: &mut Out, app: &Application) {
    if !app.answering {
        return;
    }
    o.raw("<div class=\"notice\" role=\"note\" data-testid=\"answering\"><strong>")
        .msg(Msg::AnsweringAgency)
        .raw("</strong>");
    if let Some(note) = app
        .request
        .as_ref()
        .and_then(|q| {
            q.timeline
                .iter()
                .rev()
                .find(|e| e.status == ReqStatus::NeedsInfo)
        })
        .map(|e| &e.note)
    {
        o.raw("<p>").text(note).raw("</p>");
    }
    o.raw("</div>");
}

fn notice(o: &mut Out, app: &Application) {
    let Some(n) = &app.notice else { return };
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
    o.raw("<div class=\"notice warning\" role=\"alert\" data-testid=\"")
        .raw(id)
        .raw("\"><p>")
        .msg(text);
    if let Notice::Refused { status } = n {
        o.raw(" (HTTP ").raw(&status.to_string()).raw(")");
    }
    o.raw("</p></div>");
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
        (FieldKind::Date, Answer::One(v)) => Date::parse(v)
            .map(|d| d.long(lang))
            .unwrap_or_else(|| v.clone()),
        (_, Answer::One(v)) => v.clone(),
        (_, Answer::Many(vs)) => vs.join(", "),
    }
}

/// "Check your answers": every visible answer, a change link per answer, and the submit button.
pub fn check(app: &Application, schema: &FormSchema, lang: Lang) -> Rendered {
    let mut o = Out::new(lang);
    o.raw("<p class=\"caption\">")
        .t(&app.service_name)
        .raw("</p><h1>")
        .msg(Msg::CheckAnswers)
        .raw("</h1>");
    answering_notice(&mut o, app);
    notice(&mut o, app);
    o.raw("<div data-testid=\"check-answers\">");
    for (i, sec) in schema.sections.iter().enumerate() {
        o.raw("<h2>")
            .t(&sec.title)
            .raw("</h2><dl class=\"answers\">");
        for f in sec
            .fields
            .iter()
            .filter(|f| schema.is_visible(f, &app.answers))
        {
            let text = app
                .answers
                .get(&f.id)
                .map(|a| answer_text(f, a, app, lang))
                .unwrap_or_default();
            o.raw("<div data-testid=\"answer\" data-field=\"")
                .text(&f.id)
                .raw("\"><dt>")
                .t(&f.label)
                .raw("</dt><dd>");
            o.text(&text)
                .raw("</dd><dd><a data-testid=\"change\" href=\"")
                .raw(&app_href(app))
                .raw("?bagian=")
                .num(i + 1);
            o.raw("\">")
                .msg(Msg::Change)
                .raw("<span class=\"visually-hidden\"> ")
                .t(&f.label)
                .raw("</span></a></dd></div>");
        }
        o.raw("</dl>");
    }
    o.raw("</div><h2>")
        .msg(Msg::SubmitNowHeading)
        .raw("</h2><p>")
        .msg(Msg::SubmitHint)
        .raw("</p>");
    o.raw("<form data-testid=\"submit-form\" data-form=\"submit\" data-app=\"")
        .text(&app.id)
        .raw("\"><button type=\"submit\" class=\"button\" data-testid=\"submit\">");
    o.msg(Msg::SubmitApplication).raw("</button></form>");
    let last = schema.sections.len();
    o.raw("<p><a data-testid=\"back\" href=\"")
        .raw(&app_href(app))
        .raw("?bagian=")
        .num(last)
        .raw("\">")
        .msg(Msg::Back)
        .raw("</a></p>");
    Rendered {
        title: format!(
            "{} · {}",
            Msg::CheckAnswers.get(lang),
            app.service_name.get(lang)
        ),
        html: o.s,
        not_found: false,
    }
}

fn state_word(s: State) -> Msg {
    match s {
        State::Draft => Msg::Draft,
        State::Queued => Msg::WaitingForSignal,
        State::Sending => Msg::Sending,
        State::Sent => Msg::Sent,
        State::Attention => Msg::NeedsAttention,
    }
}

fn when(o: &mut Out, millis: i64) {
    let d = Date::from_unix_millis_wib(millis);
    let long = d.long(o.lang);
    o.raw("<time datetime=\"")
        .raw(&d.to_string())
        .raw("\">")
        .text(&long)
        .raw("</time>");
}

/// A submitted application: where it stands in the outbox, or the confirmation once sent.
pub fn status(app: &Application, lang: Lang) -> Rendered {
    let mut o = Out::new(lang);
    let state = app.state;
    o.raw("<div data-testid=\"app-state\" data-state=\"")
        .raw(state.code())
        .raw("\">");
    if let (State::Sent, Some(r)) = (state, &app.receipt) {
        o.raw("<div class=\"panel\" data-testid=\"confirmation\"><h1>")
            .msg(Msg::ApplicationSent)
            .raw("</h1><p>");
        o.msg(Msg::ReferenceNumber)
            .raw("<br><strong class=\"reference\" data-testid=\"reference\">")
            .text(&r.reference.to_string());
        o.raw("</strong></p></div><p>")
            .msg(Msg::ReferenceHint)
            .raw("</p>");
        let now = app.request.as_ref().map(|q| q.status).unwrap_or(r.status);
        o.raw("<dl class=\"facts\"><div><dt>")
            .msg(Msg::CurrentStatus)
            .raw("</dt><dd data-testid=\"request-status\" data-status=\"");
        o.raw(now.code())
            .raw("\">")
            .msg(status_word(now))
            .raw("</dd></div><div><dt>")
            .msg(Msg::Service)
            .raw("</dt><dd>")
            .t(&app.service_name)
            .raw("</dd></div>");
        o.raw("<div><dt>")
            .msg(Msg::ReceivedAt)
            .raw("</dt><dd><time datetime=\"")
            .text(&r.received_at)
            .raw("\">");
        let day = utc_day(&r.received_at, lang);
        o.text(&day).raw("</time></dd></div>");
        if let Some(due) = app
            .request
            .as_ref()
            .map(|q| q.due_date.as_str())
            .filter(|d| !d.is_empty())
        {
            let due_text = Date::parse(due)
                .map(|d| d.long(lang))
                .unwrap_or_else(|| due.to_string());
            o.raw("<div><dt>")
                .msg(Msg::Due)
                .raw("</dt><dd>")
                .text(&due_text)
                .raw("</dd></div>");
        }
        if !r.pin.is_empty() {
            o.raw("<div><dt>")
                .msg(Msg::Pin)
                .raw("</dt><dd><strong class=\"pin\" data-testid=\"pin\">")
                .text(&r.pin)
                .raw("</strong><p class=\"hint\">");
            o.msg(Msg::PinHint).raw("</p></dd></div>");
        }
        o.raw("</dl>");
        if let Some(q) = &app.request {
            o.raw("<h2>")
                .msg(Msg::Timeline)
                .raw("</h2><ol class=\"timeline\" data-testid=\"timeline\">");
            for e in &q.timeline {
                o.raw("<li data-status=\"")
                    .raw(e.status.code())
                    .raw("\"><strong>")
                    .msg(status_word(e.status))
                    .raw("</strong> <small><time datetime=\"");
                o.text(&e.at).raw("\">");
                let day = utc_day(&e.at, lang);
                o.text(&day).raw("</time></small>");
                if !e.note.is_empty() {
                    o.raw("<p>").text(&e.note).raw("</p>");
                }
                o.raw("</li>");
            }
            o.raw("</ol>");
        }
        if now == ReqStatus::NeedsInfo {
            o.raw(
                "<div class=\"notice warning\" role=\"note\" data-testid=\"needs-info\"><strong>",
            )
            .msg(Msg::StNeedsInfo)
            .raw("</strong>");
            if let Some(note) = app
                .request
                .as_ref()
                .and_then(|q| {
                    q.timeline
                        .iter()
                        .rev()
                        .find(|e| e.status == ReqStatus::NeedsInfo)
                })
                .map(|e| &e.note)
            {
                o.raw("<p>").text(note).raw("</p>");
            }
            o.raw(
                "<p><button type=\"button\" class=\"button\" data-testid=\"answer\" data-answer=\"",
            )
            .text(&app.id)
            .raw("\">");
            o.msg(Msg::AnswerRequest).raw("</button></p></div>");
        }
        if matches!(now, ReqStatus::Submitted | ReqStatus::Received) {
            o.raw("<p class=\"hint\">").msg(Msg::CancelRequestHint).raw("</p><p><button type=\"button\" class=\"button secondary\" data-testid=\"cancel-request\" data-cancel-request=\"");
            o.text(&app.id)
                .raw("\">")
                .msg(Msg::CancelRequest)
                .raw("</button></p>");
        }
        o.raw("<h2>")
            .msg(Msg::WhatNext)
            .raw("</h2><p>")
            .msg(Msg::WhatNextText)
            .raw("</p>");
    } else {
        o.raw("<p class=\"caption\">")
            .t(&app.service_name)
            .raw("</p><h1>")
            .msg(state_word(state))
            .raw("</h1>");
        notice(&mut o, app);
        o.raw("<p>").msg(match state {
            State::Sending => Msg::SendingText,
            State::Attention => Msg::AttentionText,
            _ => Msg::QueuedText,
        });
        o.raw("</p>");
        if app.attempts > 0 {
            o.raw("<p class=\"hint\">")
                .msg(Msg::Attempts)
                .raw(": ")
                .num(app.attempts as usize)
                .raw("</p>");
        }
        if let Some(t) = app.submitted {
            o.raw("<p class=\"hint\">").msg(Msg::SubmittedOn).raw(" ");
            when(&mut o, t);
            o.raw("</p>");
        }
        o.raw("<div class=\"actions\">");
        if state != State::Sending {
            o.raw("<button type=\"button\" class=\"button\" data-testid=\"send-now\" data-send-now=\"").text(&app.id).raw("\">");
            o.msg(Msg::SendNow).raw("</button> ");
            o.raw("<button type=\"button\" class=\"button secondary\" data-testid=\"cancel\" data-cancel=\"").text(&app.id).raw("\">");
            o.msg(Msg::CancelSending).raw("</button>");
        }
        o.raw("</div>");
    }
    o.raw("</div><p><a href=\"/permohonan\">")
        .msg(Msg::MyApplications)
        .raw("</a></p>");
    let title = if state == State::Sent {
        Msg::ApplicationSent
    } else {
        state_word(state)
    };
    Rendered {
        title: title.get(lang).to_string(),
        html: o.s,
        not_found: false,
    }
}

/// The phone's applications: the outbox first, then drafts, then what was sent.
pub fn list(apps: &[Application], lang: Lang) -> Rendered {
    let mut o = Out::new(lang);
    o.raw("<h1>").msg(Msg::MyApplications).raw("</h1>");
    o.raw("<p><a href=\"/lacak\" data-testid=\"track-link\">")
        .msg(Msg::TrackRequest)
        .raw("</a> · <a href=\"/akun\" data-testid=\"account-link\">");
    o.msg(Msg::Account).raw("</a></p>");
    storage_warning(&mut o);
    o.raw("<div data-testid=\"my-applications\">");
    if apps.is_empty() {
        o.raw("<p>")
            .msg(Msg::NoApplications)
            .raw(" <a href=\"/layanan\">")
            .msg(Msg::AllServices)
            .raw("</a></p>");
    }
    let groups = [
        (Msg::Outbox, true, false),
        (Msg::Drafts, false, false),
        (Msg::Sent, false, true),
    ];
    for (heading, outbox, sent) in groups {
        let mut items: Vec<&Application> = apps
            .iter()
            .filter(|a| {
                if outbox {
                    a.state.in_outbox()
                } else if sent {
                    a.state == State::Sent
                } else {
                    a.state == State::Draft
                }
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        items.sort_by(|a, b| b.updated.cmp(&a.updated));
        o.raw("<h2>").msg(heading).raw("</h2><ul class=\"apps\">");
        for a in items {
            o.raw("<li data-testid=\"app-item\" data-id=\"")
                .text(&a.id)
                .raw("\" data-state=\"")
                .raw(a.state.code())
                .raw("\">");
            o.raw("<a href=\"")
                .raw(&app_href(a))
                .raw("\">")
                .t(&a.service_name)
                .raw("</a> <span class=\"tag ")
                .raw(a.state.code());
            let word = match (&a.request, a.state) {
                (Some(q), State::Sent) => status_word(q.status),
                _ => state_word(a.state),
            };
            o.raw("\">").msg(word).raw("</span>");
            if a.unseen() {
                o.raw(" <span class=\"badge new\" data-testid=\"new-update\">")
                    .msg(Msg::NewUpdate)
                    .raw("</span>");
            }
            o.raw("<br><small>");
            if let Some(r) = &a.receipt {
                o.msg(Msg::ReferenceNumber)
                    .raw(": <strong>")
                    .text(&r.reference.to_string())
                    .raw("</strong>");
            } else {
                o.msg(Msg::LastChanged).raw(" ");
                when(&mut o, a.updated);
            }
            o.raw("</small>");
            if a.state == State::Draft {
                o.raw("<div class=\"delete\"><button type=\"button\" class=\"link\" data-testid=\"delete\" data-delete=\"").text(&a.id);
                o.raw("\">")
                    .msg(Msg::DeleteDraft)
                    .raw("</button><span class=\"confirm\" hidden>")
                    .msg(Msg::ConfirmDelete)
                    .raw(" ");
                o.raw("<button type=\"button\" class=\"button warning\" data-testid=\"confirm-delete\" data-confirm-delete=\"").text(&a.id);
                o.raw("\">").msg(Msg::DeleteDraft).raw("</button> <button type=\"button\" class=\"button secondary\" data-testid=\"keep\" data-keep>");
                o.msg(Msg::KeepDraft).raw("</button></span></div>");
            }
            o.raw("</li>");
        }
        o.raw("</ul>");
    }
    o.raw("</div>");
    Rendered {
        title: Msg::MyApplications.get(lang).to_string(),
        html: o.s,
        not_found: false,
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
        let f = |id: &str, kind: FieldKind| Field {
            id: id.into(),
            label: text(&format!("<{id}>")),
            hint: None,
            kind,
            required: true,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            pattern: None,
            visible_if: None,
        };
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
        let r = section(&app, &s, 0, Lang::Id, &errors);
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
        let c = check(&app, &s, Lang::En);
        assert!(c.html.contains("data-field=\"nik\"") && !c.html.contains("<script>"));
    }
}
