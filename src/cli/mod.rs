//! Command-line parsing and dispatch. Each subcommand lives in its own module.

mod check;
mod eval;
mod report;
mod table;

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
    /// Evaluate case histories against a policy: what was due, by when, and whether it was met.
    ///
    /// Cases are JSON (one case or an array), JSON Lines (.jsonl) or CSV (events.csv,
    /// with --children children.csv); `-` reads standard input. Exit status 1 when any
    /// input is malformed (those cases are reported, not evaluated).
    ///
    /// Example: duly eval --policy policies/newham.duly examples/cases/newham/*.json --as-of 2026-11-22 --summary
    Eval {
        /// The policy file.
        #[arg(long)]
        policy: PathBuf,
        /// Case files: .json, .jsonl, .csv, or `-` for standard input.
        #[arg(required = true)]
        cases: Vec<PathBuf>,
        /// Child facts for CSV input (`case,<fact columns>…`).
        #[arg(long)]
        children: Option<PathBuf>,
        /// The day to evaluate as of (YYYY-MM-DD or `today`).
        #[arg(long, default_value = "today", value_parser = eval::parse_as_of)]
        as_of: chrono::NaiveDate,
        /// Output format (default: from the `--output` file's extension, .html, .csv or
        /// .json/.jsonl; else human on a terminal, JSON otherwise).
        #[arg(long, value_enum)]
        format: Option<eval::EvalFormat>,
        /// Where to write the results (standard output if omitted).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print per-rule timeliness across all cases instead of each obligation.
        #[arg(long)]
        summary: bool,
        /// In years the bank-holiday calendar does not cover, count weekends only
        /// (each such deadline says so) instead of failing.
        #[arg(long)]
        allow_uncovered: bool,
        /// Read and validate the cases without evaluating them (for benchmarks).
        #[arg(long, hide = true)]
        parse_only: bool,
    },
    /// Explain every deadline of a case, step by step.
    ///
    /// Example: duly explain --policy policies/newham.duly examples/cases/newham/NEW-001.json --rule 4.2
    Explain {
        /// The policy file.
        #[arg(long)]
        policy: PathBuf,
        /// The case file (.json, .jsonl, .csv, or `-`).
        case_file: PathBuf,
        /// Which case, when the file holds several.
        #[arg(long = "case")]
        case_id: Option<String>,
        /// Only this standard's obligations (e.g. `6.1`).
        #[arg(long)]
        rule: Option<String>,
        /// Only obligations for this task event.
        #[arg(long)]
        task: Option<String>,
        /// Child facts for CSV input.
        #[arg(long)]
        children: Option<PathBuf>,
        /// The day to evaluate as of (YYYY-MM-DD or `today`).
        #[arg(long, default_value = "today", value_parser = eval::parse_as_of)]
        as_of: chrono::NaiveDate,
        /// `human` (default) or `json` (explanations in `explanation`).
        #[arg(long, default_value = "human")]
        format: String,
        /// Count weekends only in years the calendar does not cover.
        #[arg(long)]
        allow_uncovered: bool,
    },
    /// Print a policy's timescales at a glance, worded from its rules.
    ///
    /// One row per rule, grouped by section: the task, the timescale in plain English
    /// (generated from the rule, never copied from its quote), the reference and who is
    /// responsible. The HTML page is self-contained and printable.
    ///
    /// Example: duly table policies/newham.duly --format html --with-quotes -o newham.html
    Table {
        /// The policy file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = table::TableFormat::Md)]
        format: table::TableFormat,
        /// Add each standard's source passage beside its timescales, for review.
        #[arg(long)]
        with_quotes: bool,
        /// Where to write the table (standard output if omitted).
        #[arg(short, long)]
        output: Option<PathBuf>,
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
        Command::Table {
            file,
            format,
            with_quotes,
            output,
        } => table::run(&file, format, with_quotes, output.as_deref()),
        Command::Eval {
            policy,
            cases,
            children,
            as_of,
            format,
            output,
            summary,
            allow_uncovered,
            parse_only,
        } => {
            let opts = eval::Options {
                policy,
                cases,
                children,
                as_of,
                allow_uncovered,
            };
            eval::eval(&opts, format, output.as_deref(), summary, parse_only)
        }
        Command::Explain {
            policy,
            case_file,
            case_id,
            rule,
            task,
            children,
            as_of,
            format,
            allow_uncovered,
        } => {
            let opts = eval::Options {
                policy,
                cases: vec![case_file],
                children,
                as_of,
                allow_uncovered,
            };
            eval::explain(
                &opts,
                case_id.as_deref(),
                rule.as_deref(),
                task.as_deref(),
                format == "json",
            )
        }
    }
}
