//! W006: month or year arithmetic from a day that the target month may not have
//! (31 January + 1 month), which the runtime clamps to the month's last day.

use super::days::{ordinal, show};
use super::obligations::written;
use super::Context;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use chrono::{Datelike, NaiveDate};
use duly_runtime::duration::{Duration, Unit};
use duly_runtime::ir::{Anchor, Recurrence, Timing};
use duly_runtime::reckon::add_months;

/// The documentation page of W006.
pub const DOC: &str = r#"## What it does

Notes every rule that adds months or years to a date that can fall late in a month:
`within 3 months of lac_review`, `every 6 months while looked_after`, `when cp_plan has
lasted 9 months`. When the anchor is the 29th, 30th or 31st and the target month is
shorter, the day does not exist, and duly (like most case-management systems) uses the
last day of that month: 30 November + 3 months is 28 February. The note says from
which days of the month this happens and shows one.

One note per rule, at the first month or year duration; a rule counted from a fixed
date is noted only if that date actually clamps.

This lint is *information* (severity `info`), not a warning: months are how the
documents state long timescales, every month rule in a policy has this property, and
the runtime's explanation already says "clamped to the last day of the month" on the
cases where it happens. A warning per month rule would bury the real findings, so
`--deny-warnings` never fails on it; it is here so that an author who meant a fixed
length (13 weeks, 91 days) can see that months are not that.

## Why it matters

Clamping makes month arithmetic irregular: tasks anchored on 28, 29, 30 and 31
November are all due on 28 February, and "3 months" is anything from 89 to 92 days.
Authors who think of a month as "about four weeks" or "30 days" get deadlines a few
days earlier or later than they expect, and two systems that clamp differently (or
roll over into March) disagree about which cases were late.

## Example

A second review within three months of the first:

## Use instead

Nothing, when the document states months: the rule is faithful and the runtime
explains each clamped deadline. If the document means a fixed length, say so:

```duly
standard 8.2 "Second review"
  lac_review#2 within 13 weeks of lac_review#1
```
"#;

/// The first month or year duration of a rule, with what it counts from (in words), the
/// fixed date it counts from (if any) and whether it counts backwards.
fn first_month(
    cx: &Context,
    timing: &Timing,
    task: &str,
) -> Option<(Duration, String, Option<NaiveDate>, bool)> {
    let months = |d: &Duration| matches!(d.unit, Unit::Months | Unit::Years);
    let fixed = |a: &Anchor| match a {
        Anchor::Date(d) => Some(*d),
        _ => None,
    };
    let recurrence = |r: &Recurrence| {
        r.phases.iter().find_map(|p| {
            if months(&p.every) {
                Some((p.every.clone(), format!("each `{task}`"), None, false))
            } else {
                p.for_first.as_ref().filter(|f| months(f)).map(|f| {
                    let from = match &r.scope {
                        duly_runtime::ir::Scope::While(p) => {
                            format!("the start of `{}`", cx.period(*p))
                        }
                        duly_runtime::ir::Scope::From { anchor, .. } => cx.anchor(anchor),
                        duly_runtime::ir::Scope::Until(_) => "the first deadline".into(),
                        duly_runtime::ir::Scope::Always => format!("the first `{task}`"),
                    };
                    (f.clone(), from, None, false)
                })
            }
        })
    };
    match timing {
        Timing::Deadline(d) => {
            let own = [
                d.opens.as_ref(),
                d.target.as_ref(),
                d.limit.as_ref().map(|l| &l.within),
            ]
            .into_iter()
            .flatten()
            .chain(
                d.limit
                    .iter()
                    .flat_map(|l| l.extensions.iter().map(|e| &e.within)),
            )
            .find(|x| months(x));
            match own {
                Some(x) => Some((x.clone(), cx.anchor(&d.anchor), fixed(&d.anchor), false)),
                None => d.then.as_ref().and_then(recurrence),
            }
        }
        Timing::AtLeastBefore { anchor, gap: d } | Timing::WithinBefore { anchor, within: d }
            if months(d) =>
        {
            Some((d.clone(), cx.anchor(anchor), fixed(anchor), true))
        }
        Timing::Recurring(r) => recurrence(r),
        Timing::Milestones { period, at } => at.iter().find(|x| months(x)).map(|x| {
            (
                x.clone(),
                format!("the start of `{}`", cx.period(*period)),
                None,
                false,
            )
        }),
        _ => None,
    }
}

fn signed_months(d: &Duration, back: bool) -> i32 {
    let n = if d.unit == Unit::Years {
        d.amount.saturating_mul(12)
    } else {
        d.amount
    };
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    if back {
        -n
    } else {
        n
    }
}

/// The days of the month from which adding `months` can clamp, and an example.
fn clamping_days(months: i32) -> Option<(String, NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1)?;
    let mut min_day = 32;
    let mut example = None;
    for d in start.iter_days().take(4 * 366) {
        let (to, clamped) = add_months(d, months);
        if clamped {
            min_day = min_day.min(d.day());
            if example.is_none() && d.day() >= 29 {
                example = Some((d, to));
            }
        }
    }
    let (from, to) = example?;
    let days = if months % 12 == 0 {
        "from 29 February".to_string()
    } else {
        let all: Vec<String> = (min_day..=31)
            .filter_map(|n| NaiveDate::from_ymd_opt(2025, 1, n).map(ordinal))
            .collect();
        format!(
            "from the {}",
            super::and_list(&all).replacen(" and ", " or ", 1)
        )
    };
    Some((days, from, to))
}

/// Runs W006.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, rule) in cx.policy.rules.iter().enumerate() {
        let task = cx.selection(&rule.task);
        let Some((d, from, fixed, back)) = first_month(cx, &rule.timing, &task) else {
            continue;
        };
        let months = signed_months(&d, back);
        if let Some(date) = fixed {
            if !add_months(date, months).1 {
                continue;
            }
        }
        let Some((days, ex_from, ex_to)) = clamping_days(months) else {
            continue;
        };
        // Adverbs (`monthly`, `6 to 8 times monthly`) read better as the length they mean.
        let w = if d.written.trim_end().ends_with("ly") {
            d.to_string()
        } else {
            written(&d)
        };
        let (sign, way) = if back {
            ("−", "before")
        } else {
            ("+", "after")
        };
        let example = match fixed {
            Some(date) => format!(
                "{} {sign} {w} is {}",
                show(date),
                show(add_months(date, months).0)
            ),
            None => format!("{} {sign} {w} is {}", show(ex_from), show(ex_to)),
        };
        let when = if fixed.is_some() {
            "here".to_string()
        } else {
            format!("when counted {days}")
        };
        let span = super::duration_span(cx, i, &d);
        out.push(
            Diagnostic::new(
                Code::W006,
                format!(
                    "standard {}: `{w}` {way} {from} falls on a day the month does not have {when}; duly uses the month's last day ({example})",
                    cx.reference(i)
                ),
                cx.label_at(i, span, "month arithmetic can clamp"),
            )
            .with_help(
                "nothing to change if the document states months (explanations say when a deadline was clamped); \
                 if it means a fixed length, write weeks or days, e.g. `13 weeks`",
            ),
        );
    }
}
