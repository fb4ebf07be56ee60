//! Reads bank holidays in gov.uk's `bank-holidays.json` format into [`CalendarData`].
//!
//! The compiler embeds the result in the IR, so a compiled policy carries its own calendar.

use crate::ir::{CalendarData, Holiday};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The bank holidays shipped with duly (`policies/calendars/bank-holidays.json`).
pub const SHIPPED: &str = include_str!("../../policies/calendars/bank-holidays.json");

#[derive(Deserialize)]
struct Division {
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawEvent {
    title: String,
    date: String,
}

/// Why a holiday file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayError {
    /// Not valid gov.uk JSON.
    #[error("not a gov.uk bank-holidays file: {0}")]
    Format(String),
    /// The division is not in the file.
    #[error("the file has no division `{given}` (it has: {})", available.join(", "))]
    UnknownDivision {
        /// What was asked for.
        given: String,
        /// What the file has.
        available: Vec<String>,
    },
    /// A date in the file does not exist.
    #[error("the file lists an impossible date `{0}`")]
    BadDate(String),
}

/// Accepts `england_and_wales` as well as gov.uk's `england-and-wales`.
pub fn division_key(name: &str) -> String {
    name.replace('_', "-")
}

/// Reads one division of a gov.uk `bank-holidays.json` text.
pub fn read_gov_uk(json: &str, division: &str, source: &str) -> Result<CalendarData, HolidayError> {
    let all: BTreeMap<String, Division> =
        serde_json::from_str(json).map_err(|e| HolidayError::Format(e.to_string()))?;
    let key = division_key(division);
    let Some(div) = all.get(&key) else {
        return Err(HolidayError::UnknownDivision {
            given: division.to_string(),
            available: all.keys().cloned().collect(),
        });
    };
    let mut holidays = Vec::with_capacity(div.events.len());
    for e in &div.events {
        let date = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d")
            .map_err(|_| HolidayError::BadDate(e.date.clone()))?;
        holidays.push(Holiday {
            date,
            title: e.title.clone(),
        });
    }
    holidays.sort_by_key(|h| h.date);
    let covered_years = match (holidays.first(), holidays.last()) {
        (Some(first), Some(last)) => (first.date.year(), last.date.year()),
        _ => {
            return Err(HolidayError::Format(format!(
                "division `{key}` lists no holidays"
            )))
        }
    };
    Ok(CalendarData {
        source: source.to_string(),
        division: key,
        holidays,
        covered_years,
        closed: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_file() {
        let c = read_gov_uk(SHIPPED, "england_and_wales", "shipped").unwrap();
        assert_eq!(c.covered_years, (2015, 2030));
        let boxing = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        assert!(
            c.holidays.iter().any(|h| h.date == boxing),
            "substitute Boxing Day 2026"
        );
    }

    #[test]
    fn unknown_division_lists_the_real_ones() {
        let e = read_gov_uk(SHIPPED, "wales", "shipped").unwrap_err();
        assert!(e.to_string().contains("england-and-wales"), "{e}");
    }

    #[test]
    fn garbage_is_a_format_error() {
        assert!(matches!(
            read_gov_uk("{", "scotland", "x"),
            Err(HolidayError::Format(_))
        ));
    }
}
