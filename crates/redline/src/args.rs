//! Command-line arguments (clap derive). Only what the user typed; `context` turns it into
//! loaded data.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (data {}, {} rule editions)",
        env!("CARGO_PKG_VERSION"),
        redline_catalog::catalog::DATA_VERSION.trim(),
        redline_rules::editions::ALL.len()
    )
});

/// Where an AI accelerator stands against the US export-control red lines (ECCN 3A090 and the
/// licensing around it), and what it does on LLM work.
#[derive(Debug, Parser)]
#[command(name = "redline", version = VERSION.as_str(), about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
    /// Catalogue options shared by every command.
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// Options that add chips to the embedded catalogue.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Add every *.toml spec file in this directory to the catalogue (also: REDLINE_CATALOG).
    #[arg(long, global = true, env = "REDLINE_CATALOG", value_name = "DIR")]
    pub catalog_dir: Option<PathBuf>,
}

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table for people.
    #[default]
    Table,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// Output format and extra spec files, accepted wherever chips are.
#[derive(Debug, Args)]
pub struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// A chip spec file (TOML, schema in docs/spec-schema.md); may be repeated.
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the catalogue's chips with their export-control metrics.
    Chips(ChipsArgs),
    /// One chip's spec, sources, evidence grades and metrics.
    Show(ShowArgs),
    /// Which 3A090 paragraphs chips meet on a date, criterion by criterion.
    Classify(ClassifyArgs),
    /// Whether exporting a chip to a country on a date needs a licence, and on what terms.
    Check(CheckArgs),
    /// How the answer for a chip and destination changed, edition by edition.
    Timeline(TimelineArgs),
    /// What one edition changed, for every catalogue chip (only answers that changed).
    Changes(ChangesArgs),
    /// How far each metric may grow before the chip crosses the next line.
    Headroom(HeadroomArgs),
    /// List the rule editions, or explain one.
    Rules(RulesArgs),
    /// Print the JSON Schema of chip spec files (docs/spec-schema.json).
    Schema,
    /// Predict what a chip does serving an LLM: TTFT, TPOT, tokens/s, memory, bounds, cost.
    Perf(crate::commands::perf::PerfArgs),
    /// List the embedded model zoo: parameters, active parameters, attention, experts, context.
    Models(crate::commands::models::ModelsArgs),
    /// Predict a training step: step time, MFU, memory per chip, time to train.
    Train(crate::commands::train::TrainArgs),
    /// Compare chips side by side on one model and workload, with ratios to the first.
    Compare(crate::commands::compare::CompareArgs),
    /// Check the performance model against public measurements: per-row, per-bucket and held-out error.
    Validate(crate::commands::validate::ValidateArgs),
    /// Draw a chart to SVG or PNG (compliance map, bandwidth, roofline, timeline, compare).
    Plot(crate::commands::plot::PlotArgs),
    /// The best chip a red line allows for a workload, and how far real chips sit from it.
    Frontier(crate::commands::frontier::FrontierArgs),
    /// Serve the local web app (catalogue, chip pages, what-if editor, compare) and its JSON API.
    Serve(crate::commands::serve::ServeArgs),
    /// Fact-check a news text: every chip and rule claim against the catalogue and the rules.
    Factcheck(FactcheckArgs),
}

/// `redline chips`.
#[derive(Debug, Args)]
pub struct ChipsArgs {
    /// Only this vendor (case-insensitive).
    #[arg(long)]
    pub vendor: Option<String>,
    /// Only chips controlled under 3A090 on --on (or, with --controlled=false, not controlled).
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub controlled: Option<bool>,
    /// Only datacenter parts (true) or only consumer parts (false).
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub datacenter: Option<bool>,
    /// Only this architecture family (hopper, blackwell, cdna3, ...).
    #[arg(long)]
    pub family: Option<String>,
    /// Only chips designed in this country (ISO 3166-1 alpha-2, case-insensitive: US, CN, ...).
    #[arg(long, value_name = "CC")]
    pub origin: Option<String>,
    /// Date for the classification column and --controlled (default: today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `redline show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Chip id, label, name or alias (or use --spec).
    pub chip: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `redline classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Chips (ids, labels, names or aliases); with --spec, the spec files' chips are added.
    pub chips: Vec<String>,
    /// Date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `redline check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Chips (ids, labels, names or aliases; or use --spec). Several give one result each.
    pub chips: Vec<String>,
    /// Destination: ISO 3166-1 alpha-2 code or English name (CN, MY, "South Korea", UAE, ...).
    #[arg(long, value_name = "COUNTRY", required_unless_present = "shipments")]
    pub to: Option<String>,
    /// Date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Country (code or name) where the end user, or its ultimate parent, is headquartered.
    #[arg(long, value_name = "COUNTRY")]
    pub end_user_hq: Option<String>,
    /// The end user is an approved party (UAE government, Supp. No. 8 entity, listed US firm's
    /// subsidiary); `--end-user-approved false` says it is not.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub end_user_approved: Option<bool>,
    /// Whether the chip is subject to the EAR, for chips designed outside the US (origin CN):
    /// reached through US content above de minimis or the foreign-direct-product rules.
    /// Left out, such a verdict depends on it.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub subject_to_ear: Option<bool>,
    /// Screen a shipments file instead (CSV: chip,to,on and optional
    /// quantity,end_user,end_user_hq,end_user_approved,subject_to_ear; other columns are echoed).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["chips", "to", "on", "end_user_hq", "end_user_approved", "subject_to_ear"]
    )]
    pub shipments: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `redline changes`.
#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// Edition id (its effective date, e.g. 2025-04-09; see `redline rules`).
    pub edition: String,
    /// Only this destination (default: CN, MO, AE, SA, IN, MY, DE).
    #[arg(long, value_name = "COUNTRY")]
    pub to: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `redline timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Chip (or use --spec).
    pub chip: Option<String>,
    /// Destination: ISO 3166-1 alpha-2 code or English name.
    #[arg(long, value_name = "COUNTRY")]
    pub to: String,
    /// Last date to consider (default: today).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `redline headroom`.
#[derive(Debug, Args)]
pub struct HeadroomArgs {
    /// Chip (or use --spec).
    pub chip: Option<String>,
    /// Date (default: today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Destination whose licence verdict counts as a line (default: CN).
    #[arg(long, value_name = "COUNTRY", default_value = "CN")]
    pub to: String,
    #[command(flatten)]
    pub common: Common,
}

/// `redline rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Edition id (its effective date, e.g. 2023-11-17), or any date to name the edition in
    /// force then; omit to list them.
    pub edition: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Output format of `redline factcheck`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FactcheckFormat {
    /// A table for people.
    #[default]
    Table,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets.
    Csv,
    /// A standalone HTML report with the claims highlighted in the text.
    Html,
}

/// `redline factcheck`.
#[derive(Debug, Args)]
pub struct FactcheckArgs {
    /// The article: a UTF-8 text file, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FactcheckFormat::Table)]
    pub format: FactcheckFormat,
    /// Date for rule claims the text does not date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Destination when the text names none (ISO 3166 alpha-2).
    #[arg(long, value_name = "COUNTRY", default_value = "CN")]
    pub to: String,
}
