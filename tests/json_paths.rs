//! JSON cases are read on a fast path that gives up on anything unusual and a
//! careful path that explains what is wrong. They must never disagree: whatever
//! the fast path reads, the careful path reads the same, and every error still
//! comes out with its location.

use duly_compiler::check::{check_file, FsLoader};
use duly_compiler::source::Sources;
use duly_runtime::case::Names;
use duly_runtime::input::{parse_case_carefully, parse_line};
use duly_runtime::ir::Policy;
use proptest::prelude::*;
use std::path::Path;

const CASES: &str = include_str!("cases/json-paths/cases.jsonl");

fn policy() -> Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/json-paths/policy.duly");
    let (checked, diags) = check_file(&path, &FsLoader, &mut Sources::new());
    assert!(!diags.has_errors(), "{diags:?}");
    checked.expect("the policy checks").policy
}

#[test]
fn both_paths_read_every_line_alike() {
    let policy = policy();
    let names = Names::new(&policy);
    let mut read = 0;
    for (i, line) in CASES.lines().enumerate() {
        let n = i as u64 + 1;
        let either = parse_line(line, "cases.jsonl", n, &policy, &names);
        let careful = parse_case_carefully(line, "cases.jsonl", n, &policy, &names);
        assert_eq!(either, careful, "line {n}: {line}");
        read += usize::from(either.is_ok());
    }
    // Lines A–G are valid (G puts an attribute before the event name, which only
    // the careful path handles); H–P each have one mistake.
    assert_eq!(read, 7);
}

#[test]
fn values_are_read_exactly() {
    let policy = policy();
    let names = Names::new(&policy);
    let a = parse_line(CASES.lines().next().unwrap(), "f", 1, &policy, &names).unwrap();
    let referral = &a.events[0][0];
    assert_eq!(referral.written, "2026-03-27T10:30");
    let attrs: Vec<String> = referral.attrs.iter().map(|v| format!("{v:?}")).collect();
    assert_eq!(attrs.len(), 5);
    assert!(attrs[0].contains("true"), "{attrs:?}");
    assert!(attrs[2].contains("3.5"), "{attrs:?}");
    assert!(attrs[4].contains("a \\\"quoted\\\" note"), "{attrs:?}");
    let c = parse_line(CASES.lines().nth(2).unwrap(), "f", 3, &policy, &names).unwrap();
    assert_eq!(c.id, "42", "a numeric case id reads as its text");
    assert!(c.events[0][0].scheduled);
    assert_eq!(c.events[0][0].id.as_deref(), Some("17"));
    let d = parse_line(CASES.lines().nth(3).unwrap(), "f", 4, &policy, &names).unwrap();
    let visits: Vec<&str> = d.events[1].iter().map(|o| o.written.as_str()).collect();
    assert_eq!(
        visits,
        ["2026-01-02", "2026-01-06T09:00+01:00"],
        "sorted by time"
    );
}

#[test]
fn errors_keep_their_location_and_reason() {
    let policy = policy();
    let names = Names::new(&policy);
    let line = |n: usize| CASES.lines().nth(n - 1).unwrap();
    let err = |n: usize| {
        parse_line(line(n), "cases.jsonl", n as u64, &policy, &names)
            .expect_err("a bad line")
            .to_string()
    };
    assert!(err(10).contains("cases.jsonl:10") && err(10).contains("did you mean `referral`"));
    assert!(err(11).contains("2026-02-30"), "{}", err(11));
    assert!(err(12).contains("purple"), "{}", err(12));
    assert!(
        err(9).contains("`rag` must be a single value"),
        "{}",
        err(9)
    );
    assert!(err(8).contains("gives `event` twice"), "{}", err(8));
}

proptest! {
    /// Damaged lines: both paths still agree, and neither panics.
    #[test]
    fn damaged_lines_read_alike(
        pick in 0usize..16,
        cut in 0usize..300,
        insert in "[\\]\\[{}:,\"a-z0-9 .-]{0,3}",
    ) {
        let policy = policy();
        let names = Names::new(&policy);
        let lines: Vec<&str> = CASES.lines().collect();
        let mut text = lines[pick % lines.len()].to_string();
        let at = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(at, &insert);
        let either = parse_line(&text, "f", 1, &policy, &names);
        let careful = parse_case_carefully(&text, "f", 1, &policy, &names);
        prop_assert_eq!(either, careful);
    }
}
