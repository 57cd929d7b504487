//! Licence status and conditions for one chip and destination over time: one row for the
//! classification, one for the licence verdict, one per condition, segments coloured by state.

use redline_catalog::Chip;
use redline_rules::{Countries, Date, timeline as history};

use crate::PlotError;
use crate::charts::bandwidth::{verdict_keys, verdict_status};
use crate::figure::{Axis, Figure, Key, Region, Rule, Scale, Shape, palette};
use crate::scale::days_of;

/// Builds the timeline chart from 2022-10-07 to `until`.
///
/// # Errors
/// Unknown destination; [`PlotError::Empty`] when `until` is before the first edition.
#[allow(clippy::too_many_lines, clippy::cast_precision_loss)]
pub fn timeline(chip: &Chip, countries: &Countries, destination: &str, until: Date) -> Result<Figure, PlotError> {
    let entries = history(chip, countries, destination, until)?;
    let Some(first) = entries.first() else {
        return Err(PlotError::Empty(format!("no rule edition on or before {until}")));
    };
    let day = |d: Date| days_of(&d.to_string()).unwrap_or(0) as f64;
    let start = day(first.check.date);
    let end = (day(until) + 1.0).max(start + 30.0);
    // Rows: classification, licence, then each condition kind in order of appearance.
    let mut condition_rows: Vec<&'static str> = Vec::new();
    for e in &entries {
        for c in &e.check.conditions {
            if !condition_rows.contains(&c.kind) {
                condition_rows.push(c.kind);
            }
        }
    }
    let mut categories = vec!["classification".to_string(), "licence".to_string()];
    categories.extend(condition_rows.iter().map(|k| format!("condition: {k}")));
    let n = categories.len() as f64;
    let mut x = Axis::new("Date", Scale::Time, start - 20.0, end + 20.0);
    x.categories = Vec::new();
    let mut y = Axis::new("", Scale::Linear, -0.6, n - 0.4);
    // Top row first: the axis runs upwards, so reverse the categories' values.
    y.categories = Vec::new();
    let mut fig = Figure::new(
        "timeline",
        format!("{} → {}: licence status over time", chip.spec.label(), first.check.destination_name),
        x,
        y,
    );
    fig.subtitle = format!(
        "{} ({}) to {} from {} to {until}: one segment per period in which the answer held",
        chip.spec.name, chip.spec.id, first.check.destination, first.check.date
    );
    let row = |i: usize| n - 1.0 - i as f64;
    fig.y.categories = categories.iter().rev().cloned().collect();
    let mut edition = "";
    for (k, e) in entries.iter().enumerate() {
        let c = &e.check;
        edition = c.classification_edition;
        let x0 = day(c.date);
        let x1 = entries.get(k + 1).map_or(end, |next| day(next.check.date));
        let (cls_label, cls_color) = if !c.decided && c.eccn.is_none() {
            ("undecided", palette::GREY)
        } else {
            match c.eccn.map(redline_rules::Eccn::as_str) {
                Some("3A090.b") => ("3A090.b", palette::ORANGE),
                Some(eccn) => (eccn, palette::RED),
                None => ("not 3A090", palette::GREEN),
            }
        };
        let band = |r: f64, label: String, detail: String, color: &str| Region {
            label,
            detail,
            x0,
            x1,
            y0: r - 0.32,
            y1: r + 0.32,
            color: color.to_string(),
            opacity: 0.55,
            labelled: true,
        };
        push_merged(
            &mut fig.regions,
            band(
                row(0),
                cls_label.to_string(),
                format!("{} → {}: {}", c.date, date_text(x1, end, until), e.classification),
                cls_color,
            ),
        );
        let (status, color) = verdict_status(c);
        let short =
            status.trim_start_matches("licence: ").replace("presumption of ", "").replace(" (policy unpublished)", "");
        push_merged(
            &mut fig.regions,
            band(row(1), short, format!("{} → {}: {}", c.date, date_text(x1, end, until), c.summary), color),
        );
        for (i, kind) in condition_rows.iter().enumerate() {
            if let Some(cond) = c.conditions.iter().find(|x| x.kind == *kind) {
                let label = cond.percent.map_or_else(|| (*kind).to_string(), |p| format!("{kind} {p}%"));
                push_merged(
                    &mut fig.regions,
                    band(row(2 + i), label, format!("{}: {} ({})", cond.kind, cond.text, cond.grade), CONDITION),
                );
            }
        }
        fig.rules.push(Rule {
            axis: 'x',
            value: x0,
            label: e.editions.join(", "),
            color: "#555555".to_string(),
            dashed: true,
        });
    }
    fig.color_keys = verdict_keys();
    fig.color_keys.push(Key {
        name: "condition in force".to_string(),
        color: CONDITION.to_string(),
        shape: Shape::Square,
        filled: true,
    });
    fig.prune_legend_to_regions();
    let last = entries.last().map(|e| e.check.summary.clone()).unwrap_or_default();
    fig.notes.push(format!("On {until}: {last}"));
    fig.notes.push(
        "Segment colours: classification (red 3A090.a, orange 3A090.b, green not 3A090); licence verdict as in the legend. Dashed lines: dates the answer changed, with the editions that took effect."
            .to_string(),
    );
    fig.footer = crate::footer(until, edition);
    fig.height = 300.0 + 70.0 * n;
    Ok(fig)
}

/// Conditions are drawn in slate, apart from the verdict colours.
const CONDITION: &str = "#78909c";

/// Adds a segment, extending the previous one on the same row when the state is unchanged.
fn push_merged(regions: &mut Vec<Region>, r: Region) {
    if let Some(prev) = regions.iter_mut().rev().find(|p| (p.y0 - r.y0).abs() < 1e-9)
        && prev.label == r.label
        && prev.color == r.color
        && (prev.x1 - r.x0).abs() < 0.5
    {
        prev.x1 = r.x1;
        prev.detail = merged_detail(&prev.detail, &r.detail);
        return;
    }
    regions.push(r);
}

/// Joins two dated details (`START → END: TEXT`); when the text is unchanged (a date on which
/// only another row changed) the last piece's end date is moved instead of repeating the text.
fn merged_detail(prev: &str, next: &str) -> String {
    let (head, last) = prev.rsplit_once("; then ").map_or(("", prev), |(h, l)| (h, l));
    match (split_dated(last), split_dated(next)) {
        (Some(((start, _), body)), Some(((_, end), next_body))) if body == next_body => {
            let piece = format!("{start} → {end}: {body}");
            if head.is_empty() { piece } else { format!("{head}; then {piece}") }
        }
        _ if prev == next => prev.to_string(),
        _ => format!("{prev}; then {next}"),
    }
}

/// `START → END: TEXT` as `((START, END), TEXT)`.
fn split_dated(d: &str) -> Option<((&str, &str), &str)> {
    let (dates, body) = d.split_once(": ")?;
    Some((dates.split_once(" → ")?, body))
}

fn date_text(x1: f64, end: f64, until: Date) -> String {
    if (x1 - end).abs() < 0.5 {
        until.to_string()
    } else {
        #[allow(clippy::cast_possible_truncation)]
        let (y, m, d) = crate::scale::civil(x1 as i64);
        format!("{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::merged_detail;

    #[test]
    fn unchanged_text_extends_the_dates_instead_of_repeating() {
        let a = "2023-11-17 → 2025-04-09: outside 3A090";
        let b = "2025-04-09 → 2025-07-31: outside 3A090";
        assert_eq!(merged_detail(a, b), "2023-11-17 → 2025-07-31: outside 3A090");
        let c = "2025-07-31 → 2026-11-29: named in the letter";
        assert_eq!(
            merged_detail(&merged_detail(a, b), c),
            "2023-11-17 → 2025-07-31: outside 3A090; then 2025-07-31 → 2026-11-29: named in the letter"
        );
        // Details without dates (condition rows) are kept once when equal.
        assert_eq!(merged_detail("revenue-share: 15%", "revenue-share: 15%"), "revenue-share: 15%");
    }
}
