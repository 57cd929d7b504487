//! Charts drawn from the embedded catalogue: every label present, none overlapping, SVG that
//! parses, PNG that decodes, and golden Vega-Lite specs.

use redline_catalog::{Catalog, Chip};
use redline_plot::svg::{self, Rendered};
use redline_plot::{Figure, ImageFormat};
use redline_rules::{Countries, Date};

fn catalog() -> Catalog {
    Catalog::embedded().expect("embedded catalogue")
}

fn date(s: &str) -> Date {
    s.parse().expect("date")
}

/// No two label boxes intersect, and no label covers a marker.
fn assert_no_overlap(r: &Rendered, what: &str) {
    for (i, a) in r.labels.iter().enumerate() {
        assert!(a.free, "{what}: no free spot for {:?}", a.text);
        for b in &r.labels[i + 1..] {
            assert!(
                !a.rect.intersects(&b.rect),
                "{what}: labels {:?} and {:?} overlap: {:?} {:?}",
                a.text,
                b.text,
                a.rect,
                b.rect
            );
        }
        for m in &r.markers {
            assert!(!a.rect.intersects(m), "{what}: label {:?} covers a marker at {m:?}", a.text);
        }
    }
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("SVG is well-formed XML");
    doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or_default().to_string()).collect()
}

fn assert_png(bytes: &[u8]) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG decodes");
    assert!(info.width >= 800 && info.height >= 300, "{info:?}");
    // Text rendered: some pixels are dark (labels, axes), not just the white background.
    let dark = buf.chunks(4).filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80).count();
    assert!(dark > 2000, "only {dark} dark pixels: was any text drawn?");
}

#[test]
fn compliance_has_every_known_chip_label_and_no_overlap() {
    let cat = catalog();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    for on in ["2022-12-01", "2024-06-01", "2025-09-01", "2026-11-29"] {
        let fig = redline_plot::compliance(&chips, date(on)).expect("figure");
        let r = svg::render(&fig);
        assert_no_overlap(&r, &format!("compliance {on}"));
        let t = texts(&r.svg);
        for chip in &chips {
            if chip.metrics.tpp.is_some() && chip.metrics.performance_density.is_some() {
                let label = chip.spec.label();
                assert!(t.iter().any(|x| x == label), "{on}: label {label:?} missing");
            }
        }
        assert!(t.iter().any(|x| x.contains("data ")), "footer missing");
    }
}

#[test]
fn compliance_regions_follow_the_edition() {
    let cat = catalog();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    let old = redline_plot::compliance(&chips, date("2023-01-01")).unwrap();
    assert_eq!(old.regions.len(), 1);
    let new = redline_plot::compliance(&chips, date("2024-01-01")).unwrap();
    let labels: Vec<&str> = new.regions.iter().map(|r| r.label.as_str()).collect();
    for p in ["3A090.a.1", "3A090.a.2", "3A090.b.1", "3A090.b.2"] {
        assert!(labels.contains(&p), "{p} not in {labels:?}");
    }
    let svg = svg::render(&new).svg;
    assert!(texts(&svg).iter().any(|t| t == "3A090.a.2"));
}

#[test]
fn bandwidth_and_timeline_have_no_overlap() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    for on in ["2025-09-01", "2026-03-01"] {
        let fig = redline_plot::bandwidth(&chips, &countries, "CN", date(on)).unwrap();
        assert_no_overlap(&svg::render(&fig), &format!("bandwidth {on}"));
    }
    for chip in ["h20", "h200", "rtx-pro-6000d", "a800"] {
        let fig = redline_plot::timeline(cat.get(chip).unwrap(), &countries, "CN", date("2026-11-29")).unwrap();
        assert_no_overlap(&svg::render(&fig), &format!("timeline {chip}"));
    }
}

#[test]
fn svg_parses_and_png_decodes() {
    let cat = catalog();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    let fig = redline_plot::compliance(&chips, date("2025-09-01")).unwrap();
    let svg = redline_plot::draw(&fig, ImageFormat::Svg).unwrap();
    let text = String::from_utf8(svg).unwrap();
    let opt = resvg::usvg::Options::default();
    resvg::usvg::Tree::from_str(&text, &opt).expect("usvg parses the SVG");
    assert_png(&redline_plot::draw(&fig, ImageFormat::Png).unwrap());
}

fn rounded(fig: &Figure) -> serde_json::Value {
    redline_plot::vega::spec(fig)
}

#[test]
fn vega_lite_specs() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = ["h20", "h100-sxm", "l20", "rtx-4090d", "b30a", "gaudi3", "mi308x"]
        .iter()
        .map(|id| cat.get(id).unwrap())
        .collect();
    let on = date("2025-09-01");
    insta::assert_json_snapshot!("compliance_vl", rounded(&redline_plot::compliance(&chips, on).unwrap()));
    insta::assert_json_snapshot!(
        "bandwidth_vl",
        rounded(&redline_plot::bandwidth(&chips, &countries, "CN", date("2026-03-01")).unwrap())
    );
    insta::assert_json_snapshot!(
        "timeline_vl",
        rounded(&redline_plot::timeline(cat.get("h20").unwrap(), &countries, "CN", date("2026-11-29")).unwrap())
    );
}

#[test]
fn perf_charts_draw_without_overlap() {
    let cat = catalog();
    let chips: Vec<&Chip> =
        ["h100-sxm", "h20", "rtx-pro-6000d", "b200"].iter().map(|id| cat.get(id).unwrap()).collect();
    let model = redline_perf::zoo_model(redline_perf::zoo_ids()[0]).unwrap();
    let req = redline_perf::InferenceRequest::default();
    let roof = redline_plot::roofline(&chips, model, &req).unwrap();
    assert_eq!(roof.lines.len(), 4);
    let r = svg::render(&roof);
    assert_no_overlap(&r, "roofline");
    let t = texts(&r.svg);
    assert!(t.iter().any(|x| x == "H20 decode"), "{t:?}");
    let cmp = redline_plot::compare(&chips, model, &req).unwrap();
    assert!(cmp.below.is_some());
    let r = svg::render(&cmp);
    assert_no_overlap(&r, "compare");
    resvg::usvg::Tree::from_str(&r.svg, &resvg::usvg::Options::default()).expect("two-panel SVG parses");
    assert_png(&redline_plot::draw(&cmp, ImageFormat::Png).unwrap());
    let spec = redline_plot::vega::spec(&cmp);
    assert_eq!(spec["vconcat"].as_array().map(Vec::len), Some(2));
}

/// The H20 case of docs/frontier.md, run once for the frontier tests.
fn frontier_report() -> &'static (Catalog, redline_search::FrontierReport) {
    static REPORT: std::sync::OnceLock<(Catalog, redline_search::FrontierReport)> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let cat = catalog();
        let q = redline_search::Request::new(date("2024-06-01"), "CN", "deepseek-v3", "decode").query().unwrap();
        let report = redline_search::frontier(&q, &cat, &|_| {}, None).unwrap();
        (cat, report)
    })
}

#[test]
fn frontier_places_every_scored_chip_without_overlap() {
    let (cat, report) = frontier_report();
    let fig = redline_plot::frontier(report, cat).unwrap();
    let r = svg::render(&fig);
    assert_no_overlap(&r, "frontier");
    let t = texts(&r.svg);
    assert!(!report.chips.is_empty());
    for c in &report.chips {
        assert!(t.contains(&c.label), "label {:?} missing", c.label);
    }
    assert!(t.iter().any(|x| x.starts_with("best allowed design")), "best design not labelled");
    for id in ["3A090.b.1/tpp-min", "3A090.a.1/tpp"] {
        assert!(t.iter().any(|x| x.contains(id)), "rule {id} not labelled: {t:?}");
    }
    assert!(t.iter().any(|x| x.contains("data ") && x.contains("no licence required")), "footer missing");
    // Press-reported chips are hollow diamonds, as in the compliance chart.
    let b30a = fig.points.iter().find(|p| p.id.as_deref() == Some("b30a")).unwrap();
    assert!(!b30a.filled && b30a.shape == redline_plot::figure::Shape::Diamond);
    let h20 = fig.points.iter().find(|p| p.id.as_deref() == Some("h20")).unwrap();
    assert_eq!(h20.color_key, "catalogue chip, allowed");
    resvg::usvg::Tree::from_str(&r.svg, &resvg::usvg::Options::default()).expect("usvg parses the frontier SVG");
    assert_png(&redline_plot::draw(&fig, ImageFormat::Png).unwrap());
}

#[test]
fn frontier_vega_lite_spec() {
    let (cat, report) = frontier_report();
    let spec = rounded(&redline_plot::frontier(report, cat).unwrap());
    let text = spec.to_string();
    assert!(text.contains("/chip/h20"), "click-through to chip pages");
    insta::assert_json_snapshot!("frontier_vl", spec);
}
