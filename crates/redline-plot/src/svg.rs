//! Drawing a [`Figure`] as SVG: the layout (plot area, legend, strip, every label's box) and
//! the markup. The layout is shared with the Vega-Lite export so both show labels in the same
//! places.

use std::fmt::Write as _;

use crate::figure::{Figure, Key, Point, Shape};
use crate::layout::{self, Placement, Rect, Request};
use crate::scale::{self, Mapper};
use crate::text::{self, FONT_FAMILY};

/// Font sizes, pixels.
const TITLE: f64 = 22.0;
const SUBTITLE: f64 = 13.0;
const TICK: f64 = 12.0;
const AXIS_TITLE: f64 = 14.0;
const LABEL: f64 = 11.0;
const REGION_LABEL: f64 = 12.0;
const NOTE: f64 = 11.5;
const MARKER_R: f64 = 5.0;
const LINE_H: f64 = 1.3;
const PAD: f64 = 1.5;

/// First strip row's offset below the strip's top edge, and the spacing of further rows.
const STRIP_ROW0: f64 = 16.0;
const STRIP_ROW_GAP: f64 = 28.0;

/// Rows for the strip's markers (offsets below its top edge). Strip points have no y value, so
/// their height only has to keep each label beside its own marker: going left to right, a
/// marker takes the first row whose last label ends before it, so a label never lands next to
/// another chip's marker. Markers on the same pixel share a row (and one stacked label).
fn strip_rows(fig: &Figure, mx: &Mapper, strip_height: f64) -> Vec<f64> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rows = (((strip_height - 30.0) / STRIP_ROW_GAP).floor().max(1.0)) as usize;
    let mut order: Vec<usize> = (0..fig.strip.len()).collect();
    order.sort_by(|&a, &b| mx.px(fig.strip[a].x).total_cmp(&mx.px(fig.strip[b].x)));
    let mut ends = vec![f64::MIN; rows];
    let mut offsets = vec![STRIP_ROW0; fig.strip.len()];
    let mut last: Option<(f64, usize)> = None;
    for i in order {
        let p = &fig.strip[i];
        let x = mx.px(p.x);
        let width = if p.label.is_empty() { 0.0 } else { text::width(&p.label, LABEL) + 2.0 * PAD };
        let row = match last {
            Some((lx, r)) if (lx - x).abs() < 1.0 => r,
            _ => (0..rows)
                .find(|&r| ends[r] < x - MARKER_R - 3.0)
                .unwrap_or_else(|| (0..rows).min_by(|&a, &b| ends[a].total_cmp(&ends[b])).unwrap_or(0)),
        };
        ends[row] = ends[row].max(x + MARKER_R + 4.0 + width);
        #[allow(clippy::cast_precision_loss)]
        let offset = STRIP_ROW0 + row as f64 * STRIP_ROW_GAP;
        offsets[i] = offset;
        last = Some((x, row));
    }
    offsets
}

/// What a label box holds, for tests and for the Vega-Lite export.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LabelBox {
    /// `point`, `region`, `rule` or `line`.
    pub kind: &'static str,
    /// The text (one line).
    pub text: String,
    /// Its box.
    pub rect: Rect,
    /// False when the placer found no free spot.
    pub free: bool,
}

/// A drawn figure: the SVG text and the boxes of everything written in the plot.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The SVG document.
    pub svg: String,
    /// Every label drawn inside the plot or strip (one box per line of text).
    pub labels: Vec<LabelBox>,
    /// Every marker's box.
    pub markers: Vec<Rect>,
}

/// Pixel geometry of a figure.
pub(crate) struct Layout {
    pub plot: Rect,
    pub strip: Option<Rect>,
    pub mx: Mapper,
    pub my: Mapper,
    pub legend_x: f64,
    pub left: f64,
    /// For each label group: point indices (into `points` or `strip`), in-strip flag, placement.
    pub groups: Vec<(Vec<usize>, bool, Placement)>,
    pub region_labels: Vec<(usize, Rect)>,
    pub rule_labels: Vec<(usize, Rect)>,
    pub line_labels: Vec<(usize, Placement)>,
    pub markers: Vec<Rect>,
    pub strip_title: Option<Rect>,
    /// Each strip marker's offset below the strip's top edge.
    pub strip_offsets: Vec<f64>,
}

fn text_box(lines: &[&str], size: f64) -> (f64, f64) {
    let w = lines.iter().map(|l| text::width(l, size)).fold(0.0, f64::max);
    #[allow(clippy::cast_precision_loss)]
    let h = lines.len() as f64 * size * LINE_H;
    (w + 2.0 * PAD, h)
}

fn legend_width(fig: &Figure) -> f64 {
    let keys = fig.color_keys.iter().chain(&fig.shape_keys);
    let w = keys
        .map(|k| text::width(&k.name, TICK) + 30.0)
        .chain(fig.lines.iter().map(|l| text::width(&l.name, TICK) + 40.0))
        .fold(0.0, f64::max);
    if w == 0.0 { 0.0 } else { w.clamp(150.0, 330.0) + 20.0 }
}

fn footer_lines(fig: &Figure) -> usize {
    fig.notes.len() + 1
}

/// Lays a figure out at `width` × `height` pixels.
#[allow(clippy::too_many_lines)]
pub(crate) fn layout(fig: &Figure, width: f64, height: f64) -> Layout {
    let tick_w = scale::ticks(&fig.y).iter().map(|(_, l)| text::width(l, TICK)).fold(0.0, f64::max);
    let left = (tick_w + 48.0).max(80.0);
    let legend_w = legend_width(fig);
    let right = width - legend_w - 24.0;
    let top = if fig.subtitle.is_empty() { 60.0 } else { 80.0 };
    #[allow(clippy::cast_precision_loss)]
    let bottom_text = 58.0 + footer_lines(fig) as f64 * NOTE * 1.45 + 10.0;
    let strip_space = if fig.strip.is_empty() { 0.0 } else { fig.strip_height + 10.0 };
    let plot = Rect { x0: left, y0: top, x1: right, y1: height - bottom_text - strip_space };
    let strip = (!fig.strip.is_empty()).then_some(Rect {
        x0: plot.x0,
        y0: plot.y1 + 10.0,
        x1: plot.x1,
        y1: plot.y1 + 10.0 + fig.strip_height,
    });
    let mx = Mapper::new(&fig.x, plot.x0, plot.x1);
    let my = Mapper::new(&fig.y, plot.y1, plot.y0);

    // Markers.
    let mut markers: Vec<Rect> =
        fig.points.iter().map(|p| Rect::around(mx.px(p.x), my.px(p.y), MARKER_R + 0.5)).collect();
    let strip_top = strip.map_or(0.0, |s| s.y0);
    let strip_offsets = strip_rows(fig, &mx, fig.strip_height);
    markers.extend(
        fig.strip.iter().zip(&strip_offsets).map(|(p, dy)| Rect::around(mx.px(p.x), strip_top + dy, MARKER_R + 0.5)),
    );

    // Fixed labels: rules along the plot edge, then regions in a free corner.
    let mut fixed: Vec<Rect> = Vec::new();
    let mut rule_labels = Vec::new();
    for (i, r) in fig.rules.iter().enumerate() {
        if r.label.is_empty() {
            continue;
        }
        let (w, h) = text_box(&[&r.label], LABEL);
        let clear = |c: &Rect| {
            plot.contains(c) && !fixed.iter().any(|f| f.intersects(c)) && !markers.iter().any(|m| m.intersects(c))
        };
        let mut candidates = Vec::new();
        if r.axis == 'x' {
            let x = mx.px(r.value);
            for k in 0..40 {
                let y = plot.y0 + 3.0 + f64::from(k) * (h + 1.0);
                candidates.push(Rect::at(x + 3.0, y, w, h));
                candidates.push(Rect::at(x - 3.0 - w, y, w, h));
            }
        } else {
            let y = my.px(r.value);
            for k in 0..60 {
                let x = plot.x1 - w - 3.0 - f64::from(k) * 20.0;
                candidates.push(Rect::at(x, y - h - 1.0, w, h));
                candidates.push(Rect::at(x, y + 1.0, w, h));
            }
        }
        let Some(rect) = candidates.into_iter().find(|c| clear(c)) else {
            continue;
        };
        fixed.push(rect);
        rule_labels.push((i, rect));
    }
    let mut strip_title = None;
    if let Some(s) = strip {
        let (w, h) = text_box(&[&fig.strip_title], LABEL);
        let rect = Rect::at(s.x0 + 4.0, s.y1 - h - 3.0, w, h);
        fixed.push(rect);
        strip_title = Some(rect);
    }
    let mut region_labels = Vec::new();
    for (i, r) in fig.regions.iter().enumerate() {
        if !r.labelled || r.label.is_empty() {
            continue;
        }
        let vis = Rect {
            x0: mx.px(r.x0).max(plot.x0),
            x1: mx.px(r.x1).min(plot.x1),
            y0: my.px(r.y1).max(plot.y0),
            y1: my.px(r.y0).min(plot.y1),
        };
        let (w, h) = text_box(&[&r.label], REGION_LABEL);
        let m = 4.0;
        let mut corners = vec![
            Rect::at(vis.x0 + m, vis.y0 + m, w, h),
            Rect::at(vis.x1 - m - w, vis.y0 + m, w, h),
            Rect::at(vis.x0 + m, vis.y1 - m - h, w, h),
            Rect::at(vis.x1 - m - w, vis.y1 - m - h, w, h),
        ];
        // Slide down the left edge if every corner is taken.
        let mut y = vis.y0 + m + h;
        while y + h < vis.y1 - m {
            corners.push(Rect::at(vis.x0 + m, y, w, h));
            y += h / 2.0;
        }
        if let Some(rect) = corners.into_iter().find(|c| {
            vis.contains(c) && !fixed.iter().any(|f| f.intersects(c)) && !markers.iter().any(|mk| mk.intersects(c))
        }) {
            fixed.push(rect);
            region_labels.push((i, rect));
        }
    }

    // Point labels: markers on the same pixel share one stacked label.
    let mut requests = Vec::new();
    let mut group_members: Vec<(Vec<usize>, bool)> = Vec::new();
    for (in_strip, pts) in [(false, &fig.points), (true, &fig.strip)] {
        let mut seen: Vec<bool> = vec![false; pts.len()];
        for i in 0..pts.len() {
            if seen[i] || pts[i].label.is_empty() {
                continue;
            }
            let anchor = |k: usize| {
                let p = &pts[k];
                if in_strip { (mx.px(p.x), strip_top + strip_offsets[k]) } else { (mx.px(p.x), my.px(p.y)) }
            };
            let a = anchor(i);
            let members: Vec<usize> = (i..pts.len())
                .filter(|&j| {
                    let b = anchor(j);
                    !seen[j] && !pts[j].label.is_empty() && (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0
                })
                .collect();
            for &j in &members {
                seen[j] = true;
            }
            let lines: Vec<&str> = members.iter().map(|&j| pts[j].label.as_str()).collect();
            let area = if in_strip { strip.unwrap_or(plot) } else { plot };
            requests.push(Request {
                anchor: a,
                radius: MARKER_R,
                size: text_box(&lines, LABEL),
                area: Rect { x0: area.x0 + 1.0, y0: area.y0 + 1.0, x1: area.x1 - 1.0, y1: area.y1 - 1.0 },
            });
            group_members.push((members, in_strip));
        }
    }
    // Line end labels.
    let mut line_req = Vec::new();
    for (i, l) in fig.lines.iter().enumerate() {
        if l.label.is_empty() {
            continue;
        }
        let visible: Vec<(f64, f64)> = l
            .points
            .iter()
            .map(|&(x, y)| (mx.px(x), my.px(y)))
            .filter(|&(x, y)| x >= plot.x0 && x <= plot.x1 && y >= plot.y0 && y <= plot.y1)
            .collect();
        if let Some(&end) = visible.last() {
            line_req.push(i);
            requests.push(Request { anchor: end, radius: 1.0, size: text_box(&[&l.label], LABEL), area: plot });
        }
    }
    let mut obstacles = markers.clone();
    obstacles.extend(fixed.iter().copied());
    // Strip labels go straight to the right of their marker, in the room the row assignment
    // kept free there, so they never drift next to a neighbour's marker; the placer only
    // handles those that do not fit (tall stacks) and the main plot.
    let mut direct: Vec<Option<Placement>> = vec![None; requests.len()];
    for (k, (_, in_strip)) in group_members.iter().enumerate() {
        if !*in_strip {
            continue;
        }
        let req = &requests[k];
        let rect = Rect::at(req.anchor.0 + MARKER_R + 3.0, req.anchor.1 - req.size.1 / 2.0, req.size.0, req.size.1);
        let own = Rect::around(req.anchor.0, req.anchor.1, MARKER_R + 0.5);
        let clear = req.area.contains(&rect)
            && !obstacles.iter().any(|o| *o != own && o.intersects(&rect))
            && !direct.iter().flatten().any(|d| d.rect.intersects(&rect));
        if clear {
            direct[k] = Some(Placement { rect, leader: None, free: true });
        }
    }
    obstacles.extend(direct.iter().flatten().map(|d| d.rect));
    let rest: Vec<usize> = (0..requests.len()).filter(|&k| direct[k].is_none()).collect();
    let rest_requests: Vec<Request> = rest.iter().map(|&k| requests[k].clone()).collect();
    let mut placed_rest = layout::place(&rest_requests, &obstacles).into_iter();
    let mut placements = Vec::with_capacity(requests.len());
    for d in direct {
        placements.push(match d {
            Some(p) => p,
            None => placed_rest.next().unwrap_or(Placement {
                rect: Rect::at(0.0, 0.0, 0.0, 0.0),
                leader: None,
                free: false,
            }),
        });
    }
    let n_groups = group_members.len();
    let groups =
        group_members.into_iter().zip(placements.iter().take(n_groups).cloned()).map(|((m, s), p)| (m, s, p)).collect();
    let line_labels = line_req.into_iter().zip(placements.into_iter().skip(n_groups)).collect();
    Layout {
        plot,
        strip,
        mx,
        my,
        legend_x: right + 24.0,
        left,
        groups,
        region_labels,
        rule_labels,
        line_labels,
        markers,
        strip_title,
        strip_offsets,
    }
}

/// XML-escapes text.
#[must_use]
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            _ => o.push(c),
        }
    }
    o
}

fn marker(out: &mut String, shape: Shape, x: f64, y: f64, color: &str, filled: bool) {
    let fill = if filled { color } else { "#ffffff" };
    let style = format!(r#"fill="{fill}" stroke="{color}" stroke-width="1.6""#);
    let r = MARKER_R;
    match shape {
        Shape::Circle => {
            let _ = write!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r}" {style}/>"#);
        }
        Shape::Square => {
            let s = r * 0.9;
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" {style}/>"#,
                x - s,
                y - s,
                2.0 * s,
                2.0 * s
            );
        }
        Shape::Diamond => {
            let s = r * 1.2;
            let _ = write!(
                out,
                r#"<path d="M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z" {style}/>"#,
                y - s,
                x + s,
                y + s,
                x - s
            );
        }
        Shape::Triangle => {
            let s = r * 1.15;
            let _ = write!(
                out,
                r#"<path d="M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" {style}/>"#,
                y - s,
                x + s,
                y + s * 0.8,
                x - s,
                y + s * 0.8
            );
        }
    }
}

fn text_at(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, extra: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}"{extra}>{}</text>"#,
        esc(s)
    );
}

/// Baseline of the first line in a label box whose top is `top`.
fn baseline(top: f64, size: f64) -> f64 {
    top + size * LINE_H / 2.0 + size * 0.36
}

/// Draws a figure at its default size.
#[must_use]
pub fn render(fig: &Figure) -> Rendered {
    render_sized(fig, fig.width, fig.height)
}

/// Draws a figure at `width` × `height` pixels (a panel `below` adds its own height).
#[must_use]
pub fn render_sized(fig: &Figure, width: f64, height: f64) -> Rendered {
    let top = render_panel(fig, width, height, "p0");
    let Some(below) = &fig.below else {
        return top;
    };
    let bottom = render_panel(below, width, below.height, "p1");
    let total = height + below.height;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" viewBox="0 0 {width} {total}" font-family="{}" role="img"><title>{}</title>"#,
        esc(FONT_FAMILY),
        esc(&fig.title)
    );
    let nest = |s: &str, y: f64| {
        s.trim_end().replacen(r#"<svg xmlns="http://www.w3.org/2000/svg" "#, &format!(r#"<svg x="0" y="{y}" "#), 1)
    };
    svg.push_str(&nest(&top.svg, 0.0));
    svg.push_str(&nest(&bottom.svg, height));
    svg.push_str("</svg>\n");
    let shift = |r: Rect| Rect::at(r.x0, r.y0 + height, r.w(), r.h());
    let mut labels = top.labels;
    labels.extend(bottom.labels.into_iter().map(|mut l| {
        l.rect = shift(l.rect);
        l
    }));
    let mut markers = top.markers;
    markers.extend(bottom.markers.into_iter().map(shift));
    Rendered { svg, labels, markers }
}

/// Draws one panel; `clip` names its clip path (unique per document).
#[allow(clippy::too_many_lines)]
fn render_panel(fig: &Figure, width: f64, height: f64, clip: &str) -> Rendered {
    let lay = layout(fig, width, height);
    let (plot, mx, my) = (lay.plot, lay.mx, lay.my);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{}" role="img">"#,
        esc(FONT_FAMILY)
    );
    let _ = write!(o, "<title>{}</title>", esc(&fig.title));
    let _ = write!(o, "<desc>{}</desc>", esc(&fig.footer));
    let _ = write!(
        o,
        r#"<defs><clipPath id="{clip}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath></defs>"#,
        plot.x0,
        plot.y0,
        plot.w(),
        plot.h()
    );
    let _ = write!(o, r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##);
    // Title.
    text_at(&mut o, lay.left, 34.0, TITLE, "start", r##" fill="#111""##, &fig.title);
    if !fig.subtitle.is_empty() {
        text_at(&mut o, lay.left, 58.0, SUBTITLE, "start", r##" fill="#444""##, &fig.subtitle);
    }
    // Grid and ticks.
    o.push_str(r##"<g stroke="#e6e6e6" stroke-width="1">"##);
    let xt = scale::ticks(&fig.x);
    let yt = scale::ticks(&fig.y);
    for (v, _) in &xt {
        let x = mx.px(*v);
        let _ = write!(o, r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/>"#, plot.y0, plot.y1);
    }
    for (v, _) in &yt {
        let y = my.px(*v);
        let _ = write!(o, r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/>"#, plot.x0, plot.x1);
    }
    o.push_str("</g>");
    // Regions.
    let _ = write!(o, r#"<g clip-path="url(#{clip})">"#);
    for r in &fig.regions {
        let x0 = mx.px(r.x0).max(plot.x0 - 2.0);
        let x1 = mx.px(r.x1).min(plot.x1 + 2.0);
        let y0 = my.px(r.y1).max(plot.y0 - 2.0);
        let y1 = my.px(r.y0).min(plot.y1 + 2.0);
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        let _ = write!(
            o,
            r#"<rect x="{x0:.1}" y="{y0:.1}" width="{:.1}" height="{:.1}" fill="{}" fill-opacity="{}" stroke="{}" stroke-opacity="0.55" stroke-width="1"><title>{}</title></rect>"#,
            x1 - x0,
            y1 - y0,
            r.color,
            r.opacity,
            r.color,
            esc(&r.detail)
        );
    }
    // Rules and lines.
    for r in &fig.rules {
        let dash = if r.dashed { r#" stroke-dasharray="6 4""# } else { "" };
        let (x1, y1, x2, y2) = if r.axis == 'x' {
            let x = mx.px(r.value);
            (x, plot.y0, x, plot.y1)
        } else {
            let y = my.px(r.value);
            (plot.x0, y, plot.x1, y)
        };
        let _ = write!(
            o,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{}" stroke-width="1.6"{dash}/>"#,
            r.color
        );
    }
    for l in &fig.lines {
        let dash = if l.dashed { r#" stroke-dasharray="6 4""# } else { "" };
        let pts: Vec<String> = l.points.iter().map(|&(x, y)| format!("{:.1},{:.1}", mx.px(x), my.px(y))).collect();
        let _ = write!(
            o,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{dash}><title>{}</title></polyline>"#,
            pts.join(" "),
            l.color,
            esc(&l.name)
        );
    }
    o.push_str("</g>");
    // Frame.
    let _ = write!(
        o,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#333" stroke-width="1"/>"##,
        plot.x0,
        plot.y0,
        plot.w(),
        plot.h()
    );
    let mut labels = Vec::new();
    // Region and rule labels.
    for (i, rect) in &lay.region_labels {
        let r = &fig.regions[*i];
        text_at(
            &mut o,
            rect.x0 + PAD,
            baseline(rect.y0, REGION_LABEL),
            REGION_LABEL,
            "start",
            &format!(r#" fill="{}" font-weight="bold""#, if r.opacity > 0.3 { "#1a1a1a" } else { r.color.as_str() }),
            &r.label,
        );
        labels.push(LabelBox { kind: "region", text: r.label.clone(), rect: *rect, free: true });
    }
    for (i, rect) in &lay.rule_labels {
        let r = &fig.rules[*i];
        text_at(
            &mut o,
            rect.x0 + PAD,
            baseline(rect.y0, LABEL),
            LABEL,
            "start",
            &format!(r#" fill="{}""#, r.color),
            &r.label,
        );
        labels.push(LabelBox { kind: "rule", text: r.label.clone(), rect: *rect, free: true });
    }
    // Strip.
    if let Some(s) = lay.strip {
        let _ = write!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#fafafa" stroke="#999" stroke-dasharray="3 3"/>"##,
            s.x0,
            s.y0,
            s.w(),
            s.h()
        );
        // Vertical threshold lines carry on through the strip: the chips there are on the same
        // x scale and the lines decide them too.
        for r in fig.rules.iter().filter(|r| r.axis == 'x') {
            let x = mx.px(r.value);
            if x < s.x0 || x > s.x1 {
                continue;
            }
            let dash = if r.dashed { r#" stroke-dasharray="6 4""# } else { "" };
            let _ = write!(
                o,
                r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="{}" stroke-width="1.6"{dash}/>"#,
                s.y0, s.y1, r.color
            );
        }
        if let Some(t) = lay.strip_title {
            text_at(
                &mut o,
                t.x0 + PAD,
                baseline(t.y0, LABEL),
                LABEL,
                "start",
                r##" fill="#555" font-style="italic""##,
                &fig.strip_title,
            );
            labels.push(LabelBox { kind: "strip", text: fig.strip_title.clone(), rect: t, free: true });
        }
    }
    // Leaders, then markers, then labels.
    o.push_str(r##"<g stroke="#888" stroke-width="0.8">"##);
    for (_, _, p) in &lay.groups {
        if let Some((a, b)) = p.leader {
            let _ = write!(o, r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#, a.0, a.1, b.0, b.1);
        }
    }
    o.push_str("</g>");
    let strip_top = lay.strip.map_or(0.0, |s| s.y0);
    for (pts, in_strip) in [(&fig.points, false), (&fig.strip, true)] {
        for (k, p) in pts.iter().enumerate() {
            let (x, y) =
                if in_strip { (mx.px(p.x), strip_top + lay.strip_offsets[k]) } else { (mx.px(p.x), my.px(p.y)) };
            let id = p.id.as_deref().map(|i| format!(r#" data-id="{}""#, esc(i))).unwrap_or_default();
            let _ = write!(o, "<g{id}><title>{}</title>", esc(&tooltip_text(p)));
            marker(&mut o, p.shape, x, y, &p.color, p.filled);
            o.push_str("</g>");
        }
    }
    for (members, in_strip, p) in &lay.groups {
        let pts = if *in_strip { &fig.strip } else { &fig.points };
        for (k, &j) in members.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let top = p.rect.y0 + k as f64 * LABEL * LINE_H;
            text_at(&mut o, p.rect.x0 + PAD, baseline(top, LABEL), LABEL, "start", r##" fill="#222""##, &pts[j].label);
            labels.push(LabelBox {
                kind: "point",
                text: pts[j].label.clone(),
                rect: Rect::at(p.rect.x0, top, p.rect.w(), LABEL * LINE_H),
                free: p.free,
            });
        }
    }
    for (i, p) in &lay.line_labels {
        let l = &fig.lines[*i];
        text_at(
            &mut o,
            p.rect.x0 + PAD,
            baseline(p.rect.y0, LABEL),
            LABEL,
            "start",
            &format!(r#" fill="{}""#, l.color),
            &l.label,
        );
        labels.push(LabelBox { kind: "line", text: l.label.clone(), rect: p.rect, free: p.free });
    }
    // Axes.
    let axis_y = lay.strip.map_or(plot.y1, |s| s.y1);
    for (v, l) in &xt {
        let x = mx.px(*v);
        let _ =
            write!(o, r##"<line x1="{x:.1}" y1="{axis_y:.1}" x2="{x:.1}" y2="{:.1}" stroke="#333"/>"##, axis_y + 5.0);
        text_at(&mut o, x, axis_y + 20.0, TICK, "middle", r##" fill="#333""##, l);
    }
    for (v, l) in &yt {
        let y = my.px(*v);
        let _ = write!(
            o,
            r##"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#333"/>"##,
            plot.x0 - 5.0,
            plot.x0
        );
        text_at(&mut o, plot.x0 - 8.0, y + TICK * 0.35, TICK, "end", r##" fill="#333""##, l);
    }
    text_at(&mut o, (plot.x0 + plot.x1) / 2.0, axis_y + 42.0, AXIS_TITLE, "middle", r##" fill="#111""##, &fig.x.title);
    let ymid = (plot.y0 + plot.y1) / 2.0;
    let _ = write!(
        o,
        r##"<text transform="translate(20 {ymid:.1}) rotate(-90)" font-size="{AXIS_TITLE}" text-anchor="middle" fill="#111">{}</text>"##,
        esc(&fig.y.title)
    );
    // Legend.
    legend(&mut o, fig, lay.legend_x, plot.y0);
    // Notes and footer.
    let mut y = axis_y + 66.0;
    for n in &fig.notes {
        text_at(&mut o, plot.x0, y, NOTE, "start", r##" fill="#444""##, n);
        y += NOTE * 1.45;
    }
    text_at(&mut o, plot.x0, y, NOTE, "start", r##" fill="#666""##, &fig.footer);
    o.push_str("</svg>\n");
    Rendered { svg: o, labels, markers: lay.markers }
}

fn tooltip_text(p: &Point) -> String {
    let mut s = p.label.clone();
    for (k, v) in &p.tooltip {
        let _ = write!(s, "\n{k}: {v}");
    }
    s
}

fn legend(o: &mut String, fig: &Figure, x: f64, top: f64) {
    let mut y = top + 6.0;
    let section = |o: &mut String, title: &str, keys: &[Key], y: &mut f64| {
        if keys.is_empty() {
            return;
        }
        text_at(o, x, *y + 10.0, TICK, "start", r##" fill="#111" font-weight="bold""##, title);
        *y += 22.0;
        for k in keys {
            marker(o, k.shape, x + 7.0, *y, &k.color, k.filled);
            text_at(o, x + 20.0, *y + TICK * 0.35, TICK, "start", r##" fill="#222""##, &k.name);
            *y += 20.0;
        }
        *y += 8.0;
    };
    section(o, &fig.color_title, &fig.color_keys, &mut y);
    section(o, "Marker", &fig.shape_keys, &mut y);
    // Lines named like a colour key (one line per chip) need no second legend entry.
    let named: Vec<_> =
        fig.lines.iter().filter(|l| !l.name.is_empty() && !fig.color_keys.iter().any(|k| k.name == l.name)).collect();
    if !named.is_empty() {
        text_at(o, x, y + 10.0, TICK, "start", r##" fill="#111" font-weight="bold""##, "Lines");
        y += 22.0;
        for l in named {
            let dash = if l.dashed { r#" stroke-dasharray="6 4""# } else { "" };
            let _ = write!(
                o,
                r#"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{}" stroke-width="2"{dash}/>"#,
                x + 16.0,
                l.color
            );
            text_at(o, x + 22.0, y + TICK * 0.35, TICK, "start", r##" fill="#222""##, &l.name);
            y += 20.0;
        }
    }
}
