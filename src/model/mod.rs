//! The model: pure, deterministic step functions of the sell-off.
//!
//! Nothing here reads files, prints, or knows TOML: the scenario layer turns a
//! file into [`Params`], and the engine drives the step functions. Amounts are
//! $ billions, yield levels percent, yield changes basis points, time in steps
//! of `dt` years.

pub mod curve;
pub mod debt;
pub mod market;
pub mod optimal;
pub mod params;
pub mod reactions;
pub mod schedule;
pub mod tenor;

pub use params::{CurveParams, DebtParams, HolderParams, MarketParams, Params, ShockParams};
