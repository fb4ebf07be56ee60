//! Durations as policies state them: an amount and a unit.
//! The one place that turns a duration into a date is `reckon`; this module only describes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The unit a policy measures a timescale in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Elapsed hours, DST-aware in the policy's timezone.
    Hours,
    /// Calendar days.
    Days,
    /// Working days: Monday to Friday, less bank holidays and closure days.
    WorkingDays,
    /// Weeks of seven calendar days.
    Weeks,
    /// Calendar months, clamped to the end of a shorter month.
    Months,
    /// Calendar years (twelve months).
    Years,
}

impl Unit {
    /// The unit's name for `amount` of it, e.g. "working day" / "working days".
    pub fn name(self, amount: u32) -> &'static str {
        let one = amount == 1;
        match self {
            Unit::Hours if one => "hour",
            Unit::Hours => "hours",
            Unit::Days if one => "day",
            Unit::Days => "days",
            Unit::WorkingDays if one => "working day",
            Unit::WorkingDays => "working days",
            Unit::Weeks if one => "week",
            Unit::Weeks => "weeks",
            Unit::Months if one => "month",
            Unit::Months => "months",
            Unit::Years if one => "year",
            Unit::Years => "years",
        }
    }
}

/// A timescale length: `15 working days`, `6 weeks`, `3 months`.
///
/// Fractions are normalised by the compiler into a smaller unit
/// (`15½ years` becomes 186 months); `written` keeps the author's words for tables.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Duration {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
    /// The duration as the policy wrote it (`six weeks`, `15½ years`), for tables and explanations.
    pub written: String,
}

impl Duration {
    /// A duration whose written form is the canonical `N unit(s)`.
    pub fn new(amount: u32, unit: Unit) -> Duration {
        Duration {
            amount,
            unit,
            written: format!("{amount} {}", unit.name(amount)),
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.name(self.amount))
    }
}

/// How working days are counted from an anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// The anchor's own date is day 0; day 1 is the first working day after it (the default).
    #[default]
    AnchorIsDayZero,
    /// The anchor's own date is day 1 when it is a working day ("the timescale starts on Day 2" is the other way round).
    AnchorIsDayOne,
}

impl Counting {
    /// A sentence naming the convention, for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Counting::AnchorIsDayZero => "the anchor's own date is day 0",
            Counting::AnchorIsDayOne => "the anchor's own date is day 1 when it is a working day",
        }
    }
}

/// Whether a timescale runs forward from its anchor or back from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `within D of E`: E + D.
    After,
    /// `at least D before E`: E − D.
    Before,
}
