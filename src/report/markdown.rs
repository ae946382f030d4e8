//! `report.md`: title, description, key assumptions, a table of the summary
//! figures, every chart by relative path, and a plain-language reading written
//! from the numbers of the run.

use super::charts::{ChartOptions, RUN_CHARTS, RunData, reaction_charts};
use super::format::{signed, thousands};
use crate::engine::Deterministic;
use crate::engine::summary::ten_year_index;
use crate::scenario::Resolved;
use chrono::NaiveDate;
use std::fmt::Write;

/// Escapes a cell of a Markdown table.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// "rises 52 bp" / "falls 3 bp" / "barely moves".
fn moves(bp: f64) -> String {
    if bp.abs() < 0.5 {
        "barely moves".into()
    } else if bp > 0.0 {
        format!("rises {:.0} bp", bp)
    } else {
        format!("falls {:.0} bp", -bp)
    }
}

/// "still 12 bp higher" / "back to within 1 bp of the baseline".
fn still(bp: f64) -> String {
    if bp.abs() < 1.0 {
        "back within 1 bp of the baseline".into()
    } else if bp > 0.0 {
        format!("still {:.0} bp higher", bp)
    } else {
        format!("{:.0} bp lower", -bp)
    }
}

/// The plain-language reading of the run, from its figures.
pub fn reading(r: &Resolved, det: &Deterministic, dates: &[NaiveDate]) -> String {
    let p = &r.params;
    let f = &det.figures;
    let k10 = ten_year_index(p);
    let t10 = &p.curve.tenors[k10];
    let peak = f.peak_d_yield_bp.get(t10).copied().unwrap_or(0.0);
    let peak_step = f.peak_step.get(t10).copied().unwrap_or(0);
    let end = f.end_d_yield_bp.get(t10).copied().unwrap_or(0.0);
    let year = p.steps_per_year.round() as usize;
    let mut s = String::new();
    let _ = write!(s, "The 10-year yield {}", moves(peak));
    if peak.abs() >= 0.5 {
        if let Some(d) = dates.get(peak_step) {
            let _ = write!(s, " at the peak ({})", d.format("%B %Y"));
        }
        if year < p.steps {
            let after = det.steps[year].d_yield_bp(k10);
            let _ = write!(s, " and is {} after a year", still(after));
        }
        if let Some(d) = dates.last() {
            let _ = write!(
                s,
                "; at the end of the run ({}) it is {}",
                d.format("%B %Y"),
                still(end)
            );
        }
    }
    let _ = write!(s, ". ");
    let rule = f.rule_of_thumb_annual_bn;
    let first = f.d_interest_first_year_bn;
    let horizon_years = p.steps as f64 / p.steps_per_year;
    if horizon_years >= 1.0 {
        let _ = write!(
            s,
            "Extra federal interest reaches ${}B in the first year against the rule of thumb's ${}B a year",
            thousands(first, 1),
            thousands(rule, 1)
        );
        if rule.abs() > 1e-6 {
            let _ = write!(
                s,
                " ({:.0}% of it, because only maturing debt is refinanced at the new yields)",
                100.0 * first / rule
            );
        }
        let _ = write!(
            s,
            "; it adds up to ${}B over {} and runs at ${}B a year at the end. ",
            thousands(f.d_interest_10y_cumulative_bn, 0),
            if horizon_years >= 10.0 {
                "ten years".to_string()
            } else {
                format!("the {:.1} years of the run", horizon_years)
            },
            thousands(f.d_interest_annual_end_bn, 1)
        );
    } else {
        let _ = write!(
            s,
            "Over the {} days of the run, extra federal interest adds up to ${}B, against the rule of thumb's ${}B a year. ",
            (dates.last().copied().unwrap_or_default()
                - dates.first().copied().unwrap_or_default())
            .num_days(),
            thousands(f.d_interest_cumulative_bn, 2),
            thousands(rule, 1)
        );
    }
    if f.total_sold_bn > 0.0 {
        let mut buyers: Vec<(&String, f64)> = f
            .absorbed_by
            .iter()
            .filter(|(_, v)| **v > 0.0)
            .map(|(k, v)| (k, *v))
            .collect();
        buyers.sort_by(|a, b| b.1.total_cmp(&a.1));
        let label = |n: &str| p.holder_label(n).to_string();
        let top: Vec<String> = buyers
            .iter()
            .take(3)
            .map(|(n, v)| {
                format!(
                    "{} (${}B, {:.0}%)",
                    label(n),
                    thousands(*v, 0),
                    100.0 * v / f.total_sold_bn
                )
            })
            .collect();
        let _ = write!(
            s,
            "Of the ${}B sold, the largest buyers are {}. ",
            thousands(f.total_sold_bn, 0),
            top.join(", ")
        );
        for (n, loss) in &f.seller_mtm_loss_bn {
            let _ = write!(
                s,
                "Selling costs {} ${}B at the worst point (of which ${}B in worse prices on its own sales). ",
                label(n),
                thousands(*loss, 1),
                thousands(f.seller_realised_cost_bn.get(n).copied().unwrap_or(0.0), 1)
            );
        }
    } else {
        let _ = write!(s, "Nobody sells in this scenario. ");
    }
    s.trim_end().to_string()
}

/// The key assumptions, as Markdown bullet points and a table of holders.
fn assumptions(r: &Resolved, det: &Deterministic, dates: &[NaiveDate]) -> String {
    let p = &r.params;
    let mut s = String::new();
    let first = dates.first().copied().unwrap_or_default();
    let last = dates.last().copied().unwrap_or(first);
    let _ = writeln!(
        s,
        "- **Time:** {} steps of a {}, from {} to {}.",
        p.steps,
        r.step.name(),
        first,
        last
    );
    let sellers: Vec<_> = p.holders.iter().filter(|h| h.is_seller()).collect();
    if sellers.is_empty() {
        let _ = writeln!(s, "- **Sales:** none.");
    }
    for h in sellers {
        let total: f64 = h.sales.iter().sum();
        let active: Vec<usize> = (0..h.sales.len()).filter(|t| h.sales[*t] > 0.0).collect();
        let (a, z) = (
            active.first().copied().unwrap_or(0),
            active.last().copied().unwrap_or(0),
        );
        let largest = h.sales.iter().copied().fold(0.0, f64::max);
        let date = |t: usize| {
            dates
                .get(t)
                .map(|d| d.to_string())
                .unwrap_or_else(|| format!("step {t}"))
        };
        let _ = writeln!(
            s,
            "- **Sale by {}:** ${}B of its ${}B, over {} {}s (steps {a}–{z}, {} to {}), at most ${}B in a step.",
            h.label,
            thousands(total, 1),
            thousands(h.holdings, 0),
            active.len(),
            r.step.name(),
            date(a),
            date(z),
            thousands(largest, 1)
        );
    }
    let shock = &p.shock;
    if shock.tenor_bp.iter().any(|v| v.abs() > 1e-9) {
        let parts: Vec<String> = p
            .curve
            .tenors
            .iter()
            .zip(&shock.tenor_bp)
            .map(|(t, v)| format!("{t} {} bp", signed(*v, 0)))
            .collect();
        let _ = writeln!(
            s,
            "- **Exogenous shock:** {}, from step {} to step {}.",
            parts.join(", "),
            shock.from_step,
            shock.until_step.min(p.steps)
        );
    }
    let _ = writeln!(
        s,
        "- **Calibration:** `{}`; a $100B one-month sale moves the 10-year {} bp at first and {} bp in the long run (5-year: {} / {} bp).",
        r.calibration.name(),
        signed(det.implied.one_month_10y_bp, 1),
        signed(det.implied.long_run_10y_bp, 1),
        signed(det.implied.one_month_5y_bp, 1),
        signed(det.implied.long_run_5y_bp, 1),
    );
    let _ = writeln!(
        s,
        "- **Debt:** gross ${}B (the rule of thumb's base), marketable ${}B rolling over with a weighted average maturity of {:.0} months; extra interest {}.",
        thousands(p.debt.gross, 0),
        thousands(p.debt.marketable, 0),
        p.debt.wam_months,
        if p.debt.fiscal_feedback {
            "is itself borrowed (fiscal feedback on)"
        } else {
            "is not borrowed (fiscal feedback off)"
        }
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| Holder | Holdings at start ($B) | Duration (years) | Demand (% of holdings per 100 bp) | Adjustment time (months) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|");
    for h in &p.holders {
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} | {:.1} | {} |",
            cell(&h.label),
            thousands(h.holdings, 0),
            h.duration,
            h.elasticity_per_bp * 10_000.0,
            months(h.adjustment_years * 12.0)
        );
    }
    s
}

/// The summary figures as Markdown tables.
fn figures(r: &Resolved, det: &Deterministic, dates: &[NaiveDate]) -> String {
    let p = &r.params;
    let f = &det.figures;
    let mut s = String::new();
    let _ = write!(s, "| Yield change against baseline (bp) |");
    for t in &p.curve.tenors {
        let _ = write!(s, " {t} |");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "|---|{}", "---:|".repeat(p.curve.tenors.len()));
    let row = |name: &str, vals: Vec<String>| format!("| {name} | {} |\n", vals.join(" | "));
    s += &row(
        "Peak",
        f.peak_d_yield_bp.values().map(|v| signed(*v, 1)).collect(),
    );
    s += &row(
        "Peak date",
        f.peak_step
            .values()
            .map(|t| dates.get(*t).map(|d| d.to_string()).unwrap_or_default())
            .collect(),
    );
    s += &row(
        "End of run",
        f.end_d_yield_bp.values().map(|v| signed(*v, 1)).collect(),
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "| Figure | Value |");
    let _ = writeln!(s, "|---|---:|");
    for (name, v) in [
        (
            "Extra interest paid in the first year ($B)",
            f.d_interest_first_year_bn,
        ),
        (
            "Extra interest paid over ten years or the run ($B)",
            f.d_interest_10y_cumulative_bn,
        ),
        (
            "Extra interest paid over the run ($B)",
            f.d_interest_cumulative_bn,
        ),
        (
            "Extra interest at the end ($B a year)",
            f.d_interest_annual_end_bn,
        ),
        (
            "Rule of thumb: gross debt × peak 10-year change ($B a year)",
            f.rule_of_thumb_annual_bn,
        ),
        ("Total sold ($B)", f.total_sold_bn),
    ] {
        let _ = writeln!(s, "| {name} | {} |", thousands(v, 1));
    }
    for (i, v) in f.d_interest_by_year_bn.iter().enumerate().take(10) {
        let _ = writeln!(
            s,
            "| Extra interest paid in year {} ($B) | {} |",
            i + 1,
            thousands(*v, 1)
        );
    }
    if f.total_sold_bn > 0.0 {
        let _ = writeln!(s);
        let _ = writeln!(s, "| Holder | Net purchases over the run ($B) |");
        let _ = writeln!(s, "|---|---:|");
        for (n, v) in &f.absorbed_by {
            let label = p.holder_label(n);
            let _ = writeln!(s, "| {} | {} |", cell(label), signed(*v, 1));
        }
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "| Seller | Loss at the worst step, with selling cost ($B) | of which selling cost ($B) |"
        );
        let _ = writeln!(s, "|---|---:|---:|");
        for (n, v) in &f.seller_mtm_loss_bn {
            let label = p.holder_label(n);
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                cell(label),
                thousands(*v, 1),
                thousands(f.seller_realised_cost_bn.get(n).copied().unwrap_or(0.0), 1)
            );
        }
    }
    s
}

/// The date of step `t` ("2026-02-01"), or "step t" past the end.
fn date_of(dates: &[NaiveDate], t: usize) -> String {
    dates
        .get(t)
        .map(|d| d.to_string())
        .unwrap_or_else(|| format!("step {t}"))
}

/// The "Reactions" section: a paragraph per reaction the scenario uses, with
/// its chart; empty when it uses none.
pub fn reactions(r: &Resolved, det: &Deterministic, dates: &[NaiveDate], ext: &str) -> String {
    let p = &r.params;
    let f = &det.figures;
    let x = &f.reactions;
    let data = RunData { r, det, dates };
    let charts = reaction_charts(&data);
    let caption = |stem: &str| {
        charts
            .iter()
            .find(|(s, _)| *s == stem)
            .map(|(s, c)| format!("![{c}]({s}.{ext})\n\n"))
            .unwrap_or_default()
    };
    let label = |n: &str| data.holder_label(n).to_string();
    let k10 = ten_year_index(p);
    let peak10 = f
        .peak_d_yield_bp
        .get(&p.curve.tenors[k10])
        .copied()
        .unwrap_or(0.0);
    let mut s = String::new();
    if let Some(b) = &p.backstop {
        let bought = x.backstop_bought_bn.unwrap_or(0.0);
        let who = label(&p.holders[b.holder].name);
        if bought > 0.0 {
            let _ = writeln!(
                s,
                "**Backstop.** The {who} bought ${}B in all (limits: ${}B a {}, ${}B in all) to keep the 10-year at or below {} bp against the baseline; the 10-year's largest change is {} bp.",
                thousands(bought, 1),
                thousands(b.max_per_step, 0),
                r.step.name(),
                thousands(b.max_total, 0),
                signed(b.threshold_bp, 0),
                signed(peak10, 0)
            );
        } else {
            let _ = writeln!(
                s,
                "**Backstop.** The 10-year never passes the {}'s threshold of {} bp: it buys nothing ($0.0B).",
                who,
                signed(b.threshold_bp, 0)
            );
        }
        let _ = writeln!(s);
        s += &caption("backstop");
    }
    if !x.trigger_fired_step.is_empty() {
        let _ = writeln!(
            s,
            "**Contagion triggers.** A holder's trigger fires at the first step its condition holds and its sale starts at the next (marked on the [yield-change chart](yield_change.{ext})):"
        );
        let _ = writeln!(s);
        for (name, step) in &x.trigger_fired_step {
            match step {
                Some(t) => {
                    let _ = writeln!(
                        s,
                        "- {}: fired at step {t} ({}), with the 10-year at {} bp against the baseline.",
                        label(name),
                        date_of(dates, *t),
                        signed(
                            det.steps.get(*t).map(|s| s.d_yield_bp(k10)).unwrap_or(0.0),
                            0
                        )
                    );
                }
                None => {
                    let _ = writeln!(s, "- {}: never fired.", label(name));
                }
            }
        }
        let _ = writeln!(s);
    }
    for (name, cost) in &x.seller_schedule_cost_bn {
        let best = x.seller_optimal_cost_bn.get(name).copied().unwrap_or(0.0);
        let chosen = if super::charts::chose_optimal(r, name) {
            "chosen schedule (the least expected cost plus risk aversion × its variance)"
        } else {
            "schedule"
        };
        let _ = write!(
            s,
            "**Seller's schedule.** {}'s {chosen} has an expected selling cost of ${}B alone in the market; the cheapest schedule of the same total over the same window would cost ${}B",
            label(name),
            thousands(*cost, 1),
            thousands(best, 1)
        );
        if *cost > 1e-9 {
            let less = 100.0 * (cost - best) / cost;
            if less >= 0.05 {
                let _ = write!(s, " ({less:.1}% less)");
            } else {
                let _ = write!(s, " (practically the same)");
            }
        }
        let _ = writeln!(s, ".");
        let _ = writeln!(s);
    }
    s += &caption("schedule");
    if let (Some(fx), Some(peak), Some(end)) = (&p.fx, x.fx_peak_change_pct, x.fx_end_change_pct) {
        let _ = writeln!(
            s,
            "**Exchange rate.** {} starts at {}; {}'s sales move it by at most {}% (to {}), and it ends {}% from its start.",
            super::charts::fx_words(&fx.pair),
            thousands(fx.start_level, 2),
            label(&p.holders[fx.holder].name),
            signed(peak, 2),
            thousands(fx.start_level * (1.0 + peak / 100.0), 2),
            signed(end, 2)
        );
        let _ = writeln!(s);
        s += &caption("fx");
    }
    if let Some(iss) = &p.issuance {
        let on = det.steps.iter().filter(|s| s.issuance_shift_on).count();
        let _ = writeln!(
            s,
            "**Issuance response.** The Treasury issues bills for {}% of its coupon issuance while the 10-year is more than {} bp above the baseline: on for {on} {}s. At the end {:.1}% of the debt reprices within a year, against {:.1}% in the baseline.",
            thousands(100.0 * iss.bills_shift, 0),
            thousands(iss.threshold_bp, 0),
            r.step.name(),
            100.0 * x.share_repricing_1y_end,
            100.0 * x.baseline_share_repricing_1y_end
        );
        let _ = writeln!(s);
        s += &caption("issuance");
    }
    s
}

/// The whole report.
pub fn report(
    r: &Resolved,
    det: &Deterministic,
    dates: &[NaiveDate],
    charts: &ChartOptions,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}", r.title);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Scenario `{}` (`{}`), seed {}, `{}` calibration, selloff {}. Written by `selloff run` from this run's numbers.",
        r.name,
        super::charts::scenario_file(r),
        r.seed,
        r.calibration.name(),
        crate::VERSION
    );
    let _ = writeln!(s);
    if !r.description.trim().is_empty() {
        let _ = writeln!(s, "{}", r.description.trim());
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## What the run says");
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", reading(r, det, dates));
    let _ = writeln!(s);
    let ext = charts.format.preferred_ext();
    let rx = reactions(r, det, dates, ext);
    if !rx.is_empty() {
        let _ = writeln!(s, "## Reactions");
        let _ = writeln!(s);
        s += &rx;
    }
    let _ = writeln!(s, "## Key assumptions");
    let _ = writeln!(s);
    s += &assumptions(r, det, dates);
    let _ = writeln!(s);
    let _ = writeln!(s, "## Summary figures");
    let _ = writeln!(s);
    s += &figures(r, det, dates);
    let _ = writeln!(s);
    let _ = writeln!(s, "## Charts");
    let _ = writeln!(s);
    for (stem, caption) in RUN_CHARTS {
        let _ = writeln!(s, "### {caption}");
        let _ = writeln!(s);
        let _ = writeln!(s, "![{caption}]({stem}.{ext})");
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "Data: [series.csv](series.csv) (one row per step), [summary.json](summary.json) (these figures)."
    );
    s
}

/// Months with one decimal, or up to three for less than a month (0.025 is half a business day).
fn months(m: f64) -> String {
    if m >= 1.0 {
        format!("{m:.1}")
    } else {
        let s = format!("{m:.3}");
        s.trim_end_matches('0').to_string()
    }
}
