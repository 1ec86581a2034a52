//! The sky view: positions and footprints on a braille canvas (east to the left), the searched
//! cone, the cursor's row highlighted, a legend. Footprints off the view are left out before
//! any vertex is projected, and those smaller than a dot are drawn as a dot, so a frame of
//! fifty thousand stays well inside one frame's time.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Context, Line as Segment, Points};

use crate::app::overlays::sky::SkyView;
use crate::app::overlays::sky::footprints::Footprint;
use crate::common::format::thousands;
use crate::mast::footprint::Shape;
use crate::sky::Projector;

use super::super::text::clean;
use super::super::theme::Theme;
use super::frame;

/// Colours of the groups, in order; without colour, the markers are these characters.
const COLORS: [Color; 8] = [
    Color::Cyan,
    Color::Yellow,
    Color::Green,
    Color::Magenta,
    Color::LightRed,
    Color::LightBlue,
    Color::White,
    Color::LightGreen,
];
const MARKERS: [&str; 8] = ["+", "x", "o", "*", "#", "@", "%", "&"];
/// Catalog sources: a mark and a colour no group of observations uses.
const SOURCE_MARK: &str = "⋆";
const SOURCE_COLOR: Color = Color::LightYellow;
/// Vertices drawn for a circle.
const CIRCLE_STEPS: usize = 24;

/// Draws the view over `body`; `cursor_row` is the row under the grid's cursor.
pub fn draw(buf: &mut Buffer, body: Rect, sky: &SkyView, cursor_row: Option<usize>, theme: &Theme) {
    let v = &sky.view;
    let title = format!(
        "Sky: {} rows  centre {:.4} {:+.4}  width {}",
        thousands(sky.footprints.items.len() as u64),
        v.ra,
        v.dec,
        angle(v.width)
    );
    let inner = frame(buf, body, &title, theme);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let plot = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
    // Braille cells are two dots wide and four high, and about twice as high as wide on
    // screen, so dots are square: the view's height in degrees follows from its shape.
    let dots_per_deg = f64::from(plot.width) * 2.0 / v.width;
    let height_deg = f64::from(plot.height) * 4.0 / dots_per_deg;
    let (hw, hh) = (v.width / 2.0, height_deg / 2.0);
    let dot = 1.0 / dots_per_deg;
    let color = theme.color;
    let p = v.projector();
    Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([-hw, hw])
        .y_bounds([-hh, hh])
        .paint(|ctx| {
            let on_view = |x: f64, y: f64, r: f64| x.abs() - r <= hw && y.abs() - r <= hh;
            // Footprints first, positions over them, the cursor's row last. Each centre is
            // projected once, for both.
            let mut dots: Vec<Vec<(f64, f64)>> = vec![Vec::new(); COLORS.len()];
            for f in &sky.footprints.items {
                let Some((x, y)) = p.project(f.ra, f.dec) else {
                    continue;
                };
                if on_view(x, y, 0.0) {
                    dots[f.group % COLORS.len()].push((x, y));
                }
                if f.extent > dot && on_view(x, y, f.extent) {
                    outline(ctx, &p, f, group_color(f.group, color));
                }
            }
            // Without colour, each group has its own marker, one per character cell (the
            // first group to reach a cell keeps it): never more labels than cells.
            let (cols, rows) = (usize::from(plot.width), usize::from(plot.height));
            let mut taken = vec![false; if color { 0 } else { cols * rows }];
            for (g, coords) in dots.iter().enumerate() {
                if color {
                    ctx.draw(&Points {
                        coords,
                        color: COLORS[g],
                    });
                    continue;
                }
                for &(x, y) in coords {
                    let col = ((x + hw) / (2.0 * hw) * cols as f64) as usize;
                    let row = ((hh - y) / (2.0 * hh) * rows as f64) as usize;
                    if let Some(cell) = taken.get_mut(row.min(rows - 1) * cols + col.min(cols - 1))
                        && !*cell
                    {
                        *cell = true;
                        ctx.print(x, y, MARKERS[g]);
                    }
                }
            }
            ctx.layer();
            // Catalog sources over the observations: one mark per character cell (a cone of
            // a TIC can hold thousands), never more marks than cells.
            if let Some(src) = sky.sources.as_ref().filter(|_| sky.show_sources) {
                let style = if color {
                    Style::new().fg(SOURCE_COLOR)
                } else {
                    Style::new()
                };
                let mut taken = vec![false; cols * rows];
                for &(ra, dec) in &src.points {
                    let Some((x, y)) = p.project(ra, dec).filter(|&(x, y)| on_view(x, y, 0.0))
                    else {
                        continue;
                    };
                    let col = ((x + hw) / (2.0 * hw) * cols as f64) as usize;
                    let row = ((hh - y) / (2.0 * hh) * rows as f64) as usize;
                    if let Some(cell) = taken.get_mut(row.min(rows - 1) * cols + col.min(cols - 1))
                        && !*cell
                    {
                        *cell = true;
                        ctx.print(x, y, Span::styled(SOURCE_MARK, style));
                    }
                }
            }
            if let Some((ra, dec, r)) = sky.cone
                && let Some((x, y)) = p.project(ra, dec)
            {
                ring(ctx, &p, ra, dec, r, Color::Red);
                ctx.print(x, y, Span::styled("⊕", Style::new().fg(Color::Red)));
            }
            if let Some(f) =
                cursor_row.and_then(|r| sky.footprints.items.iter().find(|f| f.row == r))
                && let Some((x, y)) = p.project(f.ra, f.dec)
            {
                outline(ctx, &p, f, Color::White);
                ctx.print(x, y, Span::styled("◆", Style::new().fg(Color::White)));
            }
        })
        .render(plot, buf);
    legend(
        buf,
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
        sky,
        theme,
    );
}

fn group_color(group: usize, color: bool) -> Color {
    if color {
        COLORS[group % COLORS.len()]
    } else {
        Color::Reset
    }
}

/// Draws the footprint's shapes; a shape with a vertex on the far side is left out rather
/// than drawn across the sky.
fn outline(ctx: &mut Context<'_>, p: &Projector, f: &Footprint, color: Color) {
    for shape in &f.shapes {
        match shape {
            Shape::Polygon(vertices) => polygon(ctx, p, vertices.iter().copied(), color),
            Shape::Circle { ra, dec, radius } => ring(ctx, p, *ra, *dec, *radius, color),
        }
    }
}

fn polygon(
    ctx: &mut Context<'_>,
    p: &Projector,
    vertices: impl Iterator<Item = (f64, f64)>,
    color: Color,
) {
    let Some(points) = vertices
        .map(|(ra, dec)| p.project(ra, dec))
        .collect::<Option<Vec<(f64, f64)>>>()
    else {
        return;
    };
    for (i, &(x1, y1)) in points.iter().enumerate() {
        let (x2, y2) = points[(i + 1) % points.len()];
        ctx.draw(&Segment {
            x1,
            y1,
            x2,
            y2,
            color,
        });
    }
}

/// A small circle on the sky of `radius` degrees, as a polygon.
fn ring(ctx: &mut Context<'_>, p: &Projector, ra: f64, dec: f64, radius: f64, color: Color) {
    let (d, r) = (dec.to_radians(), radius.to_radians());
    let vertices = (0..CIRCLE_STEPS).map(|i| {
        let theta = i as f64 / CIRCLE_STEPS as f64 * std::f64::consts::TAU;
        let d2 = (d.sin() * r.cos() + d.cos() * r.sin() * theta.cos()).asin();
        let ra2 =
            ra.to_radians() + (theta.sin() * r.sin() * d.cos()).atan2(r.cos() - d.sin() * d2.sin());
        (ra2.to_degrees().rem_euclid(360.0), d2.to_degrees())
    });
    polygon(ctx, p, vertices, color);
}

/// `■ HST 12  ■ JWST 30   colour by c · n next · +/- zoom`
fn legend(buf: &mut Buffer, line: Rect, sky: &SkyView, theme: &Theme) {
    let mut counts = vec![0usize; sky.footprints.groups.len()];
    for f in &sky.footprints.items {
        counts[f.group] += 1;
    }
    let mut spans = Vec::new();
    for (g, name) in sky.footprints.groups.iter().enumerate() {
        let (mark, style) = if theme.color {
            ("■", Style::new().fg(COLORS[g % COLORS.len()]))
        } else {
            (MARKERS[g % MARKERS.len()], theme.base())
        };
        spans.push(Span::styled(format!("{mark} "), style));
        spans.push(Span::styled(
            format!("{} {}  ", clean(name), thousands(counts[g] as u64)),
            theme.base(),
        ));
    }
    if let Some(src) = sky.sources.as_ref().filter(|_| sky.show_sources) {
        let style = if theme.color {
            Style::new().fg(SOURCE_COLOR)
        } else {
            theme.base()
        };
        spans.push(Span::styled(format!("{SOURCE_MARK} "), style));
        spans.push(Span::styled(
            format!("{} {}  ", src.label, thousands(src.points.len() as u64)),
            theme.base(),
        ));
    }
    if sky.footprints.unreadable > 0 {
        spans.push(Span::styled(
            format!("({} footprints unreadable)  ", sky.footprints.unreadable),
            theme.dim(),
        ));
    }
    spans.push(Span::styled(
        format!("by {}", sky.footprints.by),
        theme.dim(),
    ));
    Line::from(spans).render(line, buf);
}

/// `2.50°`, `12.0'`, `30"`.
fn angle(deg: f64) -> String {
    if deg >= 1.0 {
        format!("{deg:.2}°")
    } else if deg * 60.0 >= 1.0 {
        format!("{:.1}'", deg * 60.0)
    } else {
        format!("{:.1}\"", deg * 3600.0)
    }
}
