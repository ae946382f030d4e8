//! Issue 13, section 5: the outputs say what was run. Each test runs the real
//! binary and reads the files it wrote.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn stdout_of(args: &[&str], tmp: &TempDir) -> String {
    let out = Command::cargo_bin("selloff")
        .unwrap()
        .current_dir(tmp.path())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn set_flags_are_in_the_title_the_description_and_summary_json() {
    let tmp = TempDir::new().unwrap();
    let flag = "holders.japan.sale.steps=24";
    let out = common::run(&tmp, "japan-fire-sale", &["--set", flag]);
    let s = summary(&out);
    assert_eq!(s["overrides"], serde_json::json!([flag]));
    let title = s["title"].as_str().unwrap();
    assert_eq!(
        title,
        "Japan sells $1,130B in 3 months (with --set holders.japan.sale.steps=24)"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.starts_with(&format!("# {title}\n")), "{report}");
    assert!(report.contains("(Run with --set holders.japan.sale.steps=24:"));
    // Without flags: an empty list and the file's own title.
    let tmp = TempDir::new().unwrap();
    let s = summary(&common::run(&tmp, "japan-fire-sale", &[]));
    assert_eq!(s["overrides"], serde_json::json!([]));
    assert_eq!(s["title"], "Japan sells $1,130B in 3 months");
}

#[test]
fn a_scenario_without_a_description_does_not_inherit_the_baselines() {
    let tmp = TempDir::new().unwrap();
    // README's example: extends the baseline, with a title and no description.
    let file = tmp.path().join("half.toml");
    std::fs::write(
        &file,
        "extends = \"baseline\"\ntitle = \"Japan sells half in a year\"\n\n[holders.japan.sale]\ntotal_bn = 565\nsteps = 12\nshape = \"front_loaded\"\n",
    )
    .unwrap();
    let out = common::run(&tmp, file.to_str().unwrap(), &[]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.starts_with("# Japan sells half in a year\n"));
    assert!(!report.contains("No holder sells"), "{report}");
    // Without its own title it is named by its file, not "Baseline: no sale".
    std::fs::write(&file, "extends = \"baseline\"\n").unwrap();
    let tmp2 = TempDir::new().unwrap();
    let s = summary(&common::run(&tmp2, file.to_str().unwrap(), &[]));
    assert_eq!(s["title"], "half");
}

#[test]
fn a_title_saying_dist_does_not_make_a_scenario_uncertain() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("fake.toml");
    std::fs::write(
        &file,
        "extends = \"japan-fire-sale\"\ntitle = \"spread: dist = lognormal\"\n",
    )
    .unwrap();
    let out = common::run(&tmp, file.to_str().unwrap(), &["--paths", "20"]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("every path is the central run"),
        "the Monte Carlo section should say the paths do not vary: {report}"
    );
}

#[test]
fn the_central_run_does_not_depend_on_the_seed() {
    // uncertain-japan has yield noise; before, its central ten-year extra
    // interest was $6,805B / $6,396B / $6,835B for seeds 42 / 7 / 1.
    let figure = |seed: &str| {
        let tmp = TempDir::new().unwrap();
        let s = summary(&common::run(&tmp, "uncertain-japan", &["--seed", seed]));
        s["d_interest_10y_cumulative_bn"].as_f64().unwrap()
    };
    let (a, b, c) = (figure("42"), figure("7"), figure("1"));
    assert_eq!(a, b);
    assert_eq!(a, c);
    // With no noise and every distribution at its centre it is japan-fire-sale.
    let tmp = TempDir::new().unwrap();
    let fire = summary(&common::run(&tmp, "japan-fire-sale", &[]));
    assert_eq!(a, fire["d_interest_10y_cumulative_bn"].as_f64().unwrap());
}

#[test]
fn the_terminal_summary_names_sellers_and_backstop_figures_honestly() {
    let tmp = TempDir::new().unwrap();
    let text = stdout_of(&["run", "fed-backstop", "--out", "fb"], &tmp);
    let s = summary(&tmp.path().join("fb"));
    let bought = s["backstop_bought_bn"].as_f64().unwrap();
    let held = s["absorbed_by"]["fed"].as_f64().unwrap();
    // Two figures of the same purchases, each labelled (they differ by the
    // dollar value of a 10-year-equivalent dollar as the sellers' mix changes).
    assert!((held - bought).abs() > 1.0, "{held} {bought}");
    assert!(text.contains(&format!(
        "backstop: bought {} in all, counted when bought",
        common::money(bought)
    )));
    assert!(text.contains(&format!(
        "Federal Reserve's holdings rose by {}",
        common::money(held)
    )));
    // China's trigger never fires here: it is not called a seller.
    assert!(text.contains("China's trigger never fired"));
    assert!(!text.contains("Seller China"), "{text}");
    // march-2020's seller gains from selling: not a "loss" of a negative amount.
    let text = stdout_of(&["run", "march-2020", "--out", "m"], &tmp);
    assert!(text.contains("Seller Other foreign: no loss"), "{text}");
    assert!(!text.contains("loss plus selling cost −"), "{text}");
}

#[test]
fn control_characters_are_escaped_by_list() {
    let tmp = TempDir::new().unwrap();
    std::fs::create_dir(tmp.path().join("scenarios")).unwrap();
    std::fs::write(
        tmp.path().join("scenarios/evil.toml"),
        "extends = \"baseline\"\ntitle = \"evil \\u001b]0;pwned\\u0007 \\u001b[2J\"\n",
    )
    .unwrap();
    let text = stdout_of(&["list"], &tmp);
    let line = text.lines().find(|l| l.starts_with("evil")).unwrap();
    assert!(
        !line.contains('\u{1b}') && !line.contains('\u{7}'),
        "{line:?}"
    );
    assert!(line.contains("\\u{1b}]0;pwned\\u{7}"), "{line}");
}
