//! Plain-English wording of compiled rules: the one place a rule becomes a timescale sentence.
//! Everything is generated from the IR (never copied from `quote`); the rules are in docs/tables.md.

use chrono::{Datelike, NaiveDate};
use duly_runtime::duration::{Duration, Unit};
use duly_runtime::ir::{
    Anchor, AttrType, CmpOp, Cond, DateBound, Deadline, Literal, Occurrence, Operand, Policy,
    Recurrence, Rule, Scope, Selection, Timing, Unnumbered,
};

/// The task column: the task event's label, with its occurrence selector in words
/// ("Second Looked After Review").
pub fn task(policy: &Policy, rule: &Rule) -> String {
    let label = Words { policy }.event_label(rule.task.event);
    let text = match rule.task.occurrence {
        Occurrence::Each => label,
        Occurrence::Nth(n) => format!("{} {label}", ordinal_word(n)),
        Occurrence::From(n) => format!("{} and each later {label}", ordinal_word(n)),
        Occurrence::Last => format!("most recent {label}"),
    };
    sentence_case(&text)
}

/// The timescale column: the rule's timing, conditions included, as one sentence-case phrase
/// ("Within 15 working days of the Strategy Discussion, where s47 agreed").
pub fn timescale(policy: &Policy, rule: &Rule) -> String {
    let w = Words { policy };
    let mut text = w.timing(&rule.timing);
    match &rule.applies_when {
        Some(Cond::Not(inner)) => {
            text.push_str(", unless ");
            text.push_str(&w.cond(inner));
        }
        Some(c) => {
            text.push_str(", where ");
            text.push_str(&w.cond(c));
        }
        None => {}
    }
    if let Some(c) = &rule.waived_when {
        text.push_str(", unless ");
        text.push_str(&w.cond(c));
    }
    sentence_case(&text)
}

/// Borrowed policy, for looking up the labels that rules refer to by index.
struct Words<'p> {
    policy: &'p Policy,
}

impl Words<'_> {
    /// An event's label as written, or a placeholder for an index the policy lacks.
    fn event_label(&self, id: u32) -> String {
        self.policy
            .events
            .get(id as usize)
            .map_or_else(|| format!("event #{id}"), |e| e.label.clone())
    }

    /// A period's label as written, or a placeholder.
    fn period_label(&self, id: u32) -> String {
        self.policy
            .periods
            .get(id as usize)
            .map_or_else(|| format!("period #{id}"), |p| p.label.clone())
    }

    fn timing(&self, t: &Timing) -> String {
        match t {
            Timing::Deadline(d) => self.deadline(d),
            Timing::AtLeastBefore { anchor, gap } => {
                format!("at least {} before {}", duration(gap), self.anchor(anchor))
            }
            Timing::Fixed { anchor, bound } => self.fixed(anchor, *bound),
            Timing::Recurring(r) => self.recurrence(r),
            Timing::Milestones { period, at } => {
                let at: Vec<String> = at.iter().map(duration).collect();
                format!(
                    "when {} has lasted {}",
                    period_noun(&self.period_label(*period)),
                    join_and(&at)
                )
            }
        }
    }

    fn deadline(&self, d: &Deadline) -> String {
        let anchor = self.anchor(&d.anchor);
        let mut text = match (d.unnumbered, &d.opens, &d.target, &d.limit) {
            (Some(Unnumbered::AsSoonAsPossible), ..) => {
                format!("as soon as possible after {anchor}")
            }
            (Some(Unnumbered::Immediately), ..) => format!("immediately after {anchor}"),
            (None, Some(opens), _, Some(limit)) => {
                format!("between {} after {anchor}", between(opens, &limit.within))
            }
            (None, Some(opens), _, None) => format!("at least {} after {anchor}", duration(opens)),
            (None, None, Some(target), Some(limit)) => format!(
                "usually within {}, and always {} {}, of {anchor}",
                duration(target),
                if limit.strict {
                    "in less than"
                } else {
                    "within"
                },
                duration(&limit.within)
            ),
            (None, None, Some(target), None) => {
                format!("usually within {} of {anchor}", duration(target))
            }
            (None, None, None, Some(limit)) if limit.strict => {
                format!("less than {} after {anchor}", duration(&limit.within))
            }
            (None, None, None, Some(limit)) => {
                format!("within {} of {anchor}", duration(&limit.within))
            }
            (None, None, None, None) => format!("after {anchor}"),
        };
        if let Some(limit) = &d.limit {
            for ext in &limit.extensions {
                text.push_str(&format!(
                    ", or {} where {}",
                    duration(&ext.within),
                    self.cond(&ext.when)
                ));
            }
        }
        match &d.then {
            Some(r) => format!("first {text}, then {}", self.recurrence(r)),
            None => text,
        }
    }

    fn fixed(&self, anchor: &Anchor, bound: DateBound) -> String {
        let word = match bound {
            DateBound::Before => "before",
            DateBound::By => "by",
            DateBound::At => "at",
        };
        match (anchor, bound) {
            (Anchor::Age { months }, _) => format!("{word} age {}", age(*months)),
            (Anchor::DayOfYear { month, day }, DateBound::At) => {
                format!("on {day} {} every year", month_name(*month))
            }
            (Anchor::DayOfYear { month, day }, _) => {
                format!("{word} {day} {} every year", month_name(*month))
            }
            (Anchor::Birthday(_) | Anchor::Date(_), DateBound::At) => {
                format!("on {}", self.anchor(anchor))
            }
            _ => format!("{word} {}", self.anchor(anchor)),
        }
    }

    fn recurrence(&self, r: &Recurrence) -> String {
        let mut text = String::new();
        let until = match &r.scope {
            Scope::While(p) if r.phases.len() <= 1 => {
                format!(" {}", period_while(&self.period_label(*p)))
            }
            Scope::While(_) => String::new(),
            Scope::From { anchor, until } => {
                let from = format!(" from {}", self.anchor(anchor));
                match until {
                    Some(u) => format!("{from} until {}", self.selection(u)),
                    None => from,
                }
            }
            Scope::Until(u) => format!(" until {}", self.selection(u)),
        };
        for (i, phase) in r.phases.iter().enumerate() {
            if i > 0 {
                text.push_str(", then ");
            }
            text.push_str("at least ");
            text.push_str(&frequency(&phase.every));
            if let Some(first) = &phase.for_first {
                text.push_str(&format!(" for the first {}", duration(first)));
                if i == 0 {
                    if let Scope::While(p) = &r.scope {
                        text.push_str(&format!(" of {}", period_noun(&self.period_label(*p))));
                    }
                }
            }
        }
        text.push_str(&until);
        text
    }

    /// An anchor as a noun phrase that can follow "of", "before" or "after".
    fn anchor(&self, a: &Anchor) -> String {
        match a {
            Anchor::Event(sel) => self.selection(sel),
            Anchor::Earliest(parts) | Anchor::Latest(parts) => {
                let which = if matches!(a, Anchor::Earliest(_)) {
                    "first"
                } else {
                    "last"
                };
                let parts: Vec<String> = parts.iter().map(|p| self.anchor(p)).collect();
                format!("whichever comes {which} of {}", join_and(&parts))
            }
            Anchor::PeriodStart(p) => {
                format!("the start of {}", period_noun(&self.period_label(*p)))
            }
            Anchor::PeriodEnd(p) => format!("the end of {}", period_noun(&self.period_label(*p))),
            Anchor::Birthday(n) => format!("the child's {} birthday", ordinal_numeric(*n)),
            Anchor::Age { months } if months % 12 == 0 => {
                format!("the child's {} birthday", ordinal_numeric(months / 12))
            }
            Anchor::Age { months } => format!("the child reaching age {}", age(*months)),
            Anchor::PregnancyWeek(n) => format!("week {n} of pregnancy"),
            Anchor::Date(d) => date(*d),
            Anchor::DayOfYear { month, day } => format!("{day} {} each year", month_name(*month)),
        }
    }

    /// An event occurrence as a noun phrase: "the Strategy Discussion", "the second ICPC".
    fn selection(&self, sel: &Selection) -> String {
        let label = self.event_label(sel.event);
        match sel.occurrence {
            Occurrence::Each => event_noun(&label),
            Occurrence::Nth(n) => format!("the {} {}", ordinal_word(n), bare(&label)),
            Occurrence::From(n) => {
                format!("the {} and each later {}", ordinal_word(n), bare(&label))
            }
            Occurrence::Last => format!("the most recent {}", bare(&label)),
        }
    }

    /// A condition in words, using attribute names with underscores as spaces.
    fn cond(&self, c: &Cond) -> String {
        match c {
            Cond::All(parts) => self.join_conds(parts, " and ", |p| matches!(p, Cond::Any(_))),
            Cond::Any(parts) => self.join_conds(parts, " or ", |p| matches!(p, Cond::All(_))),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::IsTrue(op) => format!("not {}", self.operand(op)),
                Cond::Compare(op, cmp, lit) => self.compare(op, negate(*cmp), lit),
                other => format!("not ({})", self.cond(other)),
            },
            Cond::IsTrue(op) => self.operand(op),
            Cond::Compare(op, cmp, lit) => self.compare(op, *cmp, lit),
        }
    }

    fn join_conds(&self, parts: &[Cond], sep: &str, needs_brackets: fn(&Cond) -> bool) -> String {
        let words: Vec<String> = parts
            .iter()
            .map(|p| {
                let w = self.cond(p);
                if needs_brackets(p) {
                    format!("({w})")
                } else {
                    w
                }
            })
            .collect();
        words.join(sep)
    }

    fn compare(&self, op: &Operand, cmp: CmpOp, lit: &Literal) -> String {
        let subject = self.operand(op);
        let value = match lit {
            Literal::Bool(b) => {
                // `x = true` reads as the fact itself, `x = false` as its negation.
                let holds = *b == (cmp == CmpOp::Eq);
                return if holds {
                    subject
                } else {
                    format!("not {subject}")
                };
            }
            Literal::Number(n) => number(*n),
            Literal::Date(d) => date(*d),
            Literal::Text(t) => format!("‘{t}’"),
            Literal::Enum(i) => self.enum_value(op, *i),
        };
        let dated = matches!(lit, Literal::Date(_));
        let relation = match (cmp, dated) {
            (CmpOp::Eq, _) => format!("is {value}"),
            (CmpOp::Ne, _) => format!("is not {value}"),
            (CmpOp::Lt, false) => format!("is under {value}"),
            (CmpOp::Le, false) => format!("is {value} or under"),
            (CmpOp::Gt, false) => format!("is over {value}"),
            (CmpOp::Ge, false) => format!("is {value} or over"),
            (CmpOp::Lt, true) => format!("is before {value}"),
            (CmpOp::Le, true) => format!("is on or before {value}"),
            (CmpOp::Gt, true) => format!("is after {value}"),
            (CmpOp::Ge, true) => format!("is on or after {value}"),
        };
        format!("{subject} {relation}")
    }

    /// The attribute an operand reads, as words: `s47_agreed` → "s47 agreed".
    fn operand(&self, op: &Operand) -> String {
        match op {
            Operand::Age => "age".into(),
            Operand::Anchor { event, attr } => self.event_attr(*event, *attr).0,
            Operand::Child(attr) => self
                .policy
                .child
                .get(*attr as usize)
                .map_or_else(|| format!("child fact #{attr}"), |a| spaced(&a.name)),
            Operand::Event { event, attr } => format!(
                "{} ({})",
                self.event_attr(*event, *attr).0,
                self.event_label(*event)
            ),
        }
    }

    /// An event attribute's name in words and its type, if declared.
    fn event_attr(&self, event: u32, attr: u32) -> (String, Option<&AttrType>) {
        let found = self
            .policy
            .events
            .get(event as usize)
            .and_then(|e| e.attrs.get(attr as usize));
        match found {
            Some(a) => (spaced(&a.name), Some(&a.ty)),
            None => (format!("attribute #{attr}"), None),
        }
    }

    /// An enumeration value, verbatim as declared.
    fn enum_value(&self, op: &Operand, index: u32) -> String {
        let ty = match op {
            Operand::Anchor { event, attr } | Operand::Event { event, attr } => {
                self.event_attr(*event, *attr).1
            }
            Operand::Child(attr) => self.policy.child.get(*attr as usize).map(|a| &a.ty),
            Operand::Age => None,
        };
        match ty {
            Some(AttrType::Enum(values)) => values
                .get(index as usize)
                .cloned()
                .unwrap_or_else(|| format!("value #{index}")),
            _ => format!("value #{index}"),
        }
    }
}

/// A duration as the policy wrote it ("six weeks", "15½ years"), or `N unit(s)` when not recorded.
pub fn duration(d: &Duration) -> String {
    let written = d.written.trim();
    if written.is_empty() {
        d.to_string()
    } else {
        written.to_string()
    }
}

/// A frequency: "every 10 working days", "6 weekly", "monthly", "every week".
fn frequency(d: &Duration) -> String {
    let written = duration(d);
    if written.ends_with("ly") {
        // An adverb as the document wrote it: `6 weekly`, `fortnightly`, `monthly`.
        written
    } else if written == format!("1 {}", d.unit.name(1)) {
        format!("every {}", d.unit.name(1))
    } else {
        format!("every {written}")
    }
}

/// "12 and 16 weeks" when both ends share a unit, else "12 days and 16 weeks".
fn between(opens: &Duration, closes: &Duration) -> String {
    let first = duration(opens);
    let unit = format!(" {}", opens.unit.name(opens.amount));
    let short = match first.strip_suffix(&unit) {
        Some(number) if opens.unit == closes.unit => number.to_string(),
        _ => first,
    };
    format!("{short} and {}", duration(closes))
}

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
fn event_noun(label: &str) -> String {
    if let Some(rest) = strip_article(label) {
        return rest;
    }
    for (verb, noun) in [(" starts", "start"), (" begins", "start"), (" ends", "end")] {
        if let Some(subject) = label.strip_suffix(verb) {
            if !is_clause(subject) {
                return format!("the {noun} of {}", event_noun(subject));
            }
        }
    }
    if is_clause(label) {
        format!("‘{label}’")
    } else {
        format!("the {label}")
    }
}

/// A label after an ordinal ("the second …"): without an article, quoted if a clause.
fn bare(label: &str) -> String {
    if is_clause(label) || label.ends_with(" starts") || label.ends_with(" ends") {
        format!("‘{label}’")
    } else {
        label.to_string()
    }
}

/// Present-tense verbs that make a label a clause ("Child goes missing").
const FINITE_VERBS: &[&str] = &[
    "starts", "begins", "ends", "enters", "leaves", "goes", "returns", "moves", "becomes", "is",
    "are", "has", "have", "comes", "turns", "reaches", "joins", "arrives", "takes", "gets",
];

fn is_clause(label: &str) -> bool {
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
fn period_noun(label: &str) -> String {
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
fn period_while(label: &str) -> String {
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

fn month_name(month: u32) -> &'static str {
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

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn negate(cmp: CmpOp) -> CmpOp {
    match cmp {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

/// "a", "a and b", "a, b and c" (no serial comma, as British documents write lists).
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn spaced(name: &str) -> String {
    name.replace('_', " ")
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Capitalises the first letter only; labels later in the phrase keep their own capitals.
pub fn sentence_case(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
