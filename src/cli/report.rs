//! Printing diagnostics in the format the user asked for.

use super::CheckFormat;
use duly_compiler::diagnostic::{Diagnostics, Severity};
use duly_compiler::render;
use duly_compiler::source::Sources;

/// Prints every diagnostic of every checked file, then (human format) a summary line.
pub fn print_diagnostics(results: &[(Sources, Diagnostics)], format: CheckFormat) {
    match format {
        CheckFormat::Human => {
            let (mut errors, mut warnings) = (0, 0);
            for (sources, diags) in results {
                for d in &diags.0 {
                    eprint!("{}", render::human(d, sources));
                    match d.severity() {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        Severity::Info => {}
                    }
                }
            }
            if errors + warnings > 0 {
                eprintln!(
                    "{errors} error(s), {warnings} warning(s) in {} file(s)",
                    results.len()
                );
            }
        }
        CheckFormat::Json => {
            for (sources, diags) in results {
                for d in &diags.0 {
                    println!("{}", render::json(d, sources));
                }
            }
        }
        CheckFormat::Github => {
            for (sources, diags) in results {
                for d in &diags.0 {
                    println!("{}", render::github(d, sources));
                }
            }
        }
        CheckFormat::Sarif => {
            let all: Vec<_> = results
                .iter()
                .flat_map(|(s, ds)| ds.0.iter().map(move |d| (d, s)))
                .collect();
            let log = render::sarif(&all);
            println!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
        }
    }
}
