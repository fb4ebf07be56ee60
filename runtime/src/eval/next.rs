//! Forms bounded by other occurrences or by a whole period: `at the next EVENT
//! after A`, `before the next EVENT`, `between each EVENT and the next`, the
//! midpoint between reviews, a time on the weekday before a meeting, the review
//! closest to a birthday, `at least once during PERIOD`, and timescales in words.

use super::points::{self, Point};
use super::{at_or_after, done_by, strictly_after, task_occurrences, Due, RuleEval, Status};
use crate::case::Occurrence;
use crate::duration::Unit;
use crate::ir::{Anchor, NextKind, PeriodId, Selection};
use crate::reckon::{format_date, local_instant, weekday_name, Moment};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};

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
        ev.settle(&mut o, Due::limit(due, Unit::Days, lines), done);
        ev.out.push(o);
    }
}

/// `by 16:00 on the Thursday before A` (or `on the day before A`): one obligation per
/// occurrence of A, held or booked, due at that time on the last such weekday strictly
/// before A's date. As for `at least D before`, the task that answers an occurrence is
/// one after the previous occurrence and not after this one: the first on time, else
/// the first.
pub(super) fn clock_before(
    ev: &mut RuleEval,
    anchor: &Anchor,
    weekday: Option<Weekday>,
    time: NaiveTime,
) {
    let points = match points::resolve(ev.e, ev.case, anchor, true) {
        Ok(p) => p,
        Err(reason) => return ev.undetermined_anchor(&reason),
    };
    let tz = ev.tz();
    let mut previous: Option<Moment> = None;
    for p in points {
        if let Some(o) = ev.gate(Some(&p)) {
            ev.out.push(o);
            previous = Some(p.at.clone());
            continue;
        }
        let day = p.at.date_in(tz);
        let due_day = day_before(day, weekday);
        let due = Moment::Instant(local_instant(tz, due_day.and_time(time)));
        let mut lines = Vec::new();
        if ev.e.explain {
            let which = weekday.map_or("day", weekday_name);
            let clock = time.format("%H:%M");
            lines.push(format!(
                "By {clock} on the {which} before {}: {} at {clock}.",
                p.describe,
                format_date(due_day)
            ));
            if p.scheduled {
                lines.push(
                    "The anchor is scheduled, not yet held: the deadline follows the booked date."
                        .into(),
                );
            }
        }
        let in_window = |t: &&Occurrence| {
            !strictly_after(&t.at, &p.at, tz)
                && previous
                    .as_ref()
                    .is_none_or(|prev| strictly_after(&t.at, prev, tz))
        };
        let done = task_occurrences(ev.case, &ev.rule.task)
            .filter(in_window)
            .find(|t| done_by(&t.at, &due, tz))
            .or_else(|| task_occurrences(ev.case, &ev.rule.task).find(in_window));
        // Late the same day is measured in hours and minutes ("30 minutes"); later, in days.
        let unit = match done {
            Some(t) if matches!(t.at, Moment::Instant(_)) && t.at.date_in(tz) == due_day => {
                Unit::Hours
            }
            _ => Unit::Days,
        };
        let mut o = ev.obligation(Some(&p), Status::Pending);
        ev.settle(&mut o, Due::limit(Some(due), unit, lines), done);
        ev.out.push(o);
        previous = Some(p.at.clone());
    }
}

/// The last `weekday` strictly before `day` (1 to 7 days earlier), or the day before.
fn day_before(day: NaiveDate, weekday: Option<Weekday>) -> NaiveDate {
    let back = match weekday {
        Some(w) => (day.weekday().num_days_from_monday() + 6 - w.num_days_from_monday()) % 7 + 1,
        None => 1,
    };
    day.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(day)
}

/// "1 day", "6 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// `at the EVENT closest to A` (A a birthday or a date): the task belongs to the one
/// occurrence of EVENT, held or booked, whose date is nearest A's; of two equally near,
/// the earlier. It is due by the end of that occurrence's day, and answered by a task
/// after the occurrence before it. The nearest occurrence is known once one is recorded
/// or booked on or after A's date, or once `as_of` is as far past A as the latest
/// earlier one was before it (a later one could no longer be nearer); until then the
/// obligation is pending, with no date. `docs/SEMANTICS.md` works through the cases.
pub(super) fn closest(ev: &mut RuleEval, event: &Selection, to: &Anchor) {
    let targets = match points::resolve(ev.e, ev.case, to, true) {
        Ok(p) => p,
        Err(reason) => return ev.undetermined_anchor(&reason),
    };
    let occurrences = match points::resolve(ev.e, ev.case, &Anchor::Event(*event), true) {
        Ok(p) => p,
        Err(reason) => return ev.undetermined_anchor(&reason),
    };
    let tz = ev.tz();
    let label = ev.policy().events[event.event as usize].label.clone();
    let date = |p: &Point| p.at.date_in(tz);
    for target in targets {
        if let Some(o) = ev.gate(Some(&target)) {
            ev.out.push(o);
            continue;
        }
        let b = date(&target);
        // For explanations: "the 17th birthday (Wed 3 Jun 2026)".
        let what = || match to {
            Anchor::Birthday(n) => format!(
                "the {n}{} birthday ({})",
                points::ordinal_suffix(*n),
                format_date(b)
            ),
            _ => format_date(b),
        };
        let before = occurrences.iter().rposition(|o| date(o) < b);
        let after = occurrences.iter().position(|o| date(o) >= b);
        // With none on or after the day, a later one is nearer until this day is reached.
        let settles = before.map(|i| {
            b.checked_add_signed(b - date(&occurrences[i]))
                .unwrap_or(NaiveDate::MAX)
        });
        let held = |p: &Point| if p.scheduled { "booked for" } else { "on" };
        let (chosen, tie) = match (before, after) {
            (Some(i), Some(j)) => {
                let (gap_before, gap_after) =
                    (b - date(&occurrences[i]), date(&occurrences[j]) - b);
                if gap_before <= gap_after {
                    (Some(i), (gap_before == gap_after).then_some(j))
                } else {
                    (Some(j), None)
                }
            }
            (None, Some(j)) => (Some(j), None),
            (Some(i), None) => (settles.is_some_and(|d| ev.e.as_of >= d).then_some(i), None),
            (None, None) => (None, None),
        };
        let Some(k) = chosen else {
            let mut o = ev.obligation(Some(&target), Status::Pending);
            let to_come = ev.e.as_of < b;
            ev.say(&mut o, || match before {
                _ if to_come && !occurrences.is_empty() => format!(
                    "The {label} closest to {} is not known yet: none is recorded or booked on or after that day, and until it has passed a nearer one may still be held.",
                    what()
                ),
                Some(i) => {
                    let last = &occurrences[i];
                    format!(
                        "The {label} closest to {} is not known yet: the latest, {} {}, is {} before it, and one held before {} would be closer.",
                        what(),
                        held(last),
                        format_date(date(last)),
                        days((b - date(last)).num_days()),
                        format_date(settles.unwrap_or(NaiveDate::MAX))
                    )
                }
                None => format!(
                    "No {label} is recorded or booked yet, so the one closest to {} is not known.",
                    what()
                ),
            });
            ev.say(&mut o, || {
                "Pending: there is no date to be due by until that is known.".into()
            });
            if let Some(t) = task_occurrences(ev.case, &ev.rule.task).last() {
                let task = ev.task_label().to_string();
                ev.say(&mut o, || {
                    format!(
                        "The {task} {} will be judged once the closest {label} is known.",
                        points::when(&t.at)
                    )
                });
            }
            ev.out.push(o);
            continue;
        };
        let c = &occurrences[k];
        let day = date(c);
        let mut lines = Vec::new();
        if ev.e.explain {
            let distance = match (day - b).num_days() {
                0 => "on the day itself".to_string(),
                n if n < 0 => format!("{} before it", days(-n)),
                n => format!("{} after it", days(n)),
            };
            let tie = tie.map_or(String::new(), |j| {
                format!(
                    " (the one {} {} is as far after it; the earlier is taken)",
                    held(&occurrences[j]),
                    format_date(date(&occurrences[j]))
                )
            });
            lines.push(format!(
                "The {label} closest to {} is the one {} {}, {distance}{tie}.",
                what(),
                held(c),
                format_date(day)
            ));
            lines.push(format!(
                "Due at that {label}: by the end of {}.",
                format_date(day)
            ));
            if c.scheduled {
                lines.push(format!(
                    "The {label} is booked, not yet held: the deadline follows the booked date."
                ));
            }
        }
        let due = Moment::Date(day);
        let previous = k.checked_sub(1).map(|i| occurrences[i].at.clone());
        let in_window = |t: &&Occurrence| {
            previous
                .as_ref()
                .is_none_or(|prev| strictly_after(&t.at, prev, tz))
        };
        let done = task_occurrences(ev.case, &ev.rule.task)
            .filter(in_window)
            .find(|t| done_by(&t.at, &due, tz))
            .or_else(|| task_occurrences(ev.case, &ev.rule.task).find(in_window));
        let mut o = ev.obligation(Some(c), Status::Pending);
        ev.settle(&mut o, Due::limit(Some(due), Unit::Days, lines), done);
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
            Due::limit(inst.end.clone(), Unit::Days, lines),
            done,
        );
        ev.out.push(o);
    }
}

/// A timescale in words: one obligation per opening of its period (or per case),
/// met when the task is recorded, never overdue, and it says why.
/// `hint`, when given, is a line saying how to make the rule computable.
pub(super) fn unquantified(
    ev: &mut RuleEval,
    text: &str,
    period: Option<PeriodId>,
    hint: Option<&str>,
) {
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
        let mut lines = vec![format!("The standard says “{text}”, which duly cannot turn into a date, so no deadline is computed.")];
        lines.extend(hint.map(str::to_string));
        let mut o = ev.obligation(start.as_ref(), Status::Pending);
        ev.settle(&mut o, Due::limit(None, Unit::Days, lines), done);
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
