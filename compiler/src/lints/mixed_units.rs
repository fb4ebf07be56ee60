//! W003: one obligation measured in different units for about the same length
//! (`every 12 weeks` and `every 3 months`, `2 weeks` and `10 working days`).

use super::conflicting_deadlines::{counted, facet_words};
use super::days::show;
use super::days::{canonical, Family};
use super::obligations::{written, Aspect, Facet, Obligations, Relation, Subject};
use super::Context;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use chrono::NaiveDate;
use duly_runtime::duration::Direction;
use std::collections::BTreeMap;

/// The documentation page of W003.
pub const DOC: &str = r#"## What it does

Finds one obligation (the same task, from the same anchor, under conditions that can
hold together) stated in different units that mean *about* the same length:
`every 12 weeks` and `every 3 months`, `4 weeks` and `20 working days`, `2 weeks` and
`10 working days`, `3 months` and `91 days`. It says by how much the two can differ, by
counting both from every day of the years the policy's bank-holiday calendar covers
(closure days included), and shows the day where they differ most. One finding names
every rule that makes each of the two statements.

Two timescales count as "about the same" when their calendar-day ranges overlap or are
within a tenth of each other; further apart, one is always stricter and the finding is
[W001](W001.md) instead, as it is when the two always differ by the same number of days
(`24 hours` and `0 days`). Units that always agree (`2 weeks` and `14 days`) are a
duplicate ([W002](W002.md)), not this.

## Why it matters

Working days skip weekends, bank holidays and closures; weeks do not; months are as
long as the calendar makes them. So "2 weeks" and "10 working days" agree on most days
and part company around Easter and Christmas, and "12 weeks" is always five to eight
days shorter than "3 months". A practitioner working to one wording and a performance
report built on the other disagree about which cases were late — precisely in the
weeks when fewest people are at work to notice.

## Example

A summary table says visits are fortnightly; the body says every 10 working days:

## Use instead

Use the unit the document's main text uses, in every rule for the obligation:

```duly
standard table.2 "Visits at a glance"
  cp_visit every 10 working days while cp_plan
```

If the document itself uses both, keep both rules faithful to it and record that:

```duly
standard table.2 "Visits at a glance"
  # duly: allow W003 — the table says fortnightly, 7.3 says 10 working days
  cp_visit every 2 weeks while cp_plan
```
"#;

/// How far apart two timescales counted from the same day fall.
struct Spread {
    min: (i64, NaiveDate),
    max: (i64, NaiveDate),
}

fn spread(cx: &Context, a: &Facet, b: &Facet) -> Option<Spread> {
    let dir = a.aspect.direction();
    let mut out: Option<Spread> = None;
    for from in cx.days.sample() {
        let (Some(ea), Some(eb)) = (
            cx.days.end(from, &a.duration, dir),
            cx.days.end(from, &b.duration, dir),
        ) else {
            continue;
        };
        let diff = (ea - eb).num_days();
        out = Some(match out {
            None => Spread {
                min: (diff, from),
                max: (diff, from),
            },
            Some(s) => Spread {
                min: if diff < s.min.0 { (diff, from) } else { s.min },
                max: if diff > s.max.0 { (diff, from) } else { s.max },
            },
        });
    }
    out
}

fn days(n: i64) -> String {
    format!("{n} {}", if n == 1 { "day" } else { "days" })
}

/// How a difference in days between `min` and `max` reads before "than X".
fn between(min: i64, max: i64) -> String {
    match (min, max) {
        (0, 0) => "on the same day as".into(),
        (a, b) if a == b && a < 0 => format!("always {} earlier than", days(-a)),
        (a, b) if a == b => format!("always {} later than", days(b)),
        (a, b) if a < 0 && b > 0 => format!(
            "anywhere from {} earlier to {} later than",
            days(-a),
            days(b)
        ),
        (0, b) if b > 0 => format!("on the same day as, or up to {} later than,", days(b)),
        (a, 0) => format!("on the same day as, or up to {} earlier than,", days(-a)),
        (a, b) if a > 0 => format!("between {} and {} later than", a, days(b)),
        (a, b) => format!("between {} and {} earlier than", -b, days(-a)),
    }
}

/// A label on where the facet's duration is written.
fn duration_label(cx: &Context, f: &Facet, message: String) -> Label {
    cx.label_at(
        f.rule,
        super::duration_span(cx, f.rule, &f.duration),
        message,
    )
}

/// Runs W003: one finding per pair of differently measured statements of one obligation,
/// naming every rule that makes each statement.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let obligations = Obligations::collect(cx.policy, &|a| cx.anchor(a));
    for ((_, aspect), (subject, facets)) in &obligations.groups {
        // The distinct statements, each with the facets that make it, in document order.
        let mut kinds: BTreeMap<(i64, Family, bool), Vec<usize>> = BTreeMap::new();
        for (i, f) in facets.iter().enumerate() {
            let (n, family) = canonical(&f.duration);
            kinds.entry((n, family, f.strict)).or_default().push(i);
        }
        let mut kinds: Vec<Vec<usize>> = kinds.into_values().collect();
        kinds.sort_by_key(|k| facets[k[0]].rule);
        for x in 0..kinds.len() {
            for y in x + 1..kinds.len() {
                let (kx, ky) = (&kinds[x], &kinds[y]);
                let (a, b) = (&facets[kx[0]], &facets[ky[0]]);
                if a.relation(b, &cx.days) != Relation::Mixed {
                    continue;
                }
                let window = super::PAIR_WINDOW;
                let meets = |i: usize, j: usize| {
                    facets[i].rule != facets[j].rule
                        && cx.solver.overlap(&facets[i].when, &facets[j].when) == Some(true)
                };
                let side_a: Vec<usize> = kx
                    .iter()
                    .take(window)
                    .copied()
                    .filter(|&i| ky.iter().take(window).any(|&j| meets(i, j)))
                    .collect();
                let side_b: Vec<usize> = ky
                    .iter()
                    .take(window)
                    .copied()
                    .filter(|&j| kx.iter().take(window).any(|&i| meets(i, j)))
                    .collect();
                let (Some(&fa), Some(&fb)) = (side_a.first(), side_b.first()) else {
                    continue;
                };
                let (a, b) = (&facets[fa], &facets[fb]);
                // A constant difference is a different limit (W001 territory), not units that drift.
                let Some(s) = spread(cx, a, b).filter(|s| s.min.0 != s.max.0) else {
                    continue;
                };
                out.push(diagnostic(
                    cx, *aspect, subject, facets, &side_a, &side_b, &s,
                ));
            }
        }
    }
}

fn refs(cx: &Context, facets: &[Facet], side: &[usize]) -> String {
    let mut refs: Vec<&str> = Vec::new();
    for i in side {
        let r = cx.reference(facets[*i].rule);
        if !refs.contains(&r) {
            refs.push(r);
        }
    }
    refs.join(", ")
}

fn diagnostic(
    cx: &Context,
    aspect: Aspect,
    subject: &Subject,
    facets: &[Facet],
    side_a: &[usize],
    side_b: &[usize],
    s: &Spread,
) -> Diagnostic {
    let (a, b) = (&facets[side_a[0]], &facets[side_b[0]]);
    let (wa, wb) = (written(&a.duration), written(&b.duration));
    let from = if s.max.0.abs() >= s.min.0.abs() {
        s.max.1
    } else {
        s.min.1
    };
    let dir = a.aspect.direction();
    let counted_how = if dir == Direction::Before {
        "counted back from the same day"
    } else {
        "counted from the same day"
    };
    let example = match (
        cx.days.end(from, &a.duration, dir),
        cx.days.end(from, &b.duration, dir),
    ) {
        (Some(ea), Some(eb)) => format!(
            " ({} {}: {wa} gives {}, {wb} gives {})",
            if dir == Direction::Before {
                "back from"
            } else {
                "from"
            },
            show(from),
            show(ea),
            show(eb)
        ),
        _ => String::new(),
    };
    let message = format!(
        "`{}` is measured in different units {}: {} ({}) and {} ({}); {counted_how}, {wa} falls {} {wb}{example}",
        cx.selection(&subject.task),
        counted(aspect, subject),
        facet_words(cx, a),
        refs(cx, facets, side_a),
        facet_words(cx, b),
        refs(cx, facets, side_b),
        between(s.min.0, s.max.0),
    );
    let ra = a.range(&cx.days).words();
    let rb = b.range(&cx.days).words();
    let mut d = Diagnostic::new(
        Code::W003,
        message,
        duration_label(cx, a, format!("{wa}: {ra}")),
    );
    let mut seen = vec![a.rule];
    for &i in side_a.iter().skip(1) {
        if !seen.contains(&facets[i].rule) {
            seen.push(facets[i].rule);
            d = d.with_related(duration_label(cx, &facets[i], format!("{wa}: {ra}")));
        }
    }
    for &j in side_b {
        let f = &facets[j];
        let w = written(&f.duration);
        if !seen.contains(&f.rule) {
            seen.push(f.rule);
            d = d.with_related(duration_label(cx, f, format!("{w}: {rb}")));
        }
    }
    d.with_help(
        "state the obligation in one unit, the one the document's main text uses; if the document \
         itself uses both, keep both and record it: `# duly: allow W003 — <reason>`",
    )
}
