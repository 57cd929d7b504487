//! Rebuild when any embedded asset is added, removed or changed (rust-embed tracks only the
//! files it saw).
fn main() {
    println!("cargo:rerun-if-changed=assets");
}
