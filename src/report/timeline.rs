//! A case's timeline as inline SVG: a month axis, a lane per recorded event, and a lane (or a
//! few) per standard with each deadline drawn from its anchor to its due date, marked by status.

use super::html::{self, Esc};
use super::View;
use chrono::{Datelike, NaiveDate};
use duly_runtime::case::Case;
use duly_runtime::eval::{Obligation, Status};
use duly_runtime::ir::Policy;
use std::fmt::{self, Write};

const WIDTH: f64 = 960.0;
const GUTTER: f64 = 230.0;
const RIGHT: f64 = 18.0;
const AXIS: f64 = 30.0;
const LANE: f64 = 18.0;
/// Lanes one standard may take before its deadlines overlap in the last one.
const MAX_SUBLANES: usize = 3;
/// Characters of a lane label before it is cut (the full label is its tooltip).
const LABEL_CHARS: usize = 36;

/// Maps days to horizontal positions: `start` to `x0`, `end` to `x1`, linearly between.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    start: NaiveDate,
    days: f64,
    x0: f64,
    x1: f64,
}

impl Scale {
    /// A scale from `start` at `x0` to `end` at `x1` (a span under one day counts as one).
    pub fn new(start: NaiveDate, end: NaiveDate, x0: f64, x1: f64) -> Scale {
        let days = (end - start).num_days().max(1) as f64;
        Scale {
            start,
            days,
            x0,
            x1,
        }
    }

    /// Where `day` falls.
    pub fn x(&self, day: NaiveDate) -> f64 {
        self.x0 + (day - self.start).num_days() as f64 / self.days * (self.x1 - self.x0)
    }
}

/// An obligation with a date to draw.
struct Deadline<'a> {
    index: usize,
    o: &'a Obligation,
    from: Option<NaiveDate>,
    due: NaiveDate,
    done: Option<NaiveDate>,
}

impl Deadline<'_> {
    /// First and last day the drawing of this deadline covers.
    fn extent(&self, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
        let mut first = self.due;
        let mut last = self.due;
        for d in [self.from, self.done].into_iter().flatten() {
            first = first.min(d);
            last = last.max(d);
        }
        if self.o.status == Status::Overdue {
            last = last.max(as_of);
        }
        (first, last)
    }
}

/// One standard's lanes, each with its deadlines and the last day its drawing covers.
type Sublanes<'a> = Vec<(Vec<Deadline<'a>>, NaiveDate)>;

/// A horizontal lane: its label (on its first row only) and what it draws.
enum Lane<'a> {
    Event(usize),
    Rule(Option<String>, Vec<Deadline<'a>>),
}

/// Writes the timeline, or a sentence saying there is nothing to draw.
pub fn render(out: &mut String, view: &View) -> fmt::Result {
    let View {
        case,
        obligations,
        policy,
        as_of,
        anchor,
    } = *view;
    let deadlines: Vec<Deadline> = obligations
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o.status, Status::NotApplicable | Status::Waived))
        .filter_map(|(index, o)| {
            let due = o
                .due
                .as_deref()
                .or(o.target.as_deref())
                .and_then(html::day)?;
            Some(Deadline {
                index,
                o,
                from: o.anchor.as_ref().and_then(|a| html::day(&a.at)),
                due,
                done: o.done.as_deref().and_then(html::day),
            })
        })
        .collect();
    let mut days: Vec<NaiveDate> = case.events.iter().flatten().map(occ_day).collect();
    for d in &deadlines {
        let (first, last) = d.extent(as_of);
        days.extend([first, last]);
    }
    let (Some(&min), Some(&max)) = (days.iter().min(), days.iter().max()) else {
        return writeln!(
            out,
            "<p class=\"none\">No timeline: the case has no recorded events and no dated deadlines.</p>"
        );
    };
    let pending = deadlines.iter().any(|d| d.o.status == Status::Pending);
    let (start, end) = padded(min, max, as_of, pending);
    let lanes = lanes(case, deadlines, policy, as_of);
    let scale = Scale::new(start, end, GUTTER, WIDTH - RIGHT);
    let height = AXIS + lanes.len() as f64 * LANE + 6.0;
    writeln!(
        out,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{anchor}-tl\">\
         <title id=\"{anchor}-tl\">Timeline of case {}, {} to {}: events and deadlines; the table below lists the same obligations.</title>",
        Esc(&case.id),
        duly_runtime::reckon::format_date(start),
        duly_runtime::reckon::format_date(end),
    )?;
    axis(out, &scale, start, end, height)?;
    for (row, lane) in lanes.iter().enumerate() {
        let y = AXIS + row as f64 * LANE;
        let class = match lane {
            Lane::Event(_) => "lane ev-lane",
            Lane::Rule(..) => "lane",
        };
        if row % 2 == 0 || matches!(lane, Lane::Event(_)) {
            writeln!(
                out,
                "<rect class=\"{class}\" x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{LANE}\"/>"
            )?;
        }
    }
    if (start..=end).contains(&as_of) {
        let x = scale.x(as_of);
        // The label sits right of the line, or left of it near the right edge.
        let (label_x, side) = if x > WIDTH - 120.0 {
            (x - 3.0, "end")
        } else {
            (x + 3.0, "start")
        };
        writeln!(
            out,
            "<line class=\"asof\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{height}\"/><text class=\"asof-label\" x=\"{label_x:.1}\" y=\"{}\" text-anchor=\"{side}\">as of {}</text>",
            AXIS - 4.0,
            AXIS - 3.0,
            as_of.format("%-d %b %Y")
        )?;
    }
    for (row, lane) in lanes.iter().enumerate() {
        let y = AXIS + row as f64 * LANE + LANE / 2.0;
        match lane {
            Lane::Event(e) => event_lane(out, &scale, case, policy, *e, y)?,
            Lane::Rule(label, deadlines) => {
                if let Some(label) = label {
                    lane_label(out, label, y)?;
                }
                for d in deadlines {
                    deadline(out, &scale, policy, d, as_of, anchor, y)?;
                }
            }
        }
    }
    out.push_str("</svg>\n");
    Ok(())
}

/// The local day an occurrence was recorded for.
fn occ_day(occ: &duly_runtime::case::Occurrence) -> NaiveDate {
    match &occ.at {
        duly_runtime::reckon::Moment::Date(d) => *d,
        duly_runtime::reckon::Moment::Instant(t) => t.date_naive(),
    }
}

/// The days the axis spans: everything drawn, the report date when it matters, and a margin.
fn padded(
    min: NaiveDate,
    max: NaiveDate,
    as_of: NaiveDate,
    pending: bool,
) -> (NaiveDate, NaiveDate) {
    let (mut lo, mut hi) = (min, max);
    if pending {
        lo = lo.min(as_of);
        hi = hi.max(as_of);
    }
    let span = (hi - lo).num_days();
    let short = (60 - span).max(0);
    let margin = (span / 40).max(4) + short / 2;
    (
        lo - chrono::Duration::days(margin),
        hi + chrono::Duration::days(margin),
    )
}

/// Event lanes (policy order), then each standard's deadlines packed into as few lanes as
/// do not overlap (first come, first placed; at most `MAX_SUBLANES` per standard).
fn lanes<'a>(
    case: &Case,
    deadlines: Vec<Deadline<'a>>,
    policy: &Policy,
    as_of: NaiveDate,
) -> Vec<Lane<'a>> {
    let mut lanes: Vec<Lane> = (0..case.events.len())
        .filter(|&e| !case.events[e].is_empty())
        .map(Lane::Event)
        .collect();
    // Per standard, in order of first appearance: its lanes, each with the day its drawing ends.
    let mut groups: Vec<(usize, Sublanes)> = Vec::new();
    for d in deadlines {
        let (first, last) = d.extent(as_of);
        let group = match groups.iter().position(|(r, _)| *r == d.o.rule_index) {
            Some(g) => g,
            None => {
                groups.push((d.o.rule_index, Vec::new()));
                groups.len() - 1
            }
        };
        let subs = &mut groups[group].1;
        let slot = match subs.iter().position(|(_, end)| *end < first) {
            Some(s) => s,
            None if subs.len() < MAX_SUBLANES => {
                subs.push((Vec::new(), first));
                subs.len() - 1
            }
            None => subs.len() - 1,
        };
        let (list, end) = &mut subs[slot];
        *end = (*end).max(last);
        list.push(d);
    }
    for (_, subs) in groups {
        for (i, (list, _)) in subs.into_iter().enumerate() {
            let label = list
                .first()
                .filter(|_| i == 0)
                .map(|d| format!("{} {}", d.o.rule, html::event_label(policy, &d.o.task)));
            lanes.push(Lane::Rule(label, list));
        }
    }
    lanes
}

/// Month (or quarter, or year) gridlines and their labels.
fn axis(
    out: &mut String,
    scale: &Scale,
    start: NaiveDate,
    end: NaiveDate,
    height: f64,
) -> fmt::Result {
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let span = months(end) - months(start);
    let step = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| span / s <= 12)
        .unwrap_or(240);
    out.push_str("<g class=\"axis\">");
    let mut m = months(start) + 1;
    m += (step - m.rem_euclid(step)) % step;
    let mut first = true;
    while m <= months(end) {
        let Some(day) = NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
        else {
            break;
        };
        let x = scale.x(day);
        let label = if step >= 12 {
            day.format("%Y").to_string()
        } else if first || day.month() == 1 {
            day.format("%b %Y").to_string()
        } else {
            day.format("%b").to_string()
        };
        write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{height}\"/><text x=\"{:.1}\" y=\"14\">{label}</text>",
            AXIS - 8.0,
            x + 3.0
        )?;
        first = false;
        m += step;
    }
    out.push_str("</g>\n");
    Ok(())
}

fn lane_label(out: &mut String, label: &str, y: f64) -> fmt::Result {
    let short: String = if label.chars().count() > LABEL_CHARS {
        label.chars().take(LABEL_CHARS - 1).chain(['…']).collect()
    } else {
        label.to_string()
    };
    writeln!(
        out,
        "<text class=\"label\" x=\"6\" y=\"{:.1}\"><title>{}</title>{}</text>",
        y + 4.0,
        Esc(label),
        Esc(&short)
    )
}

/// One event's lane: its label and a mark per occurrence.
fn event_lane(
    out: &mut String,
    scale: &Scale,
    case: &Case,
    policy: &Policy,
    event: usize,
    y: f64,
) -> fmt::Result {
    let label = policy
        .events
        .get(event)
        .map_or("event", |e| e.label.as_str());
    lane_label(out, label, y)?;
    for occ in case.events.get(event).into_iter().flatten() {
        let (mark, note) = if occ.scheduled {
            ("scheduled", ", booked, not yet held")
        } else {
            ("event", "")
        };
        writeln!(
            out,
            "<g class=\"ev\"><title>{}: {}{note}</title><use href=\"#m-{mark}\" x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\"/></g>",
            Esc(label),
            Esc(&occ.at.to_string()),
            scale.x(occ_day(occ)) - 6.0,
            y - 6.0
        )?;
    }
    Ok(())
}

/// One deadline: the window from its anchor, lateness, the day it was done, its mark.
fn deadline(
    out: &mut String,
    scale: &Scale,
    policy: &Policy,
    d: &Deadline,
    as_of: NaiveDate,
    anchor: &str,
    y: f64,
) -> fmt::Result {
    let o = d.o;
    let due = scale.x(d.due);
    write!(
        out,
        "<a href=\"#{anchor}-o{}\"><g class=\"ob s-{}\"><title>{}</title>",
        d.index,
        o.status.as_str(),
        Esc(&hover(policy, o))
    )?;
    if let Some(from) = d.from {
        write!(
            out,
            "<line class=\"win\" x1=\"{:.1}\" y1=\"{y}\" x2=\"{due:.1}\" y2=\"{y}\"/>",
            scale.x(from)
        )?;
    }
    let lag_to = match (o.status, d.done) {
        (Status::Late, Some(done)) => Some(done),
        (Status::Overdue, _) => Some(as_of),
        _ => None,
    };
    if let Some(to) = lag_to.filter(|t| *t > d.due) {
        write!(
            out,
            "<line class=\"lag\" x1=\"{due:.1}\" y1=\"{y}\" x2=\"{:.1}\" y2=\"{y}\"/>",
            scale.x(to)
        )?;
    }
    if let Some(done) = d.done {
        let x = scale.x(done);
        write!(
            out,
            "<line class=\"done\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
            y - 6.0,
            y + 6.0
        )?;
    }
    writeln!(
        out,
        "<use href=\"#m-{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\"/></g></a>",
        o.status.as_str(),
        due - 6.0,
        y - 6.0
    )
}

/// The tooltip of a deadline: what, when, and the reasoning's verdict.
fn hover(policy: &Policy, o: &Obligation) -> String {
    let task = html::event_label(policy, &o.task);
    let mut s = format!("{} {task}: {}", o.rule, html::status_label(o.status));
    if let Some(due) = &o.due {
        let _ = write!(s, "\nDue by {}", html::when(due));
    }
    if let Some(target) = &o.target {
        let _ = write!(s, "\nTarget {}", html::when(target));
    }
    if let Some(a) = &o.anchor {
        let event = html::event_label(policy, &a.event);
        let _ = write!(s, "\nCounted from {event} on {}", html::when(&a.at));
    }
    if let Some(done) = &o.done {
        let _ = write!(s, "\nDone {}", html::when(done));
    }
    if let Some(late) = &o.late_by {
        let _ = write!(s, ", {late} late");
    }
    if let Some(verdict) = o.explanation.last() {
        let _ = write!(s, "\n{verdict}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::Scale;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_map_linearly_onto_the_axis() {
        let s = Scale::new(day(2026, 1, 1), day(2026, 1, 31), 200.0, 500.0);
        assert_eq!(s.x(day(2026, 1, 1)), 200.0);
        assert_eq!(s.x(day(2026, 1, 31)), 500.0);
        assert_eq!(s.x(day(2026, 1, 16)), 350.0);
        // Outside the range the mapping carries on (callers pad the range so nothing is).
        assert_eq!(s.x(day(2025, 12, 31)), 190.0);
        assert!(s.x(day(2026, 1, 2)) < s.x(day(2026, 1, 3)));
    }

    #[test]
    fn a_single_day_does_not_divide_by_zero() {
        let s = Scale::new(day(2026, 5, 1), day(2026, 5, 1), 0.0, 100.0);
        assert_eq!(s.x(day(2026, 5, 2)), 100.0);
    }
}
