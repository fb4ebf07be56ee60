//! School terms (`term "Autumn 2025" from 2025-09-03 to 2025-12-19`): checked
//! for real dates, order, overlaps and repeated names, then sorted into the IR.

use super::Checker;
use crate::ast::{self, Item};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::FileId;
use duly_runtime::ir;
use duly_runtime::reckon::format_date;

impl Checker<'_> {
    /// Gathers the `term` declarations of every file (a policy may `use` a file
    /// of term dates) into `policy.terms`, in date order.
    pub(super) fn terms(&mut self, files: &[(FileId, ast::File)]) {
        let mut kept: Vec<(&ast::TermDecl, ir::Term)> = Vec::new();
        for (_, f) in files {
            for item in &f.items {
                let Item::Term(t) = item else { continue };
                if let Some((first, _)) = kept.iter().find(|(k, _)| k.name.value == t.name.value) {
                    let first = first.name.span;
                    self.error(
                        Diagnostic::new(
                            Code::E022,
                            format!("the term “{}” is declared twice", t.name.value),
                            Label::new(t.name.span, "second declaration"),
                        )
                        .with_related(Label::new(first, "first declaration"))
                        .with_help("give each term its own name, with its year: `term \"Autumn 2026\" from …`"),
                    );
                    continue;
                }
                let (Some(start), Some(end)) = (self.date(&t.start), self.date(&t.end)) else {
                    continue;
                };
                if end < start {
                    self.error(
                        Diagnostic::new(
                            Code::E022,
                            format!("the term “{}” ends before it starts", t.name.value),
                            Label::new(t.end.span, "earlier than the first day"),
                        )
                        .with_related(Label::new(t.start.span, "first day"))
                        .with_help(format!(
                            "write the first day first: `term \"{}\" from {} to {}`",
                            t.name.value, end, start
                        )),
                    );
                    continue;
                }
                let overlap = kept
                    .iter()
                    .find(|(_, k)| k.start <= end && start <= k.end)
                    .map(|(d, k)| (d.span, k.clone()));
                if let Some((other_span, other)) = overlap {
                    self.error(
                        Diagnostic::new(
                            Code::E022,
                            format!(
                                "the term “{}” ({} to {}) overlaps the term “{}” ({} to {})",
                                t.name.value,
                                format_date(start),
                                format_date(end),
                                other.name,
                                format_date(other.start),
                                format_date(other.end)
                            ),
                            Label::new(t.span, "this term"),
                        )
                        .with_related(Label::new(other_span, "overlaps this one"))
                        .with_help("terms cannot share a day; correct the dates from the authority's published term calendar"),
                    );
                    continue;
                }
                kept.push((
                    t,
                    ir::Term {
                        name: t.name.value.clone(),
                        start,
                        end,
                    },
                ));
            }
        }
        let mut terms: Vec<ir::Term> = kept.into_iter().map(|(_, t)| t).collect();
        terms.sort_by_key(|t| t.start);
        self.policy.terms = terms;
    }
}
