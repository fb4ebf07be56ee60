//! The "timescales at a glance" table: one row per rule, grouped by section, worded from the IR.
//! `build` makes the rows (all wording lives in `wording`); `markdown`, `html` and `csv` print them.

mod csv;
mod html;
mod markdown;
pub mod wording;

use duly_runtime::duration::Counting;
use duly_runtime::ir::Policy;

/// A policy's table, ready to print in any format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The policy's title.
    pub title: String,
    /// The policy's version, as written.
    pub version: Option<String>,
    /// How to read the table (working days, counting), one sentence each.
    pub notes: Vec<String>,
    /// Rows grouped by section, in document order.
    pub groups: Vec<Group>,
}

/// The rows of one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The section heading as written, or "General" for standards before any section.
    pub heading: String,
    /// One row per rule.
    pub rows: Vec<Row>,
}

/// One rule, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index of the rule's standard, so renderers can tell rows of one standard apart.
    pub standard: u32,
    /// The standard's reference in the document (`6.1`, `table.3`).
    pub reference: String,
    /// The standard's title, if any.
    pub title: Option<String>,
    /// The task's label (with its occurrence in words).
    pub task: String,
    /// The timescale, generated from the rule.
    pub timescale: String,
    /// Who is responsible.
    pub owner: Option<String>,
    /// The source passage, verbatim.
    pub quote: Option<String>,
}

/// How a table is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Markdown document with one pipe table per section.
    Markdown,
    /// One self-contained, printable HTML page.
    Html,
    /// One row per rule with a header line.
    Csv,
}

/// Builds the table of a compiled policy. Standards without rules have no timescale and no row.
pub fn build(policy: &Policy) -> Table {
    let mut groups: Vec<(Option<u32>, Group)> = Vec::new();
    for rule in &policy.rules {
        let standard = policy.standards.get(rule.standard as usize);
        let section = standard.and_then(|s| s.section);
        let row = Row {
            standard: rule.standard,
            reference: standard.map_or_else(String::new, |s| s.reference.clone()),
            title: standard.and_then(|s| s.title.clone()),
            task: wording::task(policy, rule),
            timescale: wording::timescale(policy, rule),
            owner: standard.and_then(|s| s.owner.clone()),
            quote: standard.and_then(|s| s.quote.clone()),
        };
        match groups.iter_mut().find(|(key, _)| *key == section) {
            Some((_, group)) => group.rows.push(row),
            None => {
                let heading = section
                    .and_then(|i| policy.sections.get(i as usize))
                    .cloned()
                    .unwrap_or_else(|| "General".to_string());
                groups.push((
                    section,
                    Group {
                        heading,
                        rows: vec![row],
                    },
                ));
            }
        }
    }
    Table {
        title: policy.title.clone(),
        version: policy.version.clone(),
        notes: notes(policy),
        groups: groups.into_iter().map(|(_, g)| g).collect(),
    }
}

/// Prints a table. `with_quotes` adds each standard's source passage beside its rows.
pub fn render(table: &Table, format: Format, with_quotes: bool) -> Result<String, String> {
    match format {
        Format::Markdown => Ok(markdown::render(table, with_quotes)),
        Format::Html => Ok(html::render(table, with_quotes)),
        Format::Csv => csv::render(table, with_quotes),
    }
}

/// The sentences that say how the timescales are counted.
fn notes(policy: &Policy) -> Vec<String> {
    let mut notes = vec![
        "Timescales are worded from the policy's rules, not copied from the document.".to_string(),
    ];
    let mut working = format!(
        "Working days are Monday to Friday, excluding bank holidays in {}",
        region(&policy.calendar.division)
    );
    let closed: Vec<String> = policy
        .calendar
        .closed
        .iter()
        .map(|(from, to)| {
            if from == to {
                wording::date(*from)
            } else {
                format!("{} to {}", wording::date(*from), wording::date(*to))
            }
        })
        .collect();
    if !closed.is_empty() {
        working.push_str(&format!(" and the closure days {}", closed.join(", ")));
    }
    working.push('.');
    notes.push(working);
    notes.push(
        match policy.counting {
            Counting::AnchorIsDayZero => {
                "Counting starts the day after the event: the event's own date is day 0."
            }
            Counting::AnchorIsDayOne => {
                "The event's own date counts as day 1 when it is a working day."
            }
        }
        .to_string(),
    );
    notes
}

/// "england-and-wales" → "England and Wales".
fn region(division: &str) -> String {
    division
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w == "and" {
                w.to_string()
            } else {
                wording::sentence_case(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether this row is the first of its standard (the previous row belongs to another).
fn starts_standard(rows: &[Row], i: usize) -> bool {
    i == 0 || rows.get(i - 1).map(|r| r.standard) != rows.get(i).map(|r| r.standard)
}

/// How many consecutive rows from `i` belong to the same standard as row `i`.
fn standard_run(rows: &[Row], i: usize) -> usize {
    let Some(first) = rows.get(i) else { return 0 };
    rows[i..]
        .iter()
        .take_while(|r| r.standard == first.standard)
        .count()
}
