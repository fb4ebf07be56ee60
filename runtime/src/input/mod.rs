//! Reading cases: JSON, JSON Lines and CSV (CASES.md), validated against the policy.
//!
//! Every problem is an [`InputError`] naming the file, line, case and value, with a
//! "did you mean" where one exists. Readers never drop a row silently.

mod csv;
mod csv_split;
mod fast;
mod json;
mod scalar;
mod validate;

pub use self::csv::{
    group_rows, read_children, rows_are_grouped, Children, CsvGroup, CsvGroups, CsvReader,
    CsvSchema,
};
pub use self::json::{
    parse_case_carefully, parse_line, read_json_document, JsonLinesReader, RawLines,
};

use std::fmt;

/// A problem with case data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (`-` for standard input).
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, where known.
    pub column: Option<u64>,
    /// The case, where known.
    pub case: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(c) = self.column {
            write!(f, ":{c}")?;
        }
        if let Some(case) = &self.case {
            write!(f, ": case {case}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// What readers yield: a case, or why one could not be read.
pub type CaseResult = Result<crate::case::Case, InputError>;
