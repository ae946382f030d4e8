//! Downloads the published tables from their official addresses (`--fetch`).
//!
//! One blocking HTTP client (ureq, TLS by rustls with bundled root
//! certificates: no system library). A base address (`--base-url`, or the
//! environment variable `SELLOFF_DATA_BASE_URL`) replaces the scheme and host of
//! every official address and keeps its path and query: tests serve the
//! fixtures from a server on the loopback address that way.

use super::error::DataError;
use std::time::Duration;

/// The environment variable that sets the base address when `--base-url` is not given.
pub const BASE_URL_ENV: &str = "SELLOFF_DATA_BASE_URL";

/// The most a table may weigh (bytes): the par yield curve for a year is ~20 kB.
const MAX_BYTES: u64 = 64 << 20;

/// TIC "Major Foreign Holders of Treasury Securities", the current table.
pub const TIC_URL: &str =
    "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/slt_table5.txt";
/// MSPD table 1 from Fiscal Data's API, as CSV, newest first.
pub const MSPD_URL: &str = "https://api.fiscaldata.treasury.gov/services/api/fiscal_service/v1/debt/mspd/mspd_table_1?format=csv&sort=-record_date&page%5Bsize%5D=300";
/// Average interest rates from Fiscal Data's API, as CSV, newest first.
pub const RATES_URL: &str = "https://api.fiscaldata.treasury.gov/services/api/fiscal_service/v2/accounting/od/avg_interest_rates?format=csv&sort=-record_date&page%5Bsize%5D=300";
/// FRED's CSV of the Fed's Treasury holdings (H.4.1).
pub const SOMA_URL: &str = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=TREAST";

/// Treasury's daily par yield curve for one calendar year, as CSV.
pub fn yields_url(year: i32) -> String {
    format!(
        "https://home.treasury.gov/resource-center/data-chart-center/interest-rates/daily-treasury-rates.csv/{year}/all?type=daily_treasury_yield_curve&field_tdr_date_value={year}&page&_format=csv"
    )
}

/// `official` with its scheme and host replaced by `base` (if any).
pub fn address(official: &str, base: Option<&str>) -> Result<String, DataError> {
    let Some(base) = base else {
        return Ok(official.to_string());
    };
    let bad = |m: &str| DataError::BadAddress {
        url: base.to_string(),
        message: m.to_string(),
    };
    let rest = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"))
        .ok_or_else(|| bad("expected an address starting with http:// or https://"))?;
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains('/') || host.contains(char::is_whitespace) {
        return Err(bad(
            "expected scheme and host only, e.g. http://127.0.0.1:8080",
        ));
    }
    let after_scheme = official.split_once("://").map_or(official, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    Ok(format!("{}{path}", base.trim_end_matches('/')))
}

/// Downloads `url` as text (UTF-8), at most a minute and 64 MiB.
pub fn get(url: &str) -> Result<String, DataError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("selloff/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let fail = |message: String| DataError::Fetch {
        url: url.to_string(),
        message,
    };
    let mut resp = agent.get(url).call().map_err(|e| match e {
        ureq::Error::BadUri(m) => DataError::BadAddress { url: url.to_string(), message: m },
        ureq::Error::StatusCode(code) => fail(format!("the server answered HTTP {code}")),
        ureq::Error::HostNotFound => fail("host not found (are you offline?); download the file yourself and pass it as a path instead".into()),
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) | ureq::Error::Timeout(_) => {
            fail(format!("{e} (are you offline?); download the file yourself and pass it as a path instead"))
        }
        other => fail(other.to_string()),
    })?;
    resp.body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_string()
        .map_err(|e| fail(format!("reading the answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_replaces_scheme_and_host_only() {
        let a = address(TIC_URL, Some("http://127.0.0.1:9000/")).unwrap();
        assert_eq!(
            a,
            "http://127.0.0.1:9000/resource-center/data-chart-center/tic/Documents/slt_table5.txt"
        );
        let a = address(SOMA_URL, Some("http://127.0.0.1:9000")).unwrap();
        assert_eq!(a, "http://127.0.0.1:9000/graph/fredgraph.csv?id=TREAST");
        assert_eq!(address(TIC_URL, None).unwrap(), TIC_URL);
        assert!(matches!(
            address(TIC_URL, Some("ftp://x")),
            Err(DataError::BadAddress { .. })
        ));
        assert!(matches!(
            address(TIC_URL, Some("http://x/y")),
            Err(DataError::BadAddress { .. })
        ));
    }
}
