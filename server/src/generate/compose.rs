//! A service's text from its template and its agency: each sentence one of its pool's
//! phrasings, with the agency's own names, address, hours, regulations, fee and days in it,
//! and its own choice of an extra or dropped document, a note and a form.

use super::agencies::{Office, Unit};
use super::forms;
use super::model::{Channel, Contact, Cost, Requirement, Service};
use super::national::{Action, National, Subject};
use super::places::slug_of;
use super::pools;
use super::templates::{Family, Fee, Intake, Template, Variant};
use super::text::{rupiah, Vars, P, T};
use crate::rng::Rng;

/// Templates whose applicant has no e-KTP to show (it is what they ask for) or needs none.
const NO_IDENTITY: &[&str] = &["ktp-el", "ambulans-gawat-darurat", "pengaduan-pencemaran"];

/// The placeholders of an office's sentences.
fn office_vars(o: &Office) -> Vars {
    let mut v = Vars::default();
    v.pair("region", &o.place);
    v.same("agency", &o.short);
    v.pair("agency_full", &o.name);
    v.set(
        "office",
        format!("kantor {}", o.short),
        format!("the {} office", o.short),
    );
    v.same("addr", &o.addr);
    v.pair("hours", &o.hours);
    v.same("phone", &o.phone);
    v.same("wa", &o.wa);
    v.same("app", &o.app);
    v.same("site", &o.site);
    v.same("perda", &o.perda);
    v.same("perkada", &o.perkada);
    v.pair("color", &o.colour);
    v.same("year", o.year.to_string());
    let seat = &o.region;
    if o.unit.provincial() {
        v.set(
            "mpp",
            format!("Mal Pelayanan Publik {}", seat.id),
            format!("{} Public Service Mall", seat.en),
        );
    } else {
        v.set(
            "mpp",
            format!("Mal Pelayanan Publik (MPP) {}", seat.id),
            format!("{} Public Service Mall (MPP)", seat.en),
        );
    }
    v
}

/// `2026-MM-DD`, a day this year's checks were made.
fn verified(rng: &mut Rng) -> String {
    format!("2026-{:02}-{:02}", rng.range(1, 11), rng.range(1, 28))
}

/// A regional service: `t` (as its variant `v`) at office `o`.
pub fn regional(t: &Template, v: Option<&Variant>, o: &Office, rng: &mut Rng) -> Service {
    let base = match v {
        Some(v) => format!("{}-{}", t.slug, v.slug),
        None => t.slug.to_string(),
    };
    let slug = format!("{base}-{}", o.slug);
    let name = T::of(v.map_or(t.name, |v| v.name));
    let mut vars = office_vars(o);
    // A variant is named in sentences by its own name, except a tax's (`paying land and
    // building tax` does not read as a thing owed): those name the tax and say the variant first.
    match v {
        Some(v) if t.family != Family::Pajak => vars.set("obj", inside(v.name.0), inside(v.name.1)),
        _ => vars.pair("obj", &T::of(t.obj)),
    }
    vars.pair("who", &T::of(t.who));
    vars.pair("why", &T::of(t.why));
    let mut summary = vars.fill(*rng.pick(pools::summaries(t.family)));
    if let (Some(v), Family::Pajak) = (v, t.family) {
        summary = T {
            id: format!("{}: {}", v.name.0, lower_first(&summary.id)),
            en: format!("{}: {}", v.name.1, lower_first(&summary.en)),
        };
    }

    let mut keywords: Vec<String> = t.keywords.iter().map(|k| k.to_string()).collect();
    let unit_word = o.short.split(' ').next().unwrap_or("").to_lowercase();
    keywords.push(format!("{unit_word} {}", o.region.short.to_lowercase()));
    if rng.chance(50) {
        keywords.push(o.app.to_lowercase());
    }
    if let Some(k) = t.keywords.first() {
        keywords.push(format!("{k} {}", o.region.short.to_lowercase()));
    }
    keywords.push(o.region.short.to_lowercase());
    if let Some(v) = v {
        keywords.push(v.slug.replace('-', " "));
    }

    let requirements = requirements(t, v, &vars, rng);
    let steps = steps(t, &vars, rng);
    let loket = t.intake == Intake::Loket;
    let after_submit = if loket {
        let keep = if steps.len() > 3 && rng.chance(50) {
            2
        } else {
            1
        };
        steps[steps.len() - keep..].to_vec()
    } else {
        Vec::new()
    };
    let mut product = T::of(t.product);
    if rng.chance(40) {
        product = product.then(&vars.fill(*rng.pick(pools::PRODUCT_TAILS)));
    }
    let (processing, processing_days) = processing(t.days, &mut vars, rng);
    let cost = cost(t.fee, &vars, rng);
    let mut legal_basis: Vec<String> = t.law.iter().map(|l| l.to_string()).collect();
    match t.fee {
        Fee::Charge(..) => legal_basis.push(format!("{} tentang Retribusi Daerah", o.perda)),
        Fee::Tax(..) => legal_basis.push(format!(
            "{} tentang Pajak Daerah dan Retribusi Daerah",
            o.perda
        )),
        Fee::Free(_) => {}
    }
    if rng.chance(60) {
        legal_basis.push(format!("{} tentang Standar Pelayanan", o.perkada));
    }
    let mut sources = vec![
        format!("https://{}/layanan/{base}", o.site),
        format!(
            "https://jdih.{}/peraturan/{}",
            o.domain,
            slug_of(&o.perkada)
        ),
    ];
    if rng.chance(30) {
        sources.push(format!(
            "https://sippn.menpan.go.id/pelayanan-publik/{}/{}",
            slug_of(o.province.name),
            o.slug
        ));
    }
    let note = rng.chance(80).then(|| {
        let first = vars.fill(*rng.pick(pools::NOTES));
        if rng.chance(30) {
            first.then(&vars.fill(*rng.pick(pools::NOTES)))
        } else {
            first
        }
    });
    let channels = channels(t, o, &vars, rng);
    let contact = rng.chance(35).then(|| Contact {
        phone: Some(o.wa.clone()),
        email: Some(format!("layanan.{}", o.email)),
    });
    let with_form = t.intake != Intake::Official || rng.chance(15);
    let form = with_form.then(|| forms::form(form_fields(t), &vars, rng));
    Service {
        slug,
        loket,
        category: t.category,
        life_events: t.events.to_vec(),
        name,
        summary,
        keywords,
        requirements,
        steps,
        after_submit,
        product,
        processing,
        processing_days,
        legal_basis,
        verified_at: verified(rng),
        sources,
        note,
        cost,
        channels,
        contact,
        form,
    }
}

/// The identity, the template's documents (the first with its alternative), the variant's,
/// sometimes a proxy's and a local extra, sometimes one dropped.
fn requirements(t: &Template, v: Option<&Variant>, vars: &Vars, rng: &mut Rng) -> Vec<Requirement> {
    let mut out = Vec::new();
    if !NO_IDENTITY.contains(&t.slug) {
        out.push(plain(vars.fill(*rng.pick(pools::IDENTITY))));
    }
    let own = out.len();
    for (i, r) in t.reqs.iter().enumerate() {
        out.push(Requirement {
            text: T::of(*r),
            or: t.alt.filter(|_| i == 0).map(T::of),
        });
    }
    if let Some(v) = v {
        out.push(plain(T::of(v.req)));
    }
    if rng.chance(60) {
        out.push(plain(T::of(*rng.pick(pools::family_reqs(t.family)))));
    }
    if out.len() > own + 2 && rng.chance(25) {
        let drop = own + 1 + rng.below(out.len() - own - 1);
        out.remove(drop);
    }
    if rng.chance(50) {
        out.push(plain(vars.fill(*rng.pick(pools::PROXY))));
    }
    if rng.chance(40) {
        out.push(plain(vars.fill(*rng.pick(pools::LOCAL_EXTRAS))));
    }
    out
}

/// `step` with `clause` before its final full stop.
fn with_clause(step: T, clause: &T) -> T {
    let join = |s: &str, c: &str| match s.strip_suffix('.') {
        Some(body) => format!("{body}{c}."),
        None => format!("{s}{c}"),
    };
    T {
        id: join(&step.id, &clause.id),
        en: join(&step.en, &clause.en),
    }
}

/// The questions of a form: the template's, or for a template that has none (a form kept for
/// staff on an official service) a photo of its first document.
fn form_fields(t: &Template) -> &'static [super::templates::F] {
    const GENERIC: &[super::templates::F] = &[super::templates::F::File(
        "foto_dokumen",
        ("Foto dokumen persyaratan", "Photo of the required document"),
    )];
    if t.fields.is_empty() {
        GENERIC
    } else {
        t.fields
    }
}

/// A name inside a sentence: `Pisah Kartu Keluarga` → `pisah Kartu Keluarga`, but
/// `KTP-el` and `SIP dokter` keep their capitals.
fn inside(name: &str) -> String {
    let mut c = name.chars();
    match (c.next(), c.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            lower_first(name)
        }
        _ => name.to_string(),
    }
}

fn plain(text: T) -> Requirement {
    Requirement { text, or: None }
}

/// One phrasing per slot of the family's steps, a payment for a charged permit, and for
/// population documents sometimes printing at home.
fn steps(t: &Template, vars: &Vars, rng: &mut Rng) -> Vec<T> {
    let mut out: Vec<T> = pools::steps(t.family)
        .iter()
        .map(|slot| {
            let step = vars.fill(*rng.pick(slot));
            if rng.chance(25) {
                with_clause(step, &vars.fill(*rng.pick(pools::STEP_CLAUSES)))
            } else {
                step
            }
        })
        .collect();
    if rng.chance(40) {
        out.push(vars.fill(*rng.pick(pools::TRACKING_STEPS)));
    }
    if t.family == Family::Izin && matches!(t.fee, Fee::Charge(..)) {
        let at = out.len() - 2;
        out.insert(at, vars.fill(*rng.pick(pools::PAY_STEPS)));
    }
    if t.family == Family::Adminduk && rng.chance(50) {
        out.push(vars.fill(*rng.pick(pools::PRINT_AT_HOME)));
    }
    out
}

/// The processing text and working days: days when the template has a range (mostly), else
/// an open time.
fn processing(days: (u32, u32), vars: &mut Vars, rng: &mut Rng) -> (T, Option<u32>) {
    if days.1 > 0 && rng.chance(85) {
        let d = rng.range(days.0, days.1);
        vars.same("days", d.to_string());
        (vars.fill(*rng.pick(pools::PROCESSING_DAYS)), Some(d))
    } else {
        (vars.fill(*rng.pick(pools::PROCESSING_OPEN)), None)
    }
}

/// The cost: free with its basis, a charge in round thousands under the local Perda, or a tax
/// the note explains.
fn cost(fee: Fee, vars: &Vars, rng: &mut Rng) -> Cost {
    match fee {
        Fee::Free(basis) => Cost {
            free: true,
            basis: basis.to_string(),
            items: Vec::new(),
            note: rng
                .chance(50)
                .then(|| vars.fill(*rng.pick(pools::FREE_NOTES))),
        },
        Fee::Charge(label, lo, hi) => {
            let amount = u64::from(rng.range(lo, hi) / 5_000 * 5_000).max(5_000);
            Cost {
                free: false,
                basis: vars.fill(("UU 1/2022; {perda}", "")).id,
                items: vec![(T::of(label), amount)],
                note: Some(vars.fill(*rng.pick(pools::CHARGE_NOTES))),
            }
        }
        Fee::Tax(note) => Cost {
            free: false,
            basis: vars.fill(("UU 1/2022; {perda}", "")).id,
            items: Vec::new(),
            note: Some(
                T::of(note)
                    .then(&vars.fill(("Ketentuan daerah: {perda}.", "Local rules: {perda}."))),
            ),
        },
    }
}

/// The office (always), the template's national online channel, and sometimes the office's
/// own app.
fn channels(t: &Template, o: &Office, vars: &Vars, rng: &mut Rng) -> Vec<Channel> {
    let names = if o.unit.provincial() || o.unit == Unit::Mpp {
        &pools::OFFICE_NAMES[..2]
    } else {
        pools::OFFICE_NAMES
    };
    let mut out = vec![Channel {
        office: true,
        name: vars.fill(*rng.pick(names)),
        place: rng
            .chance(90)
            .then(|| vars.fill(*rng.pick(pools::OFFICE_WHERE))),
        url: None,
    }];
    if let Some((name, url)) = t.online {
        out.push(Channel {
            office: false,
            name: T::of(name),
            place: None,
            url: Some(url.to_string()),
        });
    }
    if rng.chance(if t.online.is_some() { 30 } else { 50 }) {
        out.push(Channel {
            office: false,
            name: vars.fill(("Aplikasi {app}", "The {app} app")),
            place: rng.chance(70).then(|| {
                vars.fill((
                    "Unduh di Play Store atau buka lewat {site}.",
                    "Get it on the Play Store or open it at {site}.",
                ))
            }),
            url: Some(format!("https://{}", o.site)),
        });
    }
    out
}

/// `Pendirian PT` → `pendirian PT`: a name inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The questions of a national service's form.
const NATIONAL_FORM: &[super::templates::F] = &[
    super::templates::F::Text(
        "keperluan",
        ("Untuk apa permohonan ini?", "What is the application for?"),
        200,
    ),
    super::templates::F::File(
        "dokumen_pendukung",
        ("Foto dokumen pendukung", "Photo of the supporting document"),
    ),
];

/// A national service: action `a` on subject `s` of agency `n`.
pub fn national(n: &National, s: &Subject, a: &Action, rng: &mut Rng) -> Service {
    let mut subject = Vars::default();
    subject.set("subject", s.name.0, s.name.1);
    let fill = |p: P| subject.fill(p);
    let name = fill(a.name);
    let mut vars = Vars::default();
    vars.set("obj", lower_first(&name.id), lower_first(&name.en));
    vars.pair("who", &fill(a.who));
    vars.pair("why", &fill(a.why));
    vars.same("agency", n.short);
    vars.pair("agency_full", &T::of(n.name));
    vars.pair("online", &T::of(n.online.0));
    vars.set("office_n", n.office.0, lower_first(n.office.1));
    vars.same("phone", n.phone);
    vars.same("site", n.website.trim_start_matches("https://"));
    vars.same("region", "Indonesia");
    let mut summary = vars.fill(*rng.pick(pools::NATIONAL_SUMMARIES));
    if rng.chance(60) {
        summary = summary.then(&T::of(*rng.pick(pools::NATIONAL_SUMMARY_TAILS)));
    }
    let slug = format!("{}-{}-{}", a.slug, s.slug, n.slug);
    let mut keywords: Vec<String> = s.keywords.iter().map(|k| k.to_string()).collect();
    keywords.push(n.short.to_lowercase());
    keywords.push(a.slug.replace('-', " "));
    let mut requirements = vec![
        plain(vars.fill(*rng.pick(pools::IDENTITY))),
        plain(T::of(s.req)),
        plain(fill(a.req)),
    ];
    let more = rng.range(1, 3) as usize;
    for k in rng.subset(pools::NATIONAL_REQS.len(), more) {
        requirements.push(plain(T::of(pools::NATIONAL_REQS[k])));
    }
    if rng.chance(40) {
        requirements.push(plain(vars.fill(*rng.pick(pools::PROXY))));
    }
    let mut steps: Vec<T> = pools::NATIONAL_STEPS
        .iter()
        .map(|slot| vars.fill(*rng.pick(slot)))
        .collect();
    let last = steps.pop();
    steps.extend(
        pools::NATIONAL_MORE_STEPS
            .iter()
            .map(|slot| vars.fill(*rng.pick(slot))),
    );
    steps.extend(last);
    let (processing, processing_days) = if n.days.1 > 0 && rng.chance(80) {
        let d = rng.range(n.days.0, n.days.1);
        vars.same("days", d.to_string());
        (vars.fill(*rng.pick(pools::NATIONAL_DAYS)), Some(d))
    } else {
        (vars.fill(*rng.pick(pools::NATIONAL_OPEN)), None)
    };
    let cost = match n.fee {
        Fee::Free(basis) => Cost {
            free: true,
            basis: basis.to_string(),
            items: Vec::new(),
            note: rng
                .chance(40)
                .then(|| vars.fill(*rng.pick(pools::FREE_NOTES))),
        },
        Fee::Charge(label, lo, hi) => {
            let amount = u64::from(rng.range(lo, hi) / 5_000 * 5_000).max(5_000);
            let (id, en) = rupiah(amount);
            Cost {
                free: false,
                basis: format!("PP tentang jenis dan tarif PNBP yang berlaku pada {}", n.short),
                items: vec![(T::of(label), amount)],
                note: Some(T {
                    id: format!("Dibayar lewat kode billing SIMPONI ke kas negara; tarif contoh {id}."),
                    en: format!("Paid with a SIMPONI billing code to the state treasury; example tariff {en}."),
                }),
            }
        }
        Fee::Tax(note) => Cost {
            free: false,
            basis: n.law.join("; "),
            items: Vec::new(),
            note: Some(T::of(note)),
        },
    };
    let channels = vec![
        Channel {
            office: false,
            name: T::of(n.online.0),
            place: None,
            url: Some(n.online.1.to_string()),
        },
        Channel {
            office: true,
            name: T::of(n.office),
            place: Some(vars.fill(*rng.pick(pools::NATIONAL_WHERE))),
            url: None,
        },
    ];
    let form = rng
        .chance(if n.forms { 60 } else { 35 })
        .then(|| forms::form(NATIONAL_FORM, &vars, rng));
    Service {
        slug,
        loket: false,
        category: n.category,
        life_events: n.events.to_vec(),
        name,
        summary,
        keywords,
        requirements,
        steps,
        after_submit: Vec::new(),
        product: fill(a.product),
        processing,
        processing_days,
        legal_basis: n.law.iter().map(|l| l.to_string()).collect(),
        verified_at: verified(rng),
        sources: vec![
            format!("{}/layanan/{}-{}", n.website, a.slug, s.slug),
            format!("https://peraturan.go.id/cari?q={}", slug_of(n.law[0])),
        ],
        note: Some(if rng.chance(40) {
            let first = vars.fill(*rng.pick(pools::NATIONAL_NOTES));
            first.then(&vars.fill(*rng.pick(pools::NATIONAL_NOTES)))
        } else {
            vars.fill(*rng.pick(pools::NATIONAL_NOTES))
        }),
        cost,
        channels,
        contact: None,
        form,
    }
}
