//! CSV: `events.csv` (`case,event,at[,status][,attributes…]`) and optional
//! `children.csv` (`case,<child facts…>`).
//!
//! Rows of one case are usually adjacent (the export order), and then the reader
//! streams with memory bounded by the largest case; when they are not, the rows
//! are grouped in memory first. Empty cells are "not recorded".

use super::validate::{EventBuilder, Origin};
use super::{CaseResult, InputError};
use crate::case::{Case, Names, Value};
use crate::ir::Policy;
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Child facts per case id, read from `children.csv`.
pub type Children = HashMap<String, Vec<Option<Value>>>;

struct Columns {
    case: usize,
    event: usize,
    at: usize,
    status: Option<usize>,
    id: Option<usize>,
    /// Other columns: (index, name).
    attrs: Vec<(usize, String)>,
}

/// Streams cases from an events CSV.
pub struct CsvReader<'p, R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    file: String,
    policy: &'p Policy,
    names: Names<'p>,
    columns: Option<Columns>,
    children: Children,
    pending: Option<Case>,
    header_error: Option<InputError>,
    finished: HashSet<String>,
    done: bool,
}

fn csv_error(file: &str, e: &csv::Error) -> InputError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} columns but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "this row is not UTF-8 text".to_string(),
        _ => format!("cannot read this row: {e}"),
    };
    InputError {
        file: file.to_string(),
        line,
        column: None,
        case: None,
        message,
        help: Some(
            "every row needs the same columns as the header; quote cells that contain commas"
                .into(),
        ),
    }
}

impl<'p, R: Read> CsvReader<'p, R> {
    /// A reader over `reader`, naming `file` in errors, with child facts from `children`.
    pub fn new(reader: R, file: &str, policy: &'p Policy, children: Children) -> Self {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let names = Names::new(policy);
        let (columns, header_error) = match r.headers() {
            Ok(h) => match Self::columns(h, file, policy, &names) {
                Ok(c) => (Some(c), None),
                Err(e) => (None, Some(e)),
            },
            Err(e) => (None, Some(csv_error(file, &e))),
        };
        CsvReader {
            rows: r.into_records(),
            file: file.to_string(),
            policy,
            names,
            columns,
            children,
            pending: None,
            header_error,
            finished: HashSet::new(),
            done: false,
        }
    }

    fn columns(
        h: &csv::StringRecord,
        file: &str,
        policy: &Policy,
        names: &Names,
    ) -> Result<Columns, InputError> {
        let origin = Origin {
            file,
            line: 1,
            column: None,
            case: None,
        };
        let find = |name: &str| {
            h.iter()
                .position(|c| c.trim_start_matches('\u{feff}') == name)
        };
        let need = |name: &str| {
            find(name).ok_or_else(|| {
                origin.error(
                    format!("the header has no `{name}` column"),
                    Some("the header is `case,event,at[,status][,attribute columns…]`".into()),
                )
            })
        };
        let (case, event, at) = (need("case")?, need("event")?, need("at")?);
        let (status, id) = (find("status"), find("id"));
        let mut attrs = Vec::new();
        let known: HashSet<&str> = policy
            .events
            .iter()
            .flat_map(|e| e.attrs.iter().map(|a| a.name.as_str()))
            .collect();
        for (i, name) in h.iter().enumerate() {
            if [Some(case), Some(event), Some(at), status, id].contains(&Some(i)) {
                continue;
            }
            if !known.contains(name) {
                let help = duly_suggest(name, &known, names);
                return Err(Origin {
                    file,
                    line: 1,
                    column: Some(i as u64 + 1),
                    case: None,
                }
                .error(
                    format!("column `{name}` is not an attribute of any event"),
                    help,
                ));
            }
            attrs.push((i, name.to_string()));
        }
        Ok(Columns {
            case,
            event,
            at,
            status,
            id,
            attrs,
        })
    }

    fn row(
        &self,
        rec: &csv::StringRecord,
        cols: &Columns,
        case: &mut Case,
    ) -> Result<(), InputError> {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let origin = Origin {
            file: &self.file,
            line,
            column: None,
            case: Some(&case.id),
        };
        let b = EventBuilder {
            policy: self.policy,
            names: &self.names,
        };
        let cell = |i: usize| rec.get(i).unwrap_or("");
        let event = b.event(
            cell(cols.event),
            &Origin {
                column: Some(cols.event as u64 + 1),
                ..origin_copy(&origin)
            },
        )?;
        let at_text = cell(cols.at);
        let at = b.moment(
            at_text,
            &Origin {
                column: Some(cols.at as u64 + 1),
                ..origin_copy(&origin)
            },
        )?;
        let scheduled = b.scheduled(cols.status.map(cell), &origin)?;
        let mut occ = b.occurrence(event, at, at_text, scheduled);
        occ.id = cols
            .id
            .map(cell)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        for (i, name) in &cols.attrs {
            let raw = cell(*i);
            if raw.is_empty() {
                continue;
            }
            let o = Origin {
                column: Some(*i as u64 + 1),
                ..origin_copy(&origin)
            };
            let attr = b.attr(event, name, &o)?;
            occ.attrs[attr as usize] = Some(b.value(event, attr, raw, &o)?);
        }
        b.push(case, event, occ);
        Ok(())
    }

    fn finish(&mut self, mut case: Case) -> Case {
        if let Some(child) = self.children.remove(&case.id) {
            case.child = child;
        }
        case.sort(self.names.tz);
        case
    }
}

fn origin_copy<'a>(o: &Origin<'a>) -> Origin<'a> {
    Origin {
        file: o.file,
        line: o.line,
        column: o.column,
        case: o.case,
    }
}

fn duly_suggest(name: &str, known: &HashSet<&str>, _names: &Names) -> Option<String> {
    crate::suggest::closest(name, known.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

impl<R: Read> Iterator for CsvReader<'_, R> {
    type Item = CaseResult;

    fn next(&mut self) -> Option<CaseResult> {
        if let Some(e) = self.header_error.take() {
            self.done = true;
            return Some(Err(e));
        }
        let cols = self.columns.take()?;
        let result = loop {
            if self.done {
                break self.pending.take().map(|c| Ok(self.finish(c)));
            }
            let rec = match self.rows.next() {
                None => {
                    self.done = true;
                    continue;
                }
                Some(Err(e)) => break Some(Err(csv_error(&self.file, &e))),
                Some(Ok(rec)) => rec,
            };
            let id = rec.get(cols.case).unwrap_or("").to_string();
            if id.is_empty() {
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                break Some(Err(Origin {
                    file: &self.file,
                    line,
                    column: Some(cols.case as u64 + 1),
                    case: None,
                }
                .error("this row has no case identifier".into(), None)));
            }
            let switching = self.pending.as_ref().is_some_and(|c| c.id != id);
            let previous = if switching { self.pending.take() } else { None };
            if self.pending.is_none() {
                if self.finished.contains(&id) {
                    let line = rec.position().map(|p| p.line()).unwrap_or(0);
                    break Some(Err(Origin { file: &self.file, line, column: None, case: Some(&id) }.error(
                        "rows of this case are not adjacent".into(),
                        Some("sort the file by case, or let duly group it (it does so for files; standard input must be grouped)".into()),
                    )));
                }
                self.pending = Some(Case::new(id.clone(), self.policy));
            }
            let mut case = self.pending.take().expect("pending case set above");
            let row = self.row(&rec, &cols, &mut case);
            self.pending = Some(case);
            if let Some(prev) = previous {
                self.finished.insert(prev.id.clone());
                let done = self.finish(prev);
                if let Err(e) = row {
                    // Report the bad row after the finished case; keep the case it belongs to.
                    self.header_error = Some(e);
                }
                break Some(Ok(done));
            }
            if let Err(e) = row {
                break Some(Err(e));
            }
        };
        self.columns = Some(cols);
        result
    }
}

/// Whether the rows of each case are adjacent (then the file can be streamed).
pub fn rows_are_grouped<R: Read>(reader: R) -> bool {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let Ok(h) = r.headers() else { return true };
    let Some(col) = h
        .iter()
        .position(|c| c.trim_start_matches('\u{feff}') == "case")
    else {
        return true;
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut current = String::new();
    for rec in r.into_records().flatten() {
        let id = rec.get(col).unwrap_or("");
        if id != current {
            if !seen.insert(id.to_string()) {
                return false;
            }
            current = id.to_string();
        }
    }
    true
}

/// Sorts the rows of a CSV text by case (stable), so it can then be streamed.
pub fn group_rows(text: &str) -> Result<String, String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = r.headers().map_err(|e| e.to_string())?.clone();
    let col = header
        .iter()
        .position(|c| c.trim_start_matches('\u{feff}') == "case")
        .unwrap_or(0);
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<csv::StringRecord>> = HashMap::new();
    for rec in r.into_records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let id = rec.get(col).unwrap_or("").to_string();
        groups.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            Vec::new()
        });
        groups.get_mut(&id).expect("inserted above").push(rec);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(|e| e.to_string())?;
    for id in order {
        for rec in &groups[&id] {
            w.write_record(rec).map_err(|e| e.to_string())?;
        }
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// Reads `children.csv` into child facts per case.
pub fn read_children<R: Read>(
    reader: R,
    file: &str,
    policy: &Policy,
) -> Result<Children, Vec<InputError>> {
    let names = Names::new(policy);
    let b = EventBuilder {
        policy,
        names: &names,
    };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(reader);
    let header = r.headers().map_err(|e| vec![csv_error(file, &e)])?.clone();
    let mut errors = Vec::new();
    let Some(case_col) = header
        .iter()
        .position(|c| c.trim_start_matches('\u{feff}') == "case")
    else {
        return Err(vec![Origin {
            file,
            line: 1,
            column: None,
            case: None,
        }
        .error(
            "the header has no `case` column".into(),
            Some("the header is `case,<child facts…>`".into()),
        )]);
    };
    let mut facts = Vec::new();
    for (i, name) in header.iter().enumerate() {
        if i == case_col {
            continue;
        }
        match b.child_fact(
            name,
            &Origin {
                file,
                line: 1,
                column: Some(i as u64 + 1),
                case: None,
            },
        ) {
            Ok(idx) => facts.push((i, idx)),
            Err(e) => errors.push(e),
        }
    }
    let mut out = Children::new();
    for rec in r.into_records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(file, &e));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let id = rec.get(case_col).unwrap_or("").to_string();
        let mut values = vec![None; policy.child.len()];
        for &(col, idx) in &facts {
            let raw = rec.get(col).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            match b.child_value(
                idx,
                raw,
                &Origin {
                    file,
                    line,
                    column: Some(col as u64 + 1),
                    case: Some(&id),
                },
            ) {
                Ok(v) => values[idx as usize] = Some(v),
                Err(e) => errors.push(e),
            }
        }
        out.insert(id, values);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
