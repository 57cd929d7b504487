//! The verdict: `required`, `not-required`, `depends` or `uncertain`.
//!
//! [`decide`] evaluates the editions in force once under the best-supported reading (recorded
//! figures, favourable facts for what the caller left open). Then:
//!
//! * **depends**: each scope condition the answer carries (end-user headquarters, approved end
//!   user, GP10, whether a foreign-designed chip is subject to the EAR) is probed with its unfavourable fact; the kinds whose probe flips
//!   `license_required` are `depends_on`. Screening duties never are.
//! * **uncertain**: the evidence is re-read one way at a time: each spec figure's range ends
//!   (`low`, `high`) and dated revisions (not those noted as disproven), TF32 counted at 19
//!   bits when it sets TPP, lines graded press or estimate set aside, and an open
//!   classification taken both ways. When a reading flips `license_required`, the verdict is
//!   `uncertain` and the branches list the best-supported reading first, then each reading that
//!   differs, each with its own verdict and `depends_on`.

use redline_catalog::{Chip, Grade, spec::ChipSpec};

use crate::check::{Branch, Check, Facts, Role, Verdict, evaluate, summarize};
use crate::classify::{Classification, Eccn, classify, fmt_num};
use crate::country::Country;
use crate::date::Date;
use crate::editions::{self, e2022_10_07 as y2022};

/// The verdict for one chip, destination, date and set of facts.
pub(crate) fn decide(chip: &Chip, country: &Country, cls: &Classification, date: Date, facts: &Facts) -> Check {
    let mut base = evaluate(chip, country, cls, date, facts);
    if country.iso2 == "US" {
        base.verdict = Verdict::NotRequired;
        base.summary = summarize(&base);
        return base;
    }
    let depends_on = flips(chip, country, cls, date, facts, &base);
    let mut branches: Vec<Branch> = Vec::new();
    for alt in alternatives(chip, cls, date, facts) {
        let c = evaluate(&alt.chip, country, &alt.cls, date, &alt.facts);
        if c.license_required == base.license_required {
            continue;
        }
        if branches.iter().any(|b| b.assumption == alt.assumption) {
            continue;
        }
        let d = flips(&alt.chip, country, &alt.cls, date, &alt.facts, &c);
        branches.push(branch(alt.assumption, &c, alt.grade, alt.source, d));
    }
    if branches.is_empty() {
        base.verdict = if !depends_on.is_empty() {
            Verdict::Depends
        } else if base.license_required {
            Verdict::Required
        } else {
            Verdict::NotRequired
        };
        base.depends_on = depends_on;
    } else {
        let first =
            branch(best_reading(chip, cls), &base, base.evidence_grade, "the spec as recorded".into(), depends_on);
        branches.insert(0, first);
        base.verdict = Verdict::Uncertain;
        base.branches = branches;
    }
    base.summary = summarize(&base);
    base
}

fn branch(
    assumption: String,
    c: &Check,
    grade: Option<Grade>,
    source: String,
    depends_on: Vec<&'static str>,
) -> Branch {
    let verdict = if !depends_on.is_empty() {
        Verdict::Depends
    } else if c.license_required {
        Verdict::Required
    } else {
        Verdict::NotRequired
    };
    Branch {
        assumption,
        license_required: c.license_required,
        review_policy: c.review_policy,
        grade,
        source,
        verdict,
        depends_on,
    }
}

/// Words the best-supported reading.
fn best_reading(_chip: &Chip, cls: &Classification) -> String {
    if cls.decided {
        "the recorded figures and lines apply".to_string()
    } else {
        format!("the unknown values put it in 3A090 (the cautious reading of: {})", cls.summary)
    }
}

/// Condition kinds whose unfavourable fact flips `license_required`.
fn flips(
    chip: &Chip,
    country: &Country,
    cls: &Classification,
    date: Date,
    facts: &Facts,
    base: &Check,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    for c in base.conditions.iter().filter(|c| c.role == Role::Scope) {
        let mut probe = facts.clone();
        match c.kind {
            "end-user-headquarters" if facts.end_user_hq.is_none() => {
                probe.end_user_hq =
                    Some(crate::check::EndUserHq { iso2: "CN".into(), name: "China".into(), d5_or_macau: true });
            }
            "approved-end-user" if facts.end_user_approved.is_none() => probe.end_user_approved = Some(false),
            "gp10" => probe.gp10_violation = true,
            "subject-to-ear" if facts.subject_to_ear.is_none() => probe.subject_to_ear = Some(true),
            _ => continue,
        }
        if evaluate(chip, country, cls, date, &probe).license_required != base.license_required
            && !out.contains(&c.kind)
        {
            out.push(c.kind);
        }
    }
    out
}

/// Another reading of the evidence.
struct Alternative {
    assumption: String,
    source: String,
    grade: Option<Grade>,
    chip: Chip,
    cls: Classification,
    facts: Facts,
}

fn alternatives(chip: &Chip, cls: &Classification, date: Date, facts: &Facts) -> Vec<Alternative> {
    let mut out = Vec::new();
    // Lines graded press or estimate, set aside (listed last: figures first).
    let unverified: Vec<&str> = editions::in_effect(date)
        .flat_map(|e| e.thresholds.iter())
        .filter(|t| t.unverified() && !t.id.contains("unverified"))
        .map(|t| t.id)
        .collect();
    if !unverified.is_empty() {
        let weakest = editions::in_effect(date)
            .flat_map(|e| e.thresholds.iter())
            .filter(|t| unverified.contains(&t.id))
            .map(|t| t.grade)
            .reduce(Grade::weakest);
        out.push(Alternative {
            assumption: format!("the unpublished line {} does not apply", unverified.join(", ")),
            source: editions::in_effect(date)
                .flat_map(|e| e.thresholds.iter())
                .filter(|t| unverified.contains(&t.id))
                .map(|t| t.citation)
                .collect::<Vec<_>>()
                .join("; "),
            grade: weakest,
            chip: chip.clone(),
            cls: cls.clone(),
            facts: Facts { set_aside_unverified_lines: true, ..facts.clone() },
        });
    }
    let lines = out.len();
    // An open classification, taken both ways.
    if !cls.decided {
        let mut outside = cls.clone();
        outside.decided = true;
        outside.controlled = false;
        outside.eccn = None;
        outside.paragraphs = vec![];
        out.push(Alternative {
            assumption: "the unknown values leave it outside 3A090".into(),
            source: format!("classification {} ({})", cls.edition, cls.summary),
            grade: None,
            chip: chip.clone(),
            cls: outside,
            facts: facts.clone(),
        });
        let candidates: Vec<&'static str> =
            if cls.undecided.contains(&"note-2") { cls.numerically_met.clone() } else { cls.undecided.clone() };
        if let Some(first) = candidates.first() {
            let mut inside = cls.clone();
            inside.decided = true;
            inside.controlled = true;
            inside.eccn = Some(if cls.edition == y2022::EDITION.id {
                Eccn::Item2022
            } else if first.starts_with("3A090.a") {
                Eccn::A
            } else if first.starts_with("3A090.b") {
                Eccn::B
            } else {
                Eccn::C
            });
            inside.paragraphs.clone_from(&candidates);
            out.push(Alternative {
                assumption: format!("the unknown values put it in {}", candidates.join(" + ")),
                source: format!("classification {} ({})", cls.edition, cls.summary),
                grade: None,
                chip: chip.clone(),
                cls: inside,
                facts: facts.clone(),
            });
        }
    }
    // TF32 at 19 bits.
    if let (Some(alt), Some(tpp)) = (chip.metrics.tpp_with_tf32_at_19_bits, chip.metrics.tpp) {
        let mut c = chip.clone();
        let ratio = alt / tpp.value;
        for m in [&mut c.metrics.tpp, &mut c.metrics.bit_length_tops, &mut c.metrics.performance_density]
            .into_iter()
            .flatten()
        {
            m.value *= ratio;
        }
        if let Ok(k) = classify(&c, date) {
            out.push(Alternative {
                assumption: format!("TF32 counts at its 19 significant bits (TPP {})", fmt_num(Some(alt))),
                source: "the rule does not say which bit length TF32 has (3A090 Technical Note: TPP)".into(),
                grade: tpp.grade,
                chip: c,
                cls: k,
                facts: facts.clone(),
            });
        }
    }
    // Figures: range ends and revisions of the spec values the rules read.
    for f in figures(&chip.spec) {
        let Some(spec) = with_value(&chip.spec, &f.path, f.value) else { continue };
        let c = Chip::new(spec, chip.origin.clone());
        if c.metrics == chip.metrics {
            continue;
        }
        if let Ok(k) = classify(&c, date) {
            out.push(Alternative {
                assumption: format!("{} is {} ({})", f.path, fmt_num(Some(f.value)), f.what),
                source: f.source,
                grade: f.grade,
                chip: c,
                cls: k,
                facts: facts.clone(),
            });
        }
    }
    out.rotate_left(lines);
    out
}

/// A recorded alternative figure for one spec field.
struct Figure {
    path: String,
    value: f64,
    what: String,
    source: String,
    grade: Option<Grade>,
}

/// Fields the rules read (through the metrics).
fn relevant(path: &str) -> bool {
    path.starts_with("dense.")
        || path == "memory.bandwidth_gbs"
        || path == "interconnect.chip_to_chip_gbs"
        || path == "interconnect.host_gbs"
        || (path.starts_with("dies.") && path.ends_with(".area_mm2"))
}

fn figures(spec: &ChipSpec) -> Vec<Figure> {
    let mut out = Vec::new();
    let Ok(tree) = serde_json::to_value(spec) else { return out };
    let mut stack: Vec<(String, &serde_json::Value)> = vec![(String::new(), &tree)];
    while let Some((path, v)) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(value) = map.get("value").and_then(serde_json::Value::as_f64) {
                    if relevant(&path) {
                        let source = map.get("source").and_then(|s| s.as_str()).unwrap_or("spec").to_string();
                        let grade = map.get("grade").and_then(|g| serde_json::from_value::<Grade>(g.clone()).ok());
                        for end in ["low", "high"] {
                            if let Some(x) = map.get(end).and_then(serde_json::Value::as_f64)
                                && (x - value).abs() > f64::EPSILON
                            {
                                out.push(Figure {
                                    path: path.clone(),
                                    value: x,
                                    what: format!("{end} end of the recorded range"),
                                    source: source.clone(),
                                    grade,
                                });
                            }
                        }
                    }
                    continue;
                }
                for (k, child) in map {
                    if path.is_empty() && k == "revisions" {
                        continue;
                    }
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    stack.push((p, child));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{path}.{i}"), child));
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.value.total_cmp(&b.value)));
    for r in &spec.revisions {
        if !relevant(&r.field) || r.note.as_deref().is_some_and(|n| n.contains("disproven")) {
            continue;
        }
        out.push(Figure {
            path: r.field.clone(),
            value: r.value,
            what: format!("revision of {}", r.date),
            source: r.source.clone().unwrap_or_else(|| "spec revision".into()),
            grade: r.grade,
        });
    }
    out
}

/// The spec with one field's value replaced (None when the path does not resolve or the value
/// does not fit the field).
fn with_value(spec: &ChipSpec, path: &str, value: f64) -> Option<ChipSpec> {
    let mut tree = serde_json::to_value(spec).ok()?;
    let mut node = &mut tree;
    for part in path.split('.') {
        node = match node {
            serde_json::Value::Object(map) => map.get_mut(part)?,
            serde_json::Value::Array(items) => items.get_mut(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match node {
        serde_json::Value::Object(map) => {
            map.insert("value".into(), serde_json::Value::from(value));
        }
        other => *other = serde_json::Value::from(value),
    }
    drop_nulls(&mut tree);
    serde_json::from_value(tree).ok()
}

/// Removes null members: the spec's deserializer reads a missing key as unknown.
fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_replaces_the_figure() {
        let catalog = redline_catalog::Catalog::embedded().unwrap();
        let chip = catalog.get("rtx-pro-6000d").unwrap();
        let figs = figures(&chip.spec);
        let f = figs.iter().find(|f| (f.value - 1398.0).abs() < 1e-9).expect("1,398 revision");
        let spec = with_value(&chip.spec, &f.path, f.value).expect("spec with 1,398");
        assert_eq!(Chip::new(spec, "t").metrics.dram_bandwidth_gbs.unwrap().value, 1398.0);
    }
}
