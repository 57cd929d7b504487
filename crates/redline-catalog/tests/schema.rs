//! The committed JSON Schema of spec files (`docs/spec-schema.json`) matches the code.
//! After a schema change: `REDLINE_BLESS=1 cargo test -p redline-catalog --test schema`.

#[test]
fn committed_schema_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/spec-schema.json");
    let generated = serde_json::to_string_pretty(&redline_catalog::spec::json_schema()).unwrap() + "\n";
    if std::env::var_os("REDLINE_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/spec-schema.json is stale: run `REDLINE_BLESS=1 cargo test -p redline-catalog --test schema` and commit it"
    );
}

#[test]
fn schema_names_the_contract_fields() {
    let s = redline_catalog::spec::json_schema();
    let props = s["properties"].as_object().unwrap();
    for key in ["id", "name", "vendor", "datacenter", "dies", "dense", "memory", "interconnect"] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(s["additionalProperties"], false);
}
