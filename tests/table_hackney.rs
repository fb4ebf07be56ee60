//! Hackney 2026: every row of the document's own "At a Glance: Timescales for Key Tasks" table
//! must reappear in the generated table under `table.N`, with the same numbers and units.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const POLICY: &str = "policies/hackney-children-and-families-2026.duly";
const SOURCE: &str = "policies/sources/000_2c7a4a06674e9777.txt";

/// A number with its unit, as a timescale states it: `15 working days` is ("15", "working days").
type Pair = (String, String);

/// One row of the document's At a Glance table.
struct GlanceRow {
    task: String,
    timescale: String,
}

/// The rows between the "At a Glance" heading and the next major heading, in order.
///
/// Rows are `task<TAB>timescale`; a line with an empty timescale, or a tab-less line followed
/// by rows, is a group heading ("MASH"); a tab-less line followed by prose ends the table.
fn glance_rows(text: &str) -> Vec<GlanceRow> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "At a Glance: Timescales for Key Tasks")
        .expect("the source has an At a Glance heading line");
    let mut rows = Vec::new();
    let body: Vec<&str> = lines[start + 1..]
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    for (i, line) in body.iter().enumerate() {
        match line.split_once('\t') {
            Some((task, timescale)) if !timescale.trim().is_empty() => rows.push(GlanceRow {
                task: task.trim().to_string(),
                timescale: timescale.trim().to_string(),
            }),
            Some(_) => {}
            None if body.get(i + 1).is_some_and(|next| next.contains('\t')) => {}
            None => break,
        }
    }
    rows
}

fn number(word: &str) -> Option<String> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        return Some((i + 1).to_string());
    }
    let digits = word.replace('½', ".5");
    let digits = digits.trim_end_matches(".0");
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| digits.to_string())
}

/// The unit at `tokens[j..]` and how many tokens it takes.
fn unit(tokens: &[&str], j: usize) -> Option<(&'static str, usize)> {
    let t = *tokens.get(j)?;
    let next = tokens.get(j + 1).copied().unwrap_or_default();
    let unit = match t {
        "working" if next.starts_with("day") => return Some(("working days", 2)),
        "calendar" if next.starts_with("day") => return Some(("days", 2)),
        "hour" | "hours" => "hours",
        "day" | "days" => "days",
        "week" | "weeks" | "weekly" => "weeks",
        "month" | "months" | "monthly" => "months",
        "year" | "years" | "yearly" | "annually" => "years",
        "birthday" => "birthday",
        _ => return None,
    };
    Some((unit, 1))
}

/// Every number-with-unit in a timescale, with whether it sits in brackets (a restatement,
/// as in "6 weekly (30 working days)").
fn pairs(text: &str) -> Vec<(Pair, bool)> {
    let spaced: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '(' => " ( ".to_string(),
            ')' => " ) ".to_string(),
            '-' | ',' | ';' | ':' | '’' | '\'' | '‘' => " ".to_string(),
            c => c.to_string(),
        })
        .collect();
    let tokens: Vec<&str> = spaced
        .split_whitespace()
        .map(|t| t.trim_end_matches('.'))
        .collect();
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match *t {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "fortnightly" => out.push((("2".into(), "weeks".into()), depth > 0)),
            "a" | "an" | "every" | "each" => {
                if let Some((u, _)) = unit(&tokens, i + 1) {
                    out.push((("1".into(), u.into()), depth > 0));
                }
            }
            _ => {
                let n = number(t).or_else(|| {
                    let stem = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                    (t.ends_with("th")
                        || t.ends_with("st")
                        || t.ends_with("nd")
                        || t.ends_with("rd"))
                    .then(|| number(stem))
                    .flatten()
                });
                let Some(n) = n else { continue };
                // "6 and 9 months": skip joining words and further numbers to find the unit.
                let mut j = i + 1;
                while j < tokens.len() && j <= i + 4 {
                    if let Some((u, _)) = unit(&tokens, j) {
                        out.push(((n.clone(), u.to_string()), depth > 0));
                        break;
                    }
                    let joiner =
                        matches!(tokens[j], "and" | "or" | "to") || number(tokens[j]).is_some();
                    if !joiner {
                        break;
                    }
                    j += 1;
                }
            }
        }
    }
    out
}

/// What a generated timescale must contain: each inner list is satisfied by any one of its
/// pairs (a bracketed restatement is an alternative to the pair it restates).
fn requirements(text: &str) -> Vec<Vec<Pair>> {
    let mut reqs: Vec<Vec<Pair>> = Vec::new();
    let mut last_plain: Option<usize> = None;
    for (pair, bracketed) in pairs(text) {
        match (bracketed, last_plain) {
            (true, Some(i)) => reqs[i].push(pair),
            _ => {
                reqs.push(vec![pair]);
                if !bracketed {
                    last_plain = Some(reqs.len() - 1);
                }
            }
        }
    }
    reqs
}

#[test]
fn number_and_unit_extraction() {
    let p = |t: &str| -> Vec<String> {
        requirements(t)
            .iter()
            .map(|alts| {
                alts.iter()
                    .map(|(n, u)| format!("{n} {u}"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect()
    };
    assert_eq!(
        p("Usually within 2 hours of receipt, but always within 24 hours"),
        ["2 hours", "24 hours"]
    );
    assert_eq!(
        p("After plan has been in place for 6 and 9 months"),
        ["6 months", "9 months"]
    );
    assert_eq!(
        p("First meeting within 10 working days of the ICPC and thereafter a minimum of 6 weekly (30 working days)"),
        ["10 working days", "6 weeks | 30 working days"]
    );
    assert_eq!(p("The same day, and again within one week"), ["1 weeks"]);
    assert_eq!(
        p("Before the child's 16th birthday, reviewed at least every 6 months"),
        ["16 birthday", "6 months"]
    );
    assert_eq!(p("Within 15½ years of the start"), ["15.5 years"]);
}

#[test]
fn at_a_glance_rows_are_all_generated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy = root.join(POLICY);
    if !policy.exists() {
        eprintln!(
            "SKIPPED: {POLICY} does not exist yet; this test checks its table against the \
             At a Glance table of {SOURCE} once it does."
        );
        return;
    }
    let source =
        std::fs::read_to_string(root.join(SOURCE)).expect("the Hackney source is readable");
    let rows = glance_rows(&source);
    assert!(
        rows.len() >= 40,
        "expected the At a Glance table's ~48 rows, parsed {}: has the source changed?",
        rows.len()
    );

    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .args(["table", "--format", "csv"])
        .arg(&policy)
        .output()
        .expect("the duly binary runs");
    assert!(
        out.status.success(),
        "duly table {POLICY} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut generated: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    for record in reader.records() {
        let record = record.expect("duly writes well-formed CSV");
        generated
            .entry(record[1].to_string())
            .or_default()
            .push(record[4].to_string());
    }

    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let reference = format!("table.{}", i + 1);
        let Some(timescales) = generated.get(&reference) else {
            problems.push(format!(
                "{reference} ({}): no generated row; the document says “{}”",
                row.task, row.timescale
            ));
            continue;
        };
        let found: Vec<Pair> = timescales
            .iter()
            .flat_map(|t| pairs(t))
            .map(|(p, _)| p)
            .collect();
        for alternatives in requirements(&row.timescale) {
            if !alternatives.iter().any(|p| found.contains(p)) {
                let wanted: Vec<String> = alternatives
                    .iter()
                    .map(|(n, u)| format!("{n} {u}"))
                    .collect();
                problems.push(format!(
                    "{reference} ({}): the document says “{}” but the generated {} lacks {}",
                    row.task,
                    row.timescale,
                    timescales
                        .iter()
                        .map(|t| format!("“{t}”"))
                        .collect::<Vec<_>>()
                        .join(" / "),
                    wanted.join(" or ")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} At a Glance rows do not match:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
