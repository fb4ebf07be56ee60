//! One child's case history, validated against a policy's declarations.
//!
//! Readers (`input`) build these; evaluation (`eval`) reads them. Event names are
//! interned to `EventId`s once, when the case is read.

use crate::ir::{AttrType, EventId, Policy};
use crate::reckon::{local_instant, Moment};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use std::collections::HashMap;

/// An attribute or child-fact value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `true`/`false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// Text.
    Text(String),
    /// An enumeration value, by index.
    Enum(u32),
}

/// One recorded occurrence of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    /// When.
    pub at: Moment,
    /// `at` as the case data wrote it, for output.
    pub written: String,
    /// Booked but not yet held.
    pub scheduled: bool,
    /// Attribute values by the event's attribute index (`None`: not recorded).
    pub attrs: Vec<Option<Value>>,
    /// The record's own id, if given.
    pub id: Option<String>,
}

/// A case: the child's facts and every event, grouped by event and sorted by time.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The case identifier.
    pub id: String,
    /// Child facts by the policy's child attribute index.
    pub child: Vec<Option<Value>>,
    /// Occurrences per event id, in time order.
    pub events: Vec<Vec<Occurrence>>,
}

impl Case {
    /// An empty case for `policy`.
    pub fn new(id: String, policy: &Policy) -> Case {
        Case {
            id,
            child: vec![None; policy.child.len()],
            events: vec![Vec::new(); policy.events.len()],
        }
    }

    /// Sorts each event's occurrences by time (input need not be sorted). A date-only
    /// record sorts as the end of its day.
    pub fn sort(&mut self, tz: Tz) {
        let order = |a: &Occurrence, b: &Occurrence| match (&a.at, &b.at) {
            // Dates compare as dates: no timezone arithmetic for the usual case.
            (Moment::Date(x), Moment::Date(y)) => x.cmp(y),
            (x, y) => x.instant_in(tz).cmp(&y.instant_in(tz)),
        };
        for occs in &mut self.events {
            if !occs.is_sorted_by(|a, b| order(a, b).is_le()) {
                occs.sort_by(order);
            }
        }
    }

    /// Occurrences of an event.
    pub fn occurrences(&self, event: EventId) -> &[Occurrence] {
        self.events
            .get(event as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Looks event names up once per policy, not once per row.
pub struct Names<'p> {
    /// Event name to id.
    pub events: HashMap<&'p str, EventId>,
    /// Per event: attribute name to index.
    pub attrs: Vec<HashMap<&'p str, u32>>,
    /// Child fact name to index.
    pub child: HashMap<&'p str, u32>,
    /// The policy's timezone.
    pub tz: Tz,
}

impl<'p> Names<'p> {
    /// Builds the lookup tables.
    pub fn new(policy: &'p Policy) -> Names<'p> {
        Names {
            events: policy
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.name.as_str(), i as EventId))
                .collect(),
            attrs: policy
                .events
                .iter()
                .map(|e| {
                    e.attrs
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (a.name.as_str(), i as u32))
                        .collect()
                })
                .collect(),
            child: policy
                .child
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name.as_str(), i as u32))
                .collect(),
            tz: policy.timezone.parse().unwrap_or(chrono_tz::Europe::London),
        }
    }
}

/// Parses an ISO date quickly and strictly (`2026-02-30` is an error).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// The common `YYYY-MM-DDTHH:MM` form, parsed without a format string (the
/// general parser below takes the other forms).
fn parse_local_minutes(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let two = |i: usize| -> Option<u32> {
        let (h, l) = (b[i], b[i + 1]);
        (h.is_ascii_digit() && l.is_ascii_digit())
            .then(|| u32::from(h - b'0') * 10 + u32::from(l - b'0'))
    };
    parse_date(&s[..10])?.and_hms_opt(two(11)?, two(14)?, 0)
}

/// Parses an event's `at`: a date, a local date-time in the policy's timezone,
/// or a date-time with offset (`Z`, `+01:00`).
pub fn parse_moment(s: &str, tz: Tz) -> Result<Moment, String> {
    if s.len() == 10 {
        return parse_date(s)
            .map(Moment::Date)
            .ok_or_else(|| format!("`{s}` is not a real date"));
    }
    if let Some(n) = parse_local_minutes(s) {
        return Ok(Moment::Instant(local_instant(tz, n)));
    }
    let has_offset = s.ends_with('Z')
        || s.get(16..)
            .is_some_and(|rest| rest.contains('+') || rest.contains('-'));
    if has_offset {
        for fmt in [
            "%Y-%m-%dT%H:%M:%S%.f%:z",
            "%Y-%m-%dT%H:%M%:z",
            "%Y-%m-%dT%H:%M:%S%.fZ",
            "%Y-%m-%dT%H:%MZ",
        ] {
            let parsed = if fmt.ends_with('Z') {
                NaiveDateTime::parse_from_str(s, fmt).map(|n| n.and_utc().fixed_offset())
            } else {
                DateTime::parse_from_str(s, fmt)
            };
            if let Ok(dt) = parsed {
                return Ok(Moment::Instant(dt.with_timezone(&tz)));
            }
        }
        return Err(format!(
            "`{s}` is not a date-time (expected e.g. 2026-11-02T10:30+00:00)"
        ));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Moment::Instant(local_instant(tz, n)));
        }
    }
    Err(format!(
        "`{s}` is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)"
    ))
}

/// Converts a textual cell (CSV) or JSON scalar rendered as text into a typed value.
pub fn parse_value(raw: &str, ty: &AttrType) -> Result<Value, String> {
    match ty {
        AttrType::Bool => match raw.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "n" | "0" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "`{raw}` is not true/false (also accepted: yes/no, y/n, 1/0)"
            )),
        },
        AttrType::Number => raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Value::Number)
            .ok_or_else(|| format!("`{raw}` is not a number")),
        AttrType::Date => parse_date(raw.trim())
            .map(Value::Date)
            .ok_or_else(|| format!("`{raw}` is not a real date (YYYY-MM-DD)")),
        AttrType::Text => Ok(Value::Text(raw.to_string())),
        AttrType::Enum(values) => values
            .iter()
            .position(|v| v == raw)
            .map(|i| Value::Enum(i as u32))
            .ok_or_else(|| format!("`{raw}` is not one of {}", values.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            parse_date("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-2-3"), None);
        assert_eq!(parse_date("20x6-02-03"), None);
    }

    #[test]
    fn moments_in_three_shapes() {
        let tz = chrono_tz::Europe::London;
        assert!(matches!(
            parse_moment("2026-11-02", tz),
            Ok(Moment::Date(_))
        ));
        let local = parse_moment("2026-07-01T10:30", tz).unwrap();
        let utc = parse_moment("2026-07-01T09:30Z", tz).unwrap();
        assert_eq!(local, utc, "10:30 BST is 09:30 UTC");
        let offset = parse_moment("2026-07-01T10:30:00+01:00", tz).unwrap();
        assert_eq!(local, offset);
        assert!(parse_moment("2026-13-01T10:30", tz).is_err());
    }

    proptest::proptest! {
        /// The hand-written `YYYY-MM-DDTHH:MM` parser agrees with chrono's on
        /// every string of that shape, valid or not.
        #[test]
        fn minute_parser_agrees_with_chrono(
            s in "[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]",
        ) {
            let chrono = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M").ok();
            proptest::prop_assert_eq!(parse_local_minutes(&s), chrono);
        }
    }

    #[test]
    fn booleans_accept_the_documented_spellings() {
        for t in ["true", "YES", "y", "1"] {
            assert_eq!(parse_value(t, &AttrType::Bool), Ok(Value::Bool(true)));
        }
        for f in ["false", "No", "N", "0"] {
            assert_eq!(parse_value(f, &AttrType::Bool), Ok(Value::Bool(false)));
        }
        assert!(parse_value("maybe", &AttrType::Bool).is_err());
    }
}
