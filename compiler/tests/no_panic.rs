//! The parser and checker never panic, whatever the input: arbitrary strings,
//! mutations of a valid policy, and pathological nesting. Case counts are bounded
//! so CI stays fast; raise PROPTEST_CASES locally for a longer run.

use duly_compiler::check::{check_str, MemoryLoader};
use proptest::prelude::*;

const VALID: &str = include_str!("../../tests/ui/E003_unknown_event.duly");

fn check(text: &str) {
    let _ = check_str("fuzz.duly", text, &MemoryLoader::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn policy_like_tokens_never_panic(words in prop::collection::vec(prop::sample::select(vec![
        "policy", "\"t\"", "event", "x", "y", "period", "from", "to", "standard", "1.1", "within", "15",
        "working", "days", "of", "every", "while", "where", "not", "(", ")", "and", "or", "=", "#2", "#last",
        "usually", "but", "always", "at", "least", "before", "by", "16th", "birthday", "earliest", "latest",
        ",", "then", "weekly", "6", "months", "{", "}", ":", "bool", "|", "child", "age", ">=", "½", "\n",
    ]), 0..60)) {
        check(&words.join(" "));
    }

    #[test]
    fn mutated_valid_policy_never_panics(cut in 0usize..2000, insert in "\\PC{0,8}", delete in 0usize..20) {
        let mut text = VALID.to_string();
        let at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count()).unwrap_or(0);
        text.insert_str(at, &insert);
        let end = text[at..].char_indices().map(|(i, _)| at + i).nth(delete).unwrap_or(text.len());
        text.replace_range(at..end, "");
        check(&text);
    }
}

#[test]
fn ten_thousand_nested_parentheses_is_an_error_not_a_crash() {
    let text = format!(
        "{}  icpc within 5 days of strategy_discussion where {}s47_agreed{}\n",
        VALID.split("  icpc").next().unwrap(),
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let (checked, _, diags) = check_str("deep.duly", &text, &MemoryLoader::default());
    assert!(checked.is_none());
    assert_eq!(diags.0[0].code.as_str(), "E002");
}

#[test]
fn ten_thousand_nots_fold_without_recursion() {
    let text = format!(
        "{}  icpc within 5 days of strategy_discussion where {}s47_agreed\n",
        VALID.split("  icpc").next().unwrap(),
        "not ".repeat(10_000)
    );
    let (checked, _, diags) = check_str("nots.duly", &text, &MemoryLoader::default());
    assert!(!diags.has_errors(), "{diags:?}");
    let rule = &checked.unwrap().policy.rules[0];
    // An even number of `not`s is the plain condition.
    assert!(matches!(
        rule.applies_when,
        Some(duly_runtime::ir::Cond::IsTrue(_))
    ));
}

#[test]
fn occurrence_selectors_do_not_hide_closing_parentheses() {
    // `a#1` selects an occurrence; it does not start a comment. Read as one, the
    // `)` after it went uncounted and 65 such rules looked 65 levels deep.
    let mut text = String::from(
        "policy \"P\"\n  calendar england_and_wales\nevent a \"A\"\nevent b \"B\"\nevent c \"C\"\n",
    );
    for i in 1..=70 {
        text.push_str(&format!(
            "standard {i} \"S\"\n  c within 5 days of earliest(a#1, b)\n"
        ));
    }
    let (checked, _, diags) = check_str("p.duly", &text, &MemoryLoader::default());
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(checked.expect("it checks").policy.rules.len(), 70);
}
