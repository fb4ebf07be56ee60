//! W007: periods, event attributes and child facts declared in the policy file that
//! no rule uses.

use super::usage::Usage;
use super::Context;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};

/// The documentation page of W007.
pub const DOC: &str = r#"## What it does

Finds declarations in the policy file that no rule uses: a `period` that no rule counts
from, runs `while` or measures (`when … has lasted`); an event attribute that no
condition tests; a `child { … }` fact that no condition, birthday, age or pregnancy rule
needs (`date_of_birth` is used by birthdays and `age`, `expected_date_of_birth` by weeks
of pregnancy).

Only declarations in the policy file itself are reported. Declarations brought in with
`use` (the shared vocabulary in `common/events.duly`) exist for every policy, and each
policy uses only some of them.

## Why it matters

An unused declaration is usually the trace of a rule that was meant to be written and
was not: a `cp_plan` period with no visiting rule, a `rag` rating that no standard
distinguishes. Either the standard is missing from the encoding, or the declaration is
clutter that makes case-data authors collect facts nothing reads.

## Example

An event attribute that no rule's condition tests:

## Use instead

Write the rules the declarations were for:

```duly
standard 2.1 "Screening"
  initial_decision within 1 working day of screening where rag = red
  initial_decision within 3 working days of screening where rag != red
```

or delete the declarations.
"#;

/// Runs W007.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let usage = Usage::of(cx.policy);
    for (i, span) in cx.spans.periods.iter().enumerate() {
        if !cx.in_main(*span) || usage.periods.get(i).copied().unwrap_or(true) {
            continue;
        }
        let name = cx.period(i as u32);
        out.push(
            Diagnostic::new(
                Code::W007,
                format!("period `{name}` is declared but no rule uses it"),
                Label::new(*span, "never used"),
            )
            .with_help(format!(
                "write the rule it is for (`cp_visit every 10 working days while {name}`, `… when {name} has lasted 3 months`), or delete the declaration"
            )),
        );
    }
    for (e, attrs) in cx.policy.events.iter().enumerate() {
        for (j, attr) in attrs.attrs.iter().enumerate() {
            let span = cx.spans.event_attrs.get(e).and_then(|a| a.get(j)).copied();
            let Some(span) = span.filter(|s| cx.in_main(*s)) else {
                continue;
            };
            if usage.event_attrs[e][j] {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::W007,
                    format!(
                        "attribute `{}` of event `{}` is declared but no condition tests it",
                        attr.name, attrs.name
                    ),
                    Label::new(span, "never tested"),
                )
                .with_help(format!(
                    "use it in the condition of the rule it is for (`where {}`), or delete it",
                    example(&attr.ty, &attr.name)
                )),
            );
        }
    }
    for (j, attr) in cx.policy.child.iter().enumerate() {
        let Some(span) = cx
            .spans
            .child_attrs
            .get(j)
            .copied()
            .filter(|s| cx.in_main(*s))
        else {
            continue;
        };
        if usage.child[j] {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::W007,
                format!("child fact `{}` is declared but no rule uses it", attr.name),
                Label::new(span, "never used"),
            )
            .with_help(match attr.name.as_str() {
                "date_of_birth" => "count a rule from a birthday (`pathway_plan before 16th birthday`) or test `age` in a condition (`where age >= 16`), or delete it".to_string(),
                "expected_date_of_birth" => "count a rule from a week of pregnancy (`pre_birth_assessment by week 20 of pregnancy`), or delete it".to_string(),
                _ => format!(
                    "use it in a condition (`where {}`), or delete it",
                    example(&attr.ty, &attr.name)
                ),
            }),
        );
    }
}

fn example(ty: &duly_runtime::ir::AttrType, name: &str) -> String {
    use duly_runtime::ir::AttrType;
    match ty {
        AttrType::Bool => name.to_string(),
        AttrType::Enum(values) => {
            format!("{name} = {}", values.first().map_or("…", String::as_str))
        }
        AttrType::Number => format!("{name} >= 1"),
        AttrType::Date => format!("{name} < 2027-01-01"),
        AttrType::Text => format!("{name} = \"…\""),
    }
}
