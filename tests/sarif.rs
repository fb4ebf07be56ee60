//! `--format sarif` output validates against the official SARIF 2.1.0 JSON schema
//! (`tests/fixtures/sarif-schema-2.1.0.json`, the OASIS schema as bundled by the
//! serde-sarif crate), so code-scanning services accept what `duly check` uploads.

use duly_compiler::check::{check_str, MemoryLoader};
use duly_compiler::diagnostic::Diagnostic;
use duly_compiler::render;
use duly_compiler::source::Sources;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).expect("the schema fixture is readable");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn errors(v: &jsonschema::Validator, log: &Value) -> Vec<String> {
    v.iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

/// Every diagnostic of every `tests/ui` file, as one SARIF log (errors, warnings, notes,
/// related locations with standard references, several files in one run).
fn catalogue_log() -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/ui exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    let runs: Vec<(Sources, Vec<Diagnostic>)> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("fixture is readable");
            let name = format!(
                "tests/ui/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            );
            let (_, sources, diags) = check_str(&name, &text, &MemoryLoader::default());
            (sources, diags.0)
        })
        .collect();
    let all: Vec<(&Diagnostic, &Sources)> = runs
        .iter()
        .flat_map(|(s, ds)| ds.iter().map(move |d| (d, s)))
        .collect();
    assert!(all.len() > 30, "the catalogue has a diagnostic per code");
    render::sarif(&all)
}

#[test]
fn sarif_of_every_diagnostic_is_valid_sarif_2_1_0() {
    let log = catalogue_log();
    let found = errors(&validator(), &log);
    assert!(found.is_empty(), "schema violations:\n{}", found.join("\n"));
    let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert!(results > 30);
    // Related locations carry the standard references of the rules involved.
    let text = log.to_string();
    assert!(
        text.contains("(standard table.1)"),
        "related locations name their standard"
    );
}

#[test]
fn the_schema_rejects_what_sarif_forbids() {
    // The test above can fail: the schema is enforced, not merely parsed.
    let mut log = catalogue_log();
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!errors(&validator(), &log).is_empty());
    let mut log = catalogue_log();
    log["version"] = Value::from("2.0.0");
    assert!(!errors(&validator(), &log).is_empty());
}

#[test]
fn duly_check_format_sarif_is_valid() {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/W001_conflicting_deadlines.duly");
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .args(["check", "--format", "sarif"])
        .arg(&file)
        .output()
        .expect("duly runs");
    let log: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    let found = errors(&validator(), &log);
    assert!(found.is_empty(), "schema violations:\n{}", found.join("\n"));
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "W001");
}
