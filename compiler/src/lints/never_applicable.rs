//! W005: a rule (or an extension of its limit) whose conditions can never hold for any
//! case, or whose `unless` waives it in every case.

use super::overlap::{describe, Formula};
use super::Context;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use duly_runtime::ir::Timing;

/// The documentation page of W005.
pub const DOC: &str = r#"## What it does

Finds rules that can never apply: a `where` that no case satisfies
(`rag = red and rag = green`, `s47_agreed and not s47_agreed`, `age < 5 and age > 10`),
an `unless` that every case satisfies (`unless unborn or not unborn`), or a `where`
that is always cancelled by the rule's own `unless`. It also finds an extension
(`, or 20 working days where …`) whose condition can never hold together with the
rule's. Conditions are decided exactly over the attributes' declared types: a yes/no
fact has two values, a choice its listed values, ages are whole years.

## Why it matters

A rule that never applies is never checked: every case passes it, and nobody notices
that the standard it encodes is not being monitored at all. It is almost always a
slip: `and` written for `or` when a standard covers two RAG ratings, a missing `not`,
or two conditions copied from different rules.

## Example

A standard for red and amber contacts, encoded with `and` where the document means
either:

## Use instead

```duly
standard 2.1 "Red and amber contacts"
  initial_decision within 1 working day of screening where rag = red or rag = amber
```
"#;

fn cond_span(conds: &[crate::ast::Cond]) -> Option<Span> {
    let first = conds.first()?.span();
    let last = conds.last()?.span();
    Some(Span {
        file: first.file,
        start: first.start,
        end: last.end.max(first.end),
    })
}

/// Runs W005.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, rule) in cx.policy.rules.iter().enumerate() {
        // The syntax tree (for the conditions' spans) is read only for a finding.
        let wheres = || cx.ast_rule(i).and_then(|r| cond_span(&r.wheres));
        let unlesses = || cx.ast_rule(i).and_then(|r| cond_span(&r.unlesses));
        let applies = rule.applies_when.as_ref().map(Formula::of);
        let waived = rule.waived_when.as_ref().map(Formula::negation_of);
        let reference = cx.reference(i).to_string();
        let finding = match (&applies, &waived) {
            (Some(w), _) if cx.solver.satisfiable(w) == Some(false) => {
                let text = rule
                    .applies_when
                    .as_ref()
                    .map(|c| describe(c, cx.policy))
                    .unwrap_or_default();
                Some((
                    format!("standard {reference}: this rule never applies: `{text}` can never hold for a case"),
                    wheres(),
                    "never holds",
                    "conditions joined by `and` must all hold at once, and an attribute has one value at a time: to mean either, join them with `or`",
                ))
            }
            (_, Some(u)) if cx.solver.satisfiable(u) == Some(false) => {
                let text = rule
                    .waived_when
                    .as_ref()
                    .map(|c| describe(c, cx.policy))
                    .unwrap_or_default();
                Some((
                    format!("standard {reference}: this rule is always waived: `unless {text}` holds for every case"),
                    unlesses(),
                    "always holds",
                    "an `unless` that always holds switches the rule off: look for a missing `not`, or an `or` that should be `and`",
                ))
            }
            (Some(w), Some(u)) if cx.solver.overlap(w, u) == Some(false) => {
                let text = rule
                    .waived_when
                    .as_ref()
                    .map(|c| describe(c, cx.policy))
                    .unwrap_or_default();
                Some((
                    format!("standard {reference}: this rule never applies: whenever its `where` holds, `unless {text}` waives it"),
                    unlesses(),
                    "waives every case the `where` allows",
                    "the `where` and the `unless` contradict each other: check which cases the standard means",
                ))
            }
            _ => None,
        };
        if let Some((message, span, label, help)) = finding {
            let span = span.unwrap_or(cx.rule_span(i));
            out.push(
                Diagnostic::new(Code::W005, message, cx.label_at(i, span, label)).with_help(help),
            );
            continue;
        }
        let Timing::Deadline(d) = &rule.timing else {
            continue;
        };
        let Some(limit) = &d.limit else { continue };
        let base = Formula::applies(rule);
        for (j, e) in limit.extensions.iter().enumerate() {
            if cx.solver.overlap(&base, &Formula::of(&e.when)) != Some(false) {
                continue;
            }
            let span = match cx.ast_rule(i).map(|r| &r.timing) {
                Some(crate::ast::Timing::Within { extensions, .. }) => {
                    extensions.get(j).map(|(_, c)| c.span())
                }
                _ => None,
            }
            .unwrap_or(cx.rule_span(i));
            out.push(
                Diagnostic::new(
                    Code::W005,
                    format!(
                        "standard {reference}: the extension `or {} where {}` can never apply to a case this rule covers",
                        super::obligations::written(&e.within),
                        describe(&e.when, cx.policy)
                    ),
                    cx.label_at(i, span, "never holds when the rule applies"),
                )
                .with_help("the extension's condition contradicts the rule's own `where` or `unless`: check which cases the longer (or shorter) limit is for"),
            );
        }
    }
}
