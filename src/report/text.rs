//! The short human summary `selloff run` prints.

use super::format::{signed, thousands};
use crate::engine::Deterministic;
use crate::engine::summary::ten_year_index;
use crate::scenario::Resolved;
use chrono::NaiveDate;
use std::fmt::Write;

/// The terminal summary of a deterministic run.
pub fn summary(r: &Resolved, det: &Deterministic, dates: &[NaiveDate]) -> String {
    let p = &r.params;
    let f = &det.figures;
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", r.name, r.title);
    let _ = writeln!(
        s,
        "{} steps of a {} from {} to {}, seed {}, {} calibration",
        p.steps,
        r.step.name(),
        dates[0],
        dates[p.steps],
        r.seed,
        r.calibration.name()
    );
    let _ = writeln!(s);
    let w = 9;
    let _ = write!(s, "{:<34}", "Yield change vs baseline (bp)");
    for t in &p.curve.tenors {
        let _ = write!(s, "{t:>w$}");
    }
    let _ = writeln!(s);
    let _ = write!(s, "{:<34}", "  peak");
    for v in f.peak_d_yield_bp.values() {
        let _ = write!(s, "{:>w$}", signed(*v, 1));
    }
    let _ = writeln!(s);
    let _ = write!(s, "{:<34}", "  peak date");
    for st in f.peak_step.values() {
        let _ = write!(s, "{:>w$}", dates[*st].format("%Y-%m"));
    }
    let _ = writeln!(s);
    let _ = write!(s, "{:<34}", format!("  end ({})", dates[p.steps]));
    for v in f.end_d_yield_bp.values() {
        let _ = write!(s, "{:>w$}", signed(*v, 1));
    }
    let _ = writeln!(s);
    let _ = writeln!(s);
    let k10 = ten_year_index(p);
    let peak10 = f.peak_d_yield_bp[k10];
    let _ = writeln!(
        s,
        "Extra federal interest: ${}B in the first year, ${}B over ten years; ${}B a year at the end",
        thousands(f.d_interest_first_year_bn, 1),
        thousands(f.d_interest_10y_cumulative_bn, 1),
        thousands(f.d_interest_annual_end_bn, 1)
    );
    let rule = f.rule_of_thumb_annual_bn;
    let share = if rule.abs() > 1e-9 {
        format!(
            " — the first year pays {:.0}% of it, as debt rolls over",
            100.0 * f.d_interest_first_year_bn / rule
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "Rule of thumb (${}B × peak 10-year change {} bp): ${}B a year{share}",
        thousands(p.debt.gross, 0),
        signed(peak10, 1),
        thousands(rule, 1)
    );
    if f.total_sold_bn > 0.0 {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Who absorbed the ${}B sold (net $B over the horizon):",
            thousands(f.total_sold_bn, 1)
        );
        let mut rows: Vec<(&String, &f64)> = f.absorbed_by.iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(a.1));
        for (name, v) in rows {
            let label = p
                .holders
                .iter()
                .find(|h| &h.name == name)
                .map(|h| h.label.as_str())
                .unwrap_or(name);
            let _ = writeln!(s, "  {label:<30}{:>12}", signed(*v, 1));
        }
        for (name, loss) in &f.seller_mtm_loss_bn {
            let label = p
                .holders
                .iter()
                .find(|h| &h.name == name)
                .map(|h| h.label.as_str())
                .unwrap_or(name);
            let _ = writeln!(
                s,
                "Seller {label}: worst mark-to-market loss plus selling cost ${}B (of which selling cost ${}B)",
                thousands(*loss, 1),
                thousands(f.seller_realised_cost_bn[name], 1)
            );
        }
    }
    let i = &det.implied;
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Calibration check: $100B sold in one month moves the 5-year {} bp at first, {} bp in the long run (Beltran et al. 2013: +40–60, ~+20)",
        signed(i.one_month_5y_bp, 1),
        signed(i.long_run_5y_bp, 1)
    );
    s
}
