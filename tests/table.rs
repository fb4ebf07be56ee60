//! `duly table` end to end: the Markdown table of every shipped policy as an insta snapshot
//! (reviewers read the wording in `tests/snapshots/`), and the HTML and CSV shapes.

use std::path::Path;
use std::process::Command;

/// Runs `duly table FILE ARGS…`: its standard output, or why it failed.
fn try_table(file: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("table")
        .arg(file)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run duly: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "duly table {} {args:?} failed ({}):\n{}",
            file.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("the table is not UTF-8: {e}"))
}

/// Runs `duly table FILE ARGS…` and returns its standard output, failing on a non-zero exit.
fn table(file: &Path, args: &[&str]) -> String {
    try_table(file, args).unwrap_or_else(|e| panic!("{e}"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_policies() {
    // Covers whatever policies exist; each new one needs its snapshot accepted after reading it.
    let mut settings = insta::Settings::clone_current();
    settings.set_allow_empty_glob(true);
    settings.set_prepend_module_to_snapshot(true);
    let mut failures = Vec::new();
    settings.bind(|| {
        insta::glob!("../policies", "*.duly", |path| {
            // A policy that does not compile has no table; report it after the others ran.
            match try_table(path, &[]) {
                Ok(text) => insta::assert_snapshot!(text),
                Err(e) => failures.push(e),
            }
        });
    });
    assert!(
        failures.is_empty(),
        "{} shipped policies have no table:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn quickstart() {
    let path = root().join("examples/quickstart.duly");
    insta::assert_snapshot!(table(&path, &[]));
    insta::assert_snapshot!("quickstart_with_quotes", table(&path, &["--with-quotes"]));
}

#[test]
fn html_page_is_self_contained_and_accessible() {
    let page = table(
        &root().join("examples/quickstart.duly"),
        &["--format", "html", "--with-quotes"],
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"en-GB\">"));
    assert!(page.contains("<caption><h2>6. Initial Child Protection Conferences</h2></caption>"));
    assert!(page.contains("<th scope=\"col\">Timescale</th>"));
    assert!(page.contains("<th scope=\"row\">Initial Child Protection Conference</th>"));
    assert!(page.contains("@media print"));
    for outside in ["<script", "<link", "src=", "http://", "https://"] {
        assert!(
            !page.contains(outside),
            "the page must not load `{outside}`"
        );
    }
}

#[test]
fn csv_has_one_row_per_rule() {
    let text = table(
        &root().join("examples/quickstart.duly"),
        &["--format", "csv"],
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "section",
            "reference",
            "standard",
            "task",
            "timescale",
            "responsibility"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "6.1");
    assert_eq!(
        &rows[0][4],
        "Within 15 working days of the Strategy Discussion, where s47 agreed"
    );
}

#[test]
fn unreadable_policy_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .args(["table", "no/such/policy.duly"])
        .output()
        .expect("the duly binary runs");
    assert_eq!(out.status.code(), Some(2));
}
