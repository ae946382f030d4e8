//! Charts and report of the reactions: each reaction chart exists exactly for
//! the scenarios that use the reaction, decodes with real content, names its
//! subject, and report.md states each reaction with the numbers of summary.json.

use std::path::Path;
use tempfile::TempDir;

mod common;
use common::{decode, money, run, svg_text};

const REACTION_CHARTS: [&str; 4] = ["backstop", "schedule", "fx", "issuance"];

const ISSUANCE: [&str; 4] = [
    "--set",
    "issuance_response.threshold_bp=50",
    "--set",
    "issuance_response.bills_shift=0.5",
];

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn reaction_charts_exist_exactly_for_the_scenarios_that_use_them() {
    // (scenario, flags, reaction charts, whether it has a reaction: a
    // backstop, triggers, the yen, an issuance response; a seller's schedule
    // alone is not one and has its own section).
    let cases: [(&str, &[&str], &[&str], bool); 7] = [
        ("fed-backstop", &[], &["backstop", "schedule"], true),
        ("march-2020", &[], &["backstop", "schedule"], true),
        ("contagion", &[], &["schedule"], true),
        ("yen-intervention-2022", &[], &["schedule", "fx"], true),
        ("japan-optimal", &[], &["schedule"], false),
        (
            "japan-fire-sale",
            &ISSUANCE,
            &["schedule", "issuance"],
            true,
        ),
        ("rate-shock-1pct", &[], &[], false),
    ];
    for (scenario, extra, expected, reacts) in cases {
        let tmp = TempDir::new().unwrap();
        let out = run(&tmp, scenario, extra);
        let report = std::fs::read_to_string(out.join("report.md")).unwrap();
        for chart in REACTION_CHARTS {
            let want = expected.contains(&chart);
            for ext in ["png", "svg"] {
                assert_eq!(
                    out.join(format!("{chart}.{ext}")).is_file(),
                    want,
                    "{scenario}: {chart}.{ext} exists exactly when the reaction is used"
                );
            }
            assert_eq!(
                report.contains(&format!("]({chart}.png)")),
                want,
                "{scenario}: report.md embeds {chart}.png exactly when it exists"
            );
        }
        assert_eq!(
            report.contains("## Reactions"),
            reacts,
            "{scenario}: a Reactions section only with reactions"
        );
        assert_eq!(
            report.contains("## Selling schedule"),
            expected.contains(&"schedule"),
            "{scenario}: a schedule section only with a planned seller"
        );
    }
    // The plain fire sale has no backstop chart, no yen chart, no issuance chart.
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "japan-fire-sale", &[]);
    for chart in ["backstop", "fx", "issuance"] {
        assert!(!out.join(format!("{chart}.png")).exists(), "{chart}.png");
    }
}

#[test]
fn reaction_charts_decode_with_content_and_name_their_subject() {
    let cases: [(&str, &[&str], &str, &[&str]); 5] = [
        (
            "fed-backstop",
            &[],
            "backstop",
            &[
                "Federal Reserve backstop",
                "at or below +100 bp against the baseline",
                "Purchases and holdings ($B)",
                "$750B a month",
            ],
        ),
        (
            "march-2020",
            &[],
            "backstop",
            &[
                "at or below −100 bp against the baseline",
                "Bought each week",
            ],
        ),
        (
            "yen-intervention-2022",
            &[],
            "fx",
            &["USDJPY (yen per dollar)", "Start level: 145.00", "−5.41%"],
        ),
        (
            "japan-optimal",
            &[],
            "schedule",
            &[
                "The seller's schedule",
                "Japan's chosen schedule",
                "Sold per month ($B)",
            ],
        ),
        (
            "japan-fire-sale",
            &ISSUANCE,
            "issuance",
            &[
                "Debt repricing within a year (percent)",
                "Response on",
                "Baseline:",
            ],
        ),
    ];
    for (scenario, extra, chart, texts) in cases {
        let tmp = TempDir::new().unwrap();
        let out = run(&tmp, scenario, extra);
        let (w, h, colours) = decode(&out.join(format!("{chart}.png")));
        assert_eq!((w, h), (1200, 700), "{scenario}/{chart}.png size");
        assert!(
            colours >= 40,
            "{scenario}/{chart}.png has real content: {colours} colours"
        );
        let text = svg_text(&out.join(format!("{chart}.svg")));
        assert!(
            text.contains(scenario),
            "{scenario}/{chart}.svg names the scenario"
        );
        assert!(
            text.contains("seed"),
            "{scenario}/{chart}.svg has the footer"
        );
        assert!(
            text.contains("Date"),
            "{scenario}/{chart}.svg has a date axis"
        );
        // The figures the chart states, as summary.json gives them.
        let s = summary(&out);
        let figures: Vec<String> = match scenario {
            "fed-backstop" => vec![money(s["backstop_bought_bn"].as_f64().unwrap())],
            "japan-optimal" => ["seller_schedule_cost_bn", "seller_optimal_cost_bn"]
                .iter()
                .map(|k| money(s[k]["japan"].as_f64().unwrap()))
                .collect(),
            _ => vec![],
        };
        for t in texts
            .iter()
            .copied()
            .chain(figures.iter().map(String::as_str))
        {
            assert!(
                text.contains(t),
                "{scenario}/{chart}.svg says {t:?}:\n{text}"
            );
        }
    }
}

#[test]
fn fired_triggers_are_marked_on_the_yield_change_chart() {
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "contagion", &[]);
    // Each trigger is numbered beside its dot, in its own colour; the legend
    // (its lines joined here) says who starts selling and when.
    let text = svg_text(&out.join("yield_change.svg"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("1: China starts selling (Feb 2026)"),
        "{text}"
    );
    assert!(
        text.contains("2: United Kingdom and Other foreign start selling (Mar 2026)"),
        "{text}"
    );
    let raw = std::fs::read_to_string(out.join("yield_change.svg"))
        .unwrap()
        .to_uppercase();
    assert!(
        raw.contains("#C81E1E") && raw.contains("#000000"),
        "two trigger colours"
    );
    // No trigger, no trigger marker.
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "japan-fire-sale", &[]);
    assert!(!svg_text(&out.join("yield_change.svg")).contains("selling ("));
}

#[test]
fn the_report_states_each_reaction_with_the_summary_figures() {
    // Backstop and triggers.
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "fed-backstop", &[]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    let s = summary(&out);
    let bought = s["backstop_bought_bn"].as_f64().unwrap();
    assert!(
        report.contains(&format!("bought {} in all", money(bought))),
        "the backstop's purchases as in summary.json:\n{report}"
    );
    assert!(report.contains("at or below +100 bp"));
    let dates: Vec<String> = std::fs::read_to_string(out.join("series.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    let labels = [
        ("china", "China"),
        ("uk", "United Kingdom"),
        ("other-foreign", "Other foreign"),
    ];
    for (name, label) in labels {
        let line = match s["trigger_fired_step"][name].as_u64() {
            Some(t) => format!("- {label}: fired at step {t} ({})", dates[t as usize]),
            None => format!("- {label}: never fired."),
        };
        assert!(report.contains(&line), "report.md says {line:?}:\n{report}");
    }
    // The seller's schedule.
    let cost = s["seller_schedule_cost_bn"]["japan"].as_f64().unwrap();
    let best = s["seller_optimal_cost_bn"]["japan"].as_f64().unwrap();
    assert!(report.contains(&format!("expected selling cost of {}", money(cost))));
    assert!(report.contains(&format!("would cost {}", money(best))));
    // The yen.
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "yen-intervention-2022", &[]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    let peak = summary(&out)["fx_peak_change_pct"].as_f64().unwrap();
    let printed = format!("{:.2}%", peak.abs());
    let sign = if peak < 0.0 { "−" } else { "+" };
    assert!(
        report.contains(&format!("at most {sign}{printed}")),
        "the yen's largest move ({peak}) is quoted:\n{report}"
    );
    assert!(report.contains("USDJPY (yen per dollar) starts at 145.00"));
    // The issuance response.
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "japan-fire-sale", &ISSUANCE);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    let s = summary(&out);
    let share = s["share_repricing_1y_end"].as_f64().unwrap();
    let base = s["baseline_share_repricing_1y_end"].as_f64().unwrap();
    assert!(
        report.contains(&format!(
            "{:.1}% of the debt reprices within a year, against {:.1}% in the baseline",
            100.0 * share,
            100.0 * base
        )),
        "{report}"
    );
    // A scenario without a backstop says nothing about one.
    assert!(!report.contains("**Backstop.**"));
}
