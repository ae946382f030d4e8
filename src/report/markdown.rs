//! `report.md`, leading with the answer: the headline figures (each with the
//! dates it runs from and to), the spread when there is a Monte Carlo, a
//! plain-language reading written from the numbers (with a caveat when the
//! scenario goes beyond the range the calibration was estimated on), then the
//! charts, the reactions, and the method: assumptions and detailed tables.
//! Every user-supplied text is escaped ([`markdown_text`]).

use super::charts::{ChartOptions, RunData, reaction_charts, run_charts};
use super::format::{markdown_block, markdown_text, money, number, signed, thousands};
use crate::engine::Deterministic;
use crate::engine::summary::ten_year_index;
use crate::scenario::Resolved;
use crate::scenario::schema::{HIGH_IMPACT, LOW_IMPACT};
use chrono::NaiveDate;
use std::fmt::Write;

/// Text for inside a Markdown code span (inert there: no emphasis, links or
/// HTML), with its backticks, which would close the span, made quotes.
fn code(s: &str) -> String {
    s.replace('`', "'").replace(['\n', '\r'], " ")
}

/// A user-supplied text in a Markdown table cell or sentence.
fn cell(s: &str) -> String {
    markdown_text(s)
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

/// What selling cost a holder that sold, in words: a loss, or a gain when
/// yields fell while it sold (a negative loss is not reported as a loss).
fn seller_sentence(who: &str, loss: f64, realised: f64) -> String {
    if loss >= 0.0 {
        format!(
            "Selling costs {} {} at the worst point (of which {} in worse prices on its own sales). ",
            cell(who),
            money(loss, 1),
            money(realised, 1)
        )
    } else {
        format!(
            "{} sells while yields fall, so its holdings and sales gain {} at the best point rather than lose. ",
            cell(who),
            money(-loss, 1)
        )
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
            let when = dates
                .get(year)
                .map(|d| format!(" ({})", d.format("%B %Y")))
                .unwrap_or_default();
            let _ = write!(s, "; a year after the start{when} it is {}", still(after));
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
            "Extra federal interest paid in the first year is {} against the rule of thumb's {} a year",
            money(first, 1),
            money(rule, 1)
        );
        if rule.abs() > 1e-6 && first / rule > 0.0 {
            let _ = write!(
                s,
                " ({:.0}% of it, because only maturing debt is refinanced at the new yields)",
                100.0 * first / rule
            );
        }
        let _ = write!(
            s,
            "; it adds up to {} over {} and runs at {} a year at the end. ",
            money(f.d_interest_10y_cumulative_bn, 0),
            if horizon_years >= 10.0 {
                "ten years".to_string()
            } else {
                format!("the {:.1} years of the run", horizon_years)
            },
            money(f.d_interest_annual_end_bn, 1)
        );
    } else {
        let _ = write!(
            s,
            "Over the {} days of the run, extra federal interest adds up to {}, against the rule of thumb's {} a year. ",
            (dates.last().copied().unwrap_or_default()
                - dates.first().copied().unwrap_or_default())
            .num_days(),
            money(f.d_interest_cumulative_bn, 2),
            money(rule, 1)
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
        let label = |n: &str| cell(p.holder_label(n));
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
        let data = RunData { r, det, dates };
        for n in data.holders_that_sold() {
            let loss = f.seller_mtm_loss_bn.get(n).copied().unwrap_or(0.0);
            let realised = f.seller_realised_cost_bn.get(n).copied().unwrap_or(0.0);
            let _ = write!(s, "{}", seller_sentence(p.holder_label(n), loss, realised));
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
            cell(&h.label),
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
    s += &uncertain_inputs(r);
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
    let year = p.steps_per_year.round() as usize;
    if p.steps >= year && !f.d_interest_by_year_bn.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "| Year of the run | From | To | Extra interest paid ($B) |"
        );
        let _ = writeln!(s, "|---|---|---|---:|");
        for (i, v) in f.d_interest_by_year_bn.iter().enumerate().take(10) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                i + 1,
                date_of(dates, i * year),
                date_of(dates, ((i + 1) * year).min(p.steps)),
                number(*v, 1)
            );
        }
    }
    if f.total_sold_bn > 0.0 {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "| Holder | Net purchases, {} to {} ($B) |",
            date_of(dates, 0),
            date_of(dates, p.steps)
        );
        let _ = writeln!(s, "|---|---:|");
        for (n, v) in &f.absorbed_by {
            let label = p.holder_label(n);
            let _ = writeln!(s, "| {} | {} |", cell(label), signed(*v, 1));
        }
        let data = RunData { r, det, dates };
        let sold = data.holders_that_sold();
        if !sold.is_empty() {
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "| Holder that sold | Loss at the worst step, with selling cost ($B; negative: a gain) | of which selling cost ($B) |"
            );
            let _ = writeln!(s, "|---|---:|---:|");
            for n in sold {
                let v = f.seller_mtm_loss_bn.get(n).copied().unwrap_or(0.0);
                let _ = writeln!(
                    s,
                    "| {} | {} | {} |",
                    cell(p.holder_label(n)),
                    signed(v, 1),
                    signed(f.seller_realised_cost_bn.get(n).copied().unwrap_or(0.0), 1)
                );
            }
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

/// The "Reactions" section: a paragraph per reaction the scenario uses
/// (backstop, contagion triggers, exchange rate, issuance response), with its
/// chart; empty when it uses none.
pub fn reactions(r: &Resolved, det: &Deterministic, dates: &[NaiveDate], ext: &str) -> String {
    let p = &r.params;
    let f = &det.figures;
    let x = &f.reactions;
    let data = RunData { r, det, dates };
    let caption = |stem: &str| embed(&data, stem, ext);
    let label = |n: &str| cell(data.holder_label(n));
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

/// The Markdown image of reaction chart `stem` when the run draws it, else "".
fn embed(data: &RunData, stem: &str, ext: &str) -> String {
    reaction_charts(data)
        .iter()
        .find(|(s, _)| *s == stem)
        .map(|(s, c)| format!("![{c}]({s}.{ext})\n\n"))
        .unwrap_or_default()
}

/// The "Selling schedule" section: each planned seller's schedule against the
/// cheapest one of the same total and window, with its chart; empty when no
/// seller has a planned schedule.
pub fn schedule(r: &Resolved, det: &Deterministic, dates: &[NaiveDate], ext: &str) -> String {
    let x = &det.figures.reactions;
    let data = RunData { r, det, dates };
    let caption = |stem: &str| embed(&data, stem, ext);
    let label = |n: &str| cell(data.holder_label(n));
    let mut s = String::new();
    for (name, cost) in &x.seller_schedule_cost_bn {
        let best = x.seller_optimal_cost_bn.get(name).copied().unwrap_or(0.0);
        let chosen = if super::charts::chose_optimal(r, name) {
            "chosen schedule (the least expected cost plus risk aversion × its variance)"
        } else {
            "schedule"
        };
        let _ = write!(
            s,
            "{}'s {chosen} has an expected selling cost of ${}B alone in the market; the cheapest schedule of the same total over the same window would cost ${}B",
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
    s
}

/// Where the Monte Carlo's uncertainty section goes: right after the headline figures.
const UNCERTAINTY_BEFORE: &str = "## What the run says";

/// `md` (a report from [`report`]) with an "Uncertainty" section holding
/// `section` inserted after the headline figures (at the end if the report
/// has no reading).
pub fn with_uncertainty(md: &str, section: &str) -> String {
    let block = format!("## Uncertainty\n\n{}\n\n", section.trim_end());
    match md.find(UNCERTAINTY_BEFORE) {
        Some(i) => format!("{}{block}{}", &md[..i], &md[i..]),
        None => format!("{}\n{block}", md.trim_end()),
    }
}

/// The headline figures as a table, each with the dates it runs from and to.
fn headline(r: &Resolved, det: &Deterministic, dates: &[NaiveDate]) -> String {
    let p = &r.params;
    let f = &det.figures;
    let k10 = ten_year_index(p);
    let t10 = &p.curve.tenors[k10];
    let year = p.steps_per_year.round() as usize;
    let d = |t: usize| date_of(dates, t.min(p.steps));
    let month = |t: usize| {
        dates
            .get(t)
            .map(|x| x.format("%B %Y").to_string())
            .unwrap_or_default()
    };
    let peak_step = f.peak_step.get(t10).copied().unwrap_or(0);
    let mut rows: Vec<(String, String, String)> = vec![(
        format!("Largest change of the {t10} yield against the baseline"),
        format!(
            "{} bp",
            signed(f.peak_d_yield_bp.get(t10).copied().unwrap_or(0.0), 0)
        ),
        format!(
            "{} (step {peak_step} of {}, from {})",
            month(peak_step),
            p.steps,
            d(0)
        ),
    )];
    if year < p.steps {
        rows.push((
            format!("Change of the {t10} yield a year after the start"),
            format!("{} bp", signed(det.steps[year].d_yield_bp(k10), 0)),
            d(year),
        ));
    }
    rows.push((
        format!("Change of the {t10} yield at the end of the run"),
        format!(
            "{} bp",
            signed(f.end_d_yield_bp.get(t10).copied().unwrap_or(0.0), 0)
        ),
        d(p.steps),
    ));
    if p.steps >= year {
        rows.push((
            "Extra federal interest paid in the first year".into(),
            money(f.d_interest_first_year_bn, 1),
            format!("{} to {}", d(0), d(year)),
        ));
    }
    let ten = (10 * year).min(p.steps);
    rows.push((
        if ten == p.steps {
            "Extra federal interest paid over the whole run".into()
        } else {
            "Extra federal interest paid over the first ten years".into()
        },
        money(f.d_interest_10y_cumulative_bn, 1),
        format!("{} to {}", d(0), d(ten)),
    ));
    if ten < p.steps {
        rows.push((
            "Extra federal interest paid over the whole run".into(),
            money(f.d_interest_cumulative_bn, 1),
            format!("{} to {}", d(0), d(p.steps)),
        ));
    }
    rows.push((
        "Extra federal interest at the end, as an annual rate".into(),
        format!("{} a year", money(f.d_interest_annual_end_bn, 1)),
        d(p.steps),
    ));
    rows.push((
        format!("Rule of thumb: gross debt × the largest {t10} change"),
        format!("{} a year", money(f.rule_of_thumb_annual_bn, 1)),
        format!("at the largest change, {}", month(peak_step)),
    ));
    if f.total_sold_bn > 0.0 {
        rows.push((
            "Sold by all holders that sold".into(),
            money(f.total_sold_bn, 1),
            format!("{} to {}", d(0), d(p.steps)),
        ));
    }
    let mut s = String::from("| Figure | Value | When |\n|---|---:|---|\n");
    for (a, b, c) in rows {
        let _ = writeln!(s, "| {a} | {b} | {c} |");
    }
    s
}

/// The largest amount sold in a month's worth of steps, by all planned sellers together ($B).
fn largest_monthly_sale(r: &Resolved) -> f64 {
    let p = &r.params;
    let per_month = (p.steps_per_year / 12.0).max(1e-9);
    let window = per_month.ceil().max(1.0) as usize;
    let by_step: Vec<f64> = (0..=p.steps)
        .map(|t| {
            p.holders
                .iter()
                .map(|h| h.sales.get(t).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let most = by_step
        .windows(window.min(by_step.len()).max(1))
        .map(|w| w.iter().sum::<f64>())
        .fold(0.0, f64::max);
    most / (window as f64 / per_month).max(1.0)
}

/// A caveat when the scenario goes beyond the range the calibration was
/// estimated on: sales of about $100B a month (Beltran et al. 2013) and
/// purchase programmes that moved the 10-year by up to about 100 bp (Gagnon
/// et al. 2011); empty within it. The model is linear, so beyond that range
/// its figures are the literature's estimate extrapolated (docs/MODEL.md §7).
fn calibration_caveat(r: &Resolved, det: &Deterministic) -> String {
    let p = &r.params;
    let t10 = &p.curve.tenors[ten_year_index(p)];
    let peak = det.figures.peak_d_yield_bp.get(t10).copied().unwrap_or(0.0);
    let monthly = largest_monthly_sale(r);
    let mut beyond = Vec::new();
    if monthly > 300.0 {
        beyond.push(format!(
            "it sells up to {} in a month, more than three times the $100B one-month sale of Beltran et al. (2013)",
            money(monthly, 0)
        ));
    }
    if peak.abs() > 150.0 {
        beyond.push(format!(
            "it moves the {t10} yield by {} bp, beyond the 50–100 bp of the largest purchase programmes studied (Gagnon et al. 2011)",
            signed(peak, 0)
        ));
    }
    if beyond.is_empty() {
        return String::new();
    }
    format!(
        "**Beyond the calibration's range.** This scenario goes beyond the evidence the calibration was estimated on: {}. The model's impact is linear in what is sold, so these figures are that literature's estimates extrapolated, not a forecast; the `low` and `high` calibrations show how much they hang on it (docs/MODEL.md, section 7).",
        beyond.join("; ")
    )
}

/// The uncertain inputs (distributions) of a scenario as a bullet, or "".
fn uncertain_inputs(r: &Resolved) -> String {
    let found = crate::engine::sampler::uncertain_parameters(r);
    if found.is_empty() {
        return String::new();
    }
    let items: Vec<String> = found
        .iter()
        .map(|(key, dist)| {
            let holder = |n: &str| r.params.holder_label(n).to_string();
            format!(
                "{} (`{}`): {} around {}, 5th–95th percentile {} to {}",
                cell(&super::charts::labels::key_label_with(key, &holder)),
                code(key),
                dist.name(),
                short(dist.central()),
                short(dist.quantile(0.05)),
                short(dist.quantile(0.95))
            )
        })
        .collect();
    format!(
        "- **Uncertain inputs** (the deterministic run uses each central value; `--paths N` draws them per path): {}.\n",
        items.join("; ")
    )
}

/// A parameter value with three significant figures.
fn short(v: f64) -> String {
    let a = v.abs();
    let d = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    };
    thousands(v, d)
}

/// The whole report: the answer first (headline figures, then the reading),
/// then the charts, the reactions, and the method (assumptions, tables).
pub fn report(
    r: &Resolved,
    det: &Deterministic,
    dates: &[NaiveDate],
    charts: &ChartOptions,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}", cell(&r.title));
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Scenario `{}` (`{}`), seed {}, `{}` calibration, selloff {}. Written by `selloff run` from this run's numbers.",
        code(&r.name),
        code(&super::charts::scenario_file(r)),
        r.seed,
        r.calibration.name(),
        crate::VERSION
    );
    let _ = writeln!(s);
    // The --set flags are in the title and the description as run
    // (`scenario::validate::title_as_run`), so they are not repeated here.
    let description = markdown_block(&r.description);
    if !description.is_empty() {
        let _ = writeln!(s, "{description}");
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## Headline figures");
    let _ = writeln!(s);
    s += &headline(r, det, dates);
    let _ = writeln!(s);
    if let Some(range) = super::format::range_sentence(det) {
        let _ = writeln!(
            s,
            "With the literature's range (the `low` and `high` calibrations, which together bracket every published estimate: `low` multiplies the flow premium by {} and the stock effect by {}, `high` the flow by {} and the stock by {}, Beltran et al.'s long run; docs/MODEL.md §7): {range}.",
            LOW_IMPACT.flow, LOW_IMPACT.stock, HIGH_IMPACT.flow, HIGH_IMPACT.stock
        );
        let _ = writeln!(s);
    }
    if !crate::engine::sampler::uncertain_parameters(r).is_empty() {
        let _ = writeln!(
            s,
            "These are the central run's figures: every uncertain input (listed under the method) at its central value; `--paths N` draws them per path and gives the spread."
        );
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "{UNCERTAINTY_BEFORE}");
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", reading(r, det, dates));
    let _ = writeln!(s);
    let caveat = calibration_caveat(r, det);
    if !caveat.is_empty() {
        let _ = writeln!(s, "{caveat}");
        let _ = writeln!(s);
    }
    let ext = charts.format.preferred_ext();
    let _ = writeln!(s, "## Charts");
    let _ = writeln!(s);
    let data = RunData { r, det, dates };
    for (stem, caption, why) in run_charts(&data) {
        let _ = writeln!(s, "### {caption}");
        let _ = writeln!(s);
        match why {
            None => {
                let _ = writeln!(s, "![{caption}]({stem}.{ext})");
            }
            Some(why) => {
                let _ = writeln!(s, "No chart: {why}.");
            }
        }
        let _ = writeln!(s);
    }
    let sched = schedule(r, det, dates, ext);
    if !sched.is_empty() {
        let _ = writeln!(s, "## Selling schedule");
        let _ = writeln!(s);
        s += &sched;
    }
    let rx = reactions(r, det, dates, ext);
    if !rx.is_empty() {
        let _ = writeln!(s, "## Reactions");
        let _ = writeln!(s);
        s += &rx;
    }
    let _ = writeln!(s, "## Method: key assumptions");
    let _ = writeln!(s);
    s += &assumptions(r, det, dates);
    let _ = writeln!(s);
    let _ = writeln!(s, "## Detailed figures");
    let _ = writeln!(s);
    s += &figures(r, det, dates);
    let _ = writeln!(s);
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
