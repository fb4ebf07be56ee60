//! Forms bounded by other occurrences or by a whole period: `at the next EVENT
//! after A`, `before the next EVENT`, `between each EVENT and the next`, the
//! midpoint between reviews, `at least once during PERIOD`, and timescales in words.

use super::points::{self, Point};
use super::{at_or_after, strictly_after, task_occurrences, Due, RuleEval, Status};
use crate::duration::Unit;
use crate::ir::{Anchor, NextKind, PeriodId, Selection};
use crate::reckon::Moment;
use chrono::Days;

/// Evaluates a [`crate::ir::Timing::NextOccurrence`] rule.
pub(super) fn run(ev: &mut RuleEval, event: &Selection, after: Option<&Anchor>, kind: NextKind) {
    let tz = ev.tz();
    let bound_event = Anchor::Event(Selection {
        event: event.event,
        occurrence: crate::ir::Occurrence::Each,
    });
    // Occurrences of the bounding event, occurred or booked: a booked meeting is still "the next" one.
    let meetings = match points::resolve(ev.e, ev.case, &bound_event, true) {
        Ok(m) => m,
        Err(reason) => return ev.undetermined_anchor(&reason),
    };
    let anchors: Vec<Point> = match after {
        Some(a) => match points::resolve(ev.e, ev.case, a, false) {
            Ok(p) => p,
            Err(reason) => return ev.undetermined_anchor(&reason),
        },
        None => meetings.iter().filter(|m| !m.scheduled).cloned().collect(),
    };
    let label = ev.policy().events[event.event as usize].label.clone();
    for p in anchors {
        if let Some(o) = ev.gate(Some(&p)) {
            ev.out.push(o);
            continue;
        }
        let next = meetings.iter().find(|m| {
            if after.is_some() {
                at_or_after(&m.at, &p.at, tz)
            } else {
                strictly_after(&m.at, &p.at, tz)
            }
        });
        let mut lines = Vec::new();
        let due = next.map(|m| {
            let day = m.at.date_in(tz);
            match kind {
                NextKind::AtNext => {
                    if ev.e.explain {
                        lines.push(format!(
                            "Due at the next {label} after the anchor: {}.",
                            m.describe
                        ))
                    };
                    Moment::Date(day)
                }
                NextKind::BeforeNext | NextKind::BetweenEach => {
                    let before = day.pred_opt().unwrap_or(day);
                    if ev.e.explain {
                        lines.push(format!(
                            "Due before the next {label} ({}), so by {}.",
                            m.describe,
                            Moment::Date(before)
                        ))
                    };
                    Moment::Date(before)
                }
                NextKind::Midpoint => {
                    let start = p.at.date_in(tz);
                    let half = (day - start).num_days().max(0) / 2;
                    let mid = start
                        .checked_add_days(Days::new(half as u64))
                        .unwrap_or(start);
                    if ev.e.explain {
                        lines.push(format!(
                            "Due at the midpoint between {} and {}: {}.",
                            p.describe,
                            m.describe,
                            Moment::Date(mid)
                        ))
                    };
                    Moment::Date(mid)
                }
            }
        });
        if next.is_none() && ev.e.explain {
            lines.push(format!(
                "No next {label} is recorded or booked yet, so there is no date to count to."
            ));
        }
        let done = task_occurrences(ev.case, &ev.rule.task).find(|t| {
            strictly_after(&t.at, &p.at, tz) || (after.is_some() && at_or_after(&t.at, &p.at, tz))
        });
        // Without a next occurrence there is nothing to be late for yet.
        let mut o = ev.obligation(Some(&p), Status::Pending);
        ev.settle(
            &mut o,
            Due {
                due,
                target: None,
                opens: None,
                unit: Unit::Days,
                lines,
            },
            done,
        );
        ev.out.push(o);
    }
}

/// `at least once during PERIOD`: one obligation per opening of the period.
pub(super) fn during(ev: &mut RuleEval, period: PeriodId, times: u32) {
    let tz = ev.tz();
    let label = ev.policy().periods[period as usize].label.clone();
    for inst in points::period_instances(ev.e, ev.case, period) {
        if let Some(o) = ev.gate(Some(&inst.start)) {
            ev.out.push(o);
            continue;
        }
        // The occurrence that completes the count, if the count was reached.
        let done = task_occurrences(ev.case, &ev.rule.task)
            .filter(|t| {
                at_or_after(&t.at, &inst.start.at, tz)
                    && inst
                        .end
                        .as_ref()
                        .is_none_or(|e| !strictly_after(&t.at, e, tz))
            })
            .nth(times.saturating_sub(1) as usize);
        let how_often = match times {
            1 => "At least once".to_string(),
            2 => "At least twice".to_string(),
            n => format!("At least {n} times"),
        };
        let lines = vec![match &inst.end {
            Some(e) => format!("{how_often} during the {label}, which ran until {e}."),
            None => format!("{how_often} during the {label}, which is still open: nothing is overdue until it closes."),
        }];
        let mut o = ev.obligation(Some(&inst.start), Status::Pending);
        ev.settle(
            &mut o,
            Due {
                due: inst.end.clone(),
                target: None,
                opens: None,
                unit: Unit::Days,
                lines,
            },
            done,
        );
        ev.out.push(o);
    }
}

/// A timescale in words: one obligation per opening of its period (or per case),
/// met when the task is recorded, never overdue, and it says why.
pub(super) fn unquantified(ev: &mut RuleEval, text: &str, period: Option<PeriodId>) {
    let tz = ev.tz();
    let spans: Vec<(Option<Point>, Option<Moment>)> = match period {
        Some(p) => points::period_instances(ev.e, ev.case, p)
            .into_iter()
            .map(|i| (Some(i.start), i.end))
            .collect(),
        None => vec![(None, None)],
    };
    for (start, end) in spans {
        if let Some(o) = ev.gate(start.as_ref()) {
            ev.out.push(o);
            continue;
        }
        let done = task_occurrences(ev.case, &ev.rule.task).find(|t| {
            start.as_ref().is_none_or(|s| at_or_after(&t.at, &s.at, tz))
                && end.as_ref().is_none_or(|e| !strictly_after(&t.at, e, tz))
        });
        let line = format!("The standard says “{text}”, which duly cannot turn into a date, so no deadline is computed.");
        let mut o = ev.obligation(start.as_ref(), Status::Pending);
        ev.settle(
            &mut o,
            Due {
                due: None,
                target: None,
                opens: None,
                unit: Unit::Days,
                lines: vec![line],
            },
            done,
        );
        ev.out.push(o);
    }
}

/// `at least every other EVENT`, `every 3 EVENT`: counted in occurrences, not time.
/// Each gap starts after the last occurrence of EVENT that had the task on the same
/// day (or the period's start) and is due by the N-th occurrence of EVENT after it.
pub(super) fn every_nth(ev: &mut RuleEval, event: &Selection, n: u32, period: Option<PeriodId>) {
    let tz = ev.tz();
    let label = ev.policy().events[event.event as usize].label.clone();
    let spans: Vec<(Option<Point>, Option<Moment>)> = match period {
        Some(p) => points::period_instances(ev.e, ev.case, p)
            .into_iter()
            .map(|i| (Some(i.start), i.end))
            .collect(),
        None => vec![(None, None)],
    };
    for (start, end) in spans {
        if let Some(o) = ev.gate(start.as_ref()) {
            ev.out.push(o);
            continue;
        }
        let counted: Vec<Moment> = ev
            .case
            .occurrences(event.event)
            .iter()
            .filter(|o| !o.scheduled)
            .filter(|o| {
                start.as_ref().is_none_or(|s| at_or_after(&o.at, &s.at, tz))
                    && end.as_ref().is_none_or(|e| !strictly_after(&o.at, e, tz))
            })
            .map(|o| o.at.clone())
            .collect();
        let task_days: Vec<chrono::NaiveDate> = task_occurrences(ev.case, &ev.rule.task)
            .map(|t| t.at.date_in(tz))
            .collect();
        let mut i = 0;
        while i < counted.len() {
            // The gap covers counted[i .. i + n]; it is met at the first of them with the task.
            let window = &counted[i..counted.len().min(i + n as usize)];
            let hit = window
                .iter()
                .position(|m| task_days.contains(&m.date_in(tz)));
            let mut o = ev.obligation(start.as_ref(), Status::Pending);
            let last = window.last().cloned();
            let complete = window.len() == n as usize;
            let line = format!(
                "At least one in every {n} {label} records; this gap runs from {} to {}.",
                window[0],
                last.as_ref().map(|m| m.to_string()).unwrap_or_default()
            );
            ev.say(&mut o, || line);
            match hit {
                Some(k) => {
                    o.status = Status::Met;
                    o.due = last.as_ref().filter(|_| complete).map(super::cond::iso);
                    o.done = Some(super::cond::iso(&window[k]));
                    ev.say(&mut o, || {
                        format!("Met: done alongside the {label} on {}.", window[k])
                    });
                    i += k + 1;
                }
                None if complete => {
                    o.status = Status::Overdue;
                    o.due = last.as_ref().map(super::cond::iso);
                    ev.say(&mut o, || {
                        format!("Overdue: none of {n} consecutive {label} records had it.")
                    });
                    i += n as usize;
                }
                None => {
                    ev.say(&mut o, || {
                        format!(
                            "Pending: {} of {n} {label} records so far without it.",
                            window.len()
                        )
                    });
                    i = counted.len();
                }
            }
            ev.out.push(o);
        }
    }
}
