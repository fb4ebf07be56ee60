//! The one place a duration becomes a date: deadlines forward and back from an anchor, each with
//! the plain-English sentence that says how it was reached (LANGUAGE.md §3).

use crate::calendar::{Calendar, CalendarError, NonWorking};
use crate::duration::{Counting, Direction, Duration, Unit};
use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone,
    Weekday,
};
use chrono_tz::Tz;
use std::fmt;

/// A point in time as a case records it: a date, or an instant when the time is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Moment {
    /// Known only by its date.
    Date(NaiveDate),
    /// Known to the second.
    Instant(DateTime<Tz>),
}

impl Moment {
    /// The local date of this moment in `tz`.
    pub fn date_in(&self, tz: Tz) -> NaiveDate {
        match self {
            Moment::Date(d) => *d,
            Moment::Instant(t) => t.with_timezone(&tz).date_naive(),
        }
    }

    /// This moment as an instant in `tz`; a date is taken as the end of that day (23:59:59 local).
    pub fn instant_in(&self, tz: Tz) -> DateTime<Tz> {
        match self {
            Moment::Date(d) => local_instant(tz, d.and_time(end_of_day())),
            Moment::Instant(t) => t.with_timezone(&tz),
        }
    }
}

impl fmt::Display for Moment {
    /// "Wed 13 Jan 2027", or "14:30 on Wed 13 Jan 2027" for an instant (in its own timezone).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::Date(d) => f.write_str(&format_date(*d)),
            Moment::Instant(t) => f.write_str(&format_time(t)),
        }
    }
}

/// Turns durations into due dates for one policy: its calendar, timezone and counting convention.
#[derive(Debug, Clone, Copy)]
pub struct Reckoner<'a> {
    /// Working days, bank holidays and closures.
    pub calendar: &'a Calendar,
    /// The policy's timezone, for hour deadlines and the local date of instants.
    pub tz: Tz,
    /// How working days are counted from an anchor.
    pub counting: Counting,
}

/// A due moment and everything an explanation needs to say about how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Reckoning {
    /// When the obligation falls due: an instant for hours, otherwise a date (due by its end).
    pub due: Moment,
    /// Bank holidays and closure days skipped between anchor and due date (working days only).
    pub skipped: Vec<(NaiveDate, NonWorking)>,
    /// Month and year arithmetic: the month's last day, used because the anchor's day does not exist in it.
    pub clamped: Option<NaiveDate>,
    /// Hour arithmetic from a date-only anchor, taken as 23:59:59 local that day.
    pub end_of_day_assumed: bool,
    /// Years counted through without bank-holiday data (only when the calendar allows it).
    pub uncovered_years: Vec<i32>,
    /// The reckoning in plain English, e.g.
    /// "2 working days before Mon 4 Jan 2027, skipping Fri 1 Jan 2027 (bank holiday), is Wed 30 Dec 2026".
    pub sentence: String,
}

impl Reckoning {
    fn plain(due: Moment, sentence: String) -> Reckoning {
        Reckoning {
            due,
            skipped: Vec::new(),
            clamped: None,
            end_of_day_assumed: false,
            uncovered_years: Vec::new(),
            sentence,
        }
    }
}

impl Reckoner<'_> {
    /// The moment `d` after (or before) `from`, with its explanation.
    ///
    /// Hours are elapsed time in the policy's timezone, from 23:59:59 local when `from` is a date;
    /// every other unit works on `from`'s local date and gives a date. Sentences list skipped days
    /// in date order: when all are of one kind the kind is named once at the end ("(bank holidays)");
    /// when bank holidays and closure days mix, each date is labelled. A non-default counting
    /// convention is named after the anchor.
    pub fn offset(
        &self,
        from: &Moment,
        d: &Duration,
        dir: Direction,
    ) -> Result<Reckoning, CalendarError> {
        let words = if d.written.trim().is_empty() {
            d.to_string()
        } else {
            d.written.clone()
        };
        let head = format!("{words} {}", direction_word(dir));
        match d.unit {
            Unit::Hours => self.hours(from, d.amount, dir, &head),
            Unit::Days => self.days(from, u64::from(d.amount), dir, &head),
            Unit::Weeks => self.days(from, u64::from(d.amount) * 7, dir, &head),
            Unit::Months => self.months(from, i64::from(d.amount), dir, &head),
            Unit::Years => self.months(from, i64::from(d.amount) * 12, dir, &head),
            Unit::WorkingDays => self.working_days(from, d.amount, dir, &head),
        }
    }

    /// The moment `d` after (or before) `from`, without the explanation: the same
    /// arithmetic as [`Reckoner::offset`], for runs where nobody reads the sentence.
    pub fn due(
        &self,
        from: &Moment,
        d: &Duration,
        dir: Direction,
    ) -> Result<Moment, CalendarError> {
        Ok(match d.unit {
            Unit::Hours => Moment::Instant(hours_due(from.instant_in(self.tz), d.amount, dir)?),
            Unit::Days => Moment::Date(days_due(from.date_in(self.tz), u64::from(d.amount), dir)?),
            Unit::Weeks => Moment::Date(days_due(
                from.date_in(self.tz),
                u64::from(d.amount) * 7,
                dir,
            )?),
            Unit::Months | Unit::Years => {
                let start = from.date_in(self.tz);
                let months = i64::from(d.amount) * if d.unit == Unit::Years { 12 } else { 1 };
                let signed = if dir == Direction::After {
                    months
                } else {
                    -months
                };
                Moment::Date(
                    checked_add_months(start, signed)
                        .ok_or(CalendarError::OutOfRange { from: start })?
                        .0,
                )
            }
            Unit::WorkingDays => Moment::Date(self.calendar.add_working_days(
                from.date_in(self.tz),
                d.amount,
                dir,
                self.counting,
            )?),
        })
    }

    /// How far `to` is from `from` (either order), in the rule's unit: "3 working days", "1 day",
    /// "5 hours", "2 weeks and 3 days", "1 month and 4 days", "1 year, 2 months and 3 days".
    ///
    /// Dates are taken as their end of day for hours. When working days cannot be counted
    /// because the calendar does not cover the dates, the answer is in calendar days and says why.
    pub fn measure(&self, from: &Moment, to: &Moment, unit: Unit) -> String {
        if unit == Unit::Hours {
            let secs = (to.instant_in(self.tz) - from.instant_in(self.tz))
                .num_seconds()
                .abs();
            return hours_and_minutes(secs);
        }
        let (a, b) = (from.date_in(self.tz), to.date_in(self.tz));
        let (a, b) = (a.min(b), a.max(b));
        let days = (b - a).num_days();
        match unit {
            Unit::WorkingDays => match self.calendar.working_days_between(a, b) {
                Ok(n) if n > 0 || days == 0 => count(n, Unit::WorkingDays),
                // Late only by a weekend or a bank holiday: say so, not "0 working days".
                Ok(_) => format!("{}, none of them working days", count(days, Unit::Days)),
                Err(e) => format!("{} ({e})", count(days, Unit::Days)),
            },
            Unit::Weeks if days >= 7 => join_parts(
                &[(days / 7, Unit::Weeks), (days % 7, Unit::Days)],
                Unit::Weeks,
            ),
            Unit::Months | Unit::Years => months_and_days(a, b, unit),
            _ => count(days, Unit::Days),
        }
    }

    fn hours(
        &self,
        from: &Moment,
        amount: u32,
        dir: Direction,
        head: &str,
    ) -> Result<Reckoning, CalendarError> {
        let start = from.instant_in(self.tz);
        let assumed = matches!(from, Moment::Date(_));
        let due = hours_due(start, amount, dir)?;
        let mut sentence = format!("{head} {}", format_time(&start));
        if assumed {
            sentence.push_str(" (the time was not recorded, so the end of that day is assumed)");
        }
        sentence.push_str(&format!(" is {}", format_time(&due)));
        let changes = clock_changes(start, due);
        if !changes.is_empty() {
            let parts: Vec<String> = changes
                .iter()
                .map(|(d, forward)| {
                    format!(
                        "{} on {}",
                        if *forward { "forward" } else { "back" },
                        format_date(*d)
                    )
                })
                .collect();
            sentence.push_str(&format!(" (the clocks went {})", join_list(&parts)));
        }
        let mut r = Reckoning::plain(Moment::Instant(due), sentence);
        r.end_of_day_assumed = assumed;
        Ok(r)
    }

    fn days(
        &self,
        from: &Moment,
        days: u64,
        dir: Direction,
        head: &str,
    ) -> Result<Reckoning, CalendarError> {
        let start = from.date_in(self.tz);
        let due = days_due(start, days, dir)?;
        let sentence = format!("{head} {} is {}", format_date(start), format_date(due));
        Ok(Reckoning::plain(Moment::Date(due), sentence))
    }

    fn months(
        &self,
        from: &Moment,
        months: i64,
        dir: Direction,
        head: &str,
    ) -> Result<Reckoning, CalendarError> {
        let start = from.date_in(self.tz);
        let signed = if dir == Direction::After {
            months
        } else {
            -months
        };
        let (due, clamped) =
            checked_add_months(start, signed).ok_or(CalendarError::OutOfRange { from: start })?;
        let mut sentence = format!("{head} {} is {}", format_date(start), format_date(due));
        if clamped {
            let missing = if start.day() == 29 && due.month() == 2 {
                format!("29 Feb {}", due.year())
            } else {
                format!("{} {}", start.day(), due.format("%b"))
            };
            sentence.push_str(&format!(
                " ({missing} does not exist, so the last day of the month is used)"
            ));
        }
        let mut r = Reckoning::plain(Moment::Date(due), sentence);
        r.clamped = clamped.then_some(due);
        Ok(r)
    }

    fn working_days(
        &self,
        from: &Moment,
        n: u32,
        dir: Direction,
        head: &str,
    ) -> Result<Reckoning, CalendarError> {
        let cal = self.calendar;
        let start = from.date_in(self.tz);
        let due = cal.add_working_days(start, n, dir, self.counting)?;
        let skipped = cal.skipped_weekdays(start, due);
        let uncovered_years = cal.uncovered_years(start, due);
        let mut sentence = format!("{head} {}", format_date(start));
        if self.counting == Counting::AnchorIsDayOne {
            if cal.is_working_day(start)? {
                sentence.push_str(&format!(" (counting {} as day 1)", format_date(start)));
            } else {
                sentence.push_str(&format!(
                    " ({} is not a working day, so it counts as day 0)",
                    format_date(start)
                ));
            }
        }
        if let Some(s) = skipping(&skipped) {
            sentence.push_str(&format!(", {s},"));
        }
        sentence.push_str(&format!(" is {}", format_date(due)));
        if !uncovered_years.is_empty() {
            let years: Vec<String> = uncovered_years.iter().map(i32::to_string).collect();
            sentence.push_str(&format!(
                " (the calendar has no bank holidays for {}, so only weekends and closure days were skipped there)",
                join_list(&years)
            ));
        }
        let mut r = Reckoning::plain(Moment::Date(due), sentence);
        r.skipped = skipped;
        r.uncovered_years = uncovered_years;
        Ok(r)
    }
}

/// Elapsed hours from an instant.
fn hours_due(
    start: DateTime<Tz>,
    amount: u32,
    dir: Direction,
) -> Result<DateTime<Tz>, CalendarError> {
    let delta = TimeDelta::try_hours(i64::from(amount)).unwrap_or(TimeDelta::MAX);
    match dir {
        Direction::After => start.checked_add_signed(delta),
        Direction::Before => start.checked_sub_signed(delta),
    }
    .ok_or(CalendarError::OutOfRange {
        from: start.date_naive(),
    })
}

/// Calendar days from a date.
fn days_due(start: NaiveDate, days: u64, dir: Direction) -> Result<NaiveDate, CalendarError> {
    match dir {
        Direction::After => start.checked_add_days(Days::new(days)),
        Direction::Before => start.checked_sub_days(Days::new(days)),
    }
    .ok_or(CalendarError::OutOfRange { from: start })
}

/// The `years`-th birthday of a child born on `dob`: the same month and day, except that a
/// 29 February birthday falls on 1 March in common years.
///
/// # Panics
/// If the birthday is beyond chrono's last representable year (262,142).
pub fn birthday(dob: NaiveDate, years: u32) -> NaiveDate {
    let year = i32::try_from(years)
        .ok()
        .and_then(|y| dob.year().checked_add(y));
    year.and_then(|y| {
        NaiveDate::from_ymd_opt(y, dob.month(), dob.day())
            .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
    })
    .unwrap_or_else(|| panic!("{years} years after {dob} is beyond chrono's dates"))
}

/// `d` plus `months` calendar months (negative goes back), on the same day of the month or, when
/// that day does not exist, the month's last day; the flag says whether that clamping happened.
///
/// # Panics
/// If the result is beyond chrono's date range (about ±262,000 years).
pub fn add_months(d: NaiveDate, months: i32) -> (NaiveDate, bool) {
    checked_add_months(d, i64::from(months))
        .unwrap_or_else(|| panic!("{d} plus {months} months is beyond chrono's dates"))
}

/// A local wall-clock time in `tz` as an instant. A time that the spring-forward gap skips is
/// read one hour later (the wall clock's reading after the change); a time the autumn overlap
/// repeats is the earlier of its two instants.
pub fn local_instant(tz: Tz, naive: NaiveDateTime) -> DateTime<Tz> {
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return t;
    }
    // Gaps are an hour in every UK and almost every other zone; keep stepping for the rare others.
    (1..=24)
        .filter_map(|h| naive.checked_add_signed(TimeDelta::hours(h)))
        .find_map(|n| tz.from_local_datetime(&n).earliest())
        .unwrap_or_else(|| tz.from_utc_datetime(&naive))
}

/// A day of the week in full, as rules and explanations write it: "Thursday".
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A date as explanations show it: "Wed 13 Jan 2027".
pub fn format_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

fn format_time(t: &DateTime<Tz>) -> String {
    format!("{} on {}", t.format("%H:%M"), format_date(t.date_naive()))
}

fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)
}

fn direction_word(dir: Direction) -> &'static str {
    match dir {
        Direction::After => "after",
        Direction::Before => "before",
    }
}

fn checked_add_months(d: NaiveDate, months: i64) -> Option<(NaiveDate, bool)> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month0()) + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = total.rem_euclid(12) as u32 + 1;
    let last = last_day_of_month(year, month)?;
    let due = NaiveDate::from_ymd_opt(year, month, d.day().min(last))?;
    Some((due, d.day() > last))
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    (28..=31)
        .rev()
        .find(|&day| NaiveDate::from_ymd_opt(year, month, day).is_some())
}

/// The clock changes between two instants, as (local date, whether forward), in time order.
fn clock_changes(a: DateTime<Tz>, b: DateTime<Tz>) -> Vec<(NaiveDate, bool)> {
    let (lo, hi) = (a.min(b), a.max(b));
    // Beyond ten years a list of clock changes explains nothing; zones never change twice in a day.
    if hi - lo > TimeDelta::days(3660) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut t = lo;
    while t < hi {
        let next = t
            .checked_add_signed(TimeDelta::days(1))
            .map_or(hi, |n| n.min(hi));
        if utc_offset(&t) != utc_offset(&next) {
            out.push(pin_change(t, next));
        }
        t = next;
    }
    out
}

fn utc_offset(t: &DateTime<Tz>) -> i32 {
    t.offset().fix().local_minus_utc()
}

/// Narrows an interval containing one clock change to the second; dates it by the new local time.
fn pin_change(mut before: DateTime<Tz>, mut after: DateTime<Tz>) -> (NaiveDate, bool) {
    let old = utc_offset(&before);
    while after - before > TimeDelta::seconds(1) {
        let mid = before + (after - before) / 2;
        if utc_offset(&mid) == old {
            before = mid;
        } else {
            after = mid;
        }
    }
    (after.date_naive(), utc_offset(&after) > old)
}

fn skipping(skipped: &[(NaiveDate, NonWorking)]) -> Option<String> {
    let label = |k: &NonWorking| match k {
        NonWorking::BankHoliday(_) => "bank holiday",
        NonWorking::Closed => "closure day",
        NonWorking::Weekend => "weekend",
    };
    let (first, rest) = skipped.split_first()?;
    let dates = if rest.iter().all(|s| label(&s.1) == label(&first.1)) {
        let dates: Vec<String> = skipped.iter().map(|s| format_date(s.0)).collect();
        let plural = if rest.is_empty() { "" } else { "s" };
        format!("{} ({}{plural})", join_list(&dates), label(&first.1))
    } else {
        let dates: Vec<String> = skipped
            .iter()
            .map(|s| format!("{} ({})", format_date(s.0), label(&s.1)))
            .collect();
        join_list(&dates)
    };
    Some(format!("skipping {dates}"))
}

/// "a", "a and b", "a, b and c".
fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn count(n: i64, unit: Unit) -> String {
    format!("{n} {}", unit.name(if n == 1 { 1 } else { 2 }))
}

/// The non-zero parts joined as a list, or "0 <zero>" when all are zero.
fn join_parts(parts: &[(i64, Unit)], zero: Unit) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter(|p| p.0 != 0)
        .map(|p| count(p.0, p.1))
        .collect();
    if shown.is_empty() {
        count(0, zero)
    } else {
        join_list(&shown)
    }
}

fn hours_and_minutes(secs: i64) -> String {
    if secs > 0 && secs < 60 {
        return "less than a minute".to_string();
    }
    let minutes = (secs % 3600) / 60;
    let minute_word = if minutes == 1 { "minute" } else { "minutes" };
    match (secs / 3600, minutes) {
        (h, 0) => count(h, Unit::Hours),
        (0, m) => format!("{m} {minute_word}"),
        (h, m) => format!("{} and {m} {minute_word}", count(h, Unit::Hours)),
    }
}

/// Whole months from `a` to `b` (a <= b), then the days left over; years split out for `Unit::Years`.
fn months_and_days(a: NaiveDate, b: NaiveDate, unit: Unit) -> String {
    let mut months =
        i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month());
    let after = |m: i64| checked_add_months(a, m).map_or(b, |r| r.0);
    if after(months) > b {
        months -= 1;
    }
    let days = (b - after(months)).num_days();
    if unit == Unit::Years {
        join_parts(
            &[
                (months / 12, Unit::Years),
                (months % 12, Unit::Months),
                (days, Unit::Days),
            ],
            Unit::Years,
        )
    } else {
        join_parts(&[(months, Unit::Months), (days, Unit::Days)], Unit::Months)
    }
}
