//! The embedded catalogue's pre-parsed form, shared by `build.rs` and the crate.
//!
//! At build time every `data/chips/*.toml` is read with the runtime loader
//! ([`crate::load::parse_catalogue_file`]: full provenance, id matching the file name), so a
//! malformed file fails the build with the loader's file:line:field message. Each checked spec
//! is stored as compact JSON (a format serde reads several times faster than TOML, with no
//! checks left to do) together with the normalised names it answers to, so a lookup by name
//! decodes only the chip it finds. The build decodes every stored spec again and refuses to
//! finish unless it equals the TOML parse.

use crate::spec::ChipSpec;

/// Lowercase, alphanumerics only: `RTX Pro 6000D` and `rtx-pro-6000d` meet at `rtxpro6000d`.
#[must_use]
pub fn normalize(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Every name a chip answers to, in lookup order: id, name, label, aliases.
pub fn names(spec: &ChipSpec) -> impl Iterator<Item = &str> {
    std::iter::once(spec.id.as_str())
        .chain(std::iter::once(spec.name.as_str()))
        .chain(spec.label.as_deref())
        .chain(spec.aliases.iter().map(String::as_str))
}

/// The stored form of a checked spec.
///
/// # Errors
/// When the spec cannot be written as JSON, or does not read back equal to itself (a value
/// the stored form would change).
#[allow(dead_code, reason = "called by build.rs, which compiles this module too")]
pub fn encode(spec: &ChipSpec) -> Result<String, String> {
    let json = serde_json::to_string(spec).map_err(|e| format!("cannot store the spec: {e}"))?;
    match decode(&json) {
        Ok(back) if back == *spec => Ok(json),
        Ok(_) => Err("the stored form does not read back equal to the TOML parse".to_string()),
        Err(e) => Err(format!("the stored form does not read back: {e}")),
    }
}

/// Reads a stored spec back.
///
/// # Errors
/// When the text is not a stored spec.
pub fn decode(json: &str) -> Result<ChipSpec, serde_json::Error> {
    serde_json::from_str(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization() {
        assert_eq!(normalize("RTX Pro 6000D"), "rtxpro6000d");
        assert_eq!(normalize("h100-sxm"), "h100sxm");
    }
}
