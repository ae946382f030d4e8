//! `summary.json`: the run's figures as BRIEF.md's interface contract names them.

use super::format::round;
use crate::engine::Deterministic;
use crate::scenario::Resolved;
use crate::scenario::schema::{HIGH_IMPACT, Impact, LOW_IMPACT};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

fn rounded_map(m: &indexmap::IndexMap<String, f64>, decimals: i32) -> Value {
    Value::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), json!(round(*v, decimals))))
            .collect(),
    )
}

/// The headline figures under the `low` and `high` calibrations (bp, $B),
/// with the flow and stock multipliers that define them.
fn literature_range(r: &crate::engine::range::LiteratureRange) -> Value {
    let one = |h: &crate::engine::range::Headline| {
        json!({
            "peak_d_yield_10y_bp": round(h.peak_d_yield_10y_bp, 4),
            "end_d_yield_10y_bp": round(h.end_d_yield_10y_bp, 4),
            "d_interest_first_year_bn": round(h.d_interest_first_year_bn, 4),
            "d_interest_10y_cumulative_bn": round(h.d_interest_10y_cumulative_bn, 4),
        })
    };
    let m = |i: Impact| json!({ "flow": i.flow, "stock": i.stock });
    json!({
        "low": one(&r.low),
        "high": one(&r.high),
        "multipliers": { "low": m(LOW_IMPACT), "high": m(HIGH_IMPACT) },
    })
}

/// The summary as JSON. `percentiles` (Monte Carlo) is added under that key when given.
pub fn summary(
    r: &Resolved,
    det: &Deterministic,
    dates: &[NaiveDate],
    percentiles: Option<Value>,
) -> Value {
    let f = &det.figures;
    let p = &r.params;
    let mut o = Map::new();
    o.insert("scenario".into(), json!(r.name));
    o.insert("title".into(), json!(r.title));
    o.insert("scenario_file".into(), json!(r.path.display().to_string()));
    // The `--set` flags as given, so the file says what was run.
    o.insert("overrides".into(), json!(r.overrides));
    o.insert("selloff_version".into(), json!(crate::VERSION));
    o.insert("seed".into(), json!(r.seed));
    o.insert("calibration".into(), json!(r.calibration.name()));
    o.insert("steps".into(), json!(p.steps));
    o.insert("step".into(), json!(r.step.name()));
    o.insert("start_date".into(), json!(dates[0].to_string()));
    o.insert("end_date".into(), json!(dates[p.steps].to_string()));
    o.insert("peak_d_yield_bp".into(), rounded_map(&f.peak_d_yield_bp, 4));
    o.insert(
        "peak_step".into(),
        Value::Object(
            f.peak_step
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect(),
        ),
    );
    o.insert(
        "peak_date".into(),
        Value::Object(
            f.peak_step
                .iter()
                .map(|(k, v)| (k.clone(), json!(dates[*v].to_string())))
                .collect(),
        ),
    );
    o.insert("end_d_yield_bp".into(), rounded_map(&f.end_d_yield_bp, 4));
    if let Some(range) = &det.range {
        o.insert("literature_range".into(), literature_range(range));
    }
    o.insert(
        "d_interest_first_year_bn".into(),
        json!(round(f.d_interest_first_year_bn, 3)),
    );
    o.insert(
        "d_interest_10y_cumulative_bn".into(),
        json!(round(f.d_interest_10y_cumulative_bn, 3)),
    );
    o.insert(
        "d_interest_cumulative_bn".into(),
        json!(round(f.d_interest_cumulative_bn, 3)),
    );
    o.insert(
        "d_interest_by_year_bn".into(),
        json!(
            f.d_interest_by_year_bn
                .iter()
                .map(|v| round(*v, 3))
                .collect::<Vec<_>>()
        ),
    );
    o.insert(
        "d_interest_annual_end_bn".into(),
        json!(round(f.d_interest_annual_end_bn, 3)),
    );
    o.insert(
        "rule_of_thumb_annual_bn".into(),
        json!(round(f.rule_of_thumb_annual_bn, 3)),
    );
    // The same rule on marketable debt held by the public (no trust funds).
    let peak10 = f.peak_d_yield_bp.get("10y").copied().unwrap_or(0.0);
    o.insert(
        "rule_of_thumb_public_annual_bn".into(),
        json!(round(p.debt.marketable * peak10 / 10_000.0, 3)),
    );
    o.insert("total_sold_bn".into(), json!(round(f.total_sold_bn, 3)));
    o.insert("absorbed_by".into(), rounded_map(&f.absorbed_by, 3));
    o.insert(
        "seller_mtm_loss_bn".into(),
        rounded_map(&f.seller_mtm_loss_bn, 3),
    );
    o.insert(
        "seller_realised_cost_bn".into(),
        rounded_map(&f.seller_realised_cost_bn, 3),
    );
    let i = &det.implied;
    o.insert(
        "implied_bp_per_100bn".into(),
        json!({
            "one_month": { "5y": round(i.one_month_5y_bp, 2), "10y": round(i.one_month_10y_bp, 2) },
            "long_run": { "5y": round(i.long_run_5y_bp, 2), "10y": round(i.long_run_10y_bp, 2) },
        }),
    );
    o.insert(
        "debt".into(),
        json!({
            "gross_start_bn": round(p.debt.gross, 3),
            "marketable_start_bn": round(p.debt.marketable, 3),
            "marketable_end_bn": round(f.debt_end_bn, 3),
            "baseline_marketable_end_bn": round(f.base_debt_end_bn, 3),
            "wam_start_months": round(det.initial_wam_months, 2),
            "share_maturing_first_year": round(det.share_maturing_first_year, 4),
        }),
    );
    if let Ok(Value::Object(reactions)) = serde_json::to_value(&f.reactions) {
        for (k, v) in reactions {
            o.insert(k, round_json(v));
        }
    }
    if let Some(pc) = percentiles {
        o.insert("percentiles".into(), pc);
    }
    Value::Object(o)
}

/// Rounds every number in a JSON value to 4 decimals.
fn round_json(v: Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if !n.is_i64() && !n.is_u64() => json!(round(x, 4)),
            _ => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(round_json).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, round_json(v))).collect()),
        other => other,
    }
}
