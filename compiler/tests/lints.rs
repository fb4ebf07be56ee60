//! The lints, each on a minimal policy that triggers it and one that narrowly does not.
//! The exact rendered output of each lint is in `tests/ui/W0*.duly` and its snapshot.

use duly_compiler::check::{check_str, MemoryLoader};
use duly_compiler::codes::Code;
use duly_compiler::diagnostic::{Diagnostic, Severity};
use duly_compiler::render;

const PRELUDE: &str = r#"policy "Lints" version "1"
  calendar england_and_wales
child { date_of_birth: date  unborn: bool }
event contact "Contact"
event strategy_discussion "Strategy Discussion" { s47_agreed: bool }
event screening "Screening" { rag: red | amber | green }
event initial_decision "Initial decision"
event icpc "ICPC"
event core_group "Core group"
event rcpc "RCPC"
event rcpc_report_shared "RCPC report shared"
event cp_plan_start "Plan starts"
event cp_plan_end "Plan ends"
event cp_visit "Visit"
event lac_review "LAC review"
period cp_plan "CP plan" from cp_plan_start to cp_plan_end
"#;

/// Every diagnostic of `PRELUDE` + `body`, with the rendered text of each.
fn lint(body: &str) -> Vec<(Diagnostic, String)> {
    let text = format!("{PRELUDE}{body}\n");
    let (_, sources, diags) = check_str("lints.duly", &text, &MemoryLoader::default());
    diags
        .0
        .into_iter()
        .map(|d| {
            let r = render::human(&d, &sources);
            (d, r)
        })
        .collect()
}

/// The diagnostics with `code`.
fn only(body: &str, code: Code) -> Vec<(Diagnostic, String)> {
    let all = lint(body);
    let errors: Vec<&String> = all
        .iter()
        .filter(|(d, _)| d.severity() == Severity::Error && d.code != Code::E019)
        .map(|(_, r)| r)
        .collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    all.into_iter().filter(|(d, _)| d.code == code).collect()
}

fn references(d: &Diagnostic) -> Vec<String> {
    std::iter::once(&d.primary)
        .chain(&d.related)
        .filter_map(|l| l.reference.clone())
        .collect()
}

// ── W001 conflicting deadlines ───────────────────────────────────────────────

#[test]
fn w001_different_limits_under_overlapping_conditions() {
    let found = only(
        r#"
standard table.1 "At a glance"
  icpc within 10 working days of strategy_discussion where s47_agreed
standard 1.4 "ICPC"
  icpc within 15 working days of strategy_discussion where not unborn
"#,
        Code::W001,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let (d, _) = &found[0];
    assert_eq!(references(d), vec!["table.1", "1.4"]);
    assert!(
        d.message
            .contains("the strictest is within 10 working days where s47_agreed (table.1)"),
        "{}",
        d.message
    );
    assert!(d.help.is_some());
}

#[test]
fn w001_not_for_disjoint_conditions() {
    let found = only(
        r#"
standard 2.1 "Screening"
  initial_decision within 1 working day of screening where rag = red
  initial_decision within 3 working days of screening where rag = amber
"#,
        Code::W001,
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn w001_extension_limits_compare_only_where_they_apply() {
    // The 20-day limit applies only to amber screenings; the other rule is for red ones.
    let found = only(
        r#"
standard 2.1 "Screening"
  initial_decision within 1 working day of screening, or 20 working days where rag = amber
standard 2.2 "Red"
  initial_decision within 1 working day of screening where rag = red
"#,
        Code::W001,
    );
    assert!(found.is_empty(), "{found:#?}");
    let found = only(
        r#"
standard 2.1 "Screening"
  initial_decision within 1 working day of screening, or 20 working days where rag = amber
standard 2.2 "Amber"
  initial_decision within 10 working days of screening where rag = amber
"#,
        Code::W001,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
}

#[test]
fn w001_frequencies_and_disjoint_units() {
    let found = only(
        r#"
standard 7.1 "Visits"
  cp_visit every 10 working days while cp_plan
standard 7.2 "Visits"
  cp_visit every 6 weeks while cp_plan
"#,
        Code::W001,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let m = &found[0].0.message;
    assert!(
        m.contains("the strictest is every 10 working days (7.1)"),
        "{m}"
    );
}

// ── W002 duplicate rules ─────────────────────────────────────────────────────

#[test]
fn w002_the_same_rule_twice_is_info() {
    let found = only(
        r#"
standard table.1 "At a glance"
  icpc within 15 working days of strategy_discussion where s47_agreed
standard 6.1 "ICPC"
  icpc within 15 working days of strategy_discussion where s47_agreed
"#,
        Code::W002,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0.severity(), Severity::Info);
    assert_eq!(references(&found[0].0), vec!["6.1", "table.1"]);
}

#[test]
fn w002_weeks_and_days_are_the_same_and_narrower_is_covered() {
    let found = only(
        r#"
standard 1 "One"
  icpc within 2 weeks of strategy_discussion
standard 2 "Two"
  icpc within 14 days of strategy_discussion where s47_agreed
"#,
        Code::W002,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].1.contains("already covered by 1"),
        "{}",
        found[0].1
    );
}

#[test]
fn w002_not_for_different_limits_or_disjoint_conditions() {
    let found = only(
        r#"
standard 1 "One"
  icpc within 15 working days of strategy_discussion where s47_agreed
  icpc within 15 working days of strategy_discussion where not s47_agreed
  icpc within 16 working days of contact
"#,
        Code::W002,
    );
    assert!(found.is_empty(), "{found:#?}");
}

// ── W003 mixed units ─────────────────────────────────────────────────────────

#[test]
fn w003_weeks_against_months_says_by_how_much() {
    let found = only(
        r#"
standard table.2 "At a glance"
  lac_review every 12 weeks while cp_plan
standard 8.1 "Reviews"
  lac_review every 3 months while cp_plan
"#,
        Code::W003,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let text = &found[0].0.message;
    // 12 weeks is 84 days; 3 months 89 to 92: always 5 to 8 days shorter.
    assert!(
        text.contains("12 weeks falls between 5 and 8 days earlier than 3 months"),
        "{text}"
    );
    assert!(found[0].0.related[0].message.contains("89 to 92 days"));
}

#[test]
fn w003_weeks_against_working_days() {
    let found = only(
        r#"
standard 1 "One"
  icpc within 2 weeks of strategy_discussion
standard 2 "Two"
  icpc within 10 working days of strategy_discussion
"#,
        Code::W003,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].0.message.contains("anywhere from"),
        "{}",
        found[0].0.message
    );
    assert!(only("standard 1 \"One\"\n  icpc within 2 weeks of strategy_discussion\nstandard 2 \"Two\"\n  icpc within 10 working days of strategy_discussion\n", Code::W001).is_empty());
}

#[test]
fn w003_not_when_one_is_always_stricter() {
    // 20 days against 4 weeks: always 8 days apart, a conflict (W001), not mixed units.
    let body = r#"
standard 1 "One"
  icpc within 20 days of strategy_discussion
standard 2 "Two"
  icpc within 4 weeks of strategy_discussion
"#;
    assert!(only(body, Code::W003).is_empty());
    assert_eq!(only(body, Code::W001).len(), 1);
}

// ── W004 infeasible timescales ───────────────────────────────────────────────

const INFEASIBLE: &str = r#"
standard 9.1 "Review conference"
  rcpc within 5 working days of core_group
standard 9.2 "Report"
  rcpc_report_shared at least 15 working days before rcpc
  rcpc_report_shared within 20 working days of core_group
"#;

#[test]
fn w004_prints_the_chain_and_the_arithmetic() {
    let found = only(INFEASIBLE, Code::W004);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (d, _) = &found[0];
    let mut refs = references(d);
    refs.sort();
    assert_eq!(refs, vec!["9.1", "9.2", "9.2"]);
    assert!(
        d.message
            .contains("yet `rcpc_report_shared` ≥ `core_group`"),
        "{}",
        d.message
    );
}

#[test]
fn w004_not_when_the_gap_fits() {
    // 8 working days after the core group can still be 19 days before the conference
    // over Christmas, so only an 8-day limit (always under 19 days) is infeasible.
    let body = INFEASIBLE.replace(
        "5 working days of core_group",
        "10 working days of core_group",
    );
    assert!(only(&body, Code::W004).is_empty());
}

#[test]
fn w004_not_when_the_conditions_exclude_each_other() {
    let body = r#"
standard 9.1 "Review conference"
  rcpc within 5 working days of core_group
standard 9.2 "Report"
  rcpc_report_shared at least 10 working days before rcpc where unborn
  rcpc_report_shared within 20 working days of core_group where not unborn
"#;
    assert!(only(body, Code::W004).is_empty());
}

#[test]
fn w004_an_impossible_window_in_one_rule() {
    let found = only(
        r#"
standard 3 "Window"
  icpc between 16 and 12 weeks after strategy_discussion
"#,
        Code::W004,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].0.message.contains("short by 28 days"),
        "{}",
        found[0].0.message
    );
}

// ── W005 never applicable ────────────────────────────────────────────────────

#[test]
fn w005_contradictory_where() {
    let found = only(
        r#"
standard 2.1 "Red and amber"
  initial_decision within 1 working day of screening where rag = red and rag = amber
"#,
        Code::W005,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0]
        .0
        .message
        .contains("`rag = red and rag = amber` can never hold"));
}

#[test]
fn w005_unless_that_always_holds_and_x_and_not_x() {
    let body = r#"
standard 1 "One"
  icpc within 15 working days of strategy_discussion unless s47_agreed or not s47_agreed
standard 2 "Two"
  icpc within 15 working days of contact where unborn and not unborn
"#;
    assert_eq!(only(body, Code::W005).len(), 2);
}

#[test]
fn w005_not_for_satisfiable_conditions() {
    let body = r#"
standard 2.1 "Red or amber"
  initial_decision within 1 working day of screening where rag = red or rag = amber
  initial_decision within 1 working day of contact where not unborn unless unborn
"#;
    // The second rule's `unless unborn` never waives a case its `where not unborn` allows.
    assert!(only(body, Code::W005).is_empty());
}

// ── W006 month clamping ──────────────────────────────────────────────────────

#[test]
fn w006_month_arithmetic_is_noted_once_per_rule() {
    let found = only(
        r#"
standard 8.2 "Reviews"
  lac_review#2 within 3 months of lac_review#1
  lac_review#3 usually within 5 months but always within 6 months of lac_review#2
"#,
        Code::W006,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0.severity(), Severity::Info);
    assert!(
        found[0].0.message.contains("29th, 30th or 31st"),
        "{}",
        found[0].0.message
    );
}

#[test]
fn w006_not_for_weeks_or_days() {
    let body = r#"
standard 8.2 "Reviews"
  lac_review#2 within 13 weeks of lac_review#1
  lac_review#3 within 91 days of lac_review#2
"#;
    assert!(only(body, Code::W006).is_empty());
}

// ── W007 and W008 unused declarations, unreachable events ───────────────────

#[test]
fn w007_w008_report_unused_declarations_of_the_policy_only() {
    let found = lint(
        r#"
standard 1 "One"
  icpc within 15 working days of strategy_discussion where s47_agreed
"#,
    );
    let named = |code: Code| -> Vec<String> {
        found
            .iter()
            .filter(|(d, _)| d.code == code)
            .map(|(d, _)| d.message.split('`').nth(1).unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        named(Code::W007),
        vec!["date_of_birth", "unborn", "rag", "cp_plan"]
    );
    assert_eq!(
        named(Code::W008),
        vec![
            "contact",
            "screening",
            "initial_decision",
            "core_group",
            "rcpc",
            "rcpc_report_shared",
            "cp_plan_start",
            "cp_plan_end",
            "cp_visit",
            "lac_review"
        ]
    );
}

#[test]
fn w007_w008_not_for_declarations_in_used_files() {
    let mut loader = MemoryLoader::default();
    loader.0.insert(
        "common.duly".into(),
        "event contact \"Contact\"\nevent spare \"Spare\" { rag: red | green }\nperiod p \"P\" from contact to spare\n".into(),
    );
    let text = "policy \"P\" calendar england_and_wales\nuse \"common.duly\"\nevent icpc \"ICPC\"\nstandard 1 \"One\"\n  icpc within 2 days of contact\n";
    let (_, _, diags) = check_str("p.duly", text, &loader);
    assert!(diags.0.is_empty(), "{:#?}", diags.0);
}

// ── W009 confusable text ────────────────────────────────────────────────────

#[test]
fn w009_bidi_invisible_and_look_alike_characters() {
    let body = "event extra \"Cont\u{200B}act\"\nstandard \"\u{041C}.2\" \"Missing\"\n  extra within 1 day of icpc # \u{202E} hidden\n  icpc within 2 days of contact\n";
    let found = only(body, Code::W009);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found
        .iter()
        .any(|(d, _)| d.message.contains("U+041C CYRILLIC CAPITAL LETTER EM")));
    assert!(found
        .iter()
        .any(|(d, _)| d.message.contains("U+202E RIGHT-TO-LEFT OVERRIDE")));
    assert!(found
        .iter()
        .any(|(d, _)| d.message.contains("U+200B ZERO WIDTH SPACE")));
}

#[test]
fn w009_not_for_a_word_in_another_script_or_a_leading_bom() {
    let body = "standard 1 \"Привет\"\n  icpc within 2 days of contact\n";
    assert!(only(body, Code::W009).is_empty());
    let text = format!("\u{FEFF}{PRELUDE}standard 1 \"One\"\n  icpc within 2 days of contact\n");
    let (_, _, diags) = check_str("bom.duly", &text, &MemoryLoader::default());
    assert!(!diags.0.iter().any(|d| d.code == Code::W009));
}

// ── Suppression ──────────────────────────────────────────────────────────────

#[test]
fn allow_comments_silence_one_code_for_one_rule() {
    let body = r#"
standard table.1 "At a glance"
  # duly: allow W001 — the table and 1.4 disagree; raised with the author
  icpc within 10 working days of strategy_discussion
standard 1.4 "ICPC"
  icpc within 15 working days of strategy_discussion
standard 2 "Two"
  lac_review#2 within 3 months of lac_review#1  # duly: allow W006: months as the document says
  lac_review#3 within 3 months of lac_review#2
"#;
    assert!(only(body, Code::W001).is_empty());
    assert_eq!(
        only(body, Code::W006).len(),
        1,
        "only the unsuppressed month rule"
    );
    assert!(only(body, Code::E019).is_empty());
}

#[test]
fn allow_above_a_standard_covers_its_rules_and_names_work() {
    let body = r#"
# duly: allow month-clamping - the document counts in months
standard 2 "Two"
  lac_review#2 within 3 months of lac_review#1
  lac_review#3 within 3 months of lac_review#2
"#;
    assert!(only(body, Code::W006).is_empty());
}

#[test]
fn allow_without_a_reason_is_e019_and_yields_no_policy() {
    let text = format!(
        "{PRELUDE}standard 2 \"Two\"\n  # duly: allow W006\n  lac_review#2 within 3 months of lac_review#1\n"
    );
    let (checked, _, diags) = check_str("e019.duly", &text, &MemoryLoader::default());
    let e019: Vec<&Diagnostic> = diags.0.iter().filter(|d| d.code == Code::E019).collect();
    assert_eq!(e019.len(), 1);
    assert!(e019[0].message.contains("does not say why"));
    assert!(checked.is_none(), "a policy with an error yields no IR");
    // An unknown code and an error code are malformed too; `lac_review#2` is not a comment.
    for bad in [
        "# duly: allow W999 — why",
        "# duly: allow E003 — why",
        "# duly: allow — why",
    ] {
        let text = format!(
            "{PRELUDE}standard 2 \"Two\"\n  {bad}\n  lac_review#2 within 3 weeks of lac_review#1\n"
        );
        let (_, _, diags) = check_str("e019.duly", &text, &MemoryLoader::default());
        assert_eq!(
            diags.0.iter().filter(|d| d.code == Code::E019).count(),
            1,
            "{bad}"
        );
    }
}

// ── Documentation ────────────────────────────────────────────────────────────

#[test]
fn every_lint_has_a_page_with_the_fixed_sections() {
    for c in Code::ALL.iter().filter(|c| c.as_str().starts_with('W')) {
        let doc =
            duly_compiler::lints::doc(*c).unwrap_or_else(|| panic!("{} has no DOC", c.as_str()));
        let mut at = 0;
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Use instead",
        ] {
            let found = doc[at..].find(section);
            assert!(
                found.is_some(),
                "{} lacks `{section}` (in order)",
                c.as_str()
            );
            at += found.unwrap_or(0);
        }
    }
}

// ── Calendar-day ranges (the bounds W003 and W004 rely on) ─────────────────────

#[test]
fn day_ranges_under_england_and_wales_bank_holidays() {
    use duly_compiler::lints::Context;
    use duly_runtime::duration::{Counting, Direction, Duration, Unit};
    let text = format!("{PRELUDE}standard 1 \"One\"\n  icpc within 2 days of contact\n");
    let (checked, sources, _) = check_str("days.duly", &text, &MemoryLoader::default());
    let checked = checked.expect("compiles");
    let cx = Context::new(&checked, &sources);
    let range = |n, unit, dir| {
        let r = cx.days.range(&Duration::new(n, unit), dir);
        (r.min, r.max)
    };
    // From a Sunday (day 0) at the shortest; over Christmas and New Year at the longest.
    assert_eq!(range(10, Unit::WorkingDays, Direction::After), (12, 19));
    assert_eq!(range(10, Unit::WorkingDays, Direction::Before), (12, 19));
    assert_eq!(range(5, Unit::WorkingDays, Direction::After), (5, 12));
    assert_eq!(range(3, Unit::Months, Direction::After), (89, 92));
    assert_eq!(range(1, Unit::Years, Direction::After), (365, 366));
    assert_eq!(range(2, Unit::Weeks, Direction::After), (14, 14));
    // Hours are widened by an hour either way for clock changes.
    assert_eq!(range(24, Unit::Hours, Direction::After), (0, 2));
    // A standard that counts the anchor as day 1 reaches each working day a day sooner.
    let r = cx.days.range_counting(
        &Duration::new(10, Unit::WorkingDays),
        Direction::After,
        Counting::AnchorIsDayOne,
    );
    assert_eq!((r.min, r.max), (11, 18));
}

#[test]
fn allow_on_a_declaration_or_on_one_rule_of_a_chain() {
    let text = "policy \"P\" calendar england_and_wales\nevent a \"A\"\n# duly: allow W008 — recorded for the case file only\nevent spare \"Spare\"\nevent b \"B\"\nevent c \"C\"\nstandard 1 \"One\"\n  b within 5 working days of a\n  # duly: allow W004 — the document says so; raised with its owner\n  c at least 15 working days before b\n  c within 20 working days of a\n";
    let (_, _, diags) = check_str("allow.duly", text, &MemoryLoader::default());
    let codes: Vec<&str> = diags.0.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.is_empty(), "{codes:?}");
    // Without the comments, both findings are there.
    let bare: String = text
        .lines()
        .filter(|l| !l.contains("duly: allow"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, _, diags) = check_str("allow.duly", &bare, &MemoryLoader::default());
    let codes: Vec<&str> = diags.0.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["W008", "W004"]);
}
