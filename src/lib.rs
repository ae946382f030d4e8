//! `selloff`: a simulator of a US Treasury sell-off.
//!
//! Data flows one way: [`scenario`] (TOML, defaults, validation) →
//! [`model`] (pure step functions) → [`engine`] (paths, baselines, Monte
//! Carlo, sweeps) → [`report`] (CSV, JSON, charts, Markdown) → the CLI in
//! `src/main.rs` and [`cli`]. See ARCHITECTURE.md.
#![warn(missing_docs)]

pub mod cli;
pub mod data;
pub mod engine;
pub mod model;
pub mod report;
pub mod scenario;

/// The version of `selloff`, recorded in every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
