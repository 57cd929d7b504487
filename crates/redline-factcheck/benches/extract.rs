//! Extraction and checking speed on a 20 KB article.
#![allow(missing_docs)]
fn main() {}
