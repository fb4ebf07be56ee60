//! Hand-checked deadlines around the awkward parts of the UK calendar. Every expected date was
//! counted by hand and re-checked with a day-by-day script (and `zoneinfo` for the clock changes).

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use duly_runtime::calendar::{Calendar, CalendarError, NonWorking};
use duly_runtime::duration::{Counting, Direction, Duration, Unit};
use duly_runtime::reckon::{
    add_months, birthday, format_date, local_instant, Moment, Reckoner, Reckoning,
};

const GOV_UK: &str = include_str!("../../policies/calendars/bank-holidays.json");

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn england() -> Calendar {
    Calendar::from_gov_uk_json(GOV_UK, "england-and-wales").unwrap()
}

fn scotland() -> Calendar {
    Calendar::from_gov_uk_json(GOV_UK, "scotland").unwrap()
}

fn reckon(
    cal: &Calendar,
    counting: Counting,
    from: Moment,
    amount: u32,
    unit: Unit,
    dir: Direction,
) -> Reckoning {
    let r = Reckoner {
        calendar: cal,
        tz: London,
        counting,
    };
    r.offset(&from, &Duration::new(amount, unit), dir).unwrap()
}

fn after(cal: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
    cal.add_working_days(from, n, Direction::After, Counting::AnchorIsDayZero)
        .unwrap()
}

fn before(cal: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
    cal.add_working_days(from, n, Direction::Before, Counting::AnchorIsDayZero)
        .unwrap()
}

fn london(y: i32, m: u32, d: u32, h: u32, min: u32) -> Moment {
    Moment::Instant(
        London
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap(),
    )
}

// ---- Christmas and New Year 2026–27, England and Wales ----

#[test]
fn fifteen_working_days_over_christmas() {
    // Mon 21–Thu 24 (4), Tue 29–Thu 31 (7), Mon 4–Fri 8 Jan (12), Mon 11–Wed 13 (15).
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 12, 18)),
        15,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2027, 1, 13)));
    assert_eq!(
        r.sentence,
        "15 working days after Fri 18 Dec 2026, skipping Fri 25 Dec 2026, Mon 28 Dec 2026 and Fri 1 Jan 2027 \
         (bank holidays), is Wed 13 Jan 2027"
    );
    assert_eq!(
        r.skipped,
        vec![
            (
                date(2026, 12, 25),
                NonWorking::BankHoliday("Christmas Day".into())
            ),
            (
                date(2026, 12, 28),
                NonWorking::BankHoliday("Boxing Day".into())
            ),
            (
                date(2027, 1, 1),
                NonWorking::BankHoliday("New Year's Day".into())
            ),
        ]
    );
    assert!(r.uncovered_years.is_empty());
    assert_eq!(
        england().working_days_between(date(2026, 12, 18), date(2027, 1, 13)),
        Ok(15)
    );
    assert_eq!(
        england().working_days_between(date(2027, 1, 13), date(2026, 12, 18)),
        Ok(-15)
    );
}

#[test]
fn working_days_before_new_year() {
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        Moment::Date(date(2027, 1, 4)),
        2,
        Unit::WorkingDays,
        Direction::Before,
    );
    assert_eq!(r.due, Moment::Date(date(2026, 12, 30)));
    assert_eq!(
        r.sentence,
        "2 working days before Mon 4 Jan 2027, skipping Fri 1 Jan 2027 (bank holiday), is Wed 30 Dec 2026"
    );
}

#[test]
fn anchor_is_day_one() {
    let cal = england();
    let r = reckon(
        &cal,
        Counting::AnchorIsDayOne,
        Moment::Date(date(2026, 12, 18)),
        15,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2027, 1, 12)));
    assert_eq!(
        r.sentence,
        "15 working days after Fri 18 Dec 2026 (counting Fri 18 Dec 2026 as day 1), skipping Fri 25 Dec 2026, \
         Mon 28 Dec 2026 and Fri 1 Jan 2027 (bank holidays), is Tue 12 Jan 2027"
    );
    // Backwards: Mon 4 Jan is day 1, Thu 31 Dec day 2.
    assert_eq!(
        cal.add_working_days(
            date(2027, 1, 4),
            2,
            Direction::Before,
            Counting::AnchorIsDayOne
        ),
        Ok(date(2026, 12, 31))
    );
    // A bank-holiday anchor is day 0 under either convention.
    assert_eq!(
        cal.add_working_days(
            date(2026, 12, 25),
            1,
            Direction::After,
            Counting::AnchorIsDayOne
        ),
        Ok(date(2026, 12, 29))
    );
    let r = reckon(
        &cal,
        Counting::AnchorIsDayOne,
        Moment::Date(date(2026, 12, 19)),
        10,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2027, 1, 6)));
    assert!(
        r.sentence
            .contains("(Sat 19 Dec 2026 is not a working day, so it counts as day 0)"),
        "{}",
        r.sentence
    );
    // One working day counting the anchor as day 1 is the anchor itself.
    assert_eq!(
        cal.add_working_days(
            date(2027, 1, 13),
            1,
            Direction::After,
            Counting::AnchorIsDayOne
        ),
        Ok(date(2027, 1, 13))
    );
}

#[test]
fn zero_working_days_is_the_anchor_even_on_a_holiday() {
    assert_eq!(after(&england(), date(2026, 12, 25), 0), date(2026, 12, 25));
}

// ---- Easter ----

#[test]
fn easter_2026() {
    let cal = england();
    assert_eq!(after(&cal, date(2026, 4, 2), 1), date(2026, 4, 7));
    // Thu 2 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5).
    assert_eq!(after(&cal, date(2026, 4, 1), 5), date(2026, 4, 10));
    assert_eq!(
        cal.non_working(date(2026, 4, 3)),
        Ok(Some(NonWorking::BankHoliday("Good Friday".into())))
    );
    assert_eq!(
        cal.non_working(date(2026, 4, 6)),
        Ok(Some(NonWorking::BankHoliday("Easter Monday".into())))
    );
    assert_eq!(
        cal.non_working(date(2026, 4, 4)),
        Ok(Some(NonWorking::Weekend))
    );
    assert_eq!(cal.non_working(date(2026, 4, 7)), Ok(None));
    // Scotland has Good Friday but no Easter Monday.
    assert_eq!(after(&scotland(), date(2026, 4, 2), 1), date(2026, 4, 6));
}

#[test]
fn easter_2027() {
    let cal = england();
    assert_eq!(after(&cal, date(2027, 3, 25), 1), date(2027, 3, 30));
    // Tue 30 (1), Thu 25 (2), Wed 24 (3).
    assert_eq!(before(&cal, date(2027, 3, 31), 3), date(2027, 3, 24));
    assert_eq!(
        cal.skipped_weekdays(date(2027, 3, 31), date(2027, 3, 24))
            .len(),
        2
    );
}

// ---- Scotland ----

#[test]
fn scotland_keeps_the_second_of_january() {
    let (e, s) = (england(), scotland());
    assert_eq!(after(&e, date(2025, 12, 31), 1), date(2026, 1, 2));
    assert_eq!(after(&s, date(2025, 12, 31), 1), date(2026, 1, 5));
    assert_eq!(
        s.non_working(date(2026, 1, 2)),
        Ok(Some(NonWorking::BankHoliday("New Year Holiday".into())))
    );
    // In 2027 Scotland's holiday moves to Mon 4 Jan.
    assert_eq!(before(&e, date(2027, 1, 5), 2), date(2026, 12, 31));
    assert_eq!(before(&s, date(2027, 1, 5), 2), date(2026, 12, 30));
}

#[test]
fn division_names_and_errors() {
    let underscored = Calendar::from_gov_uk_json(GOV_UK, "england_and_wales").unwrap();
    assert_eq!(underscored.division(), "england-and-wales");
    assert_eq!(underscored.covered_years(), (2015, 2030));
    match Calendar::from_gov_uk_json(GOV_UK, "wales") {
        Err(CalendarError::UnknownDivision { given, available }) => {
            assert_eq!(given, "wales");
            assert_eq!(
                available,
                ["england-and-wales", "northern-ireland", "scotland"]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Calendar::from_gov_uk_json("{", "scotland"),
        Err(CalendarError::Json { .. })
    ));
    let bad = r#"{"scotland":{"division":"scotland","events":[{"title":"x","date":"2026-02-30","notes":"","bunting":true}]}}"#;
    assert!(matches!(
        Calendar::from_gov_uk_json(bad, "scotland"),
        Err(CalendarError::Json { .. })
    ));
}

// ---- Closures ----

#[test]
fn closure_days_are_skipped_and_labelled() {
    let cal = england().with_closed(&[(date(2026, 12, 29), date(2026, 12, 31))]);
    assert_eq!(
        cal.non_working(date(2026, 12, 30)),
        Ok(Some(NonWorking::Closed))
    );
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 12, 18)),
        15,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2027, 1, 18)));
    assert_eq!(
        r.sentence,
        "15 working days after Fri 18 Dec 2026, skipping Fri 25 Dec 2026 (bank holiday), Mon 28 Dec 2026 (bank holiday), \
         Tue 29 Dec 2026 (closure day), Wed 30 Dec 2026 (closure day), Thu 31 Dec 2026 (closure day) and \
         Fri 1 Jan 2027 (bank holiday), is Mon 18 Jan 2027"
    );
    let only = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 12, 28)),
        1,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(only.due, Moment::Date(date(2027, 1, 4)));
    let closures = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 12, 28)),
        3,
        Unit::Days,
        Direction::After,
    );
    assert!(closures.skipped.is_empty(), "calendar days skip nothing");
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2027, 1, 4)),
        1,
        Unit::WorkingDays,
        Direction::Before,
    );
    assert_eq!(r.due, Moment::Date(date(2026, 12, 24)));
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 12, 28)),
        0,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(
        r.sentence,
        "0 working days after Mon 28 Dec 2026 is Mon 28 Dec 2026"
    );
    let training = england().with_closed(&[(date(2027, 1, 12), date(2027, 1, 11))]);
    let r = reckon(
        &training,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2027, 1, 8)),
        1,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(
        r.sentence,
        "1 working day after Fri 8 Jan 2027, skipping Mon 11 Jan 2027 and Tue 12 Jan 2027 (closure days), is Wed 13 Jan 2027"
    );
    assert_eq!(
        only.sentence,
        "1 working day after Mon 28 Dec 2026, skipping Tue 29 Dec 2026 (closure day), Wed 30 Dec 2026 (closure day), \
         Thu 31 Dec 2026 (closure day) and Fri 1 Jan 2027 (bank holiday), is Mon 4 Jan 2027"
    );
}

#[test]
fn closures_on_weekends_and_holidays_keep_the_stronger_reason() {
    let cal = england().with_closed(&[(date(2026, 12, 24), date(2026, 12, 27))]);
    assert_eq!(
        cal.non_working(date(2026, 12, 24)),
        Ok(Some(NonWorking::Closed))
    );
    assert_eq!(
        cal.non_working(date(2026, 12, 25)),
        Ok(Some(NonWorking::BankHoliday("Christmas Day".into())))
    );
    assert_eq!(
        cal.non_working(date(2026, 12, 26)),
        Ok(Some(NonWorking::Weekend))
    );
    let skipped = cal.skipped_weekdays(date(2026, 12, 23), date(2026, 12, 29));
    assert_eq!(
        skipped,
        vec![
            (date(2026, 12, 24), NonWorking::Closed),
            (
                date(2026, 12, 25),
                NonWorking::BankHoliday("Christmas Day".into())
            ),
            (
                date(2026, 12, 28),
                NonWorking::BankHoliday("Boxing Day".into())
            ),
        ]
    );
}

// ---- Coverage ----

#[test]
fn uncovered_years_are_errors_unless_allowed() {
    let cal = england();
    assert_eq!(
        cal.add_working_days(
            date(2030, 12, 20),
            10,
            Direction::After,
            Counting::AnchorIsDayZero
        ),
        Err(CalendarError::NotCovered {
            date: date(2031, 1, 1),
            first_year: 2015,
            last_year: 2030
        })
    );
    assert!(matches!(
        cal.is_working_day(date(2031, 1, 2)),
        Err(CalendarError::NotCovered { .. })
    ));
    assert!(matches!(
        cal.working_days_between(date(2014, 12, 31), date(2015, 1, 5)),
        Err(CalendarError::NotCovered { .. })
    ));
    let lenient = cal.allowing_uncovered(true);
    let r = reckon(
        &lenient,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2030, 12, 31)),
        1,
        Unit::WorkingDays,
        Direction::After,
    );
    assert_eq!(
        r.due,
        Moment::Date(date(2031, 1, 1)),
        "no New Year's Day without data"
    );
    assert_eq!(r.uncovered_years, vec![2031]);
    assert_eq!(
        r.sentence,
        "1 working day after Tue 31 Dec 2030 is Wed 1 Jan 2031 (the calendar has no bank holidays for 2031, \
         so only weekends and closure days were skipped there)"
    );
    let message = england()
        .add_working_days(
            date(2030, 12, 20),
            10,
            Direction::After,
            Counting::AnchorIsDayZero,
        )
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("2015 to 2030") && message.contains("Wed 1 Jan 2031"),
        "{message}"
    );
}

// ---- Months, years and birthdays ----

#[test]
fn month_ends_clamp() {
    assert_eq!(add_months(date(2026, 1, 31), 1), (date(2026, 2, 28), true));
    assert_eq!(add_months(date(2028, 1, 31), 1), (date(2028, 2, 29), true));
    assert_eq!(add_months(date(2026, 1, 31), 2), (date(2026, 3, 31), false));
    assert_eq!(add_months(date(2026, 5, 31), 1), (date(2026, 6, 30), true));
    assert_eq!(add_months(date(2026, 3, 31), -1), (date(2026, 2, 28), true));
    assert_eq!(add_months(date(2026, 12, 31), 2), (date(2027, 2, 28), true));
    assert_eq!(
        add_months(date(2027, 1, 15), -1),
        (date(2026, 12, 15), false)
    );
    assert_eq!(add_months(date(2026, 2, 28), 1), (date(2026, 3, 28), false));
}

#[test]
fn month_sentence_names_the_missing_day() {
    let cal = england();
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 1, 31)),
        1,
        Unit::Months,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2026, 2, 28)));
    assert_eq!(r.clamped, Some(date(2026, 2, 28)));
    assert_eq!(
        r.sentence,
        "1 month after Sat 31 Jan 2026 is Sat 28 Feb 2026 (31 Feb does not exist, so the last day of the month is used)"
    );
    let leap = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2028, 2, 29)),
        1,
        Unit::Years,
        Direction::After,
    );
    assert_eq!(leap.due, Moment::Date(date(2029, 2, 28)));
    assert!(
        leap.sentence
            .ends_with("(29 Feb 2029 does not exist, so the last day of the month is used)"),
        "{}",
        leap.sentence
    );
    let plain = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 1, 15)),
        3,
        Unit::Months,
        Direction::After,
    );
    assert_eq!(plain.due, Moment::Date(date(2026, 4, 15)));
    assert_eq!(plain.clamped, None);
    assert_eq!(
        plain.sentence,
        "3 months after Thu 15 Jan 2026 is Wed 15 Apr 2026"
    );
}

#[test]
fn leap_day_birthdays() {
    let dob = date(2012, 2, 29);
    assert_eq!(birthday(dob, 16), date(2028, 2, 29));
    assert_eq!(birthday(dob, 17), date(2029, 3, 1));
    assert_eq!(birthday(dob, 18), date(2030, 3, 1));
    assert_eq!(birthday(date(2010, 6, 15), 18), date(2028, 6, 15));
}

#[test]
fn days_and_weeks() {
    let cal = england();
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2026, 12, 18)),
        10,
        Unit::Days,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2026, 12, 28)));
    assert_eq!(
        r.sentence,
        "10 days after Fri 18 Dec 2026 is Mon 28 Dec 2026"
    );
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        Moment::Date(date(2027, 1, 13)),
        6,
        Unit::Weeks,
        Direction::Before,
    );
    assert_eq!(r.due, Moment::Date(date(2026, 12, 2)));
    // An instant anchor counts from its local date: 23:30 UTC on 30 Jun is 00:30 BST on 1 Jul.
    let late = Moment::Instant(
        chrono_tz::UTC
            .with_ymd_and_hms(2026, 6, 30, 23, 30, 0)
            .unwrap(),
    );
    let r = reckon(
        &cal,
        Counting::AnchorIsDayZero,
        late,
        1,
        Unit::Days,
        Direction::After,
    );
    assert_eq!(r.due, Moment::Date(date(2026, 7, 2)));
}

// ---- Hours and the clocks ----

#[test]
fn hours_across_spring_forward_2026() {
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        london(2026, 3, 28, 12, 0),
        24,
        Unit::Hours,
        Direction::After,
    );
    assert_eq!(r.due, london(2026, 3, 29, 13, 0));
    assert_eq!(
        r.sentence,
        "24 hours after 12:00 on Sat 28 Mar 2026 is 13:00 on Sun 29 Mar 2026 (the clocks went forward on Sun 29 Mar 2026)"
    );
}

#[test]
fn hours_across_fall_back_2026() {
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        london(2026, 10, 24, 12, 0),
        24,
        Unit::Hours,
        Direction::After,
    );
    assert_eq!(r.due, london(2026, 10, 25, 11, 0));
    assert!(
        r.sentence
            .ends_with("is 11:00 on Sun 25 Oct 2026 (the clocks went back on Sun 25 Oct 2026)"),
        "{}",
        r.sentence
    );
}

#[test]
fn hours_from_a_date_assume_the_end_of_day_2027() {
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        Moment::Date(date(2027, 3, 27)),
        24,
        Unit::Hours,
        Direction::After,
    );
    assert!(r.end_of_day_assumed);
    let Moment::Instant(due) = &r.due else {
        panic!("{:?}", r.due)
    };
    assert_eq!(
        due.naive_utc(),
        date(2027, 3, 28).and_hms_opt(23, 59, 59).unwrap()
    );
    assert_eq!(
        r.sentence,
        "24 hours after 23:59 on Sat 27 Mar 2027 (the time was not recorded, so the end of that day is assumed) \
         is 00:59 on Mon 29 Mar 2027 (the clocks went forward on Sun 28 Mar 2027)"
    );
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        Moment::Date(date(2027, 10, 30)),
        48,
        Unit::Hours,
        Direction::After,
    );
    let Moment::Instant(due) = &r.due else {
        panic!("{:?}", r.due)
    };
    assert_eq!(
        due.naive_local(),
        date(2027, 11, 1).and_hms_opt(22, 59, 59).unwrap()
    );
    assert!(
        r.sentence
            .ends_with("(the clocks went back on Sun 31 Oct 2027)"),
        "{}",
        r.sentence
    );
}

#[test]
fn hours_before_and_without_a_change() {
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        london(2027, 3, 30, 9, 0),
        72,
        Unit::Hours,
        Direction::Before,
    );
    assert_eq!(r.due, london(2027, 3, 27, 8, 0));
    assert_eq!(
        r.sentence,
        "72 hours before 09:00 on Tue 30 Mar 2027 is 08:00 on Sat 27 Mar 2027 (the clocks went forward on Sun 28 Mar 2027)"
    );
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        london(2027, 1, 4, 10, 0),
        72,
        Unit::Hours,
        Direction::After,
    );
    assert_eq!(
        r.sentence,
        "72 hours after 10:00 on Mon 4 Jan 2027 is 10:00 on Thu 7 Jan 2027"
    );
    assert!(!r.end_of_day_assumed);
    let r = reckon(
        &england(),
        Counting::AnchorIsDayZero,
        london(2026, 3, 1, 9, 0),
        24 * 365,
        Unit::Hours,
        Direction::After,
    );
    assert_eq!(r.due, london(2027, 3, 1, 9, 0));
    assert!(
        r.sentence
            .ends_with("(the clocks went forward on Sun 29 Mar 2026 and back on Sun 25 Oct 2026)"),
        "{}",
        r.sentence
    );
}

#[test]
fn wall_clock_gaps_and_overlaps() {
    let gap = local_instant(London, date(2026, 3, 29).and_hms_opt(1, 30, 0).unwrap());
    assert_eq!(
        gap.naive_local(),
        date(2026, 3, 29).and_hms_opt(2, 30, 0).unwrap()
    );
    assert_eq!(
        gap.naive_utc(),
        date(2026, 3, 29).and_hms_opt(1, 30, 0).unwrap()
    );
    let overlap = local_instant(London, date(2026, 10, 25).and_hms_opt(1, 30, 0).unwrap());
    assert_eq!(
        overlap.naive_utc(),
        date(2026, 10, 25).and_hms_opt(0, 30, 0).unwrap(),
        "the earlier, BST, instant"
    );
}

#[test]
fn dates_read_as_explanations_show_them() {
    assert_eq!(format_date(date(2027, 1, 13)), "Wed 13 Jan 2027");
    assert_eq!(format_date(date(2026, 12, 1)), "Tue 1 Dec 2026");
    assert_eq!(
        london(2026, 7, 1, 9, 5).to_string(),
        "09:05 on Wed 1 Jul 2026"
    );
}

// ---- Measuring lateness ----

#[test]
fn lateness_in_the_rules_unit() {
    let cal = england();
    let r = Reckoner {
        calendar: &cal,
        tz: London,
        counting: Counting::AnchorIsDayZero,
    };
    let d = |y, m, dd| Moment::Date(date(y, m, dd));
    // Tue 29, Wed 30, Thu 31 Dec; Fri 1 Jan is a bank holiday.
    assert_eq!(
        r.measure(&d(2026, 12, 24), &d(2027, 1, 1), Unit::WorkingDays),
        "3 working days"
    );
    assert_eq!(
        r.measure(&d(2026, 12, 24), &d(2027, 1, 4), Unit::WorkingDays),
        "4 working days"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 8), &d(2027, 1, 10), Unit::WorkingDays),
        "2 days, none of them working days"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 8), &d(2027, 1, 9), Unit::Days),
        "1 day"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 9), &d(2027, 1, 8), Unit::Days),
        "1 day"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 1), &d(2027, 1, 18), Unit::Weeks),
        "2 weeks and 3 days"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 1), &d(2027, 1, 15), Unit::Weeks),
        "2 weeks"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 1), &d(2027, 1, 4), Unit::Weeks),
        "3 days"
    );
    assert_eq!(
        r.measure(&d(2027, 1, 10), &d(2027, 2, 14), Unit::Months),
        "1 month and 4 days"
    );
    // 31 Jan + 1 month is 28 Feb, then one more day.
    assert_eq!(
        r.measure(&d(2027, 1, 31), &d(2027, 3, 1), Unit::Months),
        "1 month and 1 day"
    );
    assert_eq!(
        r.measure(&d(2026, 1, 10), &d(2027, 3, 13), Unit::Years),
        "1 year, 2 months and 3 days"
    );
    assert_eq!(
        r.measure(&d(2026, 1, 10), &d(2026, 1, 10), Unit::Months),
        "0 months"
    );
    assert_eq!(
        r.measure(
            &london(2027, 1, 4, 10, 0),
            &london(2027, 1, 4, 15, 0),
            Unit::Hours
        ),
        "5 hours"
    );
    assert_eq!(
        r.measure(
            &london(2027, 1, 4, 10, 0),
            &london(2027, 1, 4, 15, 30),
            Unit::Hours
        ),
        "5 hours and 30 minutes"
    );
    // Across spring-forward: 12:00 Sat to 12:00 Sun is 23 elapsed hours.
    assert_eq!(
        r.measure(
            &london(2026, 3, 28, 12, 0),
            &london(2026, 3, 29, 12, 0),
            Unit::Hours
        ),
        "23 hours"
    );
    let uncovered = r.measure(&d(2030, 12, 20), &d(2031, 1, 6), Unit::WorkingDays);
    assert!(
        uncovered.starts_with("17 days (") && uncovered.contains("2015 to 2030"),
        "{uncovered}"
    );
}
