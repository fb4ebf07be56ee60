//! `duly check`, `duly graph` and `duly compile`.

use super::report::print_diagnostics;
use super::CheckFormat;
use duly_compiler::check::{check_file, Checked, FsLoader};
use duly_compiler::diagnostic::Diagnostics;
use duly_compiler::graph::DependencyGraph;
use duly_compiler::source::Sources;
use std::path::Path;
use std::process::ExitCode;

/// Whether a failure to read was the cause (exit 2) rather than a bad policy (exit 1).
fn io_failure(diags: &Diagnostics) -> bool {
    diags.0.iter().any(|d| {
        d.code == duly_compiler::codes::Code::E015
            && d.primary.span.start == 0
            && d.primary.span.end == 0
    })
}

/// Checks each file; exit 0 clean, 1 errors (or warnings when denied), 2 unreadable input.
pub fn run(files: &[std::path::PathBuf], format: CheckFormat, deny_warnings: bool) -> ExitCode {
    let mut results = Vec::new();
    for f in files {
        let mut sources = Sources::new();
        let (_, diags) = check_file(f, &FsLoader, &mut sources);
        results.push((sources, diags));
    }
    print_diagnostics(&results, format);
    let unreadable = results.iter().any(|(_, d)| io_failure(d));
    let errors = results.iter().any(|(_, d)| d.has_errors());
    let warnings = results.iter().any(|(_, d)| d.has_warnings());
    if unreadable {
        ExitCode::from(2)
    } else if errors || (deny_warnings && warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Compiles one policy, printing its diagnostics to stderr on failure.
pub fn load(file: &Path) -> Result<Checked, ExitCode> {
    let mut sources = Sources::new();
    let (checked, diags) = check_file(file, &FsLoader, &mut sources);
    match checked {
        Some(c) => Ok(c),
        None => {
            let results = vec![(sources, diags)];
            print_diagnostics(&results, CheckFormat::Human);
            Err(ExitCode::from(if io_failure(&results[0].1) {
                2
            } else {
                1
            }))
        }
    }
}

/// `duly graph FILE`.
pub fn graph(file: &Path) -> ExitCode {
    match load(file) {
        Ok(c) => {
            print!("{}", DependencyGraph::build(&c.policy).to_dot(&c.policy));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// `duly compile FILE [-o OUT]`.
pub fn compile(file: &Path, output: Option<&Path>) -> ExitCode {
    let c = match load(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let text = match serde_json::to_string_pretty(&c.policy) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot serialise the compiled policy: {e}");
            return ExitCode::from(2);
        }
    };
    match output {
        Some(path) => match std::fs::write(path, text + "\n") {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                ExitCode::from(2)
            }
        },
        None => {
            println!("{text}");
            ExitCode::SUCCESS
        }
    }
}
