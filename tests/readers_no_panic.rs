//! The case readers never panic, whatever they are given: arbitrary text and
//! bytes, and valid files damaged by cutting, inserting and swapping bytes.
//! Every outcome is a case or an `InputError`.

use duly_compiler::check::{check_file, FsLoader};
use duly_compiler::source::Sources;
use duly_runtime::case::Names;
use duly_runtime::input::{parse_line, read_json_document, Children, CsvReader};
use duly_runtime::ir::Policy;
use proptest::prelude::*;
use std::path::Path;
use std::sync::{Arc, OnceLock};

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/e2e.duly");
        let (checked, _) = check_file(&path, &FsLoader, &mut Sources::new());
        checked.expect("the e2e policy checks").policy
    })
}

const JSONL: &str = include_str!("cases/e2e.jsonl");
const CSV: &str = include_str!("cases/e2e-events.csv");

/// A valid input damaged at one place: bytes cut out, and others put in.
fn damaged(valid: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (
        0..valid.len(),
        0usize..20,
        prop::collection::vec(any::<u8>(), 0..6),
    )
        .prop_map(move |(at, cut, insert)| {
            let mut bytes = valid.as_bytes().to_vec();
            let end = (at + cut).min(bytes.len());
            bytes.splice(at..end, insert);
            bytes
        })
}

fn read_csv(bytes: &[u8]) -> usize {
    CsvReader::new(bytes, "events.csv", policy(), Arc::new(Children::new())).count()
}

fn read_jsonl(text: &str) -> usize {
    let names = Names::new(policy());
    text.lines()
        .enumerate()
        .filter(|(i, l)| parse_line(l, "cases.jsonl", *i as u64 + 1, policy(), &names).is_ok())
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn csv_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_csv(&bytes);
    }

    #[test]
    fn csv_reader_takes_damaged_files(bytes in damaged(CSV)) {
        read_csv(&bytes);
    }

    #[test]
    fn json_readers_take_any_text(text in "\\PC{0,300}") {
        read_jsonl(&text);
        read_json_document(&text, "case.json", policy());
    }

    #[test]
    fn json_readers_take_damaged_files(bytes in damaged(JSONL)) {
        let text = String::from_utf8_lossy(&bytes);
        read_jsonl(&text);
        read_json_document(&text, "case.json", policy());
    }
}

#[test]
fn damage_is_reported_not_dropped() {
    // One row with a column missing: the reader says so rather than skipping it.
    let mut text = CSV.to_string();
    text.push_str("ZZZ,icpc\n");
    let results: Vec<_> = CsvReader::new(
        text.as_bytes(),
        "events.csv",
        policy(),
        Arc::new(Children::new()),
    )
    .collect();
    assert!(results
        .iter()
        .any(|r| r.as_ref().is_err_and(|e| e.message.contains("columns"))));
}

#[test]
fn a_row_that_is_not_utf8_is_named_by_its_line() {
    let mut bytes = b"case,event,at\nA,icpc,2026-01-05\nA,icpc,2026-01-0".to_vec();
    bytes.extend_from_slice(&[0xff, b'\n']);
    let results: Vec<_> = CsvReader::new(
        bytes.as_slice(),
        "events.csv",
        policy(),
        Arc::new(Children::new()),
    )
    .collect();
    let errors: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("events.csv:3") && errors[0].contains("not UTF-8"),
        "{errors:?}"
    );
    assert!(
        results.iter().all(|r| r.is_err()),
        "case A has a bad row and is not read"
    );
}
