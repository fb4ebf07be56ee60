//! The one diagnostic model: every error and warning the compiler reports.
//!
//! A diagnostic is data (code, message, labelled spans, help); it implements
//! miette's `Diagnostic` for the human renderer, and the JSON, GitHub and SARIF
//! renderers read the same fields. Library code returns these and never prints.

use crate::codes::Code;
use crate::source::{FileId, Span};
use miette::{LabeledSpan, Severity as MietteSeverity, SourceSpan};
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a check.
    Info,
    /// A likely mistake or a finding; fails only with `--deny-warnings`.
    Warning,
    /// The policy cannot be compiled.
    Error,
}

impl Severity {
    /// Lower-case name, as JSON output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A labelled place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub message: String,
    /// The standard reference of the rule at this place (`6.1`, `table.3`), if any.
    pub reference: Option<String>,
}

impl Label {
    /// A label without a standard reference.
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
            reference: None,
        }
    }

    /// The same label, naming the standard it belongs to.
    pub fn with_reference(mut self, reference: impl Into<String>) -> Label {
        self.reference = Some(reference.into());
        self
    }
}

/// One diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `E003`.
    pub code: Code,
    /// What is wrong, in the author's terms.
    pub message: String,
    /// The main place.
    pub primary: Label,
    /// Every other place involved (the other rule in a conflict, the earlier declaration).
    pub related: Vec<Label>,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with a primary label and no help yet.
    pub fn new(code: Code, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
        }
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a related label.
    pub fn with_related(mut self, label: Label) -> Diagnostic {
        self.related.push(label);
        self
    }

    /// The diagnostic's severity (fixed by its code).
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The file of the primary label.
    pub fn file(&self) -> FileId {
        self.primary.span.file
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::from(span.start..span.end)
}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(match self.severity() {
            Severity::Info => MietteSeverity::Advice,
            Severity::Warning => MietteSeverity::Warning,
            Severity::Error => MietteSeverity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    /// Labels in the primary label's file; the renderer shows the others as notes.
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = self.file();
        let primary = std::iter::once(LabeledSpan::new_primary_with_span(
            Some(self.primary.message.clone()),
            source_span(self.primary.span),
        ));
        let related = self
            .related
            .iter()
            .filter(move |l| l.span.file == file)
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), source_span(l.span)));
        Some(Box::new(primary.chain(related)))
    }
}

/// Every diagnostic of a compilation, with helpers for the exit-code decision.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity() == Severity::Error)
    }

    /// Whether any is a warning.
    pub fn has_warnings(&self) -> bool {
        self.0.iter().any(|d| d.severity() == Severity::Warning)
    }

    /// Sorts by file and position so output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by_key(|d| (d.primary.span, d.code));
    }
}
