//! Builds a baseline scenario from the government's published tables.
//!
//! One file per source: [`tic`] (Treasury's Major Foreign Holders table),
//! [`mspd`] (the Monthly Statement of the Public Debt and average interest
//! rates, Fiscal Data CSV), [`par_yields`] (Treasury's daily par yield curve),
//! [`soma`] (the Fed's Treasury holdings, a FRED series of the H.4.1);
//! [`baseline`] assembles them into a scenario file with a comment per number;
//! [`fetch`] downloads them from their official addresses.
//!
//! This module parses published tables and writes a scenario file's text; it
//! knows nothing of the model (the CLI validates what it writes as a scenario).

pub mod baseline;
pub mod csvtable;
pub mod error;
pub mod fetch;
pub mod mspd;
pub mod par_yields;
pub mod soma;
pub mod text;
pub mod tic;

pub use error::DataError;
pub use text::{Month, Text};

#[cfg(test)]
mod tests {
    /// The invariant in ARCHITECTURE.md: the data module reads tables and writes
    /// text; it uses neither the model, the engine, the reports nor the scenario loader.
    #[test]
    fn knows_nothing_of_the_model() {
        let sources = [
            include_str!("baseline.rs"),
            include_str!("csvtable.rs"),
            include_str!("error.rs"),
            include_str!("fetch.rs"),
            include_str!("mspd.rs"),
            include_str!("par_yields.rs"),
            include_str!("soma.rs"),
            include_str!("text.rs"),
            include_str!("tic.rs"),
        ];
        for s in sources {
            for layer in [
                "crate::model",
                "crate::engine",
                "crate::report",
                "crate::scenario",
                "crate::cli",
            ] {
                assert!(!s.contains(layer), "src/data uses {layer}");
            }
        }
    }
}
