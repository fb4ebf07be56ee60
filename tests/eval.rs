//! End-to-end: the `duly` binary on `tests/cases/e2e.duly`, asserting exact
//! `due` and `status` values (each hand-checked; the comments say how).

use serde_json::Value;

mod common;

use common::duly;

fn cases(args: &[&str]) -> Vec<Value> {
    let (code, out, err) = duly(args);
    assert_eq!(code, 0, "duly failed: {err}");
    out.lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect()
}

/// (case, rule, anchor at, due, status, done, late_by) for every obligation.
fn rows(cases: &[Value]) -> Vec<(String, String, String, String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    cases
        .iter()
        .flat_map(|c| {
            c["obligations"].as_array().unwrap().iter().map(move |o| {
                (
                    s(&c["case"]),
                    s(&o["rule"]),
                    s(&o["anchor"]["at"]),
                    s(&o["due"]),
                    s(&o["status"]),
                    s(&o["done"]),
                    s(&o["late_by"]),
                )
            })
        })
        .collect()
}

const POLICY: &str = "tests/cases/e2e.duly";

fn find<'a>(
    rows: &'a [(String, String, String, String, String, String, String)],
    case: &str,
    rule: &str,
) -> Vec<&'a (String, String, String, String, String, String, String)> {
    rows.iter().filter(|r| r.0 == case && r.1 == rule).collect()
}

#[test]
fn christmas_working_days_and_backward_deadlines() {
    let r = rows(&cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    // 15 working days after Fri 18 Dec 2026, skipping 25 Dec, 28 Dec (substitute) and 1 Jan: Wed 13 Jan 2027.
    let icpc = find(&r, "XMAS", "6.1");
    assert_eq!(
        (icpc[0].3.as_str(), icpc[0].4.as_str(), icpc[0].6.as_str()),
        ("2027-01-13", "late", "1 working day")
    );
    // 2 working days before Mon 4 Jan 2027 (scheduled): Thu 31 Dec is 1, Wed 30 Dec is 2 (1 Jan is a bank holiday).
    let report = find(&r, "XMAS", "6.2");
    assert_eq!(
        (
            report[0].2.as_str(),
            report[0].3.as_str(),
            report[0].4.as_str()
        ),
        ("2027-01-04", "2026-12-30", "pending")
    );
}

#[test]
fn hour_deadlines_cross_the_march_clock_change() {
    let c = cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]);
    let clocks = c.iter().find(|c| c["case"] == "CLOCKS").unwrap();
    let o = &clocks["obligations"][0];
    // 12:00 GMT on Sat 27 Mar 2027 + 24 elapsed hours = 12:00 UTC on the 28th = 13:00 BST.
    assert_eq!(o["due"], "2027-03-28T13:00:00+01:00");
    assert_eq!(o["target"], "2027-03-27T14:00:00+00:00");
    assert_eq!(o["status"], "met");
    let text = o["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("clocks went forward"), "{text}");
    assert!(text.contains("target miss, not a breach"), "{text}");
}

#[test]
fn recurring_visits_follow_the_actual_last_visit() {
    let r = rows(&cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    let v = find(&r, "VISITS", "7.1");
    let got: Vec<(&str, &str, &str)> = v
        .iter()
        .map(|r| (r.3.as_str(), r.4.as_str(), r.6.as_str()))
        .collect();
    // Plan from Mon 2 Nov: due Mon 16 Nov (visit 10 Nov: met); then 10 working days after
    // Tue 10 Nov is Tue 24 Nov (visit Mon 30 Nov: 4 working days late); then Mon 14 Dec, none: overdue.
    assert_eq!(
        got,
        vec![
            ("2026-11-16", "met", ""),
            ("2026-11-24", "late", "4 working days"),
            ("2026-12-14", "overdue", "")
        ]
    );
    assert_eq!(find(&r, "VISITS", "6.1")[0].4, "waived", "unless unborn");
}

#[test]
fn months_windows_strictness_and_leap_birthdays() {
    let r = rows(&cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    // 31 Jan + 1 month clamps to 28 Feb 2026.
    assert_eq!(find(&r, "MONTHS", "8.1")[0].3, "2026-02-28");
    assert_eq!(find(&r, "MONTHS", "8.1")[0].6, "2 months and 2 days");
    // Between 12 and 16 weeks after 31 Jan: closes 23 May; done 1 Mar, before the window opened.
    let w = find(&r, "MONTHS", "8.2")[0];
    assert_eq!((w.3.as_str(), w.4.as_str()), ("2026-05-23", "early"));
    // In less than 91 days of 31 Jan: 31 Jan + 91 = 2 May, so the last day that satisfies it is 1 May.
    assert_eq!(find(&r, "MONTHS", "8.3")[0].3, "2026-05-01");
    // Born 29 Feb 2012: the 16th birthday is 29 Feb 2028 (a leap year), so "before" means by 28 Feb.
    assert_eq!(find(&r, "MONTHS", "12.1")[0].3, "2028-02-28");
}

#[test]
fn missing_data_is_undetermined_never_silently_not_applicable() {
    let r = rows(&cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    let icpc = find(&r, "UNKNOWN", "6.1");
    assert_eq!(
        (icpc[0].4.as_str(), icpc[1].4.as_str()),
        ("undetermined", "not_applicable")
    );
    assert_eq!(
        find(&r, "UNKNOWN", "12.1")[0].4,
        "undetermined",
        "no date of birth"
    );
}

#[test]
fn csv_input_gives_the_same_obligations_as_json() {
    let json = rows(&cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    let csv = rows(&cases(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e-events.csv",
        "--children",
        "tests/cases/e2e-children.csv",
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    assert_eq!(json, csv);
}

#[test]
fn csv_output_has_the_documented_columns() {
    let (code, out, _) = duly(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().next(),
        Some("case,rule,task,anchor_event,anchor_at,due,target,status,done,late_by")
    );
    assert!(
        out.contains(
            "VISITS,7.1,cp_visit,cp_visit,2026-11-10,2026-11-24,,late,2026-11-30,4 working days"
        ),
        "{out}"
    );
}

#[test]
fn summary_counts_per_rule() {
    let (code, out, _) = duly(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--as-of",
        "2026-12-20",
        "--summary",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let visits: Value = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["rule"] == "7.1")
        .unwrap();
    assert_eq!(
        (
            visits["applicable"].as_u64(),
            visits["met"].as_u64(),
            visits["late"].as_u64(),
            visits["overdue"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );
    assert_eq!(visits["on_time_percent"].as_f64(), Some(33.3));
}

#[test]
fn bad_input_names_file_line_case_and_a_fix() {
    let dir = std::env::temp_dir().join(format!("duly-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"case\":\"A\",\"events\":[{\"event\":\"strategy_discusion\",\"at\":\"2026-11-02\"}]}\n\
         {\"case\":\"B\",\"events\":[{\"event\":\"icpc\",\"at\":\"2026-02-30\"}]}\n\
         {\"case\":\"C\",\"events\":[{\"event\":\"icpc\",\"at\":\"2026-02-03\",\"rag\":\"red\"}]}\n\
         {\"case\":\"D\",\"events\":[{\"event\":\"icpc\",\"at\"\n\
         {\"case\":\"E\",\"events\":[{\"event\":\"icpc\",\"at\":\"2026-02-03\"}]}\n",
    )
    .unwrap();
    let (code, out, err) = duly(&[
        "eval",
        "--policy",
        POLICY,
        bad.to_str().unwrap(),
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "malformed input exits non-zero");
    assert!(
        err.contains(":1:")
            && err.contains("case A")
            && err.contains("did you mean `strategy_discussion`?"),
        "{err}"
    );
    assert!(
        err.contains(":2:")
            && err.contains("case B")
            && err.contains("`2026-02-30` is not a real date"),
        "{err}"
    );
    assert!(
        err.contains(":3:") && err.contains("`rag` is not an attribute of `icpc`"),
        "{err}"
    );
    assert!(
        err.contains(":4:") && err.contains("not a valid case"),
        "{err}"
    );
    assert!(err.contains("4 input error(s)"), "{err}");
    // The good case is still evaluated; nothing is dropped silently.
    assert!(out.contains("\"case\":\"E\""), "{out}");
}

#[test]
fn csv_rows_with_the_wrong_number_of_columns_are_errors() {
    let dir = std::env::temp_dir().join(format!("duly-badcsv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("events.csv");
    std::fs::write(&bad, "case,event,at\nA,icpc,2026-01-05\nA,icpc\n").unwrap();
    let (code, _, err) = duly(&[
        "eval",
        "--policy",
        POLICY,
        bad.to_str().unwrap(),
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("events.csv:3") && err.contains("2 columns but the header has 3"),
        "{err}"
    );
}

#[test]
fn explain_shows_the_arithmetic() {
    let (code, out, _) = duly(&[
        "explain",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--case",
        "XMAS",
        "--rule",
        "6.1",
        "--as-of",
        "2026-12-20",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("15 working days after Fri 18 Dec 2026, skipping Fri 25 Dec 2026, Mon 28 Dec 2026 and Fri 1 Jan 2027 (bank holidays), is Wed 13 Jan 2027"), "{out}");
    assert!(out.contains("the anchor's own date is day 0"), "{out}");
}

#[test]
fn explain_words_times_and_days_differently() {
    let (code, out, _) = duly(&[
        "explain",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--case",
        "CLOCKS",
        "--rule",
        "1.1",
        "--as-of",
        "2026-12-20",
    ]);
    assert_eq!(code, 0);
    // An event with a time took place "at" it; one with a date only, "on" it.
    assert!(
        out.contains("the Initial decision took place at 12:30 on Sun 28 Mar 2027"),
        "{out}"
    );
    assert!(
        out.contains("(the clocks went forward on Sun 28 Mar 2027)"),
        "{out}"
    );
    let (_, xmas, _) = duly(&[
        "explain",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "--case",
        "XMAS",
        "--rule",
        "6.1",
        "--as-of",
        "2026-12-20",
    ]);
    assert!(
        xmas.contains("the ICPC took place on Thu 14 Jan 2027"),
        "{xmas}"
    );
}

#[test]
fn extension_forms_evaluate_as_documented() {
    let r = rows(&cases(&[
        "eval",
        "--policy",
        "tests/cases/extensions.duly",
        "tests/cases/extensions.json",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]));
    let got = |rule: &str| {
        find(&r, "EXT-1", rule)
            .iter()
            .map(|r| (r.3.clone(), r.4.clone(), r.5.clone()))
            .collect::<Vec<_>>()
    };
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    // Twice weekly from Mon 2 Nov: week 1 has visits on 3 and 5 Nov (met by the second);
    // week 2 has one; the plan closes on 20 Nov inside week 3, which is not required.
    assert_eq!(
        got("X.1"),
        vec![
            s("2026-11-08", "met", "2026-11-05"),
            s("2026-11-15", "overdue", "")
        ]
    );
    // Twice during the plan (2–20 Nov): the second note, 18 Nov, completes it.
    assert_eq!(got("X.2"), vec![s("2026-11-20", "met", "2026-11-18")]);
    // Before the next review: 6 Nov → by 12 Nov (late, 18 Nov); 13 Nov → by 26 Nov (met); 27 Nov has no next yet.
    assert_eq!(
        got("X.3"),
        vec![
            s("2026-11-12", "late", "2026-11-18"),
            s("2026-11-26", "met", "2026-11-18"),
            s("", "pending", "")
        ]
    );
    // `if any`: no meeting happened, so there is nothing to judge.
    assert_eq!(got("X.4")[0].1, "not_applicable");
}

/// Writes `events.csv` files into a fresh directory for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("duly-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn children_csv_applies_to_every_events_file() {
    // The same cases split over two files must read exactly as one file does:
    // the second file's cases still get their dates of birth.
    let dir = temp_dir("split");
    let text = std::fs::read_to_string("tests/cases/e2e-events.csv").unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    // Whole cases in each file: XMAS and CLOCKS in one, the others in the second.
    let (first, second): (Vec<&str>, Vec<&str>) = lines
        .filter(|l| !l.is_empty())
        .partition(|l| l.starts_with("XMAS,") || l.starts_with("CLOCKS,"));
    let write = |name: &str, rows: &[&str]| {
        let path = dir.join(name);
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (a, b) = (write("a.csv", &first), write("b.csv", &second));
    let args = |files: &[&str]| {
        let mut v = vec!["eval", "--policy", POLICY];
        v.extend_from_slice(files);
        v.extend_from_slice(&[
            "--children",
            "tests/cases/e2e-children.csv",
            "--as-of",
            "2026-12-20",
            "--format",
            "json",
        ]);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let one = args(&["tests/cases/e2e-events.csv"]);
    let two = args(&[&a, &b]);
    let run = |a: &[String]| {
        let mut r = rows(&cases(&a.iter().map(String::as_str).collect::<Vec<_>>()));
        r.sort();
        r
    };
    let (one, two) = (run(&one), run(&two));
    assert!(one
        .iter()
        .any(|r| r.0 == "MONTHS" && r.1 == "12.1" && r.3 == "2028-02-28"));
    assert_eq!(one, two);
}

#[test]
fn every_bad_row_of_a_csv_case_is_reported_and_the_case_is_not_evaluated() {
    let dir = temp_dir("badrows");
    let bad = dir.join("events.csv");
    std::fs::write(
        &bad,
        "case,event,at\nA,icpc,2026-13-05\nA,icpcc,2026-01-05\nB,icpc,2026-01-05\n",
    )
    .unwrap();
    let (code, out, err) = duly(&[
        "eval",
        "--policy",
        POLICY,
        bad.to_str().unwrap(),
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("events.csv:2"), "the impossible date: {err}");
    assert!(
        err.contains("events.csv:3") && err.contains("icpc"),
        "the misspelt event: {err}"
    );
    assert!(err.contains("2 input error(s)"), "{err}");
    assert!(!out.contains("\"case\":\"A\""), "A has bad rows: {out}");
    assert!(out.contains("\"case\":\"B\""), "B is fine: {out}");
}

#[test]
fn csv_rows_out_of_case_order_are_grouped() {
    // The same rows, interleaved by case, give the same obligations in
    // first-appearance order.
    let dir = temp_dir("unsorted");
    let text = std::fs::read_to_string("tests/cases/e2e-events.csv").unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let (even, odd): (Vec<_>, Vec<_>) = lines.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let shuffled: Vec<&str> = even.into_iter().chain(odd).map(|(_, l)| *l).collect();
    let path = dir.join("events.csv");
    std::fs::write(&path, format!("{header}\n{}\n", shuffled.join("\n"))).unwrap();
    let run = |file: &str| {
        let mut r = rows(&cases(&[
            "eval",
            "--policy",
            POLICY,
            file,
            "--children",
            "tests/cases/e2e-children.csv",
            "--as-of",
            "2026-12-20",
            "--format",
            "json",
        ]));
        r.sort();
        r
    };
    assert_eq!(
        run("tests/cases/e2e-events.csv"),
        run(path.to_str().unwrap())
    );
}

#[test]
fn a_rule_for_a_period_that_never_opened_needs_no_missing_fact() {
    // `while looked_after` settles a never-looked-after child as not applicable,
    // even though the birthday the rule counts from is unknown; once the child has
    // been looked after, the missing date of birth leaves it undetermined.
    let dir = temp_dir("never-open");
    let policy = dir.join("p.duly");
    std::fs::write(
        &policy,
        "policy \"P\"\n  calendar england_and_wales\nchild { date_of_birth: date }\n\
         event entered_care \"Enters care\"\nevent left_care \"Leaves care\"\n\
         event lac_review \"Review\"\n\
         period looked_after \"Looked after\" from entered_care to left_care\n\
         standard 10 \"Review before 18\"\n  lac_review before 18th birthday while looked_after\n",
    )
    .unwrap();
    let file = dir.join("c.jsonl");
    std::fs::write(
        &file,
        "{\"case\":\"NEVER\",\"events\":[]}\n\
         {\"case\":\"CARED\",\"events\":[{\"event\":\"entered_care\",\"at\":\"2026-01-05\"}]}\n",
    )
    .unwrap();
    let r = rows(&cases(&[
        "eval",
        "--policy",
        policy.to_str().unwrap(),
        file.to_str().unwrap(),
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]));
    assert_eq!(find(&r, "NEVER", "10")[0].4, "not_applicable");
    assert_eq!(find(&r, "CARED", "10")[0].4, "undetermined");
}

#[test]
fn a_case_twice_in_children_csv_is_an_error() {
    let dir = temp_dir("twice");
    let children = dir.join("children.csv");
    std::fs::write(
        &children,
        "case,date_of_birth,unborn\nXMAS,2010-06-01,false\nXMAS,2011-06-01,false\n",
    )
    .unwrap();
    let (code, _, err) = duly(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e-events.csv",
        "--children",
        children.to_str().unwrap(),
        "--as-of",
        "2026-12-20",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("children.csv:3:1: case XMAS: this case already has a row"),
        "{err}"
    );
}

#[test]
fn output_file_takes_its_format_from_its_extension() {
    let dir = temp_dir("output");
    let run = |name: &str| {
        let path = dir.join(name);
        let (code, out, err) = duly(&[
            "eval",
            "--policy",
            POLICY,
            "tests/cases/e2e.jsonl",
            "--as-of",
            "2026-12-20",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty(), "nothing on standard output: {out}");
        std::fs::read_to_string(path).unwrap()
    };
    assert!(run("report.html").starts_with("<!DOCTYPE html>"));
    assert!(run("obligations.csv").starts_with("case,rule,task,"));
    let json = run("cases.jsonl");
    assert!(serde_json::from_str::<Value>(json.lines().next().unwrap()).is_ok());
    let (code, _, err) = duly(&[
        "eval",
        "--policy",
        POLICY,
        "tests/cases/e2e.jsonl",
        "-o",
        "/nonexistent-dir/x.json",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot write /nonexistent-dir/x.json"),
        "{err}"
    );
}
