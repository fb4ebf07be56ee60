//! End-to-end: `duly eval … --format html`, the case report. Each test holds the page to
//! the JSON output of the same run (dates, statuses, summary numbers) or to a property any
//! browser relies on (escaping, balanced elements).

use regex::Regex;
use serde_json::Value;
use std::path::{Path, PathBuf};

const POLICY: &str = "tests/cases/e2e.duly";
const CASES: &str = "tests/cases/e2e.jsonl";
const AS_OF: &str = "2026-12-20";

mod common;

use common::duly;

/// `duly eval` with `extra` arguments after the case files; fails the test on a non-zero exit.
fn eval(policy: &str, cases: &[&str], extra: &[&str]) -> String {
    let mut args = vec!["eval", "--policy", policy];
    args.extend(cases);
    args.extend(["--as-of", AS_OF]);
    args.extend(extra);
    let (code, out, err) = duly(&args);
    assert_eq!(code, 0, "duly {args:?} failed: {err}");
    out
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect()
}

/// The report's anchor for an id of letters, digits and hyphens.
fn anchor(id: &str) -> String {
    assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    format!("case-{id}")
}

/// The element with `id="…"`, from its start tag to the end of its line (rows are one line).
fn line_with_id<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let end = page[start..].find('\n').map_or(page.len(), |n| start + n);
    &page[start..end]
}

/// A file under Cargo's scratch directory for integration tests.
fn scratch(name: &str, text: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("scratch file written");
    path
}

#[test]
fn every_obligation_shows_its_due_date_and_status_from_the_json() {
    let page = eval(POLICY, &[CASES], &["--format", "html"]);
    let cases = json_lines(&eval(POLICY, &[CASES], &["--format", "json"]));
    let mut checked = 0;
    for case in &cases {
        let id = case["case"].as_str().unwrap();
        for (i, o) in case["obligations"].as_array().unwrap().iter().enumerate() {
            let row = line_with_id(&page, &format!("{}-o{i}", anchor(id)));
            assert!(
                row.contains(&format!(
                    "<th scope=\"row\">{}</th>",
                    o["rule"].as_str().unwrap()
                )),
                "{id} #{i}: {row}"
            );
            let status = o["status"].as_str().unwrap();
            assert!(
                row.contains(&format!("class=\"st s-{status}\"")),
                "{id} #{i}: {row}"
            );
            if let Some(due) = o["due"].as_str() {
                assert!(
                    row.contains(&format!("datetime=\"{due}\"")),
                    "{id} #{i}: {row}"
                );
            }
            if let Some(late) = o["late_by"].as_str() {
                assert!(
                    row.contains(&format!("<td>{late}</td>")),
                    "{id} #{i}: {row}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} obligations");
    // The hand-checked Christmas ICPC (tests/eval.rs): due Wed 13 Jan 2027, held a day late.
    let xmas = line_with_id(&page, "case-XMAS-o0");
    assert!(
        xmas.contains("<time datetime=\"2027-01-13\">Wed 13 Jan 2027</time>"),
        "{xmas}"
    );
    assert!(
        xmas.contains(">Late</span>") && xmas.contains("1 working day"),
        "{xmas}"
    );
    // Its explanation is in the row, behind "Why".
    assert!(xmas.contains("<summary>Why</summary>"), "{xmas}");
    assert!(xmas.contains("skipping Fri 25 Dec 2026, Mon 28 Dec 2026 and Fri 1 Jan 2027"));
}

#[test]
fn every_case_has_a_section_and_a_timeline_and_few_cases_start_open() {
    let page = eval(POLICY, &[CASES], &["--format", "html"]);
    let cases = json_lines(&eval(POLICY, &[CASES], &["--format", "json"]));
    assert_eq!(cases.len(), 5);
    for case in &cases {
        let id = case["case"].as_str().unwrap();
        let section = line_with_id(&page, &anchor(id));
        assert!(
            section.starts_with(&format!("id=\"{}\" open>", anchor(id))),
            "{section}"
        );
        assert!(page.contains(&format!("<h3>Case <span class=\"id\">{id}</span></h3>")));
        assert!(
            page.contains(&format!("aria-labelledby=\"{}-tl\"", anchor(id))) || id == "UNKNOWN"
        );
    }
    assert_eq!(page.matches("<details class=\"case\"").count(), 5);
    // Cases with overdue obligations are listed first, linked to their sections.
    let attention =
        &page[page.find("id=\"attention\"").unwrap()..page.find("id=\"cases\"").unwrap()];
    for case in &cases {
        let id = case["case"].as_str().unwrap();
        let overdue = case["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["status"] == "overdue");
        assert_eq!(
            attention.contains(&format!("href=\"#{}\"", anchor(id))),
            overdue,
            "{id} in the list of cases with overdue obligations"
        );
    }
}

#[test]
fn summary_numbers_equal_the_json_summary() {
    let newham: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/newham"))
            .expect("examples/cases/newham")
            .map(|e| e.unwrap().path().display().to_string())
            .filter(|p| p.ends_with(".json"))
            .collect();
    let newham: Vec<&str> = newham.iter().map(String::as_str).collect();
    let row = Regex::new(
        r#"<tr><th scope="row">([^<]*)</th><td>[^<]*</td>((?:<td class="num[^"]*">[^<]*</td>){8})"#,
    )
    .unwrap();
    let cell = Regex::new(r#"<td class="num[^"]*">([^<]*)</td>"#).unwrap();
    let item = Regex::new(r"<li><b>([^<]*)</b>").unwrap();
    for (policy, cases) in [(POLICY, vec![CASES]), ("policies/newham.duly", newham)] {
        let page = eval(policy, &cases, &["--format", "html"]);
        let json = json_lines(&eval(policy, &cases, &["--summary", "--format", "json"]));
        let body = &page[page.find("<tbody>").unwrap()..page.find("</tbody>").unwrap()];
        let mut rows = row.captures_iter(body).peekable();
        // Rules that applied to no case are listed after the table, in order.
        let unused = page.find("<details class=\"unused\">").map_or("", |at| {
            &page[at..at + page[at..].find("</details>").unwrap()]
        });
        let mut unused = item.captures_iter(unused).map(|c| c[1].to_string());
        for j in &json {
            let rule = j["rule"].as_str().unwrap();
            // A rule with nothing applicable is in the table only when some were undetermined.
            let in_table = rows.peek().is_some_and(|r| {
                &r[1] == rule
                    && r[2].starts_with(&format!("<td class=\"num\">{}<", j["applicable"]))
            });
            if j["applicable"] == 0 && !in_table {
                assert_eq!(
                    unused.next().as_deref(),
                    Some(rule),
                    "{policy}: {rule} listed as unused"
                );
                continue;
            }
            let html = rows
                .next()
                .unwrap_or_else(|| panic!("{policy}: no row for {rule}"));
            assert_eq!(&html[1], rule, "{policy}");
            let n: Vec<String> = cell
                .captures_iter(&html[2])
                .map(|c| c[1].replace(',', ""))
                .collect();
            for (k, key) in [
                (0, "applicable"),
                (1, "met"),
                (2, "late"),
                (3, "overdue"),
                (4, "pending"),
            ] {
                assert_eq!(n[k], j[key].to_string(), "{policy} {rule} {key}");
            }
            let pct = match j["on_time_percent"].as_f64() {
                Some(p) => format!("{p:.1}%"),
                None => "–".to_string(),
            };
            assert_eq!(n[7], pct, "{policy} {rule} on time");
        }
        assert!(
            rows.next().is_none() && unused.next().is_none(),
            "{policy}: no extra rows"
        );
        let cases_line = format!("Across {} case", json_cases(policy, &cases));
        assert!(page.contains(&cases_line), "{policy}: {cases_line}");
    }
}

/// How many cases `--format json` reports.
fn json_cases(policy: &str, cases: &[&str]) -> usize {
    json_lines(&eval(policy, cases, &["--format", "json"])).len()
}

#[test]
fn case_ids_and_text_are_escaped() {
    let file = scratch(
        "report-escape.jsonl",
        r#"{"case":"<C&1>\"q'","events":[{"event":"contact","at":"2026-11-02T10:00"}]}
{"case":"<script>alert(1)</script>","events":[{"event":"strategy_discussion","at":"2026-11-02","s47_agreed":true}]}
"#,
    );
    let page = eval(POLICY, &[file.to_str().unwrap()], &["--format", "html"]);
    assert!(page.contains("<span class=\"id\">&lt;C&amp;1&gt;&quot;q&#39;</span>"));
    assert!(page.contains("id=\"case-_3cC_261_3e_22q_27\""));
    assert!(!page.contains("<C&1>") && !page.contains("<script"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    well_formed(&page);
}

/// Elements nest and close, and every `<` outside the stylesheet opens a tag.
fn well_formed(page: &str) {
    const VOID: [&str; 4] = ["meta", "br", "col", "hr"];
    let style_start = page.find("<style>").expect("a stylesheet");
    let style_end = page.find("</style>").expect("a closed stylesheet");
    let text = format!("{}{}", &page[..style_start], &page[style_end + 8..]);
    let tag = Regex::new(r#"^<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*?)?(/?)>"#).unwrap();
    let mut open: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(n) = text[at..].find('<') {
        at += n;
        let rest = &text[at..];
        if rest.starts_with("<!DOCTYPE html>") {
            at += 1;
            continue;
        }
        let m = tag
            .captures(rest)
            .unwrap_or_else(|| panic!("a `<` that opens no tag: {}", &rest[..rest.len().min(80)]));
        let name = m[2].to_ascii_lowercase();
        if &m[1] == "/" {
            let top = open.pop();
            assert_eq!(
                top.as_deref(),
                Some(name.as_str()),
                "</{name}> closes {top:?}"
            );
        } else if m[3].is_empty() && !VOID.contains(&name.as_str()) {
            open.push(name);
        }
        at += m[0].len();
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
}

#[test]
fn pages_are_well_formed() {
    well_formed(&eval(POLICY, &[CASES], &["--format", "html"]));
    well_formed(&eval(POLICY, &[CASES], &["--format", "html", "--summary"]));
    let tower: Vec<String> = std::fs::read_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/tower-hamlets-2023"),
    )
    .expect("examples")
    .map(|e| e.unwrap().path().display().to_string())
    .collect();
    let tower: Vec<&str> = tower.iter().map(String::as_str).collect();
    well_formed(&eval(
        "policies/tower-hamlets-2023.duly",
        &tower,
        &["--format", "html"],
    ));
}

#[test]
fn summary_flag_makes_a_summary_only_page() {
    let page = eval(POLICY, &[CASES], &["--format", "html", "--summary"]);
    assert!(page.contains("<section id=\"summary\">"));
    assert!(page.contains("This page shows the summary only; 5 cases are counted above."));
    assert!(!page.contains("<details class=\"case\""));
}

#[test]
fn large_caseloads_are_capped_and_the_page_says_so() {
    let n = 1_100;
    let mut text = String::new();
    for i in 0..n {
        // Every third case has an overdue decision (contact long before the as-of date).
        let at = if i % 3 == 0 {
            "2026-11-02T10:00"
        } else {
            "2027-01-04T10:00"
        };
        text.push_str(&format!(
            "{{\"case\":\"L-{i:04}\",\"events\":[{{\"event\":\"contact\",\"at\":\"{at}\"}}]}}\n"
        ));
    }
    let file = scratch("report-large.jsonl", &text);
    let page = eval(POLICY, &[file.to_str().unwrap()], &["--format", "html"]);
    assert!(
        page.contains("The first 1,000 of 1,100 cases are shown in full"),
        "the cap is stated"
    );
    assert_eq!(page.matches("<details class=\"case\" id=").count(), 1_000);
    assert!(
        !page.contains("<details class=\"case\" id=\"case-L-0000\" open>"),
        "many cases start closed"
    );
    assert!(page.contains("<caption><h3>Cases 1,001 to 1,100, by counts</h3></caption>"));
    for i in [0, 999, 1_000, 1_099] {
        let id = format!("L-{i:04}");
        let element = line_with_id(&page, &anchor(&id));
        if i < 1_000 {
            let section = format!("<details class=\"case\" id=\"{}\">\n<summary>", anchor(&id));
            assert!(page.contains(&section), "{id} in full");
        } else {
            assert!(
                element.starts_with(&format!(
                    "id=\"{}\"><th scope=\"row\">{id}</th>",
                    anchor(&id)
                )),
                "{element}"
            );
        }
    }
    assert!(page.contains("367 of 1,100 cases have at least one obligation not done"));
    well_formed(&page);
}
