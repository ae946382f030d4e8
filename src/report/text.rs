//! The short human summary `selloff run` prints.

use super::format::{signed, thousands};
use crate::engine::Deterministic;
use crate::engine::summary::Figures;
use crate::engine::summary::ten_year_index;
use crate::model::Params;
use crate::scenario::Resolved;
use crate::scenario::error::printable;
use chrono::NaiveDate;
use std::fmt::Write;

/// The terminal summary of a deterministic run.
pub fn summary(r: &Resolved, det: &Deterministic, dates: &[NaiveDate]) -> String {
    let p = &r.params;
    let f = &det.figures;
    let mut s = String::new();
    // Names, titles and labels are printed through `printable`: validation
    // refuses control characters, and this keeps the terminal safe regardless.
    let _ = writeln!(s, "{} — {}", printable(&r.name), printable(&r.title));
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
    yield_table(&mut s, p, f, dates);
    interest(&mut s, p, f);
    if let Some(range) = super::format::range_sentence(det) {
        let _ = writeln!(
            s,
            "With the literature's range (the low and high calibrations): {range}"
        );
    }
    if f.total_sold_bn > 0.0 {
        absorbed(&mut s, p, f);
    }
    reactions(&mut s, p, f, dates);
    let i = &det.implied;
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Calibration check: $100B sold in one month moves the 5-year {} bp at first, {} bp in the long run (Beltran et al. 2013: +40–60 at first; the stock studies: a few bp)",
        signed(i.one_month_5y_bp, 1),
        signed(i.long_run_5y_bp, 1)
    );
    s
}

/// The yield changes by tenor: peak, its date, and the end.
fn yield_table(s: &mut String, p: &Params, f: &Figures, dates: &[NaiveDate]) {
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
}

/// The extra interest and the rule of thumb beside it.
fn interest(s: &mut String, p: &Params, f: &Figures) {
    let k10 = ten_year_index(p);
    let peak10 = f.peak_d_yield_bp[k10];
    let years = p.steps as f64 * p.dt;
    let span = if years >= 10.0 - 1e-9 {
        "over ten years".to_string()
    } else {
        format!("over the {years:.1}-year horizon")
    };
    let _ = writeln!(
        s,
        "Extra federal interest: {} in the first year, {} {span}; {} a year at the end",
        money(f.d_interest_first_year_bn),
        money(f.d_interest_10y_cumulative_bn),
        money(f.d_interest_annual_end_bn)
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
        "Rule of thumb (${}B × peak 10-year change {} bp): {} a year{share}",
        thousands(p.debt.gross, 0),
        signed(peak10, 1),
        money(rule)
    );
    let _ = writeln!(
        s,
        "  on marketable debt held by the public (${}B, without the trust funds' debt, whose interest the government pays itself): {} a year",
        thousands(p.debt.marketable, 0),
        money(p.debt.marketable * peak10 / 10_000.0)
    );
}

/// Who absorbed what was sold, and each seller's loss or gain.
fn absorbed(s: &mut String, p: &Params, f: &Figures) {
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Who absorbed the ${}B sold (net $B over the horizon):",
        thousands(f.total_sold_bn, 1)
    );
    let mut rows: Vec<(&String, &f64)> = f.absorbed_by.iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(a.1));
    for (name, v) in rows {
        let label = printable(p.holder_label(name));
        let _ = writeln!(s, "  {label:<30}{:>12}", signed(*v, 1));
    }
    for (name, loss) in &f.seller_mtm_loss_bn {
        // A holder with a trigger that never fired sold nothing: not a "seller".
        if !sold_anything(p, &f.reactions, name) {
            continue;
        }
        let label = printable(p.holder_label(name));
        let cost = f.seller_realised_cost_bn[name];
        if *loss < 0.0 {
            let _ = writeln!(
                s,
                "Seller {label}: no loss; its mark-to-market change plus selling cost is a gain of {} (of which from selling {})",
                money(-loss),
                money(-cost)
            );
        } else {
            let _ = writeln!(
                s,
                "Seller {label}: worst mark-to-market loss plus selling cost {} (of which selling cost {})",
                money(*loss),
                money(cost)
            );
        }
    }
}

/// The reactions: triggers, backstop, issuance response, the exchange rate,
/// and each seller's schedule cost against the cheapest.
fn reactions(s: &mut String, p: &Params, f: &Figures, dates: &[NaiveDate]) {
    let r = &f.reactions;
    if !r.trigger_fired_step.is_empty()
        || r.backstop_bought_bn.is_some()
        || p.issuance.is_some()
        || p.fx.is_some()
    {
        let _ = writeln!(s);
        let _ = writeln!(s, "Reactions:");
    }
    for (name, fired) in &r.trigger_fired_step {
        let label = printable(p.holder_label(name));
        match fired {
            Some(t) => {
                let _ = writeln!(
                    s,
                    "  contagion: {label} started selling after step {t} ({})",
                    dates[*t]
                );
            }
            None => {
                let _ = writeln!(s, "  contagion: {label}'s trigger never fired");
            }
        }
    }
    if let Some(b) = r.backstop_bought_bn {
        // Two figures of the same purchases: in dollars when bought (what the
        // limit counts), and in the table above, where every holding is valued
        // in the mix of bonds sold by the end (the sellers' durations differ).
        let who = p
            .backstop
            .as_ref()
            .map(|bs| &p.holders[bs.holder].name)
            .and_then(|n| f.absorbed_by.get(n).map(|v| (n, *v)));
        match who {
            Some((name, held)) if (held - b).abs() >= 0.05 => {
                let _ = writeln!(
                    s,
                    "  backstop: bought {} in all, counted when bought (what its limits apply to); {}'s holdings rose by {}, valued like every holding above in the mix of bonds sold by the end",
                    money(b),
                    printable(p.holder_label(name)),
                    money(held)
                );
            }
            _ => {
                let _ = writeln!(s, "  backstop: bought {} in all", money(b));
            }
        }
    }
    if p.issuance.is_some() {
        let _ = writeln!(
            s,
            "  issuance response: {:.1}% of the debt reprices within a year at the end (baseline {:.1}%)",
            100.0 * r.share_repricing_1y_end,
            100.0 * r.baseline_share_repricing_1y_end
        );
    }
    if let (Some(fx), Some(peak), Some(end)) = (&p.fx, r.fx_peak_change_pct, r.fx_end_change_pct) {
        let _ = writeln!(
            s,
            "  {}: {} at the start, largest change {}%, {}% at the end",
            fx.pair.to_uppercase(),
            fx.start_level,
            signed(peak, 2),
            signed(end, 2)
        );
    }
    for (name, cost) in &r.seller_schedule_cost_bn {
        let label = printable(p.holder_label(name));
        let Some(best) = r.seller_optimal_cost_bn.get(name).copied() else {
            continue;
        };
        let _ = writeln!(
            s,
            "Seller {label}: expected cost of its schedule alone {}; the cheapest schedule over the same window {}",
            money(*cost),
            money(best)
        );
    }
}

/// True when holder `name` sold in this run: a planned sale, or a trigger that fired.
fn sold_anything(
    p: &crate::model::Params,
    r: &crate::engine::summary::Reactions,
    name: &str,
) -> bool {
    let planned = p
        .holders
        .iter()
        .any(|h| h.name == name && h.sales.iter().any(|v| *v > 0.0));
    planned || matches!(r.trigger_fired_step.get(name), Some(Some(_)))
}

/// An amount in $ billions with one decimal: `$1,234.5B`, `−$20.6B`.
fn money(v: f64) -> String {
    let s = thousands(v.abs(), 1);
    if super::format::fixed(v, 1).starts_with('-') {
        format!("−${s}B")
    } else {
        format!("${s}B")
    }
}
