//! A scenario number: either a plain value or a probability distribution.
//!
//! Any real-valued field of a scenario may be written as a number (`1130`)
//! or as an inline table naming a distribution
//! (`{ dist = "lognormal", median = 1.0, sigma = 0.5 }`). The deterministic
//! run uses the distribution's central value; Monte Carlo draws from it. A
//! normal or log-normal may be truncated with `low` and/or `high`
//! (`{ dist = "lognormal", median = 1.0, sigma = 0.7, low = 0.25 }`): draws
//! then come from the distribution restricted to that interval.
//!
//! The deserializer is written by hand (not `#[serde(untagged)]`) so that a
//! mistake inside a distribution table is reported by the TOML parser at its
//! line and column, with the field and the valid alternatives named.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A probability distribution for an uncertain scenario parameter, in the
/// unit of the field it stands in for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Normal with mean and standard deviation (`sd > 0`), truncated to
    /// `[low, high]` (−∞ and +∞ when not written).
    Normal {
        /// Mean, in the field's unit.
        mean: f64,
        /// Standard deviation, in the field's unit.
        sd: f64,
        /// Truncation's lower bound, in the field's unit (−∞: none).
        low: f64,
        /// Truncation's upper bound, in the field's unit (+∞: none).
        high: f64,
    },
    /// Log-normal with median and log-scale sigma (`median > 0`, `sigma > 0`),
    /// truncated to `[low, high]` (0 and +∞ when not written).
    LogNormal {
        /// Median, in the field's unit.
        median: f64,
        /// Standard deviation of the logarithm (dimensionless).
        sigma: f64,
        /// Truncation's lower bound, in the field's unit (0: none).
        low: f64,
        /// Truncation's upper bound, in the field's unit (+∞: none).
        high: f64,
    },
    /// Uniform on `[low, high]` (`low < high`).
    Uniform {
        /// Lower bound, in the field's unit.
        low: f64,
        /// Upper bound, in the field's unit.
        high: f64,
    },
    /// Triangular on `[low, high]` with its mode (`low <= mode <= high`, `low < high`).
    Triangular {
        /// Lower bound, in the field's unit.
        low: f64,
        /// Most likely value, in the field's unit.
        mode: f64,
        /// Upper bound, in the field's unit.
        high: f64,
    },
}

impl Dist {
    /// The value the deterministic run uses: mean, median, midpoint or mode.
    pub fn central(&self) -> f64 {
        match *self {
            Dist::Normal { mean, .. } => mean,
            Dist::LogNormal { median, .. } => median,
            Dist::Uniform { low, high } => 0.5 * (low + high),
            Dist::Triangular { mode, .. } => mode,
        }
    }

    /// The name written in scenario files (`normal`, `lognormal`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Dist::Normal { .. } => "normal",
            Dist::LogNormal { .. } => "lognormal",
            Dist::Uniform { .. } => "uniform",
            Dist::Triangular { .. } => "triangular",
        }
    }

    /// The truncation interval of a normal or log-normal that has one
    /// (`low` and/or `high` written), in the field's unit.
    pub fn truncation(&self) -> Option<(f64, f64)> {
        match *self {
            Dist::Normal { low, high, .. } if low.is_finite() || high.is_finite() => {
                Some((low, high))
            }
            Dist::LogNormal { low, high, .. } if low > 0.0 || high.is_finite() => Some((low, high)),
            _ => None,
        }
    }

    /// The quantile of the normal or log-normal before truncation.
    fn untruncated_quantile(&self, p: f64) -> f64 {
        match *self {
            Dist::Normal { mean, sd, .. } => mean + sd * standard_normal_quantile(p),
            Dist::LogNormal { median, sigma, .. } => {
                median * (sigma * standard_normal_quantile(p)).exp()
            }
            _ => self.quantile(p),
        }
    }

    /// The probability below `x` before truncation, found by bisection on
    /// [`Self::untruncated_quantile`] (so the two agree to 1e-15 in `p`).
    fn untruncated_cdf(&self, x: f64) -> f64 {
        if x == f64::NEG_INFINITY || (x <= 0.0 && matches!(self, Dist::LogNormal { .. })) {
            return 0.0;
        }
        if x == f64::INFINITY {
            return 1.0;
        }
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        for _ in 0..52 {
            let mid = 0.5 * (lo + hi);
            if self.untruncated_quantile(mid) < x {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// The share of the untruncated distribution inside the truncation
    /// interval, and its cumulative probability at the interval's start.
    fn kept(&self) -> Option<(f64, f64)> {
        let (low, high) = self.truncation()?;
        let start = self.untruncated_cdf(low);
        Some((start, self.untruncated_cdf(high) - start))
    }

    /// The value of the distribution's quantile function at probability `p`
    /// in (0, 1); for a truncated normal or log-normal, that of the
    /// distribution restricted to its interval.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Dist::Normal { low, high, .. } | Dist::LogNormal { low, high, .. } => {
                match self.kept() {
                    Some((start, share)) => self
                        .untruncated_quantile(start + p * share)
                        .clamp(low, high),
                    None => self.untruncated_quantile(p),
                }
            }
            Dist::Uniform { low, high } => low + p * (high - low),
            Dist::Triangular { low, mode, high } => {
                let f = (mode - low) / (high - low);
                if p < f {
                    low + (p * (high - low) * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - p) * (high - low) * (high - mode)).sqrt()
                }
            }
        }
    }

    /// Checks the parameters; the error names the field and what is valid.
    pub fn check(&self) -> Result<(), String> {
        let finite = |name: &str, v: f64| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(format!("`{name}` = {v} is not a finite number"))
            }
        };
        match *self {
            Dist::Normal { mean, sd, .. } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd <= 0.0 {
                    return Err(format!(
                        "normal distribution: `sd` = {} must be greater than 0",
                        show(sd)
                    ));
                }
            }
            Dist::LogNormal { median, sigma, .. } => {
                finite("median", median)?;
                finite("sigma", sigma)?;
                if median <= 0.0 {
                    return Err(format!(
                        "lognormal distribution: `median` = {} must be greater than 0",
                        show(median)
                    ));
                }
                if sigma <= 0.0 {
                    return Err(format!(
                        "lognormal distribution: `sigma` = {} must be greater than 0",
                        show(sigma)
                    ));
                }
            }
            Dist::Uniform { low, high } => {
                finite("low", low)?;
                finite("high", high)?;
                if low >= high {
                    return Err(format!(
                        "uniform distribution: `low` = {} must be less than `high` = {}",
                        show(low),
                        show(high)
                    ));
                }
            }
            Dist::Triangular { low, mode, high } => {
                finite("low", low)?;
                finite("mode", mode)?;
                finite("high", high)?;
                if low >= high {
                    return Err(format!(
                        "triangular distribution: `low` = {} must be less than `high` = {}",
                        show(low),
                        show(high)
                    ));
                }
                if mode < low || mode > high {
                    return Err(format!(
                        "triangular distribution: `mode` = {} must lie between `low` = {} and `high` = {}",
                        show(mode),
                        show(low),
                        show(high)
                    ));
                }
            }
        }
        self.check_truncation()
    }

    /// A truncated normal or log-normal keeps its centre and at least
    /// [`MIN_KEPT`] of its probability inside `[low, high]`.
    fn check_truncation(&self) -> Result<(), String> {
        let (name, centre_name, low, high) = match *self {
            Dist::Normal { low, high, .. } => ("normal", "mean", low, high),
            Dist::LogNormal { low, high, .. } => ("lognormal", "median", low, high),
            _ => return Ok(()),
        };
        if low.is_nan() || high.is_nan() {
            return Err(format!(
                "{name} distribution: `low` and `high` must be numbers"
            ));
        }
        if name == "lognormal" && low < 0.0 {
            return Err(format!(
                "lognormal distribution: `low` = {} must be at least 0 (a log-normal is positive)",
                show(low)
            ));
        }
        let c = self.central();
        if self.truncation().is_some() && !(low < c && c < high) {
            return Err(format!(
                "{name} distribution: the {centre_name} {} must lie strictly between `low` and `high`{}",
                show(c),
                truncation_text(self).replacen(", ", " (", 1) + ")"
            ));
        }
        if let Some((_, share)) = self.kept()
            && share < MIN_KEPT
        {
            return Err(format!(
                "{name} distribution: `low` and `high` keep only {:.2}% of the distribution; widen them to keep at least {}%",
                100.0 * share,
                100.0 * MIN_KEPT
            ));
        }
        Ok(())
    }
}

/// The least share of a normal or log-normal a truncation must keep (a
/// narrower window is a fixed number in all but name).
pub const MIN_KEPT: f64 = 0.05;

/// Acklam's rational approximation of the standard normal quantile
/// (relative error below 1.2e-9), used for p10/p90 swings of the tornado.
pub fn standard_normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let plow = 0.02425;
    if p < plow {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - plow {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -standard_normal_quantile(1.0 - p)
    }
}

/// A real-valued scenario parameter: a fixed number or a distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A fixed value, in the field's unit.
    Value(f64),
    /// An uncertain value, in the field's unit.
    Dist(Dist),
}

impl Num {
    /// The value of the deterministic run: the number itself, or the distribution's centre.
    pub fn central(&self) -> f64 {
        match self {
            Num::Value(v) => *v,
            Num::Dist(d) => d.central(),
        }
    }

    /// True when this parameter is uncertain.
    pub fn is_dist(&self) -> bool {
        matches!(self, Num::Dist(_))
    }
}

impl From<f64> for Num {
    fn from(v: f64) -> Self {
        Num::Value(v)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::Value(v) => write!(f, "{v}"),
            Num::Dist(d @ Dist::Normal { mean, sd, .. }) => write!(
                f,
                "{{ dist = \"normal\", mean = {mean}, sd = {sd}{} }}",
                truncation_text(d)
            ),
            Num::Dist(d @ Dist::LogNormal { median, sigma, .. }) => write!(
                f,
                "{{ dist = \"lognormal\", median = {median}, sigma = {sigma}{} }}",
                truncation_text(d)
            ),
            Num::Dist(Dist::Uniform { low, high }) => {
                write!(f, "{{ dist = \"uniform\", low = {low}, high = {high} }}")
            }
            Num::Dist(Dist::Triangular { low, mode, high }) => write!(
                f,
                "{{ dist = \"triangular\", low = {low}, mode = {mode}, high = {high} }}"
            ),
        }
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Num::Value(v) => s.serialize_f64(*v),
            Num::Dist(d) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("dist", d.name())?;
                match *d {
                    Dist::Normal { mean, sd, .. } => {
                        m.serialize_entry("mean", &mean)?;
                        m.serialize_entry("sd", &sd)?;
                    }
                    Dist::LogNormal { median, sigma, .. } => {
                        m.serialize_entry("median", &median)?;
                        m.serialize_entry("sigma", &sigma)?;
                    }
                    Dist::Uniform { low, high } => {
                        m.serialize_entry("low", &low)?;
                        m.serialize_entry("high", &high)?;
                    }
                    Dist::Triangular { low, mode, high } => {
                        m.serialize_entry("low", &low)?;
                        m.serialize_entry("mode", &mode)?;
                        m.serialize_entry("high", &high)?;
                    }
                }
                if let Some((low, high)) = d.truncation() {
                    if low.is_finite() && !(low == 0.0 && d.name() == "lognormal") {
                        m.serialize_entry("low", &low)?;
                    }
                    if high.is_finite() {
                        m.serialize_entry("high", &high)?;
                    }
                }
                m.end()
            }
        }
    }
}

/// `, low = …, high = …` for a truncated normal or log-normal, else empty.
fn truncation_text(d: &Dist) -> String {
    let Some((low, high)) = d.truncation() else {
        return String::new();
    };
    let mut s = String::new();
    if low.is_finite() && !(low == 0.0 && d.name() == "lognormal") {
        s.push_str(&format!(", low = {low}"));
    }
    if high.is_finite() {
        s.push_str(&format!(", high = {high}"));
    }
    s
}

const DIST_NAMES: &[&str] = &["normal", "lognormal", "uniform", "triangular"];

fn dist_fields(name: &str) -> &'static [&'static str] {
    match name {
        "normal" => &["dist", "mean", "sd", "low", "high"],
        "lognormal" => &["dist", "median", "sigma", "low", "high"],
        "uniform" => &["dist", "low", "high"],
        _ => &["dist", "low", "mode", "high"],
    }
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Num;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a number or a distribution table such as { dist = \"normal\", mean = 1.0, sd = 0.2 }",
        )
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
        if v.is_finite() {
            Ok(Num::Value(v))
        } else {
            Err(E::custom(format!(
                "{v} is not a finite number; write a finite number"
            )))
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num::Value(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(Num::Value(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Num, A::Error> {
        let mut kind: Option<String> = None;
        let mut values: Vec<(String, f64)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "dist" {
                kind = Some(map.next_value::<String>()?);
            } else {
                let v: f64 = map.next_value().map_err(|e: A::Error| {
                    de::Error::custom(format!("distribution field `{key}`: {e}"))
                })?;
                if values.iter().any(|(k, _)| *k == key) {
                    return Err(de::Error::custom(format!("duplicate field `{key}`")));
                }
                values.push((key, v));
            }
        }
        let kind = kind.ok_or_else(|| {
            de::Error::custom(
                "a distribution table needs `dist` = one of \"normal\", \"lognormal\", \"uniform\", \"triangular\"",
            )
        })?;
        if !DIST_NAMES.contains(&kind.as_str()) {
            let hint = crate::scenario::suggest::closest(&kind, DIST_NAMES)
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            return Err(de::Error::custom(format!(
                "unknown distribution \"{kind}\"{hint}; valid: \"normal\", \"lognormal\", \"uniform\", \"triangular\""
            )));
        }
        let fields = dist_fields(&kind);
        for (k, _) in &values {
            if !fields.contains(&k.as_str()) {
                let hint = crate::scenario::suggest::closest(k, &fields[1..])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(de::Error::custom(format!(
                    "unknown field `{k}` for a {kind} distribution{hint}; expected {}",
                    fields[1..]
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        let get = |name: &str| -> Result<f64, A::Error> {
            values
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "a {kind} distribution needs `{name}` (fields: {})",
                        fields[1..]
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
        };
        let optional = |name: &str, default: f64| {
            values
                .iter()
                .find(|(k, _)| k == name)
                .map_or(default, |(_, v)| *v)
        };
        let dist = match kind.as_str() {
            "normal" => Dist::Normal {
                mean: get("mean")?,
                sd: get("sd")?,
                low: optional("low", f64::NEG_INFINITY),
                high: optional("high", f64::INFINITY),
            },
            "lognormal" => Dist::LogNormal {
                median: get("median")?,
                sigma: get("sigma")?,
                low: optional("low", 0.0),
                high: optional("high", f64::INFINITY),
            },
            "uniform" => Dist::Uniform {
                low: get("low")?,
                high: get("high")?,
            },
            _ => Dist::Triangular {
                low: get("low")?,
                mode: get("mode")?,
                high: get("high")?,
            },
        };
        dist.check().map_err(de::Error::custom)?;
        Ok(Num::Dist(dist))
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

/// A number as a message shows it: plainly when it is of a readable size,
/// in scientific notation otherwise (`1e308`, not its 309 digits).
pub fn show(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && a.is_finite() && !(1e-4..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        x: Num,
    }

    fn parse(s: &str) -> Result<Num, String> {
        toml::from_str::<Holder>(s)
            .map(|h| h.x)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_and_distributions_parse_with_central_values() {
        assert_eq!(parse("x = 3").unwrap(), Num::Value(3.0));
        assert_eq!(parse("x = 2.5").unwrap().central(), 2.5);
        let n = parse("x = { dist = \"lognormal\", median = 2.0, sigma = 0.5 }").unwrap();
        assert_eq!(n.central(), 2.0);
        let u = parse("x = { dist = \"uniform\", low = 1, high = 3 }").unwrap();
        assert_eq!(u.central(), 2.0);
        let t = parse("x = { dist = \"triangular\", low = 0, mode = 1, high = 4 }").unwrap();
        assert_eq!(t.central(), 1.0);
    }

    #[test]
    fn invalid_distributions_are_located_and_explained() {
        let e = parse("\nx = { dist = \"normal\", mean = 1, sd = -1 }").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("`sd` = -1 must be greater than 0"), "{e}");
        let e = parse("x = { dist = \"uniform\", low = 3, high = 1 }").unwrap_err();
        assert!(e.contains("`low` = 3 must be less than `high` = 1"), "{e}");
        let e = parse("x = { dist = \"triangular\", low = 0, mode = 5, high = 4 }").unwrap_err();
        assert!(e.contains("`mode` = 5 must lie between"), "{e}");
        let e = parse("x = { dist = \"normall\", mean = 0, sd = 1 }").unwrap_err();
        assert!(e.contains("did you mean \"normal\""), "{e}");
        let e = parse("x = { dist = \"normal\", mean = 0, sdd = 1 }").unwrap_err();
        assert!(e.contains("did you mean `sd`"), "{e}");
        let e = parse("x = nan").unwrap_err();
        assert!(e.contains("not a finite number"), "{e}");
    }

    #[test]
    fn truncation_parses_round_trips_and_is_checked() {
        let n =
            parse("x = { dist = \"lognormal\", median = 1.0, sigma = 0.7, low = 0.25 }").unwrap();
        let Num::Dist(d) = n else { panic!("{n:?}") };
        assert_eq!(d.truncation(), Some((0.25, f64::INFINITY)));
        assert_eq!(
            n.to_string(),
            "{ dist = \"lognormal\", median = 1, sigma = 0.7, low = 0.25 }"
        );
        // The restricted quantiles stay inside and keep their order; the
        // bound itself is the 0 quantile.
        assert!((d.quantile(1e-12) - 0.25).abs() < 1e-6);
        assert!(
            d.quantile(0.5) > 1.0,
            "cutting the lower tail raises the median"
        );
        let untruncated = parse("x = { dist = \"normal\", mean = 0, sd = 1 }").unwrap();
        let Num::Dist(u) = untruncated else { panic!() };
        assert_eq!(u.truncation(), None);
        assert!((u.quantile(0.975) - 1.959_964).abs() < 1e-5);
        let both =
            parse("x = { dist = \"normal\", mean = 0, sd = 1, low = -1, high = 1 }").unwrap();
        let Num::Dist(b) = both else { panic!() };
        // Symmetric bounds keep the median at the mean.
        assert!(b.quantile(0.5).abs() < 1e-9);
        assert!(b.quantile(0.99) < 1.0 && b.quantile(0.01) > -1.0);

        let e =
            parse("x = { dist = \"lognormal\", median = 1, sigma = 0.5, low = 2 }").unwrap_err();
        assert!(
            e.contains("median 1 must lie strictly between `low` and `high` (low = 2)"),
            "{e}"
        );
        let e = parse("x = { dist = \"normal\", mean = 0, sd = 1, low = -0.01, high = 0.01 }")
            .unwrap_err();
        assert!(e.contains("keep only 0.80% of the distribution"), "{e}");
        let e =
            parse("x = { dist = \"lognormal\", median = 1, sigma = 0.5, low = -1 }").unwrap_err();
        assert!(e.contains("`low` = -1 must be at least 0"), "{e}");
        let e = parse("x = { dist = \"uniform\", low = 0, high = 1, mean = 3 }").unwrap_err();
        assert!(
            e.contains("unknown field `mean` for a uniform distribution"),
            "{e}"
        );
    }

    #[test]
    fn quantiles_are_ordered_and_match_known_values() {
        assert!((standard_normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
        assert!((standard_normal_quantile(0.5)).abs() < 1e-12);
        let d = Dist::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 4.0,
        };
        assert!(d.quantile(0.1) < d.quantile(0.5) && d.quantile(0.5) < d.quantile(0.9));
    }
}
