//! Parses and checks every `data/chips/*.toml` at build time with the crate's own loader (the
//! schema and loader modules are compiled into this script from `src/`), and embeds the checked
//! specs in their stored form with an index of the names each chip answers to. A malformed
//! file fails the build with the loader's `data/chips/FILE:LINE:COLUMN: field ...` message.
#![allow(clippy::print_stderr, reason = "a build script reports a failure on stderr")]

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/embed.rs"]
mod embed;
#[allow(dead_code)]
#[path = "src/load.rs"]
mod load;
#[allow(dead_code)]
#[path = "src/provenance.rs"]
mod provenance;
#[allow(dead_code)]
#[path = "src/spec.rs"]
mod spec;
#[allow(dead_code)]
#[path = "src/units.rs"]
mod units;

fn fail(message: &str) -> ! {
    eprintln!("error: the embedded catalogue is invalid: {message}");
    std::process::exit(1);
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/chips");
    // A directory: Cargo reruns this when any file in it is added, removed or modified.
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())));
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut specs = Vec::with_capacity(names.len());
    for name in &names {
        let path = dir.join(name);
        let text =
            load::read_capped(&path, load::MAX_SPEC_BYTES).unwrap_or_else(|e| fail(&format!("data/chips/{name}: {e}")));
        let spec = load::parse_catalogue_file(name, &text).unwrap_or_else(|e| fail(&e.to_string()));
        specs.push(spec);
    }
    // Catalogue order is by id (not by file name: `h20` before `h20-141gb`).
    specs.sort_by(|a, b| a.id.cmp(&b.id));

    let mut blob = String::new();
    let mut index = String::from("&[\n");
    for spec in &specs {
        let json = embed::encode(spec).unwrap_or_else(|e| fail(&format!("data/chips/{}.toml: {e}", spec.id)));
        let start = blob.len();
        blob.push_str(&json);
        let keys: Vec<String> = embed::names(spec).map(embed::normalize).collect();
        let _ = writeln!(
            index,
            "    EmbeddedChip {{ id: {:?}, keys: &{keys:?}, json: ({start}, {}) }},",
            spec.id,
            blob.len()
        );
    }
    index.push(']');

    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    for (file, text) in [("embedded_chips.json", &blob), ("embedded_chips.rs", &index)] {
        let dest = Path::new(&out).join(file);
        if let Err(e) = std::fs::write(&dest, text) {
            fail(&format!("cannot write {}: {e}", dest.display()));
        }
    }
}
