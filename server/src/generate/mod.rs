//! `server generate-catalogue`: a made-up catalogue of national size, written as the seed's
//! TOML (`catalogue/README.md`) so that the real import and its checks read it. The seed's
//! agencies and services are copied as they are; national agencies and regional offices (by
//! province, spread by population) get services from templates, every sentence drawn from a
//! pool of phrasings and filled with the office's own facts, so that the text compresses like
//! real text (`docs/design/issue-14.md` §5.2). SplitMix64 from `--seed`: the same seed and
//! sizes give the same bytes.

mod agencies;
mod calibrate;
mod compose;
mod forms;
mod model;
mod national;
mod places;
mod pools;
mod templates;
mod text;
mod writer;

pub use calibrate::report as calibration;

use crate::rng::Rng;
use model::{Agency, AgencyFile};
use std::collections::HashSet;
use std::path::Path;
use text::T;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// The seed of the random numbers.
    pub seed: u64,
    /// Services in all, the seed's included.
    pub services: usize,
    /// Agencies in all, the seed's included.
    pub agencies: usize,
    /// How many provinces (the first by code), 1 to 38.
    pub provinces: usize,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Agency files (besides `taxonomy.toml`).
    pub files: usize,
    /// National agencies, the seed's included.
    pub national_agencies: usize,
    /// Regional agencies.
    pub regional_agencies: usize,
    /// National services, the seed's included.
    pub national_services: usize,
    /// Regional services.
    pub regional_services: usize,
    /// Services with a form.
    pub forms: usize,
    /// Services taking applications through Loket.
    pub loket: usize,
    /// Bytes of TOML written.
    pub bytes: usize,
}

/// National agencies added to the seed's per 500 agencies (24 national of 500 in all).
const NATIONAL_AGENCIES_PER_500: usize = 14;
/// The national services' share, per ten thousand.
const NATIONAL_SERVICES_PER_10000: usize = 350;

/// Writes the catalogue into `out` (absent or empty), from the seed catalogue in `seed_dir`.
pub fn generate(seed_dir: &Path, out: &Path, sizes: &Sizes) -> anyhow::Result<Summary> {
    if sizes.provinces == 0 || sizes.provinces > places::PROVINCES.len() {
        anyhow::bail!("--provinces must be 1 to {}", places::PROVINCES.len());
    }
    let seed = crate::seed::read(seed_dir)
        .map_err(|e| anyhow::anyhow!("the seed catalogue {}: {e}", seed_dir.display()))?;
    let seed_agencies = seed.agencies.len();
    let seed_services = seed.services.len();
    if sizes.agencies < seed_agencies + sizes.provinces {
        anyhow::bail!(
            "--agencies must be at least {}: the seed's {seed_agencies} and one office per province",
            seed_agencies + sizes.provinces
        );
    }
    let new_national = ((sizes.agencies * NATIONAL_AGENCIES_PER_500 + 250) / 500)
        .min(national::NATIONAL.len())
        .min(sizes.agencies - seed_agencies - sizes.provinces);
    let regional_agencies = sizes.agencies - seed_agencies - new_national;
    let nationals = &national::NATIONAL[..new_national];
    let national_room: usize = nationals
        .iter()
        .map(|n| n.subjects.len() * n.actions.len())
        .sum();
    let national_extra = ((sizes.services * NATIONAL_SERVICES_PER_10000 + 5_000) / 10_000)
        .saturating_sub(seed_services)
        .max(new_national)
        .min(national_room);
    let Some(regional_services) = sizes.services.checked_sub(seed_services + national_extra) else {
        anyhow::bail!(
            "--services must be at least {}: the seed's {seed_services} and one for each new national agency",
            seed_services + national_extra
        );
    };

    let rng = Rng::new(sizes.seed);
    let provinces: Vec<&'static places::Province> =
        places::PROVINCES[..sizes.provinces].iter().collect();
    let offices = agencies::plan(&provinces, regional_agencies, &rng)?;
    let mut used: HashSet<String> = seed.services.iter().map(|s| s.slug.clone()).collect();
    let mut files = Vec::new();

    // National agencies beyond the seed.
    let rooms: Vec<usize> = nationals
        .iter()
        .map(|n| n.subjects.len() * n.actions.len())
        .collect();
    let counts = share(national_extra, &rooms);
    for (i, (n, &count)) in nationals.iter().zip(&counts).enumerate() {
        let mut r = rng.fork(500 + i as u64);
        let services = r
            .subset(rooms[i], count)
            .into_iter()
            .map(|k| {
                let (s, a) = (
                    &n.subjects[k / n.actions.len()],
                    &n.actions[k % n.actions.len()],
                );
                let mut service = compose::national(n, s, a, &mut r);
                service.slug = unique(&service.slug, &mut used);
                service
            })
            .collect();
        files.push(AgencyFile {
            file: format!("{}.toml", n.slug),
            comment: generated_comment(n.short, sizes.seed),
            agency: Agency {
                slug: n.slug.to_string(),
                short_name: n.short.to_string(),
                name: T::of(n.name),
                parent: n.parent.map(T::of),
                website: Some(n.website.to_string()),
                phone: Some(n.phone.to_string()),
                email: None,
                closes_on_cuti_bersama: false,
                province: None,
            },
            services,
        });
    }

    // Regional offices: each offers a share of its templates, by how many it could offer.
    let menus: Vec<Vec<(usize, Option<usize>)>> = offices.iter().map(menu).collect();
    let rooms: Vec<usize> = menus.iter().map(Vec::len).collect();
    let room: usize = rooms.iter().sum();
    if room < regional_services {
        anyhow::bail!(
            "{regional_agencies} regional agencies offer at most {room} services, not {regional_services}: ask for more agencies or fewer services"
        );
    }
    let counts = share(regional_services, &rooms);
    for (i, (o, &count)) in offices.iter().zip(&counts).enumerate() {
        let mut r = rng.fork(10_000 + i as u64);
        let services = r
            .subset(menus[i].len(), count)
            .into_iter()
            .map(|k| {
                let (t, v) = menus[i][k];
                let t = &templates::TEMPLATES[t];
                let mut service = compose::regional(t, v.map(|v| &t.variants[v]), o, &mut r);
                service.slug = unique(&service.slug, &mut used);
                service
            })
            .collect();
        files.push(AgencyFile {
            file: format!("{}-{}.toml", o.province.code, o.slug),
            comment: format!(
                "{} — {}, {}.\n{}",
                o.short,
                o.place.id,
                o.province.name,
                generated_comment(&o.short, sizes.seed)
            ),
            agency: o.agency(),
            services,
        });
    }
    let base = Summary {
        files: seed_agencies,
        national_agencies: seed_agencies,
        national_services: seed_services,
        forms: seed.services.iter().filter(|s| s.form.is_some()).count(),
        loket: seed
            .services
            .iter()
            .filter(|s| s.intake == Some(app::domain::catalogue::Intake::Loket))
            .count(),
        ..Default::default()
    };
    write(seed_dir, out, &files, base)
}

/// The head of a generated file: what it is, so nobody takes it for facts.
fn generated_comment(who: &str, seed: u64) -> String {
    format!(
        "Made up by `server generate-catalogue --seed {seed}` for benchmarks: {who} and its services are\nassembled from templates and are not real facts. Do not publish."
    )
}

/// What an office can offer: (template, variant) of every template of the kinds it hosts.
fn menu(o: &agencies::Office) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for (i, t) in templates::TEMPLATES.iter().enumerate() {
        if !o.hosts.contains(&t.unit) {
            continue;
        }
        if t.variants.is_empty() {
            out.push((i, None));
        } else {
            out.extend((0..t.variants.len()).map(|v| (i, Some(v))));
        }
    }
    out
}

/// `total` shared in proportion to `rooms` (largest remainder), never more than a room.
fn share(total: usize, rooms: &[usize]) -> Vec<usize> {
    let sum: usize = rooms.iter().sum();
    if sum == 0 {
        return vec![0; rooms.len()];
    }
    let total = total.min(sum);
    let mut out: Vec<usize> = rooms.iter().map(|r| total * r / sum).collect();
    let mut left = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..rooms.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total * rooms[i] % sum), i));
    for i in order {
        if left == 0 {
            break;
        }
        if out[i] < rooms[i] {
            out[i] += 1;
            left -= 1;
        }
    }
    out
}

/// `slug`, or a variant of it that is no longer than 80 characters and not yet used.
fn unique(slug: &str, used: &mut HashSet<String>) -> String {
    let mut base = slug.to_string();
    if base.len() > 72 {
        base.truncate(72);
        base = base.trim_end_matches('-').to_string();
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// Writes the taxonomy, the seed's files as they are and the generated files.
fn write(
    seed_dir: &Path,
    out: &Path,
    files: &[AgencyFile],
    mut summary: Summary,
) -> anyhow::Result<Summary> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        anyhow::bail!("{} is not empty: give a new or empty folder", out.display());
    }
    std::fs::create_dir_all(out)?;
    summary.files += files.len();
    let taxonomy = std::fs::read_to_string(seed_dir.join("taxonomy.toml"))?;
    let taxonomy = writer::taxonomy(&taxonomy);
    summary.bytes += taxonomy.len();
    std::fs::write(out.join("taxonomy.toml"), taxonomy)?;
    let mut seed_files: Vec<_> = std::fs::read_dir(seed_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "taxonomy.toml")
        })
        .collect();
    seed_files.sort();
    for p in seed_files {
        let bytes = std::fs::read(&p)?;
        summary.bytes += bytes.len();
        std::fs::write(out.join(p.file_name().unwrap_or_default()), bytes)?;
    }
    for f in files {
        let text = writer::agency_file(f);
        summary.bytes += text.len();
        std::fs::write(out.join(&f.file), text)?;
        if f.agency.province.is_some() {
            summary.regional_agencies += 1;
            summary.regional_services += f.services.len();
        } else {
            summary.national_agencies += 1;
            summary.national_services += f.services.len();
        }
        summary.forms += f.services.iter().filter(|s| s.form.is_some()).count();
        summary.loket += f.services.iter().filter(|s| s.loket).count();
    }
    Ok(summary)
}

/// `server generate-catalogue`: writes, then prints what it wrote and the calibration.
pub fn command(seed_dir: &Path, out: &Path, sizes: &Sizes) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let s = generate(seed_dir, out, sizes)?;
    println!(
        "wrote {} agency files and taxonomy.toml to {} ({:.1} MB of TOML) in {:.1} s: {} national agencies with {} services (the seed's included), {} regional agencies with {} services; {} with a form, {} through Loket",
        s.files,
        out.display(),
        s.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        s.national_agencies,
        s.national_services,
        s.regional_agencies,
        s.regional_services,
        s.forms,
        s.loket
    );
    print!("{}", calibration(out, seed_dir)?);
    Ok(())
}
