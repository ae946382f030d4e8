//! Errors of the data module: every one names the file (or address), and
//! where known the line and what was expected there.

/// What went wrong while reading a published table or building a baseline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file does not have the published format.
    #[error("{file}, line {line}: {message}")]
    Format {
        /// The file (or address) read.
        file: String,
        /// 1-based line of the offending text.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// The file has the right format but not the figure asked for.
    #[error("{file}: {message}")]
    NotFound {
        /// The file (or address) read.
        file: String,
        /// What is missing, and what the file does have.
        message: String,
    },
    /// The figures, taken together, do not make a baseline.
    #[error("{0}")]
    Inconsistent(String),
    /// A local file could not be read.
    #[error("cannot read {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// A download failed (offline, refused, an HTTP error status).
    #[error("cannot fetch {url}: {message}")]
    Fetch {
        /// The address.
        url: String,
        /// Why, in words.
        message: String,
    },
    /// The address to fetch from is not a valid http(s) address.
    #[error("invalid address {url}: {message}")]
    BadAddress {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        message: String,
    },
}

impl DataError {
    /// The process exit code: 2 for invalid input (a malformed table, a
    /// month it lacks, an unreadable input file, a bad address), 1 for
    /// anything else (a failed download).
    pub fn exit_code(&self) -> i32 {
        match self {
            DataError::Fetch { .. } => 1,
            _ => 2,
        }
    }

    pub(crate) fn format(file: &str, line: usize, message: impl Into<String>) -> Self {
        DataError::Format {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn not_found(file: &str, message: impl Into<String>) -> Self {
        DataError::NotFound {
            file: file.to_string(),
            message: message.into(),
        }
    }
}
