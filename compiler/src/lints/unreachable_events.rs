//! W008: events declared in the policy file that no rule has as its task or anchor.

use super::usage::Usage;
use super::Context;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};

/// The documentation page of W008.
pub const DOC: &str = r#"## What it does

Finds events declared in the policy file that no rule mentions: never a task, never an
anchor, never the start or end of a period a rule uses, never named in a condition
(`strategy_discussion.s47_agreed`). Events brought in with `use` (the shared vocabulary
in `common/events.duly`) are not reported: each policy uses only some of them.

## Why it matters

An event is declared because a standard talks about it. If no rule mentions it, the
standard that talks about it was not encoded, or was encoded against a differently
named event (`icpc_report` declared, `icpc_report_shared` used), so case data recorded
under the declared name is silently ignored.

## Example

An event declared for a standard that was never encoded:

## Use instead

Encode the standard the event was declared for:

```duly
standard 6.4 "Minutes"
  icpc_minutes within 20 working days of icpc
```

or delete the declaration.
"#;

/// Runs W008.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let usage = Usage::of(cx.policy);
    for (i, span) in cx.spans.events.iter().enumerate() {
        if !cx.in_main(*span) || usage.events.get(i).copied().unwrap_or(true) {
            continue;
        }
        let name = cx.policy.events.get(i).map_or("?", |e| e.name.as_str());
        out.push(
            Diagnostic::new(
                Code::W008,
                format!("event `{name}` is declared but no rule has it as task or anchor"),
                Label::new(*span, "never used"),
            )
            .with_help(format!(
                "encode the standard it was declared for (`{name} within … of …`), check for a differently spelt event in the rules, or delete the declaration"
            )),
        );
    }
}
