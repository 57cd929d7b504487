//! The chip spec: what a spec file holds, typed, with units and provenance.
//!
//! The schema is documented in `docs/spec-schema.md`; its contract part is relied on by
//! outside tests and must not drift.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::provenance::{Source, Sourced};
use crate::units::{Billions, Count, Gigabytes, GigabytesPerSec, SquareMm, Tops, Usd, Watts};

/// A numeric data format a chip computes in, with its bit length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// 64-bit floating point.
    Fp64,
    /// 32-bit floating point.
    Fp32,
    /// TensorFloat-32 (stored in 32 bits; counted at 32 bits for TPP).
    Tf32,
    /// IEEE half precision.
    Fp16,
    /// bfloat16.
    Bf16,
    /// 8-bit floating point.
    Fp8,
    /// 8-bit integer.
    Int8,
    /// 6-bit floating point.
    Fp6,
    /// 4-bit floating point.
    Fp4,
    /// 4-bit integer.
    Int4,
}

impl Format {
    /// Every format, widest first.
    pub const ALL: [Format; 10] = [
        Format::Fp64,
        Format::Fp32,
        Format::Tf32,
        Format::Fp16,
        Format::Bf16,
        Format::Fp8,
        Format::Int8,
        Format::Fp6,
        Format::Fp4,
        Format::Int4,
    ];

    /// Bit length of the operation's inputs, as TPP counts it. TF32 is counted at its stored
    /// width of 32 bits (export-rules.md §4.5 pitfall 3: it rarely sets the maximum).
    #[must_use]
    pub fn bit_length(self) -> u32 {
        match self {
            Format::Fp64 => 64,
            Format::Fp32 | Format::Tf32 => 32,
            Format::Fp16 | Format::Bf16 => 16,
            Format::Fp8 | Format::Int8 => 8,
            Format::Fp6 => 6,
            Format::Fp4 | Format::Int4 => 4,
        }
    }

    /// The name used in spec files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Fp64 => "fp64",
            Format::Fp32 => "fp32",
            Format::Tf32 => "tf32",
            Format::Fp16 => "fp16",
            Format::Bf16 => "bf16",
            Format::Fp8 => "fp8",
            Format::Int8 => "int8",
            Format::Fp6 => "fp6",
            Format::Fp4 => "fp4",
            Format::Int4 => "int4",
        }
    }
}

/// Dense peak throughput per format, whole chip.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Dense {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp64: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp32: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tf32: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp16: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bf16: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp8: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub int8: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp6: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp4: Option<Sourced<Tops>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub int4: Option<Sourced<Tops>>,
}

impl Dense {
    /// The entry for one format, if the file names it.
    #[must_use]
    pub fn entry(&self, format: Format) -> Option<&Sourced<Tops>> {
        match format {
            Format::Fp64 => self.fp64.as_ref(),
            Format::Fp32 => self.fp32.as_ref(),
            Format::Tf32 => self.tf32.as_ref(),
            Format::Fp16 => self.fp16.as_ref(),
            Format::Bf16 => self.bf16.as_ref(),
            Format::Fp8 => self.fp8.as_ref(),
            Format::Int8 => self.int8.as_ref(),
            Format::Fp6 => self.fp6.as_ref(),
            Format::Fp4 => self.fp4.as_ref(),
            Format::Int4 => self.int4.as_ref(),
        }
    }

    /// Mutable slot for one format (used by what-if edits and design search).
    pub fn slot(&mut self, format: Format) -> &mut Option<Sourced<Tops>> {
        match format {
            Format::Fp64 => &mut self.fp64,
            Format::Fp32 => &mut self.fp32,
            Format::Tf32 => &mut self.tf32,
            Format::Fp16 => &mut self.fp16,
            Format::Bf16 => &mut self.bf16,
            Format::Fp8 => &mut self.fp8,
            Format::Int8 => &mut self.int8,
            Format::Fp6 => &mut self.fp6,
            Format::Fp4 => &mut self.fp4,
            Format::Int4 => &mut self.int4,
        }
    }

    /// Known dense rates, widest format first.
    pub fn known(&self) -> impl Iterator<Item = (Format, f64)> + '_ {
        Format::ALL.into_iter().filter_map(|f| self.entry(f).and_then(Sourced::known).map(|v| (f, v.get())))
    }
}

/// One logic die (memory stacks are not listed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Die {
    /// Die name, e.g. `GH100`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Die area; unknown makes performance density unknown.
    #[serde(default = "unknown_area")]
    pub area_mm2: Sourced<SquareMm>,
    /// True for a planar-transistor logic die, which does not count toward applicable area.
    #[serde(default)]
    pub planar: bool,
    /// Number of identical dies of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Sourced<Count>>,
}

fn unknown_area() -> Sourced<SquareMm> {
    Sourced { value: None, source: None, grade: None, note: None, low: None, high: None }
}

/// Main memory attached to the chip.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Memory {
    /// Memory technology, e.g. `HBM3`, `GDDR7`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Sourced<String>>,
    /// Capacity in GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_gb: Option<Sourced<Gigabytes>>,
    /// Total DRAM bandwidth in GB/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_gbs: Option<Sourced<GigabytesPerSec>>,
    /// HBM stacks or GDDR channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacks: Option<Sourced<Count>>,
    /// Footprint of one memory package or stack, for a standalone HBM item (3A090.c).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_area_mm2: Option<Sourced<SquareMm>>,
}

/// Links to other chips and to the host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interconnect {
    /// Aggregate bidirectional chip-to-chip bandwidth (NVLink, Infinity Fabric, ICI); 0 if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip_to_chip_gbs: Option<Sourced<GigabytesPerSec>>,
    /// Aggregate bidirectional host link bandwidth (PCIe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_gbs: Option<Sourced<GigabytesPerSec>>,
    /// Name of the chip-to-chip link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Sourced<String>>,
    /// Name of the host link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_name: Option<Sourced<String>>,
}

/// Two or more sources that disagree on a field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Dotted field path, e.g. `memory.bandwidth_gbs`.
    pub field: String,
    /// The competing values with their sources.
    pub values: Vec<String>,
    /// What the catalogue uses and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    /// More context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dated earlier value of a field that changed (e.g. a planned vs shipped bandwidth).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Dotted field path.
    pub field: String,
    /// When the value was reported or in force.
    pub date: String,
    /// The value then.
    pub value: f64,
    /// Source key or citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Grade of that report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<crate::provenance::Grade>,
    /// Context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What kind of item the file describes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A processor: GPU, TPU, NPU, ASIC (3A090.a/.b).
    #[default]
    Accelerator,
    /// A standalone high-bandwidth-memory stack or package (3A090.c).
    Hbm,
}

/// An ISO 3166-1 alpha-2 country code (two upper-case ASCII letters), checked when read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country(String);

impl schemars::JsonSchema for Country {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Country".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "ISO 3166-1 alpha-2 country code, e.g. US or CN.",
            "type": "string",
            "pattern": "^[A-Z]{2}$"
        })
    }
}

impl Country {
    /// The two-letter code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Country {
    type Error = String;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Country(code))
        } else {
            Err(format!("expected an ISO 3166-1 alpha-2 country code such as \"US\" or \"CN\", got {code:?}"))
        }
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.0
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One chip, as a spec file describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChipSpec {
    /// Identifier, `[a-z0-9-]+`.
    pub id: String,
    /// Full product name.
    pub name: String,
    /// Maker.
    pub vendor: String,
    /// Designed or marketed for use in datacenters (the 3A090 Note 2 test).
    pub datacenter: Sourced<bool>,
    /// Short name for charts and tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Other names the chip is known by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Country of design: where the designer is headquartered, as an ISO 3166-1 alpha-2 code
    /// (`US`, `CN`, ...). Fabrication is a separate fact (`process_node`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Country>,
    /// Accelerator or standalone HBM.
    #[serde(default)]
    pub item: ItemKind,
    /// Architecture family used by the performance model's engine profiles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Architecture and die, free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Sourced<String>>,
    /// SXM5, OAM, PCIe, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_factor: Option<Sourced<String>>,
    /// Year or date of first availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<Sourced<String>>,
    /// Foundry process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process_node: Option<Sourced<String>>,
    /// Transistor count in billions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transistors_billion: Option<Sourced<Billions>>,
    /// Board power.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tdp_w: Option<Sourced<Watts>>,
    /// Unit price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_usd: Option<Sourced<Usd>>,
    /// A variant made for the China market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub china_specific: Option<Sourced<bool>>,
    /// Sold commercially in the United States (a condition of 91 FR 1684).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us_commercially_available: Option<Sourced<bool>>,
    /// Logic dies.
    #[serde(default)]
    pub dies: Vec<Die>,
    /// Dense throughput per format.
    #[serde(default)]
    pub dense: Dense,
    /// Main memory.
    #[serde(default)]
    pub memory: Memory,
    /// Chip-to-chip and host links.
    #[serde(default)]
    pub interconnect: Interconnect,
    /// Where sources disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Dated history of changed values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Named sources referred to by `source` keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, Source>,
}

impl ChipSpec {
    /// The short name charts show.
    #[must_use]
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    /// Whether the chip is designed or marketed for datacenters, if known.
    #[must_use]
    pub fn is_datacenter(&self) -> Option<bool> {
        self.datacenter.known()
    }
}

/// The JSON Schema of a spec file (TOML read as JSON), as committed in `docs/spec-schema.json`.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::SchemaGenerator::default().into_root_schema_for::<ChipSpec>();
    schema.to_value()
}
