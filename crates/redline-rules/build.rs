//! Reads the embedded country tables (`data/rules/*.csv`) at build time with the crate's own
//! reader (`src/country_table.rs`, compiled into this script) and stores them as Rust statics.
#![allow(clippy::print_stderr, reason = "a build script reports a failure on stderr")]

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/country_table.rs"]
mod country_table;

fn fail(message: &str) -> ! {
    eprintln!("error: the embedded country tables are invalid: {message}");
    std::process::exit(1);
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| fail(&format!("data/rules/{name}: {e}")))
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/rules");
    // A directory: Cargo reruns this when any file in it is added, removed or modified.
    println!("cargo:rerun-if-changed={}", dir.display());
    let groups = country_table::group_rows(&read(&dir, "country-groups.csv"))
        .unwrap_or_else(|e| fail(&format!("data/rules/country-groups.csv: {e}")));
    let iso = country_table::iso_rows(&read(&dir, "iso-3166-1.csv"))
        .unwrap_or_else(|e| fail(&format!("data/rules/iso-3166-1.csv: {e}")));
    let mut out =
        String::from("/// `data/rules/country-groups.csv`: code, name, A:5 A:6 D:1 D:4 D:5, diffusion tier.\n");
    out.push_str("static GROUP_ROWS: &[(&str, &str, [bool; 5], u8)] = &[\n");
    for r in &groups {
        let _ = writeln!(out, "    ({:?}, {:?}, {:?}, {}),", r.iso2, r.name, r.groups, r.diffusion_tier);
    }
    out.push_str("];\n/// `data/rules/iso-3166-1.csv`: code, name, ISO name, aliases.\n");
    out.push_str("static ISO_ROWS: &[(&str, &str, &str, &str)] = &[\n");
    for r in &iso {
        let _ = writeln!(out, "    ({:?}, {:?}, {:?}, {:?}),", r.iso2, r.name, r.iso_name, r.aliases);
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set")))
        .join("embedded_countries.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        fail(&format!("cannot write {}: {e}", dest.display()));
    }
}
