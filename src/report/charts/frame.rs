//! The frame every chart shares: heading and subtitle on top, a footer line
//! at the bottom (scenario file, seed, `selloff` version), a legend in its own
//! column on the right (so it never hides the data), and the plot in between.

use super::font::text;
use super::palette::{GREY, GRID, INK};
use super::{ChartError, de};
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Sizes scale with the picture; 1.0 is the default 1200×700 picture.
#[derive(Debug, Clone, Copy)]
pub struct Scale(pub f64);

impl Scale {
    /// The scale of a picture of `(w, h)` pixels.
    pub fn of((w, h): (u32, u32)) -> Scale {
        Scale((f64::from(w) / 1200.0).min(f64::from(h) / 700.0).max(0.4))
    }
    /// `v` default-size pixels at this scale.
    pub fn px(self, v: f64) -> f64 {
        (v * self.0).max(1.0)
    }
    /// `v` default-size pixels at this scale, as whole pixels.
    pub fn ipx(self, v: f64) -> i32 {
        self.px(v).round() as i32
    }
    /// `v` default-size pixels at this scale, as a line width.
    pub fn width(self, v: f64) -> u32 {
        self.px(v).round().max(1.0) as u32
    }
}

/// The footer line: scenario file, seed and `selloff` version.
pub fn footer(scenario_file: &str, seed: u64) -> String {
    format!(
        "Scenario file: {scenario_file}  ·  seed {seed}  ·  selloff {}",
        crate::VERSION
    )
}

/// The texts around a chart.
#[derive(Debug, Clone, Default)]
pub struct Titles {
    /// What the chart shows, with units: "Extra federal interest ($B a year)".
    pub heading: String,
    /// The scenario: "japan-fire-sale: Japan sells $1,130B in 3 months".
    pub subtitle: String,
    /// From [`footer`].
    pub footer: String,
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// A filled box (areas, bars).
    Fill,
    /// A dot (markers).
    Dot,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct LegendItem {
    /// Text of the entry.
    pub label: String,
    /// Colour of its swatch.
    pub colour: RGBColor,
    /// Kind of swatch.
    pub swatch: Swatch,
}

impl LegendItem {
    /// A legend entry.
    pub fn new(label: impl Into<String>, colour: RGBColor, swatch: Swatch) -> LegendItem {
        LegendItem {
            label: label.into(),
            colour,
            swatch,
        }
    }
}

/// The plot area and the legend column of a picture.
pub type PlotAndLegend<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// The chart builder every plot area uses: the same margins and label areas,
/// so the plots of all charts line up.
pub fn plot_builder<'a, 'b, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    s: Scale,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(plot);
    b.margin_top(s.ipx(12.0))
        .margin_right(s.ipx(40.0))
        .margin_left(s.ipx(10.0))
        .x_label_area_size(s.ipx(56.0))
        .y_label_area_size(s.ipx(92.0));
    b
}

/// The mesh style every time, bar and schedule chart shares: label and axis
/// description fonts, grid lines and axis lines, sized by `s`.
pub fn mesh_style<'m, 'a, 'b, X, Y, DB>(
    m: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    s: Scale,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    m.label_style(text(s.px(15.0), INK))
        .axis_desc_style(text(s.px(17.0), INK))
        .bold_line_style(GRID.stroke_width(s.width(1.0)))
        .light_line_style(WHITE.mix(0.0))
        .axis_style(GREY.stroke_width(s.width(1.0)))
}

/// Writes `note` across the upper third of the plot area, centred, in grey.
pub fn draw_note<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    note: &str,
    s: Scale,
) -> Result<(), ChartError> {
    let (w, h) = plot.dim_in_pixel();
    plot.draw_text(
        note,
        &text(s.px(18.0), GREY).pos(Pos::new(HPos::Center, VPos::Center)),
        (w as i32 / 2, h as i32 / 3),
    )
    .map_err(de)
}

/// Fills the picture white, draws titles and footer, and returns the plot
/// area and the legend column (empty width when `legend_width` is 0).
pub fn layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    titles: &Titles,
    legend_width: f64,
    s: Scale,
) -> Result<PlotAndLegend<DB>, ChartError> {
    root.fill(&WHITE).map_err(de)?;
    let (w, h) = root.dim_in_pixel();
    let top = s.px(78.0) as u32;
    let bottom = s.px(30.0) as u32;
    let (head, rest) = root.split_vertically(top.min(h / 3));
    let (body, foot) = rest.split_vertically(rest.dim_in_pixel().1.saturating_sub(bottom));
    head.draw_text(
        &titles.heading,
        &text(s.px(26.0), INK),
        (s.ipx(24.0), s.ipx(14.0)),
    )
    .map_err(de)?;
    head.draw_text(
        &titles.subtitle,
        &text(s.px(18.0), GREY),
        (s.ipx(24.0), s.ipx(48.0)),
    )
    .map_err(de)?;
    foot.draw_text(
        &titles.footer,
        &text(s.px(14.0), GREY).pos(Pos::new(HPos::Right, VPos::Center)),
        (w as i32 - s.ipx(16.0), (bottom / 2) as i32),
    )
    .map_err(de)?;
    let lw = if legend_width > 0.0 {
        s.px(legend_width) as u32
    } else {
        0
    };
    let (plot, legend) = body.split_horizontally(body.dim_in_pixel().0.saturating_sub(lw));
    Ok((plot, legend))
}

/// Draws legend entries top-down in `area`, wrapping long labels over two lines.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: Option<&str>,
    items: &[LegendItem],
    s: Scale,
) -> Result<(), ChartError> {
    let font = s.px(15.0);
    let row = s.px(24.0);
    let x0 = s.ipx(8.0);
    let sw = s.ipx(28.0);
    let mut y = s.px(16.0);
    if let Some(t) = title {
        area.draw_text(t, &text(font, INK), (x0, y as i32))
            .map_err(de)?;
        y += row;
    }
    let max_chars = ((area.dim_in_pixel().0 as f64 - f64::from(sw) - s.px(24.0)) / (font * 0.5))
        .max(8.0) as usize;
    for it in items {
        let cy = (y + font * 0.55) as i32;
        match it.swatch {
            Swatch::Line => area
                .draw(&PathElement::new(
                    vec![(x0, cy), (x0 + sw, cy)],
                    it.colour.stroke_width(s.width(3.0)),
                ))
                .map_err(de)?,
            Swatch::Dashed => {
                let dash = (sw / 4).max(2);
                for k in 0..2 {
                    let a = x0 + k * 2 * dash + dash / 2;
                    area.draw(&PathElement::new(
                        vec![(a, cy), (a + dash, cy)],
                        it.colour.stroke_width(s.width(3.0)),
                    ))
                    .map_err(de)?;
                }
            }
            Swatch::Fill => area
                .draw(&Rectangle::new(
                    [(x0, cy - s.ipx(7.0)), (x0 + sw, cy + s.ipx(7.0))],
                    it.colour.filled(),
                ))
                .map_err(de)?,
            Swatch::Dot => area
                .draw(&Circle::new(
                    (x0 + sw / 2, cy),
                    s.ipx(5.0),
                    it.colour.filled(),
                ))
                .map_err(de)?,
        }
        let lines = wrap(&it.label, max_chars);
        let lh = font * 1.15;
        for (i, line) in lines.iter().enumerate() {
            area.draw_text(
                line,
                &text(font, INK),
                (x0 + sw + s.ipx(8.0), (y + i as f64 * lh) as i32),
            )
            .map_err(de)?;
        }
        y += lines.len().saturating_sub(1) as f64 * lh;
        y += row;
    }
    Ok(())
}

/// Splits `s` into lines of at most `width` characters at spaces (at most three lines,
/// the last shortened with an ellipsis).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in s.split_whitespace() {
        let last = lines.last_mut().map(|l| l.chars().count()).unwrap_or(0);
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    if lines.len() > 3 {
        let mut last: String = lines[2..].join(" ");
        if last.chars().count() > width {
            last = last
                .chars()
                .take(width.saturating_sub(1))
                .collect::<String>()
                + "…";
        }
        lines.truncate(2);
        lines.push(last);
    }
    lines
}
