//! Scenarios: the TOML format, loading with `extends` and `--set`, and validation.
//!
//! This is the only module that knows TOML. It turns a file name and flags
//! into a [`Resolved`] scenario whose [`Params`](crate::model::Params) the
//! model runs, or into a [`ScenarioError`] that names the file, line, column
//! and key of the mistake.

pub mod anchors;
pub mod error;
pub mod load;
pub mod num;
pub mod schema;
pub mod suggest;
pub mod validate;

pub use error::{ErrorKind, Origin, ScenarioError};
pub use load::{list, load};
pub use schema::Scenario;
pub use validate::{Resolved, resolve};

/// Loads and validates a named scenario or a path, with `--set` flags.
pub fn open(name: &str, sets: &[String]) -> Result<Resolved, ScenarioError> {
    resolve(load(name, sets)?)
}

/// The resolved scenario as TOML (defaults and `extends` applied): what `selloff check` prints.
pub fn to_toml(r: &Resolved) -> String {
    let mut s = r.scenario.clone();
    s.extends = None;
    s.title = Some(r.title.clone());
    s.description = Some(r.description.clone());
    toml::to_string(&s).expect("a scenario always serialises to TOML")
}
