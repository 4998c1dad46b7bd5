//! Pan and zoom of the wall: how wall coordinates map to the screen, in plain numbers.
//! Screen point = wall point × zoom + pan. Kept free of the DOM so it is tested natively.

/// Zoom limits: 10 % shows a few thousand cards at once; 300 % fills a phone with one card.
pub const MIN_ZOOM: f64 = 0.1;
/// See [`MIN_ZOOM`].
pub const MAX_ZOOM: f64 = 3.0;
/// How far the presenter screen zooms in to fit a small wall: cards twice their size.
pub const PRESENTER_MAX_ZOOM: f64 = 2.0;

/// An axis-aligned rectangle in wall or screen units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether two rectangles overlap.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    /// Whether a point lies inside.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    /// The smallest rectangle holding all given ones; `None` for none.
    pub fn union_all(rects: impl IntoIterator<Item = Rect>) -> Option<Rect> {
        rects.into_iter().reduce(|a, b| {
            let x = a.x.min(b.x);
            let y = a.y.min(b.y);
            let right = (a.x + a.w).max(b.x + b.w);
            let bottom = (a.y + a.h).max(b.y + b.h);
            Rect {
                x,
                y,
                w: right - x,
                h: bottom - y,
            }
        })
    }

    /// Grown by `margin` on every side.
    pub fn inflate(&self, margin: f64) -> Rect {
        Rect {
            x: self.x - margin,
            y: self.y - margin,
            w: self.w + 2.0 * margin,
            h: self.h + 2.0 * margin,
        }
    }
}

/// The user's view of the wall.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Screen x of the wall origin.
    pub pan_x: f64,
    /// Screen y of the wall origin.
    pub pan_y: f64,
    /// Scale from wall units to screen pixels.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            pan_x: 24.0,
            pan_y: 24.0,
            zoom: 1.0,
        }
    }
}

impl Viewport {
    /// The wall point under a screen point.
    pub fn wall_point(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.pan_x) / self.zoom, (sy - self.pan_y) / self.zoom)
    }

    /// Moves the wall by a screen distance.
    pub fn pan_by(&self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            pan_x: self.pan_x + dx,
            pan_y: self.pan_y + dy,
            ..*self
        }
    }

    /// Zooms by `factor`, keeping the wall point under the screen point `(ax, ay)` in place.
    pub fn zoom_at(&self, factor: f64, ax: f64, ay: f64) -> Viewport {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (wx, wy) = self.wall_point(ax, ay);
        Viewport {
            pan_x: ax - wx * zoom,
            pan_y: ay - wy * zoom,
            zoom,
        }
    }

    /// The part of the wall a screen of `w`×`h` pixels shows.
    pub fn visible(&self, w: f64, h: f64) -> Rect {
        let (x, y) = self.wall_point(0.0, 0.0);
        Rect {
            x,
            y,
            w: w / self.zoom,
            h: h / self.zoom,
        }
    }

    /// The view that shows all of `content` on a `w`×`h` screen, centred, with a margin,
    /// never zoomed in beyond `max_zoom`: 100 % on a laptop (a single card should not fill
    /// the screen), [`PRESENTER_MAX_ZOOM`] on the presenter screen, which enlarges a small
    /// wall so it reads from the back of the room.
    pub fn fit(content: Rect, w: f64, h: f64, max_zoom: f64) -> Viewport {
        const MARGIN: f64 = 24.0;
        let avail_w = (w - 2.0 * MARGIN).max(1.0);
        let avail_h = (h - 2.0 * MARGIN).max(1.0);
        let zoom = (avail_w / content.w.max(1.0))
            .min(avail_h / content.h.max(1.0))
            .clamp(MIN_ZOOM, max_zoom.clamp(MIN_ZOOM, MAX_ZOOM));
        let pan_x = (w - content.w * zoom) / 2.0 - content.x * zoom;
        let pan_y = (h - content.h * zoom) / 2.0 - content.y * zoom;
        Viewport { pan_x, pan_y, zoom }
    }

    /// The CSS transform of the wall plane.
    pub fn css(&self) -> String {
        format!(
            "translate({}px, {}px) scale({})",
            self.pan_x, self.pan_y, self.zoom
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_anchor_fixed() {
        let v = Viewport {
            pan_x: 10.0,
            pan_y: -20.0,
            zoom: 0.8,
        };
        let before = v.wall_point(300.0, 200.0);
        let after = v.zoom_at(1.5, 300.0, 200.0).wall_point(300.0, 200.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
    }

    #[test]
    fn zoom_is_clamped() {
        let v = Viewport::default().zoom_at(100.0, 0.0, 0.0);
        assert_eq!(v.zoom, MAX_ZOOM);
        assert_eq!(v.zoom_at(0.0001, 0.0, 0.0).zoom, MIN_ZOOM);
    }

    #[test]
    fn the_presenter_enlarges_a_small_wall_up_to_its_limit() {
        let small = Rect {
            x: 0.0,
            y: 0.0,
            w: 400.0,
            h: 200.0,
        };
        assert_eq!(Viewport::fit(small, 1920.0, 1080.0, 1.0).zoom, 1.0);
        assert_eq!(
            Viewport::fit(small, 1920.0, 1080.0, PRESENTER_MAX_ZOOM).zoom,
            PRESENTER_MAX_ZOOM
        );
        let wide = Rect {
            x: 0.0,
            y: 0.0,
            w: 1248.0,
            h: 100.0,
        };
        assert!(
            (Viewport::fit(wide, 1296.0, 1080.0, PRESENTER_MAX_ZOOM).zoom - 1.0).abs() < 1e-9,
            "fits the width"
        );
    }

    #[test]
    fn fit_shows_everything_centred() {
        let content = Rect {
            x: 1000.0,
            y: 500.0,
            w: 4000.0,
            h: 1000.0,
        };
        let v = Viewport::fit(content, 1920.0, 1080.0, 1.0);
        let seen = v.visible(1920.0, 1080.0);
        assert!(seen.x <= content.x && seen.y <= content.y);
        assert!(
            seen.x + seen.w >= content.x + content.w && seen.y + seen.h >= content.y + content.h
        );
        let (cx, cy) = v.wall_point(960.0, 540.0);
        assert!((cx - 3000.0).abs() < 1e-6 && (cy - 1000.0).abs() < 1e-6);
    }

    #[test]
    fn fit_never_magnifies_small_content() {
        let v = Viewport::fit(
            Rect {
                x: 0.0,
                y: 0.0,
                w: 200.0,
                h: 100.0,
            },
            1920.0,
            1080.0,
            1.0,
        );
        assert_eq!(v.zoom, 1.0);
    }

    #[test]
    fn rect_geometry() {
        let a = Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        let b = Rect {
            x: 5.0,
            y: 5.0,
            w: 10.0,
            h: 10.0,
        };
        let c = Rect {
            x: 20.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
        };
        assert!(a.intersects(&b) && !a.intersects(&c));
        assert!(a.contains(10.0, 0.0) && !a.contains(10.1, 0.0));
        assert_eq!(
            Rect::union_all([a, c]),
            Some(Rect {
                x: 0.0,
                y: 0.0,
                w: 21.0,
                h: 10.0
            })
        );
        assert_eq!(Rect::union_all([]), None);
        assert_eq!(
            a.inflate(1.0),
            Rect {
                x: -1.0,
                y: -1.0,
                w: 12.0,
                h: 12.0
            }
        );
    }
}
