//! The working-day calendar of one gov.uk division: which days are working days, and counting them.
//! A table built once turns every query into a couple of array look-ups, so evaluating thousands
//! of cases never walks the calendar day by day.

use crate::duration::{Counting, Direction};
use crate::holidays::{self, HolidayError};
use crate::ir::CalendarData;
use crate::reckon::format_date;
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NonWorking {
    /// Saturday or Sunday.
    Weekend,
    /// A bank holiday of the calendar's division, with its gov.uk title ("Boxing Day").
    BankHoliday(String),
    /// A local closure day declared by the policy.
    Closed,
}

/// Why a calendar could not be built or could not answer.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum CalendarError {
    /// The bank-holiday text is not gov.uk's `bank-holidays.json` format.
    #[error("the bank-holiday file is not in gov.uk's format: {message}")]
    Json {
        /// What the reader found wrong.
        message: String,
    },
    /// The file has no such division.
    #[error("the bank-holiday file has no division `{given}`; it has {}", available.join(", "))]
    UnknownDivision {
        /// The division asked for.
        given: String,
        /// The divisions the file has.
        available: Vec<String>,
    },
    /// Counting reached a year the bank-holiday data does not cover.
    #[error(
        "the bank-holiday calendar covers {first_year} to {last_year}, but this reaches {}; \
         supply a bank-holidays.json that covers it, or allow uncovered years",
        format_date(*date)
    )]
    NotCovered {
        /// The first uncovered date reached (or the uncovered date asked about).
        date: NaiveDate,
        /// First year with bank-holiday data.
        first_year: i32,
        /// Last year with bank-holiday data.
        last_year: i32,
    },
    /// The arithmetic left the range of dates chrono can represent (about ±262,000 years).
    #[error("counting from {} goes beyond the dates duly can represent", format_date(*from))]
    OutOfRange {
        /// The anchor the counting started from.
        from: NaiveDate,
    },
}

impl From<HolidayError> for CalendarError {
    fn from(e: HolidayError) -> Self {
        match e {
            HolidayError::UnknownDivision { given, available } => {
                CalendarError::UnknownDivision { given, available }
            }
            other => CalendarError::Json {
                message: other.to_string(),
            },
        }
    }
}

/// A working-day calendar: Monday to Friday, less the division's bank holidays and local closure days.
#[derive(Clone)]
pub struct Calendar {
    division: String,
    /// Sorted by date.
    holidays: Vec<(NaiveDate, String)>,
    /// Sorted, non-overlapping, inclusive ranges.
    closed: Vec<(NaiveDate, NaiveDate)>,
    covered: (i32, i32),
    allow_uncovered: bool,
    table: Table,
}

impl fmt::Debug for Calendar {
    // The table has thousands of entries; a summary is what a reader of a panic message wants.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("division", &self.division)
            .field("covered", &self.covered)
            .field("holidays", &self.holidays.len())
            .field("closed", &self.closed)
            .field("allow_uncovered", &self.allow_uncovered)
            .finish()
    }
}

impl Calendar {
    /// Reads one division of gov.uk's `bank-holidays.json`; `england_and_wales` and
    /// `england-and-wales` both name the same division.
    pub fn from_gov_uk_json(json: &str, division: &str) -> Result<Calendar, CalendarError> {
        let data = holidays::read_gov_uk(json, division, division)?;
        Ok(Calendar::from_data(&data))
    }

    /// Builds the calendar a compiled policy carries in its IR, closures included.
    pub fn from_data(data: &CalendarData) -> Calendar {
        let mut holidays: Vec<_> = data
            .holidays
            .iter()
            .map(|h| (h.date, h.title.clone()))
            .collect();
        holidays.sort_by_key(|h| h.0);
        let cal = Calendar {
            division: data.division.clone(),
            holidays,
            closed: Vec::new(),
            covered: data.covered_years,
            allow_uncovered: false,
            table: Table::empty(),
        };
        cal.with_closed(&data.closed)
    }

    /// Adds local closure days (inclusive ranges, either way round); they are not working days.
    pub fn with_closed(mut self, ranges: &[(NaiveDate, NaiveDate)]) -> Calendar {
        let mut all = self.closed;
        all.extend(ranges.iter().map(|&(a, b)| (a.min(b), a.max(b))));
        all.sort();
        self.closed = merge(all);
        self.table = Table::build(&self);
        self
    }

    /// Whether counting may run into years without bank-holiday data (default: no, that is
    /// [`CalendarError::NotCovered`]). When allowed, such years have weekends and closure days only.
    pub fn allowing_uncovered(mut self, allow: bool) -> Calendar {
        self.allow_uncovered = allow;
        self
    }

    /// Whether years without bank-holiday data are allowed (see [`Calendar::allowing_uncovered`]).
    pub fn allows_uncovered(&self) -> bool {
        self.allow_uncovered
    }

    /// The gov.uk division, e.g. `england-and-wales`.
    pub fn division(&self) -> &str {
        &self.division
    }

    /// The first and last year with bank holidays in the division.
    pub fn covered_years(&self) -> (i32, i32) {
        self.covered
    }

    /// The years from `a` to `b` (either order) that have no bank-holiday data, ascending.
    pub fn uncovered_years(&self, a: NaiveDate, b: NaiveDate) -> Vec<i32> {
        let (lo, hi) = (a.min(b).year(), a.max(b).year());
        (lo..=hi).filter(|y| !self.covers(*y)).collect()
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        self.check(d)?;
        Ok(self.table.is_working(day_no(d)))
    }

    /// Why `d` is not a working day, or `None` when it is one. A bank holiday or closure
    /// on a weekend is reported as the weekend; a closure on a bank holiday as the bank holiday.
    pub fn non_working(&self, d: NaiveDate) -> Result<Option<NonWorking>, CalendarError> {
        self.check(d)?;
        if !is_weekday(day_no(d)) {
            return Ok(Some(NonWorking::Weekend));
        }
        if let Some(title) = self.holiday(d) {
            return Ok(Some(NonWorking::BankHoliday(title.to_string())));
        }
        if self.is_closed(d) {
            return Ok(Some(NonWorking::Closed));
        }
        Ok(None)
    }

    /// The `n`-th working day after (or before) `from`.
    ///
    /// Under [`Counting::AnchorIsDayZero`], `from` is day 0 whether or not it is a working day,
    /// so the answer is the `n`-th working day strictly after (before) it. Under
    /// [`Counting::AnchorIsDayOne`], a working `from` is day 1, so the answer is the
    /// `(n-1)`-th working day strictly after (before) it; a non-working `from` is day 0 as before.
    /// `n = 0` is `from` itself under either convention.
    pub fn add_working_days(
        &self,
        from: NaiveDate,
        n: u32,
        dir: Direction,
        counting: Counting,
    ) -> Result<NaiveDate, CalendarError> {
        self.check(from)?;
        if n == 0 {
            return Ok(from);
        }
        let start = day_no(from);
        let here = self.table.ordinal(start);
        let working = self.table.is_working(start);
        let n = i64::from(n);
        // `here` is the ordinal of the last working day on or before `from`.
        let target = match (dir, counting == Counting::AnchorIsDayOne && working) {
            (Direction::After, false) => here + n,
            (Direction::After, true) => here + n - 1,
            (Direction::Before, false) => here - i64::from(working) - n + 1,
            (Direction::Before, true) => here - n + 1,
        };
        let due = from_day_no(self.table.nth(target)).ok_or(CalendarError::OutOfRange { from })?;
        self.check_reach(due)?;
        Ok(due)
    }

    /// The number of working days in `(from, to]`; negative (minus the count in `(to, from]`) when `to < from`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        self.check(from)?;
        self.check(to)?;
        Ok(self.table.ordinal(day_no(to)) - self.table.ordinal(day_no(from)))
    }

    /// The Monday-to-Friday days strictly between `from` and `to` (either order), ascending,
    /// that are bank holidays or closure days. Weekends are not listed.
    pub fn skipped_weekdays(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NonWorking)> {
        let (lo, hi) = (day_no(from.min(to)), day_no(from.max(to)));
        let inside = |n: i64| lo < n && n < hi && is_weekday(n);
        let first = self.holidays.partition_point(|h| day_no(h.0) <= lo);
        let mut out: Vec<(NaiveDate, NonWorking)> = self.holidays[first..]
            .iter()
            .take_while(|h| day_no(h.0) < hi)
            .filter(|h| inside(day_no(h.0)))
            .map(|h| (h.0, NonWorking::BankHoliday(h.1.clone())))
            .collect();
        let first = self.closed.partition_point(|c| day_no(c.1) <= lo);
        for &(a, b) in self.closed[first..].iter().take_while(|c| day_no(c.0) < hi) {
            for n in day_no(a).max(lo + 1)..=day_no(b).min(hi - 1) {
                if let Some(d) = from_day_no(n).filter(|d| inside(n) && self.holiday(*d).is_none())
                {
                    out.push((d, NonWorking::Closed));
                }
            }
        }
        out.sort_by_key(|s| s.0);
        out
    }

    fn covers(&self, year: i32) -> bool {
        (self.covered.0..=self.covered.1).contains(&year)
    }

    fn not_covered(&self, date: NaiveDate) -> CalendarError {
        CalendarError::NotCovered {
            date,
            first_year: self.covered.0,
            last_year: self.covered.1,
        }
    }

    /// An anchor or endpoint in an uncovered year is an error unless allowed.
    fn check(&self, d: NaiveDate) -> Result<(), CalendarError> {
        if self.allow_uncovered || self.covers(d.year()) {
            Ok(())
        } else {
            Err(self.not_covered(d))
        }
    }

    /// Counting from a covered anchor to `due`: names the first uncovered day on the way, if any.
    fn check_reach(&self, due: NaiveDate) -> Result<(), CalendarError> {
        let (first, last) = self.covered;
        let edge = if self.allow_uncovered {
            None
        } else if due.year() > last {
            NaiveDate::from_ymd_opt(last + 1, 1, 1)
        } else if due.year() < first {
            NaiveDate::from_ymd_opt(first - 1, 12, 31)
        } else {
            None
        };
        match edge {
            Some(d) => Err(self.not_covered(d)),
            None => Ok(()),
        }
    }

    fn holiday(&self, d: NaiveDate) -> Option<&str> {
        let i = self.holidays.binary_search_by_key(&d, |h| h.0).ok()?;
        Some(&self.holidays[i].1)
    }

    fn is_closed(&self, d: NaiveDate) -> bool {
        let i = self.closed.partition_point(|c| c.1 < d);
        self.closed.get(i).is_some_and(|c| c.0 <= d)
    }
}

/// Merges sorted inclusive ranges that overlap or touch.
fn merge(sorted: Vec<(NaiveDate, NaiveDate)>) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(sorted.len());
    for (a, b) in sorted {
        match out.last_mut() {
            Some(last) if day_no(a) <= day_no(last.1) + 1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Days since Monday 1 January of year 1, so that `rem_euclid(7)` is the weekday with Monday = 0.
fn day_no(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 1
}

fn from_day_no(n: i64) -> Option<NaiveDate> {
    i32::try_from(n + 1)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

fn is_weekday(n: i64) -> bool {
    n.rem_euclid(7) < 5
}

/// A running count of Monday-to-Friday days, anchored so that `weekdays_to(-1) == 0`:
/// the number of weekdays in `(a, b]` is `weekdays_to(b) - weekdays_to(a)`.
fn weekdays_to(n: i64) -> i64 {
    5 * n.div_euclid(7) + (n.rem_euclid(7) + 1).min(5)
}

/// The weekday `n` with `weekdays_to(n) == v`: the inverse of [`weekdays_to`] on weekdays.
fn nth_weekday(v: i64) -> i64 {
    let k = v - 1;
    7 * k.div_euclid(5) + k.rem_euclid(5)
}

/// Working-day ordinals for every day of the years with data (and of any closure).
///
/// Outside the table every weekday is a working day, so ordinals continue by the weekday formula;
/// that keeps every query O(1) wherever it lands.
#[derive(Clone)]
struct Table {
    /// Day number of the table's first day.
    start: i64,
    /// `cum[i]`: working days in `[start, start + i]`.
    cum: Vec<u32>,
    /// `inv[k - 1]`: offset from `start` of the `k`-th working day in the table.
    inv: Vec<u32>,
}

impl Table {
    fn empty() -> Table {
        Table {
            start: 0,
            cum: Vec::new(),
            inv: Vec::new(),
        }
    }

    fn build(cal: &Calendar) -> Table {
        let (mut lo, mut hi) = cal.covered;
        if let (Some(first), Some(last)) = (cal.closed.first(), cal.closed.last()) {
            lo = lo.min(first.0.year());
            hi = hi.max(last.1.year());
        }
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(lo, 1, 1),
            NaiveDate::from_ymd_opt(hi, 12, 31),
        ) else {
            return Table::empty();
        };
        let start = day_no(first);
        let len = usize::try_from(day_no(last) - start + 1).unwrap_or(0);
        let mut working: Vec<bool> = (0..len as i64).map(|i| is_weekday(start + i)).collect();
        let mut mark = |d: NaiveDate| {
            if let Some(w) = usize::try_from(day_no(d) - start)
                .ok()
                .and_then(|i| working.get_mut(i))
            {
                *w = false;
            }
        };
        cal.holidays.iter().for_each(|h| mark(h.0));
        for &(a, b) in &cal.closed {
            a.iter_days().take_while(|d| *d <= b).for_each(&mut mark);
        }
        let mut cum = Vec::with_capacity(len);
        let mut inv = Vec::new();
        let mut count = 0u32;
        for (i, w) in working.into_iter().enumerate() {
            if w {
                count += 1;
                inv.push(i as u32);
            }
            cum.push(count);
        }
        Table { start, cum, inv }
    }

    fn end(&self) -> i64 {
        self.start + self.cum.len() as i64 - 1
    }

    /// The number of working days from the table's start up to and including day `n`
    /// (negative before the table, where it counts back).
    fn ordinal(&self, n: i64) -> i64 {
        let total = self.inv.len() as i64;
        match usize::try_from(n - self.start)
            .ok()
            .map(|i| self.cum.get(i))
        {
            Some(Some(c)) => i64::from(*c),
            Some(None) => total + weekdays_to(n) - weekdays_to(self.end()),
            None => weekdays_to(n) - weekdays_to(self.start - 1),
        }
    }

    /// The day number of the working day with ordinal `k`.
    fn nth(&self, k: i64) -> i64 {
        let total = self.inv.len() as i64;
        if k > total {
            nth_weekday(weekdays_to(self.end()) + k - total)
        } else if k >= 1 {
            self.start + i64::from(self.inv[(k - 1) as usize])
        } else {
            nth_weekday(weekdays_to(self.start - 1) + k)
        }
    }

    fn is_working(&self, n: i64) -> bool {
        match usize::try_from(n - self.start)
            .ok()
            .filter(|i| *i < self.cum.len())
        {
            Some(0) => self.cum[0] == 1,
            Some(i) => self.cum[i] > self.cum[i - 1],
            None => is_weekday(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn day_numbers_agree_with_chrono_weekdays() {
        for d in NaiveDate::from_ymd_opt(1999, 12, 20)
            .into_iter()
            .flat_map(|d| d.iter_days().take(40))
        {
            assert_eq!(
                is_weekday(day_no(d)),
                !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                "{d}"
            );
            assert_eq!(from_day_no(day_no(d)), Some(d));
        }
    }

    #[test]
    fn weekday_count_inverts() {
        for n in -30..30 {
            if is_weekday(n) {
                assert_eq!(nth_weekday(weekdays_to(n)), n);
                assert_eq!(weekdays_to(n), weekdays_to(n - 1) + 1);
            } else {
                assert_eq!(weekdays_to(n), weekdays_to(n - 1));
            }
        }
        assert_eq!(weekdays_to(-1), 0);
    }
}
