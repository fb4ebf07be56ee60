//! The calendar and the reckoner against independent, deliberately naive references:
//! a day-by-day walk over the shipped gov.uk file, hand-rolled month arithmetic, and the UK's
//! summer-time rule written out by hand.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Weekday};
use chrono_tz::Europe::London;
use duly_runtime::calendar::{Calendar, CalendarError, NonWorking};
use duly_runtime::duration::{Counting, Direction, Duration, Unit};
use duly_runtime::reckon::{add_months, birthday, Moment, Reckoner};
use proptest::prelude::*;
use std::collections::BTreeMap;

const GOV_UK: &str = include_str!("../../policies/calendars/bank-holidays.json");
const DIVISIONS: [&str; 3] = ["england-and-wales", "scotland", "northern-ireland"];

/// The slow, obvious calendar.
struct Reference {
    holidays: BTreeMap<NaiveDate, String>,
    closed: Vec<(NaiveDate, NaiveDate)>,
    allow: bool,
}

impl Reference {
    fn new(division: &str, closed: &[(NaiveDate, NaiveDate)], allow: bool) -> Reference {
        let all: serde_json::Value = serde_json::from_str(GOV_UK).unwrap();
        let holidays = all[division]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["date"].as_str().unwrap().parse().unwrap(),
                    e["title"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        Reference {
            holidays,
            closed: closed.to_vec(),
            allow,
        }
    }

    fn covered(&self, d: NaiveDate) -> bool {
        self.allow || (2015..=2030).contains(&d.year())
    }

    fn is_closed(&self, d: NaiveDate) -> bool {
        self.closed
            .iter()
            .any(|&(a, b)| a.min(b) <= d && d <= a.max(b))
    }

    fn working(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.holidays.contains_key(&d)
            && !self.is_closed(d)
    }

    fn not_covered(d: NaiveDate) -> CalendarError {
        CalendarError::NotCovered {
            date: d,
            first_year: 2015,
            last_year: 2030,
        }
    }

    fn add(
        &self,
        from: NaiveDate,
        n: u32,
        dir: Direction,
        counting: Counting,
    ) -> Result<NaiveDate, CalendarError> {
        if !self.covered(from) {
            return Err(Self::not_covered(from));
        }
        let mut left = n;
        if counting == Counting::AnchorIsDayOne && self.working(from) && n > 0 {
            left -= 1;
        }
        let mut d = from;
        while left > 0 {
            d = match dir {
                Direction::After => d.succ_opt().unwrap(),
                Direction::Before => d.pred_opt().unwrap(),
            };
            if !self.covered(d) {
                return Err(Self::not_covered(d));
            }
            if self.working(d) {
                left -= 1;
            }
        }
        Ok(d)
    }

    fn between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let count = |a: NaiveDate, b: NaiveDate| {
            a.iter_days()
                .skip(1)
                .take_while(|d| *d <= b)
                .filter(|d| self.working(*d))
                .count() as i64
        };
        if from <= to {
            count(from, to)
        } else {
            -count(to, from)
        }
    }

    fn skipped(&self, a: NaiveDate, b: NaiveDate) -> Vec<(NaiveDate, NonWorking)> {
        let (lo, hi) = (a.min(b), a.max(b));
        lo.iter_days()
            .skip(1)
            .take_while(|d| *d < hi)
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .filter_map(|d| match self.holidays.get(&d) {
                Some(t) => Some((d, NonWorking::BankHoliday(t.clone()))),
                None if self.is_closed(d) => Some((d, NonWorking::Closed)),
                None => None,
            })
            .collect()
    }
}

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + TimeDelta::days(offset)
}

/// A date from 2015 to 2030, the years the shipped file covers.
fn covered_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..5844).prop_map(day)
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::After), Just(Direction::Before)]
}

fn counting() -> impl Strategy<Value = Counting> {
    prop_oneof![
        Just(Counting::AnchorIsDayZero),
        Just(Counting::AnchorIsDayOne)
    ]
}

/// Up to three closures of up to three weeks, written either way round.
fn closures() -> impl Strategy<Value = Vec<(NaiveDate, NaiveDate)>> {
    prop::collection::vec(
        ((-400i64..6300), (0i64..21), any::<bool>()).prop_map(|(s, len, flip)| {
            let (a, b) = (day(s), day(s + len));
            if flip {
                (b, a)
            } else {
                (a, b)
            }
        }),
        0..3,
    )
}

fn calendar(division: &str, closed: &[(NaiveDate, NaiveDate)], allow: bool) -> Calendar {
    Calendar::from_gov_uk_json(GOV_UK, division)
        .unwrap()
        .with_closed(closed)
        .allowing_uncovered(allow)
}

// ---- The UK summer-time rule, by hand ----

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month, 31).unwrap();
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().unwrap();
    }
    d
}

/// British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
fn is_bst(utc: NaiveDateTime) -> bool {
    let y = utc.year();
    let start = last_sunday(y, 3).and_hms_opt(1, 0, 0).unwrap();
    let end = last_sunday(y, 10).and_hms_opt(1, 0, 0).unwrap();
    start <= utc && utc < end
}

fn london_local(utc: NaiveDateTime) -> NaiveDateTime {
    utc + TimeDelta::hours(i64::from(is_bst(utc)))
}

// ---- Hand-rolled months ----

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day, clamped) of `d` plus `months`.
fn naive_add_months(d: NaiveDate, months: i64) -> (i32, u32, u32, bool) {
    let total = i64::from(d.year()) * 12 + i64::from(d.month()) - 1 + months;
    let (y, m) = (total.div_euclid(12) as i32, total.rem_euclid(12) as u32 + 1);
    let dim = days_in_month(y, m);
    (y, m, d.day().min(dim), d.day() > dim)
}

fn step_days(d: NaiveDate, n: u64, dir: Direction) -> NaiveDate {
    (0..n).fold(d, |d, _| match dir {
        Direction::After => d.succ_opt().unwrap(),
        Direction::Before => d.pred_opt().unwrap(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn adding_working_days_matches_a_day_by_day_walk(
        from in covered_date(), n in 0u32..400, dir in direction(), counting in counting(),
        division in 0usize..3, closed in closures(),
    ) {
        let cal = calendar(DIVISIONS[division], &closed, false);
        let reference = Reference::new(DIVISIONS[division], &closed, false);
        prop_assert_eq!(cal.add_working_days(from, n, dir, counting), reference.add(from, n, dir, counting));
    }

    #[test]
    fn uncovered_years_count_weekends_and_closures_when_allowed(
        from in (-800i64..6600).prop_map(day), n in 0u32..400, dir in direction(), counting in counting(),
        division in 0usize..3, closed in closures(),
    ) {
        let cal = calendar(DIVISIONS[division], &closed, true);
        let reference = Reference::new(DIVISIONS[division], &closed, true);
        let due = cal.add_working_days(from, n, dir, counting);
        prop_assert_eq!(&due, &reference.add(from, n, dir, counting));
        let due = due.unwrap();
        let expected: Vec<i32> = (from.min(due).year()..=from.max(due).year()).filter(|y| !(2015..=2030).contains(y)).collect();
        prop_assert_eq!(cal.uncovered_years(from, due), expected);
    }

    #[test]
    fn counting_between_matches_a_day_by_day_count(
        from in covered_date(), to in covered_date(), division in 0usize..3, closed in closures(),
    ) {
        let cal = calendar(DIVISIONS[division], &closed, false);
        let reference = Reference::new(DIVISIONS[division], &closed, false);
        prop_assert_eq!(cal.working_days_between(from, to), Ok(reference.between(from, to)));
        prop_assert_eq!(cal.is_working_day(to), Ok(reference.working(to)));
        if to.signed_duration_since(from).num_days().abs() < 500 {
            prop_assert_eq!(cal.skipped_weekdays(from, to), reference.skipped(from, to));
        }
    }

    #[test]
    fn adding_then_counting_back_agrees(
        from in covered_date(), n in 1u32..400, division in 0usize..3, closed in closures(),
    ) {
        let cal = calendar(DIVISIONS[division], &closed, false);
        if let Ok(due) = cal.add_working_days(from, n, Direction::After, Counting::AnchorIsDayZero) {
            prop_assert_eq!(cal.working_days_between(from, due), Ok(i64::from(n)));
            prop_assert_eq!(cal.is_working_day(due), Ok(true));
        }
    }

    #[test]
    fn dates_outside_the_file_are_never_silently_computed(
        outside in prop_oneof![(-1800i64..0).prop_map(day), (5844i64..7600).prop_map(day)],
        inside in covered_date(), n in 0u32..400, dir in direction(), counting in counting(),
    ) {
        let cal = calendar("england-and-wales", &[], false);
        let not_covered = |e: &CalendarError| matches!(e, CalendarError::NotCovered { date, .. } if *date == outside);
        prop_assert!(cal.is_working_day(outside).as_ref().is_err_and(not_covered));
        prop_assert!(cal.non_working(outside).as_ref().is_err_and(not_covered));
        prop_assert!(cal.add_working_days(outside, n, dir, counting).as_ref().is_err_and(not_covered));
        prop_assert!(cal.working_days_between(inside, outside).as_ref().is_err_and(not_covered));
        let r = Reckoner { calendar: &cal, tz: London, counting };
        let wd = Duration::new(n, Unit::WorkingDays);
        prop_assert!(r.offset(&Moment::Date(outside), &wd, dir).is_err());
    }

    #[test]
    fn reckoning_every_unit_matches_a_naive_reference(
        from in covered_date(), n in 0u32..400, dir in direction(), division in 0usize..3, closed in closures(),
        unit in prop_oneof![Just(Unit::Days), Just(Unit::Weeks), Just(Unit::Months), Just(Unit::Years), Just(Unit::WorkingDays)],
    ) {
        let cal = calendar(DIVISIONS[division], &closed, false);
        let reference = Reference::new(DIVISIONS[division], &closed, false);
        let r = Reckoner { calendar: &cal, tz: London, counting: Counting::AnchorIsDayZero };
        let got = r.offset(&Moment::Date(from), &Duration::new(n, unit), dir);
        let sign = if dir == Direction::After { 1 } else { -1 };
        match unit {
            Unit::Days | Unit::Weeks => {
                let days = if unit == Unit::Weeks { 7 * u64::from(n) } else { u64::from(n) };
                let got = got.unwrap();
                prop_assert_eq!(got.due, Moment::Date(step_days(from, days, dir)));
                prop_assert_eq!(got.clamped, None);
                prop_assert!(got.skipped.is_empty());
            }
            Unit::Months | Unit::Years => {
                let months = if unit == Unit::Years { 12 * i64::from(n) } else { i64::from(n) };
                let (y, m, d, clamped) = naive_add_months(from, sign * months);
                let expected = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                let got = got.unwrap();
                prop_assert_eq!(got.due, Moment::Date(expected));
                prop_assert_eq!(got.clamped, clamped.then_some(expected));
                prop_assert_eq!(got.sentence.contains("does not exist"), clamped);
            }
            _ => match reference.add(from, n, dir, Counting::AnchorIsDayZero) {
                Ok(expected) => {
                    let got = got.unwrap();
                    prop_assert_eq!(got.due, Moment::Date(expected));
                    prop_assert_eq!(got.skipped, reference.skipped(from, expected));
                    prop_assert!(got.uncovered_years.is_empty());
                }
                Err(e) => prop_assert_eq!(got, Err(e)),
            },
        }
    }

    #[test]
    fn hours_are_elapsed_time_shown_on_the_british_clock(
        utc_minutes in 0i64..(16 * 366 * 24 * 60), n in 0u32..12000, dir in direction(),
    ) {
        let cal = calendar("england-and-wales", &[], false);
        let r = Reckoner { calendar: &cal, tz: London, counting: Counting::AnchorIsDayZero };
        let anchor_utc = day(0).and_hms_opt(0, 0, 0).unwrap() + TimeDelta::minutes(utc_minutes);
        let anchor: DateTime<chrono_tz::Tz> = London.from_utc_datetime(&anchor_utc);
        let got = r.offset(&Moment::Instant(anchor), &Duration::new(n, Unit::Hours), dir).unwrap();
        let delta = TimeDelta::hours(i64::from(n));
        let due_utc = if dir == Direction::After { anchor_utc + delta } else { anchor_utc - delta };
        let Moment::Instant(due) = got.due else { panic!("hours give an instant") };
        prop_assert_eq!(due.naive_utc(), due_utc);
        prop_assert_eq!(due.naive_local(), london_local(due_utc));
        prop_assert!(!got.end_of_day_assumed);
        let (lo, hi) = (anchor_utc.min(due_utc), anchor_utc.max(due_utc));
        let changes = (lo.year()..=hi.year())
            .flat_map(|y| [last_sunday(y, 3), last_sunday(y, 10)])
            .map(|d| d.and_hms_opt(1, 0, 0).unwrap())
            .filter(|t| lo < *t && *t <= hi)
            .count();
        let mentioned = got.sentence.matches("forward on").count() + got.sentence.matches("back on").count();
        prop_assert_eq!(mentioned, changes, "{}", got.sentence);
    }

    #[test]
    fn hours_from_a_date_start_at_the_end_of_that_day(from in covered_date(), n in 0u32..200, dir in direction()) {
        let cal = calendar("england-and-wales", &[], false);
        let r = Reckoner { calendar: &cal, tz: London, counting: Counting::AnchorIsDayZero };
        let got = r.offset(&Moment::Date(from), &Duration::new(n, Unit::Hours), dir).unwrap();
        let local_end = from.and_hms_opt(23, 59, 59).unwrap();
        // 23:59:59 is never inside a clock change, so BST applies exactly when it does an hour earlier.
        let end_utc = if is_bst(local_end - TimeDelta::hours(1)) { local_end - TimeDelta::hours(1) } else { local_end };
        let delta = TimeDelta::hours(i64::from(n));
        let due_utc = if dir == Direction::After { end_utc + delta } else { end_utc - delta };
        let Moment::Instant(due) = got.due else { panic!("hours give an instant") };
        prop_assert_eq!(due.naive_utc(), due_utc);
        prop_assert_eq!(due.naive_local(), london_local(due_utc));
        prop_assert!(got.end_of_day_assumed);
        prop_assert!(got.sentence.contains("the end of that day is assumed"), "{}", got.sentence);
    }

    #[test]
    fn months_clamp_to_the_end_of_a_shorter_month(
        from in (-60000i64..60000).prop_map(day), months in -2400i32..2400,
    ) {
        let (due, clamped) = add_months(from, months);
        let (y, m, d, expected_clamp) = naive_add_months(from, i64::from(months));
        prop_assert_eq!((due.year(), due.month(), due.day(), clamped), (y, m, d, expected_clamp));
        prop_assert_eq!(clamped, due.day() != from.day());
        if clamped {
            prop_assert_eq!(due.day(), days_in_month(y, m));
        } else {
            prop_assert_eq!(add_months(due, -months), (from, false));
        }
    }

    #[test]
    fn birthdays_keep_the_day_except_the_leap_day(dob in (-60000i64..60000).prop_map(day), years in 0u32..120) {
        let b = birthday(dob, years);
        let y = dob.year() + years as i32;
        prop_assert_eq!(b.year(), y);
        if dob.month() == 2 && dob.day() == 29 && !is_leap(y) {
            prop_assert_eq!((b.month(), b.day()), (3, 1));
        } else {
            prop_assert_eq!((b.month(), b.day()), (dob.month(), dob.day()));
        }
    }
}
