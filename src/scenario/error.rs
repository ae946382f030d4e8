//! Scenario errors: every one names where the offending value came from.

use std::fmt;
use std::path::PathBuf;

/// Where a value of the resolved scenario was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A place in a scenario file (1-based line and column).
    File {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        col: usize,
    },
    /// A `--set KEY=VALUE` flag, as given.
    Flag(String),
    /// The built-in defaults (embedded `scenarios/baseline.toml`).
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { path, line, col } => write!(f, "{}:{line}:{col}", path.display()),
            Origin::Flag(s) => write!(f, "in flag `--set {s}`"),
            Origin::Default => write!(f, "in the built-in defaults"),
        }
    }
}

/// What went wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not valid TOML.
    Syntax,
    /// A key the format does not have.
    UnknownKey,
    /// A value of the wrong type.
    WrongType,
    /// A value outside what the model accepts.
    InvalidValue,
    /// A required value is missing.
    Missing,
    /// No scenario of that name or path.
    NotFound,
    /// `extends` goes round in a circle.
    CircularExtends,
    /// A `--set` flag that is not `KEY=VALUE`.
    BadFlag,
    /// The file could not be read.
    Io,
}

/// A scenario error with its origin, the dotted key and an explanation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// What kind of mistake.
    pub kind: ErrorKind,
    /// Where the value came from, when known.
    pub origin: Option<Origin>,
    /// The dotted key, when known (`holders.japan.sale.total_bn`).
    pub key: Option<String>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl ScenarioError {
    /// A new error.
    pub fn new(
        kind: ErrorKind,
        origin: Option<Origin>,
        key: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        ScenarioError {
            kind,
            origin,
            key,
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(o) = &self.origin {
            write!(f, "{}: ", printable(&o.to_string()))?;
        }
        if let Some(k) = &self.key {
            write!(f, "key `{}`: ", printable(k))?;
        }
        f.write_str(&printable(&self.message))
    }
}

/// `text` safe to print on a terminal: every control character (escape,
/// bell, NUL, carriage return, newline, C1 codes) written as a Rust-style
/// escape such as `\u{1b}` or `\n`, so a scenario's words cannot clear the
/// screen or set the window title. Unchanged (and not copied) when clean.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        let mut out = String::with_capacity(text.len() + 8);
        for ch in text.chars() {
            if ch.is_control() {
                out.extend(ch.escape_default());
            } else {
                out.push(ch);
            }
        }
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
