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
