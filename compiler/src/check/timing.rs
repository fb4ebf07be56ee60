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
                    Diagnostic::new(Code::E012, format!("`{}` has no exact meaning", d.written), Label::new(d.span, "fraction of this unit"))
                        .with_help("write it in a smaller whole unit, e.g. `18 months` for one and a half years"),
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
                    Some(u) => Some(self.selection(u)?),
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
                let sel = self.selection(u)?;
                Some((ir::Scope::Until(sel), u.span))
            }
        }
    }

    /// Lowers a rule's timing.
    pub(crate) fn timing(&mut self, t: &ast::Timing) -> Option<Lowered> {
        let mut ctx = Context::default();
        let (timing, anchor_span) = match t {
            ast::Timing::Within {
                target,
                limit,
                anchor,
                extensions,
                then,
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
                        let every = self.duration(&f.every, false);
                        let scope = self.scope(s, &mut Context::default());
                        Some(every.zip(scope).map(|(every, (scope, _))| ir::Recurrence {
                            phases: vec![ir::Phase {
                                every,
                                for_first: None,
                            }],
                            scope,
                        }))
                    }
                    None => None,
                };
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
                    }),
                    unnumbered: None,
                    then,
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
                        }),
                        unnumbered: None,
                        then: None,
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
                        }),
                        unnumbered: None,
                        then: None,
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
            ast::Timing::Recurring { every, scope } => {
                let every = self.duration(&every.every, false);
                let (scope, span) = self.scope(scope, &mut ctx)?;
                (
                    ir::Timing::Recurring(ir::Recurrence {
                        phases: vec![ir::Phase {
                            every: every?,
                            for_first: None,
                        }],
                        scope,
                    }),
                    Some(span),
                )
            }
            ast::Timing::Phased(phases) => {
                let first_period = phases
                    .first()
                    .and_then(|p| p.for_first.as_ref())
                    .and_then(|(_, p)| p.clone());
                let Some(period) = first_period else {
                    let span = phases
                        .first()
                        .map(|p| p.every.span)
                        .unwrap_or(Span::new(self.main, 0..0));
                    self.error(
                        Diagnostic::new(Code::E020, "a phased frequency needs the period it runs in", Label::new(span, "which period?"))
                            .with_help("write `every 10 working days for the first 3 months of supervision_order, then every 20 working days`"),
                    );
                    return None;
                };
                let pid = self.period_id(&period)?;
                ctx.events.push(self.policy.periods[pid as usize].start);
                ctx.describe = format!("`{}`", period.name);
                let mut out = Vec::new();
                for p in phases {
                    let every = self.duration(&p.every, false);
                    let for_first = match &p.for_first {
                        Some((d, other)) => {
                            if let Some(o) = other {
                                if o.name != period.name {
                                    self.error(
                                        Diagnostic::new(
                                            Code::E020,
                                            "every phase counts from the same period",
                                            Label::new(o.span, "a different period"),
                                        )
                                        .with_related(Label::new(
                                            period.span,
                                            "the first phase's period",
                                        ))
                                        .with_help(
                                            format!("write `of {}` or leave it out", period.name),
                                        ),
                                    );
                                }
                            }
                            Some(self.duration(d, false))
                        }
                        None => None,
                    };
                    out.push((every, for_first));
                }
                let mut lowered = Vec::new();
                for (every, for_first) in out {
                    let for_first = for_first.map_or(Some(None), |f| f.map(Some))?;
                    lowered.push(ir::Phase {
                        every: every?,
                        for_first,
                    });
                }
                (
                    ir::Timing::Recurring(ir::Recurrence {
                        phases: lowered,
                        scope: ir::Scope::While(pid),
                    }),
                    Some(period.span),
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
            ast::Timing::Unnumbered { kind, anchor } => {
                let Some(anchor) = anchor else {
                    self.error(
                        Diagnostic::new(
                            Code::E020,
                            "say what the task follows",
                            Label::new(Span::new(self.main, 0..0), "after what?"),
                        )
                        .with_help(
                            "write `as soon as possible after EVENT` or `immediately after EVENT`",
                        ),
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
                    }),
                    Some(anchor.span()),
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
