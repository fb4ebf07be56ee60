//! Lints: findings about the standards themselves, run by `duly check` only.
//!
//! One lint per file; each file's `DOC` is its documentation page
//! (`docs/lints/CODE.md` is generated from it). Shared analyses live beside them:
//! condition overlap ([`overlap`]), calendar-day ranges ([`days`]), obligations
//! ([`obligations`]), the temporal network ([`stn`]) and suppression comments
//! ([`suppress`]).

pub mod conflicting_deadlines;
pub mod confusable_text;
pub mod days;
pub mod duplicate_rules;
pub mod infeasible_timescales;
pub mod mixed_units;
pub mod month_clamping;
pub mod never_applicable;
pub mod obligations;
pub mod overlap;
pub mod stn;
pub mod suppress;
pub mod unreachable_events;
pub mod unused_declarations;
pub mod usage;

use crate::ast;
use crate::check::{Checked, SpanTable};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::source::{FileId, Sources, Span};
use days::DayRanges;
use duly_runtime::ir::{self, Anchor, Occurrence, Selection};
use overlap::Solver;
use std::cell::OnceCell;
use std::collections::HashMap;

/// One lint: its code, its documentation page and the function that runs it.
pub struct Lint {
    /// The stable code (`W001`).
    pub code: Code,
    /// The documentation page in Markdown, with the fixed sections.
    pub doc: &'static str,
    /// Runs the lint, adding its findings.
    pub run: fn(&Context, &mut Vec<Diagnostic>),
}

/// How many later statements of one obligation each statement is compared with, so a
/// policy with thousands of rules for one task stays linear (real groups hold a handful).
pub const PAIR_WINDOW: usize = 256;

/// Every lint, in code order.
pub const LINTS: &[Lint] = &[
    Lint {
        code: Code::W001,
        doc: conflicting_deadlines::DOC,
        run: conflicting_deadlines::run,
    },
    Lint {
        code: Code::W002,
        doc: duplicate_rules::DOC,
        run: duplicate_rules::run,
    },
    Lint {
        code: Code::W003,
        doc: mixed_units::DOC,
        run: mixed_units::run,
    },
    Lint {
        code: Code::W004,
        doc: infeasible_timescales::DOC,
        run: infeasible_timescales::run,
    },
    Lint {
        code: Code::W005,
        doc: never_applicable::DOC,
        run: never_applicable::run,
    },
    Lint {
        code: Code::W006,
        doc: month_clamping::DOC,
        run: month_clamping::run,
    },
    Lint {
        code: Code::W007,
        doc: unused_declarations::DOC,
        run: unused_declarations::run,
    },
    Lint {
        code: Code::W008,
        doc: unreachable_events::DOC,
        run: unreachable_events::run,
    },
    Lint {
        code: Code::W009,
        doc: confusable_text::DOC,
        run: confusable_text::run,
    },
];

/// The documentation page of a lint code.
pub fn doc(code: Code) -> Option<&'static str> {
    LINTS.iter().find(|l| l.code == code).map(|l| l.doc)
}

/// Runs every lint over a checked policy, then applies `# duly: allow` comments
/// (a malformed one is error E019).
pub fn run(checked: &Checked, sources: &Sources, diags: &mut Diagnostics) {
    let cx = Context::new(checked, sources);
    let mut found = Vec::new();
    for lint in LINTS {
        (lint.run)(&cx, &mut found);
    }
    let allows = suppress::Suppressions::scan(&cx);
    for e in &allows.errors {
        diags.push(e.clone());
    }
    for d in found {
        if !allows.silences(&d, &cx) {
            diags.push(d);
        }
    }
}

/// What every lint reads: the compiled policy, its spans and sources, and the shared analyses.
pub struct Context<'a> {
    /// The compiled policy.
    pub policy: &'a ir::Policy,
    /// Where everything came from.
    pub spans: &'a SpanTable,
    /// The source texts.
    pub sources: &'a Sources,
    /// Condition satisfiability.
    pub solver: Solver<'a>,
    /// Calendar-day ranges of durations.
    pub days: DayRanges,
    /// The main file's syntax tree (for spans the IR does not keep), parsed on first use.
    ast: OnceCell<Option<ast::File>>,
    /// Rule span to (item, rule) position in the syntax tree.
    rule_ast: OnceCell<HashMap<Span, (usize, usize)>>,
}

impl<'a> Context<'a> {
    /// Prepares the shared analyses for one policy.
    pub fn new(checked: &'a Checked, sources: &'a Sources) -> Context<'a> {
        Context {
            policy: &checked.policy,
            spans: &checked.spans,
            sources,
            solver: Solver::new(&checked.policy),
            days: DayRanges::new(&checked.policy),
            ast: OnceCell::new(),
            rule_ast: OnceCell::new(),
        }
    }

    /// The main file's syntax tree, for the spans the IR does not keep (attribute
    /// declarations, conditions). Parsed again on first use, which only findings need.
    pub fn ast(&self) -> Option<&ast::File> {
        self.ast
            .get_or_init(|| {
                let file = self.spans.main_file?;
                crate::parse::parse(file, self.sources.text(file)).ok()
            })
            .as_ref()
    }

    /// The main (policy) file.
    pub fn main_file(&self) -> Option<FileId> {
        self.spans.main_file
    }

    /// The standard reference of a rule (`6.1`, `table.3`).
    pub fn reference(&self, rule: usize) -> &str {
        self.policy
            .rules
            .get(rule)
            .and_then(|r| self.policy.standards.get(r.standard as usize))
            .map_or("?", |s| s.reference.as_str())
    }

    /// The span of a whole rule, without the blank lines and comment lines the parser
    /// may have taken in after it.
    pub fn rule_span(&self, rule: usize) -> Span {
        let Some(span) = self.spans.rules.get(rule).copied() else {
            return Span::new(FileId(0), 0..0);
        };
        let mut text = self.sources.slice(span);
        loop {
            text = text.trim_end();
            match text.rfind('\n') {
                Some(nl) if text[nl + 1..].trim_start().starts_with('#') => text = &text[..nl],
                _ => break,
            }
        }
        Span::new(
            span.file,
            span.start..span.start + text.len().max(1).min(span.end - span.start),
        )
    }

    /// A label on a rule, naming its standard; the message starts with the reference.
    pub fn rule_label(&self, rule: usize, message: impl AsRef<str>) -> Label {
        self.label_at(rule, self.rule_span(rule), message)
    }

    /// A label at `span` inside a rule, naming the rule's standard.
    pub fn label_at(&self, rule: usize, span: Span, message: impl AsRef<str>) -> Label {
        let reference = self.reference(rule).to_string();
        Label::new(span, format!("{reference}: {}", message.as_ref())).with_reference(reference)
    }

    /// The syntax tree of a rule, when the main file re-parses.
    pub fn ast_rule(&self, rule: usize) -> Option<&ast::Rule> {
        let index = self.rule_ast.get_or_init(|| {
            let mut index = HashMap::new();
            for (i, item) in self
                .ast()
                .map_or(&[][..], |f| &f.items[..])
                .iter()
                .enumerate()
            {
                if let ast::Item::Standard(s) = item {
                    for (j, r) in s.rules.iter().enumerate() {
                        index.insert(r.span, (i, j));
                    }
                }
            }
            index
        });
        let (i, j) = index.get(self.spans.rules.get(rule)?)?;
        match self.ast()?.items.get(*i)? {
            ast::Item::Standard(s) => s.rules.get(*j),
            _ => None,
        }
    }

    /// An event name with its selector: `lac_review#2`.
    pub fn selection(&self, s: &Selection) -> String {
        let name = self
            .policy
            .events
            .get(s.event as usize)
            .map_or("?", |e| e.name.as_str());
        match s.occurrence {
            Occurrence::Each => name.to_string(),
            Occurrence::Nth(n) => format!("{name}#{n}"),
            Occurrence::From(n) => format!("{name}#{n}+"),
            Occurrence::Last => format!("{name}#last"),
        }
    }

    /// A period's name.
    pub fn period(&self, p: u32) -> &str {
        self.policy
            .periods
            .get(p as usize)
            .map_or("?", |p| p.name.as_str())
    }

    /// An anchor in words, names in backticks: `` `icpc` ``, ``the start of `cp_plan` ``.
    pub fn anchor(&self, a: &Anchor) -> String {
        let list = |parts: &[Anchor]| {
            parts
                .iter()
                .map(|p| self.anchor(p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match a {
            Anchor::Event(s) => format!("`{}`", self.selection(s)),
            Anchor::Earliest(parts) => format!("the earliest of {}", list(parts)),
            Anchor::Latest(parts) => format!("the latest of {}", list(parts)),
            Anchor::PeriodStart(p) => format!("the start of `{}`", self.period(*p)),
            Anchor::PeriodEnd(p) => format!("the end of `{}`", self.period(*p)),
            Anchor::Birthday(n) => format!("the {n}th birthday"),
            Anchor::Age { months } => match months % 12 {
                0 => format!("age {}", months / 12),
                m => format!("age {} and {m} months", months / 12),
            },
            Anchor::PregnancyWeek(w) => format!("week {w} of pregnancy"),
            Anchor::Date(d) => d.to_string(),
            Anchor::DayOfYear { month, day } => format!("{day}/{month} every year"),
            Anchor::Month { year, month } => chrono::NaiveDate::from_ymd_opt(*year, *month, 1)
                .map_or_else(
                    || format!("{month}/{year}"),
                    |d| d.format("%B %Y").to_string(),
                ),
        }
    }

    /// Whether a span lies in the main file.
    pub fn in_main(&self, span: Span) -> bool {
        Some(span.file) == self.main_file()
    }
}

/// Where a rule writes a duration (found in the rule's text as written), or the whole rule.
pub fn duration_span(cx: &Context, rule: usize, d: &duly_runtime::duration::Duration) -> Span {
    let span = cx.rule_span(rule);
    let text = cx.sources.slice(span);
    let needle = d.written.trim();
    if needle.is_empty() {
        return span;
    }
    match text.find(needle) {
        Some(at) => Span::new(span.file, span.start + at..span.start + at + needle.len()),
        None => span,
    }
}

/// Joins phrases as a list: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
