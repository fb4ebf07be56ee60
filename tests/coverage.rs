//! Coverage: every numbered paragraph of each source document that sets a
//! timescale has a standard in its policy.
//!
//! Each `policies/coverage/<policy>.txt` names the source text, regexes that
//! extract references from it (`pattern`, optionally prefixed by the current
//! `chapter`), references the regexes cannot see (`expect`), and an explicit,
//! commented allow-list of paragraphs that set no timescale (`allow`). The test
//! fails when a reference found in the text, or expected, is neither encoded nor
//! allowed, and when an allowed reference is encoded after all.

use duly_compiler::check::{check_file, FsLoader};
use duly_compiler::source::Sources;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

struct Manifest {
    source: String,
    patterns: Vec<Regex>,
    chapters: Vec<(String, Regex)>,
    chapter_patterns: Vec<Regex>,
    allow: BTreeSet<String>,
    expect: BTreeSet<String>,
}

fn manifest(path: &Path) -> Manifest {
    let text = std::fs::read_to_string(path).expect("manifest readable");
    let mut m = Manifest {
        source: String::new(),
        patterns: Vec::new(),
        chapters: Vec::new(),
        chapter_patterns: Vec::new(),
        allow: BTreeSet::new(),
        expect: BTreeSet::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        // Comments start at ` #` (a regex may itself contain `#` only when not preceded by a space).
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        let re = |r: &str| {
            Regex::new(&format!("(?m){r}"))
                .unwrap_or_else(|e| panic!("{}:{}: bad regex: {e}", path.display(), n + 1))
        };
        match directive {
            "source" => m.source = rest.to_string(),
            "pattern" => m.patterns.push(re(rest)),
            "chapter-pattern" => m.chapter_patterns.push(re(rest)),
            "chapter" => {
                let (prefix, heading) = rest
                    .split_once(char::is_whitespace)
                    .expect("chapter PREFIX REGEX");
                m.chapters.push((prefix.to_string(), re(heading.trim())));
            }
            "allow" => {
                m.allow
                    .insert(rest.split_whitespace().next().unwrap_or("").to_string());
            }
            "expect" => {
                m.expect
                    .insert(rest.split_whitespace().next().unwrap_or("").to_string());
            }
            other => panic!("{}:{}: unknown directive `{other}`", path.display(), n + 1),
        }
    }
    m
}

/// References the manifest's regexes find in the source text.
fn references_in_source(m: &Manifest, text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut chapter: Option<&str> = None;
    for line in text.lines() {
        if let Some((prefix, _)) = m.chapters.iter().find(|(_, re)| re.is_match(line)) {
            chapter = Some(prefix);
        }
        for re in &m.patterns {
            for c in re.captures_iter(line) {
                found.insert(c[1].to_string());
            }
        }
        if let Some(prefix) = chapter {
            for re in &m.chapter_patterns {
                for c in re.captures_iter(line) {
                    found.insert(format!("{prefix}.{}", &c[1]));
                }
            }
        }
    }
    found
}

fn encoded(policy: &Path) -> BTreeSet<String> {
    let mut sources = Sources::new();
    let (checked, diags) = check_file(policy, &FsLoader, &mut sources);
    let checked = checked.unwrap_or_else(|| {
        let errors: Vec<String> = diags
            .0
            .iter()
            .map(|d| duly_compiler::render::human(d, &sources))
            .collect();
        panic!(
            "{} does not compile:\n{}",
            policy.display(),
            errors.join("\n")
        )
    });
    checked
        .policy
        .standards
        .iter()
        .map(|s| s.reference.clone())
        .collect()
}

#[test]
fn every_timescale_paragraph_is_encoded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut manifests: Vec<_> = std::fs::read_dir(root.join("policies/coverage"))
        .expect("coverage dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    manifests.sort();
    assert!(!manifests.is_empty(), "no coverage manifests");
    let mut problems = Vec::new();
    for path in manifests {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let policy = root.join("policies").join(format!("{stem}.duly"));
        let m = manifest(&path);
        let source = std::fs::read_to_string(root.join("policies/sources").join(&m.source))
            .expect("source text");
        let in_text = references_in_source(&m, &source);
        let encoded = encoded(&policy);
        let required: BTreeSet<&String> = in_text.iter().chain(&m.expect).collect();
        let missing: Vec<&&String> = required
            .iter()
            .filter(|r| !encoded.contains(**r) && !m.allow.contains(**r))
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "{stem}: references with no standard and not allowed: {missing:?}"
            ));
        }
        let stale: Vec<&String> = m.allow.iter().filter(|r| encoded.contains(*r)).collect();
        if !stale.is_empty() {
            problems.push(format!(
                "{stem}: allowed as setting no timescale, yet encoded: {stale:?}"
            ));
        }
        let both: Vec<&String> = m.allow.intersection(&m.expect).collect();
        if !both.is_empty() {
            problems.push(format!("{stem}: both allowed and expected: {both:?}"));
        }
        if m.patterns.is_empty() && m.chapter_patterns.is_empty() && m.expect.is_empty() {
            problems.push(format!("{stem}: the manifest finds no references at all"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
