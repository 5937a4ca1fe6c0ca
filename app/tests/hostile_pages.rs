//! Every page kind of `ui::html` (catalogue) and `ui::form_html` (the phone's application
//! pages), rendered from real domain values with hostile text in every data field and
//! `javascript:` in every URL: no payload may reach the output as markup (issue 9).

mod markup;

use app::domain::application::{Application, FileInfo, Notice, State};
use app::domain::catalogue::{
    self, Agency, Channel, ChannelKind, Contact, Cost, CostItem, Intake, ListKind, Requirement,
    Service, Term,
};
use app::domain::date::Date;
use app::domain::form::{
    Answer, Choice, Field, FieldError, FieldKind, FormDoc, FormSchema, Problem, Section, VisibleIf,
};
use app::domain::l10n::{Lang, Text};
use app::domain::page::{Page, Part};
use app::domain::reference::Reference;
use app::domain::status::{RequestView, Status, TimelineEntry};
use app::domain::submission::Receipt;
use app::ui::{form_html, html};
use markup::{payload, problems, JS_URL};

/// Hostile text in both languages.
fn t() -> Text {
    Text {
        id: payload(),
        en: payload(),
    }
}

/// A term (category or life event) with a hostile slug and name.
fn term() -> Term {
    Term {
        slug: payload(),
        order: 1,
        name: t(),
    }
}

/// A field of `kind` with hostile id, label and hint, shown when `hostile` answers `ya`.
fn field(n: usize, kind: FieldKind) -> Field {
    Field {
        id: format!("{n}{}", payload()),
        label: t(),
        hint: Some(t()),
        kind,
        required: n.is_multiple_of(2),
        min_length: None,
        max_length: Some(40),
        min: None,
        max: None,
        pattern: None,
        visible_if: (n == 9).then(|| VisibleIf {
            field: format!("6{}", payload()),
            any_of: vec!["ya".into()],
        }),
        error: Some(t()),
    }
}

/// A form with every kind of field, all hostile.
fn schema() -> FormSchema {
    let options = || {
        vec![
            Choice {
                value: payload(),
                label: t(),
            },
            Choice {
                value: "b".into(),
                label: t(),
            },
        ]
    };
    let kinds = vec![
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Choice { options: options() },
        FieldKind::MultiChoice { options: options() },
        FieldKind::YesNo,
        FieldKind::Nik,
        FieldKind::Phone,
        FieldKind::Email,
        FieldKind::File { max_bytes: 1000 },
        FieldKind::MemorableDate,
    ];
    let fields: Vec<Field> = kinds
        .into_iter()
        .enumerate()
        .map(|(n, k)| field(n, k))
        .collect();
    let section = |id: &str, fields: &[Field]| Section {
        id: format!("{id}{}", payload()),
        title: t(),
        fields: fields.to_vec(),
    };
    FormSchema {
        version: 1,
        sections: vec![section("a", &fields[..6]), section("b", &fields[6..])],
    }
}

/// A service with hostile text in every field and `javascript:` in every URL.
fn service() -> Service {
    let p = payload();
    let contact = Contact {
        phone: Some(p.clone()),
        email: Some(p.clone()),
        website: Some(JS_URL.into()),
    };
    Service {
        slug: p.clone(),
        agency: Agency {
            slug: p.clone(),
            short_name: p.clone(),
            name: t(),
            parent: Some(t()),
            contact: contact.clone(),
            closes_on_cuti_bersama: true,
            province: Some(p.clone()),
        },
        category: term(),
        life_events: vec![term()],
        name: t(),
        summary: t(),
        keywords: vec![p.clone()],
        requirements: vec![
            Requirement {
                id: payload(),
                en: payload(),
                or: Some(t()),
            },
            Requirement {
                id: payload(),
                en: payload(),
                or: None,
            },
        ],
        steps: vec![t()],
        product: t(),
        processing: t(),
        processing_days: None,
        cost: Cost {
            free: false,
            basis: p.clone(),
            items: vec![CostItem {
                label: t(),
                amount: 30_000,
            }],
            note: Some(t()),
        },
        legal_basis: vec![p.clone()],
        channels: vec![
            Channel {
                kind: ChannelKind::Online,
                name: t(),
                place: Some(t()),
                url: Some(JS_URL.into()),
            },
            Channel {
                kind: ChannelKind::Office,
                name: t(),
                place: Some(t()),
                url: None,
            },
        ],
        contact: Some(contact),
        verified_at: Date::parse("2020-01-01").unwrap(),
        sources: vec![p.clone(), JS_URL.into()],
        note: Some(t()),
        intake: Some(Intake::Loket),
        after_submit: vec![t()],
        form: Some(FormDoc::of(&schema()).unwrap()),
        faq: vec![[p.clone(), p.clone(), "2020-01-01".into(), p.clone()]],
        outline: false,
    }
}

/// Every catalogue page kind, in both languages.
/// Page 2 of 3 of a long list: its pager links both ways.
const MIDDLE: Part = Part {
    number: 2,
    pages: 3,
    total: 120,
};

fn catalogue_pages() -> Vec<(String, html::Rendered)> {
    let s = service();
    // Not taken in Loket: the page links to its (hostile) official channel instead.
    let official = Service {
        intake: Some(Intake::Official),
        ..s.clone()
    };
    let today = Date::parse("2026-11-30").unwrap();
    let mut pages = vec![
        (
            "home",
            Page::Home(catalogue::overview(std::slice::from_ref(&s))),
        ),
        (
            "search",
            Page::Search {
                query: payload(),
                hits: vec![s.card()],
                // A middle page: both pager links carry the hostile query.
                part: MIDDLE,
                partial: true,
                on_phone: true,
                ways: None,
            },
        ),
        (
            "search-none",
            Page::Search {
                query: payload(),
                hits: vec![],
                part: Part {
                    number: 1,
                    pages: 1,
                    total: 0,
                },
                partial: false,
                on_phone: false,
                ways: Some(catalogue::overview(std::slice::from_ref(&s))),
            },
        ),
        ("all", Page::AllServices(vec![s.card()], MIDDLE)),
        ("service", Page::Service(Box::new(s.clone()))),
        (
            "service-official",
            Page::Service(Box::new(official.clone())),
        ),
        ("apply-start", Page::ApplyStart(Box::new(s.clone()))),
        ("track", Page::Track),
        ("on-device", Page::OnDevice),
        ("not-found", Page::NotFound),
        ("not-stored", Page::NotStored(s.outline().card())),
    ];
    for kind in [ListKind::Category, ListKind::LifeEvent] {
        let term = catalogue::term_of(&s, kind, &payload()).expect("the hostile term lists");
        let services = vec![s.card()];
        pages.push((
            "listing",
            Page::Listing(kind, catalogue::Listing { term, services }, MIDDLE),
        ));
    }
    let mut out = Vec::new();
    for lang in [Lang::Id, Lang::En] {
        for (name, page) in &pages {
            out.push((format!("{name} {lang:?}"), html::render(page, lang, today)));
        }
    }
    out
}

/// An application of the hostile service with a hostile answer to every field.
fn application(state: State) -> Application {
    let s = schema();
    let mut app = Application::new(payload(), payload(), t(), FormDoc::of(&s).unwrap(), 1, 0);
    for f in s.sections.iter().flat_map(|sec| &sec.fields) {
        let a = match f.kind {
            FieldKind::MultiChoice { .. } => Answer::Many(vec![payload(), "b".into()]),
            FieldKind::YesNo => Answer::One("ya".into()),
            _ => Answer::One(payload()),
        };
        app.answers.insert(f.id.clone(), a);
    }
    let info = FileInfo {
        name: payload(),
        size: 123_456,
        media_type: payload(),
        uploaded: false,
    };
    app.files.insert(payload(), info);
    app.state = state;
    app.submitted = Some(1_700_000_000_000);
    app.attempts = 3;
    app.answering = true;
    app.request = Some(request(Status::NeedsInfo));
    app
}

/// A sent request at `status`, with hostile notes, times and due date.
fn request(status: Status) -> RequestView {
    let step = |status| TimelineEntry {
        seq: 1,
        at: payload(),
        status,
        note: payload(),
    };
    RequestView {
        id: payload(),
        reference: payload(),
        service: payload(),
        status,
        due_date: payload(),
        timeline: vec![step(Status::Submitted), step(Status::NeedsInfo)],
    }
}

/// Applications in every outbox state, between them carrying every notice, and two sent
/// requests (one the agency asked more of, one the citizen may still cancel).
fn applications() -> Vec<Application> {
    let notices = [
        (State::Draft, Notice::Returned),
        (State::Queued, Notice::FormChanged),
        (State::Sending, Notice::Conflict),
        (State::Attention, Notice::FileRefused),
        (State::Draft, Notice::UnknownService),
        (State::Attention, Notice::Refused { status: 418 }),
    ];
    let mut apps: Vec<Application> = notices
        .into_iter()
        .map(|(state, notice)| Application {
            notice: Some(notice),
            ..application(state)
        })
        .collect();
    for status in [Status::NeedsInfo, Status::Received] {
        let mut app = application(State::Sent);
        app.receipt = Some(Receipt {
            id: payload(),
            reference: Reference::from_number(7),
            status,
            received_at: payload(),
            pin: payload(),
            token: payload(),
        });
        app.request = Some(request(status));
        apps.push(app);
    }
    apps
}

/// Every application page kind: sections with errors, check, each outbox state, the
/// confirmation with its timeline, and the list.
fn application_pages() -> Vec<(String, html::Rendered)> {
    let s = schema();
    let apps = applications();
    let errors: Vec<FieldError> = s
        .sections
        .iter()
        .flat_map(|sec| &sec.fields)
        .map(|f| FieldError {
            field: f.id.clone(),
            problem: Problem::Pattern,
        })
        .collect();
    let mut out = Vec::new();
    for lang in [Lang::Id, Lang::En] {
        for i in 0..s.sections.len() {
            for changing in [false, true] {
                out.push((
                    format!("section {i} (changing: {changing})"),
                    form_html::section(&apps[0], &s, i, lang, &errors, changing),
                ));
            }
        }
        out.push((
            "check".into(),
            form_html::check(&apps[0], &s, Some(14), lang),
        ));
        out.push((
            "draft prompt".into(),
            form_html::draft_prompt(&apps[0], &s, lang),
        ));
        for a in &apps {
            out.push((
                format!("status {:?}", a.state),
                form_html::status(a, Some(&service()), lang),
            ));
        }
        out.push(("list".into(), form_html::list(&apps, lang)));
    }
    out
}

/// The public performance page (`/kinerja`) and the staff dashboard's figures, of a hostile
/// agency with a service whose figures show (tables and charts) and one whose are withheld.
#[cfg(feature = "ssr")]
fn performance_pages() -> Vec<(String, html::Rendered)> {
    use app::domain::channel::Channel as Door;
    use app::domain::performance::{publish, Cell};
    use app::domain::screen::{PerformanceScreen, StaffMember};
    use app::domain::skm::{Answers, Period};
    let s = service();
    let mut shown = Cell::new(&s.agency.slug, &s.slug, Some(5));
    (shown.received, shown.open, shown.overdue) = (12, 3, 2);
    shown.add_channel(Door::App, 9);
    shown.add_channel(Door::Counter, 3);
    for d in [1, 2, 3, 4, 6, 9, 12] {
        shown.completed.add(d, 1);
    }
    for _ in 0..6 {
        shown.survey.add(&Answers::new(&[3; 9]).unwrap());
    }
    let withheld = Cell::new(&s.agency.slug, &format!("{}-2", s.slug), Some(3));
    let period = Period::parse("2026-Q1").unwrap();
    let choices = Period::since(Some("2025-11-02"), "2026-03-01");
    let rows = publish(period, &[shown, withheld]);
    let screen = PerformanceScreen {
        period,
        chosen: true,
        choices: choices.clone(),
        rows: rows.clone(),
        part: app::domain::page::Part {
            number: 1,
            pages: 2,
            total: 2,
        },
        services: vec![s.clone()],
    };
    let me = StaffMember {
        login: payload(),
        account_id: payload(),
        agency: s.agency.slug.clone(),
        admin: true,
    };
    let mut out = Vec::new();
    for lang in [Lang::Id, Lang::En] {
        let page = app::ui::kinerja_html::page(lang, &screen);
        assert!(page.html.contains("<svg"), "a chart is drawn");
        assert!(page.html.contains("data-withheld"), "a figure is withheld");
        out.push(("performance".into(), page));
        out.push((
            "dashboard".into(),
            app::ui::staff_html::dashboard(
                lang,
                &me,
                (period, &choices),
                &rows,
                std::slice::from_ref(&s),
                &Default::default(),
            ),
        ));
    }
    out
}

#[cfg(not(feature = "ssr"))]
fn performance_pages() -> Vec<(String, html::Rendered)> {
    Vec::new()
}

/// The pieces the phone's wiring writes into a page.
fn fragments() -> Vec<(String, String)> {
    let s = schema();
    let errors = vec![FieldError {
        field: payload(),
        problem: Problem::Required,
    }];
    let info = FileInfo {
        name: payload(),
        size: 5,
        media_type: payload(),
        uploaded: true,
    };
    vec![
        (
            "summary".into(),
            form_html::error_summary_markup(&s, &errors, Lang::Id).into_string(),
        ),
        (
            "file".into(),
            form_html::file_status_markup(&payload(), &info, Lang::Id).into_string(),
        ),
        (
            "field error".into(),
            form_html::field_error_markup(&payload(), Lang::En).into_string(),
        ),
        (
            "paragraph".into(),
            form_html::paragraph_markup(&payload()).into_string(),
        ),
    ]
}

#[test]
fn no_hostile_value_reaches_any_page_as_markup() {
    let mut pages: Vec<(String, String)> = catalogue_pages()
        .into_iter()
        .chain(application_pages())
        .chain(performance_pages())
        .map(|(n, r)| (n, r.html))
        .collect();
    pages.extend(fragments());
    let escaped =
        "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    for (name, html) in &pages {
        let found = problems(html);
        assert!(found.is_empty(), "{name}: {found:#?}\n{html}");
        let shows_data = html.contains(escaped)
            || name.contains("track")
            || name.contains("device")
            || name.contains("not-found");
        assert!(
            shows_data,
            "{name} shows the hostile text, escaped:\n{html}"
        );
    }
    assert!(
        pages.len() > 40,
        "every page kind was rendered: {}",
        pages.len()
    );
}

#[test]
fn the_checker_finds_what_a_payload_makes() {
    let bad = [
        format!("<p>{}</p>", markup::SCRIPT),
        format!("<a href=\"{}\">x</a>", markup::IMG),
        format!("<a title='{}'>x</a>", markup::QUOTE),
        format!("<a href=\"{JS_URL}\">x</a>"),
        "<p class=x>y</p>".into(),
    ];
    for b in bad {
        assert!(!problems(&b).is_empty(), "{b}");
    }
    assert!(problems("<p class=\"a\" data-x=\"&quot;&gt;\">a &lt;b&gt;</p>").is_empty());
}
