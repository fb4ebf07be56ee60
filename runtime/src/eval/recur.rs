//! Recurrences: one obligation per required occurrence (each gap), the next due
//! date following the actual last occurrence, phases measured from the scope's start.

use super::points::{self, Point};
use super::{
    at_or_after, done_by, strictly_after, task_occurrences, Due, RuleEval, Status, MAX_RECURRENCES,
};
use crate::duration::Direction;
use crate::ir::{Recurrence, Scope};
use crate::reckon::Moment;

/// Runs a recurrence with no separate first deadline (`every D while P`).
pub(super) fn run(ev: &mut RuleEval, r: &Recurrence) {
    let tz = ev.tz();
    match &r.scope {
        Scope::While(p) => {
            for inst in points::period_instances(ev.e, ev.case, *p) {
                let start = inst.start.at.clone();
                interval(ev, r, &inst.start, inst.end, start.clone(), true, &start);
            }
        }
        Scope::From { anchor, until } => {
            let pts = match points::resolve(ev.e, ev.case, anchor, false) {
                Ok(p) => p,
                Err(reason) => return ev.undetermined_anchor(&reason),
            };
            for p in pts {
                let end = until.and_then(|u| {
                    ev.case
                        .occurrences(u.event)
                        .iter()
                        .filter(|o| !o.scheduled)
                        .find(|o| at_or_after(&o.at, &p.at, tz))
                        .map(|o| o.at.clone())
                });
                let start = p.at.clone();
                interval(ev, r, &p, end, start.clone(), true, &start);
            }
        }
        Scope::Until(u) => {
            let Some(first) = task_occurrences(ev.case, &ev.rule.task).next() else {
                return;
            };
            let end = ev
                .case
                .occurrences(u.event)
                .iter()
                .filter(|o| !o.scheduled)
                .find(|o| at_or_after(&o.at, &first.at, tz))
                .map(|o| o.at.clone());
            let p = task_point(ev, first);
            let start = first.at.clone();
            interval(ev, r, &p, end, start.clone(), false, &start);
        }
    }
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
        Scope::Until(u) | Scope::From { until: Some(u), .. } => ev
            .case
            .occurrences(u.event)
            .iter()
            .filter(|o| !o.scheduled)
            .find(|o| at_or_after(&o.at, &start, tz))
            .map(|o| o.at.clone()),
        Scope::From { until: None, .. } => None,
    };
    let scope_start = anchor.at.clone();
    interval(ev, then, anchor, end, start, false, &scope_start);
}

fn task_point(ev: &RuleEval, o: &crate::case::Occurrence) -> Point {
    Point {
        at: o.at.clone(),
        written: o.written.clone(),
        name: ev.task_name().to_string(),
        describe: format!(
            "the previous {} {} {}",
            ev.task_label(),
            points::on_or_at(&o.at),
            o.at
        ),
        occurrence: None,
        scheduled: false,
    }
}

/// Generates the gaps of one recurrence between `prev` and `end`.
fn interval(
    ev: &mut RuleEval,
    r: &Recurrence,
    context: &Point,
    end: Option<Moment>,
    mut prev: Moment,
    mut inclusive: bool,
    scope_start: &Moment,
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
            Some(d) => match ev.reckon(scope_start, d, Direction::After) {
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
    let mut anchor = context.clone();
    for _ in 0..MAX_RECURRENCES {
        let phase = r
            .phases
            .iter()
            .zip(&bounds)
            .position(|(_, b)| b.as_ref().is_none_or(|b| !at_or_after(&prev, b, tz)));
        let Some(phase) = phase else { return }; // the last phase had an end, and it has passed
        let every = &r.phases[phase].every;
        let reck = match ev.reckon(&prev, every, Direction::After) {
            Ok(x) => x,
            Err(err) => {
                let o = ev.calendar_failure(Some(&anchor), &err);
                ev.out.push(o);
                return;
            }
        };
        if let Some(e) = &end {
            if !strictly_after(&reck.due, e, tz) && e.date_in(tz) <= reck.due.date_in(tz) {
                return; // the period closed before the next one fell due
            }
        }
        let next = task_occurrences(ev.case, &ev.rule.task).find(|t| {
            (if inclusive {
                at_or_after(&t.at, &prev, tz)
            } else {
                strictly_after(&t.at, &prev, tz)
            }) && end.as_ref().is_none_or(|e| !strictly_after(&t.at, e, tz))
        });
        let mut lines = Vec::new();
        ev.working_day_note(every, &mut lines);
        let phase_note = if r.phases.len() > 1 {
            format!(" (phase {} of {})", phase + 1, r.phases.len())
        } else {
            String::new()
        };
        lines.push(format!(
            "Frequency{phase_note}: at least every {}; {}, so the next {} is due by {}.",
            every.written,
            reck.sentence,
            ev.task_label(),
            reck.due
        ));
        let mut o = ev.obligation(Some(&anchor), Status::Pending);
        let due = Due {
            due: Some(reck.due.clone()),
            target: None,
            opens: None,
            unit: every.unit,
            lines,
        };
        ev.settle(&mut o, due, next);
        ev.out.push(o);
        match next {
            Some(t) => {
                let _ = done_by(&t.at, &reck.due, tz);
                prev = t.at.clone();
                anchor = task_point(ev, t);
                inclusive = false;
            }
            None => return,
        }
    }
}
