//! `POST requests.{fmt}`: a partner files a request. In this order: the form is read
//! (form-encoded only), the `api_key` must be a key in force (403, before anything else is
//! judged), the key's rate (429), the service (400 missing, 404 unknown or not taking
//! applications), then the location, description and free text and every attribute through the
//! one validator with the partner form (400, one error per problem). Stored through the app's
//! own submit (reference, PIN, agency, due date, first timeline step), channel `open311`.

use super::{answer, failed, refuse, refuse_one, Open311};
use app::domain::channel::Channel;
use app::domain::form::FormSchema;
use app::domain::l10n::Lang;
use app::domain::open311::doc::Format;
use app::domain::open311::post::Post;
use app::domain::open311::{partner, Error};
use app::domain::submission::{Envelope, Refusal};
use app::store::limits::LimitError;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::Response;

/// Seconds until a limited key may POST again (put on the 429 answer as `Retry-After`).
#[derive(Clone, Copy, Debug)]
pub struct RetryAfter(pub u64);

/// Files the request in `req`.
pub async fn file(s: &Open311, format: Format, req: Request) -> Response {
    let form_encoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if form_encoded.is_some_and(|t| t != "application/x-www-form-urlencoded") {
        return refuse_one(
            format,
            400,
            "Content-Type harus application/x-www-form-urlencoded",
        );
    }
    let body = match axum::body::to_bytes(req.into_body(), usize::MAX).await {
        Ok(b) => b,
        // The body limit (--max-body) refuses a larger body.
        Err(_) => return refuse_one(format, 413, "isi permintaan terlalu besar"),
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let post = Post::read(pairs.iter().copied());

    // The key first: a partner without one learns nothing else.
    let Some(api_key) = post.api_key.as_deref() else {
        return refuse_one(format, 403, "api_key wajib untuk mengajukan permohonan");
    };
    let key = match app::store::open311::key_in_force(&s.pool, api_key).await {
        Ok(Some(k)) => k,
        Ok(None) => return refuse_one(format, 403, "api_key tidak dikenal atau sudah dicabut"),
        Err(e) => return failed(format, "key", e),
    };
    match s.limits.open311_per_key.take(&key.0.to_string()).await {
        Ok(()) => {}
        Err(LimitError::Limited(l)) => {
            let mut res = refuse_one(
                format,
                429,
                &format!(
                    "terlalu banyak permohonan dari kunci ini; coba lagi setelah {} detik",
                    l.retry_after_secs
                ),
            );
            res.extensions_mut().insert(RetryAfter(l.retry_after_secs));
            return res;
        }
        Err(LimitError::Store(e)) => return failed(format, "limit", e),
    }

    let Some(code) = post.service_code.as_deref().map(str::trim) else {
        return refuse_one(format, 400, "service_code wajib");
    };
    // The service and the calendar its due date is counted with, from the kept shelf.
    let kept = match s.shelves.with_calendar(&s.pool).await {
        Ok(kept) => kept,
        Err(e) => return failed(format, "service", e),
    };
    let calendar = &kept.calendar;
    let found = app::domain::catalogue::is_valid_slug(code)
        .then(|| kept.service_with_form(code))
        .flatten();
    let Some((service, form)) = found.filter(|(svc, _)| svc.intake_form().is_some()) else {
        return refuse_one(format, 404, "service_code tidak dikenal");
    };
    let form = match form {
        Ok(Some(f)) => partner::partner_form(&f),
        Err(e) => return failed(format, "stored form", e),
        Ok(None) => return refuse_one(format, 404, "service_code tidak dikenal"),
    };

    // Everything else, every problem at once.
    let mut errors: Vec<Error> = post
        .problems()
        .into_iter()
        .map(|d| Error::new(400, d))
        .collect();
    let (answers, bad) = partner::answers(&form, pairs.iter().copied());
    errors.extend(bad.into_iter().map(|b| {
        Error::new(
            400,
            format!(
                "{}: nama atribut salah; tulis attribute[kode] atau attribute[kode][]",
                shown(&b.0)
            ),
        )
    }));
    let id = match app::store::new_id() {
        Ok(id) => id,
        Err(e) => return failed(format, "id", e),
    };
    let envelope = Envelope {
        id,
        service: service.slug.clone(),
        form_version: form.version,
        answers,
        expect: None,
    };
    let today = app::clock::today();
    let clean = match app::domain::submission::check_on(&envelope, Some(&form), today) {
        Ok(clean) => Some(clean),
        Err(Refusal::Invalid { errors: fields }) => {
            errors.extend(fields.iter().map(|e| attribute_error(&form, e)));
            None
        }
        Err(other) => {
            errors.push(Error::new(400, format!("permohonan ditolak: {other:?}")));
            None
        }
    };
    let Some(clean) = clean.filter(|_| errors.is_empty()) else {
        return refuse(format, &errors);
    };

    let mut filing = app::store::requests::filing(service, calendar, today);
    filing.channel = Channel::Open311;
    filing.partner = Some(partner_part(key.0, &post));
    let stored = s.submitter.submit(&envelope, &clean, &filing).await;
    let receipt = match stored {
        Ok(app::store::requests::Stored::New(r)) => r,
        Ok(other) => return failed(format, "submit", format!("{other:?}")),
        Err(e) => return failed(format, "submit", e),
    };
    tracing::info!(partner = %key.1, reference = %receipt.reference, service = %service.slug, "open311: request filed");
    let notice = format!(
        "Nomor permohonan {}, PIN {}. Pemohon dapat melacaknya di {} dengan nomor dan PIN ini. \
         Dokumen yang diminta layanan ini dibawa ke kantor layanan.",
        receipt.reference,
        receipt.pin,
        s.public_url.absolute("/lacak")
    );
    answer(
        StatusCode::CREATED,
        format,
        &app::domain::open311::created(&receipt.reference.to_string(), &notice),
    )
}

/// A name a partner sent, as an error may show it: only when it is made of the characters a
/// field id or a form name has (at most 60), else `?` (hostile input is never echoed).
fn shown(s: &str) -> String {
    let plain = s.len() <= 60
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '[' | ']'));
    if plain {
        s.to_string()
    } else {
        "?".into()
    }
}

/// A validator's problem as an Open311 error naming `attribute[code]`, in the citizen's words.
fn attribute_error(form: &FormSchema, e: &app::domain::form::FieldError) -> Error {
    let field = form.field(&e.field);
    let words = app::ui::form_html::problem_text(field, &e.problem, Lang::Id);
    let name = if field.is_some() {
        e.field.clone()
    } else {
        shown(&e.field)
    };
    Error::new(400, format!("attribute[{name}]: {words}"))
}

/// What the partner sent beside the answers, kept for staff.
fn partner_part(key_id: i64, p: &Post) -> app::store::open311::Partner {
    let coordinate = |v: &Option<String>| v.as_deref().and_then(|v| v.trim().parse::<f64>().ok());
    let mut contact = serde_json::Map::new();
    for (name, v) in [
        ("first_name", &p.first_name),
        ("last_name", &p.last_name),
        ("email", &p.email),
        ("phone", &p.phone),
        ("device_id", &p.device_id),
        ("account_id", &p.account_id),
    ] {
        if let Some(v) = v {
            contact.insert(name.into(), v.trim().into());
        }
    }
    app::store::open311::Partner {
        key_id,
        address: p.address(),
        address_id: p.address_id.clone(),
        lat: coordinate(&p.lat).filter(|_| p.long.is_some()),
        long: coordinate(&p.long).filter(|_| p.lat.is_some()),
        description: p.description.clone().unwrap_or_default(),
        media_url: p.media_url.clone().unwrap_or_default().trim().to_string(),
        contact: contact.into(),
    }
}
