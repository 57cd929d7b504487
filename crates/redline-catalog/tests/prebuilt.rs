//! The catalogue embedded at build time (`build.rs`) is exactly what the runtime TOML loader
//! reads from `data/chips/` now, so the two can never drift: an edit to a data file that did not
//! rebuild the crate, or a value the stored form changes, fails here.

use std::path::Path;

use redline_catalog::{Catalog, ChipSpec, Provenance, load, parse_catalogue_file};

fn from_toml() -> Vec<ChipSpec> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/chips");
    let mut specs: Vec<ChipSpec> = load::spec_files(&dir)
        .unwrap()
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let text = std::fs::read_to_string(path).unwrap();
            parse_catalogue_file(name, &text).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    specs.sort_by(|a, b| a.id.cmp(&b.id));
    specs
}

#[test]
fn embedded_equals_the_toml_files() {
    let toml = from_toml();
    let catalog = Catalog::embedded().unwrap();
    let embedded: Vec<&ChipSpec> = catalog.chips().iter().map(|c| &c.spec).collect();
    let ids = |v: &[&ChipSpec]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let toml_refs: Vec<&ChipSpec> = toml.iter().collect();
    assert_eq!(ids(&embedded), ids(&toml_refs), "chip files added or removed without a rebuild");
    for (e, t) in embedded.iter().zip(&toml) {
        assert_eq!(*e, t, "data/chips/{}.toml differs from the embedded copy", t.id);
    }
    assert!(catalog.chips().iter().all(|c| c.origin == "embedded"));
}

/// A chip found by name before the whole list is decoded is the same chip as in the list, and
/// its metrics are computed from the same spec.
#[test]
fn lazy_lookup_matches_the_full_list() {
    let toml = from_toml();
    for t in &toml {
        let fresh = Catalog::embedded().unwrap();
        let chip = fresh.get(t.label()).unwrap();
        assert_eq!(&chip.spec, t);
        let listed = fresh.chips().iter().find(|c| c.spec.id == t.id).unwrap();
        assert_eq!(serde_json::to_value(&chip.metrics).unwrap(), serde_json::to_value(&listed.metrics).unwrap());
        // After the full list exists, lookups answer from it.
        assert_eq!(fresh.get(&t.id).unwrap().spec, *t);
    }
}

/// A user's chip with an embedded id replaces it, before and after the list is made.
#[test]
fn a_users_chip_replaces_the_embedded_one() {
    let text = "id = \"h20\"\nname = \"My H20\"\nvendor = \"V\"\ndatacenter = true\n";
    let spec = redline_catalog::parse_spec(text, "h20.toml", Provenance::Optional).unwrap();
    let mut catalog = Catalog::embedded().unwrap();
    let n = catalog.len();
    let _ = catalog.chips();
    catalog.insert(redline_catalog::Chip::new(spec.clone(), "h20.toml"));
    assert_eq!(catalog.len(), n);
    assert_eq!(catalog.get("h20").unwrap().spec.name, "My H20");
    assert_eq!(catalog.chips().iter().filter(|c| c.spec.id == "h20").count(), 1);
    assert_eq!(catalog.get("My H20").unwrap().origin, "h20.toml");
    // Its embedded aliases no longer find it.
    assert!(catalog.get("HGX H20").is_err());
}

/// The message a malformed catalogue file gives, which is what fails the build for a wrong
/// embedded file: file, line, field, and what was expected.
#[test]
fn catalogue_file_errors_name_file_line_and_field() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/chips");
    let good = std::fs::read_to_string(dir.join("h20.toml")).unwrap();
    let bad = good.replace(
        "bandwidth_gbs = { value = 4000.0, source = \"epoch\", grade = \"press\"",
        "bandwidth_gbs = { value = 4000.0, source = \"epoch\", grade = \"rumour\"",
    );
    assert_ne!(bad, good);
    let err = parse_catalogue_file("h20.toml", &bad).unwrap_err();
    let line = bad.lines().position(|l| l.starts_with("bandwidth_gbs")).unwrap() + 1;
    assert_eq!(err.file, "data/chips/h20.toml");
    assert_eq!(err.line, Some(line));
    assert_eq!(err.field.as_deref(), Some("memory.bandwidth_gbs.grade"), "{err}");
    assert!(err.to_string().starts_with(&format!("data/chips/h20.toml:{line}:")), "{err}");
    // A missing grade, caught by the provenance check.
    let ungraded = good.replace(
        "capacity_gb = { value = 96.0, source = \"epoch\", grade = \"press\" }",
        "capacity_gb = { value = 96.0, source = \"epoch\" }",
    );
    let err = parse_catalogue_file("h20.toml", &ungraded).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("memory.capacity_gb"), "{err}");
    assert!(err.message.contains("grade"), "{err}");
    // An id that does not match the file name.
    let err = parse_catalogue_file("h21.toml", &good).unwrap_err();
    assert_eq!((err.field.as_deref(), err.line), (Some("id"), Some(4)), "{err}");
}
