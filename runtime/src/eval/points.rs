//! Anchor points: the occurrences (or dates) an obligation counts from.

use super::{at_or_after, Evaluator};
use crate::case::Case;
use crate::ir::{Anchor, EventId, Occurrence as Sel, PeriodId};
use crate::reckon::{add_months, birthday, Moment};
use chrono::{Datelike, Days, NaiveDate};

/// A point an obligation is counted from.
#[derive(Debug, Clone)]
pub(crate) struct Point {
    /// When.
    pub at: Moment,
    /// `at` as the case recorded it (or an ISO date for computed points).
    pub written: String,
    /// The event name, or a description such as `16th birthday`.
    pub name: String,
    /// For explanations: "the Strategy Discussion on Mon 2 Nov 2026".
    pub describe: String,
    /// The event occurrence (event, index in the case's sorted list), if any.
    pub occurrence: Option<(EventId, usize)>,
    /// Booked, not yet held.
    pub scheduled: bool,
}

/// One opening of a period and its close, if it has closed.
pub(crate) struct Instance {
    pub start: Point,
    pub end: Option<Moment>,
}

fn event_points(
    e: &Evaluator,
    case: &Case,
    event: EventId,
    selector: Sel,
    include_scheduled: bool,
) -> Vec<Point> {
    let decl = &e.policy.events[event as usize];
    let all: Vec<(usize, &crate::case::Occurrence)> = case
        .occurrences(event)
        .iter()
        .enumerate()
        .filter(|(_, o)| include_scheduled || !o.scheduled)
        .collect();
    let n = all.len();
    all.into_iter()
        .enumerate()
        .filter(|(k, _)| match selector {
            Sel::Each => true,
            Sel::Nth(i) => *k + 1 == i as usize,
            Sel::From(i) => *k + 1 >= i as usize,
            Sel::Last => *k + 1 == n,
        })
        .map(|(k, (i, o))| {
            let ordinal = match selector {
                Sel::Each | Sel::From(_) => String::new(),
                _ => format!(" (occurrence #{})", k + 1),
            };
            let booked = if o.scheduled { ", scheduled" } else { "" };
            Point {
                at: o.at.clone(),
                // Names and texts are for output only; summaries need none of them.
                written: if e.strings {
                    o.written.clone()
                } else {
                    String::new()
                },
                name: if e.strings {
                    decl.name.clone()
                } else {
                    String::new()
                },
                // Descriptions are for explanations only; building them dominates large runs.
                describe: if e.explain {
                    format!(
                        "the {} {} {}{ordinal}{booked}",
                        decl.label,
                        on_or_at(&o.at),
                        o.at
                    )
                } else {
                    String::new()
                },
                occurrence: Some((event, i)),
                scheduled: o.scheduled,
            }
        })
        .collect()
}

/// "on Mon 2 Nov 2026" for a date, "at 10:30 on Mon 2 Nov 2026" for an instant.
pub(crate) fn on_or_at(m: &Moment) -> &'static str {
    match m {
        Moment::Date(_) => "on",
        Moment::Instant(_) => "at",
    }
}

/// "on Mon 2 Nov 2026", or "at 10:30 on Mon 2 Nov 2026" for an instant.
pub(crate) fn when(m: &Moment) -> String {
    format!("{} {m}", on_or_at(m))
}

/// A computed date to count from; its texts are built only when output needs them.
fn date_point(
    e: &Evaluator,
    d: NaiveDate,
    name: impl FnOnce() -> String,
    describe: impl FnOnce() -> String,
) -> Point {
    Point {
        at: Moment::Date(d),
        written: if e.strings {
            d.to_string()
        } else {
            String::new()
        },
        name: if e.strings { name() } else { String::new() },
        describe: if e.explain { describe() } else { String::new() },
        occurrence: None,
        scheduled: false,
    }
}

fn child_date(e: &Evaluator, case: &Case, name: &str) -> Result<NaiveDate, String> {
    let i = e
        .policy
        .child
        .iter()
        .position(|a| a.name == name)
        .ok_or_else(|| format!("the policy declares no `{name}`"))?;
    match case.child.get(i) {
        Some(Some(crate::case::Value::Date(d))) => Ok(*d),
        _ => Err(format!("the child's `{name}` is not recorded")),
    }
}

/// Resolves an anchor to its points, in time order. `Err` names missing data.
pub(crate) fn resolve(
    e: &Evaluator,
    case: &Case,
    anchor: &Anchor,
    include_scheduled: bool,
) -> Result<Vec<Point>, String> {
    let tz = e.tz;
    Ok(match anchor {
        Anchor::Event(sel) => event_points(e, case, sel.event, sel.occurrence, include_scheduled),
        Anchor::Earliest(parts) | Anchor::Latest(parts) => {
            let mut all = Vec::new();
            for p in parts {
                let found = resolve(e, case, p, include_scheduled)?;
                // The latest of several events is not known until every one has happened.
                if found.is_empty() && matches!(anchor, Anchor::Latest(_)) {
                    return Ok(Vec::new());
                }
                all.extend(found);
            }
            let key = |p: &Point| (p.at.date_in(tz), p.at.instant_in(tz));
            let pick = if matches!(anchor, Anchor::Earliest(_)) {
                all.into_iter().min_by_key(key)
            } else {
                all.into_iter().max_by_key(key)
            };
            pick.map(|mut p| {
                let which = if matches!(anchor, Anchor::Earliest(_)) {
                    "whichever came first"
                } else {
                    "whichever came last"
                };
                p.describe = format!("{} ({which})", p.describe);
                p
            })
            .into_iter()
            .collect()
        }
        Anchor::PeriodStart(p) => event_points(
            e,
            case,
            e.policy.periods[*p as usize].start,
            Sel::Each,
            include_scheduled,
        ),
        Anchor::PeriodEnd(p) => event_points(
            e,
            case,
            e.policy.periods[*p as usize].end,
            Sel::Each,
            include_scheduled,
        ),
        Anchor::Birthday(n) => {
            let dob = child_date(e, case, "date_of_birth")?;
            let d = birthday(dob, *n);
            let note = if (dob.month(), dob.day()) == (2, 29) && d.month() == 3 {
                " (born on 29 February, so 1 March in a common year)"
            } else {
                ""
            };
            vec![date_point(
                e,
                d,
                || format!("{}{} birthday", n, ordinal_suffix(*n)),
                || {
                    format!(
                        "the child's {n}{} birthday on {}{note}",
                        ordinal_suffix(*n),
                        Moment::Date(d)
                    )
                },
            )]
        }
        Anchor::Age { months } => {
            let dob = child_date(e, case, "date_of_birth")?;
            let (d, _) = add_months(dob, *months as i32);
            let age = if months % 12 == 0 {
                format!("{}", months / 12)
            } else {
                format!("{} years and {} months", months / 12, months % 12)
            };
            vec![date_point(
                e,
                d,
                || format!("age {age}"),
                || format!("the day the child reaches age {age}, {}", Moment::Date(d)),
            )]
        }
        Anchor::PregnancyWeek(w) => {
            let edd = child_date(e, case, "expected_date_of_birth")?;
            let d = edd
                .checked_sub_days(Days::new(280))
                .and_then(|d| d.checked_add_days(Days::new(u64::from(*w) * 7)))
                .unwrap_or(edd);
            vec![date_point(
                e,
                d,
                || format!("week {w} of pregnancy"),
                || {
                    format!("week {w} of pregnancy, {} (expected date of birth {} less 40 weeks, plus {w} weeks)", Moment::Date(d), Moment::Date(edd))
                },
            )]
        }
        Anchor::Date(d) => vec![date_point(
            e,
            *d,
            || d.to_string(),
            || Moment::Date(*d).to_string(),
        )],
        Anchor::Month { year, month } => match NaiveDate::from_ymd_opt(*year, *month, 1) {
            Some(d) => vec![date_point(
                e,
                d,
                || d.format("%Y-%m").to_string(),
                || d.format("%B %Y").to_string(),
            )],
            None => Vec::new(),
        },
        Anchor::DayOfYear { month, day } => {
            let first = case
                .events
                .iter()
                .flatten()
                .map(|o| o.at.date_in(tz).year())
                .min()
                .unwrap_or(e.as_of.year());
            (first..=e.as_of.year())
                .filter_map(|y| NaiveDate::from_ymd_opt(y, *month, *day))
                .map(|d| {
                    date_point(
                        e,
                        d,
                        || d.to_string(),
                        || format!("{} (every year)", Moment::Date(d)),
                    )
                })
                .collect()
        }
    })
}

pub(super) fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    }
}

/// Each opening of `period` in the case, with the first close at or after it.
pub(crate) fn period_instances(e: &Evaluator, case: &Case, period: PeriodId) -> Vec<Instance> {
    let decl = &e.policy.periods[period as usize];
    let ends: Vec<&Moment> = case
        .occurrences(decl.end)
        .iter()
        .filter(|o| !o.scheduled)
        .map(|o| &o.at)
        .collect();
    event_points(e, case, decl.start, Sel::Each, false)
        .into_iter()
        .map(|start| {
            let end = ends
                .iter()
                .find(|m| at_or_after(m, &start.at, e.tz))
                .map(|m| (*m).clone());
            Instance { start, end }
        })
        .collect()
}

/// Whether `period` is open on `day` in the case (opened on or before it, not yet closed).
pub(crate) fn open_on(e: &Evaluator, case: &Case, period: PeriodId, day: NaiveDate) -> bool {
    period_instances(e, case, period).iter().any(|i| {
        i.start.at.date_in(e.tz) <= day && i.end.as_ref().is_none_or(|end| end.date_in(e.tz) >= day)
    })
}
