//! The table as one self-contained HTML page: no scripts, no external files, print-ready.
//! One captioned `<table>` per section; every piece of policy text is escaped.

use super::{standard_run, starts_standard, Table};
use std::fmt::Write;

/// The page's stylesheet: readable on screen, A4 landscape on paper.
const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; line-height: 1.45; margin: 0 auto; max-width: 78rem; padding: 1.5rem 1.25rem 3rem; }
header h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.version { margin: 0 0 .75rem; color: #4a4a4a; }
.notes { margin: 0 0 1.5rem; padding-left: 1.2rem; font-size: .92rem; color: #333; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2rem; font-size: .93rem; }
caption { text-align: left; caption-side: top; padding: 0 0 .5rem; }
caption h2 { font-size: 1.2rem; margin: 0; }
th, td { border: 1px solid #9aa5b1; padding: .45rem .6rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; hyphens: auto; }
thead th { background: #dfe7ef; font-weight: 700; }
tbody th { font-weight: 600; }
tbody tr:nth-child(even) > * { background: #f4f7fa; }
td.ref { font-variant-numeric: tabular-nums; }
tbody tr > td.quote { font-size: .93em; color: #333; background: #fbfaf5; }
td.quote q { quotes: "\201C" "\201D"; }
.none { color: #6b6b6b; }
col.task { width: 26%; } col.timescale { width: 44%; } col.ref { width: 10%; } col.owner { width: 20%; }
table.quotes col.task { width: 16%; } table.quotes col.timescale { width: 27%; }
table.quotes col.ref { width: 10%; } table.quotes col.owner { width: 12%; } table.quotes col.quote { width: 35%; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 9pt; break-inside: auto; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  caption, thead, caption h2 { break-after: avoid; }
  tbody tr:first-child { break-before: avoid; }
  tbody tr:nth-child(even) > * { background: none; }
  tbody tr > td.quote { background: none; }
}
"#;

/// Renders the whole page.
pub fn render(table: &Table, with_quotes: bool) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n");
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>{} — timescales at a glance</title>",
        escape(&table.title)
    );
    let _ = writeln!(
        out,
        "<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<header>"
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&table.title));
    if let Some(v) = &table.version {
        let _ = writeln!(out, "<p class=\"version\">Version: {}</p>", escape(v));
    }
    out.push_str("<ul class=\"notes\">\n");
    for note in &table.notes {
        let _ = writeln!(out, "<li>{}</li>", escape(note));
    }
    out.push_str("</ul>\n</header>\n");
    for (n, group) in table.groups.iter().enumerate() {
        section(&mut out, n + 1, group, with_quotes);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// One section's table, captioned by its heading.
fn section(out: &mut String, n: usize, group: &super::Group, with_quotes: bool) {
    let class = if with_quotes { " class=\"quotes\"" } else { "" };
    let _ = writeln!(out, "<table{class} id=\"section-{n}\">");
    let _ = writeln!(
        out,
        "<caption><h2>{}</h2></caption>",
        escape(&group.heading)
    );
    out.push_str("<colgroup><col class=\"task\"><col class=\"timescale\"><col class=\"ref\"><col class=\"owner\">");
    if with_quotes {
        out.push_str("<col class=\"quote\">");
    }
    out.push_str("</colgroup>\n<thead><tr><th scope=\"col\">Task</th><th scope=\"col\">Timescale</th><th scope=\"col\">Reference</th><th scope=\"col\">Responsibility</th>");
    if with_quotes {
        out.push_str("<th scope=\"col\">Source passage</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in group.rows.iter().enumerate() {
        let owner = match &row.owner {
            Some(o) => escape(o),
            None => "<span class=\"none\">Not stated</span>".to_string(),
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"ref\">{}</td><td>{owner}</td>",
            escape(&row.task),
            escape(&row.timescale),
            escape(&row.reference),
        );
        if with_quotes && starts_standard(&group.rows, i) {
            let span = standard_run(&group.rows, i);
            let rowspan = if span > 1 {
                format!(" rowspan=\"{span}\"")
            } else {
                String::new()
            };
            let quote = match &row.quote {
                Some(q) => format!("<q>{}</q>", escape(q)),
                None => "<span class=\"none\">No passage recorded</span>".to_string(),
            };
            let _ = write!(out, "<td class=\"quote\"{rowspan}>{quote}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    crate::html::Esc(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::super::{Group, Row, Table};
    use super::{escape, render};

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<b onclick="x">Tom & 'Jerry'</b>"#),
            "&lt;b onclick=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    fn row(standard: u32, quote: &str) -> Row {
        Row {
            standard,
            reference: "1.1".into(),
            title: None,
            task: "<Task>".into(),
            timescale: "Within 5 days of the A & B".into(),
            owner: None,
            quote: Some(quote.into()),
        }
    }

    #[test]
    fn page_is_accessible_and_escaped() {
        let table = Table {
            title: "Policy <script>alert(1)</script>".into(),
            version: None,
            notes: vec![],
            groups: vec![Group {
                heading: "1. Front door".into(),
                rows: vec![row(0, "q1"), row(0, "q1"), row(1, "q2")],
            }],
        };
        let page = render(&table, true);
        assert!(!page.contains("<script>"));
        assert!(page.contains("<caption><h2>1. Front door</h2></caption>"));
        assert!(page.contains("<th scope=\"row\">&lt;Task&gt;</th>"));
        assert!(page.contains("A &amp; B"));
        assert_eq!(page.matches("rowspan=\"2\"").count(), 1);
        assert_eq!(page.matches("<q>").count(), 2);
        assert!(page.contains("@media print"));
    }
}
