//! Times of day and days of the week as policies write them (`16:00`, `4pm`, `Thursday`).
//!
//! The grammar reads these loosely, so that a near miss (`16.00`, `4 pm`, `on Thursdays`)
//! reaches this module and gets a diagnostic that says what to write instead.

use chrono::{NaiveTime, Weekday};
use duly_runtime::reckon::weekday_name;
use duly_runtime::suggest::closest;

/// Why a written time or day was not accepted: what to say, what to label, what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub message: String,
    pub label: String,
    pub help: String,
}

fn problem(message: String, label: &str, help: String) -> Problem {
    Problem {
        message,
        label: label.into(),
        help,
    }
}

/// `16:00` (24-hour clock) or `4pm` / `4:30pm` (the documents' own spelling): the time.
pub(crate) fn time_of_day(written: &str) -> Result<NaiveTime, Problem> {
    let digits = written.chars().take_while(char::is_ascii_digit).count();
    let (hour, rest) = written.split_at(digits);
    let hour: u32 = hour.parse().unwrap_or(u32::MAX);
    let (separator, minute, rest) = match rest.chars().next() {
        Some(c @ (':' | '.')) => {
            let minute = rest.get(1..3).unwrap_or("");
            (
                Some(c),
                minute.parse::<u32>().ok(),
                rest.get(3..).unwrap_or(""),
            )
        }
        _ => (None, None, rest),
    };
    let spaced = rest.starts_with(' ');
    let meridiem = rest.trim_start().to_ascii_lowercase();
    let pm = match meridiem.replace('.', "").as_str() {
        "" => None,
        "pm" => Some(true),
        _ => Some(false),
    };
    let minute_value = minute.unwrap_or(0);
    let not_a_time = |help: String| {
        problem(
            format!("`{written}` is not a time of day"),
            "no such time",
            help,
        )
    };
    // What the author most likely meant, in both spellings duly reads.
    let h24 = match pm {
        Some(true) if (1..=12).contains(&hour) => Some(hour % 12 + 12),
        Some(false) if (1..=12).contains(&hour) => Some(hour % 12),
        None if hour <= 23 => Some(hour),
        _ => None,
    };
    let Some(h24) = h24.filter(|_| minute_value <= 59) else {
        return Err(not_a_time(match pm {
            Some(_) => "with `am` or `pm`, hours run from 1 to 12: write e.g. `4pm`, or `16:00` on the 24-hour clock".into(),
            None => "hours run from 00 to 23 and minutes from 00 to 59: write e.g. `16:00`".into(),
        }));
    };
    let colon = format!("{h24:02}:{minute_value:02}");
    let twelve = {
        let h12 = if h24 % 12 == 0 { 12 } else { h24 % 12 };
        let suffix = if h24 >= 12 { "pm" } else { "am" };
        if minute_value == 0 {
            format!("{h12}{suffix}")
        } else {
            format!("{h12}:{minute_value:02}{suffix}")
        }
    };
    let unreadable = |label: &str, help: String| {
        Err(problem(
            format!("`{written}` is not a time duly reads"),
            label,
            help,
        ))
    };
    if separator == Some('.') {
        return unreadable(
            "a dot between hours and minutes",
            format!("put a colon between hours and minutes: write `{colon}`"),
        );
    }
    if pm.is_some() && (spaced || meridiem.contains('.')) {
        return unreadable(
            "`am` or `pm` written apart",
            format!("write `{twelve}` (no space or dots), or `{colon}` on the 24-hour clock"),
        );
    }
    if pm.is_none() && separator.is_none() {
        return unreadable(
            "an hour without minutes",
            format!("write hours and minutes with a colon, `{colon}`, or say `am` or `pm`"),
        );
    }
    NaiveTime::from_hms_opt(h24, minute_value, 0)
        .ok_or_else(|| not_a_time("write e.g. `16:00`".into()))
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// A day of the week (`Thursday`, in any case), or `day` for "the day before": `None`.
/// `before` is how the rule goes on (`before legal_planning_meeting`), for the help.
pub(crate) fn day(written: &str, before: &str) -> Result<Option<Weekday>, Problem> {
    let lower = written.to_ascii_lowercase();
    if lower == "day" {
        return Ok(None);
    }
    if let Some((_, w)) = WEEKDAYS.iter().find(|(name, _)| *name == lower) {
        return Ok(Some(*w));
    }
    if let Some((_, w)) = WEEKDAYS
        .iter()
        .find(|(name, _)| lower.strip_suffix('s') == Some(*name))
    {
        let full = weekday_name(*w);
        return Err(problem(
            format!("`{written}` means every {full}"),
            "one day is meant",
            format!(
                "each deadline is the {full} before one occurrence: write `on the {full} {before}`"
            ),
        ));
    }
    if lower.len() >= 2 {
        if let Some((_, w)) = WEEKDAYS.iter().find(|(name, _)| name.starts_with(&lower)) {
            return Err(problem(
                format!("`{written}` is not a day duly reads"),
                "a shortened day",
                format!("write the day in full: `{}`", weekday_name(*w)),
            ));
        }
    }
    let guess = closest(&lower, WEEKDAYS.iter().map(|(name, _)| *name))
        .and_then(|g| WEEKDAYS.iter().find(|(name, _)| *name == g));
    Err(problem(
        format!("`{written}` is not a day of the week"),
        "not a day",
        match guess {
            Some((_, w)) => format!("did you mean `{}`?", weekday_name(*w)),
            None => {
                "write a day of the week, e.g. `on the Thursday before …`, or `on the day before …`"
                    .into()
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn reads_the_24_hour_clock_and_am_pm() {
        assert_eq!(time_of_day("16:00"), Ok(hm(16, 0)));
        assert_eq!(time_of_day("9:30"), Ok(hm(9, 30)));
        assert_eq!(time_of_day("00:00"), Ok(hm(0, 0)));
        assert_eq!(time_of_day("4pm"), Ok(hm(16, 0)));
        assert_eq!(time_of_day("4PM"), Ok(hm(16, 0)));
        assert_eq!(time_of_day("4:30pm"), Ok(hm(16, 30)));
        assert_eq!(time_of_day("12pm"), Ok(hm(12, 0)));
        assert_eq!(time_of_day("12am"), Ok(hm(0, 0)));
        assert_eq!(time_of_day("11am"), Ok(hm(11, 0)));
    }

    #[test]
    fn near_misses_say_what_to_write() {
        let help = |t: &str| time_of_day(t).unwrap_err().help;
        assert_eq!(
            help("16.00"),
            "put a colon between hours and minutes: write `16:00`"
        );
        assert_eq!(
            help("4 pm"),
            "write `4pm` (no space or dots), or `16:00` on the 24-hour clock"
        );
        assert_eq!(
            help("4p.m."),
            "write `4pm` (no space or dots), or `16:00` on the 24-hour clock"
        );
        assert_eq!(
            help("4.30pm"),
            "put a colon between hours and minutes: write `16:30`"
        );
        assert_eq!(
            help("16"),
            "write hours and minutes with a colon, `16:00`, or say `am` or `pm`"
        );
        assert!(help("25:00").starts_with("hours run from 00 to 23"));
        assert!(help("16:75").starts_with("hours run from 00 to 23"));
        assert!(help("13pm").starts_with("with `am` or `pm`"));
        assert!(help("0pm").starts_with("with `am` or `pm`"));
    }

    #[test]
    fn reads_weekdays_and_the_day_before() {
        assert_eq!(day("Thursday", ""), Ok(Some(Weekday::Thu)));
        assert_eq!(day("thursday", ""), Ok(Some(Weekday::Thu)));
        assert_eq!(day("Monday", ""), Ok(Some(Weekday::Mon)));
        assert_eq!(day("day", ""), Ok(None));
    }

    #[test]
    fn days_that_are_not_one_day_say_what_to_write() {
        let p = day("Thursdays", "before legal_planning_meeting").unwrap_err();
        assert_eq!(p.message, "`Thursdays` means every Thursday");
        assert_eq!(
            p.help,
            "each deadline is the Thursday before one occurrence: write `on the Thursday before legal_planning_meeting`"
        );
        assert_eq!(
            day("Thurs", "").unwrap_err().help,
            "write the day in full: `Thursday`"
        );
        assert_eq!(
            day("Thrusday", "").unwrap_err().help,
            "did you mean `Thursday`?"
        );
        assert!(day("week", "").is_err());
    }
}
