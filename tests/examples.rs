//! The shipped example cases evaluate against their policies without input errors,
//! and together they exercise every status of CASES.md.

use std::collections::BTreeSet;
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
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for o in v["obligations"].as_array().unwrap() {
                statuses.insert(o["status"].as_str().unwrap().to_string());
            }
        }
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
