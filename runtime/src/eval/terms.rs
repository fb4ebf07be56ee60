//! `every term`: one obligation per declared school term that the rule's scope
//! overlaps, due by the last day of the term (or of the scope, if it ends first).

use super::points::{self, Point};
use super::{next, recur, task_occurrences, Due, RuleEval, Status};
use crate::duration::Unit;
use crate::ir::{Scope, Term};
use crate::reckon::{format_date, Moment};
use chrono::NaiveDate;

/// What an explanation says when the policy declares no terms.
pub(super) const HINT: &str =
    "Declare the school terms with `term …` in the policy to compute a date.";

/// Runs `TASK every term SCOPE`.
pub(super) fn run(ev: &mut RuleEval, text: &str, scope: &Scope) {
    if ev.policy().terms.is_empty() {
        // Nothing to count in: kept in words, exactly as without term dates.
        let period = match scope {
            Scope::While(p) => Some(*p),
            _ => None,
        };
        return next::unquantified(ev, text, period, Some(HINT));
    }
    for (start, end) in spans(ev, scope) {
        if let Some(o) = ev.gate(Some(&start)) {
            ev.out.push(o);
            continue;
        }
        span(ev, &start, end.as_ref());
    }
}

/// Where the rule applies: each opening of its period, each point it runs from, or
/// (with no scope, or only `until`) from the task's own first occurrence.
fn spans(ev: &mut RuleEval, scope: &Scope) -> Vec<(Point, Option<Moment>)> {
    match scope {
        Scope::While(p) => points::period_instances(ev.e, ev.case, *p)
            .into_iter()
            .map(|i| (i.start, i.end))
            .collect(),
        Scope::From { anchor, until } => match points::resolve(ev.e, ev.case, anchor, false) {
            Ok(pts) => pts
                .into_iter()
                .map(|p| {
                    let end = until.as_ref().and_then(|u| recur::end_at(ev, u, &p.at));
                    (p, end)
                })
                .collect(),
            Err(reason) => {
                ev.undetermined_anchor(&reason);
                Vec::new()
            }
        },
        Scope::Until(_) | Scope::Always => {
            let Some(first) = task_occurrences(ev.case, &ev.rule.task).next() else {
                return Vec::new();
            };
            let end = match scope {
                Scope::Until(u) => recur::end_at(ev, u, &first.at),
                _ => None,
            };
            vec![(recur::task_point(ev, first), end)]
        }
    }
}

/// One obligation per declared term that overlaps `start`..`end` and has begun by
/// the as-of date; the window is the term cut to the span.
fn span(ev: &mut RuleEval, start: &Point, end: Option<&Moment>) {
    let tz = ev.tz();
    let from = start.at.date_in(tz);
    let to = end.map(|m| m.date_in(tz));
    let as_of = ev.e.as_of;
    let terms: Vec<Term> = ev
        .policy()
        .terms
        .iter()
        .filter(|t| t.start <= as_of)
        .cloned()
        .collect();
    let windows: Vec<(Term, NaiveDate, NaiveDate)> = terms
        .into_iter()
        .filter_map(|t| {
            let open = t.start.max(from);
            let close = to.map_or(t.end, |to| t.end.min(to));
            (open <= close).then_some((t, open, close))
        })
        .collect();
    let last_declared = ev.policy().terms.last().map(|t| t.end);
    // The scope runs past the declared terms: say so on its last obligation.
    let beyond = last_declared.filter(|&last| to.is_none_or(|to| to > last));
    let n = windows.len();
    for (i, (term, open, close)) in windows.into_iter().enumerate() {
        let done = task_occurrences(ev.case, &ev.rule.task).find(|t| {
            let d = t.at.date_in(tz);
            open <= d && d <= close
        });
        let mut lines = Vec::new();
        if ev.e.explain {
            let label = ev.task_label();
            lines.push(format!(
                "Term: {} ({} to {}); the {label} is due within it, by {}.",
                term.name,
                format_date(term.start),
                format_date(term.end),
                format_date(close)
            ));
            if (open, close) != (term.start, term.end) {
                lines.push(format!(
                    "The rule applies from {} to {} of this term ({}).",
                    format_date(open),
                    format_date(close),
                    if open != term.start && close != term.end {
                        "its scope starts and ends within the term"
                    } else if open != term.start {
                        "its scope starts within the term"
                    } else {
                        "its scope ends within the term"
                    }
                ));
            }
            if let (Some(last), true) = (beyond, i + 1 == n) {
                lines.push(format!(
                    "No term dates are declared after {}; declare later terms with `term …` to compute later obligations.",
                    format_date(last)
                ));
            }
        }
        let mut o = ev.obligation(Some(start), Status::Pending);
        ev.settle(
            &mut o,
            Due::limit(Some(Moment::Date(close)), Unit::Days, lines),
            done,
        );
        ev.out.push(o);
    }
}
