//! `docs/FINDINGS.md` lists every diagnostic `duly check` prints on the five
//! shipped policies, and nothing else, so the page cannot go stale.
//!
//! Each diagnostic is listed under a marker
//! `<!-- finding: CODE POLICY REF… [count=N] -->`, where the references are the
//! standards involved (the diagnostic's `reference`, then those of its
//! `related` entries). The test fails when a diagnostic has no marker, when a
//! marker names no diagnostic (the clash was fixed, or the lint changed), when
//! a marker sits in another document's section, when a section's counts line
//! (`N × CODE`, beside `<!-- counts: POLICY -->`) is wrong, and when a
//! statement duly keeps in words (`TASK when "…"`, `every term`) is missing from
//! the page (`<!-- in-words: POLICY REF -->`) or listed there without being in a
//! policy.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const POLICIES: [&str; 5] = [
    "hackney-children-and-families-2026",
    "hackney-family-support-2022",
    "newham",
    "tower-hamlets-2023",
    "wokingham-2020",
];

const PAGE: &str = "docs/FINDINGS.md";

/// What identifies a finding: its code, its policy and the standards involved.
/// The standards are compared as a set, so their order in a marker is free.
type Key = (String, String, BTreeSet<String>);

struct Diagnostic {
    code: String,
    policy: String,
    /// The standards involved, each once, in the order duly gives them.
    refs: Vec<String>,
    severity: String,
    line: u64,
    message: String,
}

impl Diagnostic {
    fn key(&self) -> Key {
        (
            self.code.clone(),
            self.policy.clone(),
            self.refs.iter().cloned().collect(),
        )
    }
}

struct Marker {
    count: usize,
    line: usize,
}

/// The marker a diagnostic (or `n` diagnostics with the same standards) needs.
fn marker_for(d: &Diagnostic, n: usize) -> String {
    let mut words = vec![d.code.clone(), d.policy.clone()];
    words.extend(d.refs.iter().cloned());
    if n > 1 {
        words.push(format!("count={n}"));
    }
    format!("<!-- finding: {} -->", words.join(" "))
}

/// Runs `duly check --format json` on one shipped policy.
fn check(root: &Path, policy: &str, problems: &mut Vec<String>) -> Vec<Diagnostic> {
    let path = format!("policies/{policy}.duly");
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .current_dir(root)
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("duly runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        problems.push(format!(
            "`duly check {path}` failed (exit {:?}): the shipped policies must check with no \
             errors.\n{stdout}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut found = Vec::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{path}: `duly check --format json` printed {line:?}: {e}"));
        let mut refs: Vec<String> = Vec::new();
        let related = v["related"].as_array().cloned().unwrap_or_default();
        let all = std::iter::once(&v["reference"]).chain(related.iter().map(|r| &r["reference"]));
        for r in all.filter_map(|r| r.as_str()) {
            if !refs.iter().any(|x| x == r) {
                refs.push(r.to_string());
            }
        }
        found.push(Diagnostic {
            code: v["code"].as_str().unwrap_or("?").to_string(),
            policy: policy.to_string(),
            refs,
            severity: v["severity"].as_str().unwrap_or("?").to_string(),
            line: v["line"].as_u64().unwrap_or(0),
            message: v["message"].as_str().unwrap_or("").to_string(),
        });
    }
    found
}

/// Standards with a rule whose timescale duly keeps in words and computes no
/// date for (`TASK when "…"`, `every term`), as (policy, reference), read from
/// the compiled IR (`timing.unquantified`, or `timing.termly` in a policy that
/// declares no school terms).
fn in_words(root: &Path) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for policy in POLICIES {
        let out = Command::new(env!("CARGO_BIN_EXE_duly"))
            .current_dir(root)
            .arg("compile")
            .arg(format!("policies/{policy}.duly"))
            .output()
            .expect("duly runs");
        assert!(
            out.status.success(),
            "duly compile policies/{policy}.duly failed"
        );
        let ir: serde_json::Value = serde_json::from_slice(&out.stdout).expect("IR is JSON");
        let no_terms = ir["terms"].as_array().is_none_or(|t| t.is_empty());
        for rule in ir["rules"].as_array().into_iter().flatten() {
            let termly = rule["timing"].get("termly").is_some() && no_terms;
            if rule["timing"].get("unquantified").is_none() && !termly {
                continue;
            }
            let standard = rule["standard"]
                .as_u64()
                .and_then(|i| ir["standards"].get(i as usize));
            if let Some(reference) = standard.and_then(|s| s["reference"].as_str()) {
                found.insert((policy.to_string(), reference.to_string()));
            }
        }
    }
    found
}

#[test]
fn findings_page_lists_every_diagnostic_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();

    let mut reported: BTreeMap<Key, Vec<Diagnostic>> = BTreeMap::new();
    let mut per_code: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for policy in POLICIES {
        for d in check(root, policy, &mut problems) {
            *per_code
                .entry(policy.to_string())
                .or_default()
                .entry(d.code.clone())
                .or_default() += 1;
            reported.entry(d.key()).or_default().push(d);
        }
    }

    let page = std::fs::read_to_string(root.join(PAGE)).expect("docs/FINDINGS.md readable");
    let comment = Regex::new(r"<!--\s*(finding|counts|in-words):\s*(.*?)\s*-->").unwrap();
    let tally = Regex::new(r"(\d+) × ([A-Z]\d{3})").unwrap();
    let code_shape = Regex::new(r"^[A-Z]\d{3}$").unwrap();
    let mut listed: BTreeMap<Key, Vec<Marker>> = BTreeMap::new();
    let mut counts_lines: BTreeMap<String, usize> = BTreeMap::new();
    let mut words_listed = BTreeSet::new();
    let mut section: Option<String> = None;
    let mut fenced = false;
    for (i, text) in page.lines().enumerate() {
        let n = i + 1;
        if text.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        for c in comment.captures_iter(text) {
            let words: Vec<&str> = c[2].split_whitespace().collect();
            match &c[1] {
                "counts" => {
                    let [policy] = words[..] else {
                        problems.push(format!("{PAGE}:{n}: write `<!-- counts: POLICY -->`"));
                        continue;
                    };
                    if !POLICIES.contains(&policy) {
                        problems.push(format!("{PAGE}:{n}: `{policy}` is not a shipped policy"));
                        continue;
                    }
                    if counts_lines.insert(policy.to_string(), n).is_some() {
                        problems.push(format!("{PAGE}:{n}: a second counts line for `{policy}`"));
                    }
                    section = Some(policy.to_string());
                    let on_page: BTreeMap<String, usize> = tally
                        .captures_iter(text)
                        .map(|t| (t[2].to_string(), t[1].parse().unwrap_or(0)))
                        .collect();
                    let actual = per_code.get(policy).cloned().unwrap_or_default();
                    if on_page != actual {
                        let say = |m: &BTreeMap<String, usize>| {
                            m.iter()
                                .map(|(code, k)| format!("{k} × {code}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        problems.push(format!(
                            "{PAGE}:{n}: the counts line for policies/{policy}.duly says {}, but \
                             `duly check` now prints {}; correct the line (and the findings).",
                            say(&on_page),
                            say(&actual)
                        ));
                    }
                }
                "in-words" => match words[..] {
                    [policy, reference] => {
                        words_listed.insert((policy.to_string(), reference.to_string()));
                    }
                    _ => problems.push(format!(
                        "{PAGE}:{n}: write `<!-- in-words: POLICY REFERENCE -->`"
                    )),
                },
                _ => {
                    let (code, policy) = match words[..] {
                        [code, policy, ..] if code_shape.is_match(code) => (code, policy),
                        _ => {
                            problems.push(format!(
                                "{PAGE}:{n}: write `<!-- finding: CODE POLICY REF… [count=N] -->`, \
                                 not `{}`",
                                &c[0]
                            ));
                            continue;
                        }
                    };
                    if !POLICIES.contains(&policy) {
                        problems.push(format!("{PAGE}:{n}: `{policy}` is not a shipped policy"));
                        continue;
                    }
                    if section.as_deref() != Some(policy) {
                        problems.push(format!(
                            "{PAGE}:{n}: the marker for `{policy}` is outside that document's \
                             section (it starts at the line with `<!-- counts: {policy} -->`)"
                        ));
                    }
                    let mut count = 1;
                    let mut refs = BTreeSet::new();
                    for w in &words[2..] {
                        match w.strip_prefix("count=") {
                            Some(k) => match k.parse() {
                                Ok(k) if k > 1 => count = k,
                                _ => problems
                                    .push(format!("{PAGE}:{n}: `{w}`: write count=N, N > 1")),
                            },
                            None => {
                                refs.insert(w.to_string());
                            }
                        }
                    }
                    let key = (code.to_string(), policy.to_string(), refs);
                    listed
                        .entry(key)
                        .or_default()
                        .push(Marker { count, line: n });
                }
            }
        }
    }

    for policy in POLICIES {
        if !counts_lines.contains_key(policy) {
            problems.push(format!(
                "{PAGE} has no section for policies/{policy}.duly: add one with a line \
                 `N × CODE … <!-- counts: {policy} -->`"
            ));
        }
    }

    let keys: BTreeSet<&Key> = reported.keys().chain(listed.keys()).collect();
    for key in keys {
        let found = reported.get(key).map(Vec::as_slice).unwrap_or_default();
        let marks = listed.get(key).map(Vec::as_slice).unwrap_or_default();
        let on_page: usize = marks.iter().map(|m| m.count).sum();
        let (code, policy, refs) = key;
        let standards = refs.iter().cloned().collect::<Vec<_>>().join(", ");
        if found.len() > on_page {
            let each = found
                .iter()
                .map(|d| {
                    format!(
                        "    {code} ({}) at policies/{policy}.duly:{}: {}",
                        d.severity, d.line, d.message
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            let marker = marker_for(&found[0], found.len());
            let what = if found.iter().all(|d| d.severity == "info") {
                format!(
                    "  List it in the {code} table of the section for policies/{policy}.duly, \
                     with this marker in the row's first cell:\n    {marker}"
                )
            } else {
                format!(
                    "  If it is a genuine inconsistency in the document, describe it as a finding \
                     in the section for policies/{policy}.duly (both references, both quotes, the \
                     consequence for a case) and put this line under its heading:\n    {marker}\n  \
                     If it is an encoding slip, fix the policy; if the lint is wrong, silence it \
                     there with `# duly: allow {code} — <reason>`."
                )
            };
            problems.push(format!(
                "`duly check` prints {} × {code} on {standards} in policies/{policy}.duly, but \
                 {PAGE} lists {on_page}:\n{each}\n{what}",
                found.len()
            ));
        } else if on_page > found.len() {
            let lines = marks
                .iter()
                .map(|m| format!("{PAGE}:{}", m.line))
                .collect::<Vec<_>>()
                .join(", ");
            let now = if found.is_empty() {
                "none".to_string()
            } else {
                found.len().to_string()
            };
            problems.push(format!(
                "{lines}: the marker(s) for {code} on {standards} in policies/{policy}.duly list \
                 {on_page}, but `duly check` now prints {now}. If the clash was fixed in the \
                 document or the policy, remove the marker and its finding (or move the finding \
                 to the ones `duly check` does not report); otherwise correct the count.",
            ));
        }
    }

    let in_policies = in_words(root);
    for (policy, reference) in in_policies.difference(&words_listed) {
        problems.push(format!(
            "policies/{policy}.duly: standard {reference} has a rule whose timescale is kept in \
             words, with no date computed; list it under \"Statements duly records but does not compute\" with \
             `<!-- in-words: {policy} {reference} -->`, its quote and why no date is computed"
        ));
    }
    for (policy, reference) in words_listed.difference(&in_policies) {
        problems.push(format!(
            "{PAGE}: `<!-- in-words: {policy} {reference} -->` names a standard with no rule \
             kept in words in policies/{policy}.duly; remove its row"
        ));
    }

    assert!(
        problems.is_empty(),
        "{} problem(s) with {PAGE}:\n\n{}\n",
        problems.len(),
        problems.join("\n\n")
    );
}
