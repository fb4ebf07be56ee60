//! W001: rules that give one task different timescales from one anchor under
//! conditions that can hold together.

use super::obligations::{Aspect, Facet, Obligations, Relation, Subject};
use super::overlap::describe;
use super::{and_list, Context};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use duly_runtime::ir::Timing;
use std::collections::BTreeMap;

/// The documentation page of W001.
pub const DOC: &str = r#"## What it does

Finds two or more rules for the same task, counted from the same anchor, whose
conditions can hold for the same case, but which give different timescales: different
limits, different targets, different notice periods or different frequencies, whether
the numbers or the units differ. It names every rule by its standard's reference and
says which one is the strictest.

Conditions are compared exactly: `rag = red` and `rag = amber` never hold together, so
different limits for them are not a conflict; `s47_agreed` and `not unborn` can, so they
are. A limit that an extension (`, or 20 working days where …`) replaces is compared
only for the cases where it applies. When the rules of one finding do not all overlap
(a rule for every case against three rules for three RAG ratings), the message says
that which is strictest depends on the case.

Only like is compared with like: limits with limits among rules whose windows open alike
(`within 0 days of X` and `between 1 day and 1 week after X` are two obligations, not a
conflict), targets with targets, frequencies with frequencies over the same period.
Rules limited to a period's open time, caseload proportions and optional tasks are
compared only with rules limited the same way; a limit with an alternative
(`, or within D2 of B`) and a phase for the first part of a period
(`fortnightly for the first month`) are not compared.

When the two timescales use different units for about the same length (`12 weeks` and
`3 months`), which one is stricter depends on the date: that is
[W003](W003.md), not this lint.

## Why it matters

A case is judged against every rule that applies to it, so the strictest timescale is
the one that counts; the others are dead letters that mislead anyone who reads them.
Practice-standards documents often state a timescale in a summary table and again in
the body, and the two drift apart when one is revised and the other is not. The
practitioner reading the table and the manager reading the body then work to different
deadlines, and only one of them is right.

## Example

A summary table and the body of a document give the ICPC different deadlines from the
same strategy discussion, under conditions that one case can meet both of:

## Use instead

Find out which timescale the service works to and encode that one, quoting the passage
it comes from:

```duly
standard 6.1 "Initial Child Protection Conference"
  icpc within 15 working days of strategy_discussion where s47_agreed
```

If the document really does say both (the disagreement is the finding), keep both
rules and record why on one of them, so the finding is not raised again:

```duly
standard table.1 "Timescales at a glance"
  # duly: allow W001 — the table says 10 days, section 6.1 says 15; raised with the author
  icpc within 10 working days of strategy_discussion where s47_agreed
```
"#;

/// How the group's anchor or scope reads after the aspect's noun.
pub(crate) fn counted(aspect: Aspect, subject: &Subject) -> String {
    match aspect {
        Aspect::Limit | Aspect::Target | Aspect::Opens => format!("counted from {}", subject.from),
        Aspect::Gap => format!("before {}", subject.from),
        Aspect::Every => subject.from.clone(),
    }
}

/// A facet in words, with the conditions that limit it: `within 10 working days where rag = red`.
pub(crate) fn facet_words(cx: &Context, f: &Facet) -> String {
    let rule = &cx.policy.rules[f.rule];
    let mut s = f.aspect.phrase(&f.duration, f.strict);
    let ext = f.extension.and_then(|j| match &rule.timing {
        Timing::Deadline(d) => d.limit.as_ref().and_then(|l| l.extensions.get(j)),
        _ => None,
    });
    let mut conds = Vec::new();
    if let Some(w) = &rule.applies_when {
        conds.push(describe(w, cx.policy));
    }
    if let Some(e) = ext {
        conds.push(describe(&e.when, cx.policy));
    }
    if !conds.is_empty() {
        s.push_str(&format!(" where {}", conds.join(" and ")));
    }
    // The base limit of a rule with extensions holds unless one of them does.
    let mut unless: Vec<String> = rule
        .waived_when
        .iter()
        .map(|u| describe(u, cx.policy))
        .collect();
    if let (None, Timing::Deadline(d)) = (f.extension, &rule.timing) {
        let base = d.limit.as_ref().filter(|l| {
            l.within == f.duration && matches!(f.aspect, Aspect::Limit | Aspect::Target)
        });
        if let Some(l) = base {
            unless.extend(l.extensions.iter().map(|e| describe(&e.when, cx.policy)));
        }
    }
    if !unless.is_empty() {
        s.push_str(&format!(" unless {}", unless.join(" or ")));
    }
    s
}

/// Runs W001.
pub fn run(cx: &Context, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    let obligations = Obligations::collect(cx.policy, &|a| cx.anchor(a));
    for ((_, aspect), (subject, facets)) in &obligations.groups {
        if facets.len() < 2 {
            continue;
        }
        let mut parent: Vec<usize> = (0..facets.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut linked = vec![false; facets.len()];
        for i in 0..facets.len() {
            for j in i + 1..facets.len().min(i + 1 + super::PAIR_WINDOW) {
                let (a, b) = (&facets[i], &facets[j]);
                if a.rule == b.rule {
                    continue;
                }
                if !matches!(a.relation(b, &cx.days), Relation::Differ { .. }) {
                    continue;
                }
                if cx.solver.overlap(&a.when, &b.when) != Some(true) {
                    continue;
                }
                let (ra, rb) = (root(&mut parent, i), root(&mut parent, j));
                parent[ra] = rb;
                linked[i] = true;
                linked[j] = true;
            }
        }
        let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in (0..facets.len()).filter(|i| linked[*i]) {
            let r = root(&mut parent, i);
            components.entry(r).or_default().push(i);
        }
        for members in components.values() {
            out.push(diagnostic(cx, *aspect, subject, facets, members));
        }
    }
}

fn diagnostic(
    cx: &Context,
    aspect: Aspect,
    subject: &Subject,
    facets: &[Facet],
    members: &[usize],
) -> Diagnostic {
    let mut strictest = members[0];
    for &m in members {
        if let Relation::Differ {
            first_stricter: true,
        } = facets[m].relation(&facets[strictest], &cx.days)
        {
            strictest = m;
        }
    }
    // One entry per rule, in document order.
    let mut by_rule: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &m in members {
        by_rule.entry(facets[m].rule).or_default().push(m);
    }
    let mut listed: Vec<String> = Vec::new();
    for (r, ms) in &by_rule {
        let words: Vec<String> = ms.iter().map(|m| facet_words(cx, &facets[*m])).collect();
        let entry = format!("{} ({})", words.join(" or "), cx.reference(*r));
        if !listed.contains(&entry) {
            listed.push(entry);
        }
    }
    let best = &facets[strictest];
    // "The strictest" is only meaningful when it applies in every case the others do.
    let decides = members.iter().all(|&m| {
        m == strictest
            || facets[m].rule == best.rule
            || cx.solver.overlap(&best.when, &facets[m].when) == Some(true)
    });
    let best_words = format!("{} ({})", facet_words(cx, best), cx.reference(best.rule));
    let verdict = if decides {
        format!("the strictest is {best_words}")
    } else {
        "which is strictest depends on the case".to_string()
    };
    let message = format!(
        "`{}` has different {} {}: {}; {verdict}",
        cx.selection(&subject.task),
        aspect.noun(),
        counted(aspect, subject),
        listed.join(", "),
    );
    let label = |rule: usize, ms: &[usize]| {
        let mut words: Vec<String> = ms
            .iter()
            .map(|m| {
                facets[*m]
                    .aspect
                    .phrase(&facets[*m].duration, facets[*m].strict)
            })
            .collect();
        words.dedup();
        let mut text = and_list(&words);
        if decides && rule == best.rule {
            text.push_str(" (the strictest)");
        }
        cx.rule_label(rule, text)
    };
    let mut rules = by_rule.iter();
    let Some((first, ms)) = rules.next() else {
        // `members` is never empty; an empty diagnostic would still point somewhere sensible.
        return Diagnostic::new(Code::W001, message, cx.rule_label(best.rule, ""));
    };
    let mut d = Diagnostic::new(Code::W001, message, label(*first, ms));
    for (r, ms) in rules {
        d = d.with_related(label(*r, ms));
    }
    let mut others: Vec<String> = Vec::new();
    for r in by_rule.keys().filter(|r| **r != best.rule) {
        let reference = cx.reference(*r).to_string();
        if !others.contains(&reference) && reference != cx.reference(best.rule) {
            others.push(reference);
        }
    }
    let first = if decides && !others.is_empty() {
        format!(
            "a case that meets {} meets {} too, so only the strictest ever decides; ",
            cx.reference(best.rule),
            and_list(&others)
        )
    } else {
        String::new()
    };
    d.with_help(format!(
        "{first}encode the timescale the service works to, or, if the document really states \
         both, keep them and record why: `# duly: allow W001 — <reason>`"
    ))
}
