//! Application forms: the applicant's details, the template's own questions, the documents as
//! photos and how to reach the applicant, each office phrasing its hints and choosing its
//! optional questions (see `[service.form]` in `catalogue/README.md`).

use super::model::{Field, Form, Section};
use super::pools;
use super::templates::F;
use super::text::{Vars, T};
use crate::rng::Rng;

const MAX_BYTES: u64 = 2_000_000;

/// A form with the template's `fields` (`F::File` ones go to the documents).
pub fn form(fields: &[F], vars: &Vars, rng: &mut Rng) -> Form {
    let mut sections = vec![applicant(vars, rng)];
    let asked: Vec<Field> = fields
        .iter()
        .filter(|f| !matches!(f, F::File(..)))
        .map(|f| question(f, vars, rng))
        .collect();
    if !asked.is_empty() {
        sections.push(Section {
            id: "permohonan",
            title: vars.fill(*rng.pick(pools::SECTION_TITLES[1])),
            fields: asked,
        });
    }
    let mut files: Vec<Field> = fields
        .iter()
        .filter(|f| matches!(f, F::File(..)))
        .map(|f| question(f, vars, rng))
        .collect();
    if rng.chance(50) {
        let mut ktp = Field::new(
            "foto_ktp",
            T::of(("Foto KTP-el pemohon", "Photo of the applicant's e-KTP")),
            "file",
            rng.chance(60),
        );
        ktp.max_bytes = Some(MAX_BYTES);
        files.insert(0, ktp);
    }
    if !files.is_empty() {
        sections.push(Section {
            id: "dokumen",
            title: vars.fill(*rng.pick(pools::SECTION_TITLES[2])),
            fields: files,
        });
    }
    sections.push(contact(vars, rng));
    Form {
        version: rng.range(1, 3),
        sections,
    }
}

/// Name, NIK and (usually) address.
fn applicant(vars: &Vars, rng: &mut Rng) -> Section {
    let mut nik = Field::new(
        "nik",
        T::of(("NIK", "National identity number (NIK)")),
        "nik",
        true,
    );
    nik.hint = Some(vars.fill(*rng.pick(pools::NIK_HINTS)));
    let mut name = Field::new(
        "nama_lengkap",
        T::of(("Nama lengkap", "Full name")),
        "text",
        true,
    );
    name.hint = Some(vars.fill(*rng.pick(pools::NAME_HINTS)));
    name.max_length = Some(100);
    let mut fields = vec![nik, name];
    if rng.chance(80) {
        let mut address = Field::new("alamat", T::of(("Alamat", "Address")), "long_text", true);
        address.hint = Some(vars.fill(*rng.pick(pools::ADDRESS_HINTS)));
        address.max_length = Some(300);
        fields.push(address);
    }
    Section {
        id: "pemohon",
        title: T::of(*rng.pick(pools::SECTION_TITLES[0])),
        fields,
    }
}

/// Phone, e-mail, and sometimes how to receive the result (with the postal address when by
/// post).
fn contact(vars: &Vars, rng: &mut Rng) -> Section {
    let mut phone = Field::new("no_hp", T::of(("Nomor HP", "Mobile number")), "phone", true);
    phone.hint = Some(vars.fill(*rng.pick(pools::PHONE_HINTS)));
    let mut fields = vec![phone];
    if rng.chance(75) {
        let mut email = Field::new("email", T::of(("Email", "Email")), "email", false);
        email.hint = Some(vars.fill(*rng.pick(pools::EMAIL_HINTS)));
        fields.push(email);
    }
    if rng.chance(50) {
        let mut how = Field::new(
            "cara_terima",
            vars.fill(*rng.pick(pools::RECEIVE_LABELS)),
            "choice",
            true,
        );
        how.options = vec![
            (
                "ambil_di_loket".into(),
                T::of(("Ambil sendiri di loket", "Collect it at the counter")),
            ),
            (
                "dikirim_pos".into(),
                T::of(("Dikirim lewat pos", "Send it by post")),
            ),
        ];
        if rng.chance(50) {
            how.options.push((
                "dokumen_elektronik".into(),
                T::of((
                    "Dokumen elektronik lewat email",
                    "Electronic document by email",
                )),
            ));
        }
        let mut post = Field::new(
            "alamat_kirim",
            T::of(("Alamat pengiriman", "Postal address")),
            "long_text",
            true,
        );
        post.max_length = Some(300);
        post.visible_if = Some(("cara_terima".into(), vec!["dikirim_pos".into()]));
        fields.push(how);
        fields.push(post);
    }
    Section {
        id: "kontak",
        title: T::of(*rng.pick(pools::SECTION_TITLES[3])),
        fields,
    }
}

/// A template's question as a field.
fn question(f: &F, vars: &Vars, rng: &mut Rng) -> Field {
    match *f {
        F::Choice(id, label, options) => {
            let mut field = Field::new(id, T::of(label), "choice", true);
            field.options = options
                .iter()
                .map(|(v, l)| (v.to_string(), T::of(*l)))
                .collect();
            field
        }
        F::Text(id, label, max) => {
            let mut field = Field::new(id, T::of(label), "text", true);
            field.max_length = Some(max);
            field
        }
        F::Date(id, label) => Field::new(id, T::of(label), "date", true),
        F::Born(id, label) => {
            let mut field = Field::new(id, T::of(label), "memorable_date", true);
            field.min = Some(19_000_101);
            field
        }
        F::YesNo(id, label) => Field::new(id, T::of(label), "yes_no", rng.chance(50)),
        F::Number(id, label, min, max) => {
            let mut field = Field::new(id, T::of(label), "number", true);
            field.min = Some(min);
            field.max = Some(max);
            field
        }
        F::File(id, label) => {
            let mut field = Field::new(id, T::of(label), "file", true);
            field.max_bytes = Some(MAX_BYTES);
            if rng.chance(60) {
                field.hint = Some(vars.fill(*rng.pick(pools::FILE_HINTS)));
            }
            field
        }
    }
}
