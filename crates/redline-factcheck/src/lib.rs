//! Fact-checking news text about AI chips and the US export rules.
//!
//! Text in, typed report out: no I/O and no printing. [`Factchecker::check`] finds every chip
//! and rule claim in an article (English or Chinese, simplified or traditional script,
//! full-width digits, pronunciation annotations, boilerplate around it) and holds each against
//! Redline's catalogue (specs with source and grade), computed metrics (TPP, per-format dense
//! throughput), the rule editions (was a licence required on that date, on what condition)
//! and, for performance claims, the performance model's inputs.
//!
//! ```
//! use redline_catalog::Catalog;
//! use redline_factcheck::{Factchecker, Options, Verdict};
//! use redline_rules::{Countries, Date};
//!
//! let catalog = Catalog::embedded().unwrap();
//! let countries = Countries::embedded().unwrap();
//! let checker = Factchecker::new(&catalog, &countries);
//! let report = checker.check("The H20 carries 96 GB of HBM3.", &Options::new(Date::ymd(2026, 12, 1)));
//! let claim = &report.claims[0];
//! assert_eq!((claim.subject.as_deref(), claim.quantity.as_str()), (Some("h20"), "memory_capacity_gb"));
//! assert_eq!(claim.verdict, Verdict::Consistent);
//! ```
#![deny(missing_docs)]

mod extract;
mod mentions;
mod numbers;
mod perf_seam;
mod text;
mod verify;

use serde::Serialize;

use redline_catalog::{Catalog, Grade};
use redline_rules::{Countries, Date};

pub use mentions::{CHINA_EDITION_WORDS, EXTRA_ALIASES};

/// What a claim says, as a JSON value: a number, a yes/no, or text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ClaimValue {
    /// A number in the quantity's unit (ratios as fractions: 0.15, not 15).
    Number(f64),
    /// A yes/no (licence required).
    Bool(bool),
    /// Anything else, as written.
    Text(String),
}

impl ClaimValue {
    /// The number, if this is one.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            ClaimValue::Number(v) => Some(*v),
            _ => None,
        }
    }
}

/// The outcome of one claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Within the stated tolerance of Redline's value.
    Consistent,
    /// Outside it; `reference` holds Redline's value.
    Inconsistent,
    /// Redline has no reference value (the reason says why).
    Unverifiable,
}

impl Verdict {
    /// The name as printed.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// How a number is claimed: as a value, or as a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    /// "96 GB".
    Exact,
    /// "about 96 GB", "约96GB".
    About,
    /// "more than 90 GB", "超过90GB".
    AtLeast,
    /// "less than 100 GB", "不到100GB".
    AtMost,
}

/// What kind of claim it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// A chip's spec value (memory, bandwidth, compute, power, TPP).
    Spec,
    /// One chip against another ("20% of the H100's compute", "six times the H20").
    Ratio,
    /// Whether a licence was required (on a date).
    License,
    /// A revenue share tied to licences.
    RevenueShare,
    /// A tariff tied to licences.
    Tariff,
    /// A line of a rule edition ("the 4,800 TPP threshold").
    Threshold,
    /// A chip's price.
    Price,
    /// Money tied to licences or revenue (no reference in Redline).
    Money,
    /// LLM performance (tokens per second).
    Performance,
}

/// Character offsets `[start, end)` into the input, counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

/// The tolerance a number was held to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tolerance {
    /// Relative tolerance (0.1 = 10%).
    pub relative: f64,
    /// Why this much: the rounding of the number as written, or a hedge word.
    pub basis: String,
    /// For approximate wording with a round number ("about 20%"): the lowest value the
    /// writer's rounding covers, in the claim's unit (the reference agrees inside
    /// `[low, high]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// The highest such value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

/// One measure of compute and the ratio it gives (for compute ratio claims).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureRatio {
    /// `tpp`, `dense_bf16` or `dense_fp8` (or the format the text names).
    pub measure: String,
    /// The subject's value (TPP, or dense TFLOP/s).
    pub subject_value: Option<f64>,
    /// The other chip's value.
    pub other_value: Option<f64>,
    /// subject ÷ other.
    pub ratio: Option<f64>,
}

/// One claim found in the text, and what Redline makes of it.
#[derive(Clone, Debug, Serialize)]
pub struct Claim {
    /// What kind of claim.
    pub kind: ClaimKind,
    /// The sentence, as in the input.
    pub text: String,
    /// The sentence's offsets in the input.
    pub sentence: Span,
    /// The claim's own words' offsets in the input.
    pub span: Span,
    /// The claim's own words, as in the input.
    pub quote: String,
    /// Chip id, or rule edition id; null when nothing identifies it.
    pub subject: Option<String>,
    /// How the subject was found: `text` (named in the sentence) or `context` (an earlier
    /// sentence of the paragraph).
    pub subject_from: &'static str,
    /// For ratios: the chip compared against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// What is claimed (e.g. `memory_capacity_gb`, `compute_ratio_vs_h100-sxm`).
    pub quantity: String,
    /// Unit of `claimed` and `reference` (`GB`, `GB/s`, `ratio`, `percent`, ...).
    pub unit: &'static str,
    /// The claimed value, normalised to the unit.
    pub claimed: ClaimValue,
    /// Value or bound.
    pub comparison: Comparison,
    /// Redline's value in the same unit, or null.
    pub reference: Option<ClaimValue>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in one or two sentences.
    pub reason: String,
    /// The tolerance used (numbers only).
    pub tolerance: Option<Tolerance>,
    /// Where the reference comes from.
    pub source: Option<String>,
    /// The reference's evidence grade (the weakest among its inputs).
    pub grade: Option<Grade>,
    /// The date the claim is tied to (`YYYY-MM-DD` or `YYYY-MM`).
    pub date: Option<String>,
    /// How the date was found: `text`, `context` (earlier in the paragraph) or `as-of` (the
    /// checking date, when the text gives none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_from: Option<&'static str>,
    /// ISO code of the destination, for rule claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The rule edition the reference comes from, for rule claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// For compute claims: the measure compared (`tpp`, `dense_bf16`, `dense_fp8`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// For compute ratios: the ratio under each measure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureRatio>,
    /// For performance claims: the lowest prediction over the workload range (`reference` is
    /// the geometric mean of `reference_low` and `reference_high`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_low: Option<f64>,
    /// For performance claims: the highest prediction over the workload range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_high: Option<f64>,
    /// For performance claims: the predicted range widened by the model's error
    /// (`reference_low / (1 + model_error)`), before the claim's own tolerance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_low: Option<f64>,
    /// `reference_high / (1 − model_error)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_high: Option<f64>,
    /// For performance claims: the model's leave-one-chip-out error used to widen the range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_error: Option<f64>,
    /// For performance claims: the workload range predicted over, stated and assumed parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
}

/// A chip named in the text.
#[derive(Clone, Debug, Serialize)]
pub struct Mention {
    /// Catalogue id (null for "特供版" and the like, which name no chip).
    pub chip: Option<String>,
    /// As written.
    pub text: String,
    /// Offsets in the input.
    pub span: Span,
}

/// Counts of verdicts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Claims found.
    pub claims: usize,
    /// Consistent.
    pub consistent: usize,
    /// Inconsistent.
    pub inconsistent: usize,
    /// Unverifiable.
    pub unverifiable: usize,
}

/// The result for one article.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Every claim, in text order.
    pub claims: Vec<Claim>,
    /// Every chip mention, in text order.
    pub mentions: Vec<Mention>,
    /// Verdict counts.
    pub summary: Summary,
    /// Sentences read.
    pub sentences: usize,
    /// Lines left out as navigation, advertising or footer.
    pub boilerplate_lines: usize,
    /// Date used for claims the text does not date.
    pub as_of: Date,
    /// Destination assumed when the text names none.
    pub default_destination: String,
    /// As-of date of the embedded data.
    pub data_version: String,
}

/// How to check.
#[derive(Clone, Debug)]
pub struct Options {
    /// Date for rule claims the text does not date (the CLI passes today).
    pub as_of: Date,
    /// Destination when the text names none (ISO alpha-2; default `CN`).
    pub destination: String,
}

impl Options {
    /// Options with `as_of` and destination China.
    #[must_use]
    pub fn new(as_of: Date) -> Options {
        Options { as_of, destination: "CN".to_string() }
    }
}

/// The fact-checker over a catalogue and country table (build once, check many texts).
pub struct Factchecker<'a> {
    catalog: &'a Catalog,
    countries: &'a Countries,
    index: mentions::ChipIndex,
    patterns: &'static extract::Patterns,
}

impl<'a> Factchecker<'a> {
    /// Indexes the catalogue's names (cheap: the patterns are compiled once per process).
    #[must_use]
    pub fn new(catalog: &'a Catalog, countries: &'a Countries) -> Factchecker<'a> {
        Factchecker { catalog, countries, index: mentions::ChipIndex::new(catalog), patterns: &extract::PATTERNS }
    }

    /// Finds the claims without checking them: `(claims, mentions, sentences)`. This is the
    /// extraction step the bench measures; [`Factchecker::check`] runs it and then checks.
    #[must_use]
    pub fn extract_count(&self, text: &str) -> (usize, usize, usize) {
        let ex = extract::extract(self.patterns, &self.index, text);
        (ex.claims.len(), ex.mentions.len(), ex.sentences.len())
    }

    /// Finds and checks every claim in `text`. Never fails: text with no claims gives an
    /// empty list.
    #[must_use]
    pub fn check(&self, text: &str, options: &Options) -> Report {
        let ex = extract::extract(self.patterns, &self.index, text);
        let ctx = verify::Ctx {
            catalog: self.catalog,
            countries: self.countries,
            index: &self.index,
            options,
            timelines: std::cell::RefCell::default(),
            perf: perf_seam::Cache::default(),
        };
        let claims: Vec<Claim> = ex.claims.iter().map(|raw| verify::verify(&ctx, &ex, raw)).collect();
        let mut summary = Summary { claims: claims.len(), ..Summary::default() };
        for c in &claims {
            match c.verdict {
                Verdict::Consistent => summary.consistent += 1,
                Verdict::Inconsistent => summary.inconsistent += 1,
                Verdict::Unverifiable => summary.unverifiable += 1,
            }
        }
        let mentions = ex
            .mentions
            .iter()
            .map(|m| {
                let (s, e) = ex.norm.orig_span(m.start, m.end);
                Mention {
                    chip: m.chip.map(|c| self.index.id(c).to_string()),
                    text: ex.norm.original(s, e),
                    span: Span { start: s, end: e },
                }
            })
            .collect();
        Report {
            claims,
            mentions,
            summary,
            sentences: ex.sentences.len(),
            boilerplate_lines: ex.boilerplate_lines,
            as_of: options.as_of,
            default_destination: options.destination.clone(),
            data_version: redline_catalog::catalog::DATA_VERSION.trim().to_string(),
        }
    }
}
