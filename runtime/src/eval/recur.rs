//! Recurrences: one obligation per required occurrence (each gap), the next due
//! date following the actual last occurrence, phases measured from the scope's start.

use super::points::{self, Point};
use super::{
    at_or_after, strictly_after, task_occurrences, Due, RuleEval, Status, MAX_RECURRENCES,
};
use crate::duration::Direction;
use crate::ir::{Recurrence, Scope};
use crate::reckon::Moment;

/// Runs a recurrence with no separate first deadline (`every D while P`).
pub(super) fn run(ev: &mut RuleEval, r: &Recurrence) {
    match &r.scope {
        Scope::While(p) => {
            for inst in points::period_instances(ev.e, ev.case, *p) {
                let start = inst.start.at.clone();
                interval(ev, r, &inst.start, None, inst.end, start, true);
            }
        }
        Scope::From { anchor, until } => {
            let pts = match points::resolve(ev.e, ev.case, anchor, false) {
                Ok(p) => p,
                Err(reason) => return ev.undetermined_anchor(&reason),
            };
            for p in pts {
                let end = until.as_ref().and_then(|u| end_at(ev, u, &p.at));
                let start = p.at.clone();
                interval(ev, r, &p, None, end, start, true);
            }
        }
        Scope::Until(_) | Scope::Always => {
            let Some(first) = task_occurrences(ev.case, &ev.rule.task).next() else {
                return;
            };
            let end = match &r.scope {
                Scope::Until(u) => end_at(ev, u, &first.at),
                _ => None,
            };
            let p = task_point(ev, first);
            let start = first.at.clone();
            interval(ev, r, &p, None, end, start, false);
        }
    }
}

/// The first point of `until` at or after `start`: where a recurrence stops.
pub(super) fn end_at(ev: &RuleEval, until: &crate::ir::Anchor, start: &Moment) -> Option<Moment> {
    let tz = ev.tz();
    points::resolve(ev.e, ev.case, until, false)
        .ok()?
        .into_iter()
        .find(|p| at_or_after(&p.at, start, tz))
        .map(|p| p.at)
}

/// Continues a rule's `, then every D …` after its first deadline was met at `start`.
pub(super) fn after_first(ev: &mut RuleEval, then: &Recurrence, anchor: &Point, start: Moment) {
    let tz = ev.tz();
    let end = match &then.scope {
        Scope::While(p) => {
            let decl = &ev.policy().periods[*p as usize];
            ev.case
                .occurrences(decl.end)
                .iter()
                .filter(|o| !o.scheduled)
                .find(|o| at_or_after(&o.at, &anchor.at, tz))
                .map(|o| o.at.clone())
        }
        Scope::Until(u) | Scope::From { until: Some(u), .. } => end_at(ev, u, &start),
        Scope::From { until: None, .. } | Scope::Always => None,
    };
    // The first repeat is counted from the occurrence that met the first deadline,
    // so that is its anchor, not the rule's anchor (which still decides the gate).
    let met = task_occurrences(ev.case, &ev.rule.task)
        .find(|t| t.at == start)
        .map(|t| task_point(ev, t));
    interval(ev, then, anchor, met, end, start, false);
}

pub(super) fn task_point(ev: &RuleEval, o: &crate::case::Occurrence) -> Point {
    Point {
        at: o.at.clone(),
        // Names and texts are for output only; summaries need none of them.
        written: if ev.e.strings {
            o.written.clone()
        } else {
            String::new()
        },
        name: if ev.e.strings {
            ev.task_name().to_string()
        } else {
            String::new()
        },
        // Descriptions are for explanations only; building them dominates large runs.
        describe: if ev.e.explain {
            format!(
                "the previous {} {} {}",
                ev.task_label(),
                points::on_or_at(&o.at),
                o.at
            )
        } else {
            String::new()
        },
        occurrence: None,
        scheduled: false,
    }
}

/// Generates the gaps of one recurrence between `prev` and `end`. `context` is where
/// the scope starts (phases are measured from it) and what the rule's conditions are
/// checked against; `from`, when given, is the occurrence the first gap is counted
/// from, and so its anchor (otherwise `context` is).
fn interval(
    ev: &mut RuleEval,
    r: &Recurrence,
    context: &Point,
    from: Option<Point>,
    end: Option<Moment>,
    mut prev: Moment,
    mut inclusive: bool,
) {
    if let Some(o) = ev.gate(Some(context)) {
        ev.out.push(o);
        return;
    }
    let tz = ev.tz();
    // Phase boundaries, each measured from the scope's start.
    let mut bounds = Vec::new();
    for ph in &r.phases {
        match &ph.for_first {
            Some(d) => match ev.reckon(&context.at, d, Direction::After) {
                Ok(b) => bounds.push(Some(b.due)),
                Err(err) => {
                    let o = ev.calendar_failure(Some(context), &err);
                    ev.out.push(o);
                    return;
                }
            },
            None => bounds.push(None),
        }
    }
    let mut anchor = from.unwrap_or_else(|| context.clone());
    let mut seen = 0;
    for _ in 0..MAX_RECURRENCES {
        let phase = r
            .phases
            .iter()
            .zip(&bounds)
            .position(|(_, b)| b.as_ref().is_none_or(|b| !at_or_after(&prev, b, tz)));
        let Some(mut phase) = phase else { return }; // the last phase had an end, and it has passed

        // A gap that would fall due after its phase has ended takes the next phase's
        // frequency, counted from the same previous occurrence, but is never due before
        // that phase begins (docs/SEMANTICS.md, "Phases").
        let mut next_phase_begins = None;
        let mut phase_lines = Vec::new();
        if let (Some(Some(bound)), Some(next)) = (bounds.get(phase), r.phases.get(phase + 1)) {
            if let Ok(x) = ev.reckon(&prev, &r.phases[phase].every, Direction::After) {
                if strictly_after(&x.due, bound, tz) && next.every != r.phases[phase].every {
                    if ev.e.explain {
                        phase_lines.push(format!(
                            "Every {} after {prev} would be {}, but phase {} begins on {bound}, so its frequency applies.",
                            r.phases[phase].every.written,
                            x.due,
                            phase + 2
                        ));
                    }
                    phase += 1;
                    next_phase_begins = Some(bound.clone());
                }
            }
        }
        let ph = &r.phases[phase];
        let every = &ph.every;
        let mut reck = match ev.reckon(&prev, every, Direction::After) {
            Ok(x) => x,
            Err(err) => {
                let o = ev.calendar_failure(Some(&anchor), &err);
                ev.out.push(o);
                return;
            }
        };
        let reckoned = reck.due.clone();
        let mut held_line = None;
        if let Some(begins) = next_phase_begins {
            if strictly_after(&begins, &reck.due, tz) {
                if ev.e.explain {
                    held_line = Some(format!(
                        "Phase {} begins on {begins}, and its frequency does not apply before then, so the next {} is due by {begins}.",
                        phase + 1,
                        ev.task_label()
                    ));
                }
                reck.due = begins;
            }
        }
        if let Some(e) = &end {
            if e.date_in(tz) <= reck.due.date_in(tz) {
                return; // the period closed before the next one fell due
            }
        }
        if let Some((min, max)) = ph.times {
            // Counted frequency: each window of `every` needs `min` occurrences.
            if prev.date_in(tz) > ev.e.as_of {
                return;
            }
            count_window(ev, &anchor, &prev, &reck, min, max, end.as_ref());
            prev = reck.due.clone();
            inclusive = true;
            continue;
        }
        let opens = match &ph.at_least {
            Some(d) => ev.reckon(&prev, d, Direction::After).ok().map(|x| x.due),
            None => None,
        };
        let target = match &ph.target {
            Some(d) => ev.reckon(&prev, d, Direction::After).ok().map(|x| x.due),
            None => None,
        };
        // The first occurrence after `prev`, if the period has not closed before it.
        // Occurrences are sorted and `prev` only moves on, so those passed over once
        // are never looked at again (`seen`): one walk of the task's occurrences for
        // the whole recurrence, not one per gap.
        let mut next = None;
        for t in task_occurrences(ev.case, &ev.rule.task).skip(seen) {
            let after = if inclusive {
                at_or_after(&t.at, &prev, tz)
            } else {
                strictly_after(&t.at, &prev, tz)
            };
            if !after {
                seen += 1;
                continue;
            }
            if end.as_ref().is_none_or(|e| !strictly_after(&t.at, e, tz)) {
                next = Some(t);
            }
            break;
        }
        let mut lines = Vec::new();
        ev.working_day_note(every, &mut lines);
        let phase_note = if r.phases.len() > 1 {
            format!(" (phase {} of {})", phase + 1, r.phases.len())
        } else {
            String::new()
        };
        if ev.e.explain {
            lines.append(&mut phase_lines);
            let so = match held_line {
                Some(_) => String::new(),
                None => format!(", so the next {} is due by {reckoned}", ev.task_label()),
            };
            lines.push(format!(
                "Frequency{phase_note}: at least every {}; {}{so}.",
                every.written, reck.sentence,
            ));
            lines.extend(held_line);
        };
        let mut o = ev.obligation(Some(&anchor), Status::Pending);
        if let Some(t) = &target {
            if ev.e.explain {
                lines.push(format!(
                    "Usually at least every {}: the target is {t}.",
                    ph.target.as_ref().map(|d| d.written.as_str()).unwrap_or("")
                ))
            };
        }
        if let Some(op) = &opens {
            if ev.e.explain {
                lines.push(format!(
                    "Not sooner than {} after the previous one: the window opens {op}.",
                    ph.at_least
                        .as_ref()
                        .map(|d| d.written.as_str())
                        .unwrap_or("")
                ))
            };
        }
        let due = Due {
            due: Some(reck.due.clone()),
            target,
            opens,
            unit: every.unit,
            lines,
        };
        ev.settle(&mut o, due, next);
        ev.out.push(o);
        match next {
            Some(t) => {
                prev = t.at.clone();
                anchor = task_point(ev, t);
                inclusive = false;
            }
            None => return,
        }
    }
}

/// One window of a counted frequency (`twice weekly`): met once `min` occurrences
/// fall in [start, start + every), overdue when the window closes short.
fn count_window(
    ev: &mut RuleEval,
    anchor: &Point,
    start: &Moment,
    reck: &crate::reckon::Reckoning,
    min: u32,
    max: Option<u32>,
    end: Option<&Moment>,
) {
    let tz = ev.tz();
    let window_end = reck.due.date_in(tz);
    let last_day = window_end.pred_opt().unwrap_or(window_end);
    let inside: Vec<&crate::case::Occurrence> = task_occurrences(ev.case, &ev.rule.task)
        .filter(|t| {
            at_or_after(&t.at, start, tz)
                && t.at.date_in(tz) < window_end
                && end.is_none_or(|e| !strictly_after(&t.at, e, tz))
        })
        .collect();
    let mut o = ev.obligation(Some(anchor), Status::Pending);
    o.due = Some(last_day.format("%Y-%m-%d").to_string());
    let label = ev.task_label().to_string();
    let wanted = match max {
        Some(m) => format!("{min} to {m}"),
        None => format!("at least {min}"),
    };
    let n = inside.len() as u32;
    ev.say(&mut o, || {
        format!(
            "Counted frequency: {wanted} in each window of {}; this window runs from {} to {}.",
            reck.sentence.split(" after ").next().unwrap_or(""),
            start,
            crate::reckon::Moment::Date(last_day)
        )
    });
    if n >= min {
        o.status = Status::Met;
        o.done = inside
            .get(min.saturating_sub(1) as usize)
            .map(|t| t.written.clone());
        let over = max.is_some_and(|m| n > m);
        ev.say(&mut o, || {
            if over {
                format!("Met: {n} {label} records in the window, more than the {wanted} the standard expects.")
            } else {
                format!("Met: {n} {label} records in the window.")
            }
        });
    } else if last_day < ev.e.as_of {
        o.status = Status::Overdue;
        ev.say(&mut o, || {
            format!("Overdue: only {n} {label} records in the window, {wanted} needed.")
        });
    } else {
        ev.say(&mut o, || format!("Pending: {n} {label} records so far in a window that is still open; {wanted} needed."));
    }
    ev.out.push(o);
}
