//! The table as CSV, one row per rule, for spreadsheets and other tools.
//! Columns: section, reference, standard, task, timescale, responsibility[, quote].

use super::Table;

/// Renders the table as CSV with a header line.
pub fn render(table: &Table, with_quotes: bool) -> Result<String, String> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "section",
        "reference",
        "standard",
        "task",
        "timescale",
        "responsibility",
    ];
    if with_quotes {
        header.push("quote");
    }
    writer.write_record(&header).map_err(|e| e.to_string())?;
    for group in &table.groups {
        for row in &group.rows {
            let mut record = vec![
                group.heading.as_str(),
                row.reference.as_str(),
                row.title.as_deref().unwrap_or_default(),
                row.task.as_str(),
                row.timescale.as_str(),
                row.owner.as_deref().unwrap_or_default(),
            ];
            if with_quotes {
                record.push(row.quote.as_deref().unwrap_or_default());
            }
            writer.write_record(&record).map_err(|e| e.to_string())?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
