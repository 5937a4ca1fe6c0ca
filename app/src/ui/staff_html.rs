//! The back office as HTML text, rendered on the server only (it needs the database and the
//! session, and staff work online): the queue, one request with its actions, the dashboard,
//! and the sign-in form. Every change is a plain HTML form posted to a server function, which
//! sends the browser back to the page, so it works with or without the app's WASM (and adds
//! nothing to the phone's bundle).

use super::form_html::{answer_words as answer_text, status_word, utc_day as day};
use super::html::{Out, Rendered};
use crate::domain::catalogue::Service;
use crate::domain::date::Date;
use crate::domain::form::{Answers, FieldKind};
use crate::domain::l10n::Lang;
use crate::domain::staff::{QueueFilter, QueueRow, ServiceCounts, StaffRequest};
use crate::domain::status::{Action, Status};
use crate::i18n::Msg;

fn nav(o: &mut Out, login: &str) {
    o.raw("<nav class=\"staff-nav\"><a href=\"/staff\">")
        .msg(Msg::Queue)
        .raw("</a> · <a href=\"/staff/dasbor\">");
    o.msg(Msg::Dashboard)
        .raw("</a> · <a href=\"/staff/petugas\">")
        .msg(Msg::Officers)
        .raw("</a> · <a href=\"/staff/sandi\">");
    o.msg(Msg::ChangePassword).raw("</a> · ");
    sign_out(o, login);
}

/// The signed-in login and a "Keluar" button (a plain form), closing the back office's nav.
fn sign_out(o: &mut Out, login: &str) {
    o.raw("<span class=\"hint\">")
        .text(login)
        .raw("</span> <form method=\"post\" action=\"/api/auth/sign-out-form\" class=\"inline\">");
    o.raw("<button type=\"submit\" class=\"link\">")
        .msg(Msg::SignOut)
        .raw("</button></form></nav>");
}

fn service_name(services: &[Service], slug: &str, lang: Lang) -> String {
    services
        .iter()
        .find(|s| s.slug == slug)
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_else(|| slug.to_string())
}

fn agency_name(services: &[Service], agency: &str, lang: Lang) -> String {
    services
        .iter()
        .find(|s| s.agency.slug == agency)
        .map(|s| s.agency.name.get(lang).to_string())
        .unwrap_or_else(|| agency.to_string())
}

/// The sign-in form (also shown to anyone who opens a staff page signed out).
pub fn sign_in(lang: Lang, failed: bool, next: &str) -> Rendered {
    let mut o = Out::new(lang);
    o.raw("<h1>").msg(Msg::StaffSignIn).raw("</h1>");
    if failed {
        o.raw("<div class=\"error-summary\" role=\"alert\" data-testid=\"sign-in-error\"><p>")
            .msg(Msg::SignInFailed)
            .raw("</p></div>");
    }
    o.raw("<form class=\"form\" method=\"post\" action=\"/api/auth/sign-in-form\" data-testid=\"sign-in-form\">");
    o.raw("<input type=\"hidden\" name=\"next\" value=\"")
        .text(next)
        .raw("\">");
    o.raw("<div class=\"field\"><label for=\"f-login\">").msg(Msg::LoginLabel).raw("</label><input type=\"text\" id=\"f-login\" name=\"login\" autocomplete=\"username\" required></div>");
    o.raw("<div class=\"field\"><label for=\"f-password\">").msg(Msg::Password).raw("</label><input type=\"password\" id=\"f-password\" name=\"password\" autocomplete=\"current-password\" required></div>");
    o.raw(
        "<div class=\"actions\"><button type=\"submit\" class=\"button\" data-testid=\"sign-in\">",
    )
    .msg(Msg::SignIn)
    .raw("</button></div></form>");
    Rendered {
        title: Msg::StaffSignIn.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}

/// What a password change came to, from the form's `?sandi=` (`ok`, or a refusal's code).
fn password_note(o: &mut Out, note: Option<&str>) {
    use crate::domain::account::{AccountRefusal, PasswordProblem};
    let Some(code) = note else { return };
    if code == "ok" {
        o.raw("<div class=\"notice\" role=\"status\" data-testid=\"password-changed\"><p>")
            .msg(Msg::PasswordChanged)
            .raw("</p></div>");
        return;
    }
    let value = serde_json::Value::from(code);
    let lang = o.lang;
    let why = match (
        serde_json::from_value::<PasswordProblem>(value.clone()),
        serde_json::from_value::<AccountRefusal>(value),
    ) {
        (Ok(p), _) => Msg::from(p).get(lang),
        (_, Ok(r)) => Msg::from(r).get(lang),
        _ if code == "too_many" => Msg::TooManyTries.get(lang),
        _ => Msg::PasswordNotChanged.get(lang),
    };
    o.raw("<div class=\"error-summary\" role=\"alert\" data-testid=\"password-error\"><p>")
        .text(why)
        .raw("</p></div>");
}

/// The plain password change form (current and new password), posting to
/// `auth/change-password-form`, which comes back to `next`'s page.
fn password_form(o: &mut Out, next: &str) {
    o.raw("<form class=\"form\" method=\"post\" action=\"/api/auth/change-password-form\" data-testid=\"change-password-form\">");
    o.raw("<input type=\"hidden\" name=\"next\" value=\"")
        .text(next)
        .raw("\">");
    o.raw("<div class=\"field\"><label for=\"p-current\">")
        .msg(Msg::CurrentPassword)
        .raw("</label>");
    o.raw("<input type=\"password\" id=\"p-current\" name=\"current_password\" autocomplete=\"current-password\" required></div>");
    o.raw("<div class=\"field\"><label for=\"p-new\">");
    o.msg(Msg::NewPassword)
        .raw("</label><p class=\"hint\">")
        .msg(Msg::PasswordRules)
        .raw("</p><input type=\"password\" id=\"p-new\" ");
    o.raw("name=\"new_password\" autocomplete=\"new-password\" minlength=\"10\" required></div><div class=\"actions\">");
    o.raw("<button type=\"submit\" class=\"button\" data-testid=\"change-password\">")
        .msg(Msg::ChangePassword);
    o.raw("</button></div></form>");
}

/// The back office's password change (`/staff/sandi`). `forced`: the account still holds the
/// temporary password an admin chose, so this is the only page it gets (no navigation but
/// signing out).
pub fn change_password(lang: Lang, login: &str, forced: bool, note: Option<&str>) -> Rendered {
    let mut o = Out::new(lang);
    if forced {
        o.raw("<nav class=\"staff-nav\">");
        sign_out(&mut o, login);
    } else {
        nav(&mut o, login);
    }
    o.raw("<h1>").msg(Msg::ChangePassword).raw("</h1>");
    if forced {
        o.raw("<p data-testid=\"must-change-password\">")
            .msg(Msg::MustChangePassword)
            .raw("</p>");
    }
    password_note(&mut o, note);
    password_form(&mut o, "/staff");
    Rendered {
        title: Msg::ChangePassword.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}

/// Signed in, but not agency staff.
pub fn not_staff(lang: Lang) -> Rendered {
    let mut o = Out::new(lang);
    o.raw("<h1>")
        .msg(Msg::StaffOnly)
        .raw("</h1><p>")
        .msg(Msg::StaffOnlyHint)
        .raw("</p>");
    Rendered {
        title: Msg::StaffOnly.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}

fn status_options(o: &mut Out, selected: Option<Status>) {
    o.raw("<option value=\"\">")
        .msg(Msg::AllStatuses)
        .raw("</option>");
    for s in Status::ALL {
        o.raw("<option value=\"")
            .raw(s.code())
            .raw("\"")
            .raw(if selected == Some(s) { " selected" } else { "" })
            .raw(">");
        o.msg(status_word(s)).raw("</option>");
    }
}

/// The agency's queue with its filters: one page of `pages`.
#[allow(clippy::too_many_arguments)]
pub fn queue(
    lang: Lang,
    login: &str,
    agency: &str,
    rows: &[QueueRow],
    filter: &QueueFilter,
    pages: u32,
    services: &[Service],
    today: Date,
) -> Rendered {
    let mut o = Out::new(lang);
    nav(&mut o, login);
    o.raw("<h1>")
        .msg(Msg::Queue)
        .raw("</h1><p class=\"caption\">")
        .text(&agency_name(services, agency, lang))
        .raw("</p>");
    o.raw("<form method=\"get\" action=\"/staff\" class=\"filters\" data-testid=\"queue-filters\"><label>").msg(Msg::CurrentStatus);
    o.raw(" <select name=\"status\">");
    status_options(&mut o, filter.status);
    o.raw("</select></label> <label>")
        .msg(Msg::Service)
        .raw(" <select name=\"service\"><option value=\"\">")
        .msg(Msg::AllServices)
        .raw("</option>");
    for s in services
        .iter()
        .filter(|s| s.agency.slug == agency && s.form.is_some())
    {
        let sel = if filter.service.as_deref() == Some(s.slug.as_str()) {
            " selected"
        } else {
            ""
        };
        o.raw("<option value=\"")
            .text(&s.slug)
            .raw("\"")
            .raw(sel)
            .raw(">")
            .t(&s.name)
            .raw("</option>");
    }
    o.raw("</select></label> <label class=\"choice\"><input type=\"checkbox\" name=\"terlambat\" value=\"1\"").raw(if filter.overdue { " checked" } else { "" });
    o.raw("> ")
        .msg(Msg::OnlyOverdue)
        .raw("</label> <label class=\"choice\"><input type=\"checkbox\" name=\"saya\" value=\"1\"");
    o.raw(if filter.assigned_to.is_some() {
        " checked"
    } else {
        ""
    })
    .raw("> ")
    .msg(Msg::OnlyMine)
    .raw("</label> ");
    o.raw("<button type=\"submit\" class=\"button secondary\">")
        .msg(Msg::Filter)
        .raw("</button></form>");
    if rows.is_empty() {
        o.raw("<p data-testid=\"queue-empty\">")
            .msg(Msg::EmptyQueue)
            .raw("</p>");
    }
    o.raw("<ul class=\"apps\" data-testid=\"queue\">");
    for r in rows {
        let overdue = r.overdue(today);
        o.raw("<li data-testid=\"queue-item\" data-id=\"")
            .text(&r.id)
            .raw("\" data-status=\"")
            .raw(r.status.code())
            .raw("\"");
        o.raw(if overdue { " class=\"overdue\"" } else { "" })
            .raw("><a href=\"/staff/permohonan/")
            .text(&r.id)
            .raw("\"><strong>");
        o.text(&r.reference)
            .raw("</strong> ")
            .text(&service_name(services, &r.service, lang))
            .raw("</a> <span class=\"tag\">");
        o.msg(status_word(r.status)).raw("</span>");
        if overdue {
            o.raw(" <span class=\"tag attention\" data-testid=\"overdue\">")
                .msg(Msg::Overdue)
                .raw("</span>");
        }
        o.raw("<br><small>")
            .msg(Msg::ReceivedAt)
            .raw(" ")
            .text(&day(&r.received_at, lang));
        if !r.due_date.is_empty() {
            o.raw(" · ")
                .msg(Msg::Due)
                .raw(" ")
                .text(&day(&r.due_date, lang));
        }
        o.raw(" · ").msg(Msg::AssignedTo).raw(": ");
        match &r.assigned_login {
            Some(l) => o.text(l),
            None => o.msg(Msg::Nobody),
        };
        o.raw("</small></li>");
    }
    o.raw("</ul>");
    pager(&mut o, filter, pages);
    Rendered {
        title: Msg::Queue.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}

/// "Page 2 of 146" with links to the pages before and after, keeping the filters.
fn pager(o: &mut Out, filter: &QueueFilter, pages: u32) {
    if pages <= 1 {
        return;
    }
    let page = filter.page.clamp(1, pages);
    let link = |o: &mut Out, to: u32, word: Msg| {
        let mut q = format!("halaman={to}");
        if let Some(s) = filter.status {
            q.push_str("&status=");
            q.push_str(s.code());
        }
        if let Some(s) = &filter.service {
            q.push_str("&service=");
            q.push_str(&crate::domain::route::encode(s));
        }
        if filter.overdue {
            q.push_str("&terlambat=1");
        }
        if filter.assigned_to.is_some() {
            q.push_str("&saya=1");
        }
        o.raw("<a href=\"/staff?")
            .text(&q)
            .raw("\">")
            .msg(word)
            .raw("</a>");
    };
    o.raw("<nav class=\"pager\" data-testid=\"pager\" aria-label=\"")
        .msg(Msg::Pages)
        .raw("\">");
    if page > 1 {
        link(o, page - 1, Msg::PreviousPage);
        o.raw(" ");
    }
    o.msg(Msg::Page)
        .raw(" ")
        .num(page as usize)
        .raw(" ")
        .msg(Msg::Of)
        .raw(" ")
        .num(pages as usize);
    if page < pages {
        o.raw(" ");
        link(o, page + 1, Msg::NextPage);
    }
    o.raw("</nav>");
}

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

/// The form that claims a request (`to=me`) or, when it is `mine`, releases it.
fn claim_or_release(o: &mut Out, id: &str, mine: bool) {
    o.raw("<form method=\"post\" action=\"/api/staff/assign\" class=\"inline\">");
    o.raw("<input type=\"hidden\" name=\"id\" value=\"")
        .text(id)
        .raw("\">");
    let (to, testid, word) = if mine {
        ("", "release", Msg::Release)
    } else {
        ("me", "claim", Msg::Claim)
    };
    o.raw("<input type=\"hidden\" name=\"to\" value=\"")
        .raw(to)
        .raw("\">");
    o.raw("<button type=\"submit\" class=\"button secondary\" data-testid=\"")
        .raw(testid)
        .raw("\">")
        .msg(word);
    o.raw("</button></form>");
}

/// One request: what was asked and answered, who has it, what can be done, its timeline (with
/// staff notes) and its audit trail.
/// `admin`: an agency admin, who may change any of the agency's requests; an officer may change
/// only those assigned to them or to nobody.
#[allow(clippy::too_many_arguments)]
pub fn request(
    lang: Lang,
    login: &str,
    my_id: &str,
    admin: bool,
    r: &StaffRequest,
    service: Option<&Service>,
    today: Date,
    error: bool,
) -> Rendered {
    let mut o = Out::new(lang);
    nav(&mut o, login);
    let row = &r.row;
    let name = service
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_else(|| row.service.clone());
    o.raw("<p class=\"caption\">")
        .text(&name)
        .raw("</p><h1 data-testid=\"staff-reference\">")
        .text(&row.reference)
        .raw("</h1>");
    if error {
        o.raw("<div class=\"error-summary\" role=\"alert\" data-testid=\"action-error\"><p>")
            .msg(Msg::ActionFailed)
            .raw("</p></div>");
    }
    o.raw("<dl class=\"facts\"><div><dt>")
        .msg(Msg::CurrentStatus)
        .raw("</dt><dd data-testid=\"staff-status\" data-status=\"")
        .raw(row.status.code());
    o.raw("\">")
        .msg(status_word(row.status))
        .raw("</dd></div><div><dt>")
        .msg(Msg::ReceivedAt)
        .raw("</dt><dd>")
        .text(&day(&row.received_at, lang))
        .raw("</dd></div>");
    if !row.due_date.is_empty() {
        o.raw("<div><dt>")
            .msg(Msg::Due)
            .raw("</dt><dd")
            .raw(if row.overdue(today) {
                " class=\"overdue\""
            } else {
                ""
            })
            .raw(">");
        o.text(&day(&row.due_date, lang));
        if row.overdue(today) {
            o.raw(" <span class=\"tag attention\">")
                .msg(Msg::Overdue)
                .raw("</span>");
        }
        o.raw("</dd></div>");
    }
    o.raw("<div><dt>")
        .msg(Msg::AssignedTo)
        .raw("</dt><dd data-testid=\"assigned\">");
    match &row.assigned_login {
        Some(l) => o.text(l),
        None => o.msg(Msg::Nobody),
    };
    o.raw("</dd></div></dl>");
    // Claim / release.
    let mine = row.assigned_to.as_deref() == Some(my_id);
    let theirs = !admin && row.assigned_to.as_deref().is_some_and(|a| a != my_id);
    if theirs {
        o.raw("<p class=\"hint\" data-testid=\"assigned-to-colleague\">")
            .msg(Msg::AssignedToColleague)
            .raw("</p>");
    } else {
        claim_or_release(&mut o, &row.id, mine);
    }

    // What can be done now, each with its notes.
    if !r.actions.is_empty() && !theirs {
        o.raw("<h2>").msg(Msg::NextStep).raw("</h2>");
        for a in &r.actions {
            let code = serde_json::to_value(a)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            o.raw("<form method=\"post\" action=\"/api/staff/act\" class=\"form action\" data-testid=\"act-").raw(&code).raw("\">");
            o.raw("<input type=\"hidden\" name=\"id\" value=\"")
                .text(&row.id)
                .raw("\"><input type=\"hidden\" name=\"action\" value=\"")
                .raw(&code)
                .raw("\">");
            o.raw("<div class=\"field\"><label for=\"n-")
                .raw(&code)
                .raw("\">")
                .msg(Msg::NoteToCitizen);
            if *a != Action::AskInfo {
                o.raw(" <span class=\"optional\">")
                    .msg(Msg::Optional)
                    .raw("</span>");
            }
            o.raw("</label><textarea rows=\"2\" id=\"n-")
                .raw(&code)
                .raw("\" name=\"note\"")
                .raw(if *a == Action::AskInfo {
                    " required"
                } else {
                    ""
                });
            o.raw("></textarea></div><div class=\"field\"><label for=\"i-")
                .raw(&code)
                .raw("\">")
                .msg(Msg::InternalNote)
                .raw(" <span class=\"optional\">");
            o.msg(Msg::Optional)
                .raw("</span></label><textarea rows=\"2\" id=\"i-")
                .raw(&code)
                .raw("\" name=\"internal_note\"></textarea></div>");
            o.raw("<button type=\"submit\" class=\"button")
                .raw(if *a == Action::Reject { " warning" } else { "" })
                .raw("\">")
                .msg(action_word(*a))
                .raw("</button></form>");
        }
    }

    // The answers, labelled by the service's current form.
    o.raw("<h2>")
        .msg(Msg::Answers)
        .raw("</h2><dl class=\"answers\" data-testid=\"staff-answers\">");
    let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
    let schema = service
        .and_then(|s| s.form.as_ref())
        .and_then(|d| d.schema().ok());
    // In the form's order (the answers are stored by field id).
    let mut order: Vec<&String> = schema
        .as_ref()
        .map(|s| {
            s.fields()
                .filter_map(|f| answers.get_key_value(&f.id).map(|(k, _)| k))
                .collect()
        })
        .unwrap_or_default();
    order.extend(
        answers
            .keys()
            .filter(|k| !order.contains(k))
            .collect::<Vec<_>>(),
    );
    for id in order {
        let a = &answers[id];
        let field = schema.as_ref().and_then(|s| s.field(id));
        let label = field
            .map(|f| f.label.get(lang).to_string())
            .unwrap_or_else(|| id.clone());
        let text = field
            .map(|f| answer_text(&f.kind, a, lang))
            .unwrap_or_else(|| answer_text(&FieldKind::Text, a, lang));
        o.raw("<div data-field=\"")
            .text(id)
            .raw("\"><dt>")
            .text(&label)
            .raw("</dt><dd>");
        if field.is_some_and(|f| matches!(f.kind, FieldKind::File { .. })) {
            // Served to staff of this agency only (`server::files::for_staff`).
            o.raw("<a rel=\"external\" target=\"_blank\" data-testid=\"attachment\" href=\"/staff/berkas/").text(&text).raw("\">");
            o.msg(Msg::ViewAttachment).raw("</a>");
        } else {
            o.text(&text);
        }
        o.raw("</dd></div>");
    }
    o.raw("</dl>");
    answer_changes(&mut o, r, schema.as_ref(), lang);

    o.raw("<h2>")
        .msg(Msg::Timeline)
        .raw("</h2><ol class=\"timeline\" data-testid=\"staff-timeline\">");
    for s in &r.steps {
        o.raw("<li data-status=\"")
            .raw(s.status.code())
            .raw("\"><strong>")
            .msg(status_word(s.status))
            .raw("</strong> <small>")
            .text(&day(&s.at, lang));
        if let Some(a) = &s.actor {
            o.raw(" · ").text(a);
        }
        o.raw("</small>");
        if !s.note.is_empty() {
            o.raw("<p>").text(&s.note).raw("</p>");
        }
        if !s.internal_note.is_empty() {
            o.raw("<p class=\"internal\"><em>")
                .msg(Msg::InternalNote)
                .raw(":</em> ")
                .text(&s.internal_note)
                .raw("</p>");
        }
        o.raw("</li>");
    }
    o.raw("</ol><h2>")
        .msg(Msg::AuditTrail)
        .raw("</h2><ul class=\"audit\" data-testid=\"audit\">");
    for e in &r.audit {
        o.raw("<li><small>")
            .text(&e.at)
            .raw("</small> <strong>")
            .text(&e.actor)
            .raw("</strong> ")
            .text(&e.action);
        o.raw(" <code>")
            .text(e.before.as_deref().unwrap_or(""))
            .raw(" → ")
            .text(e.after.as_deref().unwrap_or(""))
            .raw("</code></li>");
    }
    o.raw("</ul>");
    Rendered {
        title: format!("{} · {}", row.reference, name),
        html: o.s,
        not_found: false,
    }
}

/// How an answer reads in a list of changes (a file by the start of its name; empty when none).
fn change_text(
    field: Option<&crate::domain::form::Field>,
    a: Option<&crate::domain::form::Answer>,
    lang: Lang,
) -> String {
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
fn answer_changes(
    o: &mut Out,
    r: &StaffRequest,
    schema: Option<&crate::domain::form::FormSchema>,
    lang: Lang,
) {
    if r.answer_sets.len() < 2 {
        return;
    }
    o.raw("<h2>")
        .msg(Msg::AnswerChanges)
        .raw("</h2><ol class=\"timeline\" data-testid=\"answer-changes\">");
    for pair in r.answer_sets.windows(2) {
        let (before, after): (Answers, Answers) = (
            serde_json::from_str(&pair[0].answers).unwrap_or_default(),
            serde_json::from_str(&pair[1].answers).unwrap_or_default(),
        );
        // In the form's order, then any answer the form no longer has.
        let in_form = schema
            .map(|s| s.fields().map(|f| &f.id).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut ids: Vec<&String> = in_form
            .into_iter()
            .filter(|id| before.contains_key(*id) || after.contains_key(*id))
            .collect();
        for k in before.keys().chain(after.keys()) {
            if !ids.contains(&k) {
                ids.push(k);
            }
        }
        ids.retain(|id| before.get(*id) != after.get(*id));
        o.raw("<li data-testid=\"answer-change\"><strong>")
            .msg(Msg::AnswersChanged)
            .raw("</strong> <small>")
            .text(&day(&pair[1].at, lang));
        if pair[1].actor != "citizen" {
            o.raw(" · ").text(&pair[1].actor);
        }
        o.raw("</small>");
        if ids.is_empty() {
            o.raw("<p>").msg(Msg::NothingChanged).raw("</p>");
        } else {
            o.raw("<dl class=\"answers\">");
            for id in ids {
                let field = schema.and_then(|s| s.field(id));
                let label = field
                    .map(|f| f.label.get(lang).to_string())
                    .unwrap_or_else(|| id.clone());
                o.raw("<div data-field=\"")
                    .text(id)
                    .raw("\"><dt>")
                    .text(&label)
                    .raw("</dt><dd><del>");
                o.text(&change_text(field, before.get(id), lang))
                    .raw("</del> → <ins>")
                    .text(&change_text(field, after.get(id), lang));
                o.raw("</ins> <small>(")
                    .text(&day(&pair[0].at, lang))
                    .raw(" → ")
                    .text(&day(&pair[1].at, lang));
                o.raw(")</small></dd></div>");
            }
            o.raw("</dl>");
        }
        o.raw("</li>");
    }
    o.raw("</ol>");
}

/// Per-service counts.
pub fn dashboard(
    lang: Lang,
    login: &str,
    agency: &str,
    counts: &[ServiceCounts],
    services: &[Service],
) -> Rendered {
    let mut o = Out::new(lang);
    nav(&mut o, login);
    o.raw("<h1>")
        .msg(Msg::Dashboard)
        .raw("</h1><p class=\"caption\">")
        .text(&agency_name(services, agency, lang))
        .raw("</p>");
    o.raw("<table class=\"tariffs\" data-testid=\"dashboard\"><thead><tr><th>")
        .msg(Msg::Service)
        .raw("</th><th>")
        .msg(Msg::OpenCount);
    o.raw("</th><th>")
        .msg(Msg::Overdue)
        .raw("</th><th>")
        .msg(Msg::StCompleted)
        .raw("</th><th>")
        .msg(Msg::MedianDays)
        .raw("</th></tr></thead><tbody>");
    for c in counts {
        o.raw("<tr data-service=\"")
            .text(&c.service)
            .raw("\"><td>")
            .text(&service_name(services, &c.service, lang))
            .raw("</td><td>");
        o.num(c.open as usize)
            .raw("</td><td>")
            .num(c.overdue as usize)
            .raw("</td><td>")
            .num(c.completed as usize)
            .raw("</td><td>");
        match c.median_days {
            Some(d) => o.num(d as usize),
            None => o.raw("–"),
        };
        o.raw("</td></tr>");
    }
    o.raw("</tbody></table>");
    Rendered {
        title: Msg::Dashboard.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}

/// The agency's staff: agency admins invite officers (with a temporary password) and disable
/// accounts; officers see the list only.
pub fn officers(
    lang: Lang,
    login: &str,
    agency: &str,
    admin: bool,
    list: &[(String, String, bool)],
    failed: bool,
) -> Rendered {
    let mut o = Out::new(lang);
    nav(&mut o, login);
    o.raw("<h1>")
        .msg(Msg::Officers)
        .raw("</h1><p class=\"caption\">")
        .text(agency)
        .raw("</p>");
    if failed {
        o.raw("<div class=\"error-summary\" role=\"alert\" data-testid=\"officers-error\"><p>")
            .msg(Msg::OfficerRefused)
            .raw("</p></div>");
    }
    o.raw("<ul class=\"apps\" data-testid=\"officers\">");
    for (l, role, disabled) in list {
        o.raw("<li data-login=\"")
            .text(l)
            .raw("\"><strong>")
            .text(l)
            .raw("</strong> <span class=\"tag\">");
        o.msg(if role == "agency_admin" {
            Msg::AgencyAdmin
        } else {
            Msg::Officer
        })
        .raw("</span>");
        if *disabled {
            o.raw(" <span class=\"tag attention\" data-testid=\"disabled\">")
                .msg(Msg::Disabled)
                .raw("</span>");
            if admin {
                o.raw(" <form method=\"post\" action=\"/api/staff/enable-form\" class=\"inline\">");
                o.raw("<input type=\"hidden\" name=\"login\" value=\"")
                    .text(l);
                o.raw("\"><button type=\"submit\" class=\"link\" data-testid=\"enable\">")
                    .msg(Msg::Enable)
                    .raw("</button></form>");
            }
        } else if admin && l != login {
            o.raw(" <form method=\"post\" action=\"/api/staff/disable-form\" class=\"inline\"><input type=\"hidden\" name=\"login\" value=\"").text(l);
            o.raw("\"><button type=\"submit\" class=\"link\" data-testid=\"disable\">")
                .msg(Msg::Disable)
                .raw("</button></form>");
        }
        o.raw("</li>");
    }
    o.raw("</ul>");
    if admin {
        o.raw("<h2>").msg(Msg::InviteOfficer).raw("</h2><form class=\"form\" method=\"post\" action=\"/api/staff/invite-form\" data-testid=\"invite-form\">");
        o.raw("<div class=\"field\"><label for=\"f-login\">")
            .msg(Msg::LoginLabel)
            .raw("</label><input type=\"text\" id=\"f-login\" name=\"login\" required></div>");
        o.raw("<div class=\"field\"><label for=\"f-temporary_password\">")
            .msg(Msg::TemporaryPassword)
            .raw("</label><p class=\"hint\">")
            .msg(Msg::TemporaryPasswordHint);
        o.raw("</p><input type=\"text\" id=\"f-temporary_password\" name=\"temporary_password\" autocomplete=\"new-password\" required></div>");
        o.raw("<div class=\"actions\"><button type=\"submit\" class=\"button\">")
            .msg(Msg::InviteOfficer)
            .raw("</button></div></form>");
    }
    Rendered {
        title: Msg::Officers.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}

/// A citizen's account page: signed in, who, "Keluar" and the password change (`password`:
/// how the last change went, from `?sandi=`); signed out, sign in or create an account
/// (optional: everything works without one; with one, requests follow to any device).
pub fn account(lang: Lang, login: Option<&str>, failed: bool, password: Option<&str>) -> Rendered {
    let mut o = Out::new(lang);
    o.raw("<h1>").msg(Msg::Account).raw("</h1>");
    match login {
        Some(l) => {
            o.raw("<p data-testid=\"signed-in-as\">")
                .msg(Msg::SignedInAs)
                .raw(" <strong>")
                .text(l)
                .raw("</strong></p><p>")
                .msg(Msg::AccountFollows)
                .raw("</p>");
            o.raw("<form method=\"post\" action=\"/api/auth/sign-out-form\"><button type=\"submit\" class=\"button secondary\" data-testid=\"sign-out\">");
            o.msg(Msg::SignOut).raw("</button></form>");
            o.raw("<h2>").msg(Msg::ChangePassword).raw("</h2>");
            password_note(&mut o, password);
            password_form(&mut o, "/akun");
        }
        None => {
            o.raw("<p>").msg(Msg::AccountWhy).raw("</p>");
            o.raw("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" data-testid=\"account-error\" data-slot=\"account-error\"").raw(if failed { "" } else { " hidden" }).raw("><p>");
            o.msg(Msg::AccountFailed).raw("</p></div>");
            for (mode, action, heading, button, autocomplete) in [
                (
                    "in",
                    "/api/auth/sign-in-form",
                    Msg::SignIn,
                    Msg::SignIn,
                    "current-password",
                ),
                (
                    "up",
                    "/api/auth/sign-up-form",
                    Msg::CreateAccount,
                    Msg::CreateAccount,
                    "new-password",
                ),
            ] {
                o.raw("<h2>")
                    .msg(heading)
                    .raw("</h2><form class=\"form\" method=\"post\" action=\"")
                    .raw(action)
                    .raw("\" data-form=\"account\" data-account=\"")
                    .raw(mode);
                o.raw("\" data-testid=\"account-")
                    .raw(mode)
                    .raw("\"><input type=\"hidden\" name=\"next\" value=\"/akun\">");
                o.raw("<div class=\"field\"><label for=\"a-")
                    .raw(mode)
                    .raw("-login\">")
                    .msg(Msg::LoginLabel)
                    .raw("</label><input type=\"text\" id=\"a-")
                    .raw(mode);
                o.raw("-login\" name=\"login\" autocomplete=\"username\" required></div><div class=\"field\"><label for=\"a-").raw(mode).raw("-password\">");
                o.msg(Msg::Password).raw("</label>");
                if mode == "up" {
                    o.raw("<p class=\"hint\">")
                        .msg(Msg::PasswordRules)
                        .raw("</p>");
                }
                o.raw("<input type=\"password\" id=\"a-")
                    .raw(mode)
                    .raw("-password\" name=\"password\" autocomplete=\"")
                    .raw(autocomplete);
                o.raw("\" required></div><div class=\"actions\"><button type=\"submit\" class=\"button\">").msg(button).raw("</button></div></form>");
            }
        }
    }
    Rendered {
        title: Msg::Account.get(lang).into(),
        html: o.s,
        not_found: false,
    }
}
