//! Diagnostics point at the right place and their help gives advice that is
//! right for what the author wrote (what to write instead, worked out from it).

use duly_compiler::check::{check_str, MemoryLoader};
use duly_compiler::diagnostic::Diagnostic;
use duly_compiler::source::Sources;

const PRELUDE: &str = r#"policy "Help" version "1"
  calendar england_and_wales
event contact "Contact"
event visit "Visit"
event plan_start "Plan starts"
event plan_end "Plan ends"
period plan "Plan" from plan_start to plan_end
"#;

fn diagnostics(text: &str) -> (Sources, Vec<Diagnostic>) {
    let (_, sources, diags) = check_str("help.duly", text, &MemoryLoader::default());
    (sources, diags.0)
}

/// The one diagnostic a file gives, with its code.
fn only(text: &str, code: &str) -> (Sources, Diagnostic) {
    let (sources, diags) = diagnostics(text);
    let found: Vec<_> = diags
        .into_iter()
        .filter(|d| d.code.as_str() == code)
        .collect();
    assert_eq!(found.len(), 1, "one {code} expected, got {found:?}");
    (sources, found.into_iter().next().unwrap())
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or("")
}

#[test]
fn an_unanchored_phrase_points_at_its_rule() {
    let text = format!(
        "{PRELUDE}standard 3.1 \"Visit\"\n  visit within 1 day of contact\n  visit as soon as possible  # see 3.2\n\n# a note\n"
    );
    let (sources, d) = only(&text, "E020");
    assert_eq!(d.message, "say what the task follows");
    let at = sources.position(d.file(), d.primary.span.start);
    assert_eq!(
        (at.line, at.column),
        (10, 3),
        "the rule, not the top of the file"
    );
    assert_eq!(
        sources.slice(d.primary.span),
        "visit as soon as possible",
        "the rule is underlined, not the comment after it"
    );
    assert_eq!(
        help(&d),
        "write the event it follows: `as soon as possible after EVENT`"
    );
    let text = format!("{PRELUDE}standard 3.1 \"Visit\"\n  visit immediately\n");
    let (_, d) = only(&text, "E020");
    assert_eq!(
        help(&d),
        "write the event it follows: `immediately after EVENT`"
    );
}

#[test]
fn unquoted_text_is_shown_quoted_not_lower_cased() {
    let cases = [
        ("standard 6.1 \"ICPC\" owner SW\n", "write `owner \"SW\"`"),
        (
            "standard 6.1 \"ICPC\" owner Head of Service\n",
            "write `owner \"Head of Service\"`",
        ),
        (
            "standard 6.1 \"ICPC\" owner SW/CPL quote \"q\"\n",
            "write `owner \"SW/CPL\"`",
        ),
        (
            "standard 6.1 \"ICPC\" owner \u{201c}SW\u{201d}\n",
            "write `owner \"SW\"`",
        ),
    ];
    for (standard, expected) in cases {
        let text = format!("{PRELUDE}{standard}  visit within 1 day of contact\n");
        let (_, d) = only(&text, "E001");
        assert_eq!(
            help(&d),
            format!("text goes in double quotes: {expected}"),
            "for {standard:?}"
        );
    }
    let (_, d) = only(
        "policy \"Help\"\n  version June 2026\n  calendar england_and_wales\n",
        "E001",
    );
    assert_eq!(
        help(&d),
        "text goes in double quotes: write `version \"June 2026\"`"
    );
}

#[test]
fn a_fraction_of_a_unit_is_answered_in_that_unit() {
    let cases = [
        (
            "visit within 1.5 hours of contact",
            "duly counts whole hours (there are no minutes): write `1 hour` or `2 hours`",
        ),
        (
            "visit within 0.5 hours of contact",
            "duly counts whole hours (there are no minutes): write `1 hour`",
        ),
        (
            "visit within 2½ working days of contact",
            "working days are counted whole: write `2 working days` or `3 working days`",
        ),
        (
            "visit within 1.7 days of contact",
            "part of a day is counted in whole hours: write `40 hours` or `41 hours`, or whole days",
        ),
        (
            "visit within 1.5 weeks of contact",
            "part of a week is counted in whole days: write `10 days` or `11 days`",
        ),
        (
            "visit within 1.5 months of contact",
            "a month has no fixed length, so part of one has no exact meaning: write `1 month` or `2 months`, or the weeks or days the document means",
        ),
        (
            "visit between 1.5 and 3 months after contact",
            "a month has no fixed length, so part of one has no exact meaning: write `1 month` or `2 months`, or the weeks or days the document means",
        ),
        (
            "visit within 1.3 years of contact",
            "part of a year is counted in whole months: write `15 months` or `16 months`",
        ),
    ];
    for (rule, expected) in cases {
        let text = format!("{PRELUDE}standard 1 \"Fraction\"\n  {rule}\n");
        let (_, d) = only(&text, "E012");
        assert!(d.message.ends_with("has no exact meaning"), "{}", d.message);
        assert_eq!(help(&d), expected, "for `{rule}`");
    }
    // Fractions that are exact in a smaller unit are accepted, not reported.
    for rule in [
        "visit within 1.5 days of contact",
        "visit within 1.5 years of contact",
    ] {
        let text = format!("{PRELUDE}standard 1 \"Fraction\"\n  {rule}\n");
        let (_, diags) = diagnostics(&text);
        assert!(
            diags.iter().all(|d| d.code.as_str() != "E012"),
            "`{rule}` is exact: {diags:?}"
        );
    }
}

#[test]
fn a_phase_for_the_first_month_needs_no_number() {
    let text = format!(
        "{PRELUDE}standard 1 \"Phased\"\n  visit fortnightly for the first month of plan, then every 8 weeks\n"
    );
    let (_, diags) = diagnostics(&text);
    assert!(
        diags.iter().all(|d| d.code.as_str() != "E001"),
        "`for the first month` parses: {diags:?}"
    );
    // With no length at all, the help says both ways to give one.
    let text = format!(
        "{PRELUDE}standard 1 \"Phased\"\n  visit fortnightly for the first of plan, then every 8 weeks\n"
    );
    let (_, d) = only(&text, "E001");
    assert_eq!(
        help(&d),
        "write how long, e.g. `3 months`, or a unit alone for one of it, e.g. `month`"
    );
}
