//! W004: rules whose deadlines can never all be met together, found as a negative
//! cycle in the Simple Temporal Network of their constraints.

use super::overlap::Formula;
use super::stn::Stn;
use super::{and_list, Context};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use duly_runtime::duration::Direction;
use duly_runtime::ir::{Anchor, DateBound, Occurrence, Timing};
use petgraph::graph::EdgeIndex;
use std::collections::{BTreeSet, HashSet};

/// The documentation page of W004.
pub const DOC: &str = r#"## What it does

Finds sets of rules whose timescales no sequence of dates can satisfy, and prints the
rules as a chain with the arithmetic that makes it impossible: a report shared at least
15 working days before a review conference, the conference within 5 working days of a
core group meeting, and the report not before that meeting.

Each rule becomes *difference constraints* between event times (a Simple Temporal
Network): `TASK within D of ANCHOR` is `0 ≤ task − anchor ≤ D`; `between D1 and D2
after` is `D1 ≤ task − anchor ≤ D2`; `not before D after` is `task − anchor ≥ D`;
`at least D before EVENT` is `event − task ≥ D`; `within D before EVENT` is
`−D ≤ task − event ≤ 0`; `before X` / `by X` is `task ≤ X − 1 day` / `task ≤ X`;
`by 16:00 on the Thursday before X` is `task ≤ X − 1 day` (the Thursday is one to seven
days before X, so only that much holds for every date). `at the EVENT closest to X`
adds nothing: which occurrence is nearest depends on the case's dates.
A set of constraints can be met exactly when their graph has no cycle of negative total
length. duly looks for one with Bellman–Ford from a virtual source over the sparse graph,
checking the predecessor graph for a cycle after every pass, so a policy of 10,000 rules
is checked in milliseconds.

**Sound bounds.** A finding must hold on every date, so each duration is widened to the
calendar days it can span under the policy's own calendar, measured from every day the
bank-holiday data covers (closure days included) with the rule's counting convention:
an upper bound uses the longest span, a lower bound the shortest. With England and Wales
bank holidays 2015–2030, 5 working days span 5 to 12 calendar days and 10 working days
12 to 19 (from a Sunday at the shortest, over Christmas at the longest); 3 months span
89 to 92 days. Hours use their day count widened by an hour either way for clock
changes. An extension's longer limit counts as the limit; a limit with an alternative
(`, or within D2 of B`) adds no upper bound; `before or within` adds no lower bound.
Rules whose conditions cannot hold for the same case are never combined.

**One occurrence per event.** The network treats each event as happening once for a
case (one ICPC, one report). Events that recur — tasks of `every` rules and of the other
repeating forms, and `#3+` or `#last` selections — are not joined across rules, so their
many occurrences never make a false cycle. `earliest(…)` contributes only its upper
bounds and `latest(…)` only its lower bounds, the ones implied for every part. Targets
(`usually …` rules) and optional tasks (`, if any,`) add no constraints: missing them is
not a breach.

## Why it matters

An infeasible set of timescales means every case breaches at least one standard,
whatever the practitioners do: the standards themselves are wrong. Each rule looks
reasonable on its own, and the clash only shows when paragraphs from different chapters
are read together, which is what nobody does when revising one of them.

## Example

A review conference within 5 working days of a core group meeting, a report shared at
least 15 working days before the conference, and the report due after the meeting:

## Use instead

Correct the timescale that was mis-encoded; or, when the document really says this,
raise it with the document's owner and record it on one of the rules:

```duly
standard 9.1 "Review conferences"
  # duly: allow W004 — 9.1 and 9.2 cannot both be met; raised with the author
  rcpc within 5 working days of core_group
```
"#;

/// A time point of the network.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Point {
    /// An event (with its occurrence selector), shared by every rule that names it.
    Event(u32, Occurrence),
    /// The task of one rule whose event recurs: not shared.
    Instance(usize),
    /// A fixed point that is not an event (a birthday, a date), by its words.
    Fixed(String),
}

/// What kind of bound an edge is, for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The task is due no later than the anchor plus the weight.
    Upper,
    /// The task is no earlier than the anchor plus a lower bound.
    Lower,
    /// The task is due at least a gap before the anchor.
    Before,
}

/// One constraint's origin.
#[derive(Debug, Clone)]
pub struct Step {
    /// The rule it comes from.
    pub rule: usize,
    /// Which bound.
    pub bound: Bound,
}

/// The network built from a policy's rules.
pub type Network = Stn<Point, Step>;

/// One infeasible set of rules.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The cycle's edges, in order.
    pub cycle: Vec<EdgeIndex>,
}

/// The most steps of a chain spelt out in a message.
const MAX_CHAIN: usize = 8;
/// The most rules labelled in one finding.
const MAX_LABELS: usize = 20;
/// The most infeasible sets reported for one policy.
const MAX_FINDINGS: usize = 20;
/// The most cycles examined (cycles whose conditions exclude each other are skipped).
const MAX_ROUNDS: usize = 200;

fn anchor_points(cx: &Context, a: &Anchor) -> Vec<(Point, bool, bool)> {
    let event = |e: u32, o: Occurrence| Point::Event(e, o);
    match a {
        Anchor::Event(s) => vec![(event(s.event, s.occurrence), true, true)],
        Anchor::PeriodStart(p) | Anchor::PeriodEnd(p) => match cx.policy.periods.get(*p as usize) {
            Some(period) => {
                let e = if matches!(a, Anchor::PeriodStart(_)) {
                    period.start
                } else {
                    period.end
                };
                vec![(event(e, Occurrence::Each), true, true)]
            }
            None => Vec::new(),
        },
        // earliest ≤ each part: an upper bound from the earliest holds from every part;
        // latest ≥ each part: a lower bound from the latest holds from every part.
        Anchor::Earliest(parts) | Anchor::Latest(parts) => {
            let earliest = matches!(a, Anchor::Earliest(_));
            parts
                .iter()
                .filter(|p| !matches!(p, Anchor::Earliest(_) | Anchor::Latest(_)))
                .flat_map(|p| anchor_points(cx, p))
                .map(|(pt, _, _)| (pt, earliest, !earliest))
                .collect()
        }
        Anchor::DayOfYear { .. } => Vec::new(),
        other => vec![(Point::Fixed(cx.anchor(other)), true, true)],
    }
}

/// Events that happen many times per case: tasks of recurrences and of other forms that
/// are not one deadline per anchor, and `#N+` and `#last` tasks.
fn recurring_events(cx: &Context) -> HashSet<u32> {
    cx.policy
        .rules
        .iter()
        .filter(|r| {
            let once = match &r.timing {
                Timing::Deadline(d) => d.then.is_none(),
                Timing::AtLeastBefore { .. }
                | Timing::Fixed { .. }
                | Timing::WithinBefore { .. }
                | Timing::ClockBefore { .. } => true,
                _ => false,
            };
            !once || matches!(r.task.occurrence, Occurrence::From(_) | Occurrence::Last)
        })
        .map(|r| r.task.event)
        .collect()
}

/// Builds the network of every rule's constraints. Targets (`usually …` rules) and
/// optional tasks (`, if any,`) add none: missing them is not a breach.
pub fn network(cx: &Context) -> Network {
    let recurring = recurring_events(cx);
    let mut stn = Network::default();
    for (i, rule) in cx.policy.rules.iter().enumerate() {
        if rule.soft || rule.optional {
            continue;
        }
        let task = if recurring.contains(&rule.task.event) {
            Point::Instance(i)
        } else {
            Point::Event(rule.task.event, rule.task.occurrence)
        };
        let step = |bound| Step { rule: i, bound };
        let counting = rule.counting.unwrap_or(cx.policy.counting);
        let range =
            |d: &duly_runtime::duration::Duration, dir| cx.days.range_counting(d, dir, counting);
        // (anchor, upper bound on task − anchor, lower bound on task − anchor)
        let (anchor, upper, lower): (&Anchor, Option<i64>, Option<i64>) = match &rule.timing {
            Timing::Deadline(d) => {
                // With `or within D2 of B`, meeting the other deadline is enough: no upper bound.
                let upper = d
                    .limit
                    .as_ref()
                    .filter(|l| l.alternatives.is_empty())
                    .map(|l| {
                        std::iter::once(&l.within)
                            .chain(l.extensions.iter().map(|e| &e.within))
                            .map(|w| range(w, Direction::After).max)
                            .max()
                            .unwrap_or(0)
                    });
                let lower = d
                    .opens
                    .as_ref()
                    .map_or(0, |o| range(o, Direction::After).min);
                (&d.anchor, upper, (!d.may_precede).then_some(lower))
            }
            Timing::AtLeastBefore { anchor, gap } => {
                (anchor, Some(-range(gap, Direction::Before).min), None)
            }
            Timing::WithinBefore { anchor, within } => {
                (anchor, Some(0), Some(-range(within, Direction::Before).max))
            }
            Timing::Fixed { anchor, bound } => match bound {
                DateBound::Before => (anchor, Some(-1), None),
                DateBound::By | DateBound::At => (anchor, Some(0), None),
                DateBound::NotBefore => (anchor, None, Some(0)),
                DateBound::InMonth => (anchor, Some(30), Some(0)),
                DateBound::SameMonth => (anchor, Some(30), None),
                DateBound::MorningAfter => (anchor, Some(1), None),
            },
            // A time on a weekday strictly before the anchor's date is 1 to 7 days before
            // it: the bound that holds whatever the weekday is `task ≤ anchor − 1 day`.
            Timing::ClockBefore { anchor, .. } => (anchor, Some(-1), None),
            // Which occurrence is nearest is known only from a case's dates.
            _ => continue,
        };
        for (p, up, low) in anchor_points(cx, anchor) {
            if let (Some(u), true) = (upper, up) {
                let bound = if u < 0 { Bound::Before } else { Bound::Upper };
                stn.constrain(p.clone(), task.clone(), u, step(bound));
            }
            if let (Some(l), true) = (lower, low) {
                stn.constrain(task.clone(), p, -l, step(Bound::Lower));
            }
        }
    }
    stn
}

/// Every infeasible set of rules, each rule in at most one set.
pub fn find(cx: &Context, stn: &Network) -> Vec<Finding> {
    let mut disabled = vec![false; stn.graph.edge_count()];
    let mut found = Vec::new();
    for _ in 0..MAX_ROUNDS {
        if found.len() >= MAX_FINDINGS {
            break;
        }
        let Some(cycle) = stn.negative_cycle(&disabled) else {
            break;
        };
        let rules: BTreeSet<usize> = cycle.iter().map(|e| stn.graph[*e].data.rule).collect();
        let together = Formula::and(
            rules
                .iter()
                .map(|r| Formula::applies(&cx.policy.rules[*r]))
                .collect(),
        );
        if cx.solver.satisfiable(&together) == Some(true) {
            for e in stn.graph.edge_indices() {
                if rules.contains(&stn.graph[e].data.rule) {
                    disabled[e.index()] = true;
                }
            }
            found.push(Finding { cycle });
        } else {
            // The rules never apply to the same case: drop one conditional constraint and look again.
            let conditional = cycle.iter().rev().find(|e| {
                let r = &cx.policy.rules[stn.graph[**e].data.rule];
                r.applies_when.is_some() || r.waived_when.is_some()
            });
            let e = conditional.or(cycle.first()).copied();
            match e {
                Some(e) => disabled[e.index()] = true,
                None => break,
            }
        }
    }
    found
}

/// Runs W004.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let stn = network(cx);
    for f in find(cx, &stn) {
        out.push(explain(cx, &stn, &f));
    }
}

fn point_name(cx: &Context, p: &Point) -> String {
    match p {
        Point::Event(e, o) => format!(
            "`{}`",
            cx.selection(&duly_runtime::ir::Selection {
                event: *e,
                occurrence: *o
            })
        ),
        Point::Instance(r) => format!("`{}`", cx.selection(&cx.policy.rules[*r].task)),
        Point::Fixed(words) => words.clone(),
    }
}

fn signed(w: i64) -> String {
    match w {
        0 => String::new(),
        w if w > 0 => format!(" + {w}"),
        w => format!(" − {}", -w),
    }
}

fn days(n: i64) -> String {
    format!("{n} {}", if n == 1 { "day" } else { "days" })
}

fn explain(cx: &Context, stn: &Network, f: &Finding) -> Diagnostic {
    let g = &stn.graph;
    let edge = |e: EdgeIndex| (&g[e], g.edge_endpoints(e));
    // Rotate so the cycle ends with a lower bound ("yet X ≥ Y") when it has one.
    let mut cycle = f.cycle.clone();
    if let Some(pos) = cycle.iter().rposition(|e| g[*e].data.bound == Bound::Lower) {
        let len = cycle.len();
        cycle.rotate_left((pos + 1) % len);
    }
    let node = |e: EdgeIndex, target: bool| {
        edge(e)
            .1
            .map(|(a, b)| point_name(cx, &g[if target { b } else { a }]))
            .unwrap_or_else(|| "?".into())
    };
    let k = cycle.len();
    let start = node(cycle[0], false);
    let total: i64 = cycle.iter().map(|e| g[*e].weight).sum();
    let arithmetic = if k > MAX_CHAIN {
        format!(
            "following its {k} constraints round from {start} adds up to {} days, so {start} would have to come before itself",
            signed(total).trim_start()
        )
    } else if k == 1 {
        format!("{start} ≤ {start}{} days", signed(total))
    } else {
        // n_{k-1} ≤ n_{k-2} + w ≤ … ≤ n_0 + w_1 + … + w_{k-1}, yet n_0 ≤ n_{k-1} + w_k.
        let last = node(cycle[k - 1], false);
        let mut chain = vec![last.clone()];
        for m in (0..k - 1).rev() {
            let weights: String = cycle[m..k - 1]
                .iter()
                .map(|e| signed(g[*e].weight))
                .collect();
            chain.push(format!("{}{weights}", node(cycle[m], false)));
        }
        let partial: i64 = cycle[..k - 1].iter().map(|e| g[*e].weight).sum();
        let closing = -g[cycle[k - 1]].weight;
        let mut s = chain.join(" ≤ ");
        if k > 2 || partial != 0 {
            s.push_str(&format!(" = {start}{} days", signed(partial)));
        }
        s.push_str(&format!(", yet {last} ≥ {start}{}", signed(closing)));
        if closing != 0 {
            s.push_str(" days");
        }
        s
    };
    let mut rules: Vec<usize> = Vec::new();
    for e in &cycle {
        let r = g[*e].data.rule;
        if !rules.contains(&r) {
            rules.push(r);
        }
    }
    let mut listed: Vec<String> = rules
        .iter()
        .take(MAX_CHAIN)
        .map(|r| format!("`{}` ({})", cx.policy.rules[*r].text, cx.reference(*r)))
        .collect();
    if rules.len() > MAX_CHAIN {
        listed.push(format!("{} more rules", rules.len() - MAX_CHAIN));
    }
    let message = format!(
        "these timescales can never all be met: {}: {arithmetic}, which is short by {}",
        and_list(&listed),
        days(-total)
    );
    let step_words = |e: EdgeIndex| {
        let c = &g[e];
        let (task, anchor) = match c.data.bound {
            Bound::Lower => (node(e, false), node(e, true)),
            _ => (node(e, true), node(e, false)),
        };
        match c.data.bound {
            Bound::Upper if c.weight >= 0 => {
                format!("{task} at most {} after {anchor}", days(c.weight))
            }
            Bound::Upper | Bound::Before => {
                format!("{task} at least {} before {anchor}", days(-c.weight))
            }
            Bound::Lower if c.weight == 0 => format!("{task} not before {anchor}"),
            Bound::Lower if c.weight > 0 => {
                format!("{task} at most {} before {anchor}", days(c.weight))
            }
            Bound::Lower => format!("{task} at least {} after {anchor}", days(-c.weight)),
        }
    };
    let mut labels = rules.iter().take(MAX_LABELS).map(|r| {
        let steps: Vec<String> = cycle
            .iter()
            .filter(|e| g[**e].data.rule == *r)
            .map(|e| step_words(*e))
            .collect();
        cx.rule_label(*r, steps.join(", and "))
    });
    let primary = labels
        .next()
        .unwrap_or_else(|| cx.rule_label(0, "these timescales"));
    let mut d = Diagnostic::new(Code::W004, message, primary);
    for l in labels {
        d = d.with_related(l);
    }
    d.with_help(
        "every case would breach one of these standards: correct the timescale that was \
         mis-encoded, or, if the document really says this, raise it with the document's owner \
         and record it: `# duly: allow W004 — <reason>`",
    )
}
