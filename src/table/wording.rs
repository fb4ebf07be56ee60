//! Plain-English wording of compiled rules: the one place a rule becomes a timescale sentence.
//! Everything is generated from the IR (never copied from `quote`); the rules are in docs/tables.md.

mod conditions;
mod nouns;

pub use nouns::{age, date, ordinal_numeric, ordinal_word};

use chrono::Datelike;
use duly_runtime::duration::{Counting, Duration, Unit};
use duly_runtime::ir::{
    Anchor, Cond, DateBound, Deadline, NextKind, Occurrence, Phase, Policy, Recurrence, Rule,
    Scope, Selection, Timing, Unnumbered,
};
use nouns::{
    boundary, event_noun, is_clause, join_and, month_name, number, period_noun, period_while,
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
    if rule.soft && !text.starts_with("usually") {
        text = format!("usually {text}");
    }
    if let Some(p) = rule.during {
        // A recurrence may already run "while on a …": say the period once.
        let phrase = period_while(&w.period_label(p));
        if !text.contains(&phrase) {
            text.push_str(", ");
            text.push_str(&phrase);
        }
    }
    if let Some(counting) = rule.counting.filter(|c| *c != policy.counting) {
        text.push_str(match counting {
            Counting::AnchorIsDayOne => " (the event's own date counts as day 1)",
            Counting::AnchorIsDayZero => " (counting from the day after the event)",
        });
    }
    if let Some(share) = rule.proportion {
        let percent = (share * 10_000.0).round() / 100.0;
        text.push_str(&format!(", for {}% of cases", number(percent)));
    }
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
            Timing::NextOccurrence { event, after, kind } => {
                let next = match boundary(&self.event_label(event.event)) {
                    Some((noun, subject)) => format!("the {noun} of the next {subject}"),
                    None => format!("the next {}", self.occurrence_label(event)),
                };
                let each = self.occurrence_label(event);
                let mut text = match kind {
                    NextKind::AtNext => format!("at {next}"),
                    NextKind::BeforeNext => format!("before {next}"),
                    NextKind::BetweenEach => format!("between each {each} and the next"),
                    NextKind::Midpoint => {
                        format!("at the midpoint between each {each} and the next")
                    }
                };
                if let Some(a) = after {
                    text.push_str(&format!(" after {}", self.anchor(a)));
                }
                text
            }
            Timing::WithinBefore { anchor, within } => {
                format!("within {} before {}", duration(within), self.anchor(anchor))
            }
            Timing::EveryNth { event, n, period } => {
                let nth = match n {
                    2 => "other".to_string(),
                    n => ordinal_word(*n),
                };
                let mut text = format!("at least every {nth} {}", self.occurrence_label(event));
                if let Some(p) = period {
                    text.push(' ');
                    text.push_str(&period_while(&self.period_label(*p)));
                }
                text
            }
            Timing::During { period, times: n } => format!(
                "at least {} {}",
                times(*n),
                period_while(&self.period_label(*period))
            ),
            // The table words the rule the same whether or not terms are declared.
            Timing::Termly { text, scope } => match scope {
                Scope::While(p) => {
                    format!("{} {}", text.trim(), period_while(&self.period_label(*p)))
                }
                _ => text.trim().to_string(),
            },
            Timing::Unquantified { text, period } => match period {
                Some(p) => format!("{} {}", text.trim(), period_while(&self.period_label(*p))),
                None => text.trim().to_string(),
            },
            Timing::ClockBefore {
                anchor,
                weekday,
                time,
            } => format!(
                "by {} on the {} before {}",
                time.format("%H:%M"),
                weekday.map_or("day", duly_runtime::reckon::weekday_name),
                self.anchor(anchor)
            ),
            Timing::Closest { event, to } => {
                format!(
                    "at {} closest to {}",
                    self.selection(event),
                    self.anchor(to)
                )
            }
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
            (Some(Unnumbered::After), ..) => format!("after {anchor}"),
            (Some(Unnumbered::ShortlyAfter), ..) => format!("shortly after {anchor}"),
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
            (None, None, None, Some(limit)) if is_same_day(&limit.within) => {
                format!("on the same day as {anchor}")
            }
            (None, None, None, Some(limit)) if d.point => {
                format!("{} after {anchor}", duration(&limit.within))
            }
            (None, None, None, Some(limit)) => {
                format!("within {} of {anchor}", duration(&limit.within))
            }
            (None, None, None, None) => format!("after {anchor}"),
        };
        if let Some(limit) = &d.limit {
            for ext in &limit.extensions {
                let within = if is_same_day(&ext.within) {
                    "on the same day".to_string()
                } else {
                    duration(&ext.within)
                };
                text.push_str(&format!(", or {within} where {}", self.cond(&ext.when)));
            }
            for alt in &limit.alternatives {
                text.push_str(&format!(
                    ", or within {} of {}",
                    duration(&alt.within),
                    self.anchor(&alt.anchor)
                ));
            }
        }
        if d.may_precede {
            text = format!("before or {text}");
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
            DateBound::NotBefore => "not before",
            DateBound::InMonth => "in",
            DateBound::SameMonth => "within the same month as",
            DateBound::MorningAfter => "by the morning after",
        };
        match (anchor, bound) {
            (Anchor::Month { .. }, _) => format!("{word} {}", self.anchor(anchor)),
            (Anchor::DayOfYear { month, day: 1 }, DateBound::InMonth) => {
                format!("in {} every year", month_name(*month))
            }
            (Anchor::Date(d), DateBound::InMonth) if d.day() == 1 => {
                format!("in {} {}", month_name(d.month()), d.year())
            }
            (_, DateBound::InMonth) => format!("in the month starting {}", self.anchor(anchor)),
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
            // A phase "for the first D of P" names the period already.
            Scope::While(p) if r.phases.iter().all(|ph| ph.for_first.is_none()) => {
                format!(" {}", period_while(&self.period_label(*p)))
            }
            Scope::While(_) | Scope::Always => String::new(),
            Scope::From { anchor, until } => {
                let from = format!(" from {}", self.anchor(anchor));
                match until {
                    Some(u) => format!("{from} until {}", self.anchor(u)),
                    None => from,
                }
            }
            Scope::Until(u) => format!(" until {}", self.anchor(u)),
        };
        for (i, phase) in r.phases.iter().enumerate() {
            if i > 0 {
                text.push_str(", then ");
            }
            text.push_str(&phase_words(phase));
            // Every phase's bound counts from the start, so later ones read "up to".
            if let Some(first) = &phase.for_first {
                let bound = if i == 0 { "for the first" } else { "up to" };
                text.push_str(&format!(" {bound} {}", duration(first)));
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
            Anchor::Month { year, month } => format!("{} {year}", month_name(*month)),
            Anchor::DayOfYear { month, day } => format!("{day} {} each year", month_name(*month)),
        }
    }

    /// An event occurrence as a noun phrase: "the Strategy Discussion", "the second ICPC".
    fn selection(&self, sel: &Selection) -> String {
        let label = self.event_label(sel.event);
        let which = match sel.occurrence {
            Occurrence::Each => return event_noun(&label),
            Occurrence::Nth(n) => ordinal_word(n),
            Occurrence::From(n) => format!("{} and each later", ordinal_word(n)),
            Occurrence::Last => "most recent".to_string(),
        };
        match boundary(&label) {
            Some((noun, subject)) => format!("the {noun} of the {which} {subject}"),
            None if is_clause(&label) => format!("the {which} ‘{label}’"),
            None => format!("the {which} {label}"),
        }
    }

    /// An event's label after a determiner ("each", "the next"): quoted if it is a clause.
    fn occurrence_label(&self, sel: &Selection) -> String {
        let label = self.event_label(sel.event);
        if is_clause(&label) || boundary(&label).is_some() {
            format!("‘{label}’")
        } else {
            label
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

/// A frequency: "every 10 working days", "6 weekly", "monthly", "every week", "every term".
fn frequency(d: &Duration) -> String {
    let written = duration(d);
    if written.ends_with("ly") || written.starts_with("every ") || written.starts_with("each ") {
        // As the document wrote it: `6 weekly`, `fortnightly`, `termly`, `every term`.
        written
    } else if written == format!("1 {}", d.unit.name(1)) {
        format!("every {}", d.unit.name(1))
    } else {
        format!("every {written}")
    }
}

/// One phase of a recurrence: "at least every 10 working days", "at least twice weekly",
/// "six to eight times monthly", "every 6 to 8 weeks", "usually weekly, and at least fortnightly".
fn phase_words(phase: &Phase) -> String {
    // A counted frequency keeps the document's own phrase ("twice weekly", "on 2 days a week").
    let written = duration(&phase.every);
    let counted = phase.times.is_some()
        && ["once", "twice", "times", " days "]
            .iter()
            .any(|w| written.contains(w));
    let every = if counted {
        written
    } else {
        frequency(&phase.every)
    };
    let mut text = match (phase.times, &phase.at_least) {
        (Some((min, Some(max))), _) if max != min && counted => every,
        (Some((min, Some(max))), _) if max != min => format!("{min} to {max} times {every}"),
        (Some(_), _) if counted => format!("at least {every}"),
        (Some((n, _)), _) if n > 1 => format!("at least {} {every}", times(n)),
        (_, Some(soonest)) => format!("every {}", range(soonest, &phase.every, "to")),
        _ => format!("at least {every}"),
    };
    if let Some(target) = &phase.target {
        text = format!("usually {}, and {text}", frequency(target));
    }
    text
}

fn times(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// "12 and 16 weeks" when both ends share a unit, else "12 days and 16 weeks".
fn between(opens: &Duration, closes: &Duration) -> String {
    range(opens, closes, "and")
}

/// Two durations joined by `word`, the shared unit said once: "6 to 8 weeks".
fn range(low: &Duration, high: &Duration, word: &str) -> String {
    let first = duration(low);
    let unit = format!(" {}", low.unit.name(low.amount));
    let short = match first.strip_suffix(&unit) {
        Some(number) if low.unit == high.unit => number.to_string(),
        _ => first,
    };
    format!("{short} {word} {}", duration(high))
}

/// `within 0 days`: the same day, which is how documents say it.
fn is_same_day(d: &Duration) -> bool {
    d.amount == 0 && matches!(d.unit, Unit::Days | Unit::WorkingDays)
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
