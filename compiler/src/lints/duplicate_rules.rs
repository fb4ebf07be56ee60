//! W002: the same constraint stated twice: same task, same timescale (in any unit that
//! means exactly the same), and one rule applies whenever the other does.

use super::obligations::normalise_timing;
use super::overlap::Formula;
use super::Context;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// The documentation page of W002.
pub const DOC: &str = r#"## What it does

Finds a rule that says nothing another rule does not already say: the same task, the
same anchor, the same timescale (`2 weeks` and `14 days`, `1 year` and `12 months` count
as the same), and conditions under which the other rule applies too. When both rules
apply in exactly the same cases the later one is reported; when one applies in fewer
cases (`where s47_agreed` against no condition at all), the narrower one is reported,
since the wider one already covers it. Everything else must match: a target
(`usually …`) does not duplicate a limit, nor a rule limited to a period's open time one
that is not.

This is *information* (severity `info`): it never fails a check, even with
`--deny-warnings`.

## Why it matters

Documents repeat themselves on purpose: a summary table at the front and the numbered
paragraph in the body state the same timescale, and an encoding that follows the
document faithfully will have both. That is fine, and worth knowing: when one of the
two passages is revised, the duplicate is where the disagreement will appear (as
[W001](W001.md) or [W003](W003.md)). A duplicate that the document does not contain is
usually a copy-and-paste slip in the encoding.

## Example

A summary table and its paragraph state the same timescale:

## Use instead

When the document states the timescale twice, keep both rules, each under its own
reference, and leave the information as it is, or acknowledge it:

```duly
standard 6.1 "Initial Child Protection Conference"
  # duly: allow W002 — the document repeats its summary table here
  icpc within 15 working days of strategy_discussion where s47_agreed
```

When the second rule is an encoding slip, delete it.
"#;

/// How many earlier statements of one timescale each rule is compared with.
const WINDOW: usize = 64;

/// Runs W002.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut buckets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, rule) in cx.policy.rules.iter().enumerate() {
        // Everything but the conditions and the wording: targets (`usually`), periods,
        // proportions, optional tasks and counting conventions must match too.
        let key = format!(
            "{:?} {:?} soft {} during {:?} for {:?} optional {} counting {:?}",
            rule.task,
            normalise_timing(&rule.timing, cx.policy),
            rule.soft,
            rule.during,
            rule.proportion,
            rule.optional,
            rule.counting,
        );
        buckets.entry(key).or_default().push(i);
    }
    for rules in buckets.values().filter(|r| r.len() > 1) {
        let when: Vec<Formula> = rules
            .iter()
            .map(|r| Formula::applies(&cx.policy.rules[*r]))
            .collect();
        for (a, &ra) in rules.iter().enumerate() {
            // The first other rule that covers this one: an equivalent earlier rule, or a wider one.
            // Bounded so that a policy of thousands of identical rules stays linear.
            let cover = rules.iter().enumerate().take(WINDOW).find(|&(b, &rb)| {
                if b == a || cx.solver.implies(&when[a], &when[b]) != Some(true) {
                    return false;
                }
                let equivalent = cx.solver.implies(&when[b], &when[a]) == Some(true);
                !equivalent || rb < ra
            });
            let Some((b, &rb)) = cover else { continue };
            let equivalent = cx.solver.implies(&when[b], &when[a]) == Some(true);
            let text = &cx.policy.rules[ra].text;
            let (message, here, there) = if equivalent {
                (
                    format!(
                        "standard {} states the same timescale as {}: `{text}`",
                        cx.reference(ra),
                        cx.reference(rb)
                    ),
                    "stated again here",
                    "first stated here",
                )
            } else {
                (
                    format!(
                        "standard {} is already covered by {}, which sets the same timescale in every case this rule applies to: `{text}`",
                        cx.reference(ra),
                        cx.reference(rb)
                    ),
                    "applies in fewer cases",
                    "already sets this timescale",
                )
            };
            out.push(
                Diagnostic::new(Code::W002, message, cx.rule_label(ra, here))
                    .with_related(cx.rule_label(rb, there))
                    .with_help(
                        "documents often repeat a timescale (a summary table and its paragraph): \
                         keep both, each under its own reference; if this rule is an encoding \
                         slip, delete it",
                    ),
            );
        }
    }
}
