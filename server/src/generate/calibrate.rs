//! What a catalogue weighs on the wire: each service's JSON document as the import stores it
//! and the sync sends it, raw and at brotli quality 5 (as `http.rs` serves dynamic answers),
//! alone and as one province's first sync (the national services and the province's, in one
//! answer), full documents and outlines (`Service::outline`: what a first sync sends before the
//! documents); and the seed catalogue's for comparison.

use crate::encoding::{compress, Coding, Effort};
use app::domain::catalogue::{CatalogueDelta, Cursor, Service, ServiceDoc};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::path::Path;

/// Brotli's size at the compression layer's level, as dynamic answers are served.
fn br5(data: &[u8]) -> usize {
    compress(data, Coding::Br, Effort::Layer)
        .expect("compressing into memory cannot fail")
        .len()
}

/// Mean raw and brotli-5 bytes of documents compressed one by one.
fn alone(docs: &[&String]) -> (usize, usize) {
    let n = docs.len().max(1);
    let raw: usize = docs.iter().map(|d| d.len()).sum();
    let br: usize = docs.iter().map(|d| br5(d.as_bytes())).sum();
    (raw / n, br / n)
}

/// Raw and brotli-5 bytes of one changes answer carrying `docs`.
fn payload(docs: &[&String]) -> anyhow::Result<(usize, usize)> {
    let delta = CatalogueDelta {
        changed: docs
            .iter()
            .map(|d| ServiceDoc::from_json((*d).clone()))
            .collect::<Result<_, _>>()?,
        withdrawn: Vec::new(),
        cursor: Cursor(1),
        reset: true,
        catalogue: "generated".to_string(),
    };
    let json = serde_json::to_vec(&delta)?;
    Ok((json.len(), br5(&json)))
}

/// Raw and brotli-5 bytes of the outlines of `services` in one JSON array.
fn outlines(services: &[&Service]) -> anyhow::Result<(usize, usize)> {
    let outlines: Vec<_> = services.iter().map(|s| s.outline()).collect();
    let json = serde_json::to_vec(&outlines)?;
    Ok((json.len(), br5(&json)))
}

/// The calibration of the catalogue in `dir` against the seed's in `seed_dir`, as text.
pub fn report(dir: &Path, seed_dir: &Path) -> anyhow::Result<String> {
    let generated = crate::seed::read(dir)?;
    let seed = crate::seed::read(seed_dir)?;
    let seed_slugs: HashSet<&str> = seed.services.iter().map(|s| s.slug.as_str()).collect();
    let json = |s: &Service| serde_json::to_string(s);
    let seed_docs: Vec<String> = seed.services.iter().map(json).collect::<Result<_, _>>()?;
    let docs: Vec<String> = generated
        .services
        .iter()
        .map(json)
        .collect::<Result<_, _>>()?;

    let mut national: Vec<usize> = Vec::new();
    let mut by_province: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in generated.services.iter().enumerate() {
        match s.agency.province.as_deref() {
            Some(p) => by_province.entry(p).or_default().push(i),
            None => national.push(i),
        }
    }
    let pick = |ids: &[usize]| -> Vec<&String> { ids.iter().map(|&i| &docs[i]).collect() };
    let new_national: Vec<usize> = national
        .iter()
        .copied()
        .filter(|&i| !seed_slugs.contains(generated.services[i].slug.as_str()))
        .collect();
    let regional: Vec<usize> = by_province.values().flatten().copied().collect();

    let mut out = String::new();
    writeln!(out, "\ncalibration: each service's JSON document as stored and synced; br5 = brotli quality 5, as served")?;
    writeln!(
        out,
        "\n(a) one service alone                  services   raw B/svc   br5 B/svc"
    )?;
    let seed_refs: Vec<&String> = seed_docs.iter().collect();
    for (label, set) in [
        ("seed catalogue", seed_refs),
        ("generated, national (not the seed's)", pick(&new_national)),
        ("generated, regional", pick(&regional)),
    ] {
        let (raw, br) = alone(&set);
        writeln!(out, "    {label:<36} {:>8} {raw:>11} {br:>11}", set.len())?;
    }

    writeln!(
        out,
        "\n(b) one province's first sync: the national services and the province's, one answer"
    )?;
    writeln!(out, "    province                          services   full raw KB   full br5 KB  br5 B/svc  outlines raw KB  outlines br5 KB")?;
    let mut rows = Vec::new();
    for (code, ids) in &by_province {
        let mut all = national.clone();
        all.extend(ids);
        let (raw, br) = payload(&pick(&all))?;
        let services: Vec<&Service> = all.iter().map(|&i| &generated.services[i]).collect();
        let (oraw, obr) = outlines(&services)?;
        let name = super::places::PROVINCES
            .iter()
            .find(|p| p.code == *code)
            .map_or("", |p| p.name);
        writeln!(
            out,
            "    {code} {name:<30} {:>8} {:>13.0} {:>13.0} {:>10} {:>16.0} {:>16.0}",
            all.len(),
            raw as f64 / 1e3,
            br as f64 / 1e3,
            br / all.len(),
            oraw as f64 / 1e3,
            obr as f64 / 1e3
        )?;
        rows.push((br, all.len(), code.to_string(), raw, obr));
    }
    rows.sort();
    if let Some((br, n, code, raw, obr)) = rows.get(rows.len() / 2) {
        writeln!(
            out,
            "    median province ({code}): {n} services, full {:.0} KB raw, {:.0} KB br5 ({} B/svc); outlines {:.0} KB br5",
            *raw as f64 / 1e3,
            *br as f64 / 1e3,
            br / n,
            *obr as f64 / 1e3
        )?;
    }
    let (raw, br) = payload(&pick(&national))?;
    writeln!(
        out,
        "    national services alone: {} services, {:.0} KB raw, {:.0} KB br5 ({} B/svc)",
        national.len(),
        raw as f64 / 1e3,
        br as f64 / 1e3,
        br / national.len().max(1)
    )?;
    // As many different services as the seed has, from different offices, in one answer: how
    // much the generator's text repeats across documents, against the seed's own.
    let stride = (regional.len() / (seed_docs.len() * 10)).max(1);
    let (mut names, mut offices, mut mixed) = (HashSet::new(), HashSet::new(), Vec::new());
    for &i in regional.iter().step_by(stride) {
        let s = &generated.services[i];
        if mixed.len() < seed_docs.len()
            && names.insert(s.name.id.as_str())
            && offices.insert(s.agency.slug.as_str())
        {
            mixed.push(i);
        }
    }
    let (raw, br) = payload(&pick(&mixed))?;
    let (alone_raw, alone_br) = alone(&pick(&mixed));
    writeln!(
        out,
        "    {} generated services of different names and offices in one answer: {:.0} KB raw, {:.0} KB br5 ({} B/svc; {} B/svc alone, {alone_raw} raw)",
        mixed.len(),
        raw as f64 / 1e3,
        br as f64 / 1e3,
        br / mixed.len().max(1),
        alone_br
    )?;
    let (raw, br) = payload(&seed_docs.iter().collect::<Vec<_>>())?;
    writeln!(
        out,
        "    seed catalogue in one answer: {} services, {:.0} KB raw, {:.0} KB br5 ({} B/svc)",
        seed_docs.len(),
        raw as f64 / 1e3,
        br as f64 / 1e3,
        br / seed_docs.len().max(1)
    )?;
    Ok(out)
}
