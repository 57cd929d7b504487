//! Vega-Lite specs for the web app, built from the same [`Figure`] and the same layout as the
//! SVG: regions, rules, lines, markers and every label at the position the placer chose
//! (converted back to data coordinates, so they follow zoom). Markers carry tooltips and an
//! `href` to the chip's page; the scales bind to an interval selection for zoom and pan.
//!
//! Floats are rounded to 5 significant digits so specs are small and golden tests stable.

use serde_json::{Map, Value, json};

use crate::figure::{Figure, Point, Scale};
use crate::layout::Rect;
use crate::scale::civil;
use crate::svg::{self, Layout};

/// Vega-Lite schema the vendored library (6.x) reads.
pub const SCHEMA: &str = "https://vega.github.io/schema/vega-lite/v6.json";

/// The figure as a Vega-Lite spec, laid out at the figure's default size.
#[must_use]
pub fn spec(fig: &Figure) -> Value {
    let mut top = Map::new();
    top.insert("$schema".into(), json!(SCHEMA));
    top.insert(
        "title".into(),
        json!({"text": fig.title, "subtitle": [fig.subtitle.clone(), fig.below.as_ref().map_or_else(|| fig.footer.clone(), |b| b.footer.clone())], "anchor": "start", "fontSize": 18, "subtitleFontSize": 12}),
    );
    top.insert(
        "config".into(),
        json!({
            "font": "DejaVu Sans, Verdana, sans-serif",
            "view": {"stroke": "#333333"},
            "axis": {"gridColor": "#e6e6e6", "labelFontSize": 12, "titleFontSize": 14},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 340}
        }),
    );
    let mut notes = fig.notes.clone();
    if let Some(b) = &fig.below {
        notes.extend(b.notes.iter().cloned());
        top.insert("vconcat".into(), json!([Value::Object(view(fig)), Value::Object(view(b))]));
        top.insert("resolve".into(), json!({"legend": {"color": "shared", "stroke": "shared"}}));
    } else {
        for (k, v) in view(fig) {
            top.insert(k, v);
        }
    }
    top.insert("usermeta".into(), json!({"kind": fig.kind, "notes": notes}));
    let mut v = Value::Object(top);
    round_all(&mut v);
    v
}

/// One panel: its layers, or the layers over the strip.
fn view(fig: &Figure) -> Map<String, Value> {
    let lay = svg::layout(fig, fig.width, fig.height);
    let mut main = layers(fig, &lay);
    main.insert("width".into(), json!(round(lay.plot.w())));
    main.insert("height".into(), json!(round(lay.plot.h())));
    if let Some(strip) = lay.strip {
        let mut m = Map::new();
        m.insert("vconcat".into(), json!([Value::Object(main), strip_view(fig, &lay, strip)]));
        m.insert("resolve".into(), json!({"scale": {"x": "shared"}}));
        m
    } else {
        main
    }
}

fn axis_type(scale: Scale) -> &'static str {
    match scale {
        Scale::Time => "temporal",
        Scale::Linear | Scale::Log => "quantitative",
    }
}

fn scale_of(a: &crate::figure::Axis) -> Value {
    match a.scale {
        Scale::Log => json!({"type": "log", "domain": [a.min, a.max]}),
        Scale::Linear => json!({"type": "linear", "domain": [a.min, a.max], "zero": false}),
        Scale::Time => json!({"type": "time", "domain": [iso(a.min), iso(a.max)]}),
    }
}

#[allow(clippy::cast_possible_truncation)]
fn iso(days: f64) -> String {
    let (y, m, d) = civil(days.round() as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A data value on an axis: dates as ISO strings on a time axis.
fn val(scale: Scale, v: f64) -> Value {
    match scale {
        Scale::Time => json!(iso(v)),
        Scale::Linear | Scale::Log => json!(v),
    }
}

fn axis_def(fig: &Figure, which: char) -> Value {
    let a = if which == 'x' { &fig.x } else { &fig.y };
    let mut axis = json!({"title": a.title});
    if !a.categories.is_empty() {
        // Category rows on a linear scale: label each integer with its name.
        let names: Vec<String> = a.categories.clone();
        let expr = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("datum.value == {i} ? '{}' : ", n.replace('\'', "\\'")))
            .collect::<String>()
            + "''";
        axis =
            json!({"title": a.title, "values": (0..names.len()).collect::<Vec<_>>(), "labelExpr": expr, "grid": false});
    } else if a.scale == Scale::Time {
        let values: Vec<String> = crate::scale::ticks(a).into_iter().map(|(v, _)| iso(v)).collect();
        axis["values"] = json!(values);
        axis["labelExpr"] = json!(
            "timeFormat(datum.value, '%m') == '01' ? timeFormat(datum.value, '%Y') : timeFormat(datum.value, '%Y-%m')"
        );
    } else if a.scale == Scale::Log {
        // The SVG's ticks, so both faces label the same values and none collide.
        let values: Vec<f64> = crate::scale::ticks(a).into_iter().map(|(v, _)| v).collect();
        axis["values"] = json!(values);
        axis["labelExpr"] = json!("format(datum.value, ',~g')");
    }
    axis
}

/// A positional channel. Every layer carries the same axis definition, so Vega-Lite merges
/// them into one axis whatever layer comes first.
fn pos(fig: &Figure, which: char, field: &str, _first: bool) -> Value {
    let a = if which == 'x' { &fig.x } else { &fig.y };
    json!({"field": field, "type": axis_type(a.scale), "scale": scale_of(a), "axis": axis_def(fig, which)})
}

/// Data coordinates of a pixel point in the plot.
fn data_xy(fig: &Figure, lay: &Layout, x: f64, y: f64) -> (Value, Value) {
    (val(fig.x.scale, lay.mx.value(x)), val(fig.y.scale, lay.my.value(y)))
}

fn text_rows(fig: &Figure, lay: &Layout, items: &[(String, Rect, String)]) -> Vec<Value> {
    items
        .iter()
        .map(|(t, r, color)| {
            let (x, y) = data_xy(fig, lay, r.x0 + 1.5, r.y0 + r.h() / 2.0);
            json!({"text": t, "x": x, "y": y, "color": color})
        })
        .collect()
}

fn text_layer(fig: &Figure, rows: Vec<Value>, size: f64, bold: bool) -> Value {
    json!({
        "data": {"values": rows},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": size, "fontWeight": if bold { "bold" } else { "normal" }, "clip": true},
        "encoding": {
            "x": pos(fig, 'x', "x", false),
            "y": pos(fig, 'y', "y", false),
            "text": {"field": "text"},
            "color": {"field": "color", "type": "nominal", "scale": null}
        }
    })
}

fn point_rows(fig: &Figure, pts: &[Point], y_of: &dyn Fn(&Point) -> Value) -> Vec<Value> {
    pts.iter()
        .map(|p| {
            let mut row = Map::new();
            row.insert("label".into(), json!(p.label));
            row.insert("x".into(), val(fig.x.scale, p.x));
            row.insert("y".into(), y_of(p));
            row.insert("status".into(), json!(p.color_key));
            row.insert("evidence".into(), json!(p.shape_key));
            row.insert("filled".into(), json!(p.filled));
            if let Some(id) = &p.id {
                row.insert("id".into(), json!(id));
                row.insert("href".into(), json!(format!("/chip/{id}")));
            }
            for (k, v) in &p.tooltip {
                row.insert(k.replace('.', ""), json!(v));
            }
            Value::Object(row)
        })
        .collect()
}

fn point_encoding(fig: &Figure, y: Value, with_axes: bool) -> Value {
    let tooltip: Vec<Value> = fig
        .points
        .iter()
        .chain(&fig.strip)
        .next()
        .map(|p| p.tooltip.iter().map(|(k, _)| json!({"field": k.replace('.', ""), "type": "nominal"})).collect())
        .unwrap_or_default();
    let colors: Vec<&str> = fig.color_keys.iter().map(|k| k.name.as_str()).collect();
    let color_range: Vec<&str> = fig.color_keys.iter().map(|k| k.color.as_str()).collect();
    let shapes: Vec<&str> = fig.shape_keys.iter().map(|k| k.name.as_str()).collect();
    let shape_range: Vec<&str> = fig.shape_keys.iter().map(|k| k.shape.vega()).collect();
    let mut planned_shapes = shapes.clone();
    let mut planned_range = shape_range.clone();
    if fig.points.iter().chain(&fig.strip).any(|p| p.shape == crate::figure::Shape::Triangle) {
        planned_shapes.push("earlier reported value (revision)");
        planned_range.push("triangle-up");
    }
    json!({
        "x": pos(fig, 'x', "x", with_axes),
        "y": y,
        "color": {"field": "status", "type": "nominal", "scale": {"domain": colors, "range": color_range}, "legend": {"title": fig.color_title}},
        "shape": {"field": "evidence", "type": "nominal", "scale": {"domain": planned_shapes, "range": planned_range}, "legend": {"title": "Marker"}},
        "tooltip": tooltip,
        "href": {"field": "href"}
    })
}

#[allow(clippy::too_many_lines)]
fn layers(fig: &Figure, lay: &Layout) -> Map<String, Value> {
    let mut layers: Vec<Value> = Vec::new();
    let (xs, ys) = (fig.x.scale, fig.y.scale);
    if !fig.regions.is_empty() {
        let rows: Vec<Value> = fig
            .regions
            .iter()
            .map(|r| {
                json!({"x0": val(xs, r.x0.max(fig.x.min)), "x1": val(xs, r.x1.min(fig.x.max)),
                       "y0": val(ys, r.y0.max(fig.y.min)), "y1": val(ys, r.y1.min(fig.y.max)),
                       "region": r.label, "detail": r.detail, "color": r.color, "opacity": r.opacity})
            })
            .collect();
        layers.push(json!({
            "data": {"values": rows},
            "mark": {"type": "rect", "stroke": null, "clip": true},
            "encoding": {
                "x": pos(fig, 'x', "x0", true),
                "x2": {"field": "x1"},
                "y": pos(fig, 'y', "y0", true),
                "y2": {"field": "y1"},
                "fill": {"field": "color", "type": "nominal", "scale": null},
                "fillOpacity": {"field": "opacity", "type": "quantitative", "scale": null},
                "tooltip": [{"field": "region", "title": "region"}, {"field": "detail", "title": "detail"}]
            }
        }));
        let items: Vec<(String, Rect, String)> = lay
            .region_labels
            .iter()
            .map(|(i, r)| {
                let reg = &fig.regions[*i];
                let c = if reg.opacity > 0.3 { "#1a1a1a".to_string() } else { reg.color.clone() };
                (reg.label.clone(), *r, c)
            })
            .collect();
        if !items.is_empty() {
            layers.push(text_layer(fig, text_rows(fig, lay, &items), 12.0, true));
        }
    }
    for r in &fig.rules {
        let field = if r.axis == 'x' { "x" } else { "y" };
        let mut enc = Map::new();
        enc.insert(field.into(), pos(fig, r.axis, "v", layers.is_empty()));
        layers.push(json!({
            "data": {"values": [{"v": val(if r.axis == 'x' { xs } else { ys }, r.value), "label": r.label}]},
            "mark": {"type": "rule", "color": r.color, "strokeWidth": 1.6, "strokeDash": if r.dashed { json!([6, 4]) } else { json!([]) }, "clip": true},
            "encoding": Value::Object(enc)
        }));
    }
    if !lay.rule_labels.is_empty() {
        let items: Vec<(String, Rect, String)> = lay
            .rule_labels
            .iter()
            .map(|(i, r)| (fig.rules[*i].label.clone(), *r, fig.rules[*i].color.clone()))
            .collect();
        layers.push(text_layer(fig, text_rows(fig, lay, &items), 11.0, false));
    }
    if !fig.lines.is_empty() {
        let mut rows = Vec::new();
        for l in &fig.lines {
            for (k, (x, y)) in l.points.iter().enumerate() {
                rows.push(json!({"line": l.name, "x": val(xs, *x), "y": val(ys, *y), "order": k, "dashed": l.dashed}));
            }
        }
        let names: Vec<&str> = fig.lines.iter().map(|l| l.name.as_str()).collect();
        let colors: Vec<&str> = fig.lines.iter().map(|l| l.color.as_str()).collect();
        layers.push(json!({
            "data": {"values": rows},
            "mark": {"type": "line", "strokeWidth": 2, "clip": true},
            "encoding": {
                "x": pos(fig, 'x', "x", layers.is_empty()),
                "y": pos(fig, 'y', "y", layers.is_empty()),
                "detail": {"field": "line"},
                "order": {"field": "order", "type": "quantitative"},
                "stroke": {"field": "line", "type": "nominal", "scale": {"domain": names, "range": colors}, "legend": if names.iter().all(|n| fig.color_keys.iter().any(|k| k.name == *n)) { Value::Null } else { json!({"title": "Lines"}) }},
                "strokeDash": {"field": "dashed", "type": "nominal", "scale": {"domain": [false, true], "range": [[1, 0], [6, 4]]}, "legend": null},
                "tooltip": [{"field": "line"}, {"field": "x", "type": "quantitative", "format": ",.4~g"}, {"field": "y", "type": "quantitative", "format": ",.4~g"}]
            }
        }));
        let items: Vec<(String, Rect, String)> = lay
            .line_labels
            .iter()
            .map(|(i, p)| (fig.lines[*i].label.clone(), p.rect, fig.lines[*i].color.clone()))
            .collect();
        if !items.is_empty() {
            layers.push(text_layer(fig, text_rows(fig, lay, &items), 11.0, false));
        }
    }
    // Leaders and point labels, then the markers on top.
    let (leaders, labels) = label_rows(fig, lay, false);
    if !leaders.is_empty() {
        layers.push(json!({
            "data": {"values": leaders},
            "mark": {"type": "rule", "color": "#888888", "strokeWidth": 0.8, "clip": true},
            "encoding": {"x": pos(fig, 'x', "x", false), "y": pos(fig, 'y', "y", false), "x2": {"field": "x2"}, "y2": {"field": "y2"}}
        }));
    }
    if !labels.is_empty() {
        layers.push(json!({
            "data": {"values": labels},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 11, "color": "#222222", "clip": true},
            "encoding": {"x": pos(fig, 'x', "x", false), "y": pos(fig, 'y', "y", false), "text": {"field": "text"}}
        }));
    }
    if !fig.points.is_empty() {
        let rows = point_rows(fig, &fig.points, &|p| val(ys, p.y));
        let with_axes = layers.is_empty();
        let enc = point_encoding(fig, pos(fig, 'y', "y", with_axes), with_axes);
        layers.push(json!({
            "data": {"values": rows},
            "params": [{"name": format!("zoom_{}", fig.kind.replace('-', "_")), "select": "interval", "bind": "scales"}],
            "transform": [{"filter": "datum.filled"}],
            "mark": {"type": "point", "filled": true, "size": 90, "opacity": 1, "cursor": "pointer", "clip": true},
            "encoding": enc.clone()
        }));
        layers.push(json!({
            "data": {"values": point_rows(fig, &fig.points, &|p| val(ys, p.y))},
            "transform": [{"filter": "!datum.filled"}],
            "mark": {"type": "point", "filled": false, "size": 90, "strokeWidth": 2, "opacity": 1, "cursor": "pointer", "clip": true},
            "encoding": enc
        }));
    }
    let mut m = Map::new();
    m.insert("layer".into(), Value::Array(layers));
    m
}

/// Leader segments and label lines for the main plot (or the strip, in strip pixels).
fn label_rows(fig: &Figure, lay: &Layout, in_strip: bool) -> (Vec<Value>, Vec<Value>) {
    let mut leaders = Vec::new();
    let mut labels = Vec::new();
    let strip_top = lay.strip.map_or(0.0, |s| s.y0);
    let y_of = |py: f64| -> Value { if in_strip { json!(py - strip_top) } else { val(fig.y.scale, lay.my.value(py)) } };
    let x_of = |px: f64| val(fig.x.scale, lay.mx.value(px));
    for (members, s, p) in &lay.groups {
        if *s != in_strip {
            continue;
        }
        let pts = if in_strip { &fig.strip } else { &fig.points };
        if let Some((a, b)) = p.leader {
            leaders.push(json!({"x": x_of(a.0), "y": y_of(a.1), "x2": x_of(b.0), "y2": y_of(b.1)}));
        }
        for (k, &j) in members.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let cy = p.rect.y0 + (k as f64 + 0.5) * 11.0 * 1.3;
            labels.push(json!({"text": pts[j].label, "x": x_of(p.rect.x0 + 1.5), "y": y_of(cy), "id": pts[j].id}));
        }
    }
    (leaders, labels)
}

fn strip_view(fig: &Figure, lay: &Layout, strip: Rect) -> Value {
    let h = strip.h();
    let y = json!({"field": "y", "type": "quantitative", "scale": {"domain": [h, 0.0]}, "axis": null});
    let offset = |p: &Point| {
        let k = fig.strip.iter().position(|q| std::ptr::eq(q, p)).unwrap_or(0);
        json!(lay.strip_offsets.get(k).copied().unwrap_or(16.0))
    };
    let rows = point_rows(fig, &fig.strip, &offset);
    let (leaders, labels) = label_rows(fig, lay, true);
    let x_noaxis = pos(fig, 'x', "x", false);
    let mut layers = vec![];
    // The vertical threshold lines continue through the strip, as in the SVG.
    for r in fig.rules.iter().filter(|r| r.axis == 'x') {
        layers.push(json!({
            "data": {"values": [{"x": val(fig.x.scale, r.value)}]},
            "mark": {"type": "rule", "color": r.color, "strokeWidth": 1.6, "strokeDash": if r.dashed { json!([6, 4]) } else { json!([]) }, "clip": true},
            "encoding": {"x": x_noaxis}
        }));
    }
    if !leaders.is_empty() {
        layers.push(json!({
            "data": {"values": leaders},
            "mark": {"type": "rule", "color": "#888888", "strokeWidth": 0.8, "clip": true},
            "encoding": {"x": x_noaxis, "y": y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}
        }));
    }
    layers.push(json!({
        "data": {"values": labels},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 11, "color": "#222222", "clip": true},
        "encoding": {"x": x_noaxis, "y": y, "text": {"field": "text"}}
    }));
    let enc = point_encoding(fig, y.clone(), true);
    layers.push(json!({
        "data": {"values": rows.clone()},
        "transform": [{"filter": "datum.filled"}],
        "mark": {"type": "point", "filled": true, "size": 90, "opacity": 1, "cursor": "pointer", "clip": true},
        "encoding": enc.clone()
    }));
    layers.push(json!({
        "data": {"values": rows},
        "transform": [{"filter": "!datum.filled"}],
        "mark": {"type": "point", "filled": false, "size": 90, "strokeWidth": 2, "opacity": 1, "cursor": "pointer", "clip": true},
        "encoding": enc
    }));
    json!({
        "title": {"text": fig.strip_title, "fontSize": 11, "fontStyle": "italic", "anchor": "start", "color": "#555555"},
        "width": round(lay.plot.w()),
        "height": round(h),
        "layer": layers
    })
}

/// Rounds to 5 significant digits.
#[must_use]
pub fn round(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor();
    let factor = 10f64.powf(4.0 - mag);
    (v * factor).round() / factor
}

#[allow(clippy::cast_possible_truncation)]
fn to_int(r: f64) -> i64 {
    r as i64
}

fn round_all(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if n.is_f64()
                && let Some(f) = n.as_f64()
            {
                let r = round(f);
                *v = if r.fract() == 0.0 && r.abs() < 1e15 { json!(to_int(r)) } else { json!(r) };
            }
        }
        Value::Array(a) => a.iter_mut().for_each(round_all),
        Value::Object(o) => o.values_mut().for_each(round_all),
        _ => {}
    }
}
