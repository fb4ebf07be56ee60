//! How many calendar days a duration can span under the policy's own calendar: the
//! bridge that lets lints compare `2 weeks` with `10 working days` or `3 months`.
//!
//! Ranges are measured, not estimated: every anchor date in the years the policy's
//! bank-holiday data covers is tried with the runtime's own arithmetic (working days
//! through its calendar, closures included; months through its clamping rule), so the
//! bounds are exact for those years. Hours become days as the runtime reckons them from
//! a date-only anchor, widened by an hour either way for clock changes.

use chrono::{Datelike, Days as ChronoDays, NaiveDate};
use duly_runtime::calendar::Calendar;
use duly_runtime::duration::{Counting, Direction, Duration, Unit};
use duly_runtime::ir::Policy;
use duly_runtime::reckon::add_months;
use std::cell::RefCell;
use std::collections::HashMap;

/// An inclusive range of whole calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    /// The fewest calendar days the duration can span.
    pub min: i64,
    /// The most.
    pub max: i64,
}

impl DayRange {
    /// `N days` or `N to M days`, for messages.
    pub fn words(self) -> String {
        let plural = |n: i64| if n == 1 { "day" } else { "days" };
        if self.min == self.max {
            format!("{} {}", self.min, plural(self.min))
        } else {
            format!("{} to {} days", self.min, self.max)
        }
    }

    /// Whether the two ranges are "the same timescale in other words": they overlap, or
    /// the gap between them is at most a tenth of the shorter one (`12 weeks` is 84 days,
    /// `3 months` 89 to 92: a restatement, not a different limit).
    pub fn near(self, other: DayRange) -> bool {
        let gap = (self.min - other.max).max(other.min - self.max);
        gap <= 0 || gap * 10 <= self.min.max(other.min)
    }
}

/// The canonical unit family of a duration: weeks are days, years are months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Elapsed hours.
    Hours,
    /// Calendar days (and weeks).
    Days,
    /// Working days.
    WorkingDays,
    /// Calendar months (and years).
    Months,
}

/// A duration in its family's smallest unit: `2 weeks` is `(14, Days)`.
pub fn canonical(d: &Duration) -> (i64, Family) {
    let n = i64::from(d.amount);
    match d.unit {
        Unit::Hours => (n, Family::Hours),
        Unit::Days => (n, Family::Days),
        Unit::Weeks => (n * 7, Family::Days),
        Unit::WorkingDays => (n, Family::WorkingDays),
        Unit::Months => (n, Family::Months),
        Unit::Years => (n * 12, Family::Months),
    }
}

/// Calendar-day ranges for one policy, cached per duration and counting convention.
pub struct DayRanges {
    calendar: Calendar,
    counting: Counting,
    first: NaiveDate,
    last: NaiveDate,
    cache: RefCell<HashMap<(i64, Family, bool, bool), DayRange>>,
}

impl DayRanges {
    /// Ranges under `policy`'s calendar, closures and counting convention.
    pub fn new(policy: &Policy) -> DayRanges {
        let (a, b) = policy.calendar.covered_years;
        let covered = NaiveDate::from_ymd_opt(a, 1, 1)
            .zip(NaiveDate::from_ymd_opt(b, 12, 31))
            .filter(|(f, l)| f <= l && b - a < 60);
        // Without usable holiday data the sample is a leap-year cycle, and working days
        // fall back to the weekend-only bounds below.
        let (first, last) = covered.unwrap_or_else(|| {
            (
                NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2031, 12, 31).unwrap_or_default(),
            )
        });
        DayRanges {
            calendar: Calendar::from_data(&policy.calendar),
            counting: policy.counting,
            first,
            last,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// Every anchor date the ranges are measured over.
    pub fn sample(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(|d| *d <= self.last)
    }

    /// The calendar date `d` after (or before) `from`, as the runtime reckons it; hours
    /// count from the end of `from`'s day. `None` past the calendar's coverage.
    pub fn end(&self, from: NaiveDate, d: &Duration, dir: Direction) -> Option<NaiveDate> {
        let (n, family) = canonical(d);
        let shift = |days: u64| match dir {
            Direction::After => from.checked_add_days(ChronoDays::new(days)),
            Direction::Before => from.checked_sub_days(ChronoDays::new(days)),
        };
        match family {
            Family::Hours => shift((n as u64).div_ceil(24)),
            Family::Days => shift(n as u64),
            Family::Months => {
                let m = i32::try_from(n).ok()?;
                let m = if dir == Direction::Before { -m } else { m };
                // add_months panics only beyond chrono's range; the sample is far inside it.
                Some(add_months(from, m).0)
            }
            Family::WorkingDays => self
                .calendar
                .add_working_days(from, d.amount, dir, self.counting)
                .ok(),
        }
    }

    /// How many calendar days `d` can span, counted in direction `dir` under the
    /// policy's counting convention.
    pub fn range(&self, d: &Duration, dir: Direction) -> DayRange {
        self.range_counting(d, dir, self.counting)
    }

    /// The range as the runtime reckons from a date-only anchor, for comparing how two
    /// statements read: hours are exactly `⌈H/24⌉` days (`24 hours` is the next day,
    /// not "0 to 2 days"); every other unit is its [`DayRanges::range`].
    pub fn nominal(&self, d: &Duration, dir: Direction) -> DayRange {
        match canonical(d) {
            (n, Family::Hours) => {
                let days = (n + 23) / 24;
                DayRange {
                    min: days,
                    max: days,
                }
            }
            _ => self.range(d, dir),
        }
    }

    /// As [`DayRanges::range`], under a given counting convention (a standard may state its own).
    pub fn range_counting(&self, d: &Duration, dir: Direction, counting: Counting) -> DayRange {
        let (n, family) = canonical(d);
        let key = (
            n,
            family,
            dir == Direction::Before,
            counting == Counting::AnchorIsDayOne,
        );
        if let Some(r) = self.cache.borrow().get(&key) {
            return *r;
        }
        let r = match family {
            Family::Hours => DayRange {
                min: (n - 1).max(0) / 24,
                max: (n + 1 + 23) / 24,
            },
            Family::Days => DayRange { min: n, max: n },
            Family::Months | Family::WorkingDays => {
                self.measured(d, dir, counting).unwrap_or_else(|| {
                    if family == Family::Months {
                        DayRange {
                            min: n * 28,
                            max: n * 31,
                        }
                    } else {
                        weekend_only(n)
                    }
                })
            }
        };
        self.cache.borrow_mut().insert(key, r);
        r
    }

    /// The range over every sampled anchor date.
    fn measured(&self, d: &Duration, dir: Direction, counting: Counting) -> Option<DayRange> {
        let mut out: Option<DayRange> = None;
        for from in self.sample() {
            let end = if d.unit == Unit::WorkingDays {
                self.calendar
                    .add_working_days(from, d.amount, dir, counting)
                    .ok()
            } else {
                self.end(from, d, dir)
            };
            let Some(end) = end else { continue };
            out = Some(widen(out, (end - from).num_days().abs()));
        }
        out
    }
}

fn widen(r: Option<DayRange>, span: i64) -> DayRange {
    match r {
        None => DayRange {
            min: span,
            max: span,
        },
        Some(r) => DayRange {
            min: r.min.min(span),
            max: r.max.max(span),
        },
    }
}

/// Bounds for `n` working days when the calendar has no data: weekends exactly, plus a
/// generous allowance of eight holiday or closure days for every year spanned.
fn weekend_only(n: i64) -> DayRange {
    let mut min = i64::MAX;
    let mut max = 0;
    for start in 0..7i64 {
        // Day 0 is a Monday when start = 0.
        let (mut day, mut count) = (start, 0);
        while count < n {
            day += 1;
            if day.rem_euclid(7) < 5 {
                count += 1;
            }
        }
        min = min.min(day - start);
        max = max.max(day - start);
    }
    let years = 1 + n / 250;
    DayRange {
        min,
        max: max + 8 * years,
    }
}

/// A date as messages show it: "Fri 18 Dec 2026".
pub fn show(d: NaiveDate) -> String {
    duly_runtime::reckon::format_date(d)
}

/// The day of the month, as an ordinal word: `29th`.
pub fn ordinal(d: NaiveDate) -> String {
    let n = d.day();
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
