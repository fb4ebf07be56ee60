//! Rules seen as obligations: what must happen, counted from what, measured how.
//!
//! Each rule yields *facets* (its hard limit, its target, its window's opening, its gap
//! before an event, its frequency), each under the condition that makes it apply
//! (extensions give a facet per alternative limit). Facets with the same task, the same
//! (normalised) anchor and the same aspect are statements of one obligation; the
//! conflict, duplicate and mixed-unit lints compare them.

use super::days::{canonical, DayRange, DayRanges};
use super::overlap::Formula;
use duly_runtime::duration::{Direction, Duration, Unit};
use duly_runtime::ir::{Anchor, Occurrence, Policy, Rule, Scope, Selection, Timing};
use std::collections::BTreeMap;

/// Which part of a timescale a facet measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Aspect {
    /// The hard limit: `within D`, `in less than D`, the end of a window.
    Limit,
    /// The target: `usually within D`.
    Target,
    /// The window's opening: `between D and …`, `not before D after`.
    Opens,
    /// The gap before an event: `at least D before`.
    Gap,
    /// The frequency: `every D`.
    Every,
}

impl Aspect {
    /// Whether a shorter duration is the stricter one (a gap or opening is stricter when longer).
    pub fn shorter_is_stricter(self) -> bool {
        matches!(self, Aspect::Limit | Aspect::Target | Aspect::Every)
    }

    /// The plural noun for messages: "different deadlines".
    pub fn noun(self) -> &'static str {
        match self {
            Aspect::Limit => "deadlines",
            Aspect::Target => "targets",
            Aspect::Opens => "earliest times",
            Aspect::Gap => "notice periods",
            Aspect::Every => "frequencies",
        }
    }

    /// Which way the duration is counted.
    pub fn direction(self) -> Direction {
        if self == Aspect::Gap {
            Direction::Before
        } else {
            Direction::After
        }
    }

    /// The duration as the rule phrases it: `within 15 working days`.
    pub fn phrase(self, d: &Duration, strict: bool) -> String {
        let words = written(d);
        match self {
            Aspect::Limit if strict => format!("in less than {words}"),
            Aspect::Limit => format!("within {words}"),
            Aspect::Target => format!("usually within {words}"),
            Aspect::Opens => format!("not before {words}"),
            Aspect::Gap => format!("at least {words} before"),
            // `6 weekly`, `fortnightly`: the adverb says "every" already.
            Aspect::Every if words.ends_with("ly") => words,
            Aspect::Every => format!("every {words}"),
        }
    }
}

/// The duration as the author wrote it, or its canonical form.
pub fn written(d: &Duration) -> String {
    if d.written.trim().is_empty() {
        d.to_string()
    } else {
        d.written.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// One measured statement of an obligation.
#[derive(Debug, Clone)]
pub struct Facet {
    /// Index of the rule in `Policy::rules`.
    pub rule: usize,
    /// What it measures.
    pub aspect: Aspect,
    /// The duration.
    pub duration: Duration,
    /// `in less than`.
    pub strict: bool,
    /// When this facet applies (the rule's conditions, and an extension's).
    pub when: Formula,
    /// For an extension's limit, its position among the rule's extensions.
    pub extension: Option<usize>,
}

/// How two facets of one obligation compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same constraint (`2 weeks` and `14 days` included).
    Same,
    /// Different; the first (`true`) or second (`false`) is always the stricter.
    Differ {
        /// Whether the first facet is the stricter.
        first_stricter: bool,
    },
    /// Different units for about the same length: which is stricter depends on the date.
    Mixed,
}

impl Facet {
    /// The calendar days this facet's duration can span.
    pub fn range(&self, days: &DayRanges) -> DayRange {
        days.range(&self.duration, self.aspect.direction())
    }

    /// How this facet compares with another of the same obligation.
    pub fn relation(&self, other: &Facet, days: &DayRanges) -> Relation {
        let (a, fa) = canonical(&self.duration);
        let (b, fb) = canonical(&other.duration);
        let shorter = self.aspect.shorter_is_stricter();
        if fa == fb {
            if a == b {
                if self.strict == other.strict || !shorter {
                    return Relation::Same;
                }
                return Relation::Differ {
                    first_stricter: self.strict,
                };
            }
            return Relation::Differ {
                first_stricter: (a < b) == shorter,
            };
        }
        let dir = self.aspect.direction();
        let (ra, rb) = (
            days.nominal(&self.duration, dir),
            days.nominal(&other.duration, dir),
        );
        if ra.near(rb) {
            return Relation::Mixed;
        }
        Relation::Differ {
            first_stricter: (ra.max < rb.min) == shorter,
        }
    }
}

/// What a group of facets is about, for messages.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The task.
    pub task: Selection,
    /// What it is counted from, in words (`strategy_discussion`, `while cp_plan`).
    pub from: String,
}

/// Facets grouped by obligation and aspect, in a stable order.
pub struct Obligations {
    /// Group key (task, anchor or scope, aspect) to the group's subject and facets.
    pub groups: BTreeMap<(String, Aspect), (Subject, Vec<Facet>)>,
}

/// An anchor with period boundaries replaced by their events and `earliest`/`latest`
/// parts sorted, so equal instants compare equal.
pub fn normalise_anchor(a: &Anchor, policy: &Policy) -> Anchor {
    let event = |e: u32| {
        Anchor::Event(Selection {
            event: e,
            occurrence: Occurrence::Each,
        })
    };
    match a {
        Anchor::PeriodStart(p) => policy
            .periods
            .get(*p as usize)
            .map_or(a.clone(), |p| event(p.start)),
        Anchor::PeriodEnd(p) => policy
            .periods
            .get(*p as usize)
            .map_or(a.clone(), |p| event(p.end)),
        Anchor::Earliest(parts) | Anchor::Latest(parts) => {
            let mut parts: Vec<Anchor> =
                parts.iter().map(|p| normalise_anchor(p, policy)).collect();
            parts.sort_by_key(|p| format!("{p:?}"));
            if matches!(a, Anchor::Earliest(_)) {
                Anchor::Earliest(parts)
            } else {
                Anchor::Latest(parts)
            }
        }
        other => other.clone(),
    }
}

/// A duration with weeks as days and years as months, and no written form.
pub fn normalise_duration(d: &Duration) -> Duration {
    let (n, family) = canonical(d);
    let unit = match family {
        super::days::Family::Hours => Unit::Hours,
        super::days::Family::Days => Unit::Days,
        super::days::Family::WorkingDays => Unit::WorkingDays,
        super::days::Family::Months => Unit::Months,
    };
    Duration {
        amount: u32::try_from(n).unwrap_or(u32::MAX),
        unit,
        written: String::new(),
    }
}

/// A rule's timing in normal form: two rules with equal normal forms state the same timescale.
pub fn normalise_timing(t: &Timing, policy: &Policy) -> Timing {
    let mut t = t.clone();
    let scope = |s: &mut Scope| match s {
        Scope::From { anchor, until } => {
            *anchor = normalise_anchor(anchor, policy);
            if let Some(u) = until {
                *u = normalise_anchor(u, policy);
            }
        }
        Scope::Until(a) => *a = normalise_anchor(a, policy),
        _ => {}
    };
    let recurrence = |r: &mut duly_runtime::ir::Recurrence| {
        for p in &mut r.phases {
            p.every = normalise_duration(&p.every);
            for x in [&mut p.for_first, &mut p.target, &mut p.at_least]
                .into_iter()
                .flatten()
            {
                *x = normalise_duration(x);
            }
        }
        scope(&mut r.scope);
    };
    match &mut t {
        Timing::Deadline(d) => {
            d.anchor = normalise_anchor(&d.anchor, policy);
            for x in [&mut d.opens, &mut d.target].into_iter().flatten() {
                *x = normalise_duration(x);
            }
            if let Some(l) = &mut d.limit {
                l.within = normalise_duration(&l.within);
                for e in &mut l.extensions {
                    e.within = normalise_duration(&e.within);
                }
                for a in &mut l.alternatives {
                    a.within = normalise_duration(&a.within);
                    a.anchor = normalise_anchor(&a.anchor, policy);
                }
            }
            if let Some(r) = &mut d.then {
                recurrence(r);
            }
        }
        Timing::AtLeastBefore { anchor, gap } => {
            *anchor = normalise_anchor(anchor, policy);
            *gap = normalise_duration(gap);
        }
        Timing::Fixed { anchor, .. } | Timing::ClockBefore { anchor, .. } => {
            *anchor = normalise_anchor(anchor, policy)
        }
        Timing::Closest { to, .. } => *to = normalise_anchor(to, policy),
        Timing::Recurring(r) => recurrence(r),
        Timing::Milestones { at, .. } => {
            for d in at {
                *d = normalise_duration(d);
            }
        }
        Timing::WithinBefore { anchor, within } => {
            *anchor = normalise_anchor(anchor, policy);
            *within = normalise_duration(within);
        }
        Timing::NextOccurrence { after: Some(a), .. } => {
            *a = normalise_anchor(a, policy);
        }
        _ => {}
    }
    t
}

impl Obligations {
    /// Collects every facet of every rule.
    pub fn collect(policy: &Policy, words: &dyn Fn(&Anchor) -> String) -> Obligations {
        let mut groups: BTreeMap<(String, Aspect), (Subject, Vec<Facet>)> = BTreeMap::new();
        for (i, rule) in policy.rules.iter().enumerate() {
            for (key, from, facet) in facets(i, rule, policy, words) {
                groups
                    .entry((key, facet.aspect))
                    .or_insert_with(|| {
                        (
                            Subject {
                                task: rule.task,
                                from,
                            },
                            Vec::new(),
                        )
                    })
                    .1
                    .push(facet);
            }
        }
        Obligations { groups }
    }
}

fn facets(
    i: usize,
    rule: &Rule,
    policy: &Policy,
    words: &dyn Fn(&Anchor) -> String,
) -> Vec<(String, String, Facet)> {
    let applies = Formula::applies(rule);
    // Rules limited to a period's open time, or stated as caseload proportions, are
    // only comparable with rules limited the same way.
    let task = format!(
        "{:?} during {:?} for {:?} optional {}",
        rule.task, rule.during, rule.proportion, rule.optional
    );
    // A rule that is wholly a target (`usually …`) states targets, not limits.
    let hard = if rule.soft {
        Aspect::Target
    } else {
        Aspect::Limit
    };
    let mut out = Vec::new();
    let facet = |aspect, duration: &Duration, strict, when: Formula, extension| Facet {
        rule: i,
        aspect,
        duration: duration.clone(),
        strict,
        when,
        extension,
    };
    let recurrence =
        |r: &duly_runtime::ir::Recurrence, start: Option<&Anchor>, out: &mut Vec<_>| {
            // Only a single frequency is compared; phased schedules are compared whole (W002).
            // A phase limited to the first part of the scope (`fortnightly for the first month`)
            // adds to the schedule rather than restating it.
            let [phase] = r.phases.as_slice() else { return };
            if phase.for_first.is_some() {
                return;
            }
            let times = phase.times;
            let (scope_key, scope_words) = match &r.scope {
                Scope::While(p) => (
                    format!("while {p}"),
                    format!(
                        "while `{}` lasts",
                        policy
                            .periods
                            .get(*p as usize)
                            .map_or("?", |p| p.name.as_str())
                    ),
                ),
                Scope::From { anchor, until } => (
                    format!(
                        "from {:?} until {until:?}",
                        normalise_anchor(anchor, policy)
                    ),
                    format!("from {}", words(anchor)),
                ),
                Scope::Until(until) => match start {
                    Some(a) => (
                        format!(
                            "from {:?} until {:?}",
                            normalise_anchor(a, policy),
                            normalise_anchor(until, policy)
                        ),
                        format!("after {}", words(a)),
                    ),
                    None => return,
                },
                Scope::Always => ("always".into(), "for as long as the case lasts".into()),
            };
            out.push((
                format!("{task} every {times:?} soft {} {scope_key}", rule.soft),
                scope_words,
                facet(Aspect::Every, &phase.every, false, applies.clone(), None),
            ));
        };
    match &rule.timing {
        Timing::Deadline(d) => {
            let key = format!(
                "{task} from {:?} may precede {} point {}",
                normalise_anchor(&d.anchor, policy),
                d.may_precede,
                d.point
            );
            // A window (`between 1 day and one week after`) is a different obligation from a
            // limit alone (`within 0 days of`): limits are compared among rules that open alike,
            // openings among rules that close alike.
            let opens = d.opens.as_ref().map(normalise_duration);
            let closes = d.limit.as_ref().map(|l| normalise_duration(&l.within));
            let limit_key = format!("{key} opens {opens:?}");
            let opens_key = format!("{key} closes {closes:?}");
            let from = words(&d.anchor);
            // `or within D2 of B`: meeting either is enough, so the limit alone is not the obligation.
            if let Some(l) = d.limit.as_ref().filter(|l| l.alternatives.is_empty()) {
                let exts: Vec<Formula> =
                    l.extensions.iter().map(|e| Formula::of(&e.when)).collect();
                let base = Formula::and(
                    std::iter::once(applies.clone())
                        .chain(exts.iter().map(Formula::negate))
                        .collect(),
                );
                out.push((
                    limit_key.clone(),
                    from.clone(),
                    facet(hard, &l.within, l.strict, base, None),
                ));
                for (j, (e, f)) in l.extensions.iter().zip(&exts).enumerate() {
                    let when = Formula::and(vec![applies.clone(), f.clone()]);
                    out.push((
                        limit_key.clone(),
                        from.clone(),
                        facet(hard, &e.within, l.strict, when, Some(j)),
                    ));
                }
            }
            if let Some(t) = &d.target {
                out.push((
                    limit_key.clone(),
                    from.clone(),
                    facet(Aspect::Target, t, false, applies.clone(), None),
                ));
            }
            if let Some(o) = &d.opens {
                out.push((
                    opens_key,
                    from,
                    facet(Aspect::Opens, o, false, applies.clone(), None),
                ));
            }
            if let Some(r) = &d.then {
                recurrence(r, Some(&d.anchor), &mut out);
            }
        }
        Timing::AtLeastBefore { anchor, gap } => {
            let key = format!("{task} before {:?}", normalise_anchor(anchor, policy));
            out.push((
                key,
                words(anchor),
                facet(Aspect::Gap, gap, false, applies.clone(), None),
            ));
        }
        Timing::Recurring(r) => recurrence(r, None, &mut out),
        _ => {}
    }
    out
}
