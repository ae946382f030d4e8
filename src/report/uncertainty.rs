//! The Monte Carlo's results rendered: summary.json's `percentiles`, and
//! the report's paragraph on the spread of the results.

use super::format::{round, signed, thousands};
use crate::engine::montecarlo::{McResult, paths_vary};
use crate::engine::sketch::RELATIVE_ACCURACY;
use crate::engine::summary::Figures;
use crate::scenario::Resolved;
use serde_json::{Map, Value, json};

/// Probabilities of the per-step bands (bands.csv, fan charts).
pub const BAND_PROBS: [(&str, f64); 5] = [
    ("p5", 0.05),
    ("p25", 0.25),
    ("p50", 0.50),
    ("p75", 0.75),
    ("p95", 0.95),
];

/// Probabilities reported for every summary figure (summary.json `percentiles`).
pub const SUMMARY_PROBS: [(&str, f64); 7] = [
    ("p5", 0.05),
    ("p10", 0.10),
    ("p25", 0.25),
    ("p50", 0.50),
    ("p75", 0.75),
    ("p90", 0.90),
    ("p95", 0.95),
];

/// Decimals a figure is written with (as in summary.json).
fn decimals(name: &str) -> i32 {
    if name.contains("_bp") { 4 } else { 3 }
}

/// `summary.json`'s `percentiles`: every summary figure's p5…p95, nested like
/// the figures themselves (`percentiles.peak_d_yield_bp.10y.p95`), plus
/// `paths`, `seed` and the sketch's `relative_accuracy`.
pub fn percentiles_json(mc: &McResult) -> Value {
    let mut o = Map::new();
    o.insert("paths".into(), json!(mc.paths));
    o.insert("seed".into(), json!(mc.seed));
    o.insert("relative_accuracy".into(), json!(RELATIVE_ACCURACY));
    let fired = mc.trigger_fired_shares();
    if !fired.is_empty() {
        o.insert(
            "trigger_fired_share_of_paths".into(),
            Value::Object(
                fired
                    .into_iter()
                    .map(|(k, v)| (k, json!(round(v, 4))))
                    .collect(),
            ),
        );
    }
    for (name, sk) in mc.scalar_names.iter().zip(&mc.scalars) {
        if name.starts_with("trigger_fired.") {
            continue;
        }
        let mut q = Map::new();
        for (label, prob) in SUMMARY_PROBS {
            let v = sk.quantile(prob);
            let v = if name.starts_with("peak_step") {
                json!(v.round() as i64)
            } else {
                json!(round(v, decimals(name)))
            };
            q.insert(label.into(), v);
        }
        match name.split_once('.') {
            Some((head, tail)) => {
                let e = o
                    .entry(head.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = e {
                    m.insert(tail.to_string(), Value::Object(q));
                }
            }
            None => {
                o.insert(name.clone(), Value::Object(q));
            }
        }
    }
    Value::Object(o)
}

/// A paragraph on the spread of the results, for the report:
/// "in 90% of paths the 10-year peaks between A and B bp…".
pub fn spread_paragraph(r: &Resolved, mc: &McResult, central: &Figures) -> String {
    let k10 = r.params.ten_year_index();
    let t10 = &r.params.curve.tenors[k10];
    let peak = format!("peak_d_yield_bp.{t10}");
    let q = |n: &str, p: f64| mc.scalar_quantile(n, p);
    let bp = |v: f64| signed(v, 0);
    let bn = |v: f64| {
        if v < 0.0 {
            format!("−${}B", thousands(-v, 0))
        } else {
            format!("${}B", thousands(v, 0))
        }
    };
    let ten = "d_interest_10y_cumulative_bn";
    let years = (r.params.steps as f64 * r.params.dt).min(10.0);
    let horizon = if years >= 10.0 - 1e-9 {
        "ten years".to_string()
    } else {
        format!("the {years:.1}-year horizon")
    };
    let central_peak = central
        .peak_d_yield_bp
        .get(t10)
        .copied()
        .unwrap_or(f64::NAN);
    if !paths_vary(r) {
        return format!(
            "Across {} Monte Carlo paths (seed {}), every path is the central run: the scenario has no uncertain assumption \
(no number written as a distribution, no yield noise, no contagion trigger with a probability below 1), \
so its bands are one line: the {t10} yield peaks at {} bp against the baseline, and the extra interest over {horizon} is {}. \
{HOW_TO_VARY}",
            thousands(mc.paths as f64, 0),
            mc.seed,
            bp(central_peak),
            bn(central.d_interest_10y_cumulative_bn),
        );
    }
    let mut s = format!(
        "Across {} Monte Carlo paths (seed {}), each drawing the scenario's uncertain assumptions and run against its own baseline, \
in 90% of paths the {t10} yield peaks between {} and {} bp against the baseline (median {} bp; the central run {} bp), \
and the extra interest over {horizon} lies between {} and {} (median {}; the central run {}). \
Half of the paths lie between {} and {} bp at the peak and between {} and {} in extra interest.",
        thousands(mc.paths as f64, 0),
        mc.seed,
        bp(q(&peak, 0.05)),
        bp(q(&peak, 0.95)),
        bp(q(&peak, 0.5)),
        bp(central_peak),
        bn(q(ten, 0.05)),
        bn(q(ten, 0.95)),
        bn(q(ten, 0.5)),
        bn(central.d_interest_10y_cumulative_bn),
        bp(q(&peak, 0.25)),
        bp(q(&peak, 0.75)),
        bn(q(ten, 0.25)),
        bn(q(ten, 0.75)),
    );
    for (holder, share) in mc.trigger_fired_shares() {
        let label = r.params.holder_label(&holder);
        s.push_str(&format!(
            " {label}'s contagion trigger fired in {:.1}% of paths.",
            100.0 * share
        ));
    }
    s.push_str(&format!(
        " Percentiles come from a bounded-memory sketch accurate to {:.2}% of each value.",
        RELATIVE_ACCURACY * 100.0
    ));
    s
}

/// How to give a scenario a spread: the advice that follows the notice that
/// every path is the central run ([`paths_vary`] false).
pub const HOW_TO_VARY: &str = "To see a spread, write any number as a distribution, for example \
`elasticity_scale = { dist = \"lognormal\", median = 1.0, sigma = 0.7 }` under `[market]` \
(scenarios/uncertain-japan.toml does), or give the yields noise with `--set market.noise_bp_per_sqrt_year=40`.";
