//! JSON (one case, or an array of cases) and JSON Lines (one case per line).

use super::scalar::Scalar;
use super::validate::{EventBuilder, Origin};
use super::{CaseResult, InputError};
use crate::case::{Case, Names};
use crate::ir::Policy;
use serde::de::{MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value as Json};
use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase<'a> {
    case: Option<Json>,
    #[serde(default)]
    child: Option<Map<String, Json>>,
    #[serde(borrow, default)]
    events: Vec<&'a RawValue>,
}

/// Maps byte offsets in one text to 1-based line and column.
struct Lines {
    starts: Vec<usize>,
    first_line: u64,
}

impl Lines {
    fn new(text: &str, first_line: u64) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts, first_line }
    }

    fn at(&self, offset: usize) -> (u64, u64) {
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        (
            self.first_line + idx as u64,
            (offset - self.starts[idx]) as u64 + 1,
        )
    }
}

fn scalar_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One event record's fields in document order, borrowed from the text where
/// possible: far cheaper than a `serde_json::Map` per event.
struct EventFields<'a>(Vec<(Cow<'a, str>, Scalar<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for EventFields<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = EventFields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::with_capacity(4);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    fields.push((key, map.next_value::<Scalar<'de>>()?));
                }
                Ok(EventFields(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

/// Parses one case object whose text starts at `lines`' first line.
fn parse_case(
    text: &str,
    file: &str,
    first_line: u64,
    policy: &Policy,
    names: &Names,
) -> CaseResult {
    match super::fast::parse_case(text, policy, names) {
        Some(case) => Ok(case),
        None => parse_case_carefully(text, file, first_line, policy, names),
    }
}

/// The careful path: slower, and says exactly what is wrong and where. Public
/// so tests can hold the fast path ([`parse_line`]) to it.
pub fn parse_case_carefully(
    text: &str,
    file: &str,
    first_line: u64,
    policy: &Policy,
    names: &Names,
) -> CaseResult {
    let lines = &Lines::new(text, first_line);
    let b = EventBuilder { policy, names };
    let raw: RawCase = serde_json::from_str(text).map_err(|e| {
        let (line, column) = (lines.first_line + e.line().saturating_sub(1) as u64, e.column() as u64);
        InputError {
            file: file.to_string(),
            line,
            column: Some(column),
            case: None,
            message: format!("not a valid case: {e}"),
            help: Some("a case is {\"case\": \"C-1\", \"child\": {…}, \"events\": [{\"event\": \"…\", \"at\": \"2026-11-02\"}]}".into()),
        }
    })?;
    let id = match raw.case.as_ref().and_then(scalar_text) {
        Some(id) => id,
        None => {
            return Err(InputError {
                file: file.to_string(),
                line: lines.first_line,
                column: None,
                case: None,
                message: "a case has no `case` identifier".into(),
                help: Some("add \"case\": \"C-1001\"".into()),
            })
        }
    };
    let mut case = Case::new(id.clone(), policy);
    let case_origin = Origin {
        file,
        line: lines.first_line,
        column: None,
        case: Some(&id),
    };
    if let Some(child) = &raw.child {
        for (k, v) in child {
            let index = b.child_fact(k, &case_origin)?;
            if v.is_null() {
                continue;
            }
            let text = scalar_text(v).ok_or_else(|| {
                case_origin.error(format!("child fact `{k}` must be a single value"), None)
            })?;
            case.child[index as usize] = Some(b.child_value(index, &text, &case_origin)?);
        }
    }
    for (i, ev) in raw.events.iter().enumerate() {
        let offset = ev.get().as_ptr() as usize - text.as_ptr() as usize;
        let (line, column) = lines.at(offset);
        let origin = Origin {
            file,
            line,
            column: Some(column),
            case: Some(&id),
        };
        let fields: EventFields = serde_json::from_str(ev.get()).map_err(|_| {
            origin.error(
                format!("events[{i}] is not an object"),
                Some(
                    "each event is {\"event\": \"…\", \"at\": \"…\", \"attribute\": value}".into(),
                ),
            )
        })?;
        if let Some(k) = fields
            .0
            .iter()
            .enumerate()
            .find(|(j, (k, _))| fields.0[..*j].iter().any(|(seen, _)| seen == k))
            .map(|(_, (k, _))| k)
        {
            return Err(origin.error(
                format!("events[{i}] gives `{k}` twice"),
                Some("keep one of them: a record has one value per field".into()),
            ));
        }
        let field = |key: &str| fields.0.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let name = field("event")
            .and_then(Scalar::as_str)
            .ok_or_else(|| origin.error(format!("events[{i}] has no \"event\" name"), None))?;
        let event = b.event(name, &origin)?;
        let at_text = field("at").and_then(Scalar::as_str).ok_or_else(|| {
            origin.error(
                format!("`{name}` has no \"at\" date"),
                Some("add \"at\": \"2026-11-02\"".into()),
            )
        })?;
        let at = b.moment(at_text, &origin)?;
        let scheduled = b.scheduled(field("status").and_then(Scalar::as_str), &origin)?;
        let mut occ = b.occurrence(event, at, at_text, scheduled);
        for (k, v) in &fields.0 {
            match k.as_ref() {
                "event" | "at" | "status" => {}
                _ if matches!(v, Scalar::Compound) => {
                    return Err(origin.error(format!("`{k}` must be a single value"), None));
                }
                "id" => occ.id = v.text().map(Cow::into_owned),
                _ => {
                    let attr = b.attr(event, k, &origin)?;
                    let Some(raw) = v.text() else { continue };
                    occ.attrs[attr as usize] = Some(b.value(event, attr, &raw, &origin)?);
                }
            }
        }
        b.push(&mut case, event, occ);
    }
    case.sort(names.tz);
    Ok(case)
}

/// Reads a JSON document: one case object, or an array of them.
pub fn read_json_document(text: &str, file: &str, policy: &Policy) -> Vec<CaseResult> {
    let names = Names::new(policy);
    let lines = Lines::new(text, 1);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[') {
        let items: Vec<&RawValue> = match serde_json::from_str(trimmed) {
            Ok(items) => items,
            Err(e) => {
                return vec![Err(InputError {
                    file: file.to_string(),
                    line: e.line() as u64,
                    column: Some(e.column() as u64),
                    case: None,
                    message: format!("not valid JSON: {e}"),
                    help: Some("check for a missing comma, bracket or quote near here".into()),
                })]
            }
        };
        return items
            .into_iter()
            .map(|item| {
                let offset = item.get().as_ptr() as usize - text.as_ptr() as usize;
                let (line, _) = lines.at(offset);
                parse_case(item.get(), file, line, policy, &names)
            })
            .collect();
    }
    vec![parse_case(
        trimmed,
        file,
        lines.at(text.len() - trimmed.len()).0,
        policy,
        &names,
    )]
}

/// Streams JSON Lines: one case per non-blank line, one case in memory at a time.
pub struct JsonLinesReader<'p, R> {
    reader: R,
    file: String,
    policy: &'p Policy,
    names: Names<'p>,
    line_no: u64,
    buf: String,
}

impl<'p, R: BufRead> JsonLinesReader<'p, R> {
    /// A reader over `reader`, naming `file` in errors.
    pub fn new(reader: R, file: &str, policy: &'p Policy) -> Self {
        JsonLinesReader {
            reader,
            file: file.to_string(),
            policy,
            names: Names::new(policy),
            line_no: 0,
            buf: String::new(),
        }
    }
}

impl<R: BufRead> Iterator for JsonLinesReader<'_, R> {
    type Item = CaseResult;

    fn next(&mut self) -> Option<CaseResult> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            match self.reader.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(InputError {
                        file: self.file.clone(),
                        line: self.line_no,
                        column: None,
                        case: None,
                        message: format!("cannot read: {e}"),
                        help: Some("case files are UTF-8 text".into()),
                    }))
                }
            }
            let line = self
                .buf
                .trim_end_matches(['\n', '\r'])
                .trim_start_matches('\u{feff}');
            if line.trim().is_empty() {
                continue;
            }
            return Some(parse_case(
                line,
                &self.file,
                self.line_no,
                self.policy,
                &self.names,
            ));
        }
    }
}

/// Parses one line of a JSON Lines file (numbered `line_no`) into a case. Readers that
/// parse on several threads split lines with [`RawLines`] and call this on each.
pub fn parse_line(
    text: &str,
    file: &str,
    line_no: u64,
    policy: &Policy,
    names: &Names,
) -> CaseResult {
    parse_case(text, file, line_no, policy, names)
}

/// Splits a JSON Lines stream into its non-blank lines and their numbers, without parsing.
pub struct RawLines<R> {
    reader: R,
    line_no: u64,
}

impl<R: BufRead> RawLines<R> {
    /// Lines of `reader`.
    pub fn new(reader: R) -> Self {
        RawLines { reader, line_no: 0 }
    }
}

impl<R: BufRead> Iterator for RawLines<R> {
    type Item = std::io::Result<(u64, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut buf = String::new();
            self.line_no += 1;
            match self.reader.read_line(&mut buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            let trimmed = buf.trim_end_matches(['\n', '\r']);
            if trimmed.trim().is_empty() {
                continue;
            }
            let len = trimmed.len();
            buf.truncate(len);
            let text = match buf.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => buf,
            };
            return Some(Ok((self.line_no, text)));
        }
    }
}
