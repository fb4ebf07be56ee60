//! Suppression comments: `# duly: allow W003 — reason` on or above a rule silences that
//! lint for that rule; a suppression without a reason is error E019.
//!
//! The comment applies to the line it ends (a trailing comment) or, on a line of its own,
//! to the next line that is neither blank nor a comment. A label is covered when that
//! line falls inside the rule the label points into, or is the `standard` line of that
//! rule's standard (which covers all of its rules); labels outside rules (declarations)
//! are covered when the line is their own.

use super::Context;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::{FileId, Span};
use crate::trivia::{self, Part};

/// The documentation of suppression comments, for `docs/lints/README.md`.
pub const DOC: &str = r#"## Suppressing a finding

A finding that has been looked at and is right as it stands (the document really does
state both timescales) can be silenced for one rule with a comment on the rule's line
or on the line directly above it:

```duly
standard table.1 "Timescales at a glance"
  # duly: allow W001 — the table says 10 days and 6.1 says 15; raised with the author
  icpc within 10 working days of strategy_discussion where s47_agreed
```

* Name one or more codes (`W001`) or names (`conflicting-deadlines`), separated by
  commas or spaces: `# duly: allow W002, W003 — …`.
* The reason is required. It follows an em dash, an en dash, a hyphen or a colon
  (`— reason`, `- reason`, `: reason`). A suppression without a reason is error
  [E019](../diagnostics.md#e019), as is one that names an unknown code or an error
  code (errors cannot be allowed).
* A comment on a line of its own applies to the next line that is not blank and not a
  comment, so several comments can stack above one rule. Placed directly above a
  `standard` line, it applies to every rule of that standard.
* A finding that involves several rules (a conflict, an infeasible chain) is silenced
  by an `allow` on any one of them.
* Findings about declarations (W007, W008, W009) are silenced by a comment on or above
  the declaration's line.
"#;

/// One `allow` comment.
#[derive(Debug, Clone)]
struct Allow {
    codes: Vec<Code>,
    file: FileId,
    /// The 1-based line it applies to.
    line: usize,
}

/// The suppressions of one policy file, and the E019 errors found while reading them.
#[derive(Debug, Default)]
pub struct Suppressions {
    allows: Vec<Allow>,
    /// Malformed suppressions (E019).
    pub errors: Vec<Diagnostic>,
}

/// Comments of a file: (byte offset of `#`, end of the comment, whether code precedes it).
fn comments(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut code_on_line = false;
    let mut open: Option<usize> = None;
    for (i, c, part) in trivia::parts(text) {
        if part == Part::Comment {
            open.get_or_insert(i);
            continue;
        }
        if let Some(start) = open.take() {
            out.push((start, i, code_on_line));
        }
        if c == '\n' {
            code_on_line = false;
        } else if !c.is_whitespace() {
            code_on_line = true;
        }
    }
    if let Some(start) = open {
        out.push((start, text.len(), code_on_line));
    }
    out
}

/// A code as written (`W003`, `w003`, `conflicting-deadlines`).
fn lookup(token: &str) -> Option<Code> {
    Code::ALL
        .iter()
        .copied()
        .find(|c| c.as_str().eq_ignore_ascii_case(token) || c.name() == token)
}

/// Splits a leading code-like token (`W003`, `mixed-units`) from the rest.
fn take_token(s: &str) -> Option<(&str, &str)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    // A code: one letter then digits.
    let digits = s[1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(s.len(), |n| n + 1);
    if digits > 1 {
        let rest = &s[digits..];
        if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            return Some((&s[..digits], rest));
        }
    }
    // A name: the longest known kebab-case name at the start.
    Code::ALL
        .iter()
        .map(|c| c.name())
        .filter(|n| {
            s.starts_with(n)
                && !s[n.len()..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .max_by_key(|n| n.len())
        .map(|n| (&s[..n.len()], &s[n.len()..]))
}

enum Parsed {
    Allow(Vec<Code>),
    Error(String, String),
}

fn parse_directive(comment: &str) -> Option<Parsed> {
    let body = comment.trim_start_matches('#').trim_start();
    let rest = body.strip_prefix("duly:")?.trim_start();
    let rest = rest.strip_prefix("allow")?;
    if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut rest = rest;
    let mut codes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let Some((token, after)) = take_token(rest) else {
            break;
        };
        let looks_like_code = token.len() > 1 && token[1..].chars().all(|c| c.is_ascii_digit());
        match lookup(token) {
            Some(c) if c.severity() == crate::diagnostic::Severity::Error => {
                return Some(Parsed::Error(
                    format!("`{}` is an error; errors cannot be allowed", c.as_str()),
                    "fix the error instead; only warnings (`W0xx`) can be allowed".into(),
                ))
            }
            Some(c) => codes.push(c),
            None if looks_like_code => {
                return Some(Parsed::Error(
                    format!("`{token}` is not a lint code"),
                    "name a lint from `docs/lints/`, e.g. `# duly: allow W003 — <reason>`".into(),
                ))
            }
            None => break,
        }
        rest = after;
    }
    if codes.is_empty() {
        return Some(Parsed::Error(
            "this suppression does not say which lint it allows".into(),
            "name the code and say why: `# duly: allow W003 — the document states both units`"
                .into(),
        ));
    }
    let reason = rest.trim_start();
    let reason = ["—", "–", "--", "-", ":"]
        .iter()
        .find_map(|sep| reason.strip_prefix(sep))
        .unwrap_or(reason)
        .trim();
    if reason.is_empty() {
        let list: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        return Some(Parsed::Error(
            format!("this suppression of {} does not say why", list.join(", ")),
            format!(
                "add the reason after a dash: `# duly: allow {} — <why the finding is right as it stands>`",
                list.join(", ")
            ),
        ));
    }
    Some(Parsed::Allow(codes))
}

impl Suppressions {
    /// Reads every `# duly: allow` comment of the policy file.
    pub fn scan(cx: &Context) -> Suppressions {
        let mut out = Suppressions::default();
        let Some(file) = cx.main_file() else {
            return out;
        };
        let text = cx.sources.text(file);
        for (start, end, trailing) in comments(text) {
            let comment = text[start..end].trim_end();
            let Some(parsed) = parse_directive(comment) else {
                continue;
            };
            match parsed {
                Parsed::Error(message, help) => out.errors.push(
                    Diagnostic::new(
                        Code::E019,
                        message,
                        Label::new(
                            Span::new(file, start..start + comment.len()),
                            "this comment",
                        ),
                    )
                    .with_help(help),
                ),
                Parsed::Allow(codes) => {
                    let own = cx.sources.position(file, start).line;
                    let line = if trailing {
                        own
                    } else {
                        next_code_line(text, own)
                    };
                    out.allows.push(Allow { codes, file, line });
                }
            }
        }
        out
    }

    /// Whether an `allow` covers this diagnostic.
    pub fn silences(&self, d: &Diagnostic, cx: &Context) -> bool {
        let relevant: Vec<&Allow> = self
            .allows
            .iter()
            .filter(|a| a.codes.contains(&d.code))
            .collect();
        if relevant.is_empty() {
            return false;
        }
        std::iter::once(&d.primary)
            .chain(&d.related)
            .any(|l| relevant.iter().any(|a| covers(a, l.span, cx)))
    }
}

/// The first line after `line` that is neither blank nor only a comment.
fn next_code_line(text: &str, line: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(line)
        .find(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .map_or(line, |(i, _)| i + 1)
}

fn covers(a: &Allow, span: Span, cx: &Context) -> bool {
    if span.file != a.file {
        return false;
    }
    let line = |offset: usize| cx.sources.position(span.file, offset).line;
    let rules = &cx.spans.rules;
    // Rules are in document order: the last one starting at or before the label.
    let idx = rules.partition_point(|r| (r.file, r.start) <= (span.file, span.start));
    let rule = idx
        .checked_sub(1)
        .filter(|i| rules[*i].file == span.file && span.end <= rules[*i].end);
    match rule {
        Some(i) => {
            let r = cx.rule_span(i);
            if (line(r.start)..=line(r.end)).contains(&a.line) {
                return true;
            }
            let standard = cx
                .policy
                .rules
                .get(i)
                .and_then(|rule| cx.spans.standards.get(rule.standard as usize));
            standard.is_some_and(|s| s.file == a.file && line(s.start) == a.line)
        }
        None => (line(span.start)..=line(span.end)).contains(&a.line),
    }
}
