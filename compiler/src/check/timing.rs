//! Lowering a rule's timing: durations, anchors and the rule forms to IR.

use super::Checker;
use crate::ast::{self, MaybeDuration};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::Span;
use duly_runtime::duration::{Duration, Unit};
use duly_runtime::ir;

/// Which events a rule's unqualified condition names refer to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// The anchoring event(s).
    pub events: Vec<u32>,
    /// What the anchor is, in words, for diagnostics.
    pub describe: String,
}

/// A lowered timing with what the rest of the checker needs to know about it.
pub(crate) struct Lowered {
    pub timing: ir::Timing,
    pub context: Context,
    pub anchor_span: Option<Span>,
}

/// The largest amount accepted per unit: generous for any real standard, small
/// enough that arithmetic never overflows.
fn max_amount(unit: Unit) -> u64 {
    match unit {
        Unit::Hours => 24 * 366,
        Unit::Days | Unit::WorkingDays => 3660,
        Unit::Weeks => 520,
        Unit::Months => 240,
        Unit::Years => 25,
    }
}

/// What to write instead of a fraction of `unit` that has no exact meaning,
/// worked out from the author's own number (`numerator / denominator` units).
fn fraction_help(numerator: u64, denominator: u64, unit: Unit) -> String {
    let denominator = denominator.max(1);
    // The whole numbers either side of `numerator × per / denominator` smaller units.
    let around = |per: u64, unit: Unit| {
        let scaled = numerator.saturating_mul(per);
        let (low, high) = (scaled / denominator, scaled.div_ceil(denominator));
        let whole = |k: u64| format!("`{k} {}`", unit.name(if k == 1 { 1 } else { 2 }));
        if low == 0 {
            whole(high)
        } else {
            format!("{} or {}", whole(low), whole(high))
        }
    };
    match unit {
        Unit::Hours => format!(
            "duly counts whole hours (there are no minutes): write {}",
            around(1, Unit::Hours)
        ),
        Unit::WorkingDays => format!(
            "working days are counted whole: write {}",
            around(1, Unit::WorkingDays)
        ),
        Unit::Days => format!(
            "part of a day is counted in whole hours: write {}, or whole days",
            around(24, Unit::Hours)
        ),
        Unit::Weeks => format!(
            "part of a week is counted in whole days: write {}",
            around(7, Unit::Days)
        ),
        Unit::Months => format!(
            "a month has no fixed length, so part of one has no exact meaning: write {}, or the weeks or days the document means",
            around(1, Unit::Months)
        ),
        Unit::Years => format!(
            "part of a year is counted in whole months: write {}",
            around(12, Unit::Months)
        ),
    }
}

impl Checker<'_> {
    /// Converts a written duration, turning exact fractions into a smaller unit.
    pub(crate) fn duration(&mut self, d: &ast::DurationAst, allow_zero: bool) -> Option<Duration> {
        let (n, den) = (d.numerator, d.denominator);
        let (amount, unit) = if den == 1 {
            (n, d.unit)
        } else {
            let (smaller, factor) = match d.unit {
                Unit::Years => (Unit::Months, 12),
                Unit::Weeks => (Unit::Days, 7),
                Unit::Days => (Unit::Hours, 24),
                _ => (d.unit, 1),
            };
            if (n * factor) % den != 0 || factor == 1 {
                self.error(
                    Diagnostic::new(
                        Code::E012,
                        format!("`{}` has no exact meaning", d.written),
                        Label::new(d.span, "fraction of this unit"),
                    )
                    .with_help(fraction_help(n, den, d.unit)),
                );
                return None;
            }
            ((n * factor) / den, smaller)
        };
        if amount == 0 && !allow_zero {
            self.error(
                Diagnostic::new(
                    Code::E012,
                    "a frequency of zero never ends",
                    Label::new(d.span, "zero"),
                )
                .with_help("write how often it recurs, e.g. `every 10 working days`"),
            );
            return None;
        }
        if amount > max_amount(unit) {
            self.error(
                Diagnostic::new(
                    Code::E012,
                    format!(
                        "`{}` is longer than any standard allows (at most {} {})",
                        d.written,
                        max_amount(unit),
                        unit.name(2)
                    ),
                    Label::new(d.span, "too long"),
                )
                .with_help(
                    "check the number; write long timescales in a larger unit, e.g. `2 years`",
                ),
            );
            return None;
        }
        Some(Duration {
            amount: amount as u32,
            unit,
            written: d.written.clone(),
        })
    }

    fn maybe_durations(&mut self, items: &[MaybeDuration]) -> Option<Vec<Duration>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (i, m) in items.iter().enumerate() {
            let full = match m {
                MaybeDuration::Full(d) => d.clone(),
                MaybeDuration::Bare(a) => {
                    let unit = items[i + 1..].iter().find_map(|m| match m {
                        MaybeDuration::Full(d) => Some(d.unit),
                        MaybeDuration::Bare(_) => None,
                    });
                    let Some(unit) = unit else {
                        self.error(
                            Diagnostic::new(
                                Code::E012,
                                format!("`{}` has no unit", a.written),
                                Label::new(a.span, "a number without a unit"),
                            )
                            .with_help(format!("write the unit: `{} months`", a.written)),
                        );
                        ok = false;
                        continue;
                    };
                    ast::DurationAst {
                        numerator: a.numerator,
                        denominator: a.denominator,
                        unit,
                        written: format!("{} {}", a.written, unit.name(2)),
                        span: a.span,
                    }
                }
            };
            match self.duration(&full, false) {
                Some(d) => out.push(d),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A time or day read by [`super::clock`], or its diagnostic (E021).
    fn clock_part<T>(
        &mut self,
        written: &ast::Token,
        read: Result<T, super::clock::Problem>,
    ) -> Option<T> {
        match read {
            Ok(v) => Some(v),
            Err(p) => {
                self.error(
                    Diagnostic::new(Code::E021, p.message, Label::new(written.span, p.label))
                        .with_help(p.help),
                );
                None
            }
        }
    }

    fn needs_child_fact(&mut self, fact: &str, span: Span, what: &str) -> bool {
        match self.child.get(fact) {
            Some((_, sym)) if sym.ty == ir::AttrType::Date => true,
            _ => {
                self.error(
                    Diagnostic::new(
                        Code::E013,
                        format!("{what} needs the child's `{fact}`"),
                        Label::new(span, format!("counted from `child.{fact}`")),
                    )
                    .with_help(format!("declare it: `child {{ {fact}: date }}`")),
                );
                false
            }
        }
    }

    /// Resolves an anchor and records the events its attributes come from.
    pub(crate) fn anchor(&mut self, a: &ast::Anchor, ctx: &mut Context) -> Option<ir::Anchor> {
        match a {
            ast::Anchor::Event(r) => {
                let sel = self.selection(r)?;
                ctx.events.push(sel.event);
                ctx.describe = format!("`{}`", r.name.name);
                Some(ir::Anchor::Event(sel))
            }
            ast::Anchor::Earliest(parts, _) | ast::Anchor::Latest(parts, _) => {
                let mut out = Vec::new();
                for p in parts {
                    out.push(self.anchor(p, ctx));
                }
                ctx.describe = "several events".into();
                let out: Option<Vec<_>> = out.into_iter().collect();
                let out = out?;
                Some(if matches!(a, ast::Anchor::Earliest(..)) {
                    ir::Anchor::Earliest(out)
                } else {
                    ir::Anchor::Latest(out)
                })
            }
            ast::Anchor::PeriodStart(p, _) | ast::Anchor::PeriodEnd(p, _) => {
                let id = self.period_id(p)?;
                let period = &self.policy.periods[id as usize];
                let start = matches!(a, ast::Anchor::PeriodStart(..));
                ctx.events
                    .push(if start { period.start } else { period.end });
                ctx.describe = format!("`{}`", p.name);
                Some(if start {
                    ir::Anchor::PeriodStart(id)
                } else {
                    ir::Anchor::PeriodEnd(id)
                })
            }
            ast::Anchor::Birthday(n, span) => {
                if *n > 25 {
                    self.error(
                        Diagnostic::new(
                            Code::E012,
                            format!("a {n}th birthday is beyond children's services"),
                            Label::new(*span, "birthday"),
                        )
                        .with_help(
                            "children's standards run to the 25th birthday at most (care leavers)",
                        ),
                    );
                    return None;
                }
                ctx.describe = "the child's birthday".into();
                self.needs_child_fact("date_of_birth", *span, "a birthday")
                    .then_some(ir::Anchor::Birthday(*n))
            }
            ast::Anchor::Date(d) => {
                ctx.describe = "a fixed date".into();
                self.date(d).map(ir::Anchor::Date)
            }
        }
    }

    fn scope(&mut self, s: &ast::ScopeAst, ctx: &mut Context) -> Option<(ir::Scope, Span)> {
        match s {
            ast::ScopeAst::While(p) => {
                let id = self.period_id(p)?;
                ctx.events.push(self.policy.periods[id as usize].start);
                ctx.describe = format!("`{}`", p.name);
                Some((ir::Scope::While(id), p.span))
            }
            ast::ScopeAst::From(a, until) => {
                let anchor = self.anchor(a, ctx);
                let until = match until {
                    Some(u) => Some(self.anchor(u, &mut Context::default())?),
                    None => None,
                };
                Some((
                    ir::Scope::From {
                        anchor: anchor?,
                        until,
                    },
                    a.span(),
                ))
            }
            ast::ScopeAst::Until(u) => {
                let a = self.anchor(u, &mut Context::default())?;
                Some((ir::Scope::Until(a), u.span()))
            }
        }
    }

    /// Lowers one written frequency to a phase.
    pub(crate) fn phase(
        &mut self,
        f: &ast::Frequency,
        target: Option<&ast::Frequency>,
    ) -> Option<ir::Phase> {
        let every = self.duration(&f.every, false)?;
        let at_least = match &f.at_least {
            Some(d) => Some(self.duration(d, false)?),
            None => None,
        };
        let target = match target {
            Some(t) => Some(self.duration(&t.every, false)?),
            None => None,
        };
        if let Some((min, Some(max))) = f.times {
            if max < min {
                self.error(
                    Diagnostic::new(
                        Code::E012,
                        format!("`{}` counts down", f.every.written),
                        Label::new(f.every.span, "the larger number comes second"),
                    )
                    .with_help(format!("write `{max} to {min} times`")),
                );
                return None;
            }
        }
        Some(ir::Phase {
            every,
            for_first: None,
            times: f.times,
            target,
            at_least,
        })
    }

    /// Lowers a rule's timing; `rule` is the whole rule, for diagnostics about
    /// a part that was left out (there is no span for what is not written).
    pub(crate) fn timing(&mut self, t: &ast::Timing, rule: Span) -> Option<Lowered> {
        let mut ctx = Context::default();
        let (timing, anchor_span) = match t {
            ast::Timing::Within {
                target,
                limit,
                anchor,
                extensions,
                then,
                may_precede,
                alternatives,
            } => {
                let a = self.anchor(anchor, &mut ctx);
                let target = target.as_ref().map(|d| self.duration(d, true));
                let limit_d = limit.as_ref().map(|d| self.duration(d, true));
                let mut exts = Vec::new();
                for (d, c) in extensions {
                    let d = self.duration(d, true);
                    let c = self.cond(c, &ctx);
                    exts.push(
                        d.zip(c)
                            .map(|(within, when)| ir::Extension { within, when }),
                    );
                }
                let then = match then {
                    Some((f, s)) => {
                        let phase = self.phase(f, None);
                        let scope = self.scope(s, &mut Context::default());
                        Some(phase.zip(scope).map(|(phase, (scope, _))| ir::Recurrence {
                            phases: vec![phase],
                            scope,
                        }))
                    }
                    None => None,
                };
                let mut alts = Vec::new();
                for (d, a) in alternatives {
                    let within = self.duration(d, true);
                    let anchor = self.anchor(a, &mut Context::default());
                    alts.push(
                        within
                            .zip(anchor)
                            .map(|(within, anchor)| ir::Alternative { within, anchor }),
                    );
                }
                let alternatives: Option<Vec<_>> = alts.into_iter().collect();
                let alternatives = alternatives?;
                let extensions: Option<Vec<_>> = exts.into_iter().collect();
                let target = target.map_or(Some(None), |t| t.map(Some))?;
                let limit_d = limit_d.map_or(Some(None), |t| t.map(Some))?;
                let then = then.map_or(Some(None), |t| t.map(Some))?;
                let deadline = ir::Deadline {
                    anchor: a?,
                    opens: None,
                    target,
                    limit: limit_d.map(|within| ir::Limit {
                        within,
                        strict: false,
                        extensions: extensions.clone().unwrap_or_default(),
                        alternatives: alternatives.clone(),
                    }),
                    unnumbered: None,
                    then,
                    may_precede: *may_precede,
                    point: false,
                };
                extensions?;
                (ir::Timing::Deadline(deadline), Some(anchor.span()))
            }
            ast::Timing::LessThan { limit, anchor } => {
                let a = self.anchor(anchor, &mut ctx);
                let within = self.duration(limit, false)?;
                (
                    ir::Timing::Deadline(ir::Deadline {
                        anchor: a?,
                        opens: None,
                        target: None,
                        limit: Some(ir::Limit {
                            within,
                            strict: true,
                            extensions: Vec::new(),
                            alternatives: Vec::new(),
                        }),
                        unnumbered: None,
                        then: None,
                        may_precede: false,
                        point: false,
                    }),
                    Some(anchor.span()),
                )
            }
            ast::Timing::Between { from, to, anchor } => {
                let a = self.anchor(anchor, &mut ctx);
                let ds = self.maybe_durations(&[from.clone(), MaybeDuration::Full(to.clone())])?;
                (
                    ir::Timing::Deadline(ir::Deadline {
                        anchor: a?,
                        opens: Some(ds[0].clone()),
                        target: None,
                        limit: Some(ir::Limit {
                            within: ds[1].clone(),
                            strict: false,
                            extensions: Vec::new(),
                            alternatives: Vec::new(),
                        }),
                        unnumbered: None,
                        then: None,
                        may_precede: false,
                        point: false,
                    }),
                    Some(anchor.span()),
                )
            }
            ast::Timing::NotBefore { after, anchor } => {
                let a = self.anchor(anchor, &mut ctx);
                let opens = self.duration(after, false)?;
                (
                    ir::Timing::Deadline(ir::Deadline {
                        anchor: a?,
                        opens: Some(opens),
                        target: None,
                        limit: None,
                        unnumbered: None,
                        then: None,
                        may_precede: false,
                        point: false,
                    }),
                    Some(anchor.span()),
                )
            }
            ast::Timing::AtLeastBefore { gap, anchor } => {
                let a = self.anchor(anchor, &mut ctx);
                let gap = self.duration(gap, true)?;
                (
                    ir::Timing::AtLeastBefore { anchor: a?, gap },
                    Some(anchor.span()),
                )
            }
            ast::Timing::Fixed { anchor, bound } => {
                let a = self.anchor(anchor, &mut ctx)?;
                (
                    ir::Timing::Fixed {
                        anchor: a,
                        bound: *bound,
                    },
                    Some(anchor.span()),
                )
            }
            ast::Timing::AtAge(amount) => {
                let months_num = amount.numerator * 12;
                if months_num % amount.denominator != 0
                    || amount.numerator == 0
                    || months_num / amount.denominator > 25 * 12
                {
                    self.error(
                        Diagnostic::new(
                            Code::E012,
                            format!(
                                "age `{}` is not a whole number of months up to 25 years",
                                amount.written
                            ),
                            Label::new(amount.span, "age"),
                        )
                        .with_help("write an age such as `15.5` or `15½` (fifteen and a half)"),
                    );
                    return None;
                }
                if !self.needs_child_fact("date_of_birth", amount.span, "an age") {
                    return None;
                }
                ctx.describe = "the child's age".into();
                let months = (months_num / amount.denominator) as u32;
                (
                    ir::Timing::Fixed {
                        anchor: ir::Anchor::Age { months },
                        bound: ir::DateBound::At,
                    },
                    Some(amount.span),
                )
            }
            ast::Timing::PregnancyWeek { week, bound, span } => {
                if *week == 0 || *week > 42 {
                    self.error(
                        Diagnostic::new(
                            Code::E012,
                            format!("week {week} is not a week of pregnancy"),
                            Label::new(*span, "weeks run from 1 to 42"),
                        )
                        .with_help("write e.g. `by week 20 of pregnancy`"),
                    );
                    return None;
                }
                if !self.needs_child_fact("expected_date_of_birth", *span, "a week of pregnancy") {
                    return None;
                }
                (
                    ir::Timing::Fixed {
                        anchor: ir::Anchor::PregnancyWeek(*week),
                        bound: *bound,
                    },
                    Some(*span),
                )
            }
            ast::Timing::EveryYear {
                day,
                month,
                bound,
                span,
            } => {
                if chrono::NaiveDate::from_ymd_opt(2027, *month, *day).is_none() {
                    self.error(
                        Diagnostic::new(
                            Code::E018,
                            "that day does not exist every year",
                            Label::new(*span, "no such day"),
                        )
                        .with_help("write a day every month has, e.g. `by 31 March every year`"),
                    );
                    return None;
                }
                (
                    ir::Timing::Fixed {
                        anchor: ir::Anchor::DayOfYear {
                            month: *month,
                            day: *day,
                        },
                        bound: *bound,
                    },
                    Some(*span),
                )
            }
            ast::Timing::Recurring {
                every,
                scope,
                target,
            } => {
                if every.term {
                    // School terms have no fixed length: the runtime counts them from
                    // the policy's `term` declarations, or keeps the rule in words.
                    let scope = match scope {
                        Some(s) => self.scope(s, &mut ctx)?.0,
                        None => ir::Scope::Always,
                    };
                    let text = every.every.written.clone();
                    (ir::Timing::Termly { text, scope }, Some(every.every.span))
                } else {
                    let phase = self.phase(every, target.as_ref());
                    let (scope, span) = match scope {
                        Some(s) => self.scope(s, &mut ctx)?,
                        None => (ir::Scope::Always, every.every.span),
                    };
                    (
                        ir::Timing::Recurring(ir::Recurrence {
                            phases: vec![phase?],
                            scope,
                        }),
                        Some(span),
                    )
                }
            }
            ast::Timing::Phased(phases) => {
                let first_scope = phases
                    .first()
                    .and_then(|p| p.for_first.as_ref())
                    .map(|(_, s)| s.clone());
                let (scope, span) = match first_scope {
                    Some(ast::PhaseScope::Period(period)) => {
                        let pid = self.period_id(&period)?;
                        ctx.events.push(self.policy.periods[pid as usize].start);
                        ctx.describe = format!("`{}`", period.name);
                        (ir::Scope::While(pid), period.span)
                    }
                    Some(ast::PhaseScope::After(anchor)) => {
                        let a = self.anchor(&anchor, &mut ctx)?;
                        (
                            ir::Scope::From {
                                anchor: a,
                                until: None,
                            },
                            anchor.span(),
                        )
                    }
                    _ => {
                        let span = phases.first().map(|p| p.every.span).unwrap_or(rule);
                        self.error(
                            Diagnostic::new(Code::E020, "a phased frequency needs the period it runs in", Label::new(span, "which period?"))
                                .with_help("write `every 10 working days for the first 3 months of supervision_order, then every 20 working days`"),
                        );
                        return None;
                    }
                };
                let mut lowered = Vec::new();
                let mut ok = true;
                for (k, p) in phases.iter().enumerate() {
                    if k > 0 {
                        if let Some((_, ast::PhaseScope::Period(o))) = &p.for_first {
                            if !matches!(&scope, ir::Scope::While(pid) if self.policy.periods[*pid as usize].name == o.name)
                            {
                                self.error(
                                    Diagnostic::new(
                                        Code::E020,
                                        "every phase counts from the same start",
                                        Label::new(o.span, "a different period"),
                                    )
                                    .with_related(Label::new(span, "the first phase's start"))
                                    .with_help("write the period once, in the first phase"),
                                );
                                ok = false;
                            }
                        }
                    }
                    let every = self.duration(&p.every, false);
                    let for_first = match &p.for_first {
                        Some((d, _)) => self.duration(d, false).map(Some),
                        None => Some(None),
                    };
                    match (every, for_first) {
                        (Some(every), Some(for_first)) => lowered.push(ir::Phase {
                            every,
                            for_first,
                            times: None,
                            target: None,
                            at_least: None,
                        }),
                        _ => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                (
                    ir::Timing::Recurring(ir::Recurrence {
                        phases: lowered,
                        scope,
                    }),
                    Some(span),
                )
            }
            ast::Timing::Milestones { period, at } => {
                let pid = self.period_id(period);
                let at = self.maybe_durations(at)?;
                let pid = pid?;
                ctx.events.push(self.policy.periods[pid as usize].start);
                ctx.describe = format!("`{}`", period.name);
                (
                    ir::Timing::Milestones { period: pid, at },
                    Some(period.span),
                )
            }
            ast::Timing::Unnumbered {
                kind,
                anchor,
                may_precede,
            } => {
                let Some(anchor) = anchor else {
                    self.error(
                        Diagnostic::new(
                            Code::E020,
                            "say what the task follows",
                            Label::new(rule, "after what?"),
                        )
                        .with_help(match kind {
                            ir::Unnumbered::Immediately => {
                                "write the event it follows: `immediately after EVENT`"
                            }
                            _ => "write the event it follows: `as soon as possible after EVENT`",
                        }),
                    );
                    return None;
                };
                let a = self.anchor(anchor, &mut ctx)?;
                (
                    ir::Timing::Deadline(ir::Deadline {
                        anchor: a,
                        opens: None,
                        target: None,
                        limit: None,
                        unnumbered: Some(*kind),
                        then: None,
                        may_precede: *may_precede,
                        point: false,
                    }),
                    Some(anchor.span()),
                )
            }
            ast::Timing::PointAfter { after, anchor } => {
                let a = self.anchor(anchor, &mut ctx);
                let within = self.duration(after, false)?;
                (
                    ir::Timing::Deadline(ir::Deadline {
                        anchor: a?,
                        opens: None,
                        target: None,
                        limit: Some(ir::Limit {
                            within,
                            strict: false,
                            extensions: Vec::new(),
                            alternatives: Vec::new(),
                        }),
                        unnumbered: None,
                        then: None,
                        may_precede: false,
                        point: true,
                    }),
                    Some(anchor.span()),
                )
            }
            ast::Timing::NextOccurrence { event, after, kind } => {
                let sel = self.selection(event);
                let after = match after {
                    Some(a) => Some(self.anchor(a, &mut ctx)?),
                    None => {
                        if let Some(s) = &sel {
                            ctx.events.push(s.event);
                        }
                        None
                    }
                };
                (
                    ir::Timing::NextOccurrence {
                        event: sel?,
                        after,
                        kind: *kind,
                    },
                    Some(event.span),
                )
            }
            ast::Timing::During(period, times) => {
                let pid = self.period_id(period)?;
                ctx.events.push(self.policy.periods[pid as usize].start);
                (
                    ir::Timing::During {
                        period: pid,
                        times: (*times).max(1),
                    },
                    Some(period.span),
                )
            }
            ast::Timing::Unquantified { text, period } => {
                let period = match period {
                    Some(p) => Some(self.period_id(p)?),
                    None => None,
                };
                (
                    ir::Timing::Unquantified {
                        text: text.clone(),
                        period,
                    },
                    None,
                )
            }
            ast::Timing::WithinBefore { within, anchor } => {
                let a = self.anchor(anchor, &mut ctx);
                let within = self.duration(within, true)?;
                (
                    ir::Timing::WithinBefore { anchor: a?, within },
                    Some(anchor.span()),
                )
            }
            ast::Timing::SameMonth(anchor) => {
                let a = self.anchor(anchor, &mut ctx)?;
                (
                    ir::Timing::Fixed {
                        anchor: a,
                        bound: ir::DateBound::SameMonth,
                    },
                    Some(anchor.span()),
                )
            }
            ast::Timing::ClockBefore { time, day, anchor } => {
                let before = match anchor {
                    Some(a) => format!("before {}", self.sources.slice(a.span()).trim()),
                    None => "before EVENT".into(),
                };
                let written_time = time.text.clone();
                let time = self.clock_part(time, super::clock::time_of_day(&time.text));
                let weekday = self.clock_part(day, super::clock::day(&day.text, &before));
                let Some(anchor) = anchor else {
                    // A day written wrongly has had its diagnostic, whose help names the event.
                    let which = match &weekday {
                        Some(Some(w)) => format!("the {}", duly_runtime::reckon::weekday_name(*w)),
                        Some(None) => "the day".into(),
                        None => return None,
                    };
                    self.error(
                        Diagnostic::new(
                            Code::E020,
                            format!("say which event {which} comes before"),
                            Label::new(day.span, "before what?"),
                        )
                        .with_help(format!(
                            "write the event it comes before: `by {} on {which} before EVENT` (e.g. `before legal_planning_meeting`); the deadline is counted back from each occurrence of it",
                            if time.is_some() { written_time.as_str() } else { "16:00" }
                        )),
                    );
                    return None;
                };
                let a = self.anchor(anchor, &mut ctx);
                (
                    ir::Timing::ClockBefore {
                        anchor: a?,
                        weekday: weekday?,
                        time: time?,
                    },
                    Some(anchor.span()),
                )
            }
            ast::Timing::Closest { event, to } => {
                let sel = self.selection(event);
                if !matches!(to, ast::Anchor::Birthday(..) | ast::Anchor::Date(_)) {
                    self.error(
                        Diagnostic::new(
                            Code::E020,
                            "`closest to` measures from one date",
                            Label::new(to.span(), "this can happen more than once"),
                        )
                        .with_help(format!(
                            "count to a birthday or a date: `at the {} closest to 17th birthday`",
                            event.name.name
                        )),
                    );
                    return None;
                }
                let to_ir = self.anchor(to, &mut ctx)?;
                (
                    ir::Timing::Closest {
                        event: sel?,
                        to: to_ir,
                    },
                    Some(event.span),
                )
            }
            ast::Timing::MonthEveryYear { month, span } => {
                if !(1..=12).contains(month) {
                    return None;
                }
                (
                    ir::Timing::Fixed {
                        anchor: ir::Anchor::DayOfYear {
                            month: *month,
                            day: 1,
                        },
                        bound: ir::DateBound::InMonth,
                    },
                    Some(*span),
                )
            }
            ast::Timing::EveryNth {
                event,
                n,
                period,
                span,
            } => {
                let sel = self.selection(event);
                let period = match period {
                    Some(p) => {
                        let pid = self.period_id(p)?;
                        ctx.events.push(self.policy.periods[pid as usize].start);
                        Some(pid)
                    }
                    None => None,
                };
                if *n == 0 {
                    self.error(
                        Diagnostic::new(
                            Code::E012,
                            "every 0th occurrence never happens",
                            Label::new(*span, "zero"),
                        )
                        .with_help("write `every other visit` or `every 3 cp_visit`"),
                    );
                    return None;
                }
                (
                    ir::Timing::EveryNth {
                        event: sel?,
                        n: *n,
                        period,
                    },
                    Some(event.span),
                )
            }
            ast::Timing::InMonth { year, month, span } => {
                if chrono::NaiveDate::from_ymd_opt(*year, *month, 1).is_none() {
                    self.error(
                        Diagnostic::new(
                            Code::E018,
                            "that month does not exist",
                            Label::new(*span, "no such month"),
                        )
                        .with_help("write e.g. `in January 2027`"),
                    );
                    return None;
                }
                (
                    ir::Timing::Fixed {
                        anchor: ir::Anchor::Month {
                            year: *year,
                            month: *month,
                        },
                        bound: ir::DateBound::InMonth,
                    },
                    Some(*span),
                )
            }
        };
        Some(Lowered {
            timing,
            context: ctx,
            anchor_span,
        })
    }
}
