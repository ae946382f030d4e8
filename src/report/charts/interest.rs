//! `interest`: extra annual interest along the rollover path against the rule
//! of thumb (gross debt × 10-year change); `interest_cumulative`: extra interest
//! paid, cumulated, against the rule of thumb cumulated.

use super::RunData;
use super::frame::{LegendItem, Swatch};
use super::palette::{self, GREY};
use super::timechart::{Marker, Place, Points, Series, TimeChart};
use crate::engine::summary::ten_year_index;
use crate::report::format::thousands;
use chrono::NaiveDate;

/// Extra annual interest and the rule of thumb at each step ($B a year).
pub fn annual_series(d: &RunData) -> (Points, Points) {
    let p = &d.r.params;
    let k10 = ten_year_index(p);
    (
        d.points(|s| s.d_interest_annual()),
        d.points(|s| p.debt.gross * s.d_yield_bp(k10) / 10_000.0),
    )
}

/// Cumulates an annual rate over steps as series.csv does (nothing paid at step 0).
pub fn cumulate(points: &[(NaiveDate, f64)], dt: f64) -> Points {
    let mut acc = 0.0;
    points
        .iter()
        .enumerate()
        .map(|(t, (date, v))| {
            if t > 0 {
                acc += v * dt;
            }
            (*date, acc)
        })
        .collect()
}

/// The colour of the rollover path in every interest chart.
pub fn path_colour() -> plotters::style::RGBColor {
    palette::series(1)
}

/// The `interest` chart.
pub fn annual(d: &RunData) -> TimeChart {
    let f = &d.det.figures;
    let (path, rule) = annual_series(d);
    let end = path.last().map(|p| p.1).unwrap_or(0.0);
    let mut c = TimeChart::new(
        d.titles(
            "Extra federal interest along the rollover path ($B a year) against the rule of thumb",
        ),
        "Extra interest ($B a year)",
        d.span(),
    );
    c.zero_line = true;
    let mut rule_line = Series::dashed(
        format!(
            "Rule of thumb, gross debt × 10-year change: ${}B a year at the peak",
            thousands(f.rule_of_thumb_annual_bn, 0)
        ),
        GREY,
        rule,
    );
    rule_line.width = 3.0;
    c.series.push(rule_line);
    let mut line = Series::line(
        format!(
            "Rollover path, maturing debt refinanced at new yields: ${}B a year at the end",
            thousands(end, 0)
        ),
        path_colour(),
        path.clone(),
    );
    line.width = 3.5;
    c.series.push(line);
    // The rate one year in, where the rule of thumb is usually read.
    let year = d.r.params.steps_per_year.round() as usize;
    if let Some(p) = path
        .get(year)
        .filter(|_| year < path.len().saturating_sub(1))
    {
        c.markers.push(
            Marker::new(
                *p,
                path_colour(),
                Some(format!("after a year: ${}B a year", thousands(p.1, 0))),
            )
            .placed(Place::BelowRight),
        );
    }
    c
}

/// The `interest_cumulative` chart.
pub fn cumulative(d: &RunData) -> TimeChart {
    let f = &d.det.figures;
    let dt = d.r.params.dt;
    let (path, rule) = annual_series(d);
    let cum = cumulate(&path, dt);
    let cum_rule = cumulate(&rule, dt);
    let mut c = TimeChart::new(
        d.titles("Cumulative extra federal interest paid ($B)"),
        "Extra interest paid, cumulative ($B)",
        d.span(),
    );
    c.zero_line = true;
    c.series.push(Series::dashed(
        format!(
            "Rule of thumb, paid every step: ${}B over the run",
            thousands(cum_rule.last().map(|p| p.1).unwrap_or(0.0), 0)
        ),
        GREY,
        cum_rule,
    ));
    let mut line = Series::line(
        format!(
            "Rollover path: ${}B over the run",
            thousands(f.d_interest_cumulative_bn, 0)
        ),
        path_colour(),
        cum.clone(),
    );
    line.width = 3.5;
    c.series.push(line);
    let year = d.r.params.steps_per_year.round() as usize;
    if let Some(p) = cum.get(year).filter(|_| year < cum.len().saturating_sub(1)) {
        // Near zero a label would sit on the axis or the rule line: the legend carries it.
        c.markers.push(Marker::new(*p, path_colour(), None));
        c.extra_legend.push(LegendItem::new(
            format!("Paid in the first year: ${}B", thousands(p.1, 0)),
            path_colour(),
            Swatch::Dot,
        ));
    }
    c
}
