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
use std::sync::Arc;

/// Child facts per case id, read from `children.csv`, packed for large caseloads:
/// one id string and one row of values a case, in two flat vectors (a million
/// children take about 70 MB rather than 150 MB as a map of vectors).
#[derive(Debug, Default)]
pub struct Children {
    index: HashMap<Box<str>, u32>,
    /// Each case's facts, `width` at a time, in the order of the file.
    values: Vec<Option<Value>>,
    width: usize,
}

impl Children {
    /// No child facts.
    pub fn new() -> Children {
        Children::default()
    }

    /// The facts of case `id`, if `children.csv` has a row for it.
    pub fn get(&self, id: &str) -> Option<&[Option<Value>]> {
        let row = *self.index.get(id)? as usize;
        self.values.get(row * self.width..(row + 1) * self.width)
    }

    /// Adds case `id`'s facts; `false` (and nothing added) if it is already there.
    fn insert(&mut self, id: &str, facts: Vec<Option<Value>>) -> bool {
        if self.index.contains_key(id) {
            return false;
        }
        self.width = facts.len();
        self.index.insert(id.into(), self.index.len() as u32);
        self.values.extend(facts);
        true
    }

    /// How many cases have facts.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no case has facts.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

struct Columns {
    case: usize,
    event: usize,
    at: usize,
    status: Option<usize>,
    id: Option<usize>,
    /// Other columns: (index, name).
    attrs: Vec<(usize, String)>,
}

/// The layout of an events CSV, read from its header: which column holds what.
/// Shared by the threads that build cases from [`CsvGroup`]s.
pub struct CsvSchema {
    file: String,
    columns: Columns,
    children: Arc<Children>,
}

/// The rows of one case, split off the file by [`CsvGroups`] on the reading
/// thread; [`CsvSchema::build`] turns them into a case on any thread.
pub struct CsvGroup {
    /// The case identifier.
    pub id: String,
    /// The rows' cells, back to back: two allocations a case, not one a row.
    rows: Rows,
    /// Rows the CSV layer could not read (wrong column count, not UTF-8).
    errors: Vec<InputError>,
}

/// The cells of several rows of the same width, in one buffer.
struct Rows {
    text: String,
    /// Per row: its line in the file, then the end offset of each cell in `text`.
    ends: Vec<usize>,
    lines: Vec<u64>,
    width: usize,
}

impl Rows {
    fn new(width: usize) -> Rows {
        Rows {
            text: String::new(),
            ends: Vec::new(),
            lines: Vec::new(),
            width,
        }
    }

    fn push(&mut self, line: u64, cells: &[&str]) {
        self.lines.push(line);
        for cell in cells {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
        }
    }

    /// Cell `c` of row `r` (empty past the row's end).
    fn cell(&self, r: usize, c: usize) -> &str {
        if c >= self.width {
            return "";
        }
        let i = r * self.width + c;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// Splits an events CSV into the rows of each case. The rows of a case must be
/// adjacent; a case whose rows reappear later is an error.
pub struct CsvGroups<R: Read> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
    file: String,
    case_column: usize,
    width: usize,
    pending: Option<CsvGroup>,
    /// Hashes of the ids of cases already handed out: 8 bytes a case, not the id itself.
    finished: HashSet<u64>,
    queued: Option<InputError>,
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

impl CsvSchema {
    /// Reads the header of `reader`, naming `file` in errors, and returns the
    /// schema with the groups of rows that follow it.
    pub fn read<R: Read>(
        reader: R,
        file: &str,
        policy: &Policy,
        children: Arc<Children>,
    ) -> Result<(CsvSchema, CsvGroups<R>), InputError> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let header = r.headers().map_err(|e| csv_error(file, &e))?.clone();
        let columns = Self::columns(&header, file, policy)?;
        let groups = CsvGroups {
            width: header.len(),
            reader: r,
            record: csv::ByteRecord::new(),
            file: file.to_string(),
            case_column: columns.case,
            pending: None,
            finished: HashSet::new(),
            queued: None,
        };
        let schema = CsvSchema {
            file: file.to_string(),
            columns,
            children,
        };
        Ok((schema, groups))
    }

    fn columns(h: &csv::StringRecord, file: &str, policy: &Policy) -> Result<Columns, InputError> {
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
                let help = crate::suggest::closest(name, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
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

    /// Builds the case from its rows, validating every cell. A case with any bad
    /// row is not built: every bad row is reported instead.
    pub fn build(
        &self,
        group: CsvGroup,
        policy: &Policy,
        names: &Names,
    ) -> Result<Case, Vec<InputError>> {
        let mut errors = group.errors;
        let mut case = Case::new(group.id, policy);
        for r in 0..group.rows.lines.len() {
            let cell = |c: usize| group.rows.cell(r, c);
            if let Err(e) = self.row(group.rows.lines[r], &cell, policy, names, &mut case) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Some(child) = self.children.get(&case.id) {
            case.child = child.to_vec();
        }
        case.sort(names.tz);
        Ok(case)
    }

    fn row<'r>(
        &self,
        line: u64,
        cell: &impl Fn(usize) -> &'r str,
        policy: &Policy,
        names: &Names,
        case: &mut Case,
    ) -> Result<(), InputError> {
        let cols = &self.columns;
        let origin = Origin {
            file: &self.file,
            line,
            column: None,
            case: Some(&case.id),
        };
        let at_column = |i: usize| Origin {
            column: Some(i as u64 + 1),
            ..origin
        };
        let b = EventBuilder { policy, names };
        let event = b.event(cell(cols.event), &at_column(cols.event))?;
        let at_text = cell(cols.at);
        let at = b.moment(at_text, &at_column(cols.at))?;
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
            let o = at_column(*i);
            let attr = b.attr(event, name, &o)?;
            occ.attrs[attr as usize] = Some(b.value(event, attr, raw, &o)?);
        }
        b.push(case, event, occ);
        Ok(())
    }
}

impl<R: Read> Iterator for CsvGroups<R> {
    type Item = Result<CsvGroup, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.queued.take() {
            return Some(Err(e));
        }
        loop {
            let line = match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return self.pending.take().map(Ok),
                Ok(true) => self.record.position().map(|p| p.line()).unwrap_or(0),
                Err(e) => {
                    let io = matches!(e.kind(), csv::ErrorKind::Io(_));
                    let e = csv_error(&self.file, &e);
                    if io {
                        // A read failure does not go away: report it and stop.
                        self.queued = Some(e);
                        return self
                            .pending
                            .take()
                            .map(Ok)
                            .or_else(|| self.queued.take().map(Err));
                    }
                    match &mut self.pending {
                        Some(group) => group.errors.push(e),
                        None => return Some(Err(e)),
                    }
                    continue;
                }
            };
            let cells: Result<Vec<&str>, _> = self.record.iter().map(std::str::from_utf8).collect();
            let Ok(cells) = cells else {
                let e = Origin {
                    file: &self.file,
                    line,
                    column: None,
                    case: None,
                }
                .error(
                    "this row is not UTF-8 text".into(),
                    Some("save the file as UTF-8".into()),
                );
                match &mut self.pending {
                    Some(group) => group.errors.push(e),
                    None => return Some(Err(e)),
                }
                continue;
            };
            let id = cells.get(self.case_column).copied().unwrap_or("");
            if id.is_empty() {
                let e = Origin {
                    file: &self.file,
                    line,
                    column: Some(self.case_column as u64 + 1),
                    case: None,
                }
                .error("this row has no case identifier".into(), None);
                return Some(Err(e));
            }
            if let Some(group) = &mut self.pending {
                if group.id == id {
                    group.rows.push(line, &cells);
                    continue;
                }
            }
            let id = id.to_string();
            if self.finished.contains(&id_hash(&id)) {
                let e = Origin { file: &self.file, line, column: None, case: Some(&id) }.error(
                    "rows of this case are not adjacent".into(),
                    Some("sort the file by case, or let duly group it (it does so for files; standard input must be grouped)".into()),
                );
                match self.pending.take() {
                    Some(done) => {
                        self.queued = Some(e);
                        return Some(Ok(done));
                    }
                    None => return Some(Err(e)),
                }
            }
            self.finished.insert(id_hash(&id));
            let mut rows = Rows::new(self.width);
            rows.push(line, &cells);
            let next = CsvGroup {
                id,
                rows,
                errors: Vec::new(),
            };
            if let Some(done) = self.pending.replace(next) {
                return Some(Ok(done));
            }
        }
    }
}

/// Streams cases from an events CSV on one thread: [`CsvGroups`] and
/// [`CsvSchema::build`] together, for inputs too small to be worth spreading.
pub struct CsvReader<'p, R: Read> {
    policy: &'p Policy,
    names: Names<'p>,
    parts: Result<(CsvSchema, CsvGroups<R>), Option<InputError>>,
    errors: std::vec::IntoIter<InputError>,
}

impl<'p, R: Read> CsvReader<'p, R> {
    /// A reader over `reader`, naming `file` in errors, with child facts from `children`.
    pub fn new(reader: R, file: &str, policy: &'p Policy, children: Arc<Children>) -> Self {
        CsvReader {
            policy,
            names: Names::new(policy),
            parts: CsvSchema::read(reader, file, policy, children).map_err(Some),
            errors: Vec::new().into_iter(),
        }
    }
}

impl<R: Read> Iterator for CsvReader<'_, R> {
    type Item = CaseResult;

    fn next(&mut self) -> Option<CaseResult> {
        if let Some(e) = self.errors.next() {
            return Some(Err(e));
        }
        let (schema, groups) = match &mut self.parts {
            Ok(parts) => parts,
            Err(e) => return e.take().map(Err),
        };
        match groups.next()? {
            Err(e) => Some(Err(e)),
            Ok(group) => match schema.build(group, self.policy, &self.names) {
                Ok(case) => Some(Ok(case)),
                Err(errors) => {
                    self.errors = errors.into_iter();
                    self.errors.next().map(Err)
                }
            },
        }
    }
}

/// A case id's hash, to remember which cases were seen without keeping their ids.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
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
    let mut seen: HashSet<u64> = HashSet::new();
    let mut current = String::new();
    for rec in r.into_records().flatten() {
        let id = rec.get(col).unwrap_or("");
        if id != current {
            if !seen.insert(id_hash(id)) {
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
        if !out.insert(&id, values) {
            errors.push(
                Origin {
                    file,
                    line,
                    column: Some(case_col as u64 + 1),
                    case: Some(&id),
                }
                .error(
                    "this case already has a row in this file".into(),
                    Some("keep one row of child facts per case".into()),
                ),
            );
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
