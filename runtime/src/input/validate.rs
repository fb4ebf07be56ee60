//! Turning raw names and values into a typed [`Case`], with precise errors.

use super::InputError;
use crate::case::{parse_moment, parse_value, Case, Names, Occurrence, Value};
use crate::ir::Policy;
use crate::reckon::Moment;
use crate::suggest::closest;

/// Where a value came from, for error messages.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub file: &'a str,
    pub line: u64,
    pub column: Option<u64>,
    pub case: Option<&'a str>,
}

impl Origin<'_> {
    pub(crate) fn error(&self, message: String, help: Option<String>) -> InputError {
        InputError {
            file: self.file.to_string(),
            line: self.line,
            column: self.column,
            case: self.case.map(str::to_string),
            message,
            help,
        }
    }
}

fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// Adds one event record to a case.
pub(crate) struct EventBuilder<'p, 'n> {
    pub policy: &'p Policy,
    pub names: &'n Names<'p>,
}

impl EventBuilder<'_, '_> {
    /// Resolves an event name.
    pub(crate) fn event(&self, name: &str, origin: &Origin) -> Result<u32, InputError> {
        self.names.events.get(name).copied().ok_or_else(|| {
            origin.error(
                format!("`{name}` is not an event of this policy"),
                did_you_mean(name, self.names.events.keys().copied()).or_else(|| {
                    Some(
                        "the policy declares its events with `event NAME`; `duly table` lists them"
                            .into(),
                    )
                }),
            )
        })
    }

    /// Parses `at`.
    pub(crate) fn moment(&self, at: &str, origin: &Origin) -> Result<Moment, InputError> {
        parse_moment(at, self.names.tz).map_err(|m| {
            origin.error(
                m,
                Some("write dates as 2026-11-02 or date-times as 2026-11-02T10:30".into()),
            )
        })
    }

    /// Parses `status`.
    pub(crate) fn scheduled(
        &self,
        status: Option<&str>,
        origin: &Origin,
    ) -> Result<bool, InputError> {
        match status {
            None | Some("") | Some("occurred") => Ok(false),
            Some("scheduled") => Ok(true),
            Some(other) => Err(origin.error(
                format!("status `{other}` is neither `occurred` nor `scheduled`"),
                did_you_mean(other, ["occurred", "scheduled"]),
            )),
        }
    }

    /// Index of an attribute of `event`.
    pub(crate) fn attr(&self, event: u32, name: &str, origin: &Origin) -> Result<u32, InputError> {
        let table = &self.names.attrs[event as usize];
        table.get(name).copied().ok_or_else(|| {
            let ev = &self.policy.events[event as usize].name;
            let help = did_you_mean(name, table.keys().copied()).unwrap_or_else(|| {
                if table.is_empty() {
                    format!("`{ev}` declares no attributes")
                } else {
                    let mut names: Vec<&str> = table.keys().copied().collect();
                    names.sort();
                    format!("`{ev}` declares: {}", names.join(", "))
                }
            });
            origin.error(
                format!("`{name}` is not an attribute of `{ev}`"),
                Some(help),
            )
        })
    }

    /// Parses a textual attribute value.
    pub(crate) fn value(
        &self,
        event: u32,
        attr: u32,
        raw: &str,
        origin: &Origin,
    ) -> Result<Value, InputError> {
        let decl = &self.policy.events[event as usize].attrs[attr as usize];
        parse_value(raw, &decl.ty).map_err(|m| {
            let help = match &decl.ty {
                crate::ir::AttrType::Enum(values) => {
                    did_you_mean(raw, values.iter().map(String::as_str))
                }
                _ => None,
            };
            origin.error(format!("{}: {m}", decl.name), help)
        })
    }

    /// Index of a child fact.
    pub(crate) fn child_fact(&self, name: &str, origin: &Origin) -> Result<u32, InputError> {
        self.names.child.get(name).copied().ok_or_else(|| {
            origin.error(
                format!("`{name}` is not a child fact of this policy"),
                did_you_mean(name, self.names.child.keys().copied())
                    .or_else(|| Some("the policy declares child facts in `child { … }`".into())),
            )
        })
    }

    /// Parses a textual child fact.
    pub(crate) fn child_value(
        &self,
        index: u32,
        raw: &str,
        origin: &Origin,
    ) -> Result<Value, InputError> {
        let decl = &self.policy.child[index as usize];
        parse_value(raw, &decl.ty).map_err(|m| origin.error(format!("{}: {m}", decl.name), None))
    }

    /// Appends an occurrence.
    pub(crate) fn push(&self, case: &mut Case, event: u32, occ: Occurrence) {
        case.events[event as usize].push(occ);
    }

    /// A fresh occurrence with no attributes recorded.
    pub(crate) fn occurrence(
        &self,
        event: u32,
        at: Moment,
        written: &str,
        scheduled: bool,
    ) -> Occurrence {
        Occurrence {
            at,
            written: written.to_string(),
            scheduled,
            attrs: vec![None; self.policy.events[event as usize].attrs.len()],
            id: None,
        }
    }
}
