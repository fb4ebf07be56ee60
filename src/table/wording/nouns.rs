//! Noun phrases for labels, periods, ordinals, ages and dates, keeping labels as written.
//! Shared by the timing and condition wording; nothing here looks at a rule.

use chrono::{Datelike, NaiveDate};
use duly_runtime::duration::Unit;

/// An age given in months, as documents write ages: 186 → "15½", 180 → "15".
pub fn age(months: u32) -> String {
    let (years, rest) = (months / 12, months % 12);
    let months_words = format!("{rest} {}", Unit::Months.name(rest));
    if years == 0 {
        return months_words;
    }
    let fraction = match rest {
        0 => "",
        3 => "¼",
        6 => "½",
        9 => "¾",
        _ => return format!("{years} years and {months_words}"),
    };
    format!("{years}{fraction}")
}

/// An event label as a noun phrase, keeping the label's own capitals (ICPC stays ICPC).
///
/// "Strategy Discussion" → "the Strategy Discussion"; "Placement starts" → "the start of the
/// Placement"; a label that is a whole clause ("Child enters care") is quoted rather than
/// given an article it cannot take.
pub(super) fn event_noun(label: &str) -> String {
    if let Some(rest) = strip_article(label) {
        return rest;
    }
    if let Some((noun, subject)) = boundary(label) {
        return format!("the {noun} of {}", event_noun(subject));
    }
    if is_clause(label) {
        format!("‘{label}’")
    } else {
        format!("the {label}")
    }
}

/// "Placement starts" → ("start", "Placement"): a label naming the start or end of something.
pub(super) fn boundary(label: &str) -> Option<(&'static str, &str)> {
    [
        (" starts", "start"),
        (" begins", "start"),
        (" commences", "start"),
        (" ends", "end"),
        (" ceases", "end"),
        (" finishes", "end"),
    ]
    .into_iter()
    .find_map(|(verb, noun)| {
        let subject = label.strip_suffix(verb)?;
        (!is_clause(subject) && strip_article(subject).is_none()).then_some((noun, subject))
    })
}

/// Present-tense verbs that make a label a clause ("Child goes missing").
#[rustfmt::skip]
const FINITE_VERBS: &[&str] = &[
    "starts", "begins", "ends", "enters", "leaves", "goes", "returns", "moves", "becomes", "is",
    "are", "was", "were", "has", "have", "comes", "turns", "reaches", "joins", "arrives", "takes",
    "gets", "refuses", "requests", "asks", "agrees", "decides", "discloses", "attends", "misses",
    "runs", "stops", "dies", "says", "needs", "wants", "lives", "changes", "occurs", "happens",
    "arises", "remains", "makes", "gives", "experiences", "receives", "reports", "commences",
    "ceases", "finishes",
];

pub(super) fn is_clause(label: &str) -> bool {
    label
        .split_whitespace()
        .skip(1)
        .any(|w| FINITE_VERBS.contains(&w.to_lowercase().as_str()))
}

/// "The plan" → "the plan": only a leading article is lowercased, never the label itself.
fn strip_article(label: &str) -> Option<String> {
    for article in ["The ", "A ", "An "] {
        if label.starts_with(article) {
            return Some(lower_first(label));
        }
    }
    for article in ["the ", "a ", "an "] {
        if label.starts_with(article) {
            return Some(label.to_string());
        }
    }
    None
}

/// A period as a noun phrase: "the Child Protection Plan", "the Looked after period".
pub(super) fn period_noun(label: &str) -> String {
    if let Some(rest) = strip_article(label) {
        return rest;
    }
    if is_participle(label) {
        format!("the {label} period")
    } else {
        format!("the {label}")
    }
}

/// "while on a Child Protection Plan", "while Looked after", "during the Missing episode".
pub(super) fn period_while(label: &str) -> String {
    let last = label
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_lowercase();
    if last == "plan" || last == "order" {
        format!("while on {} {label}", a_or_an(label))
    } else if is_participle(label) {
        format!("while {label}")
    } else {
        format!("during {}", period_noun(label))
    }
}

/// A label that opens with a participle describes a state ("Looked after", "Accommodated").
fn is_participle(label: &str) -> bool {
    label
        .split_whitespace()
        .next()
        .is_some_and(|w| w.len() > 3 && w.to_lowercase().ends_with("ed"))
}

fn a_or_an(word: &str) -> &'static str {
    let lower = word.to_lowercase();
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u']);
    let sounds_like_you = ["uni", "use", "usu", "eu", "one"]
        .iter()
        .any(|p| lower.starts_with(p));
    if vowel && !sounds_like_you {
        "an"
    } else {
        "a"
    }
}

/// "first" … "twentieth", then "21st", "22nd", …
pub fn ordinal_word(n: u32) -> String {
    const WORDS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    match n.checked_sub(1).and_then(|i| WORDS.get(i as usize)) {
        Some(w) => (*w).to_string(),
        None => ordinal_numeric(n),
    }
}

/// "1st", "2nd", "16th", "21st": how birthdays are written.
pub fn ordinal_numeric(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub(super) fn month_name(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .copied()
        .unwrap_or("(no such month)")
}

/// A date as British documents write it: "31 March 2027".
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

pub(super) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// "a", "a and b", "a, b and c" (no serial comma, as British documents write lists).
pub(super) fn join_and(items: &[String]) -> String {
    join_with(items, "and")
}

pub(super) fn join_with(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
