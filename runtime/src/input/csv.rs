//! CSV: `events.csv` (`case,event,at[,status][,attributes…]`) and optional
//! `children.csv` (`case,<child facts…>`).
//!
//! Rows of one case are usually adjacent (the export order), and then the reader
//! streams with memory bounded by the largest case; when they are not, the rows
//! are grouped in memory first. Empty cells are "not recorded".

use super::csv_split::{field, fields, Fields, Record, Records};
use super::validate::{EventBuilder, Origin};
use super::{CaseResult, InputError};
use crate::case::{Case, Names, Value};
use crate::ir::Policy;
use std::borrow::Cow;
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
    /// Columns in the header: every row must have as many.
    width: usize,
    children: Arc<Children>,
}

/// The rows of one case, split off the file by [`CsvGroups`] on the reading
/// thread; [`CsvSchema::build`] turns them into a case on any thread.
pub struct CsvGroup {
    /// The case identifier.
    pub id: String,
    /// The rows as the file has them, back to back: two allocations a case.
    rows: Vec<u8>,
    /// Per row: where it ends in `rows`, and its line in the file.
    ends: Vec<(usize, u64)>,
    /// Rows the reading thread could not take (not UTF-8 where it read them).
    errors: Vec<InputError>,
}

impl CsvGroup {
    fn new(id: String) -> CsvGroup {
        CsvGroup {
            id,
            rows: Vec::new(),
            ends: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn push(&mut self, record: &Record) {
        self.rows.extend_from_slice(record.bytes);
        self.ends.push((self.rows.len(), record.line));
    }

    /// Each row's bytes and line.
    fn rows(&self) -> impl Iterator<Item = (&[u8], u64)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, line)| {
            let row = &self.rows[start..end];
            start = end;
            (row, line)
        })
    }
}

/// Splits an events CSV into the rows of each case. The rows of a case must be
/// adjacent; a case whose rows reappear later is an error.
pub struct CsvGroups<R: Read> {
    records: Records<R>,
    file: String,
    case_column: usize,
    pending: Option<CsvGroup>,
    /// Hashes of the ids of cases already handed out: 8 bytes a case, not the id itself.
    finished: HashSet<u64>,
    queued: Option<InputError>,
}

fn io_error(file: &str, e: &std::io::Error) -> InputError {
    InputError {
        file: file.to_string(),
        line: 0,
        column: None,
        case: None,
        message: format!("cannot read: {e}"),
        help: None,
    }
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
        let mut records = Records::new(reader);
        let header = match records.next_record() {
            Err(e) => return Err(io_error(file, &e)),
            Ok(None) => csv::StringRecord::new(),
            Ok(Some(r)) => {
                let names: Result<Vec<String>, _> = fields(r.bytes)
                    .into_iter()
                    .map(|f| String::from_utf8(f.into_owned()))
                    .collect();
                match names {
                    Ok(names) => csv::StringRecord::from(names),
                    Err(_) => {
                        return Err(Origin {
                            file,
                            line: 1,
                            column: None,
                            case: None,
                        }
                        .error(
                            "the header is not UTF-8 text".into(),
                            Some("save the file as UTF-8".into()),
                        ))
                    }
                }
            }
        };
        let columns = Self::columns(&header, file, policy)?;
        let width = header.len();
        let groups = CsvGroups {
            records,
            file: file.to_string(),
            case_column: columns.case,
            pending: None,
            finished: HashSet::new(),
            queued: None,
        };
        let schema = CsvSchema {
            file: file.to_string(),
            columns,
            width,
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
        mut group: CsvGroup,
        policy: &Policy,
        names: &Names,
    ) -> Result<Case, Vec<InputError>> {
        let mut errors = std::mem::take(&mut group.errors);
        let mut case = Case::new(std::mem::take(&mut group.id), policy);
        let mut cells = Vec::with_capacity(self.width);
        for (row, line) in group.rows() {
            let result = self.cells(row, line, &mut cells).and_then(|()| {
                let cell = |c: usize| cells.get(c).map_or("", |s: &Cow<str>| &**s);
                self.row(line, &cell, policy, names, &mut case)
            });
            if let Err(e) = result {
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

    /// A row's cells into `cells`, checked: as many as the header has, and UTF-8 text.
    fn cells<'r>(
        &self,
        row: &'r [u8],
        line: u64,
        cells: &mut Vec<Cow<'r, str>>,
    ) -> Result<(), InputError> {
        let origin = Origin {
            file: &self.file,
            line,
            column: None,
            case: None,
        };
        cells.clear();
        let mut text = true;
        for f in Fields::new(row) {
            let cell = match f {
                Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed).ok(),
                Cow::Owned(v) => String::from_utf8(v).map(Cow::Owned).ok(),
            };
            text &= cell.is_some();
            cells.push(cell.unwrap_or_default());
        }
        if cells.len() != self.width {
            return Err(origin.error(
                format!(
                    "this row has {} columns but the header has {}",
                    cells.len(),
                    self.width
                ),
                Some(
                    "every row needs the same columns as the header; quote cells that contain commas"
                        .into(),
                ),
            ));
        }
        if !text {
            return Err(origin.error(
                "this row is not UTF-8 text".into(),
                Some("save the file as UTF-8".into()),
            ));
        }
        Ok(())
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
            let record = match self.records.next_record() {
                Ok(Some(r)) => r,
                Ok(None) => return self.pending.take().map(Ok),
                Err(e) => {
                    // A read failure does not go away: report it and stop.
                    self.queued = Some(io_error(&self.file, &e));
                    let done = self.pending.take().map(Ok);
                    return done.or_else(|| self.queued.take().map(Err));
                }
            };
            let line = record.line;
            let error = |message: &str, column: Option<usize>| {
                Origin {
                    file: &self.file,
                    line,
                    column: column.map(|c| c as u64 + 1),
                    case: None,
                }
                .error(message.into(), None)
            };
            let id = field(record.bytes, self.case_column).unwrap_or_default();
            let Ok(id) = std::str::from_utf8(&id) else {
                let e = error("this row is not UTF-8 text", None);
                match &mut self.pending {
                    Some(group) => group.errors.push(e),
                    None => return Some(Err(e)),
                }
                continue;
            };
            if id.is_empty() {
                return Some(Err(error(
                    "this row has no case identifier",
                    Some(self.case_column),
                )));
            }
            if let Some(group) = &mut self.pending {
                if group.id == id {
                    group.push(&record);
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
            let mut next = CsvGroup::new(id);
            next.push(&record);
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
    id_hash_bytes(id.as_bytes())
}

fn id_hash_bytes(id: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// Whether the rows of each case are adjacent (then the file can be streamed).
/// Reads only as far into each row as its case column.
pub fn rows_are_grouped<R: Read>(reader: R) -> bool {
    let mut records = Records::new(reader);
    let Ok(Some(header)) = records.next_record() else {
        return true;
    };
    let Some(col) = fields(header.bytes)
        .iter()
        .position(|c| c.strip_prefix("\u{feff}".as_bytes()).unwrap_or(c) == b"case")
    else {
        return true;
    };
    let mut seen: HashSet<u64> = HashSet::new();
    let mut current: Vec<u8> = Vec::new();
    while let Ok(Some(record)) = records.next_record() {
        let id = field(record.bytes, col).unwrap_or_default();
        if *id != *current {
            if !seen.insert(id_hash_bytes(&id)) {
                return false;
            }
            current.clear();
            current.extend_from_slice(&id);
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
