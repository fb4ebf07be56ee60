//! `duly table`: a policy's timescales as a table for people (Markdown, HTML or CSV).
//! The words come from `crate::table`; this module only loads, chooses the format and writes.

use super::check::load;
use crate::table::{self, Format};
use clap::ValueEnum;
use std::path::Path;
use std::process::ExitCode;

/// How `duly table` prints the table.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    /// Markdown: a heading and a pipe table per section.
    Md,
    /// One self-contained, printable HTML page.
    Html,
    /// CSV: one row per rule.
    Csv,
}

/// `duly table FILE [--format md|html|csv] [--with-quotes] [-o OUT]`.
pub fn run(file: &Path, format: TableFormat, with_quotes: bool, output: Option<&Path>) -> ExitCode {
    let checked = match load(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let format = match format {
        TableFormat::Md => Format::Markdown,
        TableFormat::Html => Format::Html,
        TableFormat::Csv => Format::Csv,
    };
    let text = match table::render(&table::build(&checked.policy), format, with_quotes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot write the table: {e}");
            return ExitCode::from(2);
        }
    };
    match output {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                ExitCode::from(2)
            }
        },
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
    }
}
