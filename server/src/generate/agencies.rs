//! Which offices a national catalogue has: for each province a few provincial ones and, per
//! regency or city, its Disdukcapil, its public service mall (MPP, hosting the counters of the
//! offices the regency has no separate entry for) and some of its other offices, spread over
//! the provinces by population. Each office gets its own address, hours, app and regulations.

use super::places::{Province, Region};
use super::pools;
use super::text::{capitalise, T};
use crate::rng::Rng;

/// A kind of regional office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Dinas Kependudukan dan Pencatatan Sipil.
    Dukcapil,
    /// Mal Pelayanan Publik: hosts other offices' counters.
    Mpp,
    /// Dinas Penanaman Modal dan PTSP.
    Dpmptsp,
    /// Badan Pendapatan Daerah.
    Bapenda,
    /// Dinas Sosial.
    Dinsos,
    /// The sub-district, ward and village offices.
    Kecamatan,
    /// Dinas Perhubungan.
    Dishub,
    /// Dinas Kesehatan.
    Dinkes,
    /// Dinas Tenaga Kerja.
    Disnaker,
    /// Dinas Pendidikan.
    Disdik,
    /// Dinas Pertanian.
    Distan,
    /// Dinas Lingkungan Hidup.
    Dlh,
    /// The province's revenue agency with Samsat.
    Samsat,
    /// The province's DPMPTSP.
    DpmptspProv,
    /// The province's education office (senior secondary schools).
    DisdikProv,
    /// The province's social affairs office.
    DinsosProv,
    /// The province's health office.
    DinkesProv,
}

/// A regency's offices after its Disdukcapil and MPP, rotated per regency.
const REST: [Unit; 10] = [
    Unit::Dpmptsp,
    Unit::Bapenda,
    Unit::Dinsos,
    Unit::Kecamatan,
    Unit::Dishub,
    Unit::Dinkes,
    Unit::Disnaker,
    Unit::Disdik,
    Unit::Distan,
    Unit::Dlh,
];

/// The provincial offices, in the order a province gets them.
const PROVINCIAL: [Unit; 5] = [
    Unit::Samsat,
    Unit::DpmptspProv,
    Unit::DisdikProv,
    Unit::DinsosProv,
    Unit::DinkesProv,
];

impl Unit {
    /// Short name, full name (id, en, each after the place), and web subdomain.
    fn words(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Unit::Dukcapil => (
                "Disdukcapil",
                "Dinas Kependudukan dan Pencatatan Sipil",
                "Population and Civil Registration Office",
                "disdukcapil",
            ),
            Unit::Mpp => ("MPP", "Mal Pelayanan Publik", "Public Service Mall", "mpp"),
            Unit::Dpmptsp | Unit::DpmptspProv => (
                "DPMPTSP",
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                "Investment and One-Stop Service Office",
                "dpmptsp",
            ),
            Unit::Bapenda => (
                "Bapenda",
                "Badan Pendapatan Daerah",
                "Revenue Agency",
                "bapenda",
            ),
            Unit::Samsat => (
                "Bapenda",
                "Badan Pendapatan Daerah (Samsat)",
                "Revenue Agency (Samsat)",
                "bapenda",
            ),
            Unit::Dinsos | Unit::DinsosProv => {
                ("Dinsos", "Dinas Sosial", "Social Affairs Office", "dinsos")
            }
            Unit::Kecamatan => (
                "Kecamatan",
                "Kecamatan dan Kelurahan/Desa",
                "Sub-district, Ward and Village Offices",
                "kecamatan",
            ),
            Unit::Dishub => ("Dishub", "Dinas Perhubungan", "Transport Office", "dishub"),
            Unit::Dinkes | Unit::DinkesProv => {
                ("Dinkes", "Dinas Kesehatan", "Health Office", "dinkes")
            }
            Unit::Disnaker => (
                "Disnaker",
                "Dinas Tenaga Kerja",
                "Manpower Office",
                "disnaker",
            ),
            Unit::Disdik | Unit::DisdikProv => {
                ("Disdik", "Dinas Pendidikan", "Education Office", "disdik")
            }
            Unit::Distan => ("Distan", "Dinas Pertanian", "Agriculture Office", "distan"),
            Unit::Dlh => ("DLH", "Dinas Lingkungan Hidup", "Environment Office", "dlh"),
        }
    }

    /// True for a province's office.
    pub fn provincial(self) -> bool {
        PROVINCIAL.contains(&self)
    }
}

/// A regional office with its local facts.
#[derive(Clone, Debug)]
pub struct Office {
    /// Its kind.
    pub unit: Unit,
    /// The kinds whose templates it offers (an MPP hosts several).
    pub hosts: Vec<Unit>,
    /// Its province.
    pub province: &'static Province,
    /// Its regency or city (a provincial office: the province's seat).
    pub region: Region,
    /// Slug, also the tail of its services' slugs.
    pub slug: String,
    /// Short name, `Disdukcapil Kab. Bandung`.
    pub short: String,
    /// Full name.
    pub name: T,
    /// The government it belongs to.
    pub parent: T,
    /// The area it serves: `Kabupaten Bandung` or `Provinsi Jawa Barat`.
    pub place: T,
    /// Web domain of its government.
    pub domain: String,
    /// Its website.
    pub site: String,
    /// Its e-mail address.
    pub email: String,
    /// Its telephone.
    pub phone: String,
    /// Its WhatsApp number.
    pub wa: String,
    /// Its street address.
    pub addr: String,
    /// Its opening hours.
    pub hours: T,
    /// Its own app's name.
    pub app: String,
    /// Its local regulation on charges: `Perda Kabupaten Bandung Nomor 7 Tahun 2021`.
    pub perda: String,
    /// Its head's regulation on service standards.
    pub perkada: String,
    /// The colour of folder it asks for.
    pub colour: T,
    /// A year its notes speak of.
    pub year: u32,
    /// Whether its counters close on cuti bersama.
    pub closes: bool,
}

impl Office {
    /// Its `[agency]` entry.
    pub fn agency(&self) -> super::model::Agency {
        super::model::Agency {
            slug: self.slug.clone(),
            short_name: self.short.clone(),
            name: self.name.clone(),
            parent: Some(self.parent.clone()),
            website: Some(format!("https://{}", self.site)),
            phone: Some(self.phone.clone()),
            email: Some(self.email.clone()),
            closes_on_cuti_bersama: self.closes,
            province: Some(self.province.code),
        }
    }
}

/// How many of `total` go to each weight: at least one each, the rest by the largest
/// remainder.
pub fn spread(total: usize, weights: &[u64]) -> Vec<usize> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let mut out = vec![1usize; n];
    let rest = total.saturating_sub(n) as u64;
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut remainders = Vec::with_capacity(n);
    let mut given = 0u64;
    for (i, w) in weights.iter().enumerate() {
        let exact = rest * w;
        out[i] += (exact / sum) as usize;
        given += exact / sum;
        remainders.push((exact % sum, i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take((rest - given) as usize) {
        out[i] += 1;
    }
    out
}

/// The offices of `provinces`, `count` in all (at least one per province), each with its
/// local facts drawn from `rng`.
pub fn plan(
    provinces: &[&'static Province],
    count: usize,
    rng: &Rng,
) -> anyhow::Result<Vec<Office>> {
    if count < provinces.len() {
        anyhow::bail!(
            "{count} regional agencies cannot cover {} provinces: ask for more agencies",
            provinces.len()
        );
    }
    let weights: Vec<u64> = provinces.iter().map(|p| u64::from(p.people)).collect();
    let per_province = spread(count, &weights);
    let mut offices = Vec::with_capacity(count);
    for (&p, &n) in provinces.iter().zip(&per_province) {
        let provincial = match n {
            1 => 0,
            2..=5 => 1,
            _ => (1 + n / 10).min(PROVINCIAL.len()),
        };
        let local = n - provincial;
        let most = p.regions.len() * (REST.len() + 2);
        if local > most {
            anyhow::bail!(
                "{} would need {local} regency offices but has room for {most}: ask for fewer agencies",
                p.name
            );
        }
        for &unit in &PROVINCIAL[..provincial] {
            offices.push(units_office(
                p,
                Region::of(p.regions[0]),
                unit,
                vec![unit],
                true,
            ));
        }
        let regions = p.regions.len().min(local.div_ceil(3));
        let counts = if local == 0 {
            Vec::new()
        } else {
            spread(local, &vec![1; regions])
        };
        for (j, &k) in counts.iter().enumerate() {
            let region = Region::of(p.regions[j]);
            let mut units = vec![Unit::Dukcapil];
            if k >= 2 {
                units.push(Unit::Mpp);
            }
            units.extend((0..k.saturating_sub(2)).map(|i| REST[(j + i) % REST.len()]));
            for &unit in &units {
                let hosts = if unit == Unit::Mpp {
                    std::iter::once(Unit::Dukcapil)
                        .chain(REST)
                        .filter(|u| !units.contains(u))
                        .collect()
                } else {
                    vec![unit]
                };
                offices.push(units_office(p, region.clone(), unit, hosts, false));
            }
        }
    }
    for (i, o) in offices.iter_mut().enumerate() {
        local_facts(o, &mut rng.fork(1_000 + i as u64));
    }
    Ok(offices)
}

/// An office's names; its local facts come later ([`local_facts`]).
fn units_office(
    province: &'static Province,
    region: Region,
    unit: Unit,
    hosts: Vec<Unit>,
    provincial: bool,
) -> Office {
    let (short, id, en, sub) = unit.words();
    let (place, abbr, slug_place, domain) = if provincial {
        let slug = super::places::slug_of(province.name);
        (
            T {
                id: format!("Provinsi {}", province.name),
                en: format!("{} Province", province.en),
            },
            format!("Prov. {}", province.name),
            format!("prov-{slug}"),
            format!("{}prov.go.id", slug.replace('-', "")),
        )
    } else {
        (
            T {
                id: region.id.clone(),
                en: region.en.clone(),
            },
            region.abbr.clone(),
            region.slug.clone(),
            region.domain.clone(),
        )
    };
    let (short, slug) = match unit {
        Unit::Samsat => (
            format!("Samsat {}", province.name),
            format!("samsat-{slug_place}"),
        ),
        _ => (format!("{short} {abbr}"), format!("{sub}-{slug_place}")),
    };
    let parent = if provincial {
        T {
            id: format!("Pemerintah {}", place.id),
            en: format!("Government of {}", place.en),
        }
    } else {
        T {
            id: format!("Pemerintah {}, {}", place.id, province.name),
            en: format!("Government of {}, {}", place.en, province.en),
        }
    };
    Office {
        unit,
        hosts,
        province,
        region,
        name: T {
            id: format!("{id} {}", place.id),
            en: format!("{} {en}", place.en),
        },
        parent,
        place,
        site: format!("{sub}.{domain}"),
        email: format!("{sub}@{domain}"),
        domain,
        slug,
        short,
        phone: String::new(),
        wa: String::new(),
        addr: String::new(),
        hours: T::same(""),
        app: String::new(),
        perda: String::new(),
        perkada: String::new(),
        colour: T::same(""),
        year: 0,
        closes: false,
    }
}

/// The area code's first digit, by island group.
fn area_digit(code: &str) -> u32 {
    match code.as_bytes()[0] {
        b'1' | b'2' => 7,
        b'3' => 2,
        b'5' => 3,
        b'6' => 5,
        b'7' => 4,
        _ => 9,
    }
}

/// Address, phone, hours, app and regulations of one office.
fn local_facts(o: &mut Office, rng: &mut Rng) {
    let seat = o.region.short;
    let street = rng.pick(pools::STREETS);
    o.addr = match rng.below(3) {
        0 => format!("Jl. {street} No. {}, {seat}", rng.range(1, 220)),
        1 => format!(
            "Kompleks Perkantoran Pemda, Jl. {street} No. {}, {seat}",
            rng.range(1, 90)
        ),
        _ => format!("Jl. {street} Km {}, {seat}", rng.range(1, 12)),
    };
    o.phone = format!(
        "(0{}{}) {}",
        area_digit(o.province.code),
        rng.range(10, 99),
        rng.range(200_000, 8_999_999)
    );
    o.wa = format!(
        "08{}-{}-{}",
        rng.range(11, 59),
        rng.range(1000, 9999),
        rng.range(1000, 9999)
    );
    o.hours = T::of(*rng.pick(pools::HOURS));
    let head = rng.pick(pools::APP_HEADS);
    let core = rng.pick(pools::APP_CORES);
    o.app = match rng.below(4) {
        0 => format!("{head}{core} {seat}"),
        1 => format!("{head}{core}"),
        2 => format!(
            "{head}{} {core}",
            capitalise(&o.short.split(' ').next().unwrap_or("").to_ascii_lowercase())
        ),
        _ => format!("{head}{core} Online"),
    };
    let (perda, perkada) = if o.unit.provincial() {
        (
            format!("Perda Provinsi {}", o.province.name),
            format!("Peraturan Gubernur {}", o.province.name),
        )
    } else {
        (o.region.perda(), o.region.perkada())
    };
    o.perda = format!(
        "{perda} Nomor {} Tahun {}",
        rng.range(1, 24),
        rng.range(2011, 2024)
    );
    o.perkada = format!(
        "{perkada} Nomor {} Tahun {}",
        rng.range(1, 150),
        rng.range(2018, 2025)
    );
    o.colour = T::of(*rng.pick(pools::COLOURS));
    o.year = rng.range(2017, 2025);
    o.closes = rng.chance(40);
}
