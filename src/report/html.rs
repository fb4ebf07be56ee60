//! The report's HTML vocabulary: escaping, status words and marks, dates for people.
//! Every piece of case or policy text reaches the page through `Esc`.

use duly_runtime::case::parse_date;
use duly_runtime::eval::Status;
use duly_runtime::ir::Policy;
use duly_runtime::reckon::format_date;
use std::fmt::{self, Write};

/// The page's stylesheet.
pub const STYLE: &str = include_str!("style.css");

/// One shape per status (and for events), drawn in `currentColor` so that each status
/// differs by shape as well as colour. Defined once; timelines and badges `<use>` them.
pub const SYMBOLS: &str = r##"<svg class="defs" aria-hidden="true" focusable="false" width="0" height="0">
<symbol id="m-met" viewBox="0 0 12 12"><circle cx="6" cy="6" r="5" fill="currentColor"/><path d="M3.4 6.2l1.8 1.8 3.5-3.6" fill="none" stroke="#fff" stroke-width="1.6"/></symbol>
<symbol id="m-late" viewBox="0 0 12 12"><path d="M6 .8l5.4 10.2H.6z" fill="currentColor"/></symbol>
<symbol id="m-overdue" viewBox="0 0 12 12"><path d="M6 .3l5.7 5.7L6 11.7.3 6z" fill="currentColor"/><path d="M6 3v3.6M6 8v1" stroke="#fff" stroke-width="1.5"/></symbol>
<symbol id="m-pending" viewBox="0 0 12 12"><circle cx="6" cy="6" r="4.3" fill="#fff" stroke="currentColor" stroke-width="2"/></symbol>
<symbol id="m-early" viewBox="0 0 12 12"><path d="M6 11.2L.6 1h10.8z" fill="currentColor"/></symbol>
<symbol id="m-undetermined" viewBox="0 0 12 12"><rect x="1.2" y="1.2" width="9.6" height="9.6" fill="#fff" stroke="currentColor" stroke-width="2"/></symbol>
<symbol id="m-not_applicable" viewBox="0 0 12 12"><path d="M2 6h8" stroke="currentColor" stroke-width="2.4"/></symbol>
<symbol id="m-waived" viewBox="0 0 12 12"><path d="M2 6h8" stroke="currentColor" stroke-width="2.4"/></symbol>
<symbol id="m-event" viewBox="0 0 12 12"><rect x="2.5" y="2.5" width="7" height="7" transform="rotate(45 6 6)" fill="currentColor"/></symbol>
<symbol id="m-scheduled" viewBox="0 0 12 12"><rect x="2.8" y="2.8" width="6.4" height="6.4" transform="rotate(45 6 6)" fill="#fff" stroke="currentColor" stroke-width="1.6"/></symbol>
<pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#b42318"/><rect width="2" height="5" fill="#f6c8c3"/></pattern>
</svg>
"##;

/// What the marks mean, shown once above the cases.
pub const LEGEND: &str = r##"<div class="legend" role="note"><h3>How to read a timeline</h3><ul>
<li><svg class="mk s-met" aria-hidden="true"><use href="#m-met"/></svg> Met</li>
<li><svg class="mk s-late" aria-hidden="true"><use href="#m-late"/></svg> Late</li>
<li><svg class="mk s-overdue" aria-hidden="true"><use href="#m-overdue"/></svg> Overdue</li>
<li><svg class="mk s-pending" aria-hidden="true"><use href="#m-pending"/></svg> Pending</li>
<li><svg class="mk s-early" aria-hidden="true"><use href="#m-early"/></svg> Early</li>
<li><svg class="mk s-undetermined" aria-hidden="true"><use href="#m-undetermined"/></svg> Undetermined</li>
<li><svg class="mk ev" aria-hidden="true"><use href="#m-event"/></svg> Event recorded</li>
<li><svg class="mk ev" aria-hidden="true"><use href="#m-scheduled"/></svg> Event booked, not yet held</li>
<li><svg class="key" aria-hidden="true" viewBox="0 0 30 12"><line x1="1" y1="6" x2="29" y2="6" class="win"/></svg> From the event it counts from to the due date (the mark)</li>
<li><svg class="key" aria-hidden="true" viewBox="0 0 30 12"><line x1="1" y1="6" x2="29" y2="6" class="lag"/></svg> Past the due date: until done (late) or until the report date (overdue)</li>
<li><svg class="key" aria-hidden="true" viewBox="0 0 30 12"><line x1="15" y1="1" x2="15" y2="11" class="done"/></svg> Done</li>
</ul><p>Hover over a mark for its dates; select it to jump to the obligation and its reasoning.</p></div>"##;

pub use crate::html::Esc;

/// A count with thousands separators: "12,345".
pub fn num(n: u64) -> String {
    let digits = n.to_string();
    let head = digits.len() % 3;
    let mut groups: Vec<&str> = Vec::new();
    if head > 0 {
        groups.push(&digits[..head]);
    }
    for i in (head..digits.len()).step_by(3) {
        groups.push(&digits[i..i + 3]);
    }
    groups.join(",")
}

/// An event's label, or the name as given (anchors may be descriptions: `16th birthday`).
pub fn event_label<'a>(policy: &'a Policy, name: &'a str) -> &'a str {
    policy
        .events
        .iter()
        .find(|e| e.name == name)
        .map_or(name, |e| e.label.as_str())
}

/// The status as a person reads it.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Met => "Met",
        Status::Late => "Late",
        Status::Overdue => "Overdue",
        Status::Pending => "Pending",
        Status::Early => "Early",
        Status::NotApplicable => "Not applicable",
        Status::Waived => "Waived",
        Status::Undetermined => "Undetermined",
    }
}

/// A status as a mark and its word: colour is never the only signal.
pub fn badge(out: &mut String, s: Status) -> fmt::Result {
    write!(
        out,
        "<span class=\"st s-{0}\"><svg class=\"mk\" aria-hidden=\"true\"><use href=\"#m-{0}\"/></svg>{1}</span>",
        s.as_str(),
        status_label(s)
    )
}

/// A date or date-time as the runtime writes it, for a person: "Wed 13 Jan 2027",
/// "13:00 on Sun 28 Mar 2027". Anything else is shown as written.
pub fn when(raw: &str) -> String {
    if let Some(d) = parse_date(raw) {
        return format_date(d);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return format!("{} on {}", t.format("%H:%M"), format_date(t.date_naive()));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(raw, fmt) {
            return format!("{} on {}", t.format("%H:%M"), format_date(t.date()));
        }
    }
    raw.to_string()
}

/// `<time>` for a date or date-time the runtime wrote.
pub fn time(out: &mut String, raw: &str) -> fmt::Result {
    write!(
        out,
        "<time datetime=\"{}\">{}</time>",
        Esc(raw),
        Esc(&when(raw))
    )
}

/// The calendar day of a date or date-time the runtime wrote (its first ten characters,
/// the local date).
pub fn day(raw: &str) -> Option<chrono::NaiveDate> {
    raw.get(..10).and_then(parse_date)
}

#[cfg(test)]
mod tests {
    use super::{day, num, when, Esc};

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1,000");
        assert_eq!(num(1234567), "1,234,567");
    }

    #[test]
    fn escapes_markup_quotes_and_line_breaks() {
        assert_eq!(
            Esc("<C&1> \"q\" 'a'\nb\u{0}").to_string(),
            "&lt;C&amp;1&gt; &quot;q&quot; &#39;a&#39;&#10;b\u{fffd}"
        );
        assert_eq!(Esc("plain é").to_string(), "plain é");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(when("2027-01-13"), "Wed 13 Jan 2027");
        assert_eq!(
            when("2027-03-28T13:00:00+01:00"),
            "13:00 on Sun 28 Mar 2027"
        );
        assert_eq!(when("2026-11-02T10:30"), "10:30 on Mon 2 Nov 2026");
        assert_eq!(when("soon"), "soon");
        assert_eq!(
            day("2027-03-28T13:00:00+01:00"),
            chrono::NaiveDate::from_ymd_opt(2027, 3, 28)
        );
    }
}
