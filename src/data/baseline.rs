//! Assembles a baseline scenario file from the published tables.
//!
//! The figures the tables give replace the template's (normally
//! `scenarios/baseline.toml`): the big foreign holders and all foreign (TIC),
//! the Fed (H.4.1), marketable debt, its composition and average rates (MSPD),
//! the curve (par yields). Everything no table gives (durations, elasticities,
//! adjustment times, loadings, the domestic split, the split of each class over
//! tenors) is kept from the template. One domestic holder, the residual, takes
//! whatever makes the holders sum to marketable debt held by the public.
//! Every number from a table is written with a comment naming its table,
//! date and row. This module writes text; validating it as a scenario is the
//! caller's (the CLI runs the same checks as `selloff check`).

use super::csvtable::CsvTable;
use super::error::DataError;
use super::mspd::{self, Read};
use super::par_yields;
use super::soma;
use super::text::{Month, Text};
use super::tic;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The published files, as text.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// TIC Major Foreign Holders (`slt_table5.txt` or `mfhhis01.txt`).
    pub tic: Text,
    /// MSPD table 1 (CSV).
    pub mspd: Text,
    /// Average interest rates (CSV).
    pub rates: Text,
    /// Daily par yield curve (CSV).
    pub yields: Text,
    /// FRED series CSV of the Fed's Treasury holdings.
    pub soma: Text,
}

/// Which figures to take.
#[derive(Debug, Clone)]
pub struct Options {
    /// The month of the holdings and the debt (TIC column, MSPD record); default: each table's newest.
    pub month: Option<Month>,
    /// The day of the curve and of the Fed's holdings (the newest on or before it); default: the newest.
    pub date: Option<NaiveDate>,
    /// The holder that takes the residual (default `other-domestic`).
    pub residual: String,
}

/// A built baseline: the file's text and what it says, for the terminal.
#[derive(Debug, Clone)]
pub struct Built {
    /// The TOML text.
    pub text: String,
    /// The TIC month of the holdings.
    pub month: Month,
    /// One line per figure taken from a table, and the residual.
    pub report: Vec<String>,
}

/// A number to write with its source comment.
struct Cited {
    value: f64,
    decimals: usize,
    note: String,
}

fn cite(r: &Read, decimals: usize, table: &str, date: &str, file: &str) -> Cited {
    Cited {
        value: r.value,
        decimals,
        note: format!(
            "{table}, {date}, row `{}` ({}, line {})",
            r.row,
            short(file),
            r.line
        ),
    }
}

/// A file's last path segment without its query, or the address's path for a download.
fn short(file: &str) -> &str {
    let f = file.split('?').next().unwrap_or(file);
    f.rsplit(['/', '\\']).next().unwrap_or(f)
}

fn round(v: f64, decimals: usize) -> f64 {
    let p = 10f64.powi(decimals as i32);
    (v * p).round() / p
}

/// Builds the baseline text from `inputs` on the template `template` (its text and name).
pub fn build(template: &Text, inputs: &Inputs, opts: &Options) -> Result<Built, DataError> {
    let tpl = Template::parse(template)?;
    let figures = Figures::read(inputs, opts, &tpl)?;
    let holders = figures.holders(&tpl, &opts.residual)?;
    let text = write(&tpl, &figures, &holders, template)?;
    let mut report = vec![
        format!(
            "holdings: TIC {} ({})",
            figures.month,
            short(&inputs.tic.file)
        ),
        format!(
            "debt:     MSPD {} ({}), average rates {} ({})",
            figures.debt.date,
            short(&inputs.mspd.file),
            figures.rates.date,
            short(&inputs.rates.file)
        ),
        format!(
            "curve:    par yields {} ({})",
            figures.curve.date,
            short(&inputs.yields.file)
        ),
        format!(
            "Fed:      H.4.1 {} ({})",
            figures.soma_date,
            short(&inputs.soma.file)
        ),
    ];
    for (name, c) in &holders {
        report.push(format!("  {name:<22} {:>10.1} $B", c.value));
    }
    report.push(format!(
        "  {:<22} {:>10.1} $B (marketable debt held by the public)",
        "total", figures.debt.marketable.value
    ));
    Ok(Built {
        text,
        month: figures.month,
        report,
    })
}

/// The template baseline, parsed.
struct Template {
    table: toml::Table,
    curve_tenors: Vec<String>,
    debt_tenors: Vec<String>,
    debt_shares: Vec<f64>,
}

impl Template {
    fn parse(t: &Text) -> Result<Template, DataError> {
        let bad =
            |m: String| DataError::Inconsistent(format!("the template baseline {}: {m}", t.file));
        let table: toml::Table =
            toml::from_str(&t.joined()).map_err(|e| bad(format!("not valid TOML: {e}")))?;
        let strings = |sec: &str, key: &str| -> Result<Vec<String>, DataError> {
            table
                .get(sec)
                .and_then(|s| s.get(key))
                .and_then(|v| v.as_array())
                .and_then(|a| a.iter().map(|x| x.as_str().map(String::from)).collect())
                .ok_or_else(|| {
                    bad(format!(
                        "expected `{sec}.{key}`, a list of tenors such as \"10y\""
                    ))
                })
        };
        let curve_tenors = strings("curve", "tenors")?;
        let debt_tenors = strings("debt", "tenors")?;
        let debt_shares: Vec<f64> = table
            .get("debt")
            .and_then(|s| s.get("shares"))
            .and_then(|v| v.as_array())
            .and_then(|a| {
                a.iter()
                    .map(|x| x.as_float().or_else(|| x.as_integer().map(|i| i as f64)))
                    .collect()
            })
            .filter(|v: &Vec<f64>| v.len() == debt_tenors.len())
            .ok_or_else(|| bad("expected `debt.shares`, one number per debt tenor".into()))?;
        if !table.get("holders").is_some_and(|h| h.is_table()) {
            return Err(bad("expected a [holders] table".into()));
        }
        Ok(Template {
            table,
            curve_tenors,
            debt_tenors,
            debt_shares,
        })
    }

    fn holders(&self) -> &toml::Table {
        self.table["holders"].as_table().expect("checked in parse")
    }
}

/// Everything read from the tables.
struct Figures {
    tic_file: String,
    month: Month,
    japan: tic::Figure,
    china: tic::Figure,
    uk: tic::Figure,
    all_foreign: tic::Figure,
    debt: mspd::Debt,
    debt_file: String,
    rates: mspd::Rates,
    rates_file: String,
    curve: par_yields::Curve,
    curve_file: String,
    soma: Read,
    soma_date: NaiveDate,
    soma_file: String,
}

impl Figures {
    fn read(inputs: &Inputs, opts: &Options, tpl: &Template) -> Result<Figures, DataError> {
        let table = tic::parse(&inputs.tic)?;
        let month = match opts.month {
            Some(m) => m,
            None => *table
                .months()
                .first()
                .ok_or_else(|| DataError::not_found(&table.file, "no month columns"))?,
        };
        table.check_total(month)?;
        let japan = table.get(&["Japan"], month)?;
        let china = table.get(&["China, Mainland", "China"], month)?;
        let uk = table.get(&["United Kingdom"], month)?;
        let all_foreign = table.get(&["Grand Total"], month)?;
        let debt = mspd::debt(&CsvTable::parse(&inputs.mspd)?, opts.month)?;
        // The rates of the same month as the debt's composition.
        let rates = mspd::rates(&CsvTable::parse(&inputs.rates)?, Some(Month::of(debt.date)))?;
        let curve = par_yields::curve(
            &CsvTable::parse(&inputs.yields)?,
            opts.date,
            &tpl.curve_tenors,
        )?;
        let (soma_date, soma) = soma::holdings(&CsvTable::parse(&inputs.soma)?, opts.date)?;
        Ok(Figures {
            japan,
            china,
            uk,
            all_foreign,
            tic_file: table.file,
            month,
            debt,
            debt_file: inputs.mspd.file.clone(),
            rates,
            rates_file: inputs.rates.file.clone(),
            curve,
            curve_file: inputs.yields.file.clone(),
            soma,
            soma_date,
            soma_file: inputs.soma.file.clone(),
        })
    }

    fn tic(&self, f: &tic::Figure) -> Cited {
        let r = Read {
            value: f.value,
            row: f.row.clone(),
            line: f.line,
        };
        cite(
            &r,
            1,
            "TIC Major Foreign Holders of Treasury Securities",
            &self.month.to_string(),
            &self.tic_file,
        )
    }

    /// Each holder's holdings, in the template's order: from the tables, kept, or the residual.
    fn holders(&self, tpl: &Template, residual: &str) -> Result<Vec<(String, Cited)>, DataError> {
        let names: Vec<&String> = tpl.holders().keys().collect();
        for need in ["japan", "china", "uk", "other-foreign", "fed", residual] {
            if !names.iter().any(|n| *n == need) {
                return Err(DataError::Inconsistent(format!(
                    "the template baseline has no holder `{need}`; the tables fill holders japan, china, uk, other-foreign and fed, and `{residual}` takes the residual (holders: {})",
                    names
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        let r1 = |v: f64| round(v, 1);
        let (japan, china, uk) = (
            r1(self.japan.value),
            r1(self.china.value),
            r1(self.uk.value),
        );
        let other_foreign = r1(self.all_foreign.value) - japan - china - uk;
        if other_foreign < 0.0 {
            return Err(DataError::format(
                &self.tic_file,
                self.all_foreign.line,
                format!(
                    "Grand Total for {} ({}) is less than Japan, China and the United Kingdom together",
                    self.month, self.all_foreign.value
                ),
            ));
        }
        let marketable = r1(self.debt.marketable.value);
        let mut out = Vec::new();
        let mut taken = 0.0;
        for name in &names {
            let c = match name.as_str() {
                "japan" => self.tic(&self.japan),
                "china" => self.tic(&self.china),
                "uk" => self.tic(&self.uk),
                "other-foreign" => Cited {
                    value: r1(other_foreign),
                    decimals: 1,
                    note: format!(
                        "TIC {}: row `Grand Total` (line {}) {:.1} less Japan, China and the United Kingdom",
                        self.month, self.all_foreign.line, self.all_foreign.value
                    ),
                },
                "fed" => cite(
                    &self.soma,
                    1,
                    "H.4.1 via FRED, Treasury securities held outright",
                    &self.soma_date.to_string(),
                    &self.soma_file,
                ),
                n if n == residual => continue,
                n => {
                    let h = &tpl.holders()[n];
                    let v = h
                        .get("holdings_bn")
                        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                        .ok_or_else(|| {
                            DataError::Inconsistent(format!(
                                "the template's holder `{n}` has no number `holdings_bn` to keep"
                            ))
                        })?;
                    Cited {
                        value: v,
                        decimals: 1,
                        note: "kept from the template: no table gives the domestic split".into(),
                    }
                }
            };
            taken += round(c.value, 1);
            out.push((name.to_string(), c));
        }
        let rest = r1(marketable - taken);
        if rest < 0.0 {
            return Err(DataError::Inconsistent(format!(
                "the holders other than `{residual}` hold {taken:.1} $B, more than the {marketable:.1} $B of marketable debt held by the public (MSPD {}): lower the kept domestic holdings in the template",
                self.debt.date
            )));
        }
        let note = format!(
            "the residual: marketable debt held by the public, {marketable:.1} (MSPD {}, row `Total Marketable`), less every other holder",
            self.debt.date
        );
        let at = names
            .iter()
            .position(|n| *n == residual)
            .expect("checked above");
        out.insert(
            at,
            (
                residual.to_string(),
                Cited {
                    value: rest,
                    decimals: 1,
                    note,
                },
            ),
        );
        Ok(out)
    }
}

/// The debt class of a tenor: 0 bills (a year or less), 1 notes with TIPS and
/// floating-rate notes (to ten years), 2 bonds.
fn class_of(tenor: &str) -> Option<usize> {
    let t = tenor.trim();
    let (n, unit) = t.split_at(t.len().checked_sub(1)?);
    let years = n.parse::<f64>().ok()?
        * if unit == "m" {
            1.0 / 12.0
        } else if unit == "y" {
            1.0
        } else {
            return None;
        };
    Some(if years <= 1.0 {
        0
    } else if years <= 10.0 {
        1
    } else {
        2
    })
}

/// The debt's shares and coupons by tenor: each class's share of marketable debt
/// (MSPD) spread over its tenors in the template's proportions.
fn shares_and_coupons(tpl: &Template, f: &Figures) -> Result<(Vec<Cited>, Vec<Cited>), DataError> {
    let d = &f.debt;
    let amounts = [
        d.bills.value,
        d.notes.value + d.tips.value + d.frn.value,
        d.bonds.value,
    ];
    let sum: f64 = amounts.iter().sum();
    let classes: Vec<usize> = tpl
        .debt_tenors
        .iter()
        .map(|t| {
            class_of(t).ok_or_else(|| {
                DataError::Inconsistent(format!(
                    "the template's debt tenor `{t}` is not a number of months (m) or years (y)"
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let names = ["bills", "notes, TIPS and FRNs", "bonds"];
    let mut weight = [0.0; 3];
    let mut count = [0usize; 3];
    for (c, s) in classes.iter().zip(&tpl.debt_shares) {
        weight[*c] += s;
        count[*c] += 1;
    }
    for c in 0..3 {
        if count[c] == 0 && amounts[c] > 0.0 {
            return Err(DataError::Inconsistent(format!(
                "the template's debt tenors have none for {} ({:.1} $B in MSPD {})",
                names[c], amounts[c], d.date
            )));
        }
    }
    let date = d.date.to_string();
    let rows = [
        "`Bills`",
        "`Notes` + `Treasury Inflation-Protected Securities` + `Floating Rate Notes`",
        "`Bonds`",
    ];
    let lines = [
        format!("line {}", d.bills.line),
        format!("lines {}, {}, {}", d.notes.line, d.tips.line, d.frn.line),
        format!("line {}", d.bonds.line),
    ];
    let mut shares = Vec::new();
    let mut coupons = Vec::new();
    for (i, (c, s)) in classes.iter().zip(&tpl.debt_shares).enumerate() {
        let within = if weight[*c] > 0.0 {
            s / weight[*c]
        } else {
            1.0 / count[*c] as f64
        };
        let class_share = amounts[*c] / sum;
        shares.push(Cited {
            value: round(class_share * within, 4),
            decimals: 4,
            note: format!("{}: {:.4} of {} (MSPD table 1, {date}, {} held by the public, {}, {}) × {within:.3}, the template's split within the class", tpl.debt_tenors[i], class_share, names[*c], rows[*c], short(&f.debt_file), lines[*c]),
        });
        let r = [&f.rates.bills, &f.rates.notes, &f.rates.bonds][*c];
        coupons.push(cite(
            r,
            3,
            "Average Interest Rates on U.S. Treasury Securities",
            &f.rates.date.to_string(),
            &f.rates_file,
        ));
    }
    Ok((shares, coupons))
}

/// A bare TOML key, or a quoted one.
fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

/// `name = [` one commented value a line `]`.
fn cited_array(out: &mut String, name: &str, values: &[Cited]) {
    let _ = writeln!(out, "{name} = [");
    for c in values {
        let _ = writeln!(out, "    {:.*},  # {}", c.decimals, c.value, c.note);
    }
    let _ = writeln!(out, "]");
}

fn cited_value(out: &mut String, name: &str, c: &Cited) {
    let _ = writeln!(out, "{name} = {:.*}  # {}", c.decimals, c.value, c.note);
}

/// Writes a template table as it is: its values, then its sub-tables.
fn copy_table(out: &mut String, path: &str, t: &toml::Table, skip: &[&str]) {
    for (k, v) in t
        .iter()
        .filter(|(k, v)| !v.is_table() && !skip.contains(&k.as_str()))
    {
        let _ = writeln!(out, "{} = {v}", key(k));
    }
    for (k, v) in t
        .iter()
        .filter(|(k, v)| v.is_table() && !skip.contains(&k.as_str()))
    {
        let sub = format!("{path}.{}", key(k));
        let _ = writeln!(out, "\n[{sub}]");
        copy_table(out, &sub, v.as_table().expect("filtered on is_table"), &[]);
    }
}

/// The file's text. Long because it is one template written top to bottom.
fn write(
    tpl: &Template,
    f: &Figures,
    holders: &[(String, Cited)],
    template: &Text,
) -> Result<String, DataError> {
    let (shares, coupons) = shares_and_coupons(tpl, f)?;
    let kept = format!("kept from {}", short(&template.file));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Baseline built from Treasury's and the Fed's published tables: nobody sells."
    );
    let _ = writeln!(
        out,
        "#\n# Written by `selloff data build`; every number taken from a table says which"
    );
    let _ = writeln!(
        out,
        "# table, date and row in a comment beside it. Everything no table gives"
    );
    let _ = writeln!(
        out,
        "# (durations, elasticities, adjustment times, loadings, the domestic split,"
    );
    let _ = writeln!(
        out,
        "# the split of each debt class over tenors) is {kept} (assumptions"
    );
    let _ = writeln!(
        out,
        "# sourced in docs/MODEL.md). Holders sum to marketable debt held by the public;"
    );
    let _ = writeln!(
        out,
        "# the residual is named below. Scenarios can `extends` this file."
    );
    let _ = writeln!(
        out,
        "# Sources: TIC {} ({}); MSPD {} ({}, {}); par yields {} ({}); H.4.1 {} ({}).\n",
        f.month,
        short(&f.tic_file),
        f.debt.date,
        short(&f.debt_file),
        short(&f.rates_file),
        f.curve.date,
        short(&f.curve_file),
        f.soma_date,
        short(&f.soma_file)
    );
    let title = format!("Baseline {}: no sale", f.month);
    let description = format!(
        "No holder sells. Holdings from TIC {}, debt from MSPD {}, the curve of {}, the Fed's holdings of {}.",
        f.month, f.debt.date, f.curve.date, f.soma_date
    );
    let _ = writeln!(out, "title = {}", toml::Value::String(title));
    let _ = writeln!(out, "description = {}", toml::Value::String(description));
    for (k, v) in tpl.table.iter().filter(|(k, v)| {
        !v.is_table() && !["title", "description", "extends"].contains(&k.as_str())
    }) {
        let _ = writeln!(out, "{} = {v}", key(k));
    }
    for (name, v) in tpl.table.iter().filter(|(_, v)| v.is_table()) {
        let t = v.as_table().expect("filtered on is_table");
        match name.as_str() {
            "holders" => continue,
            "curve" => {
                let _ = writeln!(out, "\n[curve]\n# tenors and loadings {kept}");
                let yields: Vec<Cited> = f
                    .curve
                    .yields
                    .iter()
                    .map(|r| Cited {
                        value: r.value,
                        decimals: 2,
                        note: format!(
                            "Daily Treasury Par Yield Curve Rates, {}, column `{}` ({}, line {})",
                            f.curve.date,
                            r.row,
                            short(&f.curve_file),
                            r.line
                        ),
                    })
                    .collect();
                copy_table(&mut out, "curve", t, &["yields_pct"]);
                cited_array(&mut out, "yields_pct", &yields);
            }
            "debt" => {
                let _ = writeln!(
                    out,
                    "\n[debt]\n# tenors, wam_months, growth and the rest {kept}"
                );
                let mut amount = |key: &str, r: &Read, what: &str| {
                    let c = cite(r, 1, "MSPD table 1", &f.debt.date.to_string(), &f.debt_file);
                    let note = format!("{} ({what})", c.note);
                    cited_value(&mut out, key, &Cited { note, ..c });
                };
                amount("gross_bn", &f.debt.gross, "total public debt outstanding");
                amount("marketable_bn", &f.debt.marketable, "held by the public");
                copy_table(
                    &mut out,
                    "debt",
                    t,
                    &["gross_bn", "marketable_bn", "shares", "coupons_pct"],
                );
                cited_array(&mut out, "shares", &shares);
                cited_array(&mut out, "coupons_pct", &coupons);
            }
            other => {
                let _ = writeln!(out, "\n[{}]\n# {kept}", key(other));
                copy_table(&mut out, &key(other), t, &[]);
            }
        }
    }
    let _ = writeln!(
        out,
        "\n# Holders, $B. holdings_bn from the tables (or kept, as each comment says);"
    );
    let _ = writeln!(
        out,
        "# duration_years, elasticity_pct_per_100bp, adjustment_months and the rest {kept}."
    );
    for (name, c) in holders {
        let h = tpl.holders()[name.as_str()].as_table().ok_or_else(|| {
            DataError::Inconsistent(format!("the template's holder `{name}` is not a table"))
        })?;
        let path = format!("holders.{}", key(name));
        let _ = writeln!(out, "\n[{path}]");
        if let Some(l) = h.get("label") {
            let _ = writeln!(out, "label = {l}");
        }
        cited_value(&mut out, "holdings_bn", c);
        copy_table(&mut out, &path, h, &["label", "holdings_bn"]);
    }
    Ok(out)
}
