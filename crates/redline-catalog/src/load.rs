//! Reading spec files: parse, check, and explain what is wrong with file, line, field and unit.

use std::path::{Path, PathBuf};

use crate::provenance::Sourced;
use crate::spec::{ChipSpec, Format};

/// A spec file that could not be read or is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {}{message}", location(*line, *column), field.as_ref().map(|f| format!("field `{f}`: ")).unwrap_or_default())]
pub struct SpecError {
    /// The file (or `<embedded>/NAME`).
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// Dotted path of the offending field, where known.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// How strict the provenance check is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// A user's file: bare numbers are fine.
    Optional,
    /// A catalogue file: every value needs a `[sources]` key, a grade, and dated sources.
    Required,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.len(), |nl| before.len() - nl - 1) + 1;
    (line, column)
}

/// Finds the line where `key = ` first appears, to point semantic errors at it.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// Parses and checks one spec file's text.
///
/// # Errors
/// A [`SpecError`] naming the file, line, field and the expected value or unit.
pub fn parse_spec(text: &str, file: &str, provenance: Provenance) -> Result<ChipSpec, SpecError> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| toml_error(text, file, None, &e))?;
    let spec: ChipSpec = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != "." && !path.is_empty()).then_some(path);
        toml_error(text, file, field, e.inner())
    })?;
    check(&spec, text, file, provenance)?;
    Ok(spec)
}

/// Parses and checks one file of the catalogue (`data/chips/NAME`): full provenance, and an id
/// that matches the file name. The build runs this on every embedded file, so a wrong one
/// fails the build with this message.
///
/// # Errors
/// A [`SpecError`] naming `data/chips/NAME`, the line, the field and what was expected.
pub fn parse_catalogue_file(name: &str, text: &str) -> Result<ChipSpec, SpecError> {
    let file = format!("data/chips/{name}");
    let spec = parse_spec(text, &file, Provenance::Required)?;
    let expected = name.trim_end_matches(".toml");
    if spec.id != expected {
        return Err(SpecError {
            line: line_of_key(text, "id"),
            column: None,
            field: Some("id".into()),
            message: format!("id {:?} must match the file name {expected:?}", spec.id),
            file,
        });
    }
    Ok(spec)
}

fn toml_error(text: &str, file: &str, field: Option<String>, e: &toml::de::Error) -> SpecError {
    let (line, column) = match e.span() {
        Some(span) => {
            let (l, c) = line_col(text, span.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    SpecError { file: file.to_string(), line, column, field, message: e.message().trim().to_string() }
}

/// Largest spec file read (`--spec`, catalogue directories): 1 MiB. The largest embedded
/// spec is under 10 KiB.
pub const MAX_SPEC_BYTES: u64 = 1 << 20;

/// Most spec files read from one catalogue directory.
pub const MAX_DIR_FILES: usize = 10_000;

/// Reads a UTF-8 text file of at most `max_bytes`, refusing anything that is not a regular
/// file (a device such as `/dev/zero`, a FIFO, a directory) before opening it, and reading
/// at most `max_bytes + 1` bytes whatever the file claims. Every input file the tools read
/// (spec files, design spaces, model configs, catalogue directories) goes through here.
///
/// # Errors
/// A message (without the path: callers name the file) saying what is wrong.
pub fn read_capped(path: &Path, max_bytes: u64) -> Result<String, String> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file (a directory, device or pipe); give a file".to_string());
    }
    if meta.len() > max_bytes {
        return Err(format!("the file is {} bytes, over the limit of {max_bytes} bytes", meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(max_bytes + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!("the file grew over the limit of {max_bytes} bytes while being read"));
    }
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

/// Reads a spec file from disk (a user's `--spec FILE`), at most [`MAX_SPEC_BYTES`].
///
/// # Errors
/// When the file cannot be read, is not a regular file, is too large or is wrong.
pub fn read_spec(path: &Path) -> Result<ChipSpec, SpecError> {
    let text = read_capped(path, MAX_SPEC_BYTES).map_err(|message| SpecError {
        file: path.display().to_string(),
        line: None,
        column: None,
        field: None,
        message,
    })?;
    parse_spec(&text, &path.display().to_string(), Provenance::Optional)
}

/// Spec files (`*.toml`) in a directory, sorted by name.
///
/// # Errors
/// When the directory cannot be listed.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, SpecError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SpecError {
        file: dir.display().to_string(),
        line: None,
        column: None,
        field: None,
        message: format!("cannot list the catalogue directory: {e}"),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .take(MAX_DIR_FILES + 1)
        .collect();
    if files.len() > MAX_DIR_FILES {
        return Err(SpecError {
            file: dir.display().to_string(),
            line: None,
            column: None,
            field: None,
            message: format!("more than {MAX_DIR_FILES} spec files in the catalogue directory"),
        });
    }
    files.sort();
    Ok(files)
}

fn check(spec: &ChipSpec, text: &str, file: &str, provenance: Provenance) -> Result<(), SpecError> {
    let fail = |key: &str, field: &str, message: String| SpecError {
        file: file.to_string(),
        line: line_of_key(text, key),
        column: None,
        field: Some(field.to_string()),
        message,
    };
    if spec.id.is_empty() || !spec.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(fail(
            "id",
            "id",
            format!("expected an id of lowercase letters, digits and '-', got {:?}", spec.id),
        ));
    }
    if spec.name.trim().is_empty() {
        return Err(fail("name", "name", "expected a non-empty name".into()));
    }
    if spec.vendor.trim().is_empty() {
        return Err(fail("vendor", "vendor", "expected a non-empty vendor".into()));
    }
    for (format, value) in spec.dense.known() {
        if format == Format::Fp64 || format == Format::Fp32 {
            continue;
        }
        // Narrower formats are never slower than 1/64 of wider ones on any real part, and a
        // dense rate above 100 PFLOPS per chip is a unit slip (sparse or system figure).
        if value > 100_000.0 {
            return Err(fail(
                format.as_str(),
                &format!("dense.{}", format.as_str()),
                format!(
                    "{value} TFLOPS/TOPS is more than any single chip delivers dense; is it a sparse or a system (rack) figure?"
                ),
            ));
        }
    }
    if let Some(family) = &spec.family
        && !FAMILIES.contains(&family.as_str())
    {
        return Err(fail("family", "family", unknown_family(family)));
    }
    for (i, die) in spec.dies.iter().enumerate() {
        if let (Some(low), Some(high)) = (die.area_mm2.low, die.area_mm2.high)
            && low.get() > high.get()
        {
            return Err(fail("area_mm2", &format!("dies[{i}].area_mm2"), "low is above high".into()));
        }
    }
    if provenance == Provenance::Required {
        check_provenance(spec, text, file)?;
    }
    Ok(())
}

/// Architecture families the performance model knows (engine profiles are fitted per
/// family; "other" takes the pooled factors). `biren`, `cambricon`, `corex`, `dcu`, `maca` and
/// `musa` name the Chinese vendors' own software stacks, which have no fitted profile yet: the
/// model uses pooled factors for them and says so.
pub const FAMILIES: &[&str] = &[
    "ada",
    "ampere",
    "ascend",
    "biren",
    "blackwell",
    "cambricon",
    "cdna2",
    "cdna3",
    "cdna4",
    "corex",
    "dcu",
    "gaudi",
    "hopper",
    "maca",
    "musa",
    "other",
    "tpu",
    "trainium",
];

/// ` (did you mean "x"?)` for the candidate nearest to a misspelt `value`, or nothing when
/// none is near.
#[must_use]
pub fn did_you_mean(value: &str, candidates: &[&str]) -> String {
    let value = value.trim().to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(c, &value), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!(" (did you mean {c:?}?)"))
        .unwrap_or_default()
}

/// The message for a family outside [`FAMILIES`].
#[must_use]
pub fn unknown_family(family: &str) -> String {
    format!("unknown family {family:?}{}; expected one of: {}", did_you_mean(family, FAMILIES), FAMILIES.join(", "))
}

/// Every value of a catalogue file: dotted path, source, grade, whether it has a value.
fn provenance_entries(spec: &ChipSpec) -> Vec<(String, Option<&str>, bool, bool)> {
    fn push<'a, T>(out: &mut Vec<(String, Option<&'a str>, bool, bool)>, path: String, s: &'a Sourced<T>) {
        out.push((path, s.source.as_deref(), s.grade.is_some(), s.value.is_some()));
    }
    let mut out = Vec::new();
    push(&mut out, "datacenter".into(), &spec.datacenter);
    macro_rules! opt {
        ($name:expr, $field:expr) => {
            if let Some(s) = &$field {
                push(&mut out, $name.into(), s);
            }
        };
    }
    opt!("architecture", spec.architecture);
    opt!("form_factor", spec.form_factor);
    opt!("launch", spec.launch);
    opt!("process_node", spec.process_node);
    opt!("transistors_billion", spec.transistors_billion);
    opt!("tdp_w", spec.tdp_w);
    opt!("price_usd", spec.price_usd);
    opt!("china_specific", spec.china_specific);
    opt!("us_commercially_available", spec.us_commercially_available);
    for (i, d) in spec.dies.iter().enumerate() {
        push(&mut out, format!("dies[{i}].area_mm2"), &d.area_mm2);
        if let Some(c) = &d.count {
            push(&mut out, format!("dies[{i}].count"), c);
        }
    }
    for f in Format::ALL {
        if let Some(s) = spec.dense.entry(f) {
            push(&mut out, format!("dense.{}", f.as_str()), s);
        }
    }
    opt!("memory.type", spec.memory.kind);
    opt!("memory.capacity_gb", spec.memory.capacity_gb);
    opt!("memory.bandwidth_gbs", spec.memory.bandwidth_gbs);
    opt!("memory.stacks", spec.memory.stacks);
    opt!("memory.package_area_mm2", spec.memory.package_area_mm2);
    opt!("interconnect.chip_to_chip_gbs", spec.interconnect.chip_to_chip_gbs);
    opt!("interconnect.host_gbs", spec.interconnect.host_gbs);
    out
}

fn check_provenance(spec: &ChipSpec, text: &str, file: &str) -> Result<(), SpecError> {
    let fail = |field: &str, message: String| {
        let key = field.rsplit('.').next().unwrap_or(field);
        let key = key.split('[').next().unwrap_or(key);
        SpecError {
            file: file.to_string(),
            line: line_of_key(text, key),
            column: None,
            field: Some(field.to_string()),
            message,
        }
    };
    for (key, source) in &spec.sources {
        if source.date.as_deref().is_none_or(|d| !is_partial_date(d)) {
            return Err(fail(
                &format!("sources.{key}.date"),
                "every catalogue source needs a date as YYYY, YYYY-MM or YYYY-MM-DD".into(),
            ));
        }
    }
    if spec.origin.is_none() {
        return Err(SpecError {
            file: file.to_string(),
            line: line_of_key(text, "vendor"),
            column: None,
            field: Some("origin".to_string()),
            message:
                "catalogue chips need an `origin`: the designer's country as ISO 3166-1 alpha-2 (e.g. \"US\", \"CN\")"
                    .into(),
        });
    }
    for (path, source, graded, _has_value) in provenance_entries(spec) {
        match source {
            None => {
                return Err(fail(&path, "catalogue values need a `source` (a key of [sources])".into()));
            }
            Some(key) if !spec.sources.contains_key(key) => {
                return Err(fail(&path, format!("source {key:?} is not a key of the [sources] table")));
            }
            Some(_) => {}
        }
        if !graded {
            return Err(fail(&path, "catalogue values need a `grade` (official, analyst, press or estimate)".into()));
        }
    }
    Ok(())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible numbers.
#[must_use]
pub fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, lo: u32, hi: u32| {
        p.len() == len && p.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 1900, 2100),
        [y, m] => num(y, 4, 1900, 2100) && num(m, 2, 1, 12),
        [y, m, d] => num(y, 4, 1900, 2100) && num(m, 2, 1, 12) && num(d, 2, 1, 31),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "id = \"x\"\nname = \"X\"\nvendor = \"V\"\ndatacenter = true\n";

    /// Regression: `--spec /dev/zero` read until memory ran out (about 20 GB).
    #[cfg(unix)]
    #[test]
    fn refuses_devices_and_big_files() {
        let err = read_spec(Path::new("/dev/zero")).unwrap_err();
        assert!(err.message.contains("not a regular file"), "{err}");
        let dir = std::env::temp_dir().join(format!("redline-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.toml");
        std::fs::write(&big, vec![b'#'; usize::try_from(MAX_SPEC_BYTES).unwrap() + 1]).unwrap();
        let err = read_spec(&big).unwrap_err();
        assert!(err.message.contains("over the limit of 1048576 bytes"), "{err}");
        assert!(read_capped(&dir, 10).unwrap_err().contains("not a regular file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Regression: `family = "hoper"` silently took the pooled engine factors.
    #[test]
    fn refuses_unknown_family_with_suggestion() {
        let text = format!("{MINIMAL}family = \"hoper\"\n");
        let err = parse_spec(&text, "f.toml", Provenance::Optional).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("family"));
        assert_eq!(err.line, Some(5));
        assert!(err.message.contains("did you mean \"hopper\"?"), "{err}");
        assert!(parse_spec(&format!("{MINIMAL}family = \"hopper\"\n"), "f.toml", Provenance::Optional).is_ok());
    }

    /// Regression: die areas down to 5e-324 mm² were accepted (density infinite).
    #[test]
    fn refuses_denormal_die_area_in_a_file() {
        let text = format!("{MINIMAL}[[dies]]\narea_mm2 = 1e-320\n");
        let err = parse_spec(&text, "f.toml", Provenance::Optional).unwrap_err();
        assert!(err.message.contains("mm²") && err.message.contains("from 1 to 100000"), "{err}");
    }
}
