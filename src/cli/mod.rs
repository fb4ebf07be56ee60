//! Command-line parsing and dispatch. Each subcommand lives in its own module.

mod check;
mod report;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// duly: practice standards as code. Check policies, see how their timescales
/// chain, and compile them for the runtime.
#[derive(Parser)]
#[command(name = "duly", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How `duly check` prints diagnostics.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// Annotated source snippets for a person.
    Human,
    /// One JSON object per diagnostic (JSON Lines), for tools.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Subcommand)]
enum Command {
    /// Parse, type-check and lint policy files.
    ///
    /// Exit status: 0 without errors, 1 with errors (or warnings under
    /// --deny-warnings), 2 for usage or I/O problems.
    ///
    /// Example: duly check policies/*.duly --format github
    Check {
        /// Policy files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Fail (exit 1) when there are warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the dependency graph of a policy as Graphviz DOT.
    ///
    /// Example: duly graph policies/newham.duly | dot -Tsvg > newham.svg
    Graph {
        /// The policy file.
        file: PathBuf,
    },
    /// Compile a policy to the runtime IR (JSON).
    ///
    /// Example: duly compile policies/newham.duly -o newham.json
    Compile {
        /// The policy file.
        file: PathBuf,
        /// Where to write the IR (standard output if omitted).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check {
            files,
            format,
            deny_warnings,
        } => check::run(&files, format, deny_warnings),
        Command::Graph { file } => check::graph(&file),
        Command::Compile { file, output } => check::compile(&file, output.as_deref()),
    }
}
