//! Label placement: every label gets a box that touches nothing else.
//!
//! Greedy, crowded anchors first. Each label (or stack of labels for markers drawn on the same
//! spot) tries positions on rings of growing radius around its marker, 24 directions per ring,
//! and takes the first whose box stays inside its area and intersects no marker, no fixed box
//! (legend, region labels) and no label or leader line placed before it. A label placed away
//! from its marker gets a leader line. If no ring works, the nearest free spot of a grid over
//! the area is used. The boxes returned are what tests check for overlap.

use serde::Serialize;

/// An axis-aligned box in pixels (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// A box from its top-left corner and size.
    #[must_use]
    pub fn at(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x0: x, y0: y, x1: x + w, y1: y + h }
    }

    /// A square box around a centre.
    #[must_use]
    pub fn around(cx: f64, cy: f64, r: f64) -> Rect {
        Rect { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r }
    }

    /// Width.
    #[must_use]
    pub fn w(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height.
    #[must_use]
    pub fn h(&self) -> f64 {
        self.y1 - self.y0
    }

    /// True when the boxes share interior area.
    #[must_use]
    pub fn intersects(&self, o: &Rect) -> bool {
        const E: f64 = 1e-6;
        self.x0 < o.x1 - E && o.x0 < self.x1 - E && self.y0 < o.y1 - E && o.y0 < self.y1 - E
    }

    /// True when `o` lies inside this box.
    #[must_use]
    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// The point of the box nearest to `(x, y)`.
    #[must_use]
    pub fn nearest(&self, x: f64, y: f64) -> (f64, f64) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }

    /// True when the segment crosses the box's interior (Liang–Barsky clipping).
    #[must_use]
    pub fn hit_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        // Shrink a hair so touching an edge is not a hit.
        let e = 0.5;
        for (p, q) in [
            (-dx, a.0 - (self.x0 + e)),
            (dx, (self.x1 - e) - a.0),
            (-dy, a.1 - (self.y0 + e)),
            (dy, (self.y1 - e) - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// A line segment between two points.
pub type Segment = ((f64, f64), (f64, f64));

/// One label (or stack of lines) to place next to a marker.
#[derive(Clone, Debug)]
pub struct Request {
    /// Marker centre.
    pub anchor: (f64, f64),
    /// Marker radius.
    pub radius: f64,
    /// Box size (already measured).
    pub size: (f64, f64),
    /// Where the box must stay.
    pub area: Rect,
}

/// Where a label went.
#[derive(Clone, Debug, Serialize)]
pub struct Placement {
    /// The label's box.
    pub rect: Rect,
    /// Leader line from the marker edge to the box, when the box is not next to the marker.
    pub leader: Option<((f64, f64), (f64, f64))>,
    /// False when no free spot existed (the label then overlaps something).
    pub free: bool,
}

const RINGS: [f64; 18] =
    [0.0, 4.0, 9.0, 15.0, 22.0, 30.0, 40.0, 52.0, 66.0, 82.0, 100.0, 120.0, 145.0, 175.0, 210.0, 250.0, 300.0, 360.0];

/// Places labels; `obstacles` are boxes no label may touch (markers included).
#[must_use]
pub fn place(requests: &[Request], obstacles: &[Rect]) -> Vec<Placement> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    // Crowded anchors first: they have the fewest good spots.
    let crowd = |i: usize| {
        let (x, y) = requests[i].anchor;
        requests.iter().filter(|r| ((r.anchor.0 - x).powi(2) + (r.anchor.1 - y).powi(2)).sqrt() < 80.0).count()
    };
    let crowds: Vec<usize> = (0..requests.len()).map(crowd).collect();
    order.sort_by(|&a, &b| {
        crowds[b]
            .cmp(&crowds[a])
            .then(requests[b].size.1.total_cmp(&requests[a].size.1))
            .then(requests[a].anchor.0.total_cmp(&requests[b].anchor.0))
    });
    let mut placed: Vec<Option<Placement>> = vec![None; requests.len()];
    let mut boxes: Vec<Rect> = Vec::new();
    let mut leaders: Vec<((f64, f64), (f64, f64))> = Vec::new();
    // Preferred directions: right, left, then diagonals, then the rest.
    let mut angles: Vec<f64> = vec![0.0, 180.0, 330.0, 30.0, 210.0, 150.0, 270.0, 90.0];
    let mut a = 15.0;
    while a < 360.0 {
        if !angles.contains(&a) {
            angles.push(a);
        }
        a += 15.0;
    }
    for &i in &order {
        let req = &requests[i];
        let ok = |rect: &Rect, leader: Option<((f64, f64), (f64, f64))>, strict: bool| -> bool {
            if !req.area.contains(rect) {
                return false;
            }
            if obstacles.iter().any(|o| o.intersects(rect)) || boxes.iter().any(|b| b.intersects(rect)) {
                return false;
            }
            if leaders.iter().any(|(p, q)| rect.hit_by(*p, *q)) {
                return false;
            }
            if let Some((p, q)) = leader.filter(|_| strict) {
                let own = Rect::around(req.anchor.0, req.anchor.1, req.radius + 0.5);
                if boxes.iter().any(|b| b.hit_by(p, q))
                    || obstacles.iter().filter(|o| **o != own).any(|o| o.hit_by(p, q))
                {
                    return false;
                }
            }
            true
        };
        // A label without a leader must sit nearer its own marker than any other labelled
        // marker, or a reader pins it on the neighbour; a leader settles it either way.
        let unambiguous = |rect: &Rect| {
            let gap = |(x, y): (f64, f64)| {
                let (nx, ny) = rect.nearest(x, y);
                ((nx - x).powi(2) + (ny - y).powi(2)).sqrt()
            };
            let own = gap(req.anchor);
            requests.iter().all(|o| {
                let same = (o.anchor.0 - req.anchor.0).abs() < 1.0 && (o.anchor.1 - req.anchor.1).abs() < 1.0;
                same || gap(o.anchor) > own
            })
        };
        let mut found = None;
        'rings: for (ring, d) in RINGS.iter().enumerate() {
            for deg in &angles {
                let rect = candidate(req, *d, deg.to_radians());
                let leader = (ring >= 3).then(|| leader_for(req, &rect));
                if (leader.is_some() || unambiguous(&rect)) && ok(&rect, leader, true) {
                    found = Some(Placement { rect, leader, free: true });
                    break 'rings;
                }
            }
        }
        if found.is_none() {
            found = grid_search(req, &|r, l| ok(r, l, true));
        }
        if found.is_none() {
            // Crowded: let the leader cross other things rather than overlap a label.
            found = grid_search(req, &|r, l| ok(r, l, false));
        }
        let p = found.unwrap_or_else(|| Placement { rect: candidate(req, 0.0, 0.0), leader: None, free: false });
        boxes.push(p.rect);
        if let Some(l) = p.leader {
            leaders.push(l);
        }
        placed[i] = Some(p);
    }
    placed.into_iter().map(|p| p.expect("every label placed")).collect()
}

/// The box of size `req.size` whose boundary touches the circle of radius
/// `radius + gap + d` around the anchor in direction `theta` (y up).
fn candidate(req: &Request, d: f64, theta: f64) -> Rect {
    let (w, h) = req.size;
    let (ux, uy) = (theta.cos(), -theta.sin());
    let half_w = w / 2.0;
    let half_h = h / 2.0;
    let t = (half_w / ux.abs().max(1e-9)).min(half_h / uy.abs().max(1e-9));
    let r = req.radius + 2.0 + d + t;
    let cx = req.anchor.0 + ux * r;
    let cy = req.anchor.1 + uy * r;
    Rect::at(cx - half_w, cy - half_h, w, h)
}

fn leader_for(req: &Request, rect: &Rect) -> ((f64, f64), (f64, f64)) {
    let (nx, ny) = rect.nearest(req.anchor.0, req.anchor.1);
    let (dx, dy) = (nx - req.anchor.0, ny - req.anchor.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let start = (req.anchor.0 + dx / len * (req.radius + 1.0), req.anchor.1 + dy / len * (req.radius + 1.0));
    (start, (nx, ny))
}

fn grid_search(req: &Request, ok: &dyn Fn(&Rect, Option<Segment>) -> bool) -> Option<Placement> {
    let (w, h) = req.size;
    let mut best: Option<(f64, Placement)> = None;
    let mut y = req.area.y0;
    while y + h <= req.area.y1 {
        let mut x = req.area.x0;
        while x + w <= req.area.x1 {
            let rect = Rect::at(x, y, w, h);
            let (nx, ny) = rect.nearest(req.anchor.0, req.anchor.1);
            let dist = ((nx - req.anchor.0).powi(2) + (ny - req.anchor.1).powi(2)).sqrt();
            if best.as_ref().is_none_or(|(b, _)| dist < *b) {
                let leader = leader_for(req, &rect);
                if ok(&rect, Some(leader)) {
                    best = Some((dist, Placement { rect, leader: Some(leader), free: true }));
                }
            }
            x += 4.0;
        }
        y += 4.0;
    }
    best.map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coincident_markers_get_separate_boxes() {
        let area = Rect::at(0.0, 0.0, 400.0, 300.0);
        let reqs: Vec<Request> =
            (0..12).map(|_| Request { anchor: (200.0, 150.0), radius: 4.0, size: (60.0, 14.0), area }).collect();
        let marker = Rect::around(200.0, 150.0, 4.5);
        let out = place(&reqs, &[marker]);
        for (i, a) in out.iter().enumerate() {
            assert!(a.free);
            assert!(!a.rect.intersects(&marker));
            for b in &out[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{a:?} {b:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever the anchors, placed boxes never overlap each other, a marker, or leave the area.
        #[test]
        fn placed_boxes_never_overlap(
            anchors in proptest::collection::vec((20.0..580.0f64, 20.0..380.0f64, 20.0..90.0f64), 1..30)
        ) {
            let area = Rect::at(0.0, 0.0, 600.0, 400.0);
            let reqs: Vec<Request> = anchors
                .iter()
                .map(|&(x, y, w)| Request { anchor: (x, y), radius: 4.0, size: (w, 14.0), area })
                .collect();
            let markers: Vec<Rect> = anchors.iter().map(|&(x, y, _)| Rect::around(x, y, 4.5)).collect();
            let out = place(&reqs, &markers);
            for (i, a) in out.iter().enumerate() {
                if !a.free {
                    continue;
                }
                proptest::prop_assert!(area.contains(&a.rect));
                proptest::prop_assert!(!markers.iter().any(|m| m.intersects(&a.rect)));
                for b in out[i + 1..].iter().filter(|b| b.free) {
                    proptest::prop_assert!(!a.rect.intersects(&b.rect));
                }
            }
        }
    }

    #[test]
    fn segment_hits() {
        let r = Rect::at(10.0, 10.0, 10.0, 10.0);
        assert!(r.hit_by((0.0, 15.0), (30.0, 15.0)));
        assert!(!r.hit_by((0.0, 0.0), (30.0, 0.0)));
        assert!(!r.hit_by((0.0, 15.0), (5.0, 15.0)));
    }
}
