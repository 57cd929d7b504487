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
                // Chips designed outside the US carry their origin: "BR100 (CN)".
                let label = chip.spec.label();
                let with_origin = format!("{label} (");
                assert!(t.iter().any(|x| x == label || x.starts_with(&with_origin)), "{on}: label {label:?} missing");
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

// ---- Defects a graphics editor found (issue 9): one test each, read from the drawn SVG. ----

fn attr(n: &roxmltree::Node, a: &str) -> f64 {
    n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

fn centre(r: &redline_plot::layout::Rect) -> (f64, f64) {
    ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0)
}

/// Distance from a label box to a marker's centre.
fn gap(label: &redline_plot::layout::Rect, marker: &redline_plot::layout::Rect) -> f64 {
    let (cx, cy) = centre(marker);
    let (nx, ny) = label.nearest(cx, cy);
    ((nx - cx).powi(2) + (ny - cy).powi(2)).sqrt()
}

/// Each RTX Pro 6000D label sits nearer its own marker than any other chip's marker, so a reader
/// attaches it to the right one (its planned and leaked bandwidths included).
#[test]
fn bandwidth_rtx_pro_6000d_labels_sit_by_their_own_markers() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    let fig = redline_plot::bandwidth(&chips, &countries, "CN", date("2026-11-29")).unwrap();
    let r = svg::render(&fig);
    let all: Vec<&redline_plot::figure::Point> = fig.points.iter().chain(&fig.strip).collect();
    assert_eq!(all.len(), r.markers.len());
    let mut checked = 0;
    for l in r.labels.iter().filter(|l| l.kind == "point" && l.text.starts_with("RTX Pro 6000D")) {
        let own: Vec<usize> = (0..all.len()).filter(|&i| all[i].label == l.text).collect();
        assert_eq!(own.len(), 1, "{:?}", l.text);
        let own_gap = gap(&l.rect, &r.markers[own[0]]);
        for (i, m) in r.markers.iter().enumerate() {
            let same_spot = (centre(m).0 - centre(&r.markers[own[0]]).0).abs() < 1.0
                && (centre(m).1 - centre(&r.markers[own[0]]).1).abs() < 1.0;
            if i != own[0] && !same_spot {
                assert!(
                    own_gap < gap(&l.rect, m),
                    "label {:?} is {own_gap:.1} px from its marker but {:.1} px from {:?}'s",
                    l.text,
                    gap(&l.rect, m),
                    all[i].label
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} RTX Pro 6000D labels");
    // The shipped value is the chip's own marker, not a second 'plan' marker on top of it.
    assert!(!r.labels.iter().any(|l| l.text.contains("2025-11")), "shipped value drawn twice");
}

/// The 1,400 GB/s and 6,500 GB/s lines continue through the "no chip-to-chip link" strip, where
/// the PCIe-only chips they decide (RTX Pro 6000D) are drawn.
#[test]
fn bandwidth_dram_lines_cross_the_strip() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    let fig = redline_plot::bandwidth(&chips, &countries, "CN", date("2026-11-29")).unwrap();
    let svg = svg::render(&fig).svg;
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let strip = doc
        .descendants()
        .find(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#fafafa"))
        .expect("strip drawn");
    let (s0, s1) = (attr(&strip, "y"), attr(&strip, "y") + attr(&strip, "height"));
    for colour in ["#6a1b9a", "#c62828"] {
        let crosses =
            doc.descendants().filter(|n| n.has_tag_name("line") && n.attribute("stroke") == Some(colour)).any(|n| {
                let (a, b) = (attr(&n, "y1").min(attr(&n, "y2")), attr(&n, "y1").max(attr(&n, "y2")));
                (attr(&n, "x1") - attr(&n, "x2")).abs() < 0.01 && a <= s0 + 1.0 && b >= s1 - 1.0
            });
        assert!(crosses, "no {colour} DRAM line through the strip ({s0}..{s1})");
    }
}

/// Legend entries of the SVG (text right of a legend marker, in the legend column).
fn legend_entries(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    // Legend titles are bold, in the right-hand column (region labels are bold too, further left).
    let x0 = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("font-weight") == Some("bold"))
        .map(|n| attr(&n, "x"))
        .fold(f64::MIN, f64::max);
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && attr(n, "x") > x0 && n.attribute("font-weight").is_none())
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// Every legend entry names something drawn: a colour or marker category of at least one chip.
#[test]
fn legends_list_only_categories_that_appear() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    let figs = [
        redline_plot::compliance(&chips, date("2022-12-01")).unwrap(),
        redline_plot::compliance(&chips, date("2026-11-29")).unwrap(),
        redline_plot::bandwidth(&chips, &countries, "CN", date("2026-11-29")).unwrap(),
        redline_plot::compliance_to(&chips, &countries, "CN", date("2026-11-29")).unwrap(),
    ];
    for fig in &figs {
        let used: Vec<&str> = fig
            .points
            .iter()
            .chain(&fig.strip)
            .flat_map(|p| [p.color_key.as_str(), p.shape_key.as_str()])
            .chain(fig.lines.iter().map(|l| l.name.as_str()))
            .collect();
        let entries = legend_entries(&svg::render(fig).svg);
        assert!(!entries.is_empty(), "{}: no legend", fig.title);
        for e in &entries {
            assert!(used.contains(&e.as_str()), "{}: legend entry {e:?} matches no marker", fig.title);
        }
    }
    // The 2022 map has no 3A090.b (the paragraph did not exist yet).
    assert!(!legend_entries(&svg::render(&figs[0]).svg).iter().any(|e| e == "3A090.b"));
}

/// With a destination, the compliance map colours chips by their licence verdict there: the H20
/// and RTX Pro 6000D (not 3A090, but licensed to China since the 2025 letters) are not shown as
/// "not controlled", and no legend entry says so.
#[test]
fn compliance_to_a_destination_colours_by_verdict() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    let fig = redline_plot::compliance_to(&chips, &countries, "CN", date("2026-11-29")).unwrap();
    for id in ["h20", "rtx-pro-6000d"] {
        let p = fig.points.iter().chain(&fig.strip).find(|p| p.id.as_deref() == Some(id)).unwrap();
        // The RTX Pro 6000D's figures straddle the press-reported line: `uncertain` (issue 8).
        assert!(p.color_key.starts_with("licence") || p.color_key.starts_with("uncertain"), "{id}: {}", p.color_key);
    }
    let entries = legend_entries(&svg::render(&fig).svg);
    assert!(!entries.iter().any(|e| e.contains("not controlled")), "{entries:?}");
    // Without a destination the key says what the colour is: 3A090 status, not a licence answer.
    let plain = redline_plot::compliance(&chips, date("2026-11-29")).unwrap();
    let h20 = plain.points.iter().find(|p| p.id.as_deref() == Some("h20")).unwrap();
    assert_ne!(h20.color_key, "not controlled");
}

/// Region labels never sit on a marker, at the default size and at the smaller sizes the web
/// app and `--width/--height` ask for.
#[test]
fn compliance_region_labels_avoid_markers() {
    let cat = catalog();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    for on in ["2023-01-01", "2026-11-29"] {
        let fig = redline_plot::compliance(&chips, date(on)).unwrap();
        for (w, h) in [(1400.0, 940.0), (1100.0, 760.0), (900.0, 620.0)] {
            let r = svg::render_sized(&fig, w, h);
            let regions: Vec<_> = r.labels.iter().filter(|l| l.kind == "region").collect();
            assert!(!regions.is_empty(), "{on} {w}x{h}: no region label");
            for l in regions {
                for m in &r.markers {
                    assert!(!l.rect.intersects(m), "{on} {w}x{h}: region label {:?} on a marker {m:?}", l.text);
                }
            }
        }
    }
}

/// The roofline's title and footer agree: the title counts the chips drawn, the footer states
/// the chips per system, and neither contradicts the other.
#[test]
fn roofline_title_and_footer_agree_on_chip_counts() {
    let cat = catalog();
    let chips: Vec<&Chip> = ["h100-sxm", "h20", "b200"].iter().map(|id| cat.get(id).unwrap()).collect();
    let model = redline_perf::zoo_model(redline_perf::zoo_ids()[0]).unwrap();
    let req = redline_perf::InferenceRequest::default();
    let fig = redline_plot::roofline(&chips, model, &req).unwrap();
    let t = texts(&svg::render(&fig).svg);
    let title = t.iter().find(|x| x.starts_with("Rooflines")).unwrap();
    assert!(title.contains("3 chips"), "{title}");
    let footer = t.iter().find(|x| x.starts_with("Model ")).unwrap();
    assert!(footer.contains("1 chip per system"), "{footer}");
    assert!(!footer.contains("1 chip(s) ·"), "{footer}");
}

/// Chinese-designed chips are marked with their origin on the charts.
#[test]
fn domestic_chips_show_their_origin() {
    let cat = catalog();
    let countries = Countries::embedded().unwrap();
    let chips: Vec<&Chip> = cat.chips().iter().collect();
    for fig in [
        redline_plot::compliance(&chips, date("2026-11-29")).unwrap(),
        redline_plot::bandwidth(&chips, &countries, "CN", date("2026-11-29")).unwrap(),
    ] {
        let t = texts(&svg::render(&fig).svg);
        for label in ["BR100 (CN)", "Ascend 910C (CN)", "MTT S5000 (CN)"] {
            assert!(t.iter().any(|x| x == label), "{}: {label} missing", fig.kind);
        }
        assert!(t.iter().any(|x| x.contains("(CN): designed in China")), "{}: origin note missing", fig.kind);
        assert!(!t.iter().any(|x| x == "H20 (US)"), "US chips need no suffix");
    }
}
