//! The Monte Carlo and sweep charts' old address: they are drawn by the one
//! chart stack now ([`super::charts::mc`]); this module keeps the names callers use.

pub use super::charts::ChartError;
pub use super::charts::mc::{Chart, Fan, Heat, Histogram, Lines, Panel, Tornado, write};
