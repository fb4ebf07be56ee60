//! Evaluation: a compiled policy and a case in, obligations out, each explained.
//!
//! The matching rules (which task occurrence satisfies which anchor) are written
//! down with worked examples in `docs/SEMANTICS.md`; this module is their one
//! implementation.

pub mod cond;
mod next;
mod points;
mod recur;
mod terms;

use self::cond::{describe, iso, Context, Truth};
use self::points::Point;
use crate::calendar::{Calendar, CalendarError};
use crate::case::{Case, Occurrence};
use crate::duration::{Direction, Duration, Unit};
use crate::ir::{
    self, DateBound, Deadline, Occurrence as Sel, Policy, Rule, Selection, Timing, Unnumbered,
};
use crate::reckon::{format_date, Moment, Reckoner, Reckoning};
use chrono::{Datelike, NaiveDate, TimeDelta};
use chrono_tz::Tz;
use serde::Serialize;

/// The outcome of one obligation (CASES.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done on or before `due`.
    Met,
    /// Done after `due`.
    Late,
    /// Not done and `as_of` is past `due`.
    Overdue,
    /// Not done; `due` not yet passed.
    Pending,
    /// Done before its window opened.
    Early,
    /// A `where` condition is false.
    NotApplicable,
    /// An `unless` condition is true.
    Waived,
    /// The data needed to decide is missing.
    Undetermined,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 8] = [
        Status::Met,
        Status::Late,
        Status::Overdue,
        Status::Pending,
        Status::Early,
        Status::NotApplicable,
        Status::Waived,
        Status::Undetermined,
    ];

    /// The status as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Late => "late",
            Status::Overdue => "overdue",
            Status::Pending => "pending",
            Status::Early => "early",
            Status::NotApplicable => "not_applicable",
            Status::Waived => "waived",
            Status::Undetermined => "undetermined",
        }
    }
}

/// The anchor occurrence an obligation counts from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnchorRef {
    /// The event name (or a description: `16th birthday`).
    pub event: String,
    /// When, as the case recorded it.
    pub at: String,
}

/// One thing that was due, and what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Obligation {
    /// The standard's reference (`6.1`).
    pub rule: String,
    /// The task event's name.
    pub task: String,
    /// What it counts from.
    pub anchor: Option<AnchorRef>,
    /// Due by (date, or date-time with offset for hours); null when unnumbered.
    pub due: Option<String>,
    /// Soft target, if any.
    pub target: Option<String>,
    /// The outcome.
    pub status: Status,
    /// When the task was done.
    pub done: Option<String>,
    /// How late, in the rule's unit.
    pub late_by: Option<String>,
    /// The reasoning, one plain-English step per line.
    pub explanation: Vec<String>,
    /// Index of the rule in the policy (for summaries).
    #[serde(skip)]
    pub rule_index: usize,
    /// The calendar did not cover a date this obligation needed.
    #[serde(skip)]
    pub calendar_error: bool,
}

/// Evaluates cases against one policy.
pub struct Evaluator<'p> {
    /// The policy.
    pub policy: &'p Policy,
    calendar: Calendar,
    tz: Tz,
    /// The day of the evaluation: not-done obligations due before it are overdue.
    pub as_of: NaiveDate,
    /// Whether to write explanations (summaries skip them for speed).
    pub explain: bool,
    /// Whether to fill in the text fields (`due`, `done`, `late_by` …); summaries
    /// only count statuses.
    pub strings: bool,
}

/// Cap on obligations one recurrence may generate (a 10-year period of daily tasks).
const MAX_RECURRENCES: usize = 5000;

impl<'p> Evaluator<'p> {
    /// An evaluator for `policy` as of `as_of`.
    pub fn new(policy: &'p Policy, as_of: NaiveDate, allow_uncovered: bool) -> Evaluator<'p> {
        let calendar = Calendar::from_data(&policy.calendar).allowing_uncovered(allow_uncovered);
        Evaluator {
            policy,
            calendar,
            tz: policy.timezone.parse().unwrap_or(chrono_tz::Europe::London),
            as_of,
            explain: true,
            strings: true,
        }
    }

    fn reckoner(&self, rule: &Rule) -> Reckoner<'_> {
        Reckoner {
            calendar: &self.calendar,
            tz: self.tz,
            counting: rule.counting.unwrap_or(self.policy.counting),
        }
    }

    /// Every obligation of every rule for one case, in rule order.
    pub fn evaluate(&self, case: &Case) -> Vec<Obligation> {
        let mut out = Vec::new();
        for (i, rule) in self.policy.rules.iter().enumerate() {
            self.rule(i, rule, case, &mut out);
        }
        out
    }

    fn rule(&self, index: usize, rule: &Rule, case: &Case, out: &mut Vec<Obligation>) {
        let mut ev = RuleEval {
            e: self,
            index,
            rule,
            case,
            out,
        };
        match &rule.timing {
            Timing::Deadline(d) => ev.deadline(d),
            Timing::AtLeastBefore { anchor, gap } => ev.at_least_before(anchor, gap),
            Timing::Fixed { anchor, bound } => ev.fixed(anchor, *bound),
            Timing::Recurring(r) => ev.recurring(r),
            Timing::Milestones { period, at } => ev.milestones(*period, at),
            Timing::NextOccurrence { event, after, kind } => {
                next::run(&mut ev, event, after.as_ref(), *kind)
            }
            Timing::During { period, times } => next::during(&mut ev, *period, *times),
            Timing::Unquantified { text, period } => {
                next::unquantified(&mut ev, text, *period, None)
            }
            Timing::Termly { text, scope } => terms::run(&mut ev, text, scope),
            Timing::WithinBefore { anchor, within } => ev.within_before(anchor, within),
            Timing::EveryNth { event, n, period } => next::every_nth(&mut ev, event, *n, *period),
            Timing::ClockBefore {
                anchor,
                weekday,
                time,
            } => next::clock_before(&mut ev, anchor, *weekday, *time),
            Timing::Closest { event, to } => next::closest(&mut ev, event, to),
        }
    }
}

/// Whether `done` satisfies a deadline `due` (inclusive). A date-only record
/// meets an hour deadline on the same day: benefit of the doubt.
fn done_by(done: &Moment, due: &Moment, tz: Tz) -> bool {
    match (done, due) {
        (Moment::Instant(a), Moment::Instant(b)) => a <= b,
        _ => done.date_in(tz) <= due.date_in(tz),
    }
}

/// Whether `t` is at or after `a` (by date when either is date-only).
fn at_or_after(t: &Moment, a: &Moment, tz: Tz) -> bool {
    match (t, a) {
        (Moment::Instant(x), Moment::Instant(y)) => x >= y,
        _ => t.date_in(tz) >= a.date_in(tz),
    }
}

/// Whether `t` is strictly after `a` (by date when either is date-only).
fn strictly_after(t: &Moment, a: &Moment, tz: Tz) -> bool {
    match (t, a) {
        (Moment::Instant(x), Moment::Instant(y)) => x > y,
        _ => t.date_in(tz) > a.date_in(tz),
    }
}

/// The moment just inside a strict limit: the previous day, or the previous second.
fn just_before(m: &Moment) -> Moment {
    match m {
        Moment::Date(d) => Moment::Date(d.pred_opt().unwrap_or(*d)),
        Moment::Instant(t) => Moment::Instant(*t - TimeDelta::seconds(1)),
    }
}

/// The task occurrences a rule's task selector allows, with their index.
fn task_occurrences<'c>(
    case: &'c Case,
    task: &Selection,
) -> impl Iterator<Item = &'c Occurrence> + use<'c> {
    let occs = case.occurrences(task.event);
    let selector = task.occurrence;
    // Only `#last` needs the count, so the common case walks the slice once without allocating.
    let n = if selector == Sel::Last {
        occs.iter().filter(|o| !o.scheduled).count()
    } else {
        0
    };
    occs.iter()
        .filter(|o| !o.scheduled)
        .enumerate()
        .filter(move |(i, _)| match selector {
            Sel::Each => true,
            Sel::Nth(k) => *i + 1 == k as usize,
            Sel::From(k) => *i + 1 >= k as usize,
            Sel::Last => *i + 1 == n,
        })
        .map(|(_, o)| o)
}

struct RuleEval<'e, 'p, 'c, 'o> {
    e: &'e Evaluator<'p>,
    index: usize,
    rule: &'p Rule,
    case: &'c Case,
    out: &'o mut Vec<Obligation>,
}

/// What was due for one obligation, before matching the task.
struct Due {
    due: Option<Moment>,
    target: Option<Moment>,
    opens: Option<Moment>,
    unit: Unit,
    lines: Vec<String>,
}

impl Due {
    /// A plain limit: no target, no window opening; lateness measured in `unit`.
    fn limit(due: Option<Moment>, unit: Unit, lines: Vec<String>) -> Due {
        Due {
            due,
            target: None,
            opens: None,
            unit,
            lines,
        }
    }
}

impl RuleEval<'_, '_, '_, '_> {
    fn policy(&self) -> &Policy {
        self.e.policy
    }

    fn tz(&self) -> Tz {
        self.e.tz
    }

    fn task_label(&self) -> &str {
        &self.policy().events[self.rule.task.event as usize].label
    }

    fn task_name(&self) -> &str {
        &self.policy().events[self.rule.task.event as usize].name
    }

    /// A new obligation with the standard's lines at the top of its explanation.
    fn obligation(&self, anchor: Option<&Point>, status: Status) -> Obligation {
        let std = &self.policy().standards[self.rule.standard as usize];
        let mut explanation = Vec::new();
        if self.e.explain {
            let title = std
                .title
                .as_ref()
                .map(|t| format!(" “{t}”"))
                .unwrap_or_default();
            let owner = std
                .owner
                .as_ref()
                .map(|o| format!(" (responsibility: {o})"))
                .unwrap_or_default();
            explanation.push(format!(
                "Standard {}{title}{owner}: {}.",
                std.reference, self.rule.text
            ));
            if let Some(q) = &std.quote {
                explanation.push(format!(
                    "The document says: “{}”",
                    q.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
            if let Some(p) = anchor {
                explanation.push(format!("Counted from {}.", p.describe));
            }
            if self.rule.soft {
                explanation.push("The standard says “usually”: this is a target, and missing it is not a breach.".into());
            }
        }
        Obligation {
            // Summaries count statuses by rule index and need none of the text.
            rule: if self.e.strings {
                std.reference.clone()
            } else {
                String::new()
            },
            task: if self.e.strings {
                self.task_name().to_string()
            } else {
                String::new()
            },
            anchor: anchor.filter(|_| self.e.strings).map(|p| AnchorRef {
                event: p.name.clone(),
                at: p.written.clone(),
            }),
            due: None,
            target: None,
            status,
            done: None,
            late_by: None,
            explanation,
            rule_index: self.index,
            calendar_error: false,
        }
    }

    fn say(&self, o: &mut Obligation, line: impl FnOnce() -> String) {
        if self.e.explain {
            o.explanation.push(line());
        }
    }

    fn context<'a>(&'a self, p: Option<&'a Point>) -> Context<'a> {
        Context {
            policy: self.e.policy,
            case: self.case,
            anchor: p.and_then(|p| p.occurrence.map(|(e, i)| (e, &self.case.occurrences(e)[i]))),
            date: p.map(|p| p.at.date_in(self.e.tz)),
            tz: self.e.tz,
            task: Some(self.rule.task.event),
        }
    }

    /// Applies `where`/`unless`; returns the finished obligation when the rule does not apply.
    fn gate(&self, p: Option<&Point>) -> Option<Obligation> {
        if let (Some(period), Some(p)) = (self.rule.during, p) {
            if !points::open_on(self.e, self.case, period, p.at.date_in(self.tz())) {
                let label = &self.policy().periods[period as usize].label;
                let mut o = self.obligation(Some(p), Status::NotApplicable);
                self.say(&mut o, || format!("Not applicable: the rule applies only while {label} is open, and it was not open {}.", points::when(&p.at)));
                return Some(o);
            }
        }
        let cx = self.context(p);
        if let Some(w) = &self.rule.applies_when {
            match cx.eval(w) {
                Truth::False => {
                    let mut o = self.obligation(p, Status::NotApplicable);
                    self.say(&mut o, || {
                        format!(
                            "Not applicable: the rule applies only where {}, which does not hold.",
                            describe(w, self.policy())
                        )
                    });
                    return Some(o);
                }
                Truth::Unknown(reason) => {
                    let mut o = self.obligation(p, Status::Undetermined);
                    self.say(&mut o, || {
                        format!(
                            "Undetermined: the rule applies only where {}, and {reason}.",
                            describe(w, self.policy())
                        )
                    });
                    return Some(o);
                }
                Truth::True => {}
            }
        }
        if let Some(u) = &self.rule.waived_when {
            match cx.eval(u) {
                Truth::True => {
                    let mut o = self.obligation(p, Status::Waived);
                    self.say(&mut o, || {
                        format!(
                            "Waived: the rule does not apply when {}, which holds.",
                            describe(u, self.policy())
                        )
                    });
                    return Some(o);
                }
                Truth::Unknown(reason) => {
                    let mut o = self.obligation(p, Status::Undetermined);
                    self.say(&mut o, || {
                        format!(
                            "Undetermined: the rule is waived when {}, and {reason}.",
                            describe(u, self.policy())
                        )
                    });
                    return Some(o);
                }
                Truth::False => {}
            }
        }
        None
    }

    /// Reckons a deadline; without explanations only the date is computed.
    fn reckon(
        &self,
        from: &Moment,
        d: &Duration,
        dir: Direction,
    ) -> Result<Reckoning, CalendarError> {
        let reckoner = self.e.reckoner(self.rule);
        if self.e.explain {
            return reckoner.offset(from, d, dir);
        }
        let due = reckoner.due(from, d, dir)?;
        Ok(Reckoning {
            due,
            skipped: Vec::new(),
            clamped: None,
            end_of_day_assumed: false,
            uncovered_years: Vec::new(),
            sentence: String::new(),
        })
    }

    /// An obligation that could not be computed because the calendar does not cover a date.
    fn calendar_failure(&self, p: Option<&Point>, err: &CalendarError) -> Obligation {
        let mut o = self.obligation(p, Status::Undetermined);
        o.calendar_error = true;
        self.say(&mut o, || {
            format!("Undetermined: {err}. Add a newer bank-holidays.json (gov.uk format) to policies/calendars/, or run with --allow-uncovered to count weekends only.")
        });
        o
    }

    fn working_day_note(&self, d: &Duration, lines: &mut Vec<String>) {
        if d.unit == Unit::WorkingDays && self.e.explain {
            let calendar = &self.policy().calendar;
            let closures = if calendar.closed.is_empty() {
                ""
            } else {
                " and the policy's closure days"
            };
            lines.push(format!(
                "Working days are Monday to Friday, less {} bank holidays ({}){closures}; {}.",
                calendar.division,
                calendar.source,
                self.counting().describe()
            ));
        }
    }

    /// The counting convention in force for this rule (its standard's, else the policy's).
    fn counting(&self) -> crate::duration::Counting {
        self.rule.counting.unwrap_or(self.policy().counting)
    }

    /// Computes due, target and window opening from an anchor point.
    fn forward(
        &self,
        p: &Point,
        d: &Deadline,
        limit: Option<&Duration>,
    ) -> Result<Due, CalendarError> {
        let mut lines = Vec::new();
        let mut unit = Unit::Days;
        let mut due = None;
        if let Some(l) = limit {
            let r = self.reckon(&p.at, l, Direction::After)?;
            unit = l.unit;
            self.working_day_note(l, &mut lines);
            let strict = d.limit.as_ref().is_some_and(|l| l.strict);
            let verb = if strict {
                "must happen strictly before"
            } else {
                "is due by"
            };
            if self.e.explain {
                lines.push(format!(
                    "Limit: {}, so the {} {verb} {}.",
                    r.sentence,
                    self.task_label(),
                    r.due
                ))
            };
            let mut m = r.due.clone();
            if strict {
                m = just_before(&m);
                if self.e.explain {
                    lines.push(format!(
                        "“In less than” is strict, so the last day that satisfies it is {m}."
                    ))
                };
            }
            note_reckoning(&r, &mut lines);
            due = Some(m);
        }
        let target = match &d.target {
            Some(t) => {
                let r = self.reckon(&p.at, t, Direction::After)?;
                if limit.is_none() {
                    unit = t.unit;
                    self.working_day_note(t, &mut lines);
                }
                let kind = if limit.is_none() {
                    "a target, not a hard limit"
                } else {
                    "the usual target"
                };
                if self.e.explain {
                    lines.push(format!("Target ({kind}): {}.", r.sentence))
                };
                note_reckoning(&r, &mut lines);
                Some(r.due)
            }
            None => None,
        };
        let opens = match &d.opens {
            Some(o) => {
                let r = self.reckon(&p.at, o, Direction::After)?;
                if self.e.explain {
                    lines.push(format!(
                        "Not before: {}, so the window opens then.",
                        r.sentence
                    ))
                };
                Some(r.due)
            }
            None => None,
        };
        Ok(Due {
            due,
            target,
            opens,
            unit,
            lines,
        })
    }

    fn deadline(&mut self, d: &Deadline) {
        let points = match points::resolve(self.e, self.case, &d.anchor, false) {
            Ok(p) => p,
            Err(reason) => return self.undetermined_anchor(&reason),
        };
        for p in points {
            if let Some(o) = self.gate(Some(&p)) {
                self.out.push(o);
                continue;
            }
            // Extensions: the first whose condition holds replaces the limit.
            let mut limit = d.limit.as_ref().map(|l| l.within.clone());
            let mut ext_line = None;
            if let Some(l) = &d.limit {
                for x in &l.extensions {
                    match self.context(Some(&p)).eval(&x.when) {
                        Truth::True => {
                            ext_line = Some(format!(
                                "The limit is {} instead of {} because {} holds.",
                                x.within.written,
                                l.within.written,
                                describe(&x.when, self.policy())
                            ));
                            limit = Some(x.within.clone());
                            break;
                        }
                        Truth::False => {}
                        Truth::Unknown(reason) => {
                            let mut o = self.obligation(Some(&p), Status::Undetermined);
                            self.say(&mut o, || {
                                format!(
                                    "Undetermined: the limit is {} where {}, and {reason}.",
                                    x.within.written,
                                    describe(&x.when, self.policy())
                                )
                            });
                            self.out.push(o);
                            limit = None;
                            ext_line = Some(String::new());
                            break;
                        }
                    }
                }
            }
            if ext_line.as_deref() == Some("") {
                continue;
            }
            if let Some(kind) = d.unnumbered {
                self.unnumbered(&p, kind);
                continue;
            }
            let mut due = match self.forward(&p, d, limit.as_ref()) {
                Ok(due) => due,
                Err(err) => {
                    let o = self.calendar_failure(Some(&p), &err);
                    self.out.push(o);
                    continue;
                }
            };
            if let Some(l) = &d.limit {
                self.alternatives(&p, &l.alternatives, &mut due);
            }
            let done = if let (Some(opens), Some(limit)) = (&due.opens, &due.due) {
                // A window: prefer an occurrence inside it to an earlier, early one.
                task_occurrences(self.case, &self.rule.task)
                    .find(|t| {
                        at_or_after(&t.at, opens, self.tz()) && done_by(&t.at, limit, self.tz())
                    })
                    .or_else(|| self.first_task_after(&p))
            } else if d.may_precede {
                // `before or within`: any occurrence up to the deadline counts, even before the anchor.
                let limit = due.due.clone();
                task_occurrences(self.case, &self.rule.task)
                    .find(|t| limit.as_ref().is_some_and(|l| done_by(&t.at, l, self.tz())))
                    .or_else(|| self.first_task_after(&p))
            } else {
                self.first_task_after(&p)
            };
            if let (Some(period), Some(limit), None) = (self.rule.during, &due.due, done) {
                if !points::open_on(self.e, self.case, period, limit.date_in(self.tz())) {
                    let label = &self.policy().periods[period as usize].label;
                    let mut o = self.obligation(Some(&p), Status::NotApplicable);
                    self.say(&mut o, || format!("Not applicable: the rule applies only while {label} is open, and it had closed by {limit}, when this fell due."));
                    self.out.push(o);
                    continue;
                }
            }
            let mut o = self.obligation(Some(&p), Status::Pending);
            if d.point {
                let written = limit
                    .as_ref()
                    .map(|l| l.written.clone())
                    .unwrap_or_default();
                self.say(&mut o, || format!("The standard sets a point in time ({written} after the anchor), counted as due by then."));
            }
            if let Some(l) = ext_line {
                self.say(&mut o, || l);
            }
            let done_at = done.map(|t| t.at.clone());
            self.settle(&mut o, due, done);
            self.out.push(o);
            if let (Some(then), Some(start)) = (&d.then, done_at) {
                recur::after_first(self, then, &p, start);
            }
        }
    }

    /// `, or within D2 of B`: either deadline is enough, so the later one counts.
    fn alternatives(&self, p: &Point, alts: &[ir::Alternative], due: &mut Due) {
        let tz = self.tz();
        for alt in alts {
            let Ok(points) = points::resolve(self.e, self.case, &alt.anchor, false) else {
                continue;
            };
            let Some(b) = points.into_iter().find(|b| at_or_after(&b.at, &p.at, tz)) else {
                if self.e.explain {
                    due.lines.push(format!(
                        "The alternative, within {} of {}, has no anchor yet.",
                        alt.within.written,
                        self.anchor_words(&alt.anchor)
                    ))
                };
                continue;
            };
            let Ok(r) = self.reckon(&b.at, &alt.within, Direction::After) else {
                continue;
            };
            if self.e.explain {
                due.lines.push(format!(
                    "Alternatively: {} (from {}); meeting either deadline is enough.",
                    r.sentence, b.describe
                ))
            };
            if due
                .due
                .as_ref()
                .is_none_or(|cur| r.due.date_in(tz) > cur.date_in(tz))
            {
                due.due = Some(r.due);
                due.unit = alt.within.unit;
            }
        }
    }

    fn anchor_words(&self, a: &ir::Anchor) -> String {
        match a {
            ir::Anchor::Event(s) => self.policy().events[s.event as usize].label.clone(),
            _ => "its anchor".into(),
        }
    }

    /// Runs `each` for every occurrence of `anchor` the rule applies to, with `d`
    /// reckoned back from it and the previous occurrence (a task before that one
    /// answered it, not this one). Occurrences the rule does not apply to, and those
    /// the calendar cannot reckon, become their obligations here.
    fn before_each(
        &mut self,
        anchor: &ir::Anchor,
        d: &Duration,
        mut each: impl FnMut(&mut Self, &Point, Reckoning, Option<&Moment>),
    ) {
        let points = match points::resolve(self.e, self.case, anchor, true) {
            Ok(p) => p,
            Err(reason) => return self.undetermined_anchor(&reason),
        };
        let mut previous: Option<Moment> = None;
        for p in points {
            if let Some(o) = self.gate(Some(&p)) {
                self.out.push(o);
            } else {
                match self.reckon(&p.at, d, Direction::Before) {
                    Ok(r) => each(self, &p, r, previous.as_ref()),
                    Err(err) => {
                        let o = self.calendar_failure(Some(&p), &err);
                        self.out.push(o);
                        continue;
                    }
                }
            }
            previous = Some(p.at.clone());
        }
    }

    /// `within D before A`: in the D leading up to each anchor occurrence.
    fn within_before(&mut self, anchor: &ir::Anchor, within: &Duration) {
        let tz = self.tz();
        self.before_each(anchor, within, |ev, p, r, previous| {
            let mut lines = Vec::new();
            ev.working_day_note(within, &mut lines);
            if ev.e.explain {
                lines.push(format!(
                    "Window: {}, so the {} is due from {} up to {}.",
                    r.sentence,
                    ev.task_label(),
                    r.due,
                    p.at
                ))
            };
            let done = task_occurrences(ev.case, &ev.rule.task)
                .filter(|t| {
                    !strictly_after(&t.at, &p.at, tz)
                        && previous.is_none_or(|prev| strictly_after(&t.at, prev, tz))
                })
                .last();
            let mut o = ev.obligation(Some(p), Status::Pending);
            let due = Due {
                due: Some(Moment::Date(p.at.date_in(tz))),
                target: None,
                opens: Some(r.due.clone()),
                unit: within.unit,
                lines,
            };
            ev.settle(&mut o, due, done);
            ev.out.push(o);
        });
    }

    /// Decides the status of a forward obligation from its due moments and the matching task.
    fn settle(&self, o: &mut Obligation, due: Due, done: Option<&Occurrence>) {
        let tz = self.tz();
        if self.e.explain {
            o.explanation.extend(due.lines);
        }
        if self.e.strings {
            o.due = due.due.as_ref().map(iso);
            o.target = due.target.as_ref().map(iso);
        }
        // With only a target (`usually within`), the target is what is due.
        let effective = due.due.clone().or(due.target.clone());
        let label = self.task_label();
        let strings = self.e.strings;
        match done {
            Some(t) => {
                if strings {
                    o.done = Some(t.written.clone());
                }
                if let Some(opens) = &due.opens {
                    if !at_or_after(&t.at, opens, tz) {
                        o.status = Status::Early;
                        self.say(o, || {
                            format!(
                                "Early: the {label} took place {}, before the window opened {}.",
                                points::when(&t.at),
                                points::when(opens)
                            )
                        });
                        return;
                    }
                }
                match &effective {
                    None => {
                        o.status = Status::Met;
                        self.say(o, || {
                            format!("Met: the {label} took place {}.", points::when(&t.at))
                        });
                    }
                    Some(limit) if done_by(&t.at, limit, tz) => {
                        o.status = Status::Met;
                        let missed_target = due.due.is_some()
                            && due
                                .target
                                .as_ref()
                                .is_some_and(|tg| !done_by(&t.at, tg, tz));
                        self.say(o, || {
                            if missed_target {
                                format!("Met: the {label} took place {}, within the limit but after the usual target (a target miss, not a breach).", points::when(&t.at))
                            } else {
                                format!("Met: the {label} took place {}, on or before {limit}.", points::when(&t.at))
                            }
                        });
                    }
                    Some(limit) => {
                        o.status = Status::Late;
                        let by = if strings || self.e.explain {
                            self.e.reckoner(self.rule).measure(limit, &t.at, due.unit)
                        } else {
                            String::new()
                        };
                        let target_only = due.due.is_none();
                        self.say(o, || {
                            if target_only {
                                format!("Late: the {label} took place {}, {by} after the target {limit}; this is a missed target, not a breach of a hard limit.", points::when(&t.at))
                            } else {
                                format!("Late: the {label} took place {}, {by} after {limit}.", points::when(&t.at))
                            }
                        });
                        if strings {
                            o.late_by = Some(by);
                        }
                    }
                }
            }
            None if self.rule.optional => {
                o.status = Status::NotApplicable;
                self.say(o, || {
                    format!(
                        "Not applicable: no {label} is recorded, and the standard says “if any”."
                    )
                });
            }
            None => match &effective {
                None => {
                    o.status = Status::Pending;
                    self.say(o, || format!("Pending: no {label} is recorded yet; this timescale has no number, so nothing is overdue."));
                }
                Some(limit) if limit.date_in(tz) < self.e.as_of => {
                    o.status = Status::Overdue;
                    let as_of = format_date(self.e.as_of);
                    self.say(o, || format!("Overdue: no {label} is recorded by {as_of}, and it was due by {limit}."));
                }
                Some(limit) => {
                    o.status = Status::Pending;
                    let as_of = format_date(self.e.as_of);
                    self.say(o, || {
                        format!("Pending: no {label} is recorded by {as_of}; it is due by {limit}.")
                    });
                }
            },
        }
    }

    fn unnumbered(&mut self, p: &Point, kind: Unnumbered) {
        let words = match kind {
            Unnumbered::AsSoonAsPossible => "as soon as possible",
            Unnumbered::Immediately => "immediately",
            Unnumbered::After => "after",
            Unnumbered::ShortlyAfter => "shortly after",
        };
        let done = self.first_task_after(p);
        let mut o = self.obligation(Some(p), Status::Pending);
        self.say(&mut o, || {
            format!("The standard says “{words}” and sets no number, so no deadline is computed.")
        });
        let label = self.task_label().to_string();
        match done {
            Some(t) => {
                o.status = Status::Met;
                o.done = Some(t.written.clone());
                let gap = self.e.reckoner(self.rule).measure(&p.at, &t.at, Unit::Days);
                self.say(&mut o, || {
                    format!(
                        "Met: the {label} took place {}, {gap} after the anchor.",
                        t.at
                    )
                });
            }
            None => self.say(&mut o, || format!("Pending: no {label} is recorded yet.")),
        }
        self.out.push(o);
    }

    /// The first task occurrence at or after the anchor point. When the task is the
    /// anchor's own event (`lac_review within 3 months of lac_review#1`), the anchor
    /// occurrence cannot satisfy itself: the task must come strictly after it.
    fn first_task_after(&self, p: &Point) -> Option<&Occurrence> {
        let tz = self.tz();
        let same_event = p.occurrence.is_some_and(|(e, _)| e == self.rule.task.event);
        task_occurrences(self.case, &self.rule.task).find(|t| {
            if same_event {
                strictly_after(&t.at, &p.at, tz)
            } else {
                at_or_after(&t.at, &p.at, tz)
            }
        })
    }

    fn undetermined_anchor(&mut self, reason: &str) {
        // A rule that does not apply needs no date: one that applies while a period is
        // open, for a case where it never opened, is not applicable, whatever is missing.
        if let Some(period) = self.rule.during {
            if points::period_instances(self.e, self.case, period).is_empty() {
                let label = &self.policy().periods[period as usize].label;
                let mut o = self.obligation(None, Status::NotApplicable);
                self.say(&mut o, || {
                    format!("Not applicable: the rule applies only while {label} is open, and it never was.")
                });
                self.out.push(o);
                return;
            }
        }
        // Likewise a pre-birth rule (`where unborn`) for a child already born is not
        // applicable, not undetermined for want of a due date.
        if let Some(o) = self.gate(None) {
            if matches!(o.status, Status::NotApplicable | Status::Waived) {
                self.out.push(o);
                return;
            }
        }
        let mut o = self.obligation(None, Status::Undetermined);
        self.say(&mut o, || format!("Undetermined: {reason}."));
        self.out.push(o);
    }

    /// `at least D before A`: by D before each anchor occurrence.
    fn at_least_before(&mut self, anchor: &ir::Anchor, gap: &Duration) {
        let tz = self.tz();
        self.before_each(anchor, gap, |ev, p, r, previous| {
            let mut lines = Vec::new();
            ev.working_day_note(gap, &mut lines);
            if ev.e.explain {
                lines.push(format!(
                    "Deadline: {}, so the {} is due by {}.",
                    r.sentence,
                    ev.task_label(),
                    r.due
                ))
            };
            note_reckoning(&r, &mut lines);
            // The task for this anchor is the latest one before it and after the previous anchor.
            let done = task_occurrences(ev.case, &ev.rule.task)
                .filter(|t| {
                    strictly_after(&p.at, &t.at, tz)
                        && previous.is_none_or(|prev| strictly_after(&t.at, prev, tz))
                })
                .last();
            let mut o = ev.obligation(Some(p), Status::Pending);
            if p.scheduled {
                ev.say(&mut o, || {
                    "The anchor is scheduled, not yet held: the deadline follows the booked date."
                        .into()
                });
            }
            ev.settle(
                &mut o,
                Due::limit(Some(r.due.clone()), gap.unit, lines),
                done,
            );
            ev.out.push(o);
        });
    }

    fn fixed(&mut self, anchor: &ir::Anchor, bound: DateBound) {
        let points = match points::resolve(self.e, self.case, anchor, true) {
            Ok(p) => p,
            Err(reason) => return self.undetermined_anchor(&reason),
        };
        let tz = self.tz();
        let mut previous: Option<NaiveDate> = None;
        for p in points {
            let point_date = p.at.date_in(tz);
            if let Some(o) = self.gate(Some(&p)) {
                self.out.push(o);
                previous = Some(point_date);
                continue;
            }
            let mut o = self.obligation(None, Status::Pending);
            o.anchor = self.e.strings.then(|| AnchorRef {
                event: p.name.clone(),
                at: p.written.clone(),
            });
            if bound == DateBound::NotBefore {
                let done = task_occurrences(self.case, &self.rule.task).next();
                let line = format!(
                    "Not before {}: earlier is early; there is no upper limit.",
                    p.describe
                );
                let due = Due {
                    due: None,
                    target: None,
                    opens: Some(Moment::Date(point_date)),
                    unit: Unit::Days,
                    lines: vec![line],
                };
                self.settle(&mut o, due, done);
                self.out.push(o);
                continue;
            }
            let due_date = match bound {
                DateBound::Before => point_date.pred_opt().unwrap_or(point_date),
                DateBound::InMonth | DateBound::SameMonth => last_of_month(point_date),
                DateBound::MorningAfter => point_date.succ_opt().unwrap_or(point_date),
                DateBound::By | DateBound::At | DateBound::NotBefore => point_date,
            };
            let due = Moment::Date(due_date);
            let word = if self.e.explain {
                match bound {
                    DateBound::Before => format!(
                        "Before {}: due by the end of the day before, {due}.",
                        p.describe
                    ),
                    DateBound::By => {
                        format!("By {}: due by the end of that day, {due}.", p.describe)
                    }
                    DateBound::At => {
                        format!("At {}: due by the end of that day, {due}.", p.describe)
                    }
                    DateBound::MorningAfter => format!(
                    "By the morning after {}; the standard gives no hour, so by the end of {due}.",
                    p.describe
                ),
                    DateBound::SameMonth => format!(
                        "In the same calendar month as {}: due by its last day, {due}.",
                        p.describe
                    ),
                    DateBound::InMonth | DateBound::NotBefore => format!(
                        "In the calendar month starting {}: due by its last day, {due}.",
                        p.describe
                    ),
                }
            } else {
                String::new()
            };
            let opens = match bound {
                DateBound::InMonth => Some(Moment::Date(point_date)),
                DateBound::SameMonth => point_date.with_day(1).map(Moment::Date),
                _ => None,
            };
            // Each point's window starts after the previous point (yearly deadlines).
            let in_window = |t: &&Occurrence| previous.is_none_or(|prev| t.at.date_in(tz) > prev);
            let on_time = task_occurrences(self.case, &self.rule.task)
                .filter(in_window)
                .find(|t| t.at.date_in(tz) <= due_date);
            let done =
                on_time.or_else(|| task_occurrences(self.case, &self.rule.task).find(in_window));
            let due = Due {
                due: Some(due),
                target: None,
                opens,
                unit: Unit::Days,
                lines: if word.is_empty() {
                    Vec::new()
                } else {
                    vec![word]
                },
            };
            self.settle(&mut o, due, done);
            self.out.push(o);
            previous = Some(due_date);
        }
    }

    fn recurring(&mut self, r: &ir::Recurrence) {
        recur::run(self, r);
    }

    fn milestones(&mut self, period: ir::PeriodId, at: &[Duration]) {
        let tz = self.tz();
        for inst in points::period_instances(self.e, self.case, period) {
            let mut previous = inst.start.at.clone();
            for m in at {
                if let Some(o) = self.gate(Some(&inst.start)) {
                    self.out.push(o);
                    break;
                }
                let r = match self.reckon(&inst.start.at, m, Direction::After) {
                    Ok(r) => r,
                    Err(err) => {
                        let o = self.calendar_failure(Some(&inst.start), &err);
                        self.out.push(o);
                        break;
                    }
                };
                if let Some(end) = &inst.end {
                    if end.date_in(tz) < r.due.date_in(tz) {
                        break; // the period closed before this milestone
                    }
                }
                let mut lines = vec![format!(
                    "Milestone: {}, so the {} is due by {} if the {} is still open then.",
                    r.sentence,
                    self.task_label(),
                    r.due,
                    self.policy().periods[period as usize].label
                )];
                note_reckoning(&r, &mut lines);
                let prev = previous.clone();
                let window: Vec<&Occurrence> = task_occurrences(self.case, &self.rule.task)
                    .filter(|t| {
                        strictly_after(&t.at, &prev, tz)
                            && inst
                                .end
                                .as_ref()
                                .is_none_or(|e| !strictly_after(&t.at, e, tz))
                    })
                    .collect();
                let done = window
                    .iter()
                    .copied()
                    .find(|t| done_by(&t.at, &r.due, tz))
                    .or(window.first().copied());
                let mut o = self.obligation(Some(&inst.start), Status::Pending);
                self.settle(&mut o, Due::limit(Some(r.due.clone()), m.unit, lines), done);
                self.out.push(o);
                previous = r.due.clone();
            }
        }
    }
}

/// The last day of `d`'s month.
fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// Adds notes about clamping, assumptions and calendar coverage to an explanation.
fn note_reckoning(r: &Reckoning, lines: &mut Vec<String>) {
    if !r.uncovered_years.is_empty() {
        let years: Vec<String> = r.uncovered_years.iter().map(i32::to_string).collect();
        lines.push(format!(
            "Warning: the calendar has no bank holidays for {}, so only weekends were skipped there (--allow-uncovered).",
            years.join(", ")
        ));
    }
}
