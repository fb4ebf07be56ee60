//! Conditions over a case, in three-valued logic: data that is not recorded makes
//! a condition unknown (the obligation is `undetermined`), never silently false.

use crate::case::{Case, Occurrence, Value};
use crate::ir::{AttrType, CmpOp, Cond, EventId, Literal, Operand, Policy};
use crate::reckon::Moment;
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

/// The truth of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be decided: the reason names the missing data.
    Unknown(String),
}

/// What a condition is evaluated against.
pub struct Context<'a> {
    /// The policy (for names in reasons).
    pub policy: &'a Policy,
    /// The case.
    pub case: &'a Case,
    /// The anchoring occurrence, if the anchor is an event.
    pub anchor: Option<(EventId, &'a Occurrence)>,
    /// The anchor's date (for `age` and for other events' attributes).
    pub date: Option<NaiveDate>,
    /// The policy's timezone.
    pub tz: Tz,
    /// The rule's task event: its attributes are read from the task that answers the anchor.
    pub task: Option<EventId>,
}

/// Whole years between a birth date and a day.
pub fn age_on(dob: NaiveDate, day: NaiveDate) -> i32 {
    let mut years = day.year() - dob.year();
    if (day.month(), day.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    years
}

impl Context<'_> {
    fn operand(&self, op: &Operand) -> Result<Value, String> {
        let policy = self.policy;
        match *op {
            Operand::Anchor { event, attr } => {
                if let Some((e, occ)) = self.anchor {
                    if e == event {
                        let name = &policy.events[event as usize].attrs[attr as usize].name;
                        return occ.attrs[attr as usize].clone().ok_or_else(|| {
                            format!(
                                "`{name}` is not recorded on the {} of {}",
                                policy.events[event as usize].label, occ.at
                            )
                        });
                    }
                }
                self.other_event(event, attr)
            }
            Operand::Event { event, attr } => self.other_event(event, attr),
            Operand::Child(attr) => {
                let name = &policy.child[attr as usize].name;
                self.case
                    .child
                    .get(attr as usize)
                    .cloned()
                    .flatten()
                    .ok_or_else(|| format!("the child's `{name}` is not recorded"))
            }
            Operand::Age => {
                let dob = self.date_of_birth().ok_or(
                    "the child's `date_of_birth` is not recorded, so their age is unknown",
                )?;
                let day = self
                    .date
                    .ok_or("the rule has no anchor date to measure the child's age on")?;
                Ok(Value::Number(f64::from(age_on(dob, day))))
            }
        }
    }

    /// The latest occurrence of `event` on or before the anchor date.
    fn other_event(&self, event: EventId, attr: u32) -> Result<Value, String> {
        let decl = &self.policy.events[event as usize];
        let name = &decl.attrs[attr as usize].name;
        let occs = self.case.occurrences(event);
        let occ = match self.date {
            // The task's own attribute (`screening.rag` on a screening rule) comes from the
            // first task at or after the anchor; any other event's from its latest before it.
            Some(d) if self.task == Some(event) => occs
                .iter()
                .find(|o| !o.scheduled && o.at.date_in(self.tz) >= d),
            Some(d) => occs.iter().rev().find(|o| o.at.date_in(self.tz) <= d),
            None => occs.last(),
        };
        let occ = occ.ok_or_else(|| format!("there is no {} to read `{name}` from", decl.label))?;
        occ.attrs[attr as usize].clone().ok_or_else(|| {
            format!(
                "`{name}` is not recorded on the {} of {}",
                decl.label, occ.at
            )
        })
    }

    /// `event within D of of`: the occurrence of `event` (the anchor's own, else the
    /// latest on or before the anchor date) is within D after the latest `of` before it.
    fn gap(&self, event: EventId, within: &crate::duration::Duration, of: EventId) -> Truth {
        let name = |e: EventId| self.policy.events[e as usize].label.clone();
        let at = match self.anchor {
            Some((e, occ)) if e == event => occ.at.date_in(self.tz),
            _ => {
                let day = self.date.unwrap_or(NaiveDate::MAX);
                match self
                    .case
                    .occurrences(event)
                    .iter()
                    .rev()
                    .find(|o| o.at.date_in(self.tz) <= day)
                {
                    Some(o) => o.at.date_in(self.tz),
                    None => {
                        return Truth::Unknown(format!(
                            "there is no {} to measure from",
                            name(event)
                        ))
                    }
                }
            }
        };
        let Some(before) = self
            .case
            .occurrences(of)
            .iter()
            .rev()
            .find(|o| !o.scheduled && o.at.date_in(self.tz) <= at)
        else {
            return Truth::False;
        };
        let limit = match within.unit {
            crate::duration::Unit::Months | crate::duration::Unit::Years => {
                let months = if within.unit == crate::duration::Unit::Years {
                    within.amount * 12
                } else {
                    within.amount
                };
                crate::reckon::add_months(before.at.date_in(self.tz), months as i32).0
            }
            crate::duration::Unit::Weeks => {
                before.at.date_in(self.tz) + chrono::Days::new(u64::from(within.amount) * 7)
            }
            // Working days and hours are measured as calendar days here: a condition has no calendar.
            _ => before.at.date_in(self.tz) + chrono::Days::new(u64::from(within.amount)),
        };
        truth(at <= limit)
    }

    /// The child's date of birth, when declared and recorded.
    pub fn date_of_birth(&self) -> Option<NaiveDate> {
        self.child_date("date_of_birth")
    }

    /// A recorded date-valued child fact.
    pub fn child_date(&self, name: &str) -> Option<NaiveDate> {
        let i = self.policy.child.iter().position(|a| a.name == name)?;
        match self.case.child.get(i)? {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// Evaluates a condition.
    pub fn eval(&self, c: &Cond) -> Truth {
        match c {
            Cond::All(parts) => {
                let mut unknown = None;
                for p in parts {
                    match self.eval(p) {
                        Truth::False => return Truth::False,
                        Truth::Unknown(r) => unknown = unknown.or(Some(r)),
                        Truth::True => {}
                    }
                }
                unknown.map_or(Truth::True, Truth::Unknown)
            }
            Cond::Any(parts) => {
                let mut unknown = None;
                for p in parts {
                    match self.eval(p) {
                        Truth::True => return Truth::True,
                        Truth::Unknown(r) => unknown = unknown.or(Some(r)),
                        Truth::False => {}
                    }
                }
                unknown.map_or(Truth::False, Truth::Unknown)
            }
            Cond::Not(inner) => match self.eval(inner) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                u => u,
            },
            Cond::IsTrue(op) => match self.operand(op) {
                Ok(Value::Bool(b)) => truth(b),
                Ok(_) => Truth::Unknown("a yes/no fact holds another kind of value".into()),
                Err(r) => Truth::Unknown(r),
            },
            Cond::Within { event, within, of } => self.gap(*event, within, *of),
            Cond::Compare(op, cmp, lit) => match self.operand(op) {
                Ok(v) => compare(&v, *cmp, lit),
                Err(r) => Truth::Unknown(r),
            },
        }
    }
}

fn truth(b: bool) -> Truth {
    if b {
        Truth::True
    } else {
        Truth::False
    }
}

fn ordered<T: PartialOrd>(a: T, cmp: CmpOp, b: T) -> bool {
    match cmp {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

fn compare(v: &Value, cmp: CmpOp, lit: &Literal) -> Truth {
    match (v, lit) {
        (Value::Bool(a), Literal::Bool(b)) => truth(ordered(a, cmp, b)),
        (Value::Number(a), Literal::Number(b)) => truth(ordered(a, cmp, b)),
        (Value::Date(a), Literal::Date(b)) => truth(ordered(a, cmp, b)),
        (Value::Text(a), Literal::Text(b)) => truth(ordered(a, cmp, b)),
        (Value::Enum(a), Literal::Enum(b)) => truth(ordered(a, cmp, b)),
        _ => Truth::Unknown("a recorded value has a different type from the condition".into()),
    }
}

/// A condition in words, for explanations: `s47_agreed`, `rag = red`, `age >= 16`.
pub fn describe(c: &Cond, policy: &Policy) -> String {
    let operand = |op: &Operand| -> (String, Option<&AttrType>) {
        match *op {
            Operand::Anchor { event, attr } => {
                let a = &policy.events[event as usize].attrs[attr as usize];
                (a.name.clone(), Some(&a.ty))
            }
            Operand::Event { event, attr } => {
                let e = &policy.events[event as usize];
                let a = &e.attrs[attr as usize];
                (format!("{}.{}", e.name, a.name), Some(&a.ty))
            }
            Operand::Child(attr) => {
                let a = &policy.child[attr as usize];
                (a.name.clone(), Some(&a.ty))
            }
            Operand::Age => ("age".into(), None),
        }
    };
    match c {
        Cond::All(parts) => parts
            .iter()
            .map(|p| wrap(p, policy))
            .collect::<Vec<_>>()
            .join(" and "),
        Cond::Any(parts) => parts
            .iter()
            .map(|p| wrap(p, policy))
            .collect::<Vec<_>>()
            .join(" or "),
        Cond::Not(inner) => format!("not {}", wrap(inner, policy)),
        Cond::IsTrue(op) => operand(op).0,
        Cond::Within { event, within, of } => {
            format!(
                "{} within {} of {}",
                policy.events[*event as usize].name,
                within.written,
                policy.events[*of as usize].name
            )
        }
        Cond::Compare(op, cmp, lit) => {
            let (name, ty) = operand(op);
            let value = match (lit, ty) {
                (Literal::Enum(i), Some(AttrType::Enum(values))) => {
                    values.get(*i as usize).cloned().unwrap_or_default()
                }
                (Literal::Bool(b), _) => b.to_string(),
                (Literal::Number(n), _) => n.to_string(),
                (Literal::Date(d), _) => d.to_string(),
                (Literal::Text(t), _) => format!("\"{t}\""),
                (Literal::Enum(i), _) => i.to_string(),
            };
            format!("{name} {} {value}", cmp.symbol())
        }
    }
}

fn wrap(c: &Cond, policy: &Policy) -> String {
    match c {
        Cond::All(_) | Cond::Any(_) => format!("({})", describe(c, policy)),
        _ => describe(c, policy),
    }
}

/// Formats a moment for output: `2026-11-23` or `2027-03-28T11:00:00+01:00`.
pub fn iso(m: &Moment) -> String {
    match m {
        // Written by hand: chrono's strftime dominated profiles of large runs.
        Moment::Date(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        Moment::Instant(t) => t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years_on_the_day() {
        let dob = NaiveDate::from_ymd_opt(2010, 5, 3).unwrap();
        assert_eq!(
            age_on(dob, NaiveDate::from_ymd_opt(2026, 5, 2).unwrap()),
            15
        );
        assert_eq!(
            age_on(dob, NaiveDate::from_ymd_opt(2026, 5, 3).unwrap()),
            16
        );
    }
}
