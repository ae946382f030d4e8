//! `series.csv`: one row per step of the deterministic run.
//!
//! Columns (units in the names): `step`, `date`, `yield_<tenor>_pct`,
//! `d_yield_<tenor>_bp`, `term_premium_d_bp`, `holdings_<holder>_bn`,
//! `sold_bn`, `interest_annual_bn`, `baseline_interest_annual_bn`,
//! `d_interest_annual_bn`, `d_interest_cumulative_bn`,
//! `rule_of_thumb_annual_bn`, `debt_bn`, `baseline_debt_bn`,
//! `avg_rate_pct`, `mortgage_rate_proxy_pct`.

use super::format::fixed;
use crate::engine::Deterministic;
use crate::engine::summary::ten_year_index;
use crate::model::Params;
use chrono::NaiveDate;

/// Column names of series.csv for these parameters.
pub fn columns(p: &Params) -> Vec<String> {
    let mut c = vec!["step".to_string(), "date".to_string()];
    c.extend(p.curve.tenors.iter().map(|t| format!("yield_{t}_pct")));
    c.extend(p.curve.tenors.iter().map(|t| format!("d_yield_{t}_bp")));
    c.push("term_premium_d_bp".into());
    c.extend(p.holders.iter().map(|h| format!("holdings_{}_bn", h.name)));
    for n in [
        "sold_bn",
        "interest_annual_bn",
        "baseline_interest_annual_bn",
        "d_interest_annual_bn",
        "d_interest_cumulative_bn",
        "rule_of_thumb_annual_bn",
        "debt_bn",
        "baseline_debt_bn",
        "avg_rate_pct",
        "mortgage_rate_proxy_pct",
        "d_debt_bn",
    ] {
        c.push(n.into());
    }
    if p.backstop.is_some() {
        c.push("backstop_purchases_bn".into());
    }
    if p.issuance.is_some() {
        c.push("issuance_shift_on".into());
        c.push("treasury_withheld_10y_eq_bn".into());
        c.push("repricing_1y_share_pct".into());
        c.push("baseline_repricing_1y_share_pct".into());
    }
    if let Some(fx) = &p.fx {
        c.push(format!("fx_{}", fx.pair));
        c.push(format!("d_fx_{}_pct", fx.pair));
    }
    c
}

/// The numeric cells of every row (without step and date), in column order.
pub fn rows(p: &Params, det: &Deterministic) -> Vec<Vec<f64>> {
    let k10 = ten_year_index(p);
    let mut cumulative = 0.0;
    det.steps
        .iter()
        .map(|s| {
            let mut r = Vec::with_capacity(64);
            r.extend_from_slice(&s.yields_pct);
            r.extend((0..s.yields_pct.len()).map(|k| s.d_yield_bp(k)));
            r.push(s.tp_bp);
            r.extend_from_slice(&s.holdings);
            if s.t > 0 {
                cumulative += s.d_interest_annual() * p.dt;
            }
            r.push(s.sold.iter().sum());
            r.push(s.interest_annual);
            r.push(s.base_interest_annual);
            r.push(s.d_interest_annual());
            r.push(cumulative);
            r.push(p.debt.gross * s.d_yield_bp(k10) / 10_000.0);
            r.push(s.debt);
            r.push(s.base_debt);
            r.push(s.interest_annual / s.debt * 100.0);
            r.push(s.yields_pct[k10] + p.market.mortgage_spread_bp / 100.0);
            r.push(s.debt - s.base_debt);
            if p.backstop.is_some() {
                r.push(s.backstop_bn);
            }
            if p.issuance.is_some() {
                r.push(if s.issuance_shift_on { 1.0 } else { 0.0 });
                r.push(s.withheld_eq_bn);
                let (a, b) = s.repricing_1y.unwrap_or((0.0, 0.0));
                r.push(100.0 * a);
                r.push(100.0 * b);
            }
            if let (Some(fx), Some(level)) = (&p.fx, s.fx_level) {
                r.push(level);
                r.push((level / fx.start_level - 1.0) * 100.0);
            }
            r
        })
        .collect()
}

/// Decimals for a column by its unit.
fn decimals(col: &str) -> usize {
    if col.ends_with("_bp") || col.ends_with("_pct") {
        4
    } else {
        3
    }
}

/// Renders series.csv, or names the first non-finite cell.
pub fn to_csv(p: &Params, det: &Deterministic, dates: &[NaiveDate]) -> Result<String, String> {
    let cols = columns(p);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&cols).map_err(|e| e.to_string())?;
    for (t, row) in rows(p, det).iter().enumerate() {
        let mut rec = vec![t.to_string(), dates[t].format("%Y-%m-%d").to_string()];
        for (j, v) in row.iter().enumerate() {
            if !v.is_finite() {
                return Err(format!(
                    "non-finite value in column `{}` at step {t}",
                    cols[j + 2]
                ));
            }
            rec.push(fixed(*v, decimals(&cols[j + 2])));
        }
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}
