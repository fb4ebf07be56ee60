//! Diagnostics as text: human (miette), JSON Lines, GitHub annotations, SARIF 2.1.0.
//!
//! These return strings and never print; the CLI decides where they go.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::Sources;
use miette::{
    GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents, Report, SourceCode,
    SourceSpan, SpanContents,
};
use serde_json::{json, Value};

/// Renders one diagnostic for a person: the source snippet with labels, then notes
/// for places in other files, then the help line.
pub fn human(d: &Diagnostic, sources: &Sources) -> String {
    let file = d.file();
    let source = Snippets {
        name: sources.name(file).to_string(),
        text: sources.text(file).to_string(),
    };
    let report = Report::new(d.clone()).with_source_code(source);
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{}: {}\n", d.code.as_str(), d.message);
    }
    for l in d.related.iter().filter(|l| l.span.file != file) {
        let p = sources.position(l.span.file, l.span.start);
        out.push_str(&format!(
            "  note: {}:{}:{}: {}\n",
            sources.name(l.span.file),
            p.line,
            p.column,
            l.message
        ));
    }
    out
}

/// A named source whose snippets say how many lines they hold. miette 7.6 reports the lines
/// from the start of the file instead, which merges labels far apart in a long file (a
/// conflict between a summary table and the body) into one snippet of hundreds of lines.
struct Snippets {
    name: String,
    text: String,
}

impl SourceCode for Snippets {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        let lines = inner.data().iter().filter(|b| **b == b'\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            lines,
        )))
    }
}

fn label_json(l: &Label, sources: &Sources) -> Value {
    let (start, end) = sources.span_positions(l.span);
    json!({
        "file": sources.name(l.span.file),
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "message": l.message,
        "reference": l.reference,
    })
}

/// One JSON object for a diagnostic (the `json` format prints one per line).
pub fn json(d: &Diagnostic, sources: &Sources) -> Value {
    let (start, end) = sources.span_positions(d.primary.span);
    json!({
        "severity": d.severity().as_str(),
        "code": d.code.as_str(),
        "name": d.code.name(),
        "message": d.message,
        "file": sources.name(d.file()),
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "label": d.primary.message,
        "reference": d.primary.reference,
        "help": d.help,
        "related": d.related.iter().map(|l| label_json(l, sources)).collect::<Vec<_>>(),
    })
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A GitHub Actions workflow command, so the diagnostic appears on the pull request.
pub fn github(d: &Diagnostic, sources: &Sources) -> String {
    let (start, end) = sources.span_positions(d.primary.span);
    let level = match d.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.clone();
    for l in &d.related {
        let p = sources.position(l.span.file, l.span.start);
        let r = l
            .reference
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        message.push_str(&format!(
            "\n{}:{}{r}: {}",
            sources.name(l.span.file),
            p.line,
            l.message
        ));
    }
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(sources.name(d.file())),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&format!("{} {}", d.code.as_str(), d.code.name())),
        escape_data(&message)
    )
}

fn sarif_location(l: &Label, sources: &Sources) -> Value {
    let (start, end) = sources.span_positions(l.span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": sources.name(l.span.file).replace('\\', "/") },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }
    })
}

/// A whole SARIF 2.1.0 log for the diagnostics of one run.
pub fn sarif(diags: &[(&Diagnostic, &Sources)]) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.name(),
                "shortDescription": { "text": c.summary() },
                "helpUri": format!("https://duly.invalid/docs/diagnostics#{}", c.as_str().to_lowercase()),
                "defaultConfiguration": { "level": sarif_level(c.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|(d, sources)| {
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str(&format!(" Help: {h}"));
            }
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = sarif_location(l, sources);
                    loc["id"] = json!(i + 1);
                    let text = match &l.reference {
                        Some(r) => format!("{} (standard {r})", l.message),
                        None => l.message.clone(),
                    };
                    loc["message"] = json!({ "text": text });
                    loc
                })
                .collect();
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": sarif_level(d.severity()),
                "message": { "text": message },
                "locations": [sarif_location(&d.primary, sources)],
                "relatedLocations": related,
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "duly",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://duly.invalid/",
                "rules": rules,
            }},
            "results": results,
        }]
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
