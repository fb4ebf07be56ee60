//! The table as Markdown: a heading per section and a pipe table of its rules.
//! Cell text is escaped so that labels and quotes can never break the table.

use super::{starts_standard, Table};
use std::fmt::Write;

/// Renders the whole table as one Markdown document.
pub fn render(table: &Table, with_quotes: bool) -> String {
    let mut out = format!("# {}\n\n", escape(&table.title));
    if let Some(v) = &table.version {
        let _ = writeln!(out, "Version: {}\n", escape(v));
    }
    for note in &table.notes {
        let _ = writeln!(out, "- {}", escape(note));
    }
    for group in &table.groups {
        let _ = write!(out, "\n## {}\n\n", escape(&group.heading));
        if with_quotes {
            out.push_str("| Task | Timescale | Reference | Responsibility | Source passage |\n");
            out.push_str("|---|---|---|---|---|\n");
        } else {
            out.push_str("| Task | Timescale | Reference | Responsibility |\n");
            out.push_str("|---|---|---|---|\n");
        }
        for (i, row) in group.rows.iter().enumerate() {
            let owner = row.owner.as_deref().map_or("—".to_string(), escape);
            let _ = write!(
                out,
                "| {} | {} | {} | {} |",
                escape(&row.task),
                escape(&row.timescale),
                escape(&row.reference),
                owner
            );
            if with_quotes {
                let quote = match (&row.quote, starts_standard(&group.rows, i)) {
                    (Some(q), true) => escape(q),
                    (Some(_), false) => "(as above)".to_string(),
                    (None, _) => "—".to_string(),
                };
                let _ = write!(out, " {quote} |");
            }
            out.push('\n');
        }
    }
    out
}

/// Escapes Markdown syntax and folds line breaks, so a cell stays one cell.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            // An underscore inside a word (`family_support_unit`) is never emphasis in GFM.
            let inside_word = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|n| n.is_alphanumeric())
            };
            let intraword = c == '_' && inside_word(i.checked_sub(1)) && inside_word(Some(i + 1));
            if matches!(c, '\\' | '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']') && !intraword {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_pipes_emphasis_and_newlines() {
        assert_eq!(escape("a | b\n*c*  d_e _f_"), r"a \| b \*c\* d_e \_f\_");
        assert_eq!(escape("<script>"), r"\<script\>");
    }
}
