//! `fx`: the exchange rate of the scenario's currency channel over time
//! (for example USDJPY, yen per dollar), its start level as a dashed
//! reference, and the largest move marked.

use super::RunData;
use super::palette::{self, GREY};
use super::timechart::{Marker, Place, Series, TimeChart};
use crate::report::format::{signed, thousands};

/// "USDJPY (yen per dollar)" for a pair name like `usdjpy`.
pub fn pair_words(pair: &str) -> String {
    let up = pair.to_uppercase();
    let quote = match up.get(3..).unwrap_or("") {
        "JPY" => "yen",
        "CNY" | "CNH" => "yuan",
        "EUR" => "euros",
        "GBP" => "pounds",
        "CHF" => "Swiss francs",
        _ => "foreign currency",
    };
    format!("{up} ({quote} per dollar)")
}

/// "yen per dollar" from [`pair_words`].
fn unit(words: &str) -> &str {
    words
        .split_once(" (")
        .and_then(|x| x.1.strip_suffix(')'))
        .unwrap_or(words)
}

/// The chart, when the scenario has an exchange-rate channel.
pub fn chart(d: &RunData) -> Option<TimeChart> {
    let p = &d.r.params;
    let fx = p.fx.as_ref()?;
    let r = &d.det.figures.reactions;
    let seller = &p.holders[fx.holder];
    let words = pair_words(&fx.pair);
    let pts: Vec<_> = d
        .det
        .steps
        .iter()
        .zip(d.dates)
        .filter_map(|(s, date)| s.fx_level.map(|v| (*date, v)))
        .collect();
    let peak = r.fx_peak_change_pct.unwrap_or(0.0);
    let end = r.fx_end_change_pct.unwrap_or(0.0);
    let mut c = TimeChart::new(
        d.titles(&format!(
            "The exchange rate: {words}, moved by {}'s sales",
            seller.label
        )),
        format!("{} ({})", fx.pair.to_uppercase(), unit(&words)),
        d.span(),
    );
    c.series.push(Series::dashed(
        format!("Start level: {}", thousands(fx.start_level, 2)),
        GREY,
        vec![(d.span().0, fx.start_level), (d.span().1, fx.start_level)],
    ));
    let colour = palette::holder(&seller.name);
    let mut line = Series::line(
        format!(
            "{}: largest change {}%, {}% at the end",
            fx.pair.to_uppercase(),
            signed(peak, 2),
            signed(end, 2)
        ),
        colour,
        pts.clone(),
    );
    line.width = 3.0;
    c.series.push(line);
    if peak.abs() > 1e-6 {
        let target = fx.start_level * (1.0 + peak / 100.0);
        if let Some(at) = pts
            .iter()
            .min_by(|a, b| (a.1 - target).abs().total_cmp(&(b.1 - target).abs()))
        {
            c.markers.push(
                Marker::new(
                    *at,
                    colour,
                    Some(format!(
                        "{} {}% ({}), {}",
                        thousands(at.1, 2),
                        signed(peak, 2),
                        if (peak < 0.0) == fx.pair.to_lowercase().starts_with("usd") {
                            "weaker dollar"
                        } else {
                            "stronger dollar"
                        },
                        at.0.format("%d %b %Y")
                    )),
                )
                .placed(Place::Right),
            );
        }
    }
    Some(c)
}
