//! The chart model: what a chart shows, in data coordinates, independent of how it is drawn.
//!
//! Every chart kind builds one [`Figure`]; `svg` draws it for files and `vega` turns it into a
//! Vega-Lite spec for the web, so the CLI and the web app show the same thing.

use serde::Serialize;

/// How an axis maps values to positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Linear.
    Linear,
    /// Base-10 logarithmic (values must be positive).
    Log,
    /// Calendar time; values are days since 1970-01-01.
    Time,
}

/// One axis.
#[derive(Clone, Debug, Serialize)]
pub struct Axis {
    /// Title, with unit.
    pub title: String,
    /// Mapping.
    pub scale: Scale,
    /// Lowest value shown.
    pub min: f64,
    /// Highest value shown.
    pub max: f64,
    /// Category names for a band axis drawn on a linear scale: value `i` is `categories[i]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

impl Axis {
    /// A numeric axis.
    #[must_use]
    pub fn new(title: impl Into<String>, scale: Scale, min: f64, max: f64) -> Axis {
        Axis { title: title.into(), scale, min, max, categories: Vec::new() }
    }
}

/// Marker shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// A disc.
    Circle,
    /// A diamond.
    Diamond,
    /// A square.
    Square,
    /// An upward triangle.
    Triangle,
}

impl Shape {
    /// The Vega-Lite shape name.
    #[must_use]
    pub fn vega(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Diamond => "diamond",
            Shape::Square => "square",
            Shape::Triangle => "triangle-up",
        }
    }
}

/// A legend key: a name with its colour, or its marker shape.
#[derive(Clone, Debug, Serialize)]
pub struct Key {
    /// What the key means.
    pub name: String,
    /// Fill or stroke colour (`#rrggbb`).
    pub color: String,
    /// Marker shape (for shape keys).
    pub shape: Shape,
    /// Filled or outlined marker.
    pub filled: bool,
}

/// A shaded rectangle in data coordinates (a control region, a timeline segment).
#[derive(Clone, Debug, Serialize)]
pub struct Region {
    /// Short label drawn in the region.
    pub label: String,
    /// Longer text for tooltips.
    pub detail: String,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y0: f64,
    /// Top edge.
    pub y1: f64,
    /// Fill colour.
    pub color: String,
    /// Fill opacity, 0 to 1.
    pub opacity: f64,
    /// Whether the label goes inside the region (otherwise only the tooltip has it).
    pub labelled: bool,
}

/// A straight threshold line across the plot.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// `x` for a vertical line at `x = value`, `y` for a horizontal one.
    pub axis: char,
    /// Where.
    pub value: f64,
    /// Label drawn along the line.
    pub label: String,
    /// Colour.
    pub color: String,
    /// Dashed (for lines whose evidence is weak).
    pub dashed: bool,
}

/// A polyline in data coordinates (a roofline, a throughput curve, a curved threshold).
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    /// Legend name.
    pub name: String,
    /// Vertices.
    pub points: Vec<(f64, f64)>,
    /// Colour.
    pub color: String,
    /// Dashed.
    pub dashed: bool,
    /// Label drawn at the line's end (empty: none).
    pub label: String,
}

/// A labelled marker.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// Chip or item id (for click-through), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Text drawn next to the marker (empty: no label).
    pub label: String,
    /// X in data units.
    pub x: f64,
    /// Y in data units (ignored for strip points).
    pub y: f64,
    /// Colour legend key.
    pub color_key: String,
    /// Colour.
    pub color: String,
    /// Shape legend key.
    pub shape_key: String,
    /// Shape.
    pub shape: Shape,
    /// Filled or outlined.
    pub filled: bool,
    /// Extra fields for tooltips, in order.
    pub tooltip: Vec<(String, String)>,
}

/// A chart.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    /// Chart kind (`compliance`, `bandwidth`, ...).
    pub kind: String,
    /// Title.
    pub title: String,
    /// One line under the title.
    pub subtitle: String,
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// Shaded regions, drawn first.
    pub regions: Vec<Region>,
    /// Threshold lines.
    pub rules: Vec<Rule>,
    /// Polylines.
    pub lines: Vec<Line>,
    /// Markers.
    pub points: Vec<Point>,
    /// Markers whose y is unknown, drawn in a strip under the plot on the same x scale.
    pub strip: Vec<Point>,
    /// Title of the strip.
    pub strip_title: String,
    /// Height of the strip in pixels.
    pub strip_height: f64,
    /// Title of the colour legend.
    pub color_title: String,
    /// Colour keys for the legend.
    pub color_keys: Vec<Key>,
    /// Shape keys for the legend.
    pub shape_keys: Vec<Key>,
    /// Notes printed under the plot.
    pub notes: Vec<String>,
    /// Footer: edition/date and data version.
    pub footer: String,
    /// Default width in pixels.
    pub width: f64,
    /// Default height in pixels.
    pub height: f64,
    /// A second panel drawn under this one (same width), e.g. latency under throughput.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<Box<Figure>>,
}

impl Figure {
    /// An empty figure with axes and a title.
    #[must_use]
    pub fn new(kind: &str, title: impl Into<String>, x: Axis, y: Axis) -> Figure {
        Figure {
            kind: kind.to_string(),
            title: title.into(),
            subtitle: String::new(),
            x,
            y,
            regions: Vec::new(),
            rules: Vec::new(),
            lines: Vec::new(),
            points: Vec::new(),
            strip: Vec::new(),
            strip_title: String::new(),
            strip_height: 78.0,
            color_title: "Status".to_string(),
            color_keys: Vec::new(),
            shape_keys: Vec::new(),
            notes: Vec::new(),
            footer: String::new(),
            width: 1400.0,
            height: 900.0,
            below: None,
        }
    }
}

impl Figure {
    /// Drops legend keys no marker uses (a colour or shape category with nothing drawn in it
    /// only makes the reader search for it). Keys are matched by name against the points and
    /// strip points; the panel `below` is pruned against its own markers.
    pub fn prune_legend(&mut self) {
        let used =
            |name: &str, pick: fn(&Point) -> &str| self.points.iter().chain(&self.strip).any(|p| pick(p) == name);
        let colors: Vec<Key> = self.color_keys.iter().filter(|k| used(&k.name, |p| &p.color_key)).cloned().collect();
        let shapes: Vec<Key> = self.shape_keys.iter().filter(|k| used(&k.name, |p| &p.shape_key)).cloned().collect();
        self.color_keys = colors;
        self.shape_keys = shapes;
    }

    /// Drops colour keys whose colour no region uses (charts whose colours are regions, such as
    /// the licence timeline).
    pub fn prune_legend_to_regions(&mut self) {
        let regions = &self.regions;
        self.color_keys.retain(|k| regions.iter().any(|r| r.color.eq_ignore_ascii_case(&k.color)));
    }
}

/// Colours used across charts (colour-blind-safe where it matters: red/orange/blue/grey).
pub mod palette {
    /// 3A090.a / licence required, presumption of denial.
    pub const RED: &str = "#c62828";
    /// 3A090.b / case by case.
    pub const ORANGE: &str = "#ef6c00";
    /// Not controlled / no licence.
    pub const GREEN: &str = "#2e7d32";
    /// Undecided / unknown.
    pub const GREY: &str = "#757575";
    /// Neutral series.
    pub const BLUE: &str = "#1565c0";
    /// Presumption of approval, exceptions.
    pub const TEAL: &str = "#00838f";
    /// Purple, for a second line family.
    pub const PURPLE: &str = "#6a1b9a";
    /// Series colours, in order.
    pub const SERIES: [&str; 8] =
        ["#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e"];
}
