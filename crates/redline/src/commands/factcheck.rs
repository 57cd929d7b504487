//! `redline factcheck FILE|-`: every chip and rule claim of a news text, checked. Reads the
//! text, calls `redline-factcheck`, formats the report (table, JSON, CSV, or a standalone HTML
//! page with the claims highlighted). Exit 0 whatever the verdicts; 2 when the input cannot
//! be read or is not UTF-8 text.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use redline_factcheck::{Claim, ClaimValue, Factchecker, Options, Report};

use crate::args::{CatalogArgs, FactcheckArgs, FactcheckFormat};
use crate::context::{Context, date};
use crate::output;

/// Largest article read, bytes (a saved page is rarely over a few MB).
pub const MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// Reads the article: a regular file of at most [`MAX_ARTICLE_BYTES`], or standard input for
/// `-` (read up to the same limit).
fn read_input(path: &Path) -> Result<String> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin { "standard input".to_string() } else { format!("article {}", path.display()) };
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin()
            .take(MAX_ARTICLE_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("{name}: cannot read"))?;
    } else {
        crate::context::check_input(path, MAX_ARTICLE_BYTES, "article")?;
        let file = std::fs::File::open(path).with_context(|| format!("{name}: cannot read"))?;
        file.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes).with_context(|| format!("{name}: cannot read"))?;
    }
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        bail!("{name}: over the limit of {MAX_ARTICLE_BYTES} bytes");
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!("{name}: line {line} (byte {at}): not UTF-8 text; save the article as UTF-8 plain text")
        }
    }
}

pub fn run(args: &FactcheckArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let text = read_input(&args.file)?;
    let ctx = Context::load(catalog, &[])?;
    let as_of = date(args.as_of.as_ref()).context("--as-of")?;
    let destination = ctx.countries.get(&args.to).context("--to")?.iso2;
    let checker = Factchecker::new(&ctx.catalog, &ctx.countries);
    let report = checker.check(&text, &Options { as_of, destination });
    match args.format {
        FactcheckFormat::Json => output::json(out, &report),
        FactcheckFormat::Csv => {
            output::csv(out, &HEADER, &report.claims.iter().enumerate().map(|(i, c)| row(i, c)).collect::<Vec<_>>())
        }
        FactcheckFormat::Table => table(out, &report),
        FactcheckFormat::Html => {
            out.write_all(html(&text, &report).as_bytes())?;
            Ok(())
        }
    }
}

fn value(v: &ClaimValue) -> String {
    match v {
        ClaimValue::Number(x) => {
            if x.abs() < 10.0 && x.fract() != 0.0 {
                format!("{}", (x * 10_000.0).round() / 10_000.0)
            } else {
                output::num(Some(*x))
            }
        }
        ClaimValue::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        ClaimValue::Text(t) => t.clone(),
    }
}

fn opt_value(v: Option<&ClaimValue>) -> String {
    v.map_or_else(|| "-".to_string(), value)
}

/// What Redline has: the value, or for a performance claim the predicted range (the JSON's
/// `reference` is its geometric mean).
fn has(c: &Claim) -> String {
    match (c.reference_low, c.reference_high) {
        (Some(lo), Some(hi)) => {
            let r = |x: f64| value(&ClaimValue::Number(three_digits(x)));
            format!("{}–{} predicted", r(lo), r(hi))
        }
        _ => opt_value(c.reference.as_ref()),
    }
}

/// Three significant digits (a prediction's range is no more precise than that).
fn three_digits(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = 10f64.powi(2 - v.abs().log10().floor() as i32);
    (v * mag).round() / mag
}

const HEADER: [&str; 25] = [
    "index",
    "kind",
    "subject",
    "quantity",
    "claimed",
    "reference",
    "unit",
    "verdict",
    "comparison",
    "tolerance",
    "date",
    "destination",
    "edition",
    "measure",
    "grade",
    "source",
    "quote",
    "start",
    "end",
    "text",
    "reason",
    "reference_low",
    "reference_high",
    "model_error",
    "workload",
];

fn json_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

fn row(i: usize, c: &Claim) -> Vec<String> {
    vec![
        (i + 1).to_string(),
        json_str(&c.kind),
        c.subject.clone().unwrap_or_default(),
        c.quantity.clone(),
        serde_json::to_string(&c.claimed).unwrap_or_default(),
        c.reference.as_ref().and_then(|r| serde_json::to_string(r).ok()).unwrap_or_default(),
        c.unit.to_string(),
        c.verdict.as_str().to_string(),
        json_str(&c.comparison),
        c.tolerance.as_ref().map(|t| t.relative.to_string()).unwrap_or_default(),
        c.date.clone().unwrap_or_default(),
        c.destination.clone().unwrap_or_default(),
        c.edition.clone().unwrap_or_default(),
        c.measure.clone().unwrap_or_default(),
        c.grade.map(|g| g.as_str().to_string()).unwrap_or_default(),
        c.source.clone().unwrap_or_default(),
        c.quote.clone(),
        c.span.start.to_string(),
        c.span.end.to_string(),
        c.text.clone(),
        c.reason.clone(),
        c.reference_low.map(|x| x.to_string()).unwrap_or_default(),
        c.reference_high.map(|x| x.to_string()).unwrap_or_default(),
        c.model_error.map(|x| x.to_string()).unwrap_or_default(),
        c.workload.clone().unwrap_or_default(),
    ]
}

fn summary_line(r: &Report) -> String {
    format!(
        "{} claims in {} sentences: {} consistent, {} inconsistent, {} unverifiable (undated rule claims as of {}; destination {} unless named)",
        r.summary.claims,
        r.sentences,
        r.summary.consistent,
        r.summary.inconsistent,
        r.summary.unverifiable,
        r.as_of,
        r.default_destination
    )
}

fn table(out: &mut dyn Write, r: &Report) -> Result<()> {
    writeln!(out, "{}", summary_line(r))?;
    if r.claims.is_empty() {
        return Ok(());
    }
    let mut t = output::table(&["#", "claim", "quantity", "claimed", "verdict", "Redline has", "grade", "source"]);
    for (i, c) in r.claims.iter().enumerate() {
        let who = c.subject.as_deref().unwrap_or("?");
        let when = c.date.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
        t.add_row(vec![
            (i + 1).to_string(),
            format!("{} [{who}{when}]", c.quote),
            c.quantity.clone(),
            value(&c.claimed),
            c.verdict.as_str().to_string(),
            has(c),
            c.grade.map_or("-", |g| g.as_str()).to_string(),
            short(c.source.as_deref().unwrap_or(&c.reason), 60),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}

/// At most `n` chars, with an ellipsis when cut (the JSON and CSV carry the whole text).
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}\
pre.article{white-space:pre-wrap;font:inherit;background:#fafafa;border:1px solid #ddd;padding:1rem}\
mark{padding:0 .1em;border-radius:3px}mark.consistent{background:#c8f0c8}mark.inconsistent{background:#f8c4c4}\
mark.unverifiable{background:#e4e4e4}sup{font-size:.7em;color:#555}table{border-collapse:collapse;width:100%;font-size:13px}\
td,th{border:1px solid #ccc;padding:.3rem;vertical-align:top;text-align:left}td.consistent{color:#176317}\
td.inconsistent{color:#a11}td.unverifiable{color:#555}";

/// A standalone page: the text with every claim highlighted, then the claims table.
fn html(text: &str, r: &Report) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut marks: Vec<(usize, &Claim)> = r.claims.iter().enumerate().collect();
    marks.sort_by_key(|(i, c)| (c.span.start, *i));
    let mut body = String::new();
    let mut pos = 0;
    for (i, c) in marks {
        let (s, e) = (c.span.start.min(chars.len()), c.span.end.min(chars.len()));
        if s < pos {
            // Same words as an earlier claim (one licence phrase for two chips): one mark.
            let _ = write!(body, "<sup><a href=\"#claim-{n}\">{n}</a></sup>", n = i + 1);
            continue;
        }
        body.push_str(&esc(&chars[pos..s].iter().collect::<String>()));
        let title = format!("{}: {} {}", c.verdict.as_str(), c.quantity, c.reason);
        let _ = write!(
            body,
            "<mark class=\"{}\" title=\"{}\">{}</mark><sup><a href=\"#claim-{n}\">{n}</a></sup>",
            c.verdict.as_str(),
            esc(&title),
            esc(&chars[s..e].iter().collect::<String>()),
            n = i + 1
        );
        pos = e;
    }
    body.push_str(&esc(&chars[pos.min(chars.len())..].iter().collect::<String>()));
    let mut rows = String::new();
    for (i, c) in r.claims.iter().enumerate() {
        let _ = write!(
            rows,
            "<tr id=\"claim-{n}\"><td>{n}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{v}\">{v}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.quote),
            esc(c.subject.as_deref().unwrap_or("?")),
            esc(&c.quantity),
            esc(&value(&c.claimed)),
            esc(&has(c)),
            esc(c.grade.map_or("-", |g| g.as_str())),
            esc(c.source.as_deref().unwrap_or("-")),
            esc(&c.reason),
            n = i + 1,
            v = c.verdict.as_str(),
        );
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redline fact-check</title><style>{STYLE}</style></head><body>\n\
<h1>Redline fact-check</h1>\n<p>{}</p>\n<pre class=\"article\">{body}</pre>\n\
<table><thead><tr><th>#</th><th>claim</th><th>subject</th><th>quantity</th><th>claimed</th><th>verdict</th><th>Redline has</th><th>grade</th><th>source</th><th>why</th></tr></thead><tbody>{rows}</tbody></table>\n\
<p>Data {}. Verdicts: consistent within the stated tolerance, inconsistent with Redline's value, unverifiable where Redline has none. Performance claims are held against the performance model's predicted range over the workloads the text leaves open, widened by its leave-one-chip-out error (grade estimate).</p>\n</body></html>\n",
        esc(&summary_line(r)),
        esc(&r.data_version)
    )
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<script>\"a\" & 'b'</script>"), "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
    }
}
