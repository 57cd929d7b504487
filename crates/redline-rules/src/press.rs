//! Press-graded overlays: reported decisions analysts ask about, shown beside the answer and
//! never its basis. Each lives in its own edition file; this is the shape they share.

use serde::Serialize;

use redline_catalog::Grade;

use crate::date::Date;
use crate::edition::Edition;

/// A reported decision shown with a check. It never sets `license_required`, the review policy
/// or the evidence grade.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PressOverlay {
    /// The overlay's edition id (`redline rules ID` explains it).
    pub edition: &'static str,
    /// Date of the report.
    pub date: Date,
    /// What was reported.
    pub summary: String,
    /// Evidence grade (press, or an official statement known only through press).
    pub grade: Grade,
    /// Where it was reported.
    pub source: &'static str,
    /// Always false: the answer above does not rest on it.
    pub basis_of_verdict: bool,
}

impl PressOverlay {
    /// The overlay `edition` reports, dated `date`: its grade and citation are the edition's,
    /// and it is never the basis of the verdict.
    #[must_use]
    pub fn reported(edition: &Edition, date: Date, summary: String) -> PressOverlay {
        PressOverlay {
            edition: edition.id,
            date,
            summary,
            grade: edition.grade,
            source: edition.citation,
            basis_of_verdict: false,
        }
    }
}
