//! The shipped example cases evaluate against their policies without input errors,
//! and together they exercise every status of CASES.md.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

#[test]
fn examples_evaluate_cleanly_and_cover_every_status() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut statuses = BTreeSet::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("examples/cases"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 5, "one example directory per shipped policy");
    for dir in dirs {
        let policy = root.join("policies").join(format!(
            "{}.duly",
            dir.file_name().unwrap().to_string_lossy()
        ));
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        cases.sort();
        let out = Command::new(env!("CARGO_BIN_EXE_duly"))
            .arg("eval")
            .arg("--policy")
            .arg(&policy)
            .args(&cases)
            .args(["--as-of", "2026-11-22", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        // (rule, status) -> count, from the full output.
        let mut tally: BTreeMap<(String, String), u64> = BTreeMap::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for o in v["obligations"].as_array().unwrap() {
                let status = o["status"].as_str().unwrap().to_string();
                statuses.insert(status.clone());
                *tally
                    .entry((o["rule"].as_str().unwrap().to_string(), status))
                    .or_default() += 1;
            }
        }
        // `--summary` evaluates without building any text; its counts must be
        // the same as those of the full run.
        let summary = Command::new(env!("CARGO_BIN_EXE_duly"))
            .arg("eval")
            .arg("--policy")
            .arg(&policy)
            .args(&cases)
            .args(["--as-of", "2026-11-22", "--summary", "--format", "json"])
            .output()
            .unwrap();
        // A standard with several rules has a summary row per rule: add them up.
        let mut summed: BTreeMap<(String, String), u64> = BTreeMap::new();
        for line in String::from_utf8_lossy(&summary.stdout).lines() {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            for status in ["met", "late", "overdue", "pending"] {
                *summed
                    .entry((
                        row["rule"].as_str().unwrap().to_string(),
                        status.to_string(),
                    ))
                    .or_default() += row[status].as_u64().unwrap();
            }
        }
        let mut compared = 0;
        for ((rule, status), n) in &summed {
            let want = tally
                .get(&(rule.clone(), status.clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(*n, want, "{}: rule {rule}, {status}", dir.display());
            compared += want;
        }
        assert!(
            compared > 0,
            "{}: the summary counted nothing",
            dir.display()
        );
    }
    let all = [
        "early",
        "late",
        "met",
        "not_applicable",
        "overdue",
        "pending",
        "undetermined",
        "waived",
    ];
    assert_eq!(
        statuses,
        all.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()
    );
}
