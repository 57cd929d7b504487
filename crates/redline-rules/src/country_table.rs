//! Reading the two country tables (`data/rules/country-groups.csv`, `data/rules/iso-3166-1.csv`)
//! from CSV. `build.rs` compiles this module too: it reads the embedded tables at build time and
//! stores them as Rust statics, so a start-up parses no CSV; the crate uses it for
//! [`crate::country::Countries::from_csv`], which a test holds equal to the embedded tables.

/// One row of the Country Groups table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    /// ISO 3166-1 alpha-2 code.
    pub iso2: String,
    /// English name as the table gives it.
    pub name: String,
    /// Membership in A:5, A:6, D:1, D:4, D:5 (a `1` in the column).
    pub groups: [bool; 5],
    /// AI Diffusion tier; 2 where the column is empty.
    pub diffusion_tier: u8,
}

/// One row of the ISO 3166-1 table.
#[derive(Clone, Debug, PartialEq)]
pub struct IsoRow {
    /// Alpha-2 code.
    pub iso2: String,
    /// Short English name.
    pub name: String,
    /// ISO name.
    pub iso_name: String,
    /// Other names, `;`-separated.
    pub aliases: String,
}

/// Reads the Country Groups table.
///
/// # Errors
/// When the text is not CSV with a header row.
pub fn group_rows(text: &str) -> Result<Vec<GroupRow>, csv::Error> {
    let mut rows = Vec::new();
    for record in csv::Reader::from_reader(text.as_bytes()).records() {
        let r = record?;
        let flag = |i: usize| r.get(i) == Some("1");
        rows.push(GroupRow {
            iso2: r.get(0).unwrap_or_default().to_string(),
            name: r.get(1).unwrap_or_default().to_string(),
            groups: [flag(2), flag(3), flag(4), flag(5), flag(6)],
            diffusion_tier: r.get(7).and_then(|t| t.parse().ok()).unwrap_or(2),
        });
    }
    Ok(rows)
}

/// Reads the ISO 3166-1 table.
///
/// # Errors
/// When the text is not CSV with a header row.
pub fn iso_rows(text: &str) -> Result<Vec<IsoRow>, csv::Error> {
    let mut rows = Vec::new();
    for record in csv::Reader::from_reader(text.as_bytes()).records() {
        let r = record?;
        let field = |i: usize| r.get(i).unwrap_or_default().to_string();
        rows.push(IsoRow { iso2: field(0), name: field(1), iso_name: field(2), aliases: field(3) });
    }
    Ok(rows)
}
