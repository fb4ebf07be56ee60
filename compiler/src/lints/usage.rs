//! Which declarations the rules use: events (as task, anchor, scope or qualified in a
//! condition), periods, event attributes and child facts. Read by W007 and W008.

use duly_runtime::ir::{Anchor, Cond, Operand, Policy, Recurrence, Scope, Timing};

/// Use flags, indexed like the policy's declarations.
#[derive(Debug, Clone)]
pub struct Usage {
    /// Per event: used by some rule (directly or as a used period's boundary).
    pub events: Vec<bool>,
    /// Per period.
    pub periods: Vec<bool>,
    /// Per child fact.
    pub child: Vec<bool>,
    /// Per event, per attribute.
    pub event_attrs: Vec<Vec<bool>>,
}

impl Usage {
    /// Computes the flags for a policy.
    pub fn of(policy: &Policy) -> Usage {
        let mut u = Usage {
            events: vec![false; policy.events.len()],
            periods: vec![false; policy.periods.len()],
            child: vec![false; policy.child.len()],
            event_attrs: policy
                .events
                .iter()
                .map(|e| vec![false; e.attrs.len()])
                .collect(),
        };
        let dob = policy.child.iter().position(|c| c.name == "date_of_birth");
        let edd = policy
            .child
            .iter()
            .position(|c| c.name == "expected_date_of_birth");
        for rule in &policy.rules {
            u.event(rule.task.event);
            match &rule.timing {
                Timing::Deadline(d) => {
                    u.anchor(&d.anchor, dob, edd);
                    if let Some(l) = &d.limit {
                        for e in &l.extensions {
                            u.cond(&e.when, dob);
                        }
                        for a in &l.alternatives {
                            u.anchor(&a.anchor, dob, edd);
                        }
                    }
                    if let Some(r) = &d.then {
                        u.recurrence(r, dob, edd);
                    }
                }
                Timing::AtLeastBefore { anchor, .. }
                | Timing::Fixed { anchor, .. }
                | Timing::WithinBefore { anchor, .. }
                | Timing::ClockBefore { anchor, .. } => u.anchor(anchor, dob, edd),
                Timing::Closest { event, to } => {
                    u.event(event.event);
                    u.anchor(to, dob, edd);
                }
                Timing::Recurring(r) => u.recurrence(r, dob, edd),
                Timing::Milestones { period, .. } | Timing::During { period, .. } => {
                    u.period(*period)
                }
                Timing::NextOccurrence { event, after, .. } => {
                    u.event(event.event);
                    if let Some(a) = after {
                        u.anchor(a, dob, edd);
                    }
                }
                Timing::EveryNth { event, period, .. } => {
                    u.event(event.event);
                    if let Some(p) = period {
                        u.period(*p);
                    }
                }
                Timing::Termly { scope, .. } => u.scope(scope, dob, edd),
                Timing::Unquantified { period, .. } => {
                    if let Some(p) = period {
                        u.period(*p);
                    }
                }
            }
            if let Some(p) = rule.during {
                u.period(p);
            }
            for c in [&rule.applies_when, &rule.waived_when]
                .into_iter()
                .flatten()
            {
                u.cond(c, dob);
            }
        }
        for (i, p) in policy.periods.iter().enumerate() {
            if u.periods[i] {
                u.event(p.start);
                u.event(p.end);
            }
        }
        u
    }

    fn event(&mut self, e: u32) {
        if let Some(f) = self.events.get_mut(e as usize) {
            *f = true;
        }
    }

    fn period(&mut self, p: u32) {
        if let Some(f) = self.periods.get_mut(p as usize) {
            *f = true;
        }
    }

    fn child_fact(&mut self, c: Option<usize>) {
        if let Some(f) = c.and_then(|c| self.child.get_mut(c)) {
            *f = true;
        }
    }

    fn anchor(&mut self, a: &Anchor, dob: Option<usize>, edd: Option<usize>) {
        match a {
            Anchor::Event(s) => self.event(s.event),
            Anchor::Earliest(parts) | Anchor::Latest(parts) => {
                for p in parts {
                    self.anchor(p, dob, edd);
                }
            }
            Anchor::PeriodStart(p) | Anchor::PeriodEnd(p) => self.period(*p),
            Anchor::Birthday(_) | Anchor::Age { .. } => self.child_fact(dob),
            Anchor::PregnancyWeek(_) => self.child_fact(edd),
            Anchor::Date(_) | Anchor::DayOfYear { .. } | Anchor::Month { .. } => {}
        }
    }

    fn recurrence(&mut self, r: &Recurrence, dob: Option<usize>, edd: Option<usize>) {
        self.scope(&r.scope, dob, edd);
    }

    fn scope(&mut self, scope: &Scope, dob: Option<usize>, edd: Option<usize>) {
        match scope {
            Scope::While(p) => self.period(*p),
            Scope::From { anchor, until } => {
                self.anchor(anchor, dob, edd);
                if let Some(a) = until {
                    self.anchor(a, dob, edd);
                }
            }
            Scope::Until(a) => self.anchor(a, dob, edd),
            Scope::Always => {}
        }
    }

    fn cond(&mut self, c: &Cond, dob: Option<usize>) {
        match c {
            Cond::All(parts) | Cond::Any(parts) => {
                for p in parts {
                    self.cond(p, dob);
                }
            }
            Cond::Not(inner) => self.cond(inner, dob),
            Cond::Within { event, of, .. } => {
                self.event(*event);
                self.event(*of);
            }
            Cond::IsTrue(op) | Cond::Compare(op, _, _) => match *op {
                Operand::Anchor { event, attr } | Operand::Event { event, attr } => {
                    if matches!(op, Operand::Event { .. }) {
                        self.event(event);
                    }
                    if let Some(f) = self
                        .event_attrs
                        .get_mut(event as usize)
                        .and_then(|a| a.get_mut(attr as usize))
                    {
                        *f = true;
                    }
                }
                Operand::Child(a) => self.child_fact(Some(a as usize)),
                Operand::Age => self.child_fact(dob),
            },
        }
    }
}
